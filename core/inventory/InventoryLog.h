// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace quince::inventory {

/// "quince.inventory": refused responses, lifecycle changes (inactive, active again, 401 sent).
Q_DECLARE_LOGGING_CATEGORY(lcInventory)

} // namespace quince::inventory

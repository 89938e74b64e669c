// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace quince::mdm {

/// The check-in side of "quince.mdm": refusals and state changes, never tokens or push magic.
Q_DECLARE_LOGGING_CATEGORY(lcCheckIn)

} // namespace quince::mdm

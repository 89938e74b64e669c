// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace quince::scep {

/// Every SCEP rejection is logged here with the transactionID and the reason, never a challenge.
Q_DECLARE_LOGGING_CATEGORY(lcScep)

} // namespace quince::scep

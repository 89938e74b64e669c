// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/CheckInLog.h"

namespace quince::mdm {

Q_LOGGING_CATEGORY(lcCheckIn, "quince.mdm")

} // namespace quince::mdm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepLog.h"

namespace quince::scep {

Q_LOGGING_CATEGORY(lcScep, "quince.scep")

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/ServerLog.h"

namespace quince::server {

Q_LOGGING_CATEGORY(lcServer, "quince.server")

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace quince::server {

/// "quince.server": one line per refused request or connection (method, path, status, reason,
/// peer; never header values or body bytes).
Q_DECLARE_LOGGING_CATEGORY(lcServer)

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace quince::ui {

/// The numbers the navigation and the status bar show, read in one go from the read-only
/// connection (a handful of COUNTs on indexed columns: cheap enough on every commit).
struct NavigationCounts {
    /// A certificate this close to its end counts as expiring.
    static constexpr int kExpiryWarningDays = 30;

    int devices = 0;
    int inactive = 0;
    int pendingCommands = 0; ///< queued, sent or NotNow
    int pendingApprovals = 0;
    int expiringCertificates = 0; ///< active ones ending within kExpiryWarningDays (or ended)
    int seenLastMinute = 0; ///< devices that made a request in the last minute
    QString pushState; ///< one line about the push certificate
    bool pushProblem = false; ///< none, expired or expiring soon
    QString error; ///< empty when every query worked

    static NavigationCounts read(const QSqlDatabase& db, const QDateTime& now);
};

} // namespace quince::ui

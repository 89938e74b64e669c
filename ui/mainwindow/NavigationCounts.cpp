// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow/NavigationCounts.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace quince::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("NavigationCounts", text);
}

} // namespace

NavigationCounts NavigationCounts::read(const QSqlDatabase& db, const QDateTime& now)
{
    NavigationCounts counts;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 warnMs = nowMs + qint64(kExpiryWarningDays) * 24 * 60 * 60 * 1000;
    const auto count = [&](const QString& sql, const QVariantList& bindings = {}) {
        QSqlQuery query(db);
        query.prepare(sql);
        for (const QVariant& value : bindings)
            query.addBindValue(value);
        if (!query.exec() || !query.next()) {
            counts.error = query.lastError().text();
            return 0;
        }
        return query.value(0).toInt();
    };
    counts.devices = count(QStringLiteral("SELECT COUNT(*) FROM devices"));
    counts.inactive = count(QStringLiteral("SELECT COUNT(*) FROM devices"
                                           " WHERE inactive_since IS NOT NULL OR apns_inactive_since IS NOT NULL"));
    counts.pendingCommands
        = count(QStringLiteral("SELECT COUNT(*) FROM command_queue WHERE state IN ('queued', 'sent', 'not_now')"));
    counts.pendingApprovals
        = count(QStringLiteral("SELECT COUNT(*) FROM command_queue WHERE state = 'pending_approval'"));
    counts.expiringCertificates = count(
        QStringLiteral("SELECT COUNT(*) FROM certificates WHERE status = 'active' AND not_after < ?"), {warnMs});
    counts.seenLastMinute
        = count(QStringLiteral("SELECT COUNT(*) FROM devices WHERE last_seen_at >= ?"), {nowMs - 60 * 1000});

    QSqlQuery push(db);
    push.prepare(QStringLiteral("SELECT not_after, topic FROM certificates WHERE kind = 'push' AND status = 'active'"
                                " ORDER BY not_after DESC LIMIT 1"));
    if (!push.exec()) {
        counts.error = push.lastError().text();
    } else if (!push.next()) {
        counts.pushState = tr("Push certificate: none imported, devices cannot be woken");
        counts.pushProblem = true;
    } else {
        const qint64 notAfter = push.value(0).toLongLong();
        const QString date
            = QLocale().toString(QDateTime::fromMSecsSinceEpoch(notAfter).toLocalTime().date(), QLocale::ShortFormat);
        if (notAfter <= nowMs) {
            counts.pushState = tr("Push certificate expired on %1: renew it").arg(date);
            counts.pushProblem = true;
        } else {
            const qint64 days = (notAfter - nowMs) / (24LL * 60 * 60 * 1000);
            counts.pushState = days < kExpiryWarningDays
                ? tr("Push certificate expires on %1, in %2 days: renew it").arg(date).arg(days)
                : tr("Push certificate valid until %1").arg(date);
            counts.pushProblem = notAfter < warnMs;
        }
    }
    return counts;
}

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
// `quincectl push ...`: ask the running server to push devices, and read what push knows: a
// device's push history and state, the inactive devices, the push settings and alert. The
// request is a row update (enrollments.push_wanted_at) that quince or quinced picks up on its
// next poll (apns.poll_seconds), so it works from another process while the server runs.
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/apns/ApnsSettings.h"
#include "core/apns/PushStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTextStream>

namespace quince::cli {

namespace {

using storage::StorageStatus;

int failWith(const QString& message, int code = 1)
{
    QTextStream(stderr) << tr("quincectl push: %1").arg(message) << '\n';
    return code;
}

QString iso(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QJsonValue isoJson(qint64 ms)
{
    return ms > 0 ? QJsonValue(iso(ms)) : QJsonValue(QJsonValue::Null);
}

void printJson(const QJsonValue& value)
{
    QTextStream(stdout) << (value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
                               .toJson(QJsonDocument::Indented);
}

int request(const QStringList& udids, const QString& dataDirPath, bool json)
{
    if (udids.isEmpty())
        return failWith(tr("name at least one device: quincectl push UDID..."), 2);
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return failWith(db.error().message);
    QStringList outcomes;
    const StorageStatus done = db->transact([&]() -> StorageStatus {
        auto requested = apns::PushStore::requestPush(
            *db, udids, QStringLiteral("quincectl"), QDateTime::currentMSecsSinceEpoch());
        if (!requested)
            return requested.error();
        outcomes = *requested;
        return {};
    });
    if (!done)
        return failWith(done.error().toString());
    int failures = 0;
    QJsonArray array;
    QTextStream out(stdout);
    for (qsizetype i = 0; i < udids.size(); ++i) {
        const bool ok = outcomes.value(i).isEmpty();
        failures += ok ? 0 : 1;
        if (json)
            array.append(QJsonObject {{QStringLiteral("udid"), udids[i]}, {QStringLiteral("requested"), ok},
                {QStringLiteral("error"), ok ? QJsonValue(QJsonValue::Null) : QJsonValue(outcomes[i])}});
        else if (ok)
            out << tr("%1: push requested; the running server sends it within seconds").arg(udids[i]) << '\n';
        else
            out << tr("%1: %2").arg(udids[i], outcomes[i]) << '\n';
    }
    if (json)
        printJson(array);
    return failures == 0 ? 0 : 1;
}

int history(const QStringList& args, const QString& dataDirPath, bool json)
{
    if (args.size() != 1)
        return failWith(tr("usage: quincectl push history UDID [--json]"), 2);
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return failWith(db.error().message);
    auto state = apns::PushStore::deviceState(*db, args[0], 1000);
    if (!state)
        return failWith(state.error().toString());
    if (!state->found)
        return failWith(tr("no enrolled device %1").arg(args[0]));
    if (json) {
        QJsonArray entries;
        for (const apns::PushStore::HistoryEntry& h : state->history)
            entries.append(QJsonObject {{QStringLiteral("requestedAt"), isoJson(h.requestedAt)},
                {QStringLiteral("answeredAt"), isoJson(h.answeredAt)}, {QStringLiteral("channel"), h.channel},
                {QStringLiteral("trigger"), h.trigger}, {QStringLiteral("outcome"), h.outcome},
                {QStringLiteral("httpStatus"), h.httpStatus > 0 ? QJsonValue(h.httpStatus) : QJsonValue()},
                {QStringLiteral("reason"), h.reason.isEmpty() ? QJsonValue() : QJsonValue(h.reason)},
                {QStringLiteral("apnsId"), h.apnsId.isEmpty() ? QJsonValue() : QJsonValue(h.apnsId)},
                {QStringLiteral("apnsTimestamp"), isoJson(h.apnsTimestamp)}, {QStringLiteral("tries"), h.tries}});
        printJson(QJsonObject {{QStringLiteral("udid"), state->udid},
            {QStringLiteral("lastSeenAt"), isoJson(state->lastSeenAt)},
            {QStringLiteral("pushRequestedAt"), isoJson(state->pushRequestedAt)},
            {QStringLiteral("pushAcceptedAt"), isoJson(state->pushAcceptedAt)},
            {QStringLiteral("pushAnsweredAt"), isoJson(state->pushAnsweredAt)},
            {QStringLiteral("pushUnansweredSince"), isoJson(state->pushUnansweredSince)},
            {QStringLiteral("tokenDeadSince"), isoJson(state->tokenDeadSince)},
            {QStringLiteral("inactiveSince"), isoJson(state->inactiveSince)},
            {QStringLiteral("inactiveReason"),
                state->inactiveReason.isEmpty() ? QJsonValue() : QJsonValue(state->inactiveReason)},
            {QStringLiteral("history"), entries}});
        return 0;
    }
    QTextStream out(stdout);
    const auto line = [&out](const QString& label, qint64 ms) {
        out << label.leftJustified(22) << (ms > 0 ? iso(ms) : tr("never")) << '\n';
    };
    out << tr("Device %1").arg(state->udid) << '\n';
    line(tr("last seen"), state->lastSeenAt);
    line(tr("last push requested"), state->pushRequestedAt);
    line(tr("last push accepted"), state->pushAcceptedAt);
    line(tr("last push answered"), state->pushAnsweredAt);
    if (state->pushUnansweredSince > 0)
        line(tr("unanswered since"), state->pushUnansweredSince);
    if (state->tokenDeadSince > 0)
        line(tr("push token dead since"), state->tokenDeadSince);
    if (state->inactiveSince > 0)
        out << tr("INACTIVE since %1 (%2)").arg(iso(state->inactiveSince), state->inactiveReason) << '\n';
    out << '\n' << tr("Push history (newest first):") << '\n';
    if (state->history.isEmpty())
        out << tr("  (none)") << '\n';
    for (const apns::PushStore::HistoryEntry& h : state->history)
        out << QStringLiteral("  %1  %2  %3  %4  %5%6%7\n")
                   .arg(iso(h.requestedAt), h.channel.leftJustified(6), h.trigger.leftJustified(8),
                       h.outcome.leftJustified(20),
                       h.httpStatus > 0 ? QString::number(h.httpStatus) : QStringLiteral("-"),
                       h.reason.isEmpty() ? QString() : u' ' + h.reason,
                       h.apnsId.isEmpty() ? QString() : QStringLiteral(" apns-id ") + h.apnsId);
    return 0;
}

int inactive(const QString& dataDirPath, bool json)
{
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return failWith(db.error().message);
    auto devices = apns::PushStore::inactiveDevices(*db);
    if (!devices)
        return failWith(devices.error().toString());
    if (json) {
        QTextStream(stdout) << apns::PushStore::inactiveDevicesJson(*devices);
        return 0;
    }
    QTextStream out(stdout);
    if (devices->isEmpty())
        out << tr("No inactive device.") << '\n';
    for (const apns::PushStore::InactiveDevice& d : *devices)
        out << QStringLiteral("%1  %2  %3  since %4  last seen %5\n")
                   .arg(d.udid, d.serialNumber.leftJustified(12), d.reason.leftJustified(11), iso(d.inactiveSince),
                       d.lastSeenAt > 0 ? iso(d.lastSeenAt) : tr("never"));
    return 0;
}

int status(const QString& dataDirPath, bool json)
{
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return failWith(db.error().message);
    auto settings = apns::ApnsSettings::load(*db);
    if (!settings)
        return failWith(settings.error().message);
    auto config = settings->clientConfig();
    const QString endpoint = config ? config->endpoint.toString() : settings->url;
    QString alert;
    if (auto row = db->exec(QStringLiteral("SELECT value FROM settings WHERE key = 'apns.certificate_alert'"));
        row && row->next())
        alert = row->value(0).toString();
    qint64 inactiveCount = 0;
    qint64 deadCount = 0;
    if (auto row = db->exec(QStringLiteral("SELECT COUNT(*) FROM devices WHERE apns_inactive_since IS NOT NULL"));
        row && row->next())
        inactiveCount = row->value(0).toLongLong();
    if (auto row = db->exec(QStringLiteral("SELECT COUNT(*) FROM enrollments WHERE push_token_dead_since IS NOT NULL"));
        row && row->next())
        deadCount = row->value(0).toLongLong();
    if (json) {
        printJson(QJsonObject {{QStringLiteral("endpoint"), endpoint},
            {QStringLiteral("caFile"), settings->caFile.isEmpty() ? QJsonValue() : QJsonValue(settings->caFile)},
            {QStringLiteral("livenessIntervalHours"), settings->livenessIntervalHours},
            {QStringLiteral("inactiveAfterDays"), settings->inactiveAfterDays},
            {QStringLiteral("certificateAlert"), alert.isEmpty() ? QJsonValue() : QJsonValue(alert)},
            {QStringLiteral("inactiveDevices"), inactiveCount}, {QStringLiteral("deadTokens"), deadCount}});
        return 0;
    }
    QTextStream out(stdout);
    out << tr("APNs endpoint:      %1").arg(endpoint) << '\n';
    out << tr("trusted CAs:        %1").arg(settings->caFile.isEmpty() ? tr("the system's") : settings->caFile) << '\n';
    out << tr("liveness push:      devices quiet for %1 h").arg(settings->livenessIntervalHours) << '\n';
    out << tr("inactive after:     %1 days without an answer").arg(settings->inactiveAfterDays) << '\n';
    out << tr("inactive devices:   %1").arg(inactiveCount) << '\n';
    out << tr("dead push tokens:   %1").arg(deadCount) << '\n';
    if (!alert.isEmpty())
        out << tr("ALERT: APNs refused the push certificate: %1").arg(alert) << '\n';
    return 0;
}

} // namespace

int push(const QCommandLineParser& parser, const QStringList& args, const QString& dataDirPath)
{
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString verb = args.value(0);
    if (verb == QLatin1String("history"))
        return history(args.mid(1), dataDirPath, json);
    if (verb == QLatin1String("inactive") && args.size() == 1)
        return inactive(dataDirPath, json);
    if (verb == QLatin1String("status") && args.size() == 1)
        return status(dataDirPath, json);
    return request(args, dataDirPath, json);
}

} // namespace quince::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/apns/PushStore.h"

#include "core/storage/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace quince::apns::PushStore {

namespace {

using storage::Database;
using storage::StorageError;
using storage::StorageStatus;

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant nullableTime(qint64 ms)
{
    return ms > 0 ? QVariant(ms) : QVariant(QMetaType::fromType<qint64>());
}

// The columns read into a Target, after "SELECT ".
const QString kTargetColumns = QStringLiteral("e.id, d.udid, e.push_token, e.push_magic");
// An enrollment that can be pushed: active, with a token and PushMagic, the token not dead.
const QString kPushable = QStringLiteral("e.status = 'active' AND e.push_token IS NOT NULL "
                                         "AND e.push_magic IS NOT NULL AND e.push_token_dead_since IS NULL");

Target targetFrom(const QSqlQuery& row, const QString& trigger, qint64 now)
{
    return Target {row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toByteArray(),
        row.value(3).toString(), trigger, now};
}

StorageStatus markRequested(Database& db, const QList<Target>& targets, qint64 now)
{
    for (const Target& target : targets) {
        auto updated = db.exec(
            QStringLiteral("UPDATE enrollments SET push_requested_at = ? WHERE id = ?"), {now, target.enrollmentId});
        if (!updated)
            return updated.error();
    }
    return {};
}

StorageStatus insertAttempt(Database& db, qint64 enrollmentId, const QString& trigger, const QString& outcome,
    qint64 requestedAt, qint64 answeredAt, int httpStatus, const QString& reason, const QString& apnsId,
    qint64 apnsTimestamp, int tries, int historyLimit)
{
    auto inserted = db.exec(QStringLiteral("INSERT INTO push_attempts (enrollment_id, push_trigger, outcome, "
                                           "requested_at, answered_at, http_status, reason, apns_id, "
                                           "apns_timestamp, tries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {enrollmentId, trigger, outcome, requestedAt, nullableTime(answeredAt),
            httpStatus > 0 ? QVariant(httpStatus) : QVariant(QMetaType::fromType<int>()), nullableText(reason),
            nullableText(apnsId), nullableTime(apnsTimestamp), tries});
    if (!inserted)
        return inserted.error();
    // Bounded history: the newest rows stay. The index (enrollment_id, id) serves both halves.
    auto trimmed = db.exec(QStringLiteral("DELETE FROM push_attempts WHERE enrollment_id = ? AND id NOT IN "
                                          "(SELECT id FROM push_attempts WHERE enrollment_id = ? "
                                          "ORDER BY id DESC LIMIT ?)"),
        {enrollmentId, enrollmentId, historyLimit});
    if (!trimmed)
        return trimmed.error();
    return {};
}

} // namespace

QStringList tables()
{
    return {QStringLiteral("enrollments"), QStringLiteral("devices"), QStringLiteral("push_attempts")};
}

Result<QList<Target>, StorageError> claimCommandPushes(Database& db, qint64 now, qint64 since)
{
    auto rows = db.exec(QStringLiteral("SELECT ") + kTargetColumns
            + QStringLiteral(" FROM command_queue q JOIN enrollments e ON e.id = q.enrollment_id "
                             "JOIN devices d ON d.id = e.device_id "
                             "WHERE q.state = 'queued' AND q.queued_at >= ? "
                             "AND q.queued_at >= COALESCE(e.push_requested_at, 0) AND ")
            + kPushable + QStringLiteral(" GROUP BY e.id, d.udid, e.push_token, e.push_magic ORDER BY e.id"),
        {since});
    if (!rows)
        return rows.error();
    QList<Target> targets;
    while (rows->next())
        targets.append(targetFrom(*rows, triggerCommand(), now));
    if (auto marked = markRequested(db, targets, now); !marked)
        return marked.error();
    return targets;
}

Result<QList<Target>, StorageError> claimWantedPushes(Database& db, qint64 now, int historyLimit)
{
    auto rows = db.exec(QStringLiteral("SELECT e.id, d.udid, e.push_token, e.push_magic, e.status, "
                                       "e.push_token_dead_since, e.push_wanted_by FROM enrollments e "
                                       "JOIN devices d ON d.id = e.device_id WHERE e.push_wanted_at IS NOT NULL"));
    if (!rows)
        return rows.error();
    QList<Target> targets;
    struct Refused {
        qint64 enrollmentId;
        QString reason;
    };
    QList<Refused> refused;
    while (rows->next()) {
        Target target = targetFrom(*rows, triggerOperator(), now);
        if (rows->value(4).toString() != QLatin1String("active"))
            refused.append({target.enrollmentId, QStringLiteral("enrollment is ") + rows->value(4).toString()});
        else if (target.token.isEmpty() || target.pushMagic.isEmpty())
            refused.append({target.enrollmentId, QStringLiteral("no push token yet (no TokenUpdate)")});
        else if (!rows->value(5).isNull())
            refused.append({target.enrollmentId, QStringLiteral("push token dead; waiting for a TokenUpdate")});
        else
            targets.append(target);
    }
    auto cleared = db.exec(QStringLiteral("UPDATE enrollments SET push_wanted_at = NULL, push_wanted_by = NULL "
                                          "WHERE push_wanted_at IS NOT NULL"));
    if (!cleared)
        return cleared.error();
    for (const Refused& r : refused)
        if (auto s = insertAttempt(db, r.enrollmentId, triggerOperator(), outcomeName(PushOutcome::NotSent), now, now,
                0, r.reason, {}, 0, 0, historyLimit);
            !s)
            return s.error();
    if (auto marked = markRequested(db, targets, now); !marked)
        return marked.error();
    return targets;
}

Result<QList<Target>, StorageError> claimLivenessPushes(Database& db, qint64 now, qint64 intervalMs)
{
    const qint64 cutoff = now - intervalMs;
    auto rows = db.exec(QStringLiteral("SELECT ") + kTargetColumns
            + QStringLiteral(" FROM enrollments e JOIN devices d ON d.id = e.device_id "
                             "WHERE e.channel = 'device' AND COALESCE(e.last_seen_at, 0) < ? "
                             "AND COALESCE(e.push_requested_at, 0) < ? AND ")
            + kPushable + QStringLiteral(" ORDER BY e.id"),
        {cutoff, cutoff});
    if (!rows)
        return rows.error();
    QList<Target> targets;
    while (rows->next())
        targets.append(targetFrom(*rows, triggerLiveness(), now));
    if (auto marked = markRequested(db, targets, now); !marked)
        return marked.error();
    return targets;
}

StorageStatus recordReply(Database& db, const Target& target, const PushReply& reply, qint64 now, int historyLimit)
{
    if (auto s = insertAttempt(db, target.enrollmentId, target.trigger, outcomeName(reply.outcome), target.requestedAt,
            now, reply.httpStatus, reply.reason, reply.apnsId, reply.apnsTimestamp, reply.tries, historyLimit);
        !s)
        return s;
    if (reply.outcome == PushOutcome::Accepted) {
        // The clock of "unanswered" starts at the first accepted push after the device's last
        // request; a push accepted while one is already waiting does not restart it.
        auto updated
            = db.exec(QStringLiteral("UPDATE enrollments SET push_accepted_at = ?, "
                                     "push_answered_at = CASE WHEN push_unanswered_since IS NOT NULL "
                                     "AND COALESCE(last_seen_at, 0) >= push_unanswered_since THEN last_seen_at "
                                     "ELSE push_answered_at END, "
                                     "push_unanswered_since = CASE WHEN push_unanswered_since IS NULL "
                                     "OR COALESCE(last_seen_at, 0) >= push_unanswered_since THEN ? "
                                     "ELSE push_unanswered_since END WHERE id = ?"),
                {now, now, target.enrollmentId});
        if (!updated)
            return updated.error();
    } else if (reply.outcome == PushOutcome::Failed || reply.outcome == PushOutcome::NotSent
        || reply.outcome == PushOutcome::CertificateRejected) {
        // Not delivered: the commands still want a push, so the stamp goes (unless a newer
        // request has replaced it) and the next poll claims the enrollment again.
        auto updated = db.exec(QStringLiteral("UPDATE enrollments SET push_requested_at = NULL "
                                              "WHERE id = ? AND push_requested_at = ?"),
            {target.enrollmentId, target.requestedAt});
        if (!updated)
            return updated.error();
    } else if (reply.outcome == PushOutcome::TokenDead) {
        // APNs' timestamp says since when the token is invalid (410); a 400 has none, so the
        // reply's own time stands in. A token registered after that moment is a live one.
        // A timestamp from the future is not believed past the reply's own time.
        const qint64 deadSince = reply.apnsTimestamp > 0 ? std::min(reply.apnsTimestamp, now) : now;
        auto updated = db.exec(QStringLiteral("UPDATE enrollments SET push_token_dead_since = ? "
                                              "WHERE id = ? AND push_token = ? AND push_token_dead_since IS NULL "
                                              "AND (token_updated_at IS NULL OR token_updated_at <= ?)"),
            {deadSince, target.enrollmentId, target.token, deadSince});
        if (!updated)
            return updated.error();
    }
    return {};
}

Result<int, StorageError> sweepLiveness(Database& db, qint64 now, qint64 inactiveAfterMs)
{
    auto answered = db.exec(QStringLiteral("UPDATE enrollments SET push_answered_at = last_seen_at, "
                                           "push_unanswered_since = NULL WHERE push_unanswered_since IS NOT NULL "
                                           "AND last_seen_at IS NOT NULL AND last_seen_at >= push_unanswered_since"));
    if (!answered)
        return answered.error();
    auto rows = db.exec(QStringLiteral("SELECT d.id, d.apns_inactive_since, d.apns_inactive_reason, e.status, "
                                       "e.push_token_dead_since, e.push_unanswered_since "
                                       "FROM devices d JOIN enrollments e ON e.device_id = d.id "
                                       "AND e.channel = 'device' AND e.user_id = '' "
                                       "WHERE d.apns_inactive_since IS NOT NULL OR e.status = 'checked_out' "
                                       "OR e.push_token_dead_since IS NOT NULL OR e.push_unanswered_since <= ?"),
        {now - inactiveAfterMs});
    if (!rows)
        return rows.error();
    struct Change {
        qint64 deviceId;
        QVariant since;
        QVariant reason;
    };
    QList<Change> changes;
    while (rows->next()) {
        const bool flagged = !rows->value(1).isNull();
        const QString current = rows->value(2).toString();
        QString reason;
        if (rows->value(3).toString() == QLatin1String("checked_out"))
            reason = QStringLiteral("checked_out");
        else if (!rows->value(4).isNull())
            reason = QStringLiteral("token_dead");
        else if (!rows->value(5).isNull() && rows->value(5).toLongLong() <= now - inactiveAfterMs)
            reason = QStringLiteral("no_answer");
        if (reason == current && flagged == !reason.isEmpty())
            continue;
        if (reason.isEmpty())
            changes.append({rows->value(0).toLongLong(), QVariant(QMetaType::fromType<qint64>()),
                QVariant(QMetaType::fromType<QString>())});
        else
            changes.append({rows->value(0).toLongLong(), flagged ? rows->value(1) : QVariant(now), reason});
    }
    for (const Change& change : changes) {
        auto updated = db.exec(QStringLiteral("UPDATE devices SET apns_inactive_since = ?, apns_inactive_reason = ? "
                                              "WHERE id = ?"),
            {change.since, change.reason, change.deviceId});
        if (!updated)
            return updated.error();
    }
    return static_cast<int>(changes.size());
}

Result<QStringList, StorageError> requestPush(Database& db, const QStringList& udids, const QString& by, qint64 now)
{
    QStringList outcomes;
    for (const QString& udid : udids) {
        auto updated = db.exec(QStringLiteral("UPDATE enrollments SET push_wanted_at = ?, push_wanted_by = ? "
                                              "WHERE channel = 'device' AND user_id = '' AND device_id IN "
                                              "(SELECT id FROM devices WHERE udid = ?)"),
            {now, by, udid});
        if (!updated)
            return updated.error();
        outcomes.append(updated->numRowsAffected() > 0 ? QString() : QStringLiteral("no such enrolled device"));
    }
    return outcomes;
}

Result<DevicePushState, StorageError> deviceState(Database& db, const QString& udid, int limit)
{
    DevicePushState state;
    state.udid = udid;
    auto row = db.exec(QStringLiteral("SELECT e.last_seen_at, e.push_requested_at, e.push_accepted_at, "
                                      "e.push_answered_at, e.push_unanswered_since, e.push_token_dead_since, "
                                      "d.apns_inactive_since, d.apns_inactive_reason FROM devices d "
                                      "JOIN enrollments e ON e.device_id = d.id AND e.channel = 'device' "
                                      "AND e.user_id = '' WHERE d.udid = ?"),
        {udid});
    if (!row)
        return row.error();
    if (!row->next())
        return state;
    state.found = true;
    state.lastSeenAt = row->value(0).toLongLong();
    state.pushRequestedAt = row->value(1).toLongLong();
    state.pushAcceptedAt = row->value(2).toLongLong();
    state.pushAnsweredAt = row->value(3).toLongLong();
    state.pushUnansweredSince = row->value(4).toLongLong();
    state.tokenDeadSince = row->value(5).toLongLong();
    state.inactiveSince = row->value(6).toLongLong();
    state.inactiveReason = row->value(7).toString();
    auto history = db.exec(QStringLiteral("SELECT p.requested_at, p.answered_at, e.channel, p.push_trigger, "
                                          "p.http_status, p.outcome, p.reason, p.apns_id, p.apns_timestamp, p.tries "
                                          "FROM push_attempts p JOIN enrollments e ON e.id = p.enrollment_id "
                                          "JOIN devices d ON d.id = e.device_id WHERE d.udid = ? "
                                          "ORDER BY p.id DESC LIMIT ?"),
        {udid, limit});
    if (!history)
        return history.error();
    while (history->next())
        state.history.append(HistoryEntry {history->value(0).toLongLong(), history->value(1).toLongLong(),
            history->value(2).toString(), history->value(3).toString(), history->value(4).toInt(),
            history->value(5).toString(), history->value(6).toString(), history->value(7).toString(),
            history->value(8).toLongLong(), history->value(9).toInt()});
    return state;
}

Result<QList<InactiveDevice>, StorageError> inactiveDevices(Database& db)
{
    auto rows = db.exec(QStringLiteral("SELECT udid, serial_number, device_name, apns_inactive_since, "
                                       "apns_inactive_reason, last_seen_at FROM devices "
                                       "WHERE apns_inactive_since IS NOT NULL ORDER BY apns_inactive_since, udid"));
    if (!rows)
        return rows.error();
    QList<InactiveDevice> devices;
    while (rows->next())
        devices.append(InactiveDevice {rows->value(0).toString(), rows->value(1).toString(), rows->value(2).toString(),
            rows->value(3).toLongLong(), rows->value(4).toString(), rows->value(5).toLongLong()});
    return devices;
}

QByteArray inactiveDevicesJson(const QList<InactiveDevice>& devices)
{
    const auto iso = [](qint64 ms) {
        return ms > 0 ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs))
                      : QJsonValue(QJsonValue::Null);
    };
    QJsonArray array;
    for (const InactiveDevice& d : devices)
        array.append(QJsonObject {{QStringLiteral("udid"), d.udid}, {QStringLiteral("serialNumber"), d.serialNumber},
            {QStringLiteral("deviceName"), d.deviceName}, {QStringLiteral("inactiveSince"), iso(d.inactiveSince)},
            {QStringLiteral("reason"), d.reason}, {QStringLiteral("lastSeenAt"), iso(d.lastSeenAt)},
            {QStringLiteral("restricted"), true}});
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace quince::apns::PushStore

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/CommandQueue.h"

#include "core/plist/PlistCodec.h"
#include "core/plist/PlistValue.h"
#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

namespace quince::mdm {

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;

namespace {

// The states a device can still get the command in. Sent is one of them: a command handed
// out on a connection that broke before the answer must be offered again (Apple: a command
// stays queued until Acknowledged, Error or CommandFormatError arrives for its CommandUUID).
const QString kDeliverableStates = QStringLiteral("('queued', 'sent', 'not_now')");
// Not final: what cancel() and the TTL may still end.
const QString kOpenStates = QStringLiteral("('pending_approval', 'queued', 'sent', 'not_now')");

// The queue row columns list() and show() read, in QueueEntry order, with the command's.
const QString kEntryColumns = QStringLiteral(
    "q.id, q.enrollment_id, c.command_uuid, c.request_type, q.state, q.priority, q.attempts, q.not_now_count, "
    "c.requires_approval, c.created_by, c.created_at, q.queued_at, q.sent_at, q.last_not_now_at, "
    "q.completed_at, q.canceled_at, q.expired_at, q.expires_at");

StorageError invalidArgument(const QString& message)
{
    return StorageError {StorageErrorKind::JobFailed, message, {}};
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// The final state for a device's final status.
QueueState finalStateOf(CommandStatus status)
{
    switch (status) {
    case CommandStatus::Acknowledged:
        return QueueState::Acknowledged;
    case CommandStatus::Error:
        return QueueState::Error;
    case CommandStatus::CommandFormatError:
        return QueueState::FormatError;
    case CommandStatus::NotNow:
        break;
    }
    return QueueState::Queued;
}

QueueEntry entryFrom(const QSqlQuery& query)
{
    QueueEntry entry;
    entry.queueId = query.value(0).toLongLong();
    entry.enrollmentId = query.value(1).toLongLong();
    entry.commandUuid = query.value(2).toString();
    entry.requestType = query.value(3).toString();
    entry.state = queueStateFromName(query.value(4).toString()).value_or(QueueState::Queued);
    entry.priority = query.value(5).toInt();
    entry.attempts = query.value(6).toInt();
    entry.notNowCount = query.value(7).toInt();
    entry.requiresApproval = query.value(8).toInt() != 0;
    entry.createdBy = query.value(9).toString();
    entry.createdAt = storage::fromDbTimestamp(query.value(10));
    entry.queuedAt = storage::fromDbTimestamp(query.value(11));
    entry.sentAt = storage::fromDbTimestamp(query.value(12));
    entry.lastNotNowAt = storage::fromDbTimestamp(query.value(13));
    entry.completedAt = storage::fromDbTimestamp(query.value(14));
    entry.canceledAt = storage::fromDbTimestamp(query.value(15));
    entry.expiredAt = storage::fromDbTimestamp(query.value(16));
    entry.expiresAt = storage::fromDbTimestamp(query.value(17));
    return entry;
}

// The body devices get: `{Command: {RequestType: ..., ...}, CommandUUID: ...}`, RequestType
// first and the caller's keys after it in their order.
Result<QByteArray, StorageError> buildBody(
    const QString& requestType, const QByteArray& commandDict, const QString& commandUuid)
{
    plist::Dict command;
    command.insert(QStringLiteral("RequestType"), requestType);
    if (!commandDict.isEmpty()) {
        Result<plist::Value, plist::PlistError> decoded = plist::decode(commandDict);
        if (!decoded)
            return invalidArgument(
                QStringLiteral("The command is not a property list: %1").arg(decoded.error().toString()));
        if (!decoded->isDict())
            return invalidArgument(QStringLiteral("The command is not a dictionary"));
        for (const plist::DictEntry& entry : decoded->toDict()) {
            if (entry.key == QStringLiteral("RequestType")) {
                if (entry.value.toString() != requestType)
                    return invalidArgument(QStringLiteral("The command's RequestType %1 is not %2")
                                               .arg(entry.value.toString(), requestType));
                continue;
            }
            command.insert(entry.key, entry.value);
        }
    }
    plist::Dict body;
    body.insert(QStringLiteral("Command"), std::move(command));
    body.insert(QStringLiteral("CommandUUID"), commandUuid);
    Result<QByteArray, plist::PlistError> encoded = plist::encodeXml(plist::Value(std::move(body)));
    if (!encoded)
        return invalidArgument(QStringLiteral("The command cannot be encoded: %1").arg(encoded.error().toString()));
    return std::move(encoded).value();
}

} // namespace

CommandQueue::CommandQueue(Database& db) : m_db(db)
{
}

Result<QString, StorageError> CommandQueue::enqueue(const QList<qint64>& enrollmentIds, const QString& requestType,
    const QByteArray& commandDict, const EnqueueOptions& options, const QDateTime& now)
{
    if (enrollmentIds.isEmpty())
        return invalidArgument(QStringLiteral("A command needs at least one enrollment"));
    if (requestType.trimmed().isEmpty())
        return invalidArgument(QStringLiteral("A command needs a RequestType"));
    if (options.ttl && options.ttl->count() <= 0)
        return invalidArgument(QStringLiteral("A command's time to live must be positive"));

    // Apple's examples and devices use upper-case UUIDs; the device echoes it back verbatim.
    const QString commandUuid = QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
    Result<QByteArray, StorageError> body = buildBody(requestType, commandDict, commandUuid);
    if (!body)
        return body.error();

    const qint64 at = now.toMSecsSinceEpoch();
    Result<QSqlQuery, StorageError> inserted = m_db.exec(
        QStringLiteral("INSERT INTO commands (command_uuid, request_type, payload, requires_approval, created_by, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        {commandUuid, requestType, *body, options.requiresApproval ? 1 : 0, nullableText(options.createdBy), at});
    if (!inserted)
        return inserted.error();
    if (!inserted->next())
        return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("No id for the new command"), {}};
    const qint64 commandId = inserted->value(0).toLongLong();

    const QString state = queueStateName(options.requiresApproval ? QueueState::PendingApproval : QueueState::Queued);
    const QVariant expiresAt
        = options.ttl ? QVariant(at + qint64(options.ttl->count()) * 1000) : QVariant(QMetaType::fromType<qint64>());
    for (const qint64 enrollmentId : enrollmentIds) {
        // The foreign key refuses an enrollment that does not exist, and the job rolls back.
        Result<QSqlQuery, StorageError> queued
            = m_db.exec(QStringLiteral("INSERT INTO command_queue (enrollment_id, command_id, state, priority, "
                                       "queued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                {enrollmentId, commandId, state, options.priority, at, expiresAt});
        if (!queued)
            return queued.error();
    }
    return commandUuid;
}

Result<std::optional<NextCommand>, StorageError> CommandQueue::next(
    qint64 enrollmentId, const QSet<QString>& skip, const QDateTime& now)
{
    if (Result<int, StorageError> expired = expireOverdue(enrollmentId, now); !expired)
        return expired.error();

    QString sql = QStringLiteral("SELECT q.id, c.command_uuid, c.request_type, c.payload FROM command_queue q "
                                 "JOIN commands c ON c.id = q.command_id "
                                 "WHERE q.enrollment_id = ? AND q.state IN %1")
                      .arg(kDeliverableStates);
    QVariantList bindings {enrollmentId};
    if (!skip.isEmpty()) {
        // Apple: after NotNow, do not hand the same command again in that same connection.
        QStringList placeholders;
        for (const QString& uuid : skip) {
            placeholders.append(QStringLiteral("?"));
            bindings.append(uuid);
        }
        sql += QStringLiteral(" AND c.command_uuid NOT IN (%1)").arg(placeholders.join(QStringLiteral(", ")));
    }
    sql += QStringLiteral(" ORDER BY q.priority DESC, q.queued_at, q.id LIMIT 1");

    Result<QSqlQuery, StorageError> found = m_db.exec(sql, bindings);
    if (!found)
        return found.error();
    if (!found->next())
        return std::optional<NextCommand>();

    NextCommand command;
    command.queueId = found->value(0).toLongLong();
    command.commandUuid = found->value(1).toString();
    command.requestType = found->value(2).toString();
    command.body = found->value(3).toByteArray();

    Result<QSqlQuery, StorageError> sent = m_db.exec(
        QStringLiteral("UPDATE command_queue SET state = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ?"),
        {now.toMSecsSinceEpoch(), command.queueId});
    if (!sent)
        return sent.error();
    return std::optional<NextCommand>(std::move(command));
}

Result<RecordOutcome, StorageError> CommandQueue::recordStatus(qint64 enrollmentId, const QString& commandUuid,
    CommandStatus status, const QByteArray& response, const QDateTime& now)
{
    // Looked up by CommandUUID AND enrollment: a device (or its user channel) cannot answer for
    // another enrollment's command.
    Result<QSqlQuery, StorageError> found
        = m_db.exec(QStringLiteral("SELECT q.id, q.state FROM command_queue q JOIN commands c ON c.id = q.command_id "
                                   "WHERE c.command_uuid = ? AND q.enrollment_id = ?"),
            {commandUuid, enrollmentId});
    if (!found)
        return found.error();
    if (!found->next())
        return RecordOutcome::Unknown;
    const qint64 queueId = found->value(0).toLongLong();
    const std::optional<QueueState> state = queueStateFromName(found->value(1).toString());
    const qint64 at = now.toMSecsSinceEpoch();

    // Never handed out: the device cannot have seen this CommandUUID.
    if (!state || *state == QueueState::PendingApproval)
        return RecordOutcome::Unknown;
    // A repeated status (Apple: the same status can arrive twice) or one after the device's
    // final answer: the first answer stands, no second result row.
    if (*state == QueueState::Acknowledged || *state == QueueState::Error || *state == QueueState::FormatError)
        return RecordOutcome::AlreadyCompleted;

    if (status == CommandStatus::NotNow) {
        // A canceled or expired command stays ended; there is nothing to keep queued.
        if (isFinal(*state))
            return RecordOutcome::AlreadyCompleted;
        Result<QSqlQuery, StorageError> kept
            = m_db.exec(QStringLiteral("UPDATE command_queue SET state = 'not_now', not_now_count = not_now_count + 1, "
                                       "last_not_now_at = ? WHERE id = ?"),
                {at, queueId});
        if (!kept)
            return kept.error();
        return RecordOutcome::Recorded;
    }

    // A final answer is recorded even for a command canceled or expired after it was handed
    // out: the device did act on it, and its response is the truth about the device.
    // canceled_at / expired_at stay as the record of the operator's or the TTL's decision.
    Result<QSqlQuery, StorageError> stored = m_db.exec(
        QStringLiteral("INSERT INTO command_results (queue_id, status, response, received_at) VALUES (?, ?, ?, ?)"),
        {queueId, commandStatusName(status), response, at});
    if (!stored)
        return stored.error();
    Result<QSqlQuery, StorageError> completed
        = m_db.exec(QStringLiteral("UPDATE command_queue SET state = ?, completed_at = ? WHERE id = ?"),
            {queueStateName(finalStateOf(status)), at, queueId});
    if (!completed)
        return completed.error();
    return RecordOutcome::Recorded;
}

Result<int, StorageError> CommandQueue::cancel(
    const QString& commandUuid, std::optional<qint64> enrollmentId, const QDateTime& now)
{
    QString sql = QStringLiteral("UPDATE command_queue SET state = 'canceled', canceled_at = ? "
                                 "WHERE command_id = (SELECT id FROM commands WHERE command_uuid = ?) AND state IN %1")
                      .arg(kOpenStates);
    QVariantList bindings {now.toMSecsSinceEpoch(), commandUuid};
    if (enrollmentId) {
        sql += QStringLiteral(" AND enrollment_id = ?");
        bindings.append(*enrollmentId);
    }
    Result<QSqlQuery, StorageError> canceled = m_db.exec(sql, bindings);
    if (!canceled)
        return canceled.error();
    return canceled->numRowsAffected();
}

Result<int, StorageError> CommandQueue::approve(
    const QString& commandUuid, std::optional<qint64> enrollmentId, const QDateTime& now)
{
    QString sql = QStringLiteral("UPDATE command_queue SET state = 'queued', queued_at = ? "
                                 "WHERE command_id = (SELECT id FROM commands WHERE command_uuid = ?) "
                                 "AND state = 'pending_approval'");
    QVariantList bindings {now.toMSecsSinceEpoch(), commandUuid};
    if (enrollmentId) {
        sql += QStringLiteral(" AND enrollment_id = ?");
        bindings.append(*enrollmentId);
    }
    Result<QSqlQuery, StorageError> approved = m_db.exec(sql, bindings);
    if (!approved)
        return approved.error();
    return approved->numRowsAffected();
}

Result<int, StorageError> CommandQueue::expireOverdue(std::optional<qint64> enrollmentId, const QDateTime& now)
{
    const qint64 at = now.toMSecsSinceEpoch();
    QString sql = QStringLiteral("UPDATE command_queue SET state = 'expired', expired_at = ? "
                                 "WHERE state IN %1 AND expires_at IS NOT NULL AND expires_at < ?")
                      .arg(kOpenStates);
    QVariantList bindings {at, at};
    if (enrollmentId) {
        sql += QStringLiteral(" AND enrollment_id = ?");
        bindings.append(*enrollmentId);
    }
    Result<QSqlQuery, StorageError> expired = m_db.exec(sql, bindings);
    if (!expired)
        return expired.error();
    return expired->numRowsAffected();
}

Result<QList<QueueEntry>, StorageError> CommandQueue::list(const QueueFilter& filter)
{
    QString sql = QStringLiteral("SELECT %1 FROM command_queue q JOIN commands c ON c.id = q.command_id WHERE 1 = 1")
                      .arg(kEntryColumns);
    QVariantList bindings;
    if (filter.enrollmentId) {
        sql += QStringLiteral(" AND q.enrollment_id = ?");
        bindings.append(*filter.enrollmentId);
    }
    if (filter.state) {
        sql += QStringLiteral(" AND q.state = ?");
        bindings.append(queueStateName(*filter.state));
    }
    sql += QStringLiteral(" ORDER BY q.queued_at, q.id LIMIT ?");
    bindings.append(qMax(0, filter.limit));

    Result<QSqlQuery, StorageError> rows = m_db.exec(sql, bindings);
    if (!rows)
        return rows.error();
    QList<QueueEntry> entries;
    while (rows->next())
        entries.append(entryFrom(*rows));
    return entries;
}

Result<std::optional<CommandDetails>, StorageError> CommandQueue::show(const QString& commandUuid)
{
    Result<QSqlQuery, StorageError> command = m_db.exec(
        QStringLiteral("SELECT request_type, payload, requires_approval, created_by, created_at FROM commands "
                       "WHERE command_uuid = ?"),
        {commandUuid});
    if (!command)
        return command.error();
    if (!command->next())
        return std::optional<CommandDetails>();
    CommandDetails details;
    details.commandUuid = commandUuid;
    details.requestType = command->value(0).toString();
    details.body = command->value(1).toByteArray();
    details.requiresApproval = command->value(2).toInt() != 0;
    details.createdBy = command->value(3).toString();
    details.createdAt = storage::fromDbTimestamp(command->value(4));

    Result<QSqlQuery, StorageError> entries
        = m_db.exec(QStringLiteral("SELECT %1 FROM command_queue q JOIN commands c ON c.id = q.command_id "
                                   "WHERE c.command_uuid = ? ORDER BY q.enrollment_id")
                        .arg(kEntryColumns),
            {commandUuid});
    if (!entries)
        return entries.error();
    while (entries->next())
        details.entries.append(entryFrom(*entries));

    Result<QSqlQuery, StorageError> results
        = m_db.exec(QStringLiteral("SELECT r.id, r.queue_id, q.enrollment_id, r.status, r.response, r.received_at "
                                   "FROM command_results r JOIN command_queue q ON q.id = r.queue_id "
                                   "JOIN commands c ON c.id = q.command_id WHERE c.command_uuid = ? ORDER BY r.id"),
            {commandUuid});
    if (!results)
        return results.error();
    while (results->next()) {
        CommandResult result;
        result.id = results->value(0).toLongLong();
        result.queueId = results->value(1).toLongLong();
        result.enrollmentId = results->value(2).toLongLong();
        result.status = results->value(3).toString();
        result.response = results->value(4).toByteArray();
        result.receivedAt = storage::fromDbTimestamp(results->value(5));
        details.results.append(result);
    }
    return std::optional<CommandDetails>(std::move(details));
}

} // namespace quince::mdm

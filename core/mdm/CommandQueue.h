// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/mdm/CommandQueueTypes.h"
#include "core/storage/StorageError.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace quince::storage {
class Database;
}

namespace quince::mdm {

/// The durable command queue: one FIFO per enrollment (the device channel and each user
/// channel are separate enrollments, so their queues never mix).
///
/// A CommandQueue is a view on a Database that a storage job makes for the length of the job;
/// it keeps no state of its own. Every function runs its statements on that connection, so
/// the HTTP layer can record a device's status and fetch the next command in ONE write job:
/// one transaction, so a crash either keeps both or neither, and a device is never answered
/// with state that is not on disk. Functions that change rows take `now` so that tests (and
/// a replay) control time; every transition stores its own timestamp.
///
/// Errors are storage errors; bad arguments are JobFailed, so returning one from the job rolls
/// the whole transaction back.
class CommandQueue {
public:
    explicit CommandQueue(storage::Database& db);

    /// Queues a command for every enrollment in enrollmentIds (device or user channel ids) and
    /// returns its new CommandUUID. commandDict is the plist (XML or binary) of the `Command`
    /// dictionary: its keys besides `RequestType`, which is set from requestType (an empty
    /// commandDict means no parameters). The full body with the CommandUUID is built and stored
    /// once here, so next() hands out stored bytes without re-encoding.
    Result<QString, storage::StorageError> enqueue(const QList<qint64>& enrollmentIds, const QString& requestType,
        const QByteArray& commandDict, const EnqueueOptions& options, const QDateTime& now);

    /// The next command for an enrollment, marked Sent (attempts + 1, sent_at = now); nothing
    /// when none is waiting. skip holds the CommandUUIDs the device answered NotNow to on THIS
    /// connection: Apple's rule is not to offer them again before the next push. Commands whose
    /// TTL passed are marked Expired first and never handed out.
    Result<std::optional<NextCommand>, storage::StorageError> next(
        qint64 enrollmentId, const QSet<QString>& skip, const QDateTime& now);

    /// Records a device's status for one of ITS commands. Acknowledged, Error and
    /// CommandFormatError store the raw response and dequeue (final state, completed_at);
    /// NotNow keeps the command (not_now, NotNow count, last_not_now_at) and the caller adds
    /// it to the connection's skip set. Devices may repeat a status: one for a command that is
    /// already final changes nothing (AlreadyCompleted). A CommandUUID that is unknown, belongs
    /// to another enrollment or was never handed out changes nothing (Unknown).
    Result<RecordOutcome, storage::StorageError> recordStatus(qint64 enrollmentId, const QString& commandUuid,
        CommandStatus status, const QByteArray& response, const QDateTime& now);

    /// Cancels a command that has no final state yet, for one enrollment or (nothing) for all
    /// of them; returns how many queue rows it canceled (0: unknown or already final).
    Result<int, storage::StorageError> cancel(
        const QString& commandUuid, std::optional<qint64> enrollmentId, const QDateTime& now);

    /// Moves a command from PendingApproval to Queued (queued_at = now) for one enrollment or
    /// all; returns how many rows it moved.
    Result<int, storage::StorageError> approve(
        const QString& commandUuid, std::optional<qint64> enrollmentId, const QDateTime& now);

    /// Marks every command of an enrollment (or of all, for a maintenance job) whose TTL ended
    /// before now as Expired; returns how many.
    Result<int, storage::StorageError> expireOverdue(std::optional<qint64> enrollmentId, const QDateTime& now);

    /// Queue rows, oldest first, by enrollment and/or state. Reads only: works on a reader too.
    Result<QList<QueueEntry>, storage::StorageError> list(const QueueFilter& filter);

    /// One command with its queue rows and results; nothing when the CommandUUID is unknown.
    Result<std::optional<CommandDetails>, storage::StorageError> show(const QString& commandUuid);

private:
    storage::Database& m_db;
};

} // namespace quince::mdm

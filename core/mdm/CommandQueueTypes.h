// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace quince::mdm {

/// The `Status` a device reports for a command, in Apple's words. `Idle` carries no
/// CommandUUID and is not a command status; the check-in layer handles it by asking next().
enum class CommandStatus { Acknowledged, Error, CommandFormatError, NotNow };

/// Apple's word for status ("Acknowledged", ...).
QString commandStatusName(CommandStatus status);
/// The status named by Apple's word; nothing for `Idle` or anything unknown (case-sensitive,
/// as devices send it).
std::optional<CommandStatus> commandStatusFromName(const QString& name);

/// Where one command stands for one enrollment (a row of command_queue).
enum class QueueState {
    PendingApproval, ///< waits for an operator; never handed out
    Queued, ///< waits for the device's next Idle
    Sent, ///< handed out, no answer yet (handed out again on a later connection)
    NotNow, ///< the device answered NotNow; handed out again on a later connection
    Acknowledged, ///< final: the device executed it
    Error, ///< final: the device reported an error
    FormatError, ///< final: the device could not parse it (CommandFormatError)
    Canceled, ///< final: an operator canceled it before a final answer
    Expired, ///< final: its TTL passed before a final answer
};

/// The column value of a state ("pending_approval", "queued", ...).
QString queueStateName(QueueState state);
/// The state of a column value; nothing when unknown.
std::optional<QueueState> queueStateFromName(const QString& name);
/// Whether no transition leaves the state (the command is dequeued).
bool isFinal(QueueState state);

/// How a command is queued.
struct EnqueueOptions {
    /// Time to live from now; after it the command expires instead of being handed out.
    std::optional<std::chrono::seconds> ttl;
    /// Higher first; FIFO among equal priorities.
    int priority = 0;
    /// Starts in PendingApproval instead of Queued.
    bool requiresApproval = false;
    /// Who queued it (operator name, "quincectl", a policy), for the audit view.
    QString createdBy;
};

/// The command handed to a device by next().
struct NextCommand {
    qint64 queueId = -1;
    QString commandUuid;
    QString requestType;
    /// The full command plist (XML): `{Command: {RequestType: ...}, CommandUUID: ...}`.
    QByteArray body;
};

/// What recordStatus() did with a device's status.
enum class RecordOutcome {
    Recorded, ///< stored: a final result (dequeued), or a NotNow (still queued)
    AlreadyCompleted, ///< the command had a final state already; nothing changed
    Unknown, ///< no such CommandUUID for this enrollment; nothing changed (log and ignore)
};

/// One row of an enrollment's queue, for the CLI and the console.
struct QueueEntry {
    qint64 queueId = -1;
    qint64 enrollmentId = -1;
    QString commandUuid;
    QString requestType;
    QueueState state = QueueState::Queued;
    int priority = 0;
    int attempts = 0;
    int notNowCount = 0;
    bool requiresApproval = false;
    QString createdBy;
    QDateTime createdAt;
    QDateTime queuedAt;
    QDateTime sentAt;
    QDateTime lastNotNowAt;
    QDateTime completedAt;
    QDateTime canceledAt;
    QDateTime expiredAt;
    QDateTime expiresAt;
};

/// A status a device sent for a command, with its raw response plist.
struct CommandResult {
    qint64 id = -1;
    qint64 queueId = -1;
    qint64 enrollmentId = -1;
    QString status; ///< Apple's word, as received
    QByteArray response; ///< the raw body the device sent
    QDateTime receivedAt;
};

/// One command with every enrollment it was queued for and every final result.
struct CommandDetails {
    QString commandUuid;
    QString requestType;
    QByteArray body;
    bool requiresApproval = false;
    QString createdBy;
    QDateTime createdAt;
    QList<QueueEntry> entries;
    QList<CommandResult> results;
};

/// Which queue rows list() returns.
struct QueueFilter {
    std::optional<qint64> enrollmentId;
    std::optional<QueueState> state;
    /// At most this many rows, oldest first.
    int limit = 1000;
};

} // namespace quince::mdm

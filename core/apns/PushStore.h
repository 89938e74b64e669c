// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/apns/PushReply.h"
#include "core/storage/StorageError.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace quince::storage {
class Database;
}

namespace quince::apns {

/// What the push code reads and writes in the database (schema 6), as stateless functions on
/// a Database in the caller's thread: the server's storage worker, or quincectl's connection.
namespace PushStore {

/// The tables the writes change, for StorageWorker::write().
QStringList tables();

/// Why a push is sent; stored with each attempt.
inline QString triggerCommand()
{
    return QStringLiteral("command");
}
inline QString triggerOperator()
{
    return QStringLiteral("operator");
}
inline QString triggerLiveness()
{
    return QStringLiteral("liveness");
}

/// One enrollment to push.
struct Target {
    qint64 enrollmentId = 0;
    QString udid;
    QByteArray token;
    QString pushMagic;
    QString trigger;
    qint64 requestedAt = 0;
};

/// Enrollments with a command queued since their last push (queued_at >= since): each one once,
/// however many commands it has (coalescing), and marked as pushed now. Dead tokens and
/// checked-out enrollments are left out.
Result<QList<Target>, storage::StorageError> claimCommandPushes(storage::Database& db, qint64 now, qint64 since);

/// Pushes someone asked for (push_wanted_at set, e.g. by `quincectl push` in another process):
/// claimed and cleared. An enrollment that cannot be pushed gets a history row saying why.
Result<QList<Target>, storage::StorageError> claimWantedPushes(storage::Database& db, qint64 now, int historyLimit);

/// Device channels quiet (no request, no push) for longer than intervalMs: the liveness pushes.
Result<QList<Target>, storage::StorageError> claimLivenessPushes(storage::Database& db, qint64 now, qint64 intervalMs);

/// Records what became of a push: a history row (keeping the newest historyLimit per
/// enrollment) and the enrollment's push state. A dead-token reply marks the token dead as of
/// APNs' timestamp, unless the device registered a token after that moment (Apple's rule) or
/// the token has changed since the push was sent. A push that failed, was not sent or met a 403
/// clears
/// push_requested_at, so that the enrollment's queued commands are pushed on a later poll.
storage::StorageStatus recordReply(
    storage::Database& db, const Target& target, const PushReply& reply, qint64 now, int historyLimit);

/// The liveness sweep: pushes answered since (any request after the push) are cleared; device
/// channels are flagged inactive (devices.apns_inactive_*) with the reason checked_out,
/// token_dead or no_answer (no answer for inactiveAfterMs), and unflagged when they are none.
/// Returns how many devices changed flag.
Result<int, storage::StorageError> sweepLiveness(storage::Database& db, qint64 now, qint64 inactiveAfterMs);

/// Asks the server to push these devices' device channels (quincectl push). Returns, per UDID
/// in order, "" when requested or why not.
Result<QStringList, storage::StorageError> requestPush(
    storage::Database& db, const QStringList& udids, const QString& by, qint64 now);

/// One row of a device's push history, newest first.
struct HistoryEntry {
    qint64 requestedAt = 0;
    qint64 answeredAt = 0;
    QString channel;
    QString trigger;
    int httpStatus = 0;
    QString outcome;
    QString reason;
    QString apnsId;
    qint64 apnsTimestamp = 0;
    int tries = 0;
};
/// The push state of a device channel, for `quincectl push history`.
struct DevicePushState {
    QString udid;
    bool found = false;
    qint64 lastSeenAt = 0;
    qint64 pushRequestedAt = 0;
    qint64 pushAcceptedAt = 0;
    qint64 pushAnsweredAt = 0;
    qint64 pushUnansweredSince = 0;
    qint64 tokenDeadSince = 0;
    qint64 inactiveSince = 0;
    QString inactiveReason;
    QList<HistoryEntry> history;
};
Result<DevicePushState, storage::StorageError> deviceState(storage::Database& db, const QString& udid, int limit);

/// Inactive devices, oldest first: the list other systems read to restrict access.
struct InactiveDevice {
    QString udid;
    QString serialNumber;
    QString deviceName;
    qint64 inactiveSince = 0;
    QString reason;
    qint64 lastSeenAt = 0;
};
Result<QList<InactiveDevice>, storage::StorageError> inactiveDevices(storage::Database& db);
/// The inactive devices as JSON, the form of `quincectl push inactive --json` and of the export
/// file (apns.inactive_export_file): each entry has "restricted": true, for systems that limit
/// an inactive device's access to the organisation's resources.
QByteArray inactiveDevicesJson(const QList<InactiveDevice>& devices);

} // namespace PushStore

} // namespace quince::apns

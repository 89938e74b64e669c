// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/storage/StorageError.h"

#include <QDateTime>
#include <QFuture>
#include <QString>

#include <optional>

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage

namespace quince::inventory {

/// What one inactivity sweep marked.
struct SweepResult {
    int devices = 0;
    int enrollments = 0;
};

/// What a request from a device marked for refusal came to (see DeviceLifecycle::refuseIfMarked).
struct Refusal {
    QString reason;
};

/// The device lifecycle beyond what check-ins change by themselves:
///
/// - Inactive: a device (enrollment_state pending or enrolled) or an enrollment (authenticated
///   or active) not seen for longer than `devices.inactive_after_days` (default 30) gets
///   inactive_since = the sweep's time. Its next request clears it (markSeen), which is the
///   "active again" transition. The enrollment_state CHECK is untouched: inactive is a column.
/// - Terminating management: requestRefusal() marks a device so its next check-in or command
///   request gets HTTP 401 (the device then removes its MDM profile) and is unenrolled; or
///   enqueueRemoveProfile() queues RemoveProfile for the enrollment profile's identifier.
///
/// All functions run on the Database they are given, inside the caller's storage job.
class DeviceLifecycle {
public:
    static constexpr int kDefaultInactiveAfterDays = 30;
    static QString inactiveAfterDaysSettingKey() { return QStringLiteral("devices.inactive_after_days"); }
    /// The enrollment helper stores the enrollment profile's top-level PayloadIdentifier here.
    static QString profileIdentifierSettingKey() { return QStringLiteral("enrollment.profile_identifier"); }

    /// "45" → 45; nullopt unless a whole number of days from 1 to 3650.
    static std::optional<int> parseInactiveAfterDays(const QString& text);
    /// The setting, or the default when unset or unreadable.
    static int inactiveAfterDays(storage::Database& db);

    /// Marks what has not been seen for inactiveAfterDays(db) before now; logs each device.
    static Result<SweepResult, storage::StorageError> sweepInactive(storage::Database& db, const QDateTime& now);
    /// sweepInactive() as a write job on worker, logged when done; for the daily maintenance.
    static QFuture<storage::StorageStatus> scheduleSweep(storage::StorageWorker& worker);

    /// Records that the device and one of its enrollments were just seen: last_seen_at = now and
    /// inactive_since cleared on both (logged when they were inactive). last_seen_at is kept to
    /// the minute: a value less than a minute old is left as it is, so nothing is written.
    static storage::StorageStatus markSeen(
        storage::Database& db, qint64 deviceId, std::optional<qint64> enrollmentId, const QDateTime& now);

    /// Marks the device so its next request gets 401. Fails when the UDID is unknown or the
    /// device is unenrolled already.
    static Status requestRefusal(
        storage::Database& db, const QString& udid, const QString& reason, const QDateTime& now);

    /// If the device udid is marked for refusal: unenrolls it (every enrollment checked_out,
    /// the device 'unenrolled', the mark cleared), logs the reason and returns it. The caller
    /// answers 401. Nothing when the device is not marked (or unknown).
    static Result<std::optional<Refusal>, storage::StorageError> refuseIfMarked(
        storage::Database& db, const QString& udid, const QDateTime& now);

    /// Queues RemoveProfile (Identifier = the setting enrollment.profile_identifier) on the
    /// device channel of udid; returns the CommandUUID. Fails with a message naming
    /// `quincectl enrollment profile` when the setting is absent.
    static Result<QString> enqueueRemoveProfile(
        storage::Database& db, const QString& udid, const QString& createdBy, const QDateTime& now);
};

} // namespace quince::inventory

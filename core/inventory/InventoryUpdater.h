// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inventory/ResponseParser.h"
#include "core/plist/PlistValue.h"
#include "core/storage/StorageError.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace quince::storage {
class Database;
}

namespace quince::inventory {

/// What apply() did with one response.
enum class ApplyOutcome {
    NotInventory, ///< the request type feeds no inventory table; nothing written
    Applied, ///< the tables now hold what the response reported
    Malformed, ///< refused whole (see ApplyResult::error); only inventory_reports was written
};

struct ApplyResult {
    ApplyOutcome outcome = ApplyOutcome::NotInventory;
    qsizetype itemCount = 0;
    /// Why a Malformed response was refused (a key path and the rule it broke).
    QString error;
};

/// Stores what a device reported in its answer to an inventory command.
///
/// A view on a Database for the length of a storage job, like CommandQueue: ConnectProcessor
/// calls it in the same job as CommandQueue::recordStatus, so the Acknowledged and the
/// inventory it carried commit together or not at all. The response is validated completely
/// (ResponseParser) before the first write, and the writes run in a savepoint, so a response
/// is applied whole or not at all.
///
/// - DeviceInformation: device_facts (upsert per key), device_information (the raw
///   QueryResponses, merged key by key so a query for a few keys keeps the others) and the
///   devices columns (a key absent from the answer keeps its column).
/// - SecurityInfo: device_security replaced.
/// - ProfileList, ProvisioningProfileList, CertificateList, InstalledApplicationList: the
///   enrollment's set replaced.
/// - Every answer: inventory_reports (applied_at and item_count, or malformed_at and error).
class InventoryUpdater {
public:
    explicit InventoryUpdater(storage::Database& db, InventoryLimits limits = {});

    /// Applies the response body (XML or binary plist) a device sent for a command of
    /// requestType on enrollment enrollmentId. A storage error is returned as such (the
    /// caller's job rolls back); a malformed response is an ApplyResult, logged.
    Result<ApplyResult, storage::StorageError> apply(
        qint64 enrollmentId, const QString& requestType, const QByteArray& response, const QDateTime& now);
    /// The same for a response the caller decoded already.
    Result<ApplyResult, storage::StorageError> apply(
        qint64 enrollmentId, const QString& requestType, const plist::Value& response, const QDateTime& now);

private:
    storage::StorageStatus write(qint64 enrollmentId, qint64 deviceId, const InventoryReport& report, qint64 nowMs);
    storage::StorageStatus writeDeviceInformation(qint64 deviceId, const DeviceInformationReport& report, qint64 nowMs);
    storage::StorageStatus writeSecurity(qint64 deviceId, const SecurityReport& report, qint64 nowMs);
    storage::StorageStatus writeProfiles(qint64 enrollmentId, const QList<ProfileItem>& items, qint64 nowMs);
    storage::StorageStatus writeProvisioningProfiles(
        qint64 enrollmentId, const QList<ProvisioningProfileItem>& items, qint64 nowMs);
    storage::StorageStatus writeCertificates(qint64 enrollmentId, const QList<CertificateItem>& items, qint64 nowMs);
    storage::StorageStatus writeApplications(qint64 enrollmentId, const QList<ApplicationItem>& items, qint64 nowMs);
    storage::StorageStatus recordMalformed(
        qint64 enrollmentId, const QString& requestType, const QString& error, qint64 nowMs);

    storage::Database& m_db;
    InventoryLimits m_limits;
};

} // namespace quince::inventory

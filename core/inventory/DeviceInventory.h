// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/StorageError.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace quince::storage {
class Database;
}

namespace quince::inventory {

/// One device as the inventory list shows it.
struct DeviceSummary {
    qint64 id = -1;
    QString udid;
    QString serialNumber;
    QString deviceName;
    QString model;
    QString modelName;
    QString productName;
    QString osVersion;
    QString buildVersion;
    QString enrollmentState; ///< pending, enrolled, unenrolled
    std::optional<double> batteryLevel;
    std::optional<double> deviceCapacityGb;
    std::optional<double> availableCapacityGb;
    std::optional<bool> isSupervised;
    QDateTime lastSeenAt;
    QDateTime enrolledAt;
    QDateTime inactiveSince; ///< invalid when active (not seen for long, or pushes unanswered)
    QDateTime unenrollRequestedAt; ///< valid while a 401 waits for the device's next request
    QString unenrollReason;
    QDateTime factsReportedAt;
    QDateTime createdAt;
    bool inactive() const { return inactiveSince.isValid(); }
};

struct DeviceListFilter {
    /// Only devices marked inactive.
    bool inactiveOnly = false;
    /// At most this many, most recently seen first.
    int limit = 10'000;
};

/// One device with everything it reported. Sections are rows with their column names as keys
/// (timestamps as UTC QDateTime, booleans 0/1); raw plists and DER are left out.
struct DeviceDetails {
    DeviceSummary summary;
    QList<QVariantMap> enrollments;
    QList<QVariantMap> facts;
    std::optional<QVariantMap> security;
    QList<QVariantMap> profiles;
    QList<QVariantMap> provisioningProfiles;
    QList<QVariantMap> certificates;
    QList<QVariantMap> applications;
    /// inventory_reports of the device's enrollments: when each list was applied or refused.
    QList<QVariantMap> reports;
};

/// Reads the inventory; works on a read-only connection.
class DeviceInventory {
public:
    static Result<QList<DeviceSummary>, storage::StorageError> list(
        storage::Database& db, const DeviceListFilter& filter = {});
    /// Nothing when no device has this UDID.
    static Result<std::optional<DeviceDetails>, storage::StorageError> show(storage::Database& db, const QString& udid);
};

} // namespace quince::inventory

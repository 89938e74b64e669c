// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/StorageError.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>

namespace quince::storage {
class Database;
}

namespace quince::ui {

/// What the console does to one device, as storage jobs for BulkAction. Each runs on the
/// writer inside the caller's transaction; an error names the device.
class DeviceActions {
public:
    /// One device's part of a bulk action.
    using DeviceJob = std::function<storage::StorageStatus(storage::Database&, const QString& udid)>;

    /// The requests "Refresh inventory" queues, in this order.
    static QStringList inventoryRequestTypes();
    /// The facts DeviceInformation asks for (the ones the inventory shows).
    static QStringList deviceInformationQueries();

    /// Queues the inventory requests on the device channel of udid (built and checked by
    /// CommandBuilder, queued by CommandQueue); createdBy names who asked.
    static storage::StorageStatus queueInventoryRefresh(
        storage::Database& db, const QString& udid, const QString& createdBy, const QDateTime& now);

    /// Queues RemoveProfile for the enrollment profile (DeviceLifecycle::enqueueRemoveProfile).
    static storage::StorageStatus queueRemoveProfile(
        storage::Database& db, const QString& udid, const QString& createdBy, const QDateTime& now);

    /// Marks the device so its next request gets 401 (DeviceLifecycle::requestRefusal).
    static storage::StorageStatus refuseNextRequest(
        storage::Database& db, const QString& udid, const QString& reason, const QDateTime& now);

    /// The tables these jobs change, for StorageWorker::committed().
    static QStringList changedTables();
};

} // namespace quince::ui

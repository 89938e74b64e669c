// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/devices/DeviceActions.h"

#include "core/commands/CommandBuilder.h"
#include "core/inventory/DeviceLifecycle.h"
#include "core/mdm/CommandQueue.h"
#include "core/storage/Database.h"

#include <QCoreApplication>

namespace quince::ui {

namespace {

storage::StorageError failed(const QString& udid, const QString& why)
{
    return storage::StorageError {storage::StorageErrorKind::JobFailed,
        QCoreApplication::translate("DeviceActions", "%1: %2").arg(udid, why), QString()};
}

} // namespace

QStringList DeviceActions::inventoryRequestTypes()
{
    return {QStringLiteral("DeviceInformation"), QStringLiteral("SecurityInfo"), QStringLiteral("ProfileList"),
        QStringLiteral("CertificateList"), QStringLiteral("InstalledApplicationList")};
}

QStringList DeviceActions::deviceInformationQueries()
{
    return {QStringLiteral("UDID"), QStringLiteral("DeviceName"), QStringLiteral("SerialNumber"),
        QStringLiteral("Model"), QStringLiteral("ModelName"), QStringLiteral("ModelNumber"),
        QStringLiteral("ProductName"), QStringLiteral("OSVersion"), QStringLiteral("BuildVersion"),
        QStringLiteral("DeviceCapacity"), QStringLiteral("AvailableDeviceCapacity"), QStringLiteral("BatteryLevel"),
        QStringLiteral("IsSupervised"), QStringLiteral("IsActivationLockEnabled"), QStringLiteral("IMEI"),
        QStringLiteral("WiFiMAC")};
}

storage::StorageStatus DeviceActions::queueInventoryRefresh(
    storage::Database& db, const QString& udid, const QString& createdBy, const QDateTime& now)
{
    auto found = db.exec(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id"
                                        " WHERE d.udid = ? AND e.channel = 'device' AND e.status <> 'checked_out'"),
        {udid});
    if (!found)
        return found.error();
    QList<qint64> enrollments;
    while (found->next())
        enrollments.append(found->value(0).toLongLong());
    if (enrollments.isEmpty())
        return failed(udid, QCoreApplication::translate("DeviceActions", "the device is not enrolled."));

    plist::Array queries;
    for (const QString& query : deviceInformationQueries())
        queries.append(query);
    mdm::CommandQueue queue(db);
    mdm::EnqueueOptions options;
    options.createdBy = createdBy;
    for (const QString& type : inventoryRequestTypes()) {
        plist::Dict parameters;
        if (type == QLatin1String("DeviceInformation"))
            parameters.insert(QStringLiteral("Queries"), queries);
        auto built = commands::CommandBuilder::build(type, parameters);
        if (!built)
            return failed(udid, built.error().message);
        auto queued = queue.enqueue(enrollments, type, *built, options, now);
        if (!queued)
            return queued.error();
    }
    return {};
}

storage::StorageStatus DeviceActions::queueRemoveProfile(
    storage::Database& db, const QString& udid, const QString& createdBy, const QDateTime& now)
{
    auto queued = inventory::DeviceLifecycle::enqueueRemoveProfile(db, udid, createdBy, now);
    if (!queued)
        return failed(udid, queued.error().message);
    return {};
}

storage::StorageStatus DeviceActions::refuseNextRequest(
    storage::Database& db, const QString& udid, const QString& reason, const QDateTime& now)
{
    const Status marked = inventory::DeviceLifecycle::requestRefusal(db, udid, reason, now);
    if (!marked)
        return failed(udid, marked.error().message);
    return {};
}

QStringList DeviceActions::changedTables()
{
    return {QStringLiteral("commands"), QStringLiteral("command_queue"), QStringLiteral("devices")};
}

} // namespace quince::ui

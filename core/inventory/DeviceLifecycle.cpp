// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inventory/DeviceLifecycle.h"

#include "core/inventory/InventoryLog.h"
#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <memory>

namespace quince::inventory {

using storage::Database;
using storage::StorageError;
using storage::StorageStatus;

namespace {

constexpr qint64 kMsPerDay = 24LL * 60 * 60 * 1000;

// last_seen_at serves the console and the inactivity sweep, which count in days: rewriting it on
// every request would make each Idle a durable write (an fsync) for no one. It is written when
// older than this, when in the future (the clock went back), or when the row is inactive.
constexpr qint64 kLastSeenResolutionMs = 60 * 1000;

StorageStatus execStatus(Result<QSqlQuery, StorageError> result)
{
    if (!result)
        return result.error();
    return {};
}

} // namespace

std::optional<int> DeviceLifecycle::parseInactiveAfterDays(const QString& text)
{
    bool ok = false;
    const int days = text.trimmed().toInt(&ok);
    if (!ok || days < 1 || days > 3650)
        return std::nullopt;
    return days;
}

int DeviceLifecycle::inactiveAfterDays(Database& db)
{
    auto row = db.exec(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {inactiveAfterDaysSettingKey()});
    if (!row || !row->next())
        return kDefaultInactiveAfterDays;
    const std::optional<int> days = parseInactiveAfterDays(row->value(0).toString());
    if (!days)
        qCWarning(lcInventory).noquote() << "the setting" << inactiveAfterDaysSettingKey()
                                         << "is not a number of days from 1 to 3650; using"
                                         << kDefaultInactiveAfterDays;
    return days.value_or(kDefaultInactiveAfterDays);
}

Result<SweepResult, StorageError> DeviceLifecycle::sweepInactive(Database& db, const QDateTime& now)
{
    const int days = inactiveAfterDays(db);
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 cutoff = nowMs - days * kMsPerDay;
    SweepResult result;

    // Logged one by one (before the update, same transaction): an operator wants the UDIDs.
    // A device never seen counts from its enrollment, or its creation.
    auto stale = db.exec(QStringLiteral("SELECT udid, last_seen_at FROM devices WHERE inactive_since IS NULL "
                                        "AND enrollment_state IN ('pending', 'enrolled') "
                                        "AND COALESCE(last_seen_at, enrolled_at, created_at) < ?"),
        {cutoff});
    if (!stale)
        return stale.error();
    while (stale->next())
        qCInfo(lcInventory).noquote() << "device" << stale->value(0).toString() << "is inactive: not seen since"
                                      << storage::fromDbTimestamp(stale->value(1)).toString(Qt::ISODate) << "(more than"
                                      << days << "days)";
    auto devices = db.exec(QStringLiteral("UPDATE devices SET inactive_since = ? WHERE inactive_since IS NULL "
                                          "AND enrollment_state IN ('pending', 'enrolled') "
                                          "AND COALESCE(last_seen_at, enrolled_at, created_at) < ?"),
        {nowMs, cutoff});
    if (!devices)
        return devices.error();
    result.devices = devices->numRowsAffected();
    auto enrollments = db.exec(QStringLiteral("UPDATE enrollments SET inactive_since = ? WHERE inactive_since IS NULL "
                                              "AND status IN ('authenticated', 'active') "
                                              "AND COALESCE(last_seen_at, token_updated_at, created_at) < ?"),
        {nowMs, cutoff});
    if (!enrollments)
        return enrollments.error();
    result.enrollments = enrollments->numRowsAffected();
    return result;
}

QFuture<StorageStatus> DeviceLifecycle::scheduleSweep(storage::StorageWorker& worker)
{
    return worker.write(
        [](Database& db) -> StorageStatus {
            Result<SweepResult, StorageError> swept = sweepInactive(db, QDateTime::currentDateTimeUtc());
            if (!swept) {
                qCWarning(lcInventory).noquote() << "the inactivity sweep failed:" << swept.error().toString();
                return swept.error();
            }
            if (swept->devices > 0 || swept->enrollments > 0)
                qCInfo(lcInventory).noquote() << "inactivity sweep:" << swept->devices << "devices and"
                                              << swept->enrollments << "enrollments newly inactive";
            return {};
        },
        {QStringLiteral("devices"), QStringLiteral("enrollments")});
}

StorageStatus DeviceLifecycle::markSeen(
    Database& db, qint64 deviceId, std::optional<qint64> enrollmentId, const QDateTime& now)
{
    const qint64 nowMs = now.toMSecsSinceEpoch();
    auto back = db.exec(
        QStringLiteral("SELECT udid, inactive_since FROM devices WHERE id = ? AND inactive_since IS NOT NULL"),
        {deviceId});
    if (!back)
        return back.error();
    if (back->next())
        qCInfo(lcInventory).noquote() << "device" << back->value(0).toString() << "is active again (inactive since"
                                      << storage::fromDbTimestamp(back->value(1)).toString(Qt::ISODate) << ")";
    // An UPDATE that matches no row changes no page, so a request that changes nothing else
    // commits nothing to disk.
    const qint64 staleBefore = nowMs - kLastSeenResolutionMs;
    if (StorageStatus s = execStatus(
            db.exec(QStringLiteral("UPDATE devices SET last_seen_at = ?, inactive_since = NULL WHERE id = ? AND "
                                   "(last_seen_at IS NULL OR last_seen_at < ? OR last_seen_at > ? "
                                   "OR inactive_since IS NOT NULL)"),
                {nowMs, deviceId, staleBefore, nowMs}));
        !s)
        return s;
    if (!enrollmentId)
        return {};
    return execStatus(
        db.exec(QStringLiteral("UPDATE enrollments SET last_seen_at = ?, inactive_since = NULL WHERE id = ? AND "
                               "(last_seen_at IS NULL OR last_seen_at < ? OR last_seen_at > ? "
                               "OR inactive_since IS NOT NULL)"),
            {nowMs, *enrollmentId, staleBefore, nowMs}));
}

Status DeviceLifecycle::requestRefusal(Database& db, const QString& udid, const QString& reason, const QDateTime& now)
{
    auto device = db.exec(QStringLiteral("SELECT id, enrollment_state FROM devices WHERE udid = ?"), {udid});
    if (!device)
        return device.error().toError();
    if (!device->next())
        return Error {QStringLiteral("no device with UDID %1").arg(udid)};
    if (device->value(1).toString() == QLatin1String("unenrolled"))
        return Error {QStringLiteral("device %1 is unenrolled already").arg(udid)};
    auto marked
        = db.exec(QStringLiteral(
                      "UPDATE devices SET unenroll_requested_at = ?, unenroll_reason = ?, updated_at = ? WHERE id = ?"),
            {now.toMSecsSinceEpoch(), reason, now.toMSecsSinceEpoch(), device->value(0).toLongLong()});
    if (!marked)
        return marked.error().toError();
    qCInfo(lcInventory).noquote() << "device" << udid << "marked to get 401 on its next request:" << reason;
    return {};
}

Result<std::optional<Refusal>, StorageError> DeviceLifecycle::refuseIfMarked(
    Database& db, const QString& udid, const QDateTime& now)
{
    auto device = db.exec(
        QStringLiteral("SELECT id, unenroll_reason FROM devices WHERE udid = ? AND unenroll_requested_at IS NOT NULL"),
        {udid});
    if (!device)
        return device.error();
    if (!device->next())
        return std::optional<Refusal>();
    const qint64 deviceId = device->value(0).toLongLong();
    Refusal refusal {device->value(1).toString()};
    if (refusal.reason.isEmpty())
        refusal.reason = QStringLiteral("management terminated by an operator");
    const qint64 nowMs = now.toMSecsSinceEpoch();
    if (StorageStatus s = execStatus(
            db.exec(QStringLiteral("UPDATE enrollments SET status = 'checked_out', updated_at = ? WHERE device_id = ?"),
                {nowMs, deviceId}));
        !s)
        return s.error();
    // The mark is cleared: the device is unenrolled now, and a later re-enrollment starts clean.
    if (StorageStatus s = execStatus(
            db.exec(QStringLiteral("UPDATE devices SET enrollment_state = 'unenrolled', unenroll_requested_at = NULL, "
                                   "updated_at = ? WHERE id = ?"),
                {nowMs, deviceId}));
        !s)
        return s.error();
    qCWarning(lcInventory).noquote() << "device" << udid << "answered 401 and unenrolled:" << refusal.reason;
    return std::optional<Refusal>(refusal);
}

Result<QString> DeviceLifecycle::enqueueRemoveProfile(
    Database& db, const QString& udid, const QString& createdBy, const QDateTime& now)
{
    auto setting = db.exec(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {profileIdentifierSettingKey()});
    if (!setting)
        return setting.error().toError();
    const QString identifier = setting->next() ? setting->value(0).toString().trimmed() : QString();
    if (identifier.isEmpty())
        return Error {QStringLiteral("the enrollment profile's identifier is not known (setting %1 is unset); "
                                     "create the enrollment profile with 'quincectl enrollment profile' first")
                          .arg(profileIdentifierSettingKey())};
    auto enrollment = db.exec(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                             "WHERE d.udid = ? AND e.channel = 'device' AND e.status <> 'checked_out'"),
        {udid});
    if (!enrollment)
        return enrollment.error().toError();
    if (!enrollment->next())
        return Error {QStringLiteral("device %1 has no enrollment to remove (unknown UDID, or checked out)").arg(udid)};
    const qint64 enrollmentId = enrollment->value(0).toLongLong();

    plist::Dict command;
    command.insert(QStringLiteral("Identifier"), identifier);
    Result<QByteArray, plist::PlistError> dict = plist::encodeXml(plist::Value(std::move(command)));
    if (!dict)
        return Error {QStringLiteral("the RemoveProfile command cannot be encoded: ") + dict.error().message};
    mdm::EnqueueOptions options;
    options.createdBy = createdBy;
    Result<QString, StorageError> queued
        = mdm::CommandQueue(db).enqueue({enrollmentId}, QStringLiteral("RemoveProfile"), *dict, options, now);
    if (!queued)
        return queued.error().toError();
    qCInfo(lcInventory).noquote() << "RemoveProfile" << identifier << "queued for device" << udid << "as" << *queued;
    return *queued;
}

} // namespace quince::inventory

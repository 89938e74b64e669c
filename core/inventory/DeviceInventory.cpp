// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inventory/DeviceInventory.h"

#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QSqlRecord>

namespace quince::inventory {

using storage::Database;
using storage::StorageError;

namespace {

const QString kSummaryColumns = QStringLiteral(
    "id, udid, serial_number, device_name, model, model_name, product_name, os_version, build_version, "
    "enrollment_state, battery_level, device_capacity_gb, available_capacity_gb, is_supervised, last_seen_at, "
    "enrolled_at, COALESCE(inactive_since, apns_inactive_since), unenroll_requested_at, unenroll_reason, "
    "facts_reported_at, created_at");

std::optional<double> optionalReal(const QVariant& value)
{
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

DeviceSummary summaryFrom(const QSqlQuery& q)
{
    DeviceSummary s;
    s.id = q.value(0).toLongLong();
    s.udid = q.value(1).toString();
    s.serialNumber = q.value(2).toString();
    s.deviceName = q.value(3).toString();
    s.model = q.value(4).toString();
    s.modelName = q.value(5).toString();
    s.productName = q.value(6).toString();
    s.osVersion = q.value(7).toString();
    s.buildVersion = q.value(8).toString();
    s.enrollmentState = q.value(9).toString();
    s.batteryLevel = optionalReal(q.value(10));
    s.deviceCapacityGb = optionalReal(q.value(11));
    s.availableCapacityGb = optionalReal(q.value(12));
    s.isSupervised = q.value(13).isNull() ? std::nullopt : std::optional<bool>(q.value(13).toInt() != 0);
    s.lastSeenAt = storage::fromDbTimestamp(q.value(14));
    s.enrolledAt = storage::fromDbTimestamp(q.value(15));
    s.inactiveSince = storage::fromDbTimestamp(q.value(16));
    s.unenrollRequestedAt = storage::fromDbTimestamp(q.value(17));
    s.unenrollReason = q.value(18).toString();
    s.factsReportedAt = storage::fromDbTimestamp(q.value(19));
    s.createdAt = storage::fromDbTimestamp(q.value(20));
    return s;
}

/// Columns holding a timestamp, by name: the *_at, *_since, *_date and not_* columns.
bool isTimestampColumn(const QString& name)
{
    return name.endsWith(QLatin1String("_at")) || name.endsWith(QLatin1String("_since"))
        || name.endsWith(QLatin1String("_date")) || name.startsWith(QLatin1String("not_"));
}

Result<QList<QVariantMap>, StorageError> rows(Database& db, const QString& sql, const QVariantList& bindings)
{
    Result<QSqlQuery, StorageError> query = db.exec(sql, bindings);
    if (!query)
        return query.error();
    QList<QVariantMap> result;
    while (query->next()) {
        const QSqlRecord record = query->record();
        QVariantMap row;
        for (int i = 0; i < record.count(); ++i) {
            const QString name = record.fieldName(i);
            const QVariant value = query->value(i);
            row.insert(
                name, isTimestampColumn(name) && !value.isNull() ? QVariant(storage::fromDbTimestamp(value)) : value);
        }
        result.append(row);
    }
    return result;
}

} // namespace

Result<QList<DeviceSummary>, StorageError> DeviceInventory::list(Database& db, const DeviceListFilter& filter)
{
    // Never-seen devices last on both engines (PostgreSQL sorts NULL first in DESC, SQLite last).
    const QString where = filter.inactiveOnly
        ? QStringLiteral(" WHERE inactive_since IS NOT NULL OR apns_inactive_since IS NOT NULL")
        : QString();
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT ") + kSummaryColumns + QStringLiteral(" FROM devices") + where
                + QStringLiteral(
                    " ORDER BY CASE WHEN last_seen_at IS NULL THEN 1 ELSE 0 END, last_seen_at DESC, id LIMIT ?"),
            {qMax(0, filter.limit)});
    if (!query)
        return query.error();
    QList<DeviceSummary> devices;
    while (query->next())
        devices.append(summaryFrom(*query));
    return devices;
}

Result<std::optional<DeviceDetails>, StorageError> DeviceInventory::show(Database& db, const QString& udid)
{
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT ") + kSummaryColumns + QStringLiteral(" FROM devices WHERE udid = ?"), {udid});
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<DeviceDetails>();
    DeviceDetails details;
    details.summary = summaryFrom(*query);
    const qint64 id = details.summary.id;

    // Secrets (tokens, sealed keys) are not selected: this is what an operator may see.
    const QString ofDevice = QStringLiteral(" WHERE enrollment_id IN (SELECT id FROM enrollments WHERE device_id = ?)");
    const struct {
        QList<QVariantMap>* target;
        QString sql;
    } sections[] = {
        {&details.enrollments,
            QStringLiteral("SELECT id, channel, user_id, user_short_name, user_long_name, status, topic, "
                           "token_updated_at, push_token_dead_since, last_seen_at, inactive_since, created_at, "
                           "updated_at FROM enrollments WHERE device_id = ? ORDER BY id")},
        {&details.facts,
            QStringLiteral("SELECT name, value, value_type, reported_at FROM device_facts WHERE device_id = ? "
                           "ORDER BY name")},
        {&details.profiles,
            QStringLiteral("SELECT enrollment_id, payload_identifier, payload_uuid, payload_version, display_name, "
                           "organization, description, removal_disallowed, has_removal_passcode, is_encrypted, "
                           "is_managed, source, payload_types, reported_at FROM device_profiles")
                + ofDevice + QStringLiteral(" ORDER BY enrollment_id, payload_identifier")},
        {&details.provisioningProfiles,
            QStringLiteral(
                "SELECT enrollment_id, name, uuid, expiry_date, reported_at FROM device_provisioning_profiles")
                + ofDevice + QStringLiteral(" ORDER BY enrollment_id, name")},
        {&details.certificates,
            QStringLiteral("SELECT enrollment_id, common_name, is_identity, subject, issuer, serial_hex, sha256, "
                           "not_before, not_after, parse_error, reported_at FROM device_certificates")
                + ofDevice + QStringLiteral(" ORDER BY enrollment_id, common_name")},
        {&details.applications,
            QStringLiteral(
                "SELECT enrollment_id, identifier, name, version, short_version, "
                "external_version_identifier, distributor_identifier, source, bundle_size, dynamic_size, "
                "is_validated, installing, app_store_vendable, device_based_vpp, beta_app, "
                "ad_hoc_code_signed, has_update_available, is_app_clip, reported_at FROM device_applications")
                + ofDevice + QStringLiteral(" ORDER BY enrollment_id, name, identifier")},
        {&details.reports,
            QStringLiteral("SELECT enrollment_id, request_type, item_count, applied_at, malformed_at, error "
                           "FROM inventory_reports")
                + ofDevice + QStringLiteral(" ORDER BY enrollment_id, request_type")},
    };
    for (const auto& section : sections) {
        Result<QList<QVariantMap>, StorageError> read = rows(db, section.sql, {id});
        if (!read)
            return read.error();
        *section.target = std::move(read).value();
    }
    Result<QList<QVariantMap>, StorageError> security = rows(db,
        QStringLiteral("SELECT passcode_present, passcode_compliant, passcode_compliant_with_profiles, "
                       "hardware_encryption_caps, auto_lock_time, fde_enabled, fde_has_personal_recovery_key, "
                       "fde_has_institutional_recovery_key, system_integrity_protection_enabled, firewall_enabled, "
                       "enrolled_via_dep, user_approved_enrollment, is_user_enrollment, secure_boot_level, "
                       "recovery_lock_enabled, reported_at FROM device_security WHERE device_id = ?"),
        {id});
    if (!security)
        return security.error();
    if (!security->isEmpty())
        details.security = security->first();
    return std::optional<DeviceDetails>(std::move(details));
}

} // namespace quince::inventory

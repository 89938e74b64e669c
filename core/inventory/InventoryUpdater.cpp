// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inventory/InventoryUpdater.h"

#include "core/inventory/InventoryLog.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QSqlError>
#include <QSqlQuery>

namespace quince::inventory {

using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

QVariant nullOf(QMetaType type)
{
    return QVariant(type);
}

QVariant column(const std::optional<QString>& value)
{
    return value ? QVariant(*value) : nullOf(QMetaType::fromType<QString>());
}

QVariant column(const std::optional<bool>& value)
{
    return value ? QVariant(*value ? 1 : 0) : nullOf(QMetaType::fromType<int>());
}

QVariant column(const std::optional<qint64>& value)
{
    return value ? QVariant(*value) : nullOf(QMetaType::fromType<qint64>());
}

QVariant column(const QDateTime& value)
{
    return storage::toDbTimestamp(value);
}

QVariant textColumn(const QString& value)
{
    return value.isEmpty() ? nullOf(QMetaType::fromType<QString>()) : QVariant(value);
}

/// The devices column a top-level QueryResponses key is copied to.
struct ColumnKey {
    const char* key;
    const char* column;
};

constexpr ColumnKey kDeviceColumns[] = {
    {"DeviceName", "device_name"},
    {"OSVersion", "os_version"},
    {"BuildVersion", "build_version"},
    {"ModelName", "model_name"},
    {"Model", "model"},
    {"ModelNumber", "model_number"},
    {"ProductName", "product_name"},
    {"SerialNumber", "serial_number"},
    {"DeviceCapacity", "device_capacity_gb"},
    {"AvailableDeviceCapacity", "available_capacity_gb"},
    {"BatteryLevel", "battery_level"},
    {"IsSupervised", "is_supervised"},
    {"IsActivationLockEnabled", "is_activation_lock_enabled"},
    {"IMEI", "imei"},
    {"WiFiMAC", "wifi_mac"},
};

/// The column value of a (type-checked) QueryResponses value; NULL when absent, so that
/// COALESCE keeps what an earlier answer reported.
QVariant deviceColumnValue(const plist::Value& value)
{
    switch (value.type()) {
    case plist::Type::String:
        return value.toString();
    case plist::Type::Boolean:
        return value.toBool() ? 1 : 0;
    case plist::Type::Real:
        return value.toReal();
    case plist::Type::Integer:
        return double(value.toInteger());
    default:
        return nullOf(QMetaType::fromType<QString>());
    }
}

/// A prepared statement run once per row of a list.
class RowInserter {
public:
    RowInserter(storage::Database& db, const QString& sql) : m_db(db), m_query(db.connection()), m_sql(sql)
    {
        m_prepared = m_query.prepare(sql);
    }
    StorageStatus insert(const QVariantList& bindings)
    {
        if (!m_prepared)
            return m_db.errorFrom(m_query.lastError(), m_sql, QStringLiteral("preparing"));
        for (qsizetype i = 0; i < bindings.size(); ++i)
            m_query.bindValue(int(i), bindings.at(i));
        if (!m_query.exec())
            return m_db.errorFrom(m_query.lastError(), m_sql);
        return {};
    }

private:
    storage::Database& m_db;
    QSqlQuery m_query;
    QString m_sql;
    bool m_prepared = false;
};

StorageStatus execStatus(Result<QSqlQuery, StorageError> result)
{
    if (!result)
        return result.error();
    return {};
}

} // namespace

InventoryUpdater::InventoryUpdater(storage::Database& db, InventoryLimits limits) : m_db(db), m_limits(limits)
{
}

Result<ApplyResult, StorageError> InventoryUpdater::apply(
    qint64 enrollmentId, const QString& requestType, const QByteArray& response, const QDateTime& now)
{
    if (!inventoryKindFromRequestType(requestType))
        return ApplyResult {};
    Result<plist::Value, plist::PlistError> decoded = plist::decode(response);
    if (!decoded) {
        const QString error = QStringLiteral("not a property list: ") + decoded.error().message;
        if (StorageStatus recorded = recordMalformed(enrollmentId, requestType, error, now.toMSecsSinceEpoch());
            !recorded)
            return recorded.error();
        return ApplyResult {ApplyOutcome::Malformed, 0, error};
    }
    return apply(enrollmentId, requestType, *decoded, now);
}

Result<ApplyResult, StorageError> InventoryUpdater::apply(
    qint64 enrollmentId, const QString& requestType, const plist::Value& response, const QDateTime& now)
{
    const std::optional<InventoryKind> kind = inventoryKindFromRequestType(requestType);
    if (!kind)
        return ApplyResult {};
    const qint64 nowMs = now.toMSecsSinceEpoch();

    Result<QSqlQuery, StorageError> owner
        = m_db.exec(QStringLiteral("SELECT device_id FROM enrollments WHERE id = ?"), {enrollmentId});
    if (!owner)
        return owner.error();
    if (!owner->next())
        return StorageError {StorageErrorKind::JobFailed,
            QStringLiteral("inventory for enrollment %1, which does not exist").arg(enrollmentId), QString()};
    const qint64 deviceId = owner->value(0).toLongLong();

    Result<InventoryReport> report = ResponseParser::parse(*kind, response, m_limits);
    if (!report) {
        if (StorageStatus recorded = recordMalformed(enrollmentId, requestType, report.error().message, nowMs);
            !recorded)
            return recorded.error();
        return ApplyResult {ApplyOutcome::Malformed, 0, report.error().message};
    }
    StorageStatus written = m_db.transact([&] { return write(enrollmentId, deviceId, *report, nowMs); });
    if (!written)
        return written.error();
    return ApplyResult {ApplyOutcome::Applied, report->itemCount(), QString()};
}

StorageStatus InventoryUpdater::write(qint64 enrollmentId, qint64 deviceId, const InventoryReport& report, qint64 nowMs)
{
    StorageStatus status;
    switch (report.kind) {
    case InventoryKind::DeviceInformation:
        status = writeDeviceInformation(deviceId, report.deviceInformation, nowMs);
        break;
    case InventoryKind::SecurityInfo:
        status = writeSecurity(deviceId, report.security, nowMs);
        break;
    case InventoryKind::ProfileList:
        status = writeProfiles(enrollmentId, report.profiles, nowMs);
        break;
    case InventoryKind::ProvisioningProfileList:
        status = writeProvisioningProfiles(enrollmentId, report.provisioningProfiles, nowMs);
        break;
    case InventoryKind::CertificateList:
        status = writeCertificates(enrollmentId, report.certificates, nowMs);
        break;
    case InventoryKind::InstalledApplicationList:
        status = writeApplications(enrollmentId, report.applications, nowMs);
        break;
    }
    if (!status)
        return status;
    return execStatus(
        m_db.exec(QStringLiteral("INSERT INTO inventory_reports (enrollment_id, request_type, item_count, applied_at) "
                                 "VALUES (?, ?, ?, ?) ON CONFLICT (enrollment_id, request_type) DO UPDATE SET "
                                 "item_count = excluded.item_count, applied_at = excluded.applied_at"),
            {enrollmentId, requestTypeName(report.kind), qint64(report.itemCount()), nowMs}));
}

StorageStatus InventoryUpdater::writeDeviceInformation(
    qint64 deviceId, const DeviceInformationReport& report, qint64 nowMs)
{
    // The raw dictionary is merged: a DeviceInformation asking for a few keys keeps the rest.
    plist::Dict merged;
    Result<QSqlQuery, StorageError> stored
        = m_db.exec(QStringLiteral("SELECT query_responses FROM device_information WHERE device_id = ?"), {deviceId});
    if (!stored)
        return stored.error();
    if (stored->next()) {
        Result<plist::Value, plist::PlistError> previous = plist::decode(stored->value(0).toByteArray());
        if (previous && previous->isDict())
            merged = previous->toDict();
    }
    for (const plist::DictEntry& entry : report.queryResponses)
        merged.insert(entry.key, entry.value);
    // Bounded like the answer itself, so merging many different answers cannot grow it forever.
    while (merged.size() > m_limits.maxFacts)
        merged.remove(merged.entryAt(0).key);
    Result<QByteArray, plist::PlistError> xml = plist::encodeXml(plist::Value(merged));
    if (!xml)
        return StorageError {StorageErrorKind::JobFailed,
            QStringLiteral("QueryResponses cannot be stored: ") + xml.error().message, QString()};
    if (StorageStatus s = execStatus(m_db.exec(
            QStringLiteral("INSERT INTO device_information (device_id, query_responses, reported_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (device_id) DO UPDATE SET query_responses = excluded.query_responses, "
                           "reported_at = excluded.reported_at"),
            {deviceId, *xml, nowMs}));
        !s)
        return s;

    RowInserter fact(m_db,
        QStringLiteral(
            "INSERT INTO device_facts (device_id, name, value, value_type, reported_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (device_id, name) DO UPDATE SET value = excluded.value, "
            "value_type = excluded.value_type, reported_at = excluded.reported_at"));
    for (const DeviceFact& f : report.facts) {
        if (StorageStatus s = fact.insert({deviceId, f.name, f.value, f.type, nowMs}); !s)
            return s;
    }

    QString assignments;
    QVariantList bindings;
    for (const ColumnKey& mapping : kDeviceColumns) {
        assignments += QStringLiteral("%1 = COALESCE(?, %1), ").arg(QLatin1String(mapping.column));
        bindings << deviceColumnValue(report.queryResponses.value(QLatin1String(mapping.key)));
    }
    bindings << nowMs << nowMs << deviceId;
    return execStatus(m_db.exec(QStringLiteral("UPDATE devices SET ") + assignments
            + QStringLiteral("facts_reported_at = ?, updated_at = ? WHERE id = ?"),
        bindings));
}

StorageStatus InventoryUpdater::writeSecurity(qint64 deviceId, const SecurityReport& report, qint64 nowMs)
{
    Result<QByteArray, plist::PlistError> xml = plist::encodeXml(plist::Value(report.securityInfo));
    if (!xml)
        return StorageError {StorageErrorKind::JobFailed,
            QStringLiteral("SecurityInfo cannot be stored: ") + xml.error().message, QString()};
    if (StorageStatus s
        = execStatus(m_db.exec(QStringLiteral("DELETE FROM device_security WHERE device_id = ?"), {deviceId}));
        !s)
        return s;
    return execStatus(m_db.exec(
        QStringLiteral("INSERT INTO device_security (device_id, passcode_present, passcode_compliant, "
                       "passcode_compliant_with_profiles, hardware_encryption_caps, auto_lock_time, fde_enabled, "
                       "fde_has_personal_recovery_key, fde_has_institutional_recovery_key, "
                       "system_integrity_protection_enabled, firewall_enabled, enrolled_via_dep, "
                       "user_approved_enrollment, is_user_enrollment, secure_boot_level, recovery_lock_enabled, "
                       "security_info, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {deviceId, column(report.passcodePresent), column(report.passcodeCompliant),
            column(report.passcodeCompliantWithProfiles), column(report.hardwareEncryptionCaps),
            column(report.autoLockTime), column(report.fdeEnabled), column(report.fdeHasPersonalRecoveryKey),
            column(report.fdeHasInstitutionalRecoveryKey), column(report.systemIntegrityProtectionEnabled),
            column(report.firewallEnabled), column(report.enrolledViaDep), column(report.userApprovedEnrollment),
            column(report.isUserEnrollment), column(report.secureBootLevel), column(report.recoveryLockEnabled), *xml,
            nowMs}));
}

StorageStatus InventoryUpdater::writeProfiles(qint64 enrollmentId, const QList<ProfileItem>& items, qint64 nowMs)
{
    if (StorageStatus s
        = execStatus(m_db.exec(QStringLiteral("DELETE FROM device_profiles WHERE enrollment_id = ?"), {enrollmentId}));
        !s)
        return s;
    RowInserter row(m_db,
        QStringLiteral("INSERT INTO device_profiles (enrollment_id, payload_identifier, payload_uuid, payload_version, "
                       "display_name, organization, description, removal_disallowed, has_removal_passcode, "
                       "is_encrypted, is_managed, source, payload_types, reported_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const ProfileItem& item : items) {
        if (StorageStatus s
            = row.insert({enrollmentId, item.payloadIdentifier, column(item.payloadUuid), column(item.payloadVersion),
                column(item.displayName), column(item.organization), column(item.description),
                column(item.removalDisallowed), column(item.hasRemovalPasscode), column(item.isEncrypted),
                column(item.isManaged), column(item.source), textColumn(item.payloadTypes), nowMs});
            !s)
            return s;
    }
    return {};
}

StorageStatus InventoryUpdater::writeProvisioningProfiles(
    qint64 enrollmentId, const QList<ProvisioningProfileItem>& items, qint64 nowMs)
{
    if (StorageStatus s = execStatus(m_db.exec(
            QStringLiteral("DELETE FROM device_provisioning_profiles WHERE enrollment_id = ?"), {enrollmentId}));
        !s)
        return s;
    RowInserter row(m_db,
        QStringLiteral("INSERT INTO device_provisioning_profiles (enrollment_id, name, uuid, expiry_date, reported_at) "
                       "VALUES (?, ?, ?, ?, ?)"));
    for (const ProvisioningProfileItem& item : items) {
        if (StorageStatus s
            = row.insert({enrollmentId, column(item.name), column(item.uuid), column(item.expiryDate), nowMs});
            !s)
            return s;
    }
    return {};
}

StorageStatus InventoryUpdater::writeCertificates(
    qint64 enrollmentId, const QList<CertificateItem>& items, qint64 nowMs)
{
    if (StorageStatus s = execStatus(
            m_db.exec(QStringLiteral("DELETE FROM device_certificates WHERE enrollment_id = ?"), {enrollmentId}));
        !s)
        return s;
    RowInserter row(m_db,
        QStringLiteral("INSERT INTO device_certificates (enrollment_id, common_name, is_identity, subject, issuer, "
                       "serial_hex, sha256, not_before, not_after, der, parse_error, reported_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const CertificateItem& item : items) {
        if (StorageStatus s = row.insert({enrollmentId, column(item.commonName), column(item.isIdentity),
                textColumn(item.subject), textColumn(item.issuer), textColumn(item.serialHex), textColumn(item.sha256),
                column(item.notBefore), column(item.notAfter), item.der, textColumn(item.parseError), nowMs});
            !s)
            return s;
    }
    return {};
}

StorageStatus InventoryUpdater::writeApplications(
    qint64 enrollmentId, const QList<ApplicationItem>& items, qint64 nowMs)
{
    if (StorageStatus s = execStatus(
            m_db.exec(QStringLiteral("DELETE FROM device_applications WHERE enrollment_id = ?"), {enrollmentId}));
        !s)
        return s;
    RowInserter row(m_db,
        QStringLiteral("INSERT INTO device_applications (enrollment_id, identifier, name, version, short_version, "
                       "external_version_identifier, distributor_identifier, source, bundle_size, dynamic_size, "
                       "is_validated, installing, app_store_vendable, device_based_vpp, beta_app, ad_hoc_code_signed, "
                       "has_update_available, is_app_clip, reported_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const ApplicationItem& item : items) {
        if (StorageStatus s = row.insert({enrollmentId, column(item.identifier), column(item.name),
                column(item.version), column(item.shortVersion), column(item.externalVersionIdentifier),
                column(item.distributorIdentifier), column(item.source), column(item.bundleSize),
                column(item.dynamicSize), column(item.isValidated), column(item.installing),
                column(item.appStoreVendable), column(item.deviceBasedVpp), column(item.betaApp),
                column(item.adHocCodeSigned), column(item.hasUpdateAvailable), column(item.isAppClip), nowMs});
            !s)
            return s;
    }
    return {};
}

StorageStatus InventoryUpdater::recordMalformed(
    qint64 enrollmentId, const QString& requestType, const QString& error, qint64 nowMs)
{
    qCWarning(lcInventory).noquote() << requestType << "response of enrollment" << enrollmentId
                                     << "refused as malformed:" << error;
    return execStatus(
        m_db.exec(QStringLiteral("INSERT INTO inventory_reports (enrollment_id, request_type, malformed_at, error) "
                                 "VALUES (?, ?, ?, ?) ON CONFLICT (enrollment_id, request_type) DO UPDATE SET "
                                 "malformed_at = excluded.malformed_at, error = excluded.error"),
            {enrollmentId, requestType, nowMs, error.left(m_limits.maxStringLength)}));
}

} // namespace quince::inventory

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CaStore.h"

#include "core/storage/Timestamp.h"

#include <QSqlQuery>

namespace quince::pki {

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

const QString selectColumns = QStringLiteral("SELECT id, kind, status, der, private_key_sealed, topic, device_udid, "
                                             "enrollment_id, created_at FROM certificates");

Result<QList<CertificateRecord>, StorageError> readRows(QSqlQuery& query, const QString& statement)
{
    QList<CertificateRecord> records;
    while (query.next()) {
        CertificateRecord record;
        record.id = query.value(0).toLongLong();
        const auto kind = certificateKindFromDb(query.value(1).toString());
        const auto status = certificateStatusFromDb(query.value(2).toString());
        auto certificate = Certificate::fromDer(query.value(3).toByteArray());
        if (!kind || !status || !certificate)
            return StorageError {StorageErrorKind::QueryFailed,
                QStringLiteral("Certificate row %1 cannot be read (%2)")
                    .arg(record.id)
                    .arg(!certificate ? certificate.error().message : QStringLiteral("unknown kind or status")),
                statement};
        record.kind = *kind;
        record.status = *status;
        record.certificate = certificate.value();
        record.privateKeySealed = query.value(4).toByteArray();
        record.topic = query.value(5).toString();
        record.deviceUdid = query.value(6).toString();
        if (!query.value(7).isNull())
            record.enrollmentId = query.value(7).toLongLong();
        record.createdAt = storage::fromDbTimestamp(query.value(8));
        records.append(record);
    }
    return records;
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

QString toDbValue(CertificateKind kind)
{
    switch (kind) {
    case CertificateKind::RootCa:
        return QStringLiteral("root_ca");
    case CertificateKind::IssuingCa:
        return QStringLiteral("issuing_ca");
    case CertificateKind::TlsServer:
        return QStringLiteral("tls_server");
    case CertificateKind::DeviceIdentity:
        return QStringLiteral("device_identity");
    case CertificateKind::Push:
        return QStringLiteral("push");
    case CertificateKind::ScepRa:
        return QStringLiteral("scep_ra");
    case CertificateKind::Vendor:
        return QStringLiteral("vendor");
    case CertificateKind::Other:
        return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

QString toDbValue(CertificateStatus status)
{
    switch (status) {
    case CertificateStatus::Active:
        return QStringLiteral("active");
    case CertificateStatus::Superseded:
        return QStringLiteral("superseded");
    case CertificateStatus::Revoked:
        return QStringLiteral("revoked");
    }
    return QStringLiteral("active");
}

std::optional<CertificateKind> certificateKindFromDb(const QString& value)
{
    for (const CertificateKind kind : {CertificateKind::RootCa, CertificateKind::IssuingCa, CertificateKind::TlsServer,
             CertificateKind::DeviceIdentity, CertificateKind::Push, CertificateKind::ScepRa, CertificateKind::Vendor,
             CertificateKind::Other}) {
        if (toDbValue(kind) == value)
            return kind;
    }
    return std::nullopt;
}

std::optional<CertificateStatus> certificateStatusFromDb(const QString& value)
{
    for (const CertificateStatus status :
        {CertificateStatus::Active, CertificateStatus::Superseded, CertificateStatus::Revoked}) {
        if (toDbValue(status) == value)
            return status;
    }
    return std::nullopt;
}

QString displayName(CertificateKind kind)
{
    switch (kind) {
    case CertificateKind::RootCa:
        return QStringLiteral("Root CA");
    case CertificateKind::IssuingCa:
        return QStringLiteral("Issuing CA");
    case CertificateKind::TlsServer:
        return QStringLiteral("TLS server");
    case CertificateKind::DeviceIdentity:
        return QStringLiteral("Device identity");
    case CertificateKind::Push:
        return QStringLiteral("Push (APNs)");
    case CertificateKind::ScepRa:
        return QStringLiteral("SCEP RA");
    case CertificateKind::Vendor:
        return QStringLiteral("MDM vendor");
    case CertificateKind::Other:
        return QStringLiteral("Other");
    }
    return QStringLiteral("Other");
}

QString CaStore::keyContext(const Certificate& certificate)
{
    return QStringLiteral("certificate/%1/private-key").arg(certificate.sha256Hex());
}

Result<qint64, StorageError> CaStore::insert(Database& db, const CertificateRecord& record)
{
    const Certificate& cert = record.certificate;
    if (cert.isNull())
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("No certificate to store"), QString()};
    const QString statement = QStringLiteral(
        "INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, not_after, der, "
        "private_key_sealed, topic, device_udid, enrollment_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const QDateTime created = record.createdAt.isValid() ? record.createdAt : QDateTime::currentDateTimeUtc();
    auto query = db.exec(statement,
        {toDbValue(record.kind), toDbValue(record.status), cert.subject(), cert.issuer(), cert.serialHex(),
            cert.sha256Hex(), storage::toDbTimestamp(cert.notBefore()), storage::toDbTimestamp(cert.notAfter()),
            cert.toDer(),
            record.privateKeySealed.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                              : QVariant(record.privateKeySealed),
            nullableText(record.topic), nullableText(record.deviceUdid),
            record.enrollmentId ? QVariant(*record.enrollmentId) : QVariant(QMetaType::fromType<qint64>()),
            storage::toDbTimestamp(created)});
    if (!query)
        return query.error();
    const QVariant id = query->lastInsertId();
    if (!id.isValid())
        return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("No id for the new certificate"), statement};
    return id.toLongLong();
}

StorageStatus CaStore::setStatus(Database& db, qint64 id, CertificateStatus status)
{
    auto query = db.exec(QStringLiteral("UPDATE certificates SET status = ? WHERE id = ?"), {toDbValue(status), id});
    if (!query)
        return query.error();
    return {};
}

StorageStatus CaStore::supersedeActive(Database& db, CertificateKind kind, qint64 keepId)
{
    auto query = db.exec(QStringLiteral("UPDATE certificates SET status = ? WHERE kind = ? AND status = ? AND id <> ?"),
        {toDbValue(CertificateStatus::Superseded), toDbValue(kind), toDbValue(CertificateStatus::Active), keepId});
    if (!query)
        return query.error();
    return {};
}

Result<QList<CertificateRecord>, StorageError> CaStore::find(
    Database& db, CertificateKind kind, std::optional<CertificateStatus> status)
{
    QString statement = selectColumns + QStringLiteral(" WHERE kind = ?");
    QVariantList bindings {toDbValue(kind)};
    if (status) {
        statement += QStringLiteral(" AND status = ?");
        bindings.append(toDbValue(*status));
    }
    statement += QStringLiteral(" ORDER BY id DESC");
    auto query = db.exec(statement, bindings);
    if (!query)
        return query.error();
    return readRows(*query, statement);
}

Result<QList<CertificateRecord>, StorageError> CaStore::all(Database& db)
{
    const QString statement = selectColumns + QStringLiteral(" ORDER BY id");
    auto query = db.exec(statement);
    if (!query)
        return query.error();
    return readRows(*query, statement);
}

Result<std::optional<CertificateRecord>, StorageError> CaStore::findBySha256(Database& db, const QString& sha256Hex)
{
    const QString statement = selectColumns + QStringLiteral(" WHERE sha256 = ?");
    auto query = db.exec(statement, {sha256Hex.toLower()});
    if (!query)
        return query.error();
    auto rows = readRows(*query, statement);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<CertificateRecord>();
    return std::optional<CertificateRecord>(rows->first());
}

} // namespace quince::pki

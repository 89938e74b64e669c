// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/DeviceIdentity.h"

#include "core/mdm/CheckInLog.h"

namespace quince::mdm {

using storage::Database;
using storage::StorageError;
using storage::StorageStatus;

namespace {

IdentityRefusal refuse(
    IdentityRefusal refusal, const QString& sha256, const CheckInMessage& message, const QString& detail = QString())
{
    qCWarning(lcCheckIn).noquote() << "refused" << messageTypeName(message.type) << "from device" << message.deviceId
                                   << "with certificate" << (sha256.isEmpty() ? QStringLiteral("-") : sha256) << ":"
                                   << refusalName(refusal) << detail;
    return refusal;
}

} // namespace

QString refusalName(IdentityRefusal refusal)
{
    switch (refusal) {
    case IdentityRefusal::NoCertificate:
        return QStringLiteral("NoCertificate");
    case IdentityRefusal::UnknownCertificate:
        return QStringLiteral("UnknownCertificate");
    case IdentityRefusal::InactiveCertificate:
        return QStringLiteral("InactiveCertificate");
    case IdentityRefusal::NotBound:
        return QStringLiteral("NotBound");
    case IdentityRefusal::BoundToAnotherDevice:
        return QStringLiteral("BoundToAnotherDevice");
    case IdentityRefusal::TopicMismatch:
        return QStringLiteral("TopicMismatch");
    }
    return QString();
}

DeviceIdentity::Verdict DeviceIdentity::verify(
    Database& db, const QString& certificateSha256, const CheckInMessage& message, const QString& expectedTopic)
{
    const QString sha256 = certificateSha256.trimmed().toLower();
    if (sha256.isEmpty())
        return refuse(IdentityRefusal::NoCertificate, sha256, message);

    Result<QSqlQuery, StorageError> query = db.exec(
        QStringLiteral("SELECT id, status, serial_hex, device_udid FROM certificates WHERE sha256 = ? AND kind = ?"),
        {sha256, QStringLiteral("device_identity")});
    if (!query)
        return query.error();
    if (!query->next())
        return refuse(IdentityRefusal::UnknownCertificate, sha256, message);

    VerifiedIdentity identity;
    identity.certificateId = query->value(0).toLongLong();
    identity.sha256 = sha256;
    identity.serialHex = query->value(2).toString();
    const QString status = query->value(1).toString();
    const QString boundTo = query->value(3).toString();

    if (status != QLatin1String("active"))
        return refuse(IdentityRefusal::InactiveCertificate, sha256, message, status);
    if (boundTo.isEmpty()) {
        // Only Authenticate may claim an unbound certificate: anything else would let a fresh
        // certificate speak for a device that enrolled with another one.
        if (message.type != CheckInMessageType::Authenticate)
            return refuse(IdentityRefusal::NotBound, sha256, message);
        identity.bindsNow = true;
    } else if (boundTo != message.deviceId) {
        return refuse(IdentityRefusal::BoundToAnotherDevice, sha256, message, QStringLiteral("bound to ") + boundTo);
    }
    if (!expectedTopic.isEmpty() && !message.topic.isEmpty() && message.topic != expectedTopic)
        return refuse(IdentityRefusal::TopicMismatch, sha256, message, QStringLiteral("topic ") + message.topic);
    return identity;
}

StorageStatus DeviceIdentity::bind(
    Database& db, const VerifiedIdentity& identity, const QString& deviceId, qint64 enrollmentId)
{
    // The device_udid IS NULL guard keeps a binding from ever moving, even if two Authenticates race.
    Result<QSqlQuery, StorageError> update
        = db.exec(QStringLiteral("UPDATE certificates SET device_udid = ?, enrollment_id = ? "
                                 "WHERE id = ? AND (device_udid IS NULL OR device_udid = ?)"),
            {deviceId, enrollmentId, identity.certificateId, deviceId});
    if (!update)
        return update.error();
    if (identity.bindsNow)
        qCInfo(lcCheckIn).noquote() << "certificate" << identity.sha256 << "bound to device" << deviceId;
    return {};
}

} // namespace quince::mdm

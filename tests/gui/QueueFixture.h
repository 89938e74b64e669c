// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Devices with active enrollments and queued commands, written through the real StorageWorker,
// and device answers sent through the real ConnectProcessor: what the command queue page shows.

#include "core/mdm/CommandQueue.h"
#include "core/mdm/ConnectProcessor.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/StorageWorker.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlQuery>
#include <QString>

#include <chrono>
#include <optional>

namespace quince::test {

inline QByteArray xmlOf(const plist::Value& value)
{
    auto bytes = plist::encodeXml(value);
    return bytes ? *bytes : QByteArray();
}

/// The certificate SHA-256 a test device presents (ConnectProcessor checks the binding).
inline QString deviceCertificateSha(const QString& udid)
{
    return QString::fromLatin1(QCryptographicHash::hash(udid.toUtf8(), QCryptographicHash::Sha256).toHex());
}

/// An enrolled device with an active device channel and (unless bindCertificate is false) a
/// stand-in identity certificate row bound to its UDID; returns the enrollment id (-1 on failure).
inline qint64 addEnrolledDevice(
    storage::StorageWorker& worker, const QString& udid, const QString& name, bool bindCertificate = true)
{
    qint64 enrollmentId = -1;
    const storage::StorageStatus status = worker.writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto device = db.exec(
            QStringLiteral("INSERT INTO devices (udid, device_name, model, os_version, platform, enrollment_state, "
                           "last_seen_at, created_at, updated_at) VALUES (?, ?, 'iPhone 15', '17.4', 'iOS', "
                           "'enrolled', ?, ?, ?) RETURNING id"),
            {udid, name, now, now, now});
        if (!device)
            return device.error();
        device->next();
        const qint64 deviceId = device->value(0).toLongLong();
        auto enrollment = db.exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, "
                                                 "updated_at) VALUES (?, 'device', 'active', ?, ?) RETURNING id"),
            {deviceId, now, now});
        if (!enrollment)
            return enrollment.error();
        enrollment->next();
        enrollmentId = enrollment->value(0).toLongLong();
        if (!bindCertificate)
            return {};
        auto certificate = db.exec(
            QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                           "not_after, der, device_udid, created_at) VALUES ('device_identity', 'active', ?, "
                           "'CN=Quince Device CA', ?, ?, 0, 1, ?, ?, 0)"),
            {QString(QStringLiteral("CN=") + udid), deviceCertificateSha(udid).right(16), deviceCertificateSha(udid),
                QByteArray("\x30\x00", 2), udid});
        if (!certificate)
            return certificate.error();
        return {};
    });
    if (!status)
        qWarning("addEnrolledDevice: %s", qPrintable(status.error().toString()));
    return enrollmentId;
}

/// Queues requestType for the enrollment; returns its CommandUUID ("" on failure).
inline QString enqueueCommand(storage::StorageWorker& worker, qint64 enrollmentId, const QString& requestType,
    std::optional<std::chrono::seconds> ttl = std::nullopt, const plist::Dict& parameters = {})
{
    QString uuid;
    const storage::StorageStatus status = worker.writeAndWait(
        [&](storage::Database& db) -> storage::StorageStatus {
            mdm::EnqueueOptions options;
            options.ttl = ttl;
            options.createdBy = QStringLiteral("test");
            QByteArray dict;
            if (!parameters.isEmpty())
                dict = xmlOf(plist::Value(parameters));
            auto queued = mdm::CommandQueue(db).enqueue(
                {enrollmentId}, requestType, dict, options, QDateTime::currentDateTimeUtc());
            if (!queued)
                return queued.error();
            uuid = *queued;
            return {};
        },
        {QStringLiteral("commands"), QStringLiteral("command_queue")});
    if (!status)
        qWarning("enqueueCommand: %s", qPrintable(status.error().toString()));
    return uuid;
}

/// What a device sends to the ServerURL: Status (and CommandUUID), through the real processor.
inline mdm::ConnectResult answer(mdm::ConnectProcessor& processor, const QString& udid, const QString& status,
    const QString& commandUuid = {}, const QSet<QString>& skip = {}, const QString& certificateSha = {})
{
    plist::Dict dict {{QStringLiteral("Status"), status}, {QStringLiteral("UDID"), udid}};
    if (!commandUuid.isEmpty())
        dict.insert(QStringLiteral("CommandUUID"), commandUuid);
    QFuture<mdm::ConnectResult> future = processor.process(
        xmlOf(plist::Value(dict)), certificateSha.isEmpty() ? deviceCertificateSha(udid) : certificateSha, skip);
    future.waitForFinished();
    return future.result();
}

} // namespace quince::test

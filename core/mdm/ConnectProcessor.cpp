// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/ConnectProcessor.h"

#include "core/inventory/DeviceLifecycle.h"
#include "core/inventory/InventoryUpdater.h"
#include "core/mdm/CheckInLog.h"
#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <QDateTime>

#include <memory>

namespace quince::mdm {

namespace {

struct ConnectMessage {
    QString deviceId; // UDID, or EnrollmentID for User Enrollment
    QString userId; // UserID / EnrollmentUserID: the user channel; "" for the device channel
    QString status;
    QString commandUuid;
    plist::Value decoded; // the whole body, for the inventory of an Acknowledged response
};

// Command responses can be large (installed application lists): the plist codec's default
// limits (32 MiB, depth 64) apply, the same the route enforces on the body while it arrives.
std::optional<ConnectMessage> decodeConnect(const QByteArray& body, QString* why)
{
    auto decoded = plist::decode(body);
    if (!decoded) {
        *why = QStringLiteral("not a property list: ") + decoded.error().message;
        return std::nullopt;
    }
    if (!decoded->isDict()) {
        *why = QStringLiteral("the property list is not a dictionary");
        return std::nullopt;
    }
    ConnectMessage message;
    const auto text = [&decoded](const char* key) { return decoded->value(QLatin1String(key)).toString(); };
    message.deviceId = text("UDID");
    if (message.deviceId.isEmpty())
        message.deviceId = text("EnrollmentID");
    message.userId = text("UserID");
    if (message.userId.isEmpty())
        message.userId = text("EnrollmentUserID");
    message.status = text("Status");
    message.commandUuid = text("CommandUUID");
    message.decoded = std::move(decoded).value();
    if (message.deviceId.isEmpty() || message.status.isEmpty()) {
        *why = QStringLiteral("UDID (or EnrollmentID) and Status are required");
        return std::nullopt;
    }
    if (message.status != QLatin1String("Idle") && message.commandUuid.isEmpty()) {
        *why = QStringLiteral("CommandUUID is required with Status ") + message.status;
        return std::nullopt;
    }
    if (message.status != QLatin1String("Idle") && !commandStatusFromName(message.status)) {
        *why = QStringLiteral("unknown Status ") + message.status;
        return std::nullopt;
    }
    return message;
}

} // namespace

ConnectProcessor::ConnectProcessor(storage::StorageWorker& worker) : m_worker(worker)
{
}

QFuture<ConnectResult> ConnectProcessor::process(
    const QByteArray& body, const QString& certificateSha256, const QSet<QString>& skip)
{
    QString why;
    const std::optional<ConnectMessage> message = decodeConnect(body, &why);
    if (!message) {
        qCWarning(lcCheckIn).noquote() << "command request refused:" << why;
        return QtFuture::makeReadyFuture(ConnectResult {400, {}, {}, why});
    }

    auto result = std::make_shared<ConnectResult>();
    const QString sha = certificateSha256.toLower();
    QFuture<storage::StorageStatus> job = m_worker.write(
        [result, message = *message, sha, skip, body](storage::Database& db) -> storage::StorageStatus {
            const qint64 nowMs = storage::nowDbTimestamp();
            const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
            // 1. Who is this? The certificate must be one Quince issued, bound to this device.
            auto bound = db.exec(QStringLiteral("SELECT device_udid FROM certificates WHERE sha256 = ?"
                                                " AND kind = 'device_identity' AND status = 'active'"),
                {sha});
            if (!bound)
                return bound.error();
            if (sha.isEmpty() || !bound->next() || bound->value(0).toString() != message.deviceId) {
                *result = {403, {}, {}, QStringLiteral("the client certificate is not bound to this device")};
                return {};
            }
            // An operator ended the management of this device: 401 makes it remove its profile.
            auto refused = inventory::DeviceLifecycle::refuseIfMarked(db, message.deviceId, now);
            if (!refused)
                return refused.error();
            if (*refused) {
                *result = {401, {}, {}, QStringLiteral("management terminated: ") + (*refused)->reason};
                return {};
            }
            // 2. Which queue? Device and user channel are separate enrollments.
            auto enrollment = db.exec(
                QStringLiteral("SELECT e.id, e.status, d.id FROM enrollments e JOIN devices d ON d.id = e.device_id"
                               " WHERE d.udid = ? AND e.channel = ? AND e.user_id = ?"),
                // A null QString binds as SQL NULL, which equals nothing: the device channel is ''.
                {message.deviceId, message.userId.isEmpty() ? QStringLiteral("device") : QStringLiteral("user"),
                    message.userId.isEmpty() ? QStringLiteral("") : message.userId});
            if (!enrollment)
                return enrollment.error();
            if (!enrollment->next() || enrollment->value(1).toString() != QLatin1String("active")) {
                // Not (or no longer) managed by us: 401 makes the device drop its profile.
                *result = {401, {}, {}, QStringLiteral("no active enrollment for this device and channel")};
                return {};
            }
            const qint64 enrollmentId = enrollment->value(0).toLongLong();
            const qint64 deviceRowId = enrollment->value(2).toLongLong();
            // Seen: last_seen_at now, and an inactive device or channel is active again.
            if (auto seen = inventory::DeviceLifecycle::markSeen(db, deviceRowId, enrollmentId, now); !seen)
                return seen;

            // 3. The status of the last command, then the next one, in this one transaction.
            CommandQueue queue(db);
            QSet<QString> skipNow = skip;
            if (message.status != QLatin1String("Idle")) {
                const CommandStatus status = *commandStatusFromName(message.status);
                auto recorded = queue.recordStatus(enrollmentId, message.commandUuid, status, body, now);
                if (!recorded)
                    return recorded.error();
                if (*recorded == RecordOutcome::Unknown)
                    qCWarning(lcCheckIn).noquote() << "status" << message.status << "for unknown CommandUUID"
                                                   << message.commandUuid << "from" << message.deviceId << "ignored";
                // What an inventory command reported is stored with its Acknowledged, in this
                // transaction: both are on disk before the device hears back, or neither is.
                if (*recorded == RecordOutcome::Recorded && status == CommandStatus::Acknowledged) {
                    auto requestType
                        = db.exec(QStringLiteral("SELECT request_type FROM commands WHERE command_uuid = ?"),
                            {message.commandUuid});
                    if (!requestType)
                        return requestType.error();
                    if (requestType->next()) {
                        auto applied = inventory::InventoryUpdater(db).apply(
                            enrollmentId, requestType->value(0).toString(), message.decoded, now);
                        if (!applied)
                            return applied.error();
                    }
                }
                if (status == CommandStatus::NotNow) {
                    result->notNowCommandUuid = message.commandUuid;
                    skipNow.insert(message.commandUuid);
                }
            }
            auto next = queue.next(enrollmentId, skipNow, now);
            if (!next)
                return next.error();
            result->status = 200;
            if (*next)
                result->body = (*next)->body;
            return {};
        },
        {QStringLiteral("command_queue"), QStringLiteral("command_results"), QStringLiteral("devices"),
            QStringLiteral("enrollments"), QStringLiteral("device_information"), QStringLiteral("device_facts"),
            QStringLiteral("device_security"), QStringLiteral("device_profiles"),
            QStringLiteral("device_provisioning_profiles"), QStringLiteral("device_certificates"),
            QStringLiteral("device_applications"), QStringLiteral("inventory_reports")});
    return job.then([result](const storage::StorageStatus& status) {
        if (!status) {
            // A storage problem is never an answer about the device's management: 503, retry.
            return ConnectResult {503, {}, {}, status.error().toString()};
        }
        return *result;
    });
}

} // namespace quince::mdm

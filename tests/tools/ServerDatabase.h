// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EnrollmentProfile.h"

#include "core/common/Result.h"
#include "core/mdm/CommandQueueTypes.h"
#include "core/pki/Certificate.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>

namespace quince::storage {
class StorageWorker;
}

namespace quince::devsim {

/// The operator's side of a test against a running server: a second writer on its database
/// (as quincectl is) to create SCEP challenges, queue and cancel commands, and read back what
/// the server stored.
class ServerDatabase {
public:
    ServerDatabase();
    ~ServerDatabase();
    ServerDatabase(const ServerDatabase&) = delete;
    ServerDatabase& operator=(const ServerDatabase&) = delete;

    Status open(const QString& databasePath);
    void close();
    storage::StorageWorker& worker() { return *m_worker; }

    /// The active root CA certificate (read once: it outlives any test).
    Result<pki::Certificate> rootCertificate();
    /// A new single-use SCEP challenge (clear text).
    Result<QByteArray> createChallenge();
    /// A profile-shaped enrollment for baseUrl ("https://localhost:port"): the root as trust
    /// anchor, SCEP at /scep with a new challenge, the MDM payload at /mdm/checkin and
    /// /mdm/connect.
    Result<EnrollmentProfile> makeProfile(
        const QString& baseUrl, bool signMessage = false, const QString& topic = kTopic);

    /// The push topic of the captured devices in shared/fixtures/devices.
    static inline const QString kTopic = QStringLiteral("com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9");

    /// Stores a push certificate for topic (made by a stand-in for Apple's CA) as the active one,
    /// as `quincectl push-cert import` would: profiles then carry its topic, and quinced, from its
    /// next start, refuses check-ins with another Topic.
    Status addPushCertificate(const QString& topic = kTopic);

    /// The enrollment id of a device's channel (userId "" for the device channel).
    Result<qint64> enrollmentId(const QString& udid, const QString& userId = {});
    /// Queues a command; returns its CommandUUID. commandDict: the XML plist of the `Command`
    /// keys besides RequestType (empty: none).
    Result<QString> enqueue(const QList<qint64>& enrollmentIds, const QString& requestType,
        const QByteArray& commandDict = {}, const mdm::EnqueueOptions& options = {});
    /// Cancels a command for everyone; how many rows.
    Result<int> cancel(const QString& commandUuid);
    /// The rows of a query (each row a list of values).
    Result<QList<QVariantList>> query(const QString& sql, const QVariantList& bindings = {});
    /// The first value of a query's first row.
    Result<QVariant> scalar(const QString& sql, const QVariantList& bindings = {});
    /// PRAGMA integrity_check ("ok" when sound).
    QString integrityCheck();

private:
    std::unique_ptr<storage::StorageWorker> m_worker;
    pki::Certificate m_root;
};

} // namespace quince::devsim

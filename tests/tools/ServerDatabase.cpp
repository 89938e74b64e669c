// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerDatabase.h"

#include "core/mdm/CommandQueue.h"
#include "core/pki/CaStore.h"
#include "core/pki/CertificateBuilder.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"

#include <QSqlQuery>
#include <QSqlRecord>

namespace quince::devsim {

namespace {

Error fromStorage(const storage::StorageError& error)
{
    return Error {error.toString()};
}

} // namespace

ServerDatabase::ServerDatabase() = default;

ServerDatabase::~ServerDatabase()
{
    close();
}

Status ServerDatabase::open(const QString& databasePath)
{
    m_worker = std::make_unique<storage::StorageWorker>();
    if (auto started = m_worker->start(databasePath); !started)
        return fromStorage(started.error());
    return {};
}

void ServerDatabase::close()
{
    if (m_worker) {
        m_worker->stop();
        m_worker.reset();
    }
}

Result<QList<QVariantList>> ServerDatabase::query(const QString& sql, const QVariantList& bindings)
{
    QList<QVariantList> rows;
    const storage::StorageStatus done = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto result = db.exec(sql, bindings);
        if (!result)
            return result.error();
        while (result->next()) {
            QVariantList row;
            for (int i = 0; i < result->record().count(); ++i)
                row.append(result->value(i));
            rows.append(row);
        }
        return {};
    });
    if (!done)
        return fromStorage(done.error());
    return rows;
}

Result<QVariant> ServerDatabase::scalar(const QString& sql, const QVariantList& bindings)
{
    auto rows = query(sql, bindings);
    if (!rows)
        return rows.error();
    if (rows->isEmpty() || rows->first().isEmpty())
        return Error {QStringLiteral("no row: ") + sql};
    return rows->first().first();
}

QString ServerDatabase::integrityCheck()
{
    auto result = scalar(QStringLiteral("PRAGMA integrity_check"));
    return result ? result->toString() : result.error().message;
}

Result<pki::Certificate> ServerDatabase::rootCertificate()
{
    if (!m_root.isNull())
        return m_root;
    auto der = scalar(QStringLiteral("SELECT der FROM certificates WHERE kind = 'root_ca' AND status = 'active' "
                                     "ORDER BY id DESC LIMIT 1"));
    if (!der)
        return der.error();
    auto certificate = pki::Certificate::fromDer(der->toByteArray());
    if (!certificate)
        return Error {certificate.error().message};
    m_root = *certificate;
    return m_root;
}

Result<QByteArray> ServerDatabase::createChallenge()
{
    scep::StorageChallengeStore store(*m_worker);
    auto created = store.create(QStringLiteral("devsim enrollment"), QStringLiteral("devsim"));
    if (!created)
        return fromStorage(created.error());
    return created->challenge;
}

Result<EnrollmentProfile> ServerDatabase::makeProfile(const QString& baseUrl, bool signMessage, const QString& topic)
{
    auto root = rootCertificate();
    if (!root)
        return root.error();
    auto challenge = createChallenge();
    if (!challenge)
        return challenge.error();
    EnrollmentProfile profile;
    profile.anchors = {*root};
    profile.scepUrl = QUrl(baseUrl + QStringLiteral("/scep"));
    profile.scepName = QStringLiteral("Quince");
    profile.challenge = *challenge;
    profile.keySize = 2048;
    profile.subject
        = {{QStringLiteral("O"), QStringLiteral("Quince")}, {QStringLiteral("CN"), QStringLiteral("devsim")}};
    profile.serverUrl = QUrl(baseUrl + QStringLiteral("/mdm/connect"));
    profile.checkInUrl = QUrl(baseUrl + QStringLiteral("/mdm/checkin"));
    profile.topic = topic;
    profile.signMessage = signMessage;
    profile.checkOutWhenRemoved = true;
    // Through the file format and back, so what a test enrolls with is what a device reads.
    return EnrollmentProfile::parse(profile.toMobileconfig());
}

Status ServerDatabase::addPushCertificate(const QString& topic)
{
    auto key = pki::PrivateKey::generateEcP256();
    if (!key)
        return Error {key.error().message};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto apple = pki::CertificateBuilder(pki::CertificateBuilder::Profile::RootCa)
                     .setSubject({{QStringLiteral("CN"), QStringLiteral("Stand-in Apple CA")}})
                     .setValidity(now.addDays(-10), now.addDays(400))
                     .selfSign(*key);
    if (!apple)
        return Error {apple.error().message};
    auto push = pki::CertificateBuilder(pki::CertificateBuilder::Profile::TlsClient)
                    .setSubject({{QStringLiteral("UID"), topic}, {QStringLiteral("CN"), QStringLiteral("APSP:devsim")}})
                    .setPublicKey(key->publicKeyDer())
                    .setValidity(now.addDays(-1), now.addDays(365))
                    .sign(*apple, *key);
    if (!push)
        return Error {push.error().message};
    const storage::StorageStatus stored = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        pki::CertificateRecord record;
        record.kind = pki::CertificateKind::Push;
        record.certificate = *push;
        record.topic = topic;
        auto id = pki::CaStore::insert(db, record);
        if (!id)
            return id.error();
        return {};
    });
    if (!stored)
        return fromStorage(stored.error());
    return {};
}

Result<qint64> ServerDatabase::enrollmentId(const QString& udid, const QString& userId)
{
    auto id = scalar(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                    "WHERE d.udid = ? AND e.channel = ? AND e.user_id = ?"),
        {udid, userId.isEmpty() ? QStringLiteral("device") : QStringLiteral("user"),
            userId.isEmpty() ? QStringLiteral("") : userId});
    if (!id)
        return id.error();
    return id->toLongLong();
}

Result<QString> ServerDatabase::enqueue(const QList<qint64>& enrollmentIds, const QString& requestType,
    const QByteArray& commandDict, const mdm::EnqueueOptions& options)
{
    QString uuid;
    const storage::StorageStatus done = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        mdm::CommandQueue queue(db);
        auto queued = queue.enqueue(enrollmentIds, requestType, commandDict, options, QDateTime::currentDateTimeUtc());
        if (!queued)
            return queued.error();
        uuid = *queued;
        return {};
    });
    if (!done)
        return fromStorage(done.error());
    return uuid;
}

Result<int> ServerDatabase::cancel(const QString& commandUuid)
{
    int canceled = 0;
    const storage::StorageStatus done = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        mdm::CommandQueue queue(db);
        auto result = queue.cancel(commandUuid, std::nullopt, QDateTime::currentDateTimeUtc());
        if (!result)
            return result.error();
        canceled = *result;
        return {};
    });
    if (!done)
        return fromStorage(done.error());
    return canceled;
}

} // namespace quince::devsim

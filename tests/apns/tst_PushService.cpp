// SPDX-License-Identifier: GPL-3.0-or-later
// The push service on a real SQLite database with the real client and the stand-in APNs:
// coalescing, operator pushes, the dead-token timestamp rule, one certificate alert, a renewed
// certificate picked up without restart, bounded history, and inactivity on a controlled clock.
#include "core/apns/ApnsClient.h"
#include "core/apns/PushService.h"
#include "core/apns/PushStore.h"
#include "core/pki/PushCertificateStore.h"
#include "core/pki/PushIdentityMonitor.h"
#include "core/storage/StorageWorker.h"
#include "tests/apns/ApnsTestServer.h"
#include "tests/apns/ApnsTestSupport.h"
#include "tests/pki/PushTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace quince;
using namespace quince::apns;
using namespace quince::apnstest;
using storage::Database;
using storage::StorageStatus;

Q_DECLARE_METATYPE(quince::apns::PushReply)

namespace {
constexpr qint64 kHour = 3600LL * 1000;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kT0 = 1'800'000'000'000; // the controlled clock's start
} // namespace

class TestPushService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void commandPushesAreCoalesced();
    void operatorPushAndHistory();
    void deadTokenTimestampRule();
    void badDeviceTokenStopsPushesUntilTokenUpdate();
    void failedPushIsRetriedOnALaterPoll();
    void commandsWaitForAPushCertificate();
    void unreadableCertificateIsLoggedOnce();
    void certificateAlertIsRaisedOnce();
    void renewedCertificateIsPickedUp();
    void historyIsBounded();
    void inactiveAfterThreshold();
    void inactiveReasons();

private:
    void startService(int historyLimit = 50, const QString& exportPath = {});
    /// Waits until every push is answered and recorded.
    bool settle();
    void pollAndSettle();
    void livenessAndSettle();
    qint64 addDevice(const QString& udid, const QByteArray& token, qint64 tokenUpdatedAt, qint64 lastSeenAt);
    void queueCommand(qint64 enrollmentId, qint64 queuedAt);
    QVariant scalar(const QString& sql, const QVariantList& bindings = {});
    void exec(const QString& sql, const QVariantList& bindings = {});
    QString importPush(const QString& name);

    std::optional<QTemporaryDir> m_pkiDir;
    std::optional<QTemporaryDir> m_dir;
    std::unique_ptr<ApnsTestPki> m_pki;
    std::unique_ptr<ApnsTestServer> m_server;
    std::unique_ptr<storage::StorageWorker> m_storage;
    pki::pushtest::TestSealer m_sealer;
    std::unique_ptr<pki::PushCertificateStore> m_store;
    std::unique_ptr<pki::PushIdentityMonitor> m_monitor;
    std::unique_ptr<ApnsClient> m_client;
    std::unique_ptr<PushService> m_service;
    QString m_topic;
    qint64 m_now = kT0;
};

void TestPushService::initTestCase()
{
    qRegisterMetaType<PushReply>();
    if (opensslProgram().isEmpty())
        QSKIP("the openssl command is needed to make the test certificates");
    // The CAs once for all the tests (RSA keys take a while); a database and server per test.
    m_pkiDir.emplace();
    m_pki = std::make_unique<ApnsTestPki>(m_pkiDir->path());
    const QString failed = m_pki->create();
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestPushService::cleanupTestCase()
{
    m_pki.reset();
    m_pkiDir.reset();
}

void TestPushService::init()
{
    m_now = kT0;
    m_dir.emplace();
    m_topic = ApnsTestPki::randomTopic();
    m_server = std::make_unique<ApnsTestServer>(m_pki->serverCertificate(), m_pki->serverKey(), m_pki->appleCa());
    QVERIFY2(m_server->start(), qPrintable(m_server->error()));
    m_storage = std::make_unique<storage::StorageWorker>();
    const StorageStatus started = m_storage->start(m_dir->filePath(Database::databaseFileName()));
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    m_store = std::make_unique<pki::PushCertificateStore>(m_sealer);
    m_monitor = std::make_unique<pki::PushIdentityMonitor>(*m_store);
    QVERIFY(!importPush(QStringLiteral("push")).isEmpty());
}

void TestPushService::cleanup()
{
    m_service.reset();
    m_client.reset();
    m_monitor.reset();
    m_store.reset();
    if (m_storage)
        m_storage->stop();
    m_storage.reset();
    m_server.reset();
    m_dir.reset();
}

QString TestPushService::importPush(const QString& name)
{
    const QString file = m_pki->issuePush(m_topic, name);
    if (file.isEmpty())
        return {};
    QString sha;
    const StorageStatus imported = m_storage->writeAndWait(
        [&](Database& db) -> StorageStatus {
            auto push = m_store->importCertificate(db, fileBytes(file));
            if (!push)
                return storage::StorageError {storage::StorageErrorKind::QueryFailed, push.error().message, {}};
            sha = QString::fromLatin1(push->certificate().sha256Fingerprint().toHex());
            return {};
        },
        pki::PushCertificateStore::tables());
    if (!imported)
        qWarning("%s", qPrintable(imported.error().toString()));
    return sha;
}

void TestPushService::startService(int historyLimit, const QString& exportPath)
{
    ApnsClientConfig clientConfig;
    clientConfig.endpoint = QUrl(m_server->url());
    clientConfig.caCertificates = m_pki->serverCa();
    clientConfig.backoffInitialMs = 10;
    clientConfig.backoffMaxMs = 50;
    m_client = std::make_unique<ApnsClient>(clientConfig);
    PushServiceConfig config;
    // Only explicit polls and liveness rounds in these tests: the clock is ours.
    config.pollIntervalMs = 3600 * 1000;
    config.livenessCheckMs = 3600 * 1000;
    config.historyLimit = historyLimit;
    config.inactiveExportPath = exportPath;
    config.clock = [this] { return m_now; };
    m_service = std::make_unique<PushService>(*m_storage, *m_monitor, *m_client, config);
    QVERIFY(m_storage->writeAndWait([this](Database& db) -> StorageStatus {
        if (auto reloaded = m_monitor->reload(db); !reloaded)
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, reloaded.error().message, {}};
        return {};
    }));
    m_service->start();
    QVERIFY(settle());
}

bool TestPushService::settle()
{
    return QTest::qWaitFor([this] { return !m_service->isBusy() && m_client->isIdle(); }, 20000);
}

void TestPushService::pollAndSettle()
{
    m_service->poll();
    QVERIFY(settle());
}

void TestPushService::livenessAndSettle()
{
    m_service->runLiveness();
    QVERIFY(settle());
}

qint64 TestPushService::addDevice(
    const QString& udid, const QByteArray& token, qint64 tokenUpdatedAt, qint64 lastSeenAt)
{
    qint64 enrollmentId = 0;
    const StorageStatus added = m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto device
            = db.exec(QStringLiteral("INSERT INTO devices (udid, serial_number, enrollment_state, last_seen_at, "
                                     "created_at, updated_at) VALUES (?, ?, 'enrolled', ?, ?, ?)"),
                {udid, QString(QStringLiteral("SN-") + udid), lastSeenAt, kT0, kT0});
        if (!device)
            return device.error();
        auto enrollment = db.exec(
            QStringLiteral(
                "INSERT INTO enrollments (device_id, channel, user_id, topic, push_token, push_magic, status, "
                "token_updated_at, last_seen_at, created_at, updated_at) "
                "VALUES (?, 'device', '', ?, ?, ?, 'active', ?, ?, ?, ?)"),
            {device->lastInsertId(), m_topic, token, QString(QStringLiteral("magic-") + udid), tokenUpdatedAt,
                lastSeenAt, kT0, kT0});
        if (!enrollment)
            return enrollment.error();
        enrollmentId = enrollment->lastInsertId().toLongLong();
        return {};
    });
    if (!added)
        qWarning("%s", qPrintable(added.error().toString()));
    return enrollmentId;
}

void TestPushService::queueCommand(qint64 enrollmentId, qint64 queuedAt)
{
    const StorageStatus queued = m_storage->writeAndWait(
        [&](Database& db) -> StorageStatus {
            auto command
                = db.exec(QStringLiteral("INSERT INTO commands (command_uuid, request_type, payload, created_at) "
                                         "VALUES (?, 'DeviceInformation', ?, ?)"),
                    {QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper(), QByteArray("<plist/>"), queuedAt});
            if (!command)
                return command.error();
            auto entry
                = db.exec(QStringLiteral("INSERT INTO command_queue (enrollment_id, command_id, state, queued_at) "
                                         "VALUES (?, ?, 'queued', ?)"),
                    {enrollmentId, command->lastInsertId(), queuedAt});
            if (!entry)
                return entry.error();
            return {};
        },
        {QStringLiteral("command_queue")});
    QVERIFY2(queued, qPrintable(queued ? QString() : queued.error().toString()));
}

QVariant TestPushService::scalar(const QString& sql, const QVariantList& bindings)
{
    QVariant value;
    const StorageStatus read = m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto row = db.exec(sql, bindings);
        if (!row)
            return row.error();
        if (row->next())
            value = row->value(0);
        return {};
    });
    if (!read)
        qWarning("%s", qPrintable(read.error().toString()));
    return value;
}

void TestPushService::exec(const QString& sql, const QVariantList& bindings)
{
    const StorageStatus done = m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto row = db.exec(sql, bindings);
        if (!row)
            return row.error();
        return {};
    });
    QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
}

void TestPushService::commandPushesAreCoalesced()
{
    const qint64 a = addDevice(QStringLiteral("UDID-A"), QByteArray::fromHex("aa01"), kT0 - kDay, kT0 - kHour);
    const qint64 b = addDevice(QStringLiteral("UDID-B"), QByteArray::fromHex("bb02"), kT0 - kDay, kT0 - kHour);
    startService();
    QCOMPARE(m_server->requestCount(), 0); // nothing queued, nothing pushed

    for (int i = 0; i < 5; ++i)
        queueCommand(a, kT0 - 1000 + i);
    queueCommand(b, kT0 - 500);
    QSignalSpy recorded(m_service.get(), &PushService::recorded);
    pollAndSettle();
    // Six commands, two devices: two pushes.
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(recorded.size(), 2);
    QStringList paths;
    for (const Received& r : m_server->received())
        paths.append(QString::fromLatin1(r.path));
    paths.sort();
    QCOMPARE(paths, (QStringList {QStringLiteral("/3/device/aa01"), QStringLiteral("/3/device/bb02")}));

    // Polling again finds nothing new.
    m_now += 1000;
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 2);

    // A command queued after the push wants a new one; again one for three commands.
    m_now += 1000;
    for (int i = 0; i < 3; ++i)
        queueCommand(a, m_now);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_server->received().last().path, QByteArray("/3/device/aa01"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts WHERE enrollment_id = ? AND push_trigger = "
                                   "'command' AND outcome = 'accepted'"),
                 {a})
                 .toInt(),
        2);
}

void TestPushService::operatorPushAndHistory()
{
    addDevice(QStringLiteral("UDID-OP"), QByteArray::fromHex("0c0c"), kT0 - kDay, kT0 - kHour);
    addDevice(QStringLiteral("UDID-NOTOKEN"), QByteArray(), kT0 - kDay, kT0 - kHour);
    startService();
    QStringList outcomes;
    QVERIFY(m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto requested = PushStore::requestPush(db,
            {QStringLiteral("UDID-OP"), QStringLiteral("UDID-NOTOKEN"), QStringLiteral("UDID-NONE")},
            QStringLiteral("tester"), m_now);
        if (!requested)
            return requested.error();
        outcomes = *requested;
        return {};
    }));
    QCOMPARE(outcomes.size(), 3);
    QVERIFY(outcomes[0].isEmpty());
    QVERIFY(outcomes[1].isEmpty()); // asked for; the server says why it cannot
    QCOMPARE(outcomes[2], QStringLiteral("no such enrolled device"));
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->received().value(0).path, QByteArray("/3/device/0c0c"));

    PushStore::DevicePushState op;
    PushStore::DevicePushState noToken;
    QVERIFY(m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto a = PushStore::deviceState(db, QStringLiteral("UDID-OP"), 10);
        auto b = PushStore::deviceState(db, QStringLiteral("UDID-NOTOKEN"), 10);
        if (!a)
            return a.error();
        if (!b)
            return b.error();
        op = *a;
        noToken = *b;
        return {};
    }));
    QVERIFY(op.found);
    QCOMPARE(op.history.size(), 1);
    QCOMPARE(op.history[0].trigger, QStringLiteral("operator"));
    QCOMPARE(op.history[0].outcome, QStringLiteral("accepted"));
    QCOMPARE(op.history[0].httpStatus, 200);
    QVERIFY(!op.history[0].apnsId.isEmpty());
    QCOMPARE(op.pushAcceptedAt, m_now);
    QCOMPARE(op.pushUnansweredSince, m_now);
    QCOMPARE(noToken.history.size(), 1);
    QCOMPARE(noToken.history[0].outcome, QStringLiteral("not_sent"));
    QVERIFY(noToken.history[0].reason.contains(QLatin1String("TokenUpdate")));
    // The request is consumed: another poll does not push again.
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 1);
}

void TestPushService::deadTokenTimestampRule()
{
    // Apple: a 410's timestamp is when the token stopped being valid; a token registered after
    // that moment is not dead.
    const qint64 reRegistered
        = addDevice(QStringLiteral("UDID-RE"), QByteArray::fromHex("1111"), kT0 - 10 * 1000, kT0 - kHour);
    const qint64 gone = addDevice(QStringLiteral("UDID-GONE"), QByteArray::fromHex("2222"), kT0 - kDay, kT0 - kHour);
    m_server->setForToken("1111", Response {410, QStringLiteral("Unregistered"), kT0 - 20 * 1000});
    m_server->setForToken("2222", Response {410, QStringLiteral("Unregistered"), kT0 - 30 * 1000});
    startService();
    queueCommand(reRegistered, kT0 - 1);
    queueCommand(gone, kT0 - 1);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(
        scalar(QStringLiteral("SELECT push_token_dead_since FROM enrollments WHERE id = ?"), {reRegistered}).isNull());
    QCOMPARE(scalar(QStringLiteral("SELECT push_token_dead_since FROM enrollments WHERE id = ?"), {gone}).toLongLong(),
        kT0 - 30 * 1000);
    QCOMPARE(
        scalar(QStringLiteral("SELECT apns_timestamp FROM push_attempts WHERE enrollment_id = ?"), {gone}).toLongLong(),
        kT0 - 30 * 1000);

    // No more pushes to the dead token, however many commands wait.
    m_now += 1000;
    queueCommand(gone, m_now);
    queueCommand(reRegistered, m_now);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_server->received().last().path, QByteArray("/3/device/1111"));
}

void TestPushService::badDeviceTokenStopsPushesUntilTokenUpdate()
{
    const qint64 e = addDevice(QStringLiteral("UDID-BAD"), QByteArray::fromHex("3333"), kT0 - kDay, kT0 - kHour);
    m_server->setForToken("3333", Response {400, QStringLiteral("BadDeviceToken")});
    startService();
    queueCommand(e, kT0 - 1);
    pollAndSettle();
    // A 400 carries no timestamp: the token is dead as of the reply.
    QCOMPARE(
        scalar(QStringLiteral("SELECT push_token_dead_since FROM enrollments WHERE id = ?"), {e}).toLongLong(), m_now);
    m_now += 1000;
    queueCommand(e, m_now);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 1);

    // The device's next TokenUpdate (CheckInProcessor stores the token and clears the mark the
    // same way) brings it back.
    m_now += 1000;
    exec(QStringLiteral("UPDATE enrollments SET push_token = ?, token_updated_at = ?, push_token_dead_since = NULL "
                        "WHERE id = ?"),
        {QByteArray::fromHex("4444"), m_now, e});
    queueCommand(e, m_now);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->received().last().path, QByteArray("/3/device/4444"));
}

void TestPushService::failedPushIsRetriedOnALaterPoll()
{
    const qint64 e = addDevice(QStringLiteral("UDID-F"), QByteArray::fromHex("f00f"), kT0 - kDay, kT0);
    m_server->setDefault(Response {500, QStringLiteral("InternalServerError")});
    startService();
    queueCommand(e, kT0 - 1);
    pollAndSettle();
    // The client's five tries all failed.
    QCOMPARE(m_server->requestCount(), 5);
    QCOMPARE(scalar(QStringLiteral("SELECT outcome FROM push_attempts WHERE enrollment_id = ?"), {e}).toString(),
        QStringLiteral("failed"));
    QCOMPARE(scalar(QStringLiteral("SELECT tries FROM push_attempts WHERE enrollment_id = ?"), {e}).toInt(), 5);
    QVERIFY(scalar(QStringLiteral("SELECT push_requested_at FROM enrollments WHERE id = ?"), {e}).isNull());

    // APNs is back: the same command's push goes through on the next poll, much later.
    m_server->setDefault(Response {});
    m_now += 10 * 60 * 1000;
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 6);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts WHERE enrollment_id = ? AND outcome = "
                                   "'accepted'"),
                 {e})
                 .toInt(),
        1);
}

void TestPushService::commandsWaitForAPushCertificate()
{
    exec(QStringLiteral("DELETE FROM certificates WHERE kind = 'push'"));
    const qint64 e = addDevice(QStringLiteral("UDID-W"), QByteArray::fromHex("beef"), kT0 - kDay, kT0);
    startService();
    QVERIFY(!m_client->hasIdentity());
    queueCommand(e, kT0 - 1);
    m_now += 1000;
    pollAndSettle();
    m_now += 120 * 1000; // past the poll's look-back
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 0);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts")).toInt(), 0);

    // The certificate arrives: the waiting command's device is pushed.
    QVERIFY(!importPush(QStringLiteral("late")).isEmpty());
    m_now += 1000;
    pollAndSettle(); // notices the certificate
    QVERIFY(QTest::qWaitFor([&] { return m_client->hasIdentity(); }, 5000));
    m_now += 1000;
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->received().value(0).path, QByteArray("/3/device/beef"));
}

// A stored push certificate that does not parse is reported once, not at every poll (one every
// few seconds would bury everything else in the log).
void TestPushService::unreadableCertificateIsLoggedOnce()
{
    exec(QStringLiteral("DELETE FROM certificates WHERE kind = 'push'"));
    startService();
    exec(QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                        "not_after, der, topic, created_at) VALUES ('push', 'active', 'CN=APSP', 'CN=Apple', '01', "
                        "'broken-push', 0, 1, X'3000', 'com.apple.mgmt.External.broken', 0)"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot read the push certificate")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("cannot read the push certificate")));
    for (int i = 0; i < 4; ++i) {
        m_now += 1000;
        pollAndSettle();
    }
    QVERIFY(!m_client->hasIdentity());
}

void TestPushService::certificateAlertIsRaisedOnce()
{
    m_server->setDefault(Response {403, QStringLiteral("BadCertificate")});
    QList<qint64> enrollments;
    for (int i = 0; i < 8; ++i)
        enrollments.append(addDevice(QStringLiteral("UDID-%1").arg(i), QByteArray::number(1000 + i), kT0 - kDay, kT0));
    startService();
    QSignalSpy alerts(m_service.get(), &PushService::certificateAlert);
    for (qint64 e : enrollments)
        queueCommand(e, kT0 - 1);
    pollAndSettle();
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0][0].toString(), QStringLiteral("BadCertificate"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'apns.certificate_alert'"))
                .toString()
                .endsWith(QLatin1String("BadCertificate"));
        },
        5000));
    // Every device's history says what happened to its push; the alert was one.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts")).toInt(), 8);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts WHERE outcome NOT IN "
                                   "('certificate_rejected', 'not_sent')"))
                 .toInt(),
        0);

    // Importing a renewed certificate lifts the stop and clears the alert.
    m_server->setDefault(Response {});
    QVERIFY(!importPush(QStringLiteral("renewed")).isEmpty());
    m_now += 1000;
    queueCommand(enrollments[0], m_now);
    pollAndSettle(); // reloads the identity
    QVERIFY(QTest::qWaitFor([&] { return m_client->stoppedReason().isEmpty(); }, 5000));
    m_now += 1000;
    queueCommand(enrollments[1], m_now);
    pollAndSettle();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts WHERE outcome = 'accepted'")).toInt() >= 1;
        },
        5000));
    QVERIFY(scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'apns.certificate_alert'")).isNull());
    QCOMPARE(alerts.size(), 1);
    // Every device whose push met the 403 is pushed again with the new certificate.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return scalar(QStringLiteral("SELECT COUNT(DISTINCT enrollment_id) FROM push_attempts "
                                         "WHERE outcome = 'accepted'"))
                       .toInt()
                == 8;
        },
        10000));
}

void TestPushService::renewedCertificateIsPickedUp()
{
    const qint64 e = addDevice(QStringLiteral("UDID-R"), QByteArray::fromHex("5555"), kT0 - kDay, kT0);
    startService();
    queueCommand(e, kT0 - 1);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 1);
    const QByteArray first = m_server->received().value(0).clientCertificateSha256;

    // A renewal imported while the service runs (quincectl does the same from another process).
    const QString renewed = importPush(QStringLiteral("renewed"));
    QVERIFY(!renewed.isEmpty());
    QVERIFY(renewed.toLatin1() != first);
    m_now += 1000;
    pollAndSettle(); // notices the new certificate
    m_now += 1000;
    queueCommand(e, m_now);
    pollAndSettle();
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->received().value(1).clientCertificateSha256, renewed.toLatin1());
    QCOMPARE(m_server->received().value(1).clientTopic, m_topic);
}

void TestPushService::historyIsBounded()
{
    const qint64 e = addDevice(QStringLiteral("UDID-H"), QByteArray::fromHex("6666"), kT0 - kDay, kT0);
    startService(3);
    for (int i = 0; i < 5; ++i) {
        m_now += 1000;
        queueCommand(e, m_now);
        pollAndSettle();
    }
    QCOMPARE(m_server->requestCount(), 5);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM push_attempts WHERE enrollment_id = ?"), {e}).toInt(), 3);
    // The newest stay.
    QCOMPARE(
        scalar(QStringLiteral("SELECT MAX(requested_at) FROM push_attempts WHERE enrollment_id = ?"), {e}).toLongLong(),
        m_now);
}

void TestPushService::inactiveAfterThreshold()
{
    const qint64 quiet = addDevice(QStringLiteral("UDID-Q"), QByteArray::fromHex("7777"), kT0 - kDay, kT0);
    const qint64 busy = addDevice(QStringLiteral("UDID-BUSY"), QByteArray::fromHex("8888"), kT0 - kDay, kT0);
    startService();

    // Less than the liveness interval (24 h) of quiet: no push.
    m_now = kT0 + 23 * kHour;
    livenessAndSettle();
    QCOMPARE(m_server->requestCount(), 0);

    // More: both get a liveness push.
    m_now = kT0 + 25 * kHour;
    livenessAndSettle();
    QCOMPARE(m_server->requestCount(), 2);
    const qint64 firstPush = m_now;
    QCOMPARE(scalar(QStringLiteral("SELECT push_unanswered_since FROM enrollments WHERE id = ?"), {quiet}).toLongLong(),
        firstPush);
    QCOMPARE(
        scalar(QStringLiteral("SELECT push_trigger FROM push_attempts WHERE enrollment_id = ?"), {quiet}).toString(),
        QStringLiteral("liveness"));

    // The busy device answers (any request after the push); the quiet one never does.
    exec(QStringLiteral("UPDATE enrollments SET last_seen_at = ? WHERE id = ?"), {m_now + 60 * 1000, busy});

    // Six days on: not yet inactive (threshold 7 days), and another liveness push goes out.
    m_now = firstPush + 6 * kDay;
    livenessAndSettle();
    QVERIFY(scalar(QStringLiteral("SELECT apns_inactive_since FROM devices WHERE udid = 'UDID-Q'")).isNull());
    QCOMPARE(scalar(QStringLiteral("SELECT push_answered_at FROM enrollments WHERE id = ?"), {busy}).toLongLong(),
        firstPush + 60 * 1000);
    // The unanswered clock did not restart with the second push.
    QCOMPARE(scalar(QStringLiteral("SELECT push_unanswered_since FROM enrollments WHERE id = ?"), {quiet}).toLongLong(),
        firstPush);

    // Past seven days without an answer: inactive, no answer.
    m_now = firstPush + 7 * kDay + 1;
    livenessAndSettle();
    QCOMPARE(scalar(QStringLiteral("SELECT apns_inactive_reason FROM devices WHERE udid = 'UDID-Q'")).toString(),
        QStringLiteral("no_answer"));
    QCOMPARE(
        scalar(QStringLiteral("SELECT apns_inactive_since FROM devices WHERE udid = 'UDID-Q'")).toLongLong(), m_now);
    QVERIFY(scalar(QStringLiteral("SELECT apns_inactive_since FROM devices WHERE udid = 'UDID-BUSY'")).isNull());
    QList<PushStore::InactiveDevice> inactive;
    QVERIFY(m_storage->writeAndWait([&](Database& db) -> StorageStatus {
        auto list = PushStore::inactiveDevices(db);
        if (!list)
            return list.error();
        inactive = *list;
        return {};
    }));
    QCOMPARE(inactive.size(), 1);
    QCOMPARE(inactive[0].udid, QStringLiteral("UDID-Q"));

    // It comes back: active again at the next sweep.
    exec(QStringLiteral("UPDATE enrollments SET last_seen_at = ? WHERE id = ?"), {m_now + 1, quiet});
    m_now += 2;
    livenessAndSettle();
    QVERIFY(scalar(QStringLiteral("SELECT apns_inactive_since FROM devices WHERE udid = 'UDID-Q'")).isNull());
}

void TestPushService::inactiveReasons()
{
    const qint64 dead = addDevice(QStringLiteral("UDID-DEAD"), QByteArray::fromHex("9999"), kT0 - kDay, kT0);
    const qint64 out = addDevice(QStringLiteral("UDID-OUT"), QByteArray::fromHex("abab"), kT0 - kDay, kT0);
    addDevice(QStringLiteral("UDID-FINE"), QByteArray::fromHex("cdcd"), kT0 - kDay, kT0);
    m_server->setForToken("9999", Response {410, QStringLiteral("Unregistered"), kT0 + 1});
    const QString exportPath = m_dir->filePath(QStringLiteral("inactive.json"));
    startService(50, exportPath);
    queueCommand(dead, kT0);
    pollAndSettle();
    // CheckOut (the MDM profile was removed, CheckOutWhenRemoved) as CheckInProcessor records it.
    exec(QStringLiteral("UPDATE enrollments SET status = 'checked_out' WHERE id = ?"), {out});
    m_now += 1000;
    livenessAndSettle();
    QCOMPARE(scalar(QStringLiteral("SELECT apns_inactive_reason FROM devices WHERE udid = 'UDID-DEAD'")).toString(),
        QStringLiteral("token_dead"));
    QCOMPARE(scalar(QStringLiteral("SELECT apns_inactive_reason FROM devices WHERE udid = 'UDID-OUT'")).toString(),
        QStringLiteral("checked_out"));
    QVERIFY(scalar(QStringLiteral("SELECT apns_inactive_since FROM devices WHERE udid = 'UDID-FINE'")).isNull());
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices WHERE apns_inactive_since IS NOT NULL")).toInt(), 2);

    // The list for other systems: the same two, marked restricted.
    const QJsonArray exported = QJsonDocument::fromJson(fileBytes(exportPath)).array();
    QCOMPARE(exported.size(), 2);
    QStringList udids;
    for (const QJsonValue& entry : exported) {
        udids.append(entry.toObject().value(QStringLiteral("udid")).toString());
        QVERIFY(entry.toObject().value(QStringLiteral("restricted")).toBool());
        QVERIFY(!entry.toObject().value(QStringLiteral("inactiveSince")).toString().isEmpty());
    }
    udids.sort();
    QCOMPARE(udids, (QStringList {QStringLiteral("UDID-DEAD"), QStringLiteral("UDID-OUT")}));
}

QTEST_GUILESS_MAIN(TestPushService)
#include "tst_PushService.moc"

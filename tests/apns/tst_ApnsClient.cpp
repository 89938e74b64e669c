// SPDX-License-Identifier: GPL-3.0-or-later
// The APNs provider client against the stand-in HTTP/2 server: the request Apple expects, the
// reply rules, backoff and the circuit breaker, GOAWAY and connection loss, a new identity.
#include "core/apns/ApnsClient.h"
#include "tests/apns/ApnsTestServer.h"
#include "tests/apns/ApnsTestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace quince;
using namespace quince::apns;
using namespace quince::apnstest;

Q_DECLARE_METATYPE(quince::apns::PushReply)

class TestApnsClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void requestIsWhatApnsExpects();
    void manyPushesShareOneConnection();
    void serverStreamLimitIsRespected();
    void replies_data();
    void replies();
    void certificateRejectionAlertsOnce();
    void transientFailuresBackOffAndRetry();
    void giveUpAfterMaxTries();
    void circuitBreakerOpensAndProbes();
    void backoffDoublesWithJitterAndCap();
    void goAwayReconnects();
    void goAwayWithStreamsInFlight();
    void connectionLossReconnects();
    void newIdentityIsUsedWithoutRestart();
    void untrustedClientCertificateIsRefused();
    void noIdentityIsNotSent();
    void standInChecksRequests_data();
    void standInChecksRequests();

private:
    ApnsClientConfig config() const;
    /// Sends and waits for every reply; returns them by id order.
    QList<PushReply> sendAll(ApnsClient& client, int count, const QByteArray& tokenPrefix = "t");

    std::optional<QTemporaryDir> m_dir;
    std::unique_ptr<ApnsTestPki> m_pki;
    std::unique_ptr<ApnsTestServer> m_server;
    QString m_topic;
    pki::PushCertificate m_identity;
};

void TestApnsClient::initTestCase()
{
    qRegisterMetaType<PushReply>();
    if (opensslProgram().isEmpty())
        QSKIP("the openssl command is needed to make the test certificates");
    // One PKI for all the tests (RSA keys take a while); each test gets a fresh server.
    m_dir.emplace();
    m_pki = std::make_unique<ApnsTestPki>(m_dir->path());
    const QString failed = m_pki->create();
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_topic = ApnsTestPki::randomTopic();
    m_identity = ApnsTestPki::loadPush(m_pki->issuePush(m_topic, QStringLiteral("push")));
    QVERIFY(!m_identity.isNull());
}

void TestApnsClient::init()
{
    m_server = std::make_unique<ApnsTestServer>(m_pki->serverCertificate(), m_pki->serverKey(), m_pki->appleCa());
    QVERIFY2(m_server->start(), qPrintable(m_server->error()));
}

void TestApnsClient::cleanup()
{
    m_server.reset();
}

void TestApnsClient::cleanupTestCase()
{
    m_pki.reset();
    m_dir.reset();
}

ApnsClientConfig TestApnsClient::config() const
{
    ApnsClientConfig config;
    config.endpoint = QUrl(m_server->url());
    config.caCertificates = m_pki->serverCa();
    config.backoffInitialMs = 10;
    config.backoffMaxMs = 100;
    config.breakerCooldownMs = 100;
    config.transferTimeoutMs = 10000;
    return config;
}

QList<PushReply> TestApnsClient::sendAll(ApnsClient& client, int count, const QByteArray& tokenPrefix)
{
    QList<PushReply> replies;
    QObject::connect(&client, &ApnsClient::replied, &client, [&replies](const PushReply& r) { replies.append(r); });
    for (int i = 0; i < count; ++i)
        client.send(PushRequest {
            static_cast<quint64>(i + 1), tokenPrefix + QByteArray::number(i), QStringLiteral("magic-%1").arg(i)});
    if (!QTest::qWaitFor([&] { return replies.size() >= count; }, 30000))
        qWarning("only %lld of %d replies", static_cast<long long>(replies.size()), count);
    std::sort(replies.begin(), replies.end(), [](const PushReply& a, const PushReply& b) { return a.id < b.id; });
    client.disconnect(&client);
    return replies;
}

void TestApnsClient::requestIsWhatApnsExpects()
{
    ApnsClient client(config());
    client.setIdentity(m_identity);
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const QList<PushReply> replies = sendAll(client, 1, QByteArray::fromHex("0a1bff"));
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Accepted);
    QCOMPARE(replies[0].httpStatus, 200);
    QVERIFY(!replies[0].apnsId.isEmpty());

    const QList<Received> received = m_server->received();
    QCOMPARE(received.size(), 1);
    const Received& r = received[0];
    QCOMPARE(r.method, QByteArray("POST"));
    // The token goes as lowercase hex of its bytes; "0" is the index sendAll appended.
    QCOMPARE(r.path, QByteArray("/3/device/0a1bff30"));
    QCOMPARE(r.headers.value("apns-push-type"), QByteArray("mdm"));
    QCOMPARE(r.headers.value("apns-topic"), m_topic.toUtf8());
    QCOMPARE(r.clientTopic, m_topic); // the certificate presented is the one for the topic
    QCOMPARE(r.headers.value("apns-priority"), QByteArray("10"));
    const qint64 expiration = r.headers.value("apns-expiration").toLongLong();
    QVERIFY(expiration >= before + ApnsClientConfig().expirationSeconds);
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.size(), 1);
    QCOMPARE(body.value(QStringLiteral("mdm")).toString(), QStringLiteral("magic-0"));
}

void TestApnsClient::manyPushesShareOneConnection()
{
    ApnsClientConfig c = config();
    c.maxInFlight = 50;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 400);
    QCOMPARE(replies.size(), 400);
    for (const PushReply& r : replies)
        QCOMPARE(r.outcome, PushOutcome::Accepted);
    QCOMPARE(m_server->requestCount(), 400);
    QCOMPARE(m_server->connectionCount(), 1);
    QCOMPARE(client.connectionsOpened(), 1);
    QVERIFY(client.isIdle());
}

void TestApnsClient::serverStreamLimitIsRespected()
{
    // A window larger than the server's SETTINGS_MAX_CONCURRENT_STREAMS: Qt holds the surplus,
    // nothing is refused, and it stays one connection.
    ApnsTestServer narrow(m_pki->serverCertificate(), m_pki->serverKey(), m_pki->appleCa(), 8);
    QVERIFY2(narrow.start(), qPrintable(narrow.error()));
    ApnsClientConfig c = config();
    c.endpoint = QUrl(narrow.url());
    c.maxInFlight = 100;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 300);
    QCOMPARE(replies.size(), 300);
    for (const PushReply& r : replies) {
        QCOMPARE(r.outcome, PushOutcome::Accepted);
        QCOMPARE(r.tries, 1);
    }
    QCOMPARE(narrow.requestCount(), 300);
    QCOMPARE(narrow.connectionCount(), 1);
}

void TestApnsClient::replies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<PushOutcome>("outcome");
    QTest::newRow("410 Unregistered") << 410 << QStringLiteral("Unregistered") << qint64(1700000000123)
                                      << PushOutcome::TokenDead;
    QTest::newRow("400 BadDeviceToken") << 400 << QStringLiteral("BadDeviceToken") << qint64(0)
                                        << PushOutcome::TokenDead;
    QTest::newRow("400 DeviceTokenNotForTopic")
        << 400 << QStringLiteral("DeviceTokenNotForTopic") << qint64(0) << PushOutcome::TokenDead;
    QTest::newRow("400 BadExpirationDate")
        << 400 << QStringLiteral("BadExpirationDate") << qint64(0) << PushOutcome::Rejected;
    QTest::newRow("413 PayloadTooLarge") << 413 << QStringLiteral("PayloadTooLarge") << qint64(0)
                                         << PushOutcome::Rejected;
    QTest::newRow("403 BadCertificate") << 403 << QStringLiteral("BadCertificate") << qint64(0)
                                        << PushOutcome::CertificateRejected;
}

void TestApnsClient::replies()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(qint64, timestamp);
    QFETCH(PushOutcome, outcome);
    m_server->setDefault(Response {status, reason, timestamp});
    ApnsClient client(config());
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, outcome);
    QCOMPARE(replies[0].httpStatus, status);
    QCOMPARE(replies[0].reason, reason);
    QCOMPARE(replies[0].apnsTimestamp, timestamp);
    QCOMPARE(replies[0].tries, 1); // none of these is retried
}

void TestApnsClient::certificateRejectionAlertsOnce()
{
    m_server->setDefault(Response {403, QStringLiteral("TopicDisallowed")});
    ApnsClientConfig c = config();
    c.maxInFlight = 5;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    QSignalSpy alerts(&client, &ApnsClient::certificateRejected);
    const QList<PushReply> replies = sendAll(client, 40);
    QCOMPARE(replies.size(), 40);
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0][0].toString(), QStringLiteral("TopicDisallowed"));
    QCOMPARE(client.stoppedReason(), QStringLiteral("TopicDisallowed"));
    // The window was in flight when the first 403 came; the rest never went out.
    QVERIFY2(m_server->requestCount() <= 5, qPrintable(QString::number(m_server->requestCount())));
    int notSent = 0;
    for (const PushReply& r : replies) {
        QVERIFY(r.outcome == PushOutcome::CertificateRejected || r.outcome == PushOutcome::NotSent);
        notSent += r.outcome == PushOutcome::NotSent;
    }
    QVERIFY(notSent >= 35);

    // A new certificate lifts the stop.
    m_server->setDefault(Response {});
    client.setIdentity(ApnsTestPki::loadPush(m_pki->issuePush(m_topic, QStringLiteral("renewed"))));
    QVERIFY(client.stoppedReason().isEmpty());
    const QList<PushReply> after = sendAll(client, 1);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after[0].outcome, PushOutcome::Accepted);
    QCOMPARE(alerts.size(), 1);
}

void TestApnsClient::transientFailuresBackOffAndRetry()
{
    m_server->enqueue({Response {429, QStringLiteral("TooManyRequests")},
        Response {500, QStringLiteral("InternalServerError")}, Response {503, QStringLiteral("ServiceUnavailable")}});
    ApnsClient client(config());
    client.setIdentity(m_identity);
    QSignalSpy opened(&client, &ApnsClient::circuitOpened);
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Accepted);
    QCOMPARE(replies[0].tries, 4);
    QCOMPARE(m_server->requestCount(), 4);
    QCOMPARE(opened.size(), 0); // 3 failures are below the breaker's threshold
}

void TestApnsClient::giveUpAfterMaxTries()
{
    m_server->setDefault(Response {500, QStringLiteral("InternalServerError")});
    ApnsClientConfig c = config();
    c.maxTries = 3;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Failed);
    QCOMPARE(replies[0].tries, 3);
    QCOMPARE(replies[0].httpStatus, 500);
    QCOMPARE(m_server->requestCount(), 3);
}

void TestApnsClient::circuitBreakerOpensAndProbes()
{
    m_server->setDefault(Response {503, QStringLiteral("ServiceUnavailable")});
    ApnsClientConfig c = config();
    c.breakerThreshold = 3;
    c.breakerCooldownMs = 300;
    c.maxTries = 20;
    c.maxInFlight = 1; // the same push fails three times in a row
    ApnsClient client(c);
    client.setIdentity(m_identity);
    QSignalSpy opened(&client, &ApnsClient::circuitOpened);
    QSignalSpy closed(&client, &ApnsClient::circuitClosed);
    QList<PushReply> replies;
    connect(&client, &ApnsClient::replied, this, [&replies](const PushReply& r) { replies.append(r); });
    for (int i = 0; i < 5; ++i)
        client.send(PushRequest {quint64(i + 1), QByteArray("tok") + QByteArray::number(i), QStringLiteral("m")});
    QVERIFY(opened.wait(10000));
    QVERIFY(client.circuitOpen());
    // While open, nothing goes out: exactly the three failures reached the server.
    QCOMPARE(m_server->requestCount(), 3);
    QVERIFY(replies.isEmpty());

    m_server->setDefault(Response {});
    QVERIFY(QTest::qWaitFor([&] { return replies.size() == 5; }, 10000));
    QCOMPARE(closed.size(), 1);
    QVERIFY(!client.circuitOpen());
    for (const PushReply& r : replies)
        QCOMPARE(r.outcome, PushOutcome::Accepted);
    // One failed probe would have reopened it; the first probe succeeded: 3 + 5 requests.
    QCOMPARE(m_server->requestCount(), 8);
}

void TestApnsClient::backoffDoublesWithJitterAndCap()
{
    m_server->setDefault(Response {500, QStringLiteral("InternalServerError")});
    ApnsClientConfig c = config();
    c.backoffInitialMs = 40;
    c.backoffMaxMs = 100;
    c.maxTries = 4;
    c.breakerThreshold = 100;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    client.setRandom([] { return 0.0; });
    QCOMPARE(client.nextBackoffMs(), 20); // half the initial delay at the low end of the jitter
    client.setRandom([] { return 0.999999; });
    QCOMPARE(client.nextBackoffMs(), 39);
    QList<int> delays;
    connect(&client, &ApnsClient::replied, this, [&](const PushReply&) { delays.append(client.nextBackoffMs()); });
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Failed);
    // After 4 failures: 40 * 2^4 = 640, capped at 100 (times the jitter, 0.999999).
    QCOMPARE(client.nextBackoffMs(), 99);
}

void TestApnsClient::goAwayReconnects()
{
    m_server->enqueue({Response {}, Response {200, {}, 0, Response::Then::GoAway}});
    ApnsClientConfig c = config();
    c.maxInFlight = 1; // one at a time: the GOAWAY falls between two pushes
    ApnsClient client(c);
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 6);
    QCOMPARE(replies.size(), 6);
    for (const PushReply& r : replies)
        QCOMPARE(r.outcome, PushOutcome::Accepted);
    QCOMPARE(m_server->connectionCount(), 2);
    QCOMPARE(m_server->answeredCount(), 6);
}

void TestApnsClient::goAwayWithStreamsInFlight()
{
    QList<Response> script(9, Response {});
    script.append(Response {200, {}, 0, Response::Then::GoAway});
    m_server->enqueue(script);
    ApnsClientConfig c = config();
    c.maxInFlight = 40;
    ApnsClient client(c);
    client.setIdentity(m_identity);
    QSignalSpy opened(&client, &ApnsClient::circuitOpened);
    const QList<PushReply> replies = sendAll(client, 60);
    QCOMPARE(replies.size(), 60);
    for (const PushReply& r : replies)
        QCOMPARE(r.outcome, PushOutcome::Accepted);
    QVERIFY(m_server->connectionCount() >= 2);
    QCOMPARE(opened.size(), 0); // one GOAWAY is one failure, not one per stream
}

void TestApnsClient::connectionLossReconnects()
{
    m_server->enqueue({Response {200, {}, 0, Response::Then::Drop}});
    ApnsClient client(config());
    client.setIdentity(m_identity);
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Accepted);
    QCOMPARE(replies[0].tries, 2);
    QCOMPARE(m_server->connectionCount(), 2);
}

void TestApnsClient::newIdentityIsUsedWithoutRestart()
{
    ApnsClient client(config());
    client.setIdentity(m_identity);
    QCOMPARE(sendAll(client, 1).value(0).outcome, PushOutcome::Accepted);
    const pki::PushCertificate renewed = ApnsTestPki::loadPush(m_pki->issuePush(m_topic, QStringLiteral("renewed")));
    QVERIFY(!renewed.isNull());
    client.setIdentity(renewed);
    QCOMPARE(sendAll(client, 1).value(0).outcome, PushOutcome::Accepted);
    const QList<Received> received = m_server->received();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received[0].clientCertificateSha256, m_identity.certificate().sha256Fingerprint().toHex());
    QCOMPARE(received[1].clientCertificateSha256, renewed.certificate().sha256Fingerprint().toHex());
    QCOMPARE(received[1].connection, 2);
    // The same identity again is not a change: no new connection.
    client.setIdentity(renewed);
    QCOMPARE(sendAll(client, 1).value(0).outcome, PushOutcome::Accepted);
    QCOMPARE(m_server->connectionCount(), 2);
}

void TestApnsClient::untrustedClientCertificateIsRefused()
{
    // A push certificate that the stand-in's "Apple" did not issue: the handshake fails.
    ApnsTestPki other(m_dir->filePath(QStringLiteral("other")));
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("other"))));
    QVERIFY(other.create().isEmpty());
    const pki::PushCertificate stranger = ApnsTestPki::loadPush(other.issuePush(m_topic, QStringLiteral("stranger")));
    QVERIFY(!stranger.isNull());
    ApnsClientConfig c = config();
    c.maxTries = 2;
    ApnsClient client(c);
    client.setIdentity(stranger);
    const QList<PushReply> replies = sendAll(client, 1);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies[0].outcome, PushOutcome::Failed);
    QCOMPARE(m_server->requestCount(), 0);
    QVERIFY(m_server->refusedHandshakes() >= 1);
}

void TestApnsClient::noIdentityIsNotSent()
{
    ApnsClient client(config());
    const QList<PushReply> replies = sendAll(client, 2);
    QCOMPARE(replies.size(), 2);
    QCOMPARE(replies[0].outcome, PushOutcome::NotSent);
    QCOMPARE(replies[0].reason, QStringLiteral("no push certificate"));
    QCOMPARE(m_server->connectionCount(), 0);
}

void TestApnsClient::standInChecksRequests_data()
{
    // Requests our client never makes, sent with a bare QNetworkAccessManager: the stand-in must
    // refuse them as APNs would, or the tests above would prove nothing about the headers.
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    const QByteArray good = R"({"mdm":"m"})";
    QTest::newRow("no topic") << QByteArray() << QByteArray() << good << 400 << QStringLiteral("MissingTopic");
    QTest::newRow("other topic") << QByteArray("apns-topic") << QByteArray("com.apple.mgmt.External.other") << good
                                 << 400 << QStringLiteral("TopicDisallowed");
    QTest::newRow("alert push type") << QByteArray("apns-push-type") << QByteArray("alert") << good << 400
                                     << QStringLiteral("InvalidPushType");
    QTest::newRow("priority 7") << QByteArray("apns-priority") << QByteArray("7") << good << 400
                                << QStringLiteral("BadPriority");
    QTest::newRow("empty body") << QByteArray() << QByteArray() << QByteArray() << 400
                                << QStringLiteral("PayloadEmpty");
    QTest::newRow("alert body") << QByteArray() << QByteArray() << QByteArray(R"({"aps":{"alert":"hi"}})") << 400
                                << QStringLiteral("BadPayload");
}

void TestApnsClient::standInChecksRequests()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, reason);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(m_pki->serverCa());
    ssl.setLocalCertificate(QSslCertificate(m_identity.certificate().toDer(), QSsl::Der));
    ssl.setPrivateKey(QSslKey(m_identity.privateKey().toPem(), QSsl::Rsa, QSsl::Pem));
    QNetworkRequest request(QUrl(m_server->url() + QStringLiteral("/3/device/abcd")));
    request.setSslConfiguration(ssl);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    QHash<QByteArray, QByteArray> headers {
        {"apns-push-type", "mdm"}, {"apns-priority", "10"}, {"apns-expiration", "0"}};
    if (reason != QLatin1String("MissingTopic"))
        headers.insert("apns-topic", m_topic.toUtf8());
    if (!header.isEmpty())
        headers.insert(header, value);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    QNetworkAccessManager manager;
    QNetworkReply* reply = manager.post(request, body);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("reason")).toString(), reason);
    delete reply;
}

QTEST_GUILESS_MAIN(TestApnsClient)
#include "tst_ApnsClient.moc"

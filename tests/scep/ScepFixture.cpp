// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScepFixture.h"

#include "core/pki/OpenSsl.h"
#include "core/storage/Database.h"

#include <QMutex>
#include <QTest>

namespace quince::scep::test {

namespace {

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker locker(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category ? context.category : "default") + QLatin1Char(' ') + message);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

void ScepFixture::captureLog()
{
    static const bool installed = [] {
        g_previousHandler = qInstallMessageHandler(captureMessage);
        return true;
    }();
    Q_UNUSED(installed);
}

QString ScepFixture::logText()
{
    QMutexLocker locker(&g_logMutex);
    return g_log.join(QLatin1Char('\n'));
}

bool ScepFixture::createPki()
{
    captureLog();
    if (!pki::ossl::ensureProviders())
        return false;
    pki = TestPki::create();
    return !pki.caCert.isNull() && !pki.raCert.isNull() && pki.raCert.isSignedBy(pki.caCert);
}

ScepServiceConfig ScepFixture::config(bool withRa) const
{
    ScepServiceConfig config;
    config.caCertificate = pki.caCert;
    config.signerCertificate = withRa ? pki.raCert : pki.caCert;
    config.signerKey = withRa ? pki.raKey : pki.caKey;
    return config;
}

QString ScepFixture::setUp()
{
    dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid())
        return QStringLiteral("no temporary directory");
    worker = std::make_unique<storage::StorageWorker>();
    storage::StorageStatus started = worker->start(dir->filePath(storage::Database::databaseFileName()));
    if (!started)
        return started.error().toString();
    storeNow = QDateTime::currentDateTimeUtc();
    store = std::make_unique<StorageChallengeStore>(*worker, [this] { return storeNow; });
    issuer = std::make_unique<TestIssuer>(pki.caCert, pki.caKey);
    auto created = ScepService::create(config(true), *issuer, *store);
    if (!created)
        return created.error().message;
    service = std::move(created.value());
    return {};
}

bool ScepFixture::tearDown()
{
    const QString log = logText();
    bool clean = true;
    for (const QByteArray& challenge : std::as_const(challenges))
        clean = clean && !log.contains(QString::fromLatin1(challenge));
    challenges.clear();
    service.reset();
    issuer.reset();
    store.reset();
    worker.reset();
    dir.reset();
    return clean;
}

QByteArray ScepFixture::newChallenge(const QString& purpose)
{
    auto created = store->create(purpose);
    if (!created)
        return {};
    challenges.append(created->challenge);
    return created->challenge;
}

ScepResponse ScepFixture::post(const QByteArray& der)
{
    return service->handle(HttpMethod::Post, QByteArrayLiteral("operation=PKIOperation"), der);
}

Reply ScepFixture::exchange(const ScepTestClient& client, const RequestSpec& spec)
{
    const QByteArray request = client.buildRequest(spec, pki.raCert);
    if (request.isEmpty()) {
        Reply broken;
        broken.error = QStringLiteral("the test client could not build the request");
        return broken;
    }
    const ScepResponse response = post(request);
    if (response.statusCode != 200 || response.contentType != "application/x-pki-message") {
        Reply broken;
        broken.error = QStringLiteral("HTTP %1 %2: %3")
                           .arg(response.statusCode)
                           .arg(QString::fromLatin1(response.contentType), QString::fromUtf8(response.body));
        return broken;
    }
    return client.readReply(response.body, pki.raCert);
}

std::pair<ScepTestClient, pki::Certificate> ScepFixture::enroll()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = newChallenge();
    const Reply reply = exchange(client, spec);
    if (reply.pkiStatus != kSuccess)
        qWarning("enroll failed: %s", qPrintable(reply.error));
    return {client, reply.issued};
}

void expectFailure(const ScepTestClient& client, const Reply& reply, FailInfo failInfo)
{
    QVERIFY2(reply.parsed, qPrintable(reply.error));
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.messageType, 3);
    QCOMPARE(reply.pkiStatus, kFailure);
    QCOMPARE(failInfoName(static_cast<FailInfo>(reply.failInfo)), failInfoName(failInfo));
    QCOMPARE(reply.transactionId, client.lastTransactionId());
    QCOMPARE(reply.recipientNonce, client.lastSenderNonce());
    QCOMPARE(reply.senderNonce.size(), 16);
    QVERIFY(reply.envelope.isEmpty());
    QVERIFY(reply.issued.isNull());
}

} // namespace quince::scep::test

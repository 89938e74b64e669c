// SPDX-License-Identifier: GPL-3.0-or-later
// Every way a SCEP request can be wrong, and the answer it gets: a signed FAILURE CertRep with
// the right failInfo when the sender can be addressed, an HTTP status when it cannot. Nothing
// issues a certificate it should not, and no challenge is burnt by a request that fails early.

#include "ScepFixture.h"

#include <QAtomicInt>
#include <QFile>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace quince;
using namespace quince::scep;
using namespace quince::scep::test;
using pki::Certificate;
using pki::PrivateKey;

Q_DECLARE_METATYPE(quince::scep::test::RequestSpec::Tamper)
Q_DECLARE_METATYPE(quince::scep::FailInfo)

namespace {

QByteArray fixtureFile(const QString& name)
{
    QFile file(QStringLiteral(QUINCE_TEST_DATA_DIR "/scep/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestScepRejections : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void wrongChallenge();
    void missingChallenge();
    void replayedChallenge();
    void replayedMessage();
    void expiredChallenge();
    void brokenRequestDoesNotBurnTheChallenge();
    void concurrentRequestsShareOneChallenge();
    void tampered_data();
    void tampered();
    void tamperedLastByte();
    void unsupportedCipher_data();
    void unsupportedCipher();
    void unsupportedDigest();
    void signingTimeTooFarOff();
    void envelopedToTheWrongRecipient();
    void envelopeWithoutCsr();
    void unsupportedMessageTypes_data();
    void unsupportedMessageTypes();
    void issuerRefusals_data();
    void issuerRefusals();
    void nonRsaSigner();
    void renewalByUnknownCertificate();
    void renewalByExpiredCertificate();
    void renewalRefusedByInventory();
    void garbageBodies_data();
    void garbageBodies();
    void oversizedMessages();
    void methodsAndOperations();
    void rejectionsAreLogged();

private:
    ScepFixture m_f;
};

void TestScepRejections::initTestCase()
{
    qRegisterMetaType<RequestSpec::Tamper>();
    QVERIFY(m_f.createPki());
}

void TestScepRejections::init()
{
    const QString problem = m_f.setUp();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestScepRejections::cleanup()
{
    QVERIFY2(m_f.tearDown(), "a challenge reached the log");
}

void TestScepRejections::wrongChallenge()
{
    m_f.newChallenge();
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = "0123456789abcdef0123456789abcdef01234567";
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadRequest);
    QVERIFY(m_f.issuer->issued().isEmpty());
}

void TestScepRejections::missingChallenge()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    expectFailure(client, m_f.exchange(client, RequestSpec {}), FailInfo::BadRequest);
    QVERIFY(m_f.issuer->issued().isEmpty());
}

void TestScepRejections::replayedChallenge()
{
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    ScepTestClient first = ScepTestClient::withTransientIdentity();
    QCOMPARE(m_f.exchange(first, spec).pkiStatus, kSuccess);
    // Another device (or the same one, new transaction) presents the used challenge.
    ScepTestClient second = ScepTestClient::withTransientIdentity();
    expectFailure(second, m_f.exchange(second, spec), FailInfo::BadRequest);
    QCOMPARE(m_f.issuer->issued().size(), 1);
}

void TestScepRejections::replayedMessage()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    const QByteArray request = client.buildRequest(spec, m_f.pki.raCert);
    const Reply first = client.readReply(m_f.post(request).body, m_f.pki.raCert);
    QCOMPARE(first.pkiStatus, kSuccess);
    // The identical bytes again (same transactionID and senderNonce): refused, not re-issued.
    const Reply replay = client.readReply(m_f.post(request).body, m_f.pki.raCert);
    expectFailure(client, replay, FailInfo::BadRequest);
    QCOMPARE(m_f.issuer->issued().size(), 1);
    QVERIFY(ScepFixture::logText().contains(QStringLiteral("replayed transactionID and senderNonce")));
}

void TestScepRejections::expiredChallenge()
{
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    m_f.storeNow = m_f.storeNow.addSecs(2 * 3600); // default lifetime is one hour
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadRequest);
    QVERIFY(m_f.issuer->issued().isEmpty());
    QVERIFY(ScepFixture::logText().contains(QStringLiteral("challenge expired")));
}

void TestScepRejections::brokenRequestDoesNotBurnTheChallenge()
{
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.tamper = RequestSpec::Tamper::CsrSignature;
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadMessageCheck);
    // The challenge is consumed only once everything else has passed, so it still works.
    spec.tamper = RequestSpec::Tamper::None;
    const Reply retry = m_f.exchange(client, spec);
    QCOMPARE(retry.pkiStatus, kSuccess);
    QCOMPARE(m_f.issuer->issued().size(), 1);
}

void TestScepRejections::concurrentRequestsShareOneChallenge()
{
    constexpr int kClients = 4;
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    std::vector<ScepTestClient> clients;
    QList<QByteArray> requests;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(ScepTestClient::withTransientIdentity());
        requests.append(clients.back().buildRequest(spec, m_f.pki.raCert));
    }
    QList<ScepResponse> responses(kClients);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < kClients; ++i)
        threads.emplace_back(QThread::create([&, i] { responses[i] = m_f.post(requests.at(i)); }));
    for (auto& thread : threads)
        thread->start();
    for (auto& thread : threads)
        QVERIFY(thread->wait(60000));

    int successes = 0;
    for (int i = 0; i < kClients; ++i) {
        QCOMPARE(responses.at(i).statusCode, 200);
        const Reply reply = clients.at(i).readReply(responses.at(i).body, m_f.pki.raCert);
        QVERIFY(reply.signatureValid);
        if (reply.pkiStatus == kSuccess)
            ++successes;
        else
            QCOMPARE(reply.failInfo, static_cast<int>(FailInfo::BadRequest));
    }
    QCOMPARE(successes, 1);
    QCOMPARE(m_f.issuer->issued().size(), 1);
}

void TestScepRejections::tampered_data()
{
    QTest::addColumn<RequestSpec::Tamper>("tamper");
    QTest::newRow("signature byte") << RequestSpec::Tamper::Signature;
    QTest::newRow("signed content byte") << RequestSpec::Tamper::SignedContent;
    QTest::newRow("CSR signature byte") << RequestSpec::Tamper::CsrSignature;
}

void TestScepRejections::tampered()
{
    QFETCH(RequestSpec::Tamper, tamper);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.tamper = tamper;
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadMessageCheck);
    QVERIFY(m_f.issuer->issued().isEmpty());
}

void TestScepRejections::tamperedLastByte()
{
    // The DER ends with the signature value: flip its last byte in the raw message.
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    QByteArray request = client.buildRequest(spec, m_f.pki.raCert);
    request[request.size() - 1] = static_cast<char>(request.at(request.size() - 1) ^ 0x80);
    const ScepResponse response = m_f.post(request);
    QCOMPARE(response.statusCode, 200);
    expectFailure(client, client.readReply(response.body, m_f.pki.raCert), FailInfo::BadMessageCheck);
}

void TestScepRejections::unsupportedCipher_data()
{
    QTest::addColumn<QByteArray>("cipher");
    QTest::addColumn<QByteArray>("overrideOid");
    QTest::newRow("RC2-CBC") << QByteArray("RC2-CBC") << QByteArray();
    QTest::newRow("Camellia-128-CBC") << QByteArray("CAMELLIA-128-CBC") << QByteArray();
    QTest::newRow("bogus OID") << QByteArray("AES-128-CBC") << QByteArray("1.3.6.1.4.1.99999.1.2.3");
}

void TestScepRejections::unsupportedCipher()
{
    QFETCH(QByteArray, cipher);
    QFETCH(QByteArray, overrideOid);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.cipher = cipher;
    spec.overrideCipherOid = overrideOid;
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadAlg);
    // badAlg is decided before the challenge is looked at: it can still be used.
    spec.cipher = "AES-128-CBC";
    spec.overrideCipherOid.clear();
    QCOMPARE(m_f.exchange(client, spec).pkiStatus, kSuccess);
}

void TestScepRejections::unsupportedDigest()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.digest = "MD5";
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadAlg);
}

void TestScepRejections::signingTimeTooFarOff()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.signingTime = QDateTime::currentDateTimeUtc().addDays(-3);
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadTime);
    spec.signingTime = QDateTime::currentDateTimeUtc().addSecs(600); // a little skew is fine
    QCOMPARE(m_f.exchange(client, spec).pkiStatus, kSuccess);
}

void TestScepRejections::envelopedToTheWrongRecipient()
{
    // Encrypted to the CA although GetCACert named an RA: we cannot open it.
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    const ScepResponse response = m_f.post(client.buildRequest(spec, m_f.pki.caCert));
    QCOMPARE(response.statusCode, 200);
    expectFailure(client, client.readReply(response.body, m_f.pki.raCert), FailInfo::BadMessageCheck);
}

void TestScepRejections::envelopeWithoutCsr()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.envelopeContentOverride = "this is not a PKCS#10 request";
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadRequest);
}

void TestScepRejections::unsupportedMessageTypes_data()
{
    QTest::addColumn<int>("messageType");
    QTest::newRow("CertPoll (GetCertInitial)") << 20;
    QTest::newRow("GetCert") << 21;
    QTest::newRow("GetCRL") << 22;
    QTest::newRow("CertRep sent to the server") << 3;
    QTest::newRow("unknown 99") << 99;
    QTest::newRow("missing") << -1;
}

void TestScepRejections::unsupportedMessageTypes()
{
    QFETCH(int, messageType);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.messageType = messageType;
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadRequest);
    QVERIFY(m_f.issuer->issued().isEmpty());
}

void TestScepRejections::issuerRefusals_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<FailInfo>("failInfo");
    QTest::newRow("policy refusal") << static_cast<int>(pki::PkiErrorKind::InvalidArgument) << FailInfo::BadRequest;
    QTest::newRow("key type refused") << static_cast<int>(pki::PkiErrorKind::UnsupportedAlgorithm) << FailInfo::BadAlg;
}

void TestScepRejections::issuerRefusals()
{
    QFETCH(int, kind);
    QFETCH(FailInfo, failInfo);
    m_f.issuer->failNextWith(static_cast<pki::PkiErrorKind>(kind));
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    expectFailure(client, m_f.exchange(client, spec), failInfo);
}

void TestScepRejections::nonRsaSigner()
{
    // The answer is encrypted to the signer certificate, which PKCS#7 can only do for RSA.
    const PrivateKey ecKey = PrivateKey::generateEcP256().value();
    ScepTestClient client(ecKey, makeCertificate(CertificateSpec {QStringLiteral("ec-device")}, ecKey, {}, ecKey));
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    const ScepResponse response = m_f.post(client.buildRequest(spec, m_f.pki.raCert));
    QCOMPARE(response.statusCode, 200);
    const Reply reply = client.readReply(response.body, m_f.pki.raCert);
    QCOMPARE(reply.pkiStatus, kFailure);
    QCOMPARE(reply.failInfo, static_cast<int>(FailInfo::BadAlg));
}

void TestScepRejections::renewalByUnknownCertificate()
{
    // Documented choice: a RenewalReq whose (correctly signing) certificate did not come from our
    // CA is badCertId; a signature that does not verify stays badMessageCheck.
    const PrivateKey otherCaKey = PrivateKey::generateRsa(2048).value();
    const Certificate otherCa
        = makeCertificate(CertificateSpec {QStringLiteral("Other CA"), true}, otherCaKey, {}, otherCaKey);
    const PrivateKey key = PrivateKey::generateRsa(2048).value();
    const QList<Certificate> strangers {
        makeCertificate(CertificateSpec {QStringLiteral("self-signed")}, key, {}, key),
        makeCertificate(CertificateSpec {QStringLiteral("issued elsewhere")}, key, otherCa, otherCaKey),
    };
    for (const Certificate& stranger : strangers) {
        ScepTestClient client(key, stranger);
        RequestSpec spec;
        spec.messageType = static_cast<int>(MessageType::RenewalReq);
        expectFailure(client, m_f.exchange(client, spec), FailInfo::BadCertId);
    }
    QVERIFY(m_f.issuer->issued().isEmpty());
}

void TestScepRejections::renewalByExpiredCertificate()
{
    m_f.issuer->setValidity(-10 * 24 * 3600, -24 * 3600);
    auto [client, expired] = m_f.enroll();
    QVERIFY(!expired.isNull());
    QVERIFY(!expired.isValidAt(QDateTime::currentDateTimeUtc()));
    ScepTestClient renewing(client.key(), expired);
    RequestSpec spec;
    spec.messageType = static_cast<int>(MessageType::RenewalReq);
    expectFailure(renewing, m_f.exchange(renewing, spec), FailInfo::BadTime);
    QCOMPARE(m_f.issuer->issued().size(), 1);
}

void TestScepRejections::renewalRefusedByInventory()
{
    auto [client, existing] = m_f.enroll();
    QVERIFY(!existing.isNull());
    m_f.issuer->refuseRenewalOf(existing); // superseded or revoked in the inventory
    ScepTestClient renewing(client.key(), existing);
    RequestSpec spec;
    spec.messageType = static_cast<int>(MessageType::RenewalReq);
    expectFailure(renewing, m_f.exchange(renewing, spec), FailInfo::BadCertId);
}

void TestScepRejections::garbageBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("hello, SCEP");
    QTest::newRow("one zero byte") << QByteArray(1, '\0');
    QTest::newRow("SEQUENCE header only") << QByteArray::fromHex("3082");
    for (const char* name : {"random.bin", "not-pkcs7-certificate.der", "degenerate-certs-only.p7b",
             "enveloped-only.p7", "signed-without-scep-attributes.p7", "truncated-signeddata.der", "deeply-nested.der",
             "unterminated-ber.der", "huge-length.der"}) {
        const QByteArray bytes = fixtureFile(QString::fromLatin1(name));
        QVERIFY2(!bytes.isEmpty(), name);
        QTest::newRow(name) << bytes;
    }
    // A valid request cut short.
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = "irrelevant";
    const QByteArray request = client.buildRequest(spec, m_f.pki.raCert);
    QTest::newRow("request cut in half") << request.left(request.size() / 2);
    QTest::newRow("request with trailing bytes") << request + QByteArray("garbage");
}

void TestScepRejections::garbageBodies()
{
    QFETCH(QByteArray, body);
    const ScepResponse response = m_f.post(body);
    QCOMPARE(response.statusCode, 400);
    QCOMPARE(response.contentType, QByteArray("text/plain"));
    QVERIFY(!response.body.isEmpty());
    QVERIFY(m_f.issuer->issued().isEmpty());
    // And by GET, as base64.
    const ScepResponse viaGet = m_f.service->handle(HttpMethod::Get,
        QByteArrayLiteral("operation=PKIOperation&message=") + body.toBase64().toPercentEncoding(), {});
    QCOMPARE(viaGet.statusCode, 400);
}

void TestScepRejections::oversizedMessages()
{
    const qsizetype limit = ScepServiceConfig().maxMessageBytes;
    // Just over the limit: refused by size, before parsing (the log says so, not "not a PKCS#7").
    const ScepResponse posted = m_f.post(QByteArray(limit + 1, '0'));
    QCOMPARE(posted.statusCode, 413);
    QVERIFY(ScepFixture::logText().contains(QStringLiteral("POST body of %1 bytes").arg(limit + 1)));
    QCOMPARE(m_f.post(QByteArray(limit, '0')).statusCode, 400); // at the limit: parsed, and garbage

    const QByteArray big = QByteArray(limit + 10, 'x').toBase64();
    const ScepResponse viaGet
        = m_f.service->handle(HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation&message=") + big, {});
    QCOMPARE(viaGet.statusCode, 413);
    const ScepResponse hugeQuery = m_f.service->handle(
        HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation&message=") + QByteArray(4 * limit * 3, 'A'), {});
    QCOMPARE(hugeQuery.statusCode, 414);
    // pkiOperation() itself (for a listener that decodes on its own) applies the same bound.
    QCOMPARE(m_f.service->pkiOperation(QByteArray(limit + 1, '0')).statusCode, 413);
}

void TestScepRejections::methodsAndOperations()
{
    ScepService& service = *m_f.service;
    ScepResponse response = service.handle(HttpMethod::Post, QByteArrayLiteral("operation=GetCACaps"), {});
    QCOMPARE(response.statusCode, 405);
    QCOMPARE(response.allow, QByteArray("GET"));
    QCOMPARE(service.handle(HttpMethod::Other, QByteArrayLiteral("operation=GetCACert"), {}).statusCode, 405);
    response = service.handle(HttpMethod::Other, QByteArrayLiteral("operation=PKIOperation"), QByteArray("x"));
    QCOMPARE(response.statusCode, 405);
    QCOMPARE(response.allow, QByteArray("GET, POST"));
    QCOMPARE(service.handle(HttpMethod::Get, QByteArrayLiteral("operation=GetNextCACert"), {}).statusCode, 400);
    QCOMPARE(service.handle(HttpMethod::Get, QByteArrayLiteral("operation=Nope"), {}).statusCode, 400);
    QCOMPARE(service.handle(HttpMethod::Get, QByteArray(), {}).statusCode, 400);
    QCOMPARE(service.handle(HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation"), {}).statusCode, 400);
    QCOMPARE(
        service.handle(HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation&message=%%%"), {}).statusCode, 400);
    QCOMPARE(
        service.handle(HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation&message=not*base64"), {}).statusCode,
        400);
}

void TestScepRejections::rejectionsAreLogged()
{
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = "definitely-not-issued-challenge";
    spec.transactionId = "txn-logged-0001";
    expectFailure(client, m_f.exchange(client, spec), FailInfo::BadRequest);
    const QString log = ScepFixture::logText();
    QVERIFY(log.contains(QStringLiteral("quince.scep")));
    QVERIFY(log.contains(QStringLiteral("txn-logged-0001")));
    QVERIFY(log.contains(QStringLiteral("badRequest")));
    QVERIFY(log.contains(QStringLiteral("unknown challenge")));
    QVERIFY(!log.contains(QStringLiteral("definitely-not-issued-challenge")));
}

QTEST_GUILESS_MAIN(TestScepRejections)
#include "tst_ScepRejections.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The SCEP engine's success paths end to end: a SCEP client written with OpenSSL enrolls (once
// per envelope cipher) and renews against ScepService with challenges in a real SQLite file;
// what Quince signs is verified by the `openssl` command.

#include "ScepFixture.h"

#include "core/pki/OpenSsl.h"

#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::scep;
using namespace quince::scep::test;
using pki::Certificate;
using pki::PrivateKey;

namespace {

QList<Certificate> certificatesIn(const QByteArray& der)
{
    using namespace pki::ossl;
    QList<Certificate> list;
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &data, static_cast<long>(der.size())));
    if (!pkcs7 || !PKCS7_type_is_signed(pkcs7.get()) || !pkcs7->d.sign->cert)
        return list;
    for (int i = 0; i < sk_X509_num(pkcs7->d.sign->cert); ++i)
        list.append(Certificate::share(sk_X509_value(pkcs7->d.sign->cert, i)));
    return list;
}

} // namespace

class TestScepService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void getCaCaps();
    void getCaCertWithRa();
    void getCaCertWithoutRa();
    void roundTrip_data();
    void roundTrip();
    void roundTripWithoutRa();
    void certRepVerifiedByOpenssl_data();
    void certRepVerifiedByOpenssl();
    void pkiOperationByGet_data();
    void pkiOperationByGet();
    void renewal();
    void configurationIsChecked();

private:
    ScepFixture m_f;
};

void TestScepService::initTestCase()
{
    QVERIFY(m_f.createPki());
}

void TestScepService::init()
{
    const QString problem = m_f.setUp();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestScepService::cleanup()
{
    QVERIFY2(m_f.tearDown(), "a challenge reached the log");
}

void TestScepService::getCaCaps()
{
    const ScepResponse response = m_f.service->handle(HttpMethod::Get, QByteArrayLiteral("operation=GetCACaps"), {});
    QCOMPARE(response.statusCode, 200);
    QCOMPARE(response.contentType, QByteArray("text/plain"));
    const QList<QByteArray> lines = response.body.trimmed().split('\n');
    for (const char* capability : {"POSTPKIOperation", "SHA-256", "SHA-1", "AES", "DES3", "SCEPStandard", "Renewal"})
        QVERIFY2(lines.contains(QByteArray(capability)), capability);
    QVERIFY(!lines.contains(QByteArray("GetNextCACert")));
}

void TestScepService::getCaCertWithRa()
{
    const ScepResponse response = m_f.service->handle(HttpMethod::Get, QByteArrayLiteral("operation=GetCACert"), {});
    QCOMPARE(response.statusCode, 200);
    QCOMPARE(response.contentType, QByteArray("application/x-x509-ca-ra-cert"));
    const QList<Certificate> certificates = certificatesIn(response.body);
    QCOMPARE(certificates.size(), 2);
    QCOMPARE(certificates.at(0), m_f.pki.caCert);
    QCOMPARE(certificates.at(1), m_f.pki.raCert);
    if (!hasOpenssl())
        QSKIP("openssl command not found");
    const ProcessResult printed = runOpenssl({QStringLiteral("pkcs7"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                                 QStringLiteral("-print_certs"), QStringLiteral("-noout")},
        response.body);
    QCOMPARE(printed.exitCode, 0);
    QVERIFY(printed.output.contains("Quince Test SCEP RA"));
    QVERIFY(printed.output.contains("Quince Test SCEP CA"));
}

void TestScepService::getCaCertWithoutRa()
{
    auto service = ScepService::create(m_f.config(false), *m_f.issuer, *m_f.store);
    QVERIFY(service);
    QVERIFY(!service.value()->usesRa());
    const ScepResponse response
        = service.value()->handle(HttpMethod::Get, QByteArrayLiteral("operation=GetCACert&message=any"), {});
    QCOMPARE(response.statusCode, 200);
    QCOMPARE(response.contentType, QByteArray("application/x-x509-ca-cert"));
    auto parsed = Certificate::fromDer(response.body);
    QVERIFY(parsed);
    QCOMPARE(parsed.value(), m_f.pki.caCert);
}

void TestScepService::roundTrip_data()
{
    QTest::addColumn<QByteArray>("cipher");
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("AES-128") << QByteArray("AES-128-CBC") << QByteArray("SHA256");
    QTest::newRow("AES-256") << QByteArray("AES-256-CBC") << QByteArray("SHA256");
    QTest::newRow("DES3") << QByteArray("DES-EDE3-CBC") << QByteArray("SHA256");
    QTest::newRow("DES") << QByteArray("DES-CBC") << QByteArray("SHA256");
    QTest::newRow("DES, SHA-1 (older clients)") << QByteArray("DES-CBC") << QByteArray("SHA1");
    QTest::newRow("AES-256, SHA-512") << QByteArray("AES-256-CBC") << QByteArray("SHA512");
}

void TestScepService::roundTrip()
{
    QFETCH(QByteArray, cipher);
    QFETCH(QByteArray, digest);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge(QStringLiteral("enrollment:42"));
    spec.cipher = cipher;
    spec.digest = digest;
    spec.subjectCommonName = QStringLiteral("device-") + QString::fromLatin1(cipher);
    const Reply reply = m_f.exchange(client, spec);

    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.messageType, 3);
    QCOMPARE(reply.pkiStatus, kSuccess);
    QCOMPARE(reply.failInfo, -1);
    QCOMPARE(reply.transactionId, client.lastTransactionId());
    QCOMPARE(reply.recipientNonce, client.lastSenderNonce());
    QCOMPARE(reply.senderNonce.size(), 16);
    QVERIFY(reply.senderNonce != client.lastSenderNonce());
    // Answered in the request's own cipher, so a DES-only client can read it.
    QVERIFY(!reply.envelopeCipherOid.isEmpty());
    QCOMPARE(reply.envelopeCipherOid, cipherOid(cipher));
    QVERIFY2(!reply.issued.isNull(), qPrintable(reply.error));
    QCOMPARE(reply.issued.publicKeyDer(), client.key().publicKeyDer());
    QCOMPARE(reply.issued.commonName(), spec.subjectCommonName);
    QVERIFY(reply.issued.isSignedBy(m_f.pki.caCert));

    QCOMPARE(m_f.issuer->contexts().size(), 1);
    const IssueContext context = m_f.issuer->contexts().constFirst();
    QCOMPARE(context.messageType, MessageType::PKCSReq);
    QCOMPARE(context.challengePurpose, QStringLiteral("enrollment:42"));
    QVERIFY(context.challengeId > 0);
    QCOMPARE(context.transactionId, QString::fromLatin1(client.lastTransactionId()));
    QVERIFY(context.previousCertificate.isNull());

    if (!hasOpenssl())
        QSKIP("openssl command not found");
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("ca.pem")), m_f.pki.caCert.toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("issued.pem")), reply.issued.toPem()));
    const ProcessResult verified = runOpenssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
        dir.filePath(QStringLiteral("ca.pem")), dir.filePath(QStringLiteral("issued.pem"))});
    QVERIFY2(verified.exitCode == 0, verified.output.constData());
    QVERIFY(verified.output.contains(": OK"));
}

void TestScepService::roundTripWithoutRa()
{
    auto service = ScepService::create(m_f.config(false), *m_f.issuer, *m_f.store);
    QVERIFY(service);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.cipher = "DES-EDE3-CBC";
    const ScepResponse response = service.value()->handle(
        HttpMethod::Post, QByteArrayLiteral("operation=PKIOperation"), client.buildRequest(spec, m_f.pki.caCert));
    QCOMPARE(response.statusCode, 200);
    const Reply reply = client.readReply(response.body, m_f.pki.caCert);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, kSuccess);
    QCOMPARE(reply.envelopeCipherOid, cipherOid("DES-EDE3-CBC"));
    QVERIFY(reply.issued.isSignedBy(m_f.pki.caCert));
}

void TestScepService::certRepVerifiedByOpenssl_data()
{
    QTest::addColumn<QByteArray>("cipher");
    QTest::addColumn<QByteArray>("opensslCipherName");
    QTest::newRow("AES-128") << QByteArray("AES-128-CBC") << QByteArray("aes-128-cbc");
    QTest::newRow("DES") << QByteArray("DES-CBC") << QByteArray("des-cbc");
}

void TestScepService::certRepVerifiedByOpenssl()
{
    QFETCH(QByteArray, cipher);
    QFETCH(QByteArray, opensslCipherName);
    if (!hasOpenssl())
        QSKIP("openssl command not found");
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.cipher = cipher;
    const ScepResponse response = m_f.post(client.buildRequest(spec, m_f.pki.raCert));
    QCOMPARE(response.statusCode, 200);

    QTemporaryDir dir;
    const auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)); };
    QVERIFY(writeFile(path("certrep.der"), response.body));
    QVERIFY(writeFile(path("client.pem"), client.certificate().toPem()));
    QVERIFY(writeFile(path("client.key"), client.key().toPem()));
    QVERIFY(writeFile(path("ca.pem"), m_f.pki.caCert.toPem()));
    QVERIFY(writeFile(path("empty.bin"), QByteArray()));

    // The SignedData: the RA's signature verifies, and the RA chains to the CA.
    const ProcessResult outer = runOpenssl({QStringLiteral("smime"), QStringLiteral("-verify"),
        QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), path("certrep.der"),
        QStringLiteral("-CAfile"), path("ca.pem"), QStringLiteral("-purpose"), QStringLiteral("any"),
        QStringLiteral("-binary"), QStringLiteral("-out"), path("envelope.der")});
    QVERIFY2(outer.exitCode == 0, outer.output.constData());
    // The EnvelopedData: openssl names the request's cipher, and the client key opens it.
    const ProcessResult printed
        = runOpenssl({QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"),
            QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), path("envelope.der")});
    QVERIFY2(printed.exitCode == 0, printed.output.constData());
    QVERIFY2(printed.output.contains(opensslCipherName), printed.output.constData());
    const ProcessResult decrypted = runOpenssl({QStringLiteral("smime"), QStringLiteral("-decrypt"),
        QStringLiteral("-provider"), QStringLiteral("default"), QStringLiteral("-provider"), QStringLiteral("legacy"),
        QStringLiteral("-binary"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
        path("envelope.der"), QStringLiteral("-recip"), path("client.pem"), QStringLiteral("-inkey"),
        path("client.key"), QStringLiteral("-out"), path("degenerate.der")});
    QVERIFY2(decrypted.exitCode == 0, decrypted.output.constData());
    const ProcessResult certs = runOpenssl({QStringLiteral("pkcs7"), QStringLiteral("-inform"), QStringLiteral("DER"),
        QStringLiteral("-in"), path("degenerate.der"), QStringLiteral("-print_certs")});
    QVERIFY2(certs.exitCode == 0, certs.output.constData());
    auto issued = Certificate::fromPem(certs.output);
    QVERIFY(issued);
    QCOMPARE(issued->publicKeyDer(), client.key().publicKeyDer());
    QCOMPARE(issued.value(), m_f.issuer->issued().constLast());

    // A FAILURE CertRep has no content; its signature covers the empty content.
    RequestSpec wrong;
    wrong.challenge = "wrong";
    QVERIFY(writeFile(path("failure.der"), m_f.post(client.buildRequest(wrong, m_f.pki.raCert)).body));
    const ProcessResult failure
        = runOpenssl({QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"),
            QStringLiteral("DER"), QStringLiteral("-in"), path("failure.der"), QStringLiteral("-content"),
            path("empty.bin"), QStringLiteral("-CAfile"), path("ca.pem"), QStringLiteral("-purpose"),
            QStringLiteral("any"), QStringLiteral("-binary"), QStringLiteral("-out"), path("nothing.bin")});
    QVERIFY2(failure.exitCode == 0, failure.output.constData());
}

void TestScepService::pkiOperationByGet_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::newRow("standard, percent-encoded") << QStringLiteral("standard-percent");
    QTest::newRow("standard, raw + and /") << QStringLiteral("standard-raw");
    QTest::newRow("URL-safe, unpadded") << QStringLiteral("urlsafe");
    QTest::newRow("URL-safe, padded, percent-encoded") << QStringLiteral("urlsafe-padded");
}

void TestScepService::pkiOperationByGet()
{
    QFETCH(QString, encoding);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    const QByteArray der = client.buildRequest(spec, m_f.pki.raCert);
    QByteArray value;
    if (encoding == QLatin1String("standard-percent"))
        value = der.toBase64().toPercentEncoding();
    else if (encoding == QLatin1String("standard-raw"))
        value = der.toBase64();
    else if (encoding == QLatin1String("urlsafe"))
        value = der.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    else
        value = der.toBase64(QByteArray::Base64UrlEncoding).toPercentEncoding();

    const ScepResponse response
        = m_f.service->handle(HttpMethod::Get, QByteArrayLiteral("operation=PKIOperation&message=") + value, {});
    QCOMPARE(response.statusCode, 200);
    QCOMPARE(response.contentType, QByteArray("application/x-pki-message"));
    const Reply reply = client.readReply(response.body, m_f.pki.raCert);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, kSuccess);
    QCOMPARE(reply.issued.publicKeyDer(), client.key().publicKeyDer());
}

void TestScepService::renewal()
{
    auto [client, existing] = m_f.enroll();
    QVERIFY(!existing.isNull());

    // The device renews: signs with its issued certificate and old key, asks for a new key.
    ScepTestClient renewing(client.key(), existing);
    const PrivateKey newKey = PrivateKey::generateRsa(2048).value();
    RequestSpec spec;
    spec.messageType = static_cast<int>(MessageType::RenewalReq);
    spec.csrKey = newKey;
    spec.cipher = "AES-256-CBC";
    const Reply reply = m_f.exchange(renewing, spec);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, kSuccess);
    QCOMPARE(reply.recipientNonce, renewing.lastSenderNonce());
    QCOMPARE(reply.issued.publicKeyDer(), newKey.publicKeyDer());
    QVERIFY(reply.issued.isSignedBy(m_f.pki.caCert));
    QCOMPARE(m_f.issuer->issued().size(), 2);
    const IssueContext context = m_f.issuer->contexts().constLast();
    QCOMPARE(context.messageType, MessageType::RenewalReq);
    QCOMPARE(context.previousCertificate, existing);
    QCOMPARE(context.challengeId, -1);
}

void TestScepService::configurationIsChecked()
{
    ScepServiceConfig mismatched = m_f.config(true);
    mismatched.signerKey = m_f.pki.caKey;
    QVERIFY(!ScepService::create(mismatched, *m_f.issuer, *m_f.store));

    // An RA the CA did not issue.
    const PrivateKey key = PrivateKey::generateRsa(2048).value();
    ScepServiceConfig foreign = m_f.config(true);
    foreign.signerKey = key;
    foreign.signerCertificate = makeCertificate(CertificateSpec {QStringLiteral("Foreign RA")}, key, {}, key);
    QVERIFY(!ScepService::create(foreign, *m_f.issuer, *m_f.store));

    // SCEP envelopes need RSA key transport: an EC signer is refused up front.
    const PrivateKey ecKey = PrivateKey::generateEcP256().value();
    ScepServiceConfig ec = m_f.config(true);
    ec.signerKey = ecKey;
    ec.signerCertificate
        = makeCertificate(CertificateSpec {QStringLiteral("EC RA")}, ecKey, m_f.pki.caCert, m_f.pki.caKey);
    auto refused = ScepService::create(ec, *m_f.issuer, *m_f.store);
    QVERIFY(!refused);
    QVERIFY(refused.error().message.contains(QStringLiteral("RSA")));
}

QTEST_GUILESS_MAIN(TestScepService)
#include "tst_ScepService.moc"

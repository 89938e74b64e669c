// SPDX-License-Identifier: GPL-3.0-or-later
// PKCS#10 requests: parsing what openssl (standing in for a device) makes, and making requests
// openssl accepts.
#include "CaTestSupport.h"

#include "core/pki/CertificateRequest.h"
#include "core/pki/PrivateKey.h"

#include <QTest>

using namespace quince::pki;
using namespace quince::pki::test;

class TestCertificateRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parsesOpensslRequest();
    void derAndPemAgree();
    void detectsTamperedSignature();
    void rejectsGarbageAndTrailingBytes();
    void createdRequestVerifiesWithOpenssl();
    void requestWithoutAttributes();

private:
    QTemporaryDir m_dir;
    QByteArray m_csrPem;
    QByteArray m_csrDer;
    QByteArray m_keyPem;
};

void TestCertificateRequest::initTestCase()
{
    if (opensslPath().isEmpty())
        QSKIP("the openssl command is not installed; these tests compare with it");
    QVERIFY(m_dir.isValid());
    // A request shaped like a device's SCEP request: challenge password attribute, SAN request.
    const QByteArray config = "[req]\n"
                              "prompt = no\n"
                              "distinguished_name = dn\n"
                              "attributes = attrs\n"
                              "req_extensions = ext\n"
                              "[dn]\n"
                              "O = Example\n"
                              "CN = iPhone of Ada\n"
                              "[attrs]\n"
                              "challengePassword = one-time-7f3a\n"
                              "[ext]\n"
                              "subjectAltName = DNS:device.example.com,IP:10.1.2.3\n"
                              "keyUsage = critical,digitalSignature,keyEncipherment\n";
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("req.cnf")), config));
    Outcome made = openssl(
        {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("device.key"),
            QStringLiteral("-config"), QStringLiteral("req.cnf"), QStringLiteral("-out"), QStringLiteral("device.csr")},
        m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    m_csrPem = readFile(m_dir.filePath(QStringLiteral("device.csr")));
    m_keyPem = readFile(m_dir.filePath(QStringLiteral("device.key")));
    made = openssl({QStringLiteral("req"), QStringLiteral("-in"), QStringLiteral("device.csr"),
                       QStringLiteral("-outform"), QStringLiteral("DER")},
        m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    m_csrDer = made.out;
}

void TestCertificateRequest::parsesOpensslRequest()
{
    auto request = CertificateRequest::fromPem(m_csrPem);
    QVERIFY2(request, why(request).constData());
    QVERIFY(request->verifySignature());
    QCOMPARE(request->subject(), QStringLiteral("CN=iPhone of Ada,O=Example"));
    QCOMPARE(request->commonName(), QStringLiteral("iPhone of Ada"));
    QCOMPARE(request->subjectName().value(QStringLiteral("O")), QStringLiteral("Example"));
    QVERIFY(request->hasChallengePassword());
    QCOMPARE(request->challengePassword(), QStringLiteral("one-time-7f3a"));
    QCOMPARE(request->dnsNames(), QStringList {QStringLiteral("device.example.com")});
    QCOMPARE(request->ipAddresses(), QStringList {QStringLiteral("10.1.2.3")});
    QCOMPARE(request->publicKeyType(), PrivateKey::Type::Rsa);
    QCOMPARE(request->publicKeyBits(), 2048);
    auto key = PrivateKey::fromPem(m_keyPem);
    QVERIFY(key);
    QCOMPARE(request->publicKeyDer(), key->publicKeyDer());

    QStringList oids;
    for (const CertificateRequest::Extension& extension : request->requestedExtensions())
        oids.append(QString::fromLatin1(extension.oid) + (extension.critical ? QStringLiteral("!") : QString()));
    QVERIFY2(oids.contains(QStringLiteral("2.5.29.17")), qPrintable(oids.join(u' ')));
    QVERIFY2(oids.contains(QStringLiteral("2.5.29.15!")), qPrintable(oids.join(u' ')));
}

void TestCertificateRequest::derAndPemAgree()
{
    auto fromDer = CertificateRequest::fromDer(m_csrDer);
    QVERIFY2(fromDer, why(fromDer).constData());
    QCOMPARE(fromDer->toDer(), m_csrDer);
    auto fromPem = CertificateRequest::fromPem(fromDer->toPem());
    QVERIFY(fromPem);
    QCOMPARE(fromPem->toDer(), m_csrDer);
}

void TestCertificateRequest::detectsTamperedSignature()
{
    // The signature is the last element: flipping the last byte breaks it, the rest parses.
    QByteArray tampered = m_csrDer;
    tampered[tampered.size() - 1] = static_cast<char>(tampered.at(tampered.size() - 1) ^ 0x01);
    auto badSignature = CertificateRequest::fromDer(tampered);
    QVERIFY2(badSignature, why(badSignature).constData());
    QVERIFY(!badSignature->verifySignature());

    // Changing the subject (inside the signed part) breaks it too.
    QByteArray renamed = m_csrDer;
    const qsizetype at = renamed.indexOf("Ada");
    QVERIFY(at > 0);
    renamed[at] = 'E';
    auto badSubject = CertificateRequest::fromDer(renamed);
    QVERIFY(badSubject);
    QCOMPARE(badSubject->commonName(), QStringLiteral("iPhone of Eda"));
    QVERIFY(!badSubject->verifySignature());
}

void TestCertificateRequest::rejectsGarbageAndTrailingBytes()
{
    for (const QByteArray& garbage : {QByteArray(), QByteArray("not a request"), QByteArray::fromHex("3003020100")}) {
        auto der = CertificateRequest::fromDer(garbage);
        QVERIFY(!der);
        QCOMPARE(der.error().kind, PkiErrorKind::Malformed);
        auto pem = CertificateRequest::fromPem(garbage);
        QVERIFY(!pem);
        QCOMPARE(pem.error().kind, PkiErrorKind::Malformed);
    }
    auto trailing = CertificateRequest::fromDer(m_csrDer + "x");
    QVERIFY(!trailing);
    QCOMPARE(trailing.error().kind, PkiErrorKind::Malformed);
}

void TestCertificateRequest::createdRequestVerifiesWithOpenssl()
{
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    auto request = CertificateRequest::create(*key,
        {{QStringLiteral("C"), QStringLiteral("DE")}, {QStringLiteral("CN"), QStringLiteral("Zoë's Mac")}},
        QStringLiteral("secret-challenge"), {QStringLiteral("mac.example.com"), QStringLiteral("fd00::5")});
    QVERIFY2(request, why(request).constData());
    QVERIFY(request->verifySignature());
    QCOMPARE(request->challengePassword(), QStringLiteral("secret-challenge"));
    QCOMPARE(request->dnsNames(), QStringList {QStringLiteral("mac.example.com")});
    QCOMPARE(request->ipAddresses(), QStringList {QStringLiteral("fd00::5")});
    QCOMPARE(request->commonName(), QStringLiteral("Zoë's Mac"));
    QCOMPARE(request->publicKeyType(), PrivateKey::Type::EcP256);

    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("ours.csr")), request->toPem()));
    const Outcome verified = openssl(
        {QStringLiteral("req"), QStringLiteral("-in"), QStringLiteral("ours.csr"), QStringLiteral("-verify"),
            QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-nameopt"), QStringLiteral("utf8")},
        m_dir.path());
    QVERIFY2(verified.ok(), verified.both().constData());
    QVERIFY2(verified.both().contains("verify OK"), verified.both().constData());
    QVERIFY2(verified.out.contains("DNS:mac.example.com"), verified.out.constData());
    QVERIFY2(verified.out.contains("secret-challenge"), verified.out.constData());
    QVERIFY2(verified.out.contains("Zoë's Mac"), verified.out.constData());

    auto badName = CertificateRequest::create(*key, {{QStringLiteral("NoSuchField"), QStringLiteral("x")}});
    QVERIFY(!badName);
    QCOMPARE(badName.error().kind, PkiErrorKind::InvalidArgument);
    auto badSan = CertificateRequest::create(
        *key, {{QStringLiteral("CN"), QStringLiteral("x")}}, {}, {QStringLiteral("bad name,DNS:evil.example")});
    QVERIFY(!badSan);
    QCOMPARE(badSan.error().kind, PkiErrorKind::InvalidArgument);
}

void TestCertificateRequest::requestWithoutAttributes()
{
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    auto request = CertificateRequest::create(*key, {{QStringLiteral("CN"), QStringLiteral("plain")}});
    QVERIFY(request);
    QVERIFY(!request->hasChallengePassword());
    QVERIFY(request->challengePassword().isEmpty());
    QVERIFY(request->requestedExtensions().isEmpty());
    QVERIFY(request->dnsNames().isEmpty());
}

QTEST_GUILESS_MAIN(TestCertificateRequest)
#include "tst_CertificateRequest.moc"

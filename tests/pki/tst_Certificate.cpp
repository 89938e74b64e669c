// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate and PrivateKey against what the real openssl command makes and reads.
#include "CaTestSupport.h"

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

using namespace quince::pki;
using namespace quince::pki::test;

class TestCertificate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parsesPemAndDerFromOpenssl();
    void fingerprintSerialAndDatesMatchOpenssl();
    void readsSubjectAlternativeNames();
    void matchesItsKeyOnly();
    void isSignedByItsIssuerOnly();
    void caFlag();
    void rejectsGarbage_data();
    void rejectsGarbage();
    void rejectsTrailingBytes();
    void listFromPemReadsEveryCertificate();
    void privateKeyRoundTrips_data();
    void privateKeyRoundTrips();
    void encryptedPemNeedsItsPassphrase();

private:
    QTemporaryDir m_dir;
    QByteArray m_certPem;
    QByteArray m_keyPem;
    QByteArray m_otherKeyPem;
    QByteArray m_leafPem; // signed by m_certPem's key

    QString path(const QString& name) const { return m_dir.filePath(name); }
};

void TestCertificate::initTestCase()
{
    if (opensslPath().isEmpty())
        QSKIP("the openssl command is not installed; these tests compare with it");
    QVERIFY(m_dir.isValid());
    // A self-signed CA with SANs (DNS and both IP families) and a leaf it signs.
    Outcome made
        = openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                      QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                      QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                      QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                      QStringLiteral("/O=Test Org/CN=Test CA"), QStringLiteral("-addext"),
                      QStringLiteral("subjectAltName=DNS:mdm.example.com,DNS:alt.example.com,"
                                     "IP:192.0.2.7,IP:2001:db8::1")},
            m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    made = openssl(
        {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
            QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), QStringLiteral("other.key")},
        m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    made = openssl(
        {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), QStringLiteral("other.key"),
            QStringLiteral("-subj"), QStringLiteral("/CN=leaf"), QStringLiteral("-out"), QStringLiteral("leaf.csr")},
        m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    made
        = openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("leaf.csr"),
                      QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"),
                      QStringLiteral("ca.key"), QStringLiteral("-set_serial"), QStringLiteral("0x00ff01"),
                      QStringLiteral("-days"), QStringLiteral("5"), QStringLiteral("-out"), QStringLiteral("leaf.pem")},
            m_dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    m_certPem = readFile(path(QStringLiteral("ca.pem")));
    m_keyPem = readFile(path(QStringLiteral("ca.key")));
    m_otherKeyPem = readFile(path(QStringLiteral("other.key")));
    m_leafPem = readFile(path(QStringLiteral("leaf.pem")));
    QVERIFY(!m_certPem.isEmpty() && !m_keyPem.isEmpty() && !m_leafPem.isEmpty());
}

void TestCertificate::parsesPemAndDerFromOpenssl()
{
    const Outcome der = openssl({QStringLiteral("x509"), QStringLiteral("-in"), QStringLiteral("ca.pem"),
                                    QStringLiteral("-outform"), QStringLiteral("DER")},
        m_dir.path());
    QVERIFY(der.ok());
    auto fromPem = Certificate::fromPem(m_certPem);
    auto fromDer = Certificate::fromDer(der.out);
    QVERIFY2(fromPem, why(fromPem).constData());
    QVERIFY2(fromDer, why(fromDer).constData());
    QVERIFY(*fromPem == *fromDer);
    QCOMPARE(fromPem->toDer(), der.out);
    QCOMPARE(fromPem->subject(), QStringLiteral("CN=Test CA,O=Test Org"));
    QCOMPARE(fromPem->issuer(), fromPem->subject());
    QCOMPARE(fromPem->commonName(), QStringLiteral("Test CA"));
    QCOMPARE(fromPem->subjectAttribute("O"), QStringLiteral("Test Org"));
    QVERIFY(fromPem->isSelfIssued());
    // PEM out parses back to the same certificate.
    auto again = Certificate::fromPem(fromDer->toPem());
    QVERIFY(again && *again == *fromDer);
}

void TestCertificate::fingerprintSerialAndDatesMatchOpenssl()
{
    for (const QString& file : {QStringLiteral("ca.pem"), QStringLiteral("leaf.pem")}) {
        auto cert = Certificate::fromPem(readFile(path(file)));
        QVERIFY(cert);
        const Outcome fingerprint
            = openssl({QStringLiteral("x509"), QStringLiteral("-in"), file, QStringLiteral("-noout"),
                          QStringLiteral("-fingerprint"), QStringLiteral("-sha256")},
                m_dir.path());
        QVERIFY(fingerprint.ok());
        // "sha256 Fingerprint=AB:CD:..."
        const QByteArray expected = fingerprint.out.trimmed().split('=').last().replace(':', "").toLower();
        QCOMPARE(cert->sha256Hex().toLatin1(), expected);
        QCOMPARE(cert->sha256Fingerprint().toHex(), expected);

        const Outcome serial = openssl(
            {QStringLiteral("x509"), QStringLiteral("-in"), file, QStringLiteral("-noout"), QStringLiteral("-serial")},
            m_dir.path());
        QVERIFY(serial.ok());
        QCOMPARE(cert->serialHex().toLatin1(), serial.out.trimmed().split('=').last());

        const Outcome dates = openssl({QStringLiteral("x509"), QStringLiteral("-in"), file, QStringLiteral("-noout"),
                                          QStringLiteral("-startdate"), QStringLiteral("-enddate")},
            m_dir.path());
        QVERIFY(dates.ok());
        // "notBefore=Mar  1 12:00:00 2025 GMT"
        const auto parse = [](const QByteArray& line) {
            const QString text = QString::fromLatin1(line.split('=').last()).simplified();
            // The text is GMT: take its fields as UTC.
            QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("MMM d HH:mm:ss yyyy 'GMT'"));
            when.setTimeSpec(Qt::UTC);
            return when;
        };
        const QList<QByteArray> lines = dates.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QDateTime notBefore = parse(lines.at(0));
        const QDateTime notAfter = parse(lines.at(1));
        QVERIFY(notBefore.isValid() && notAfter.isValid());
        QCOMPARE(cert->notBefore().toString(Qt::ISODate), notBefore.toString(Qt::ISODate));
        QCOMPARE(cert->notAfter().toString(Qt::ISODate), notAfter.toString(Qt::ISODate));
        QVERIFY(cert->isValidAt(QDateTime::currentDateTimeUtc()));
        QVERIFY(!cert->isValidAt(cert->notAfter().addSecs(1)));
    }
    auto leaf = Certificate::fromPem(m_leafPem);
    QVERIFY(leaf);
    QCOMPARE(leaf->serialHex(), QStringLiteral("FF01"));
    QCOMPARE(leaf->serialNumber(), QByteArray::fromHex("ff01"));
}

void TestCertificate::readsSubjectAlternativeNames()
{
    auto cert = Certificate::fromPem(m_certPem);
    QVERIFY(cert);
    QCOMPARE(cert->dnsNames(), (QStringList {QStringLiteral("mdm.example.com"), QStringLiteral("alt.example.com")}));
    QCOMPARE(cert->ipAddresses(), (QStringList {QStringLiteral("192.0.2.7"), QStringLiteral("2001:db8::1")}));
    auto leaf = Certificate::fromPem(m_leafPem);
    QVERIFY(leaf);
    QVERIFY(leaf->dnsNames().isEmpty());
    QVERIFY(leaf->ipAddresses().isEmpty());
}

void TestCertificate::matchesItsKeyOnly()
{
    auto cert = Certificate::fromPem(m_certPem);
    auto key = PrivateKey::fromPem(m_keyPem);
    auto other = PrivateKey::fromPem(m_otherKeyPem);
    QVERIFY(cert && key && other);
    QVERIFY(cert->matches(*key));
    QVERIFY(!cert->matches(*other));
    QVERIFY(!cert->matches(PrivateKey()));
    QCOMPARE(cert->publicKeyDer(), key->publicKeyDer());
    auto leaf = Certificate::fromPem(m_leafPem);
    QVERIFY(leaf && leaf->matches(*other));
}

void TestCertificate::isSignedByItsIssuerOnly()
{
    auto ca = Certificate::fromPem(m_certPem);
    auto leaf = Certificate::fromPem(m_leafPem);
    QVERIFY(ca && leaf);
    QVERIFY(ca->isSignedBy(*ca));
    QVERIFY(leaf->isSignedBy(*ca));
    QVERIFY(!ca->isSignedBy(*leaf));
    QVERIFY(!leaf->isSignedBy(*leaf));
    QVERIFY(!leaf->isSignedBy(Certificate()));
    QCOMPARE(leaf->issuer(), ca->subject());
}

void TestCertificate::caFlag()
{
    auto ca = Certificate::fromPem(m_certPem);
    auto leaf = Certificate::fromPem(m_leafPem);
    QVERIFY(ca && leaf);
    QVERIFY(ca->isCa()); // openssl req -x509 adds basicConstraints CA:TRUE
    QVERIFY(!leaf->isCa());
}

void TestCertificate::rejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("hello, I am not a certificate");
    QTest::newRow("sequence header only") << QByteArray::fromHex("3082ffff");
    QTest::newRow("random") << QByteArray::fromHex("00112233445566778899aabbccddeeff0011223344");
}

void TestCertificate::rejectsGarbage()
{
    QFETCH(QByteArray, bytes);
    auto der = Certificate::fromDer(bytes);
    QVERIFY(!der);
    QCOMPARE(der.error().kind, PkiErrorKind::Malformed);
    auto pem = Certificate::fromPem(bytes);
    QVERIFY(!pem);
    QCOMPARE(pem.error().kind, PkiErrorKind::Malformed);
    auto key = PrivateKey::fromDer(bytes);
    QVERIFY(!key);
    QCOMPARE(key.error().kind, PkiErrorKind::Malformed);
    auto pemKey = PrivateKey::fromPem(bytes);
    QVERIFY(!pemKey);
    QCOMPARE(pemKey.error().kind, PkiErrorKind::Malformed);
}

void TestCertificate::rejectsTrailingBytes()
{
    auto cert = Certificate::fromPem(m_certPem);
    QVERIFY(cert);
    auto padded = Certificate::fromDer(cert->toDer() + QByteArray(1, '\0'));
    QVERIFY(!padded);
    QCOMPARE(padded.error().kind, PkiErrorKind::Malformed);
    auto truncated = Certificate::fromDer(cert->toDer().chopped(1));
    QVERIFY(!truncated);
    QCOMPARE(truncated.error().kind, PkiErrorKind::Malformed);
}

void TestCertificate::listFromPemReadsEveryCertificate()
{
    auto list = Certificate::listFromPem(m_leafPem + m_certPem);
    QVERIFY2(list, why(list).constData());
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(0).commonName(), QStringLiteral("leaf"));
    QCOMPARE(list->at(1).commonName(), QStringLiteral("Test CA"));
    auto none = Certificate::listFromPem(QByteArray("no pem here"));
    QVERIFY(!none);
    QCOMPARE(none.error().kind, PkiErrorKind::Malformed);
}

void TestCertificate::privateKeyRoundTrips_data()
{
    QTest::addColumn<bool>("rsa");
    QTest::newRow("EC P-256") << false;
    QTest::newRow("RSA 2048") << true;
}

void TestCertificate::privateKeyRoundTrips()
{
    QFETCH(bool, rsa);
    auto key = rsa ? PrivateKey::generateRsa(2048) : PrivateKey::generateEcP256();
    QVERIFY2(key, why(key).constData());
    QCOMPARE(key->type(), rsa ? PrivateKey::Type::Rsa : PrivateKey::Type::EcP256);
    QCOMPARE(key->bits(), rsa ? 2048 : 256);
    auto fromDer = PrivateKey::fromDer(key->toPkcs8Der());
    auto fromPem = PrivateKey::fromPem(key->toPem());
    QVERIFY(fromDer && fromPem);
    QCOMPARE(fromDer->publicKeyDer(), key->publicKeyDer());
    QCOMPARE(fromPem->toPkcs8Der(), key->toPkcs8Der());
    // openssl reads what we write and derives the same public key.
    QVERIFY(writeFile(path(QStringLiteral("roundtrip.key")), key->toPem()));
    const Outcome pub = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("roundtrip.key"),
                                    QStringLiteral("-pubout"), QStringLiteral("-outform"), QStringLiteral("DER")},
        m_dir.path());
    QVERIFY2(pub.ok(), pub.both().constData());
    QCOMPARE(pub.out, key->publicKeyDer());
    QVERIFY(!PrivateKey::generateRsa(1024));
}

void TestCertificate::encryptedPemNeedsItsPassphrase()
{
    const Outcome encrypted
        = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("ca.key"), QStringLiteral("-aes256"),
                      QStringLiteral("-passout"), QStringLiteral("pass:s3cret")},
            m_dir.path());
    QVERIFY2(encrypted.ok(), encrypted.both().constData());
    auto right = PrivateKey::fromPem(encrypted.out, "s3cret");
    QVERIFY2(right, why(right).constData());
    auto wrong = PrivateKey::fromPem(encrypted.out, "nope");
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().kind, PkiErrorKind::WrongPassword);
}

QTEST_GUILESS_MAIN(TestCertificate)
#include "tst_Certificate.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// PKCS#12 identities: what Quince writes opens with openssl and uses modern algorithms; what
// openssl (or Keychain Access) writes opens in Quince, and failures are told apart.
#include "CaTestSupport.h"

#include "core/pki/CertificateAuthority.h"
#include "core/pki/Pkcs12.h"

#include <QTest>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::test;

class TestPkcs12 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensslOpensWhatQuinceWrites();
    void usesModernAlgorithms();
    void opensslRefusesTheWrongPassword();
    void roundTrips();
    void parsesOpensslExport_data();
    void parsesOpensslExport();
    void wrongPasswordIsWrongPassword();
    void garbageIsMalformed_data();
    void garbageIsMalformed();
    void refusesBadArguments();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    TestSealer m_sealer;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::unique_ptr<CertificateAuthority> m_ca;
    Identity m_identity;
    QByteArray m_p12;
    const QString m_password = QStringLiteral("correct horse ✓ battery");
};

void TestPkcs12::initTestCase()
{
    if (opensslPath().isEmpty())
        QSKIP("the openssl command is not installed; PKCS#12 files are checked with it");
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("db")));
    m_worker = startWorker(path(QStringLiteral("db")));
    QVERIFY(m_worker);
    CaOptions options;
    options.label = QStringLiteral("p12");
    options.caKeyAlgorithm = KeyAlgorithm::EcP256;
    m_ca = std::make_unique<CertificateAuthority>(*m_worker, m_sealer, options);
    QVERIFY(m_ca->ensureInitialized());
    IssueOptions issue;
    issue.commonName = QStringLiteral("Ada's iPad");
    auto identity = m_ca->issueClientIdentity(issue);
    QVERIFY2(identity, why(identity).constData());
    m_identity = *identity;
    auto p12 = Pkcs12::create(m_identity.key, m_identity.certificate,
        m_identity.chain + QList<Certificate> {m_ca->rootCertificate()}, m_password, QStringLiteral("Quince identity"));
    QVERIFY2(p12, why(p12).constData());
    m_p12 = *p12;
    QVERIFY(writeFile(path(QStringLiteral("id.p12")), m_p12));
    QVERIFY(writeFile(path(QStringLiteral("password.txt")), m_password.toUtf8()));
}

void TestPkcs12::opensslOpensWhatQuinceWrites()
{
    const Outcome opened
        = openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), QStringLiteral("id.p12"), QStringLiteral("-passin"),
                      QStringLiteral("file:password.txt"), QStringLiteral("-nodes")},
            m_dir.path());
    QVERIFY2(opened.ok(), opened.both().constData());
    // The key, the identity certificate and the chain are all there.
    auto certs = Certificate::listFromPem(opened.out);
    QVERIFY(certs);
    QCOMPARE(certs->size(), 3);
    QVERIFY(certs->contains(m_identity.certificate));
    QVERIFY(certs->contains(m_ca->issuingCertificate()));
    QVERIFY(certs->contains(m_ca->rootCertificate()));
    auto key = PrivateKey::fromPem(opened.out);
    QVERIFY2(key, why(key).constData());
    QCOMPARE(key->publicKeyDer(), m_identity.key.publicKeyDer());
    QVERIFY(opened.out.contains("friendlyName: Quince identity"));
}

void TestPkcs12::usesModernAlgorithms()
{
    const Outcome info
        = openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), QStringLiteral("id.p12"), QStringLiteral("-passin"),
                      QStringLiteral("file:password.txt"), QStringLiteral("-info"), QStringLiteral("-noout")},
            m_dir.path());
    QVERIFY2(info.ok(), info.both().constData());
    const QByteArray text = info.both();
    QVERIFY2(text.contains("MAC: sha256"), text.constData());
    QVERIFY2(text.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"), text.constData());
    QVERIFY2(text.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC"), text.constData());
    QVERIFY2(text.contains("PRF hmacWithSHA256"), text.constData());
    QVERIFY2(!text.contains("RC2") && !text.contains("3DES") && !text.contains("DES-EDE"), text.constData());
    QVERIFY2(text.contains("Iteration 10000"), text.constData());
}

void TestPkcs12::opensslRefusesTheWrongPassword()
{
    const Outcome wrong
        = openssl({QStringLiteral("pkcs12"), QStringLiteral("-in"), QStringLiteral("id.p12"), QStringLiteral("-passin"),
                      QStringLiteral("pass:wrong"), QStringLiteral("-nodes")},
            m_dir.path());
    QVERIFY2(!wrong.ok(), wrong.both().constData());
    QVERIFY(!wrong.out.contains("PRIVATE KEY"));
}

void TestPkcs12::roundTrips()
{
    auto parsed = Pkcs12::parse(m_p12, m_password);
    QVERIFY2(parsed, why(parsed).constData());
    QCOMPARE(parsed->certificate, m_identity.certificate);
    QCOMPARE(parsed->key.toPkcs8Der(), m_identity.key.toPkcs8Der());
    QCOMPARE(parsed->chain.size(), 2);
    QVERIFY(parsed->chain.contains(m_ca->issuingCertificate()));
    QVERIFY(parsed->chain.contains(m_ca->rootCertificate()));
}

void TestPkcs12::parsesOpensslExport_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("OpenSSL 3 defaults") << QStringList {};
    // What older Keychain Access and OpenSSL 1.x wrote: RC2-40/3DES with a SHA-1 MAC.
    QTest::newRow("legacy algorithms") << QStringList {QStringLiteral("-legacy")};
    QTest::newRow("no certificate encryption") << QStringList {QStringLiteral("-certpbe"), QStringLiteral("NONE")};
}

void TestPkcs12::parsesOpensslExport()
{
    QFETCH(QStringList, extra);
    QVERIFY(writeFile(path(QStringLiteral("export.key")), m_identity.key.toPem()));
    QVERIFY(writeFile(path(QStringLiteral("export.pem")), m_identity.certificate.toPem()));
    QVERIFY(writeFile(path(QStringLiteral("export-chain.pem")), m_ca->issuingCertificate().toPem()));
    const Outcome exported
        = openssl(QStringList {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"),
                      QStringLiteral("export.key"), QStringLiteral("-in"), QStringLiteral("export.pem"),
                      QStringLiteral("-certfile"), QStringLiteral("export-chain.pem"), QStringLiteral("-passout"),
                      QStringLiteral("pass:s3cret"), QStringLiteral("-out"), QStringLiteral("export.p12")}
                + extra,
            m_dir.path());
    if (!exported.ok() && !extra.isEmpty() && exported.both().contains("legacy"))
        QSKIP("this openssl has no legacy provider");
    QVERIFY2(exported.ok(), exported.both().constData());
    auto parsed = Pkcs12::parse(readFile(path(QStringLiteral("export.p12"))), QStringLiteral("s3cret"));
    QVERIFY2(parsed, why(parsed).constData());
    QCOMPARE(parsed->certificate, m_identity.certificate);
    QVERIFY(parsed->certificate.matches(parsed->key));
    QCOMPARE(parsed->chain, QList<Certificate> {m_ca->issuingCertificate()});

    auto wrong = Pkcs12::parse(readFile(path(QStringLiteral("export.p12"))), QStringLiteral("S3cret"));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().kind, PkiErrorKind::WrongPassword);
}

void TestPkcs12::wrongPasswordIsWrongPassword()
{
    for (const QString& password : {QStringLiteral("wrong"), QString(), m_password.toUpper()}) {
        auto parsed = Pkcs12::parse(m_p12, password);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, PkiErrorKind::WrongPassword);
    }
}

void TestPkcs12::garbageIsMalformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("this is not a p12 file");
    QTest::newRow("a certificate") << QByteArray("\x30\x03\x02\x01\x03", 5);
    QTest::newRow("truncated") << m_p12.left(m_p12.size() / 2);
    QTest::newRow("trailing bytes") << m_p12 + QByteArray(4, '\0');
}

void TestPkcs12::garbageIsMalformed()
{
    QFETCH(QByteArray, bytes);
    auto parsed = Pkcs12::parse(bytes, m_password);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, PkiErrorKind::Malformed);
}

void TestPkcs12::refusesBadArguments()
{
    auto noPassword = Pkcs12::create(m_identity.key, m_identity.certificate, {}, QString());
    QVERIFY(!noPassword);
    QCOMPARE(noPassword.error().kind, PkiErrorKind::InvalidArgument);
    auto otherKey = PrivateKey::generateEcP256();
    QVERIFY(otherKey);
    auto mismatch = Pkcs12::create(*otherKey, m_identity.certificate, {}, m_password);
    QVERIFY(!mismatch);
    QCOMPARE(mismatch.error().kind, PkiErrorKind::KeyMismatch);
}

QTEST_GUILESS_MAIN(TestPkcs12)
#include "tst_Pkcs12.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// CmsSigner against the real openssl command: what Quince signs, openssl verifies (with the root
// only, so the chain must be inside), byte for byte; tampering is caught by both.

#include "CmsTestSupport.h"

#include "core/pki/CmsSigner.h"
#include "core/pki/CmsVerifier.h"

#include <QTest>

using namespace quince::pki;
using namespace quince::pki::test;

namespace {

QByteArray sampleProfile()
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                             "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                             "<plist version=\"1.0\">\n<dict>\n"
                             "\t<key>PayloadDisplayName</key>\n\t<string>Quince Wi-Fi</string>\n"
                             "\t<key>PayloadIdentifier</key>\n\t<string>org.quince.profile.wifi</string>\n"
                             "\t<key>PayloadType</key>\n\t<string>Configuration</string>\n"
                             "\t<key>PayloadUUID</key>\n\t<string>9A2C63A4-3E7B-4E4C-9B2B-4F0F7B1C2D3E</string>\n"
                             "\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n"
                             "</dict>\n</plist>\n");
}

/// Bytes a MIME-minded signer would mangle: bare LF, CR, CRLF, NUL, high bytes.
QByteArray awkwardBytes()
{
    static const char raw[] = "line\nbare\rcrlf\r\n\x00\xff\xfe trailing \n";
    QByteArray bytes(raw, sizeof raw - 1);
    for (int i = 0; i < 256; ++i)
        bytes.append(static_cast<char>(i));
    return bytes;
}

} // namespace

class TestCmsSigner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signedProfileVerifiesWithOpenSsl_data();
    void signedProfileVerifiesWithOpenSsl();
    void signedProfileVerifiesWithQuince();
    void tamperedProfileIsRejected_data();
    void tamperedProfileIsRejected();
    void detachedSignatureVerifiesWithOpenSsl_data();
    void detachedSignatureVerifiesWithOpenSsl();
    void createRefusesAKeyOfAnotherCertificate();
    void duplicateChainCertificatesAreEmbeddedOnce();

private:
    CmsSigner signer(const QString& name) const;

    TestPki m_pki;
};

void TestCmsSigner::initTestCase()
{
    QUINCE_REQUIRE_OPENSSL();
    QVERIFY2(m_pki.generate(), qPrintable(m_pki.errorString()));
}

CmsSigner TestCmsSigner::signer(const QString& name) const
{
    const TestIdentity identity = m_pki.identity(name);
    auto made = CmsSigner::create(
        identity.certificate, identity.key, {m_pki.identity(QStringLiteral("intermediate")).certificate});
    return made ? *made : CmsSigner();
}

void TestCmsSigner::signedProfileVerifiesWithOpenSsl_data()
{
    QTest::addColumn<QString>("signerName");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("rsa, profile") << QStringLiteral("signer-rsa") << sampleProfile();
    QTest::newRow("ec, profile") << QStringLiteral("signer-ec") << sampleProfile();
    QTest::newRow("rsa, awkward bytes") << QStringLiteral("signer-rsa") << awkwardBytes();
    QTest::newRow("ec, awkward bytes") << QStringLiteral("signer-ec") << awkwardBytes();
    QTest::newRow("rsa, 1 MiB") << QStringLiteral("signer-rsa") << QByteArray(1024 * 1024, 'q');
}

void TestCmsSigner::signedProfileVerifiesWithOpenSsl()
{
    QFETCH(QString, signerName);
    QFETCH(QByteArray, content);
    const CmsSigner profileSigner = signer(signerName);
    QVERIFY(!profileSigner.isNull());

    auto signedProfile = profileSigner.signAttached(content);
    QVERIFY2(signedProfile, why(signedProfile).constData());
    QCOMPARE(static_cast<unsigned char>(signedProfile->at(0)), 0x30u);
    QVERIFY2(static_cast<unsigned char>(signedProfile->at(1)) != 0x80u, "a profile is DER, not indefinite BER");

    const QString signedPath = m_pki.path(QStringLiteral("signed.mobileconfig"));
    const QString outputPath = m_pki.path(QStringLiteral("verified.out"));
    QVERIFY(writeFile(signedPath, *signedProfile));
    QFile::remove(outputPath);
    // The root only: the intermediate has to come from inside the signature.
    const OpenSslRun verify = m_pki.openssl({QStringLiteral("cms"), QStringLiteral("-verify"),
        QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), signedPath, QStringLiteral("-CAfile"),
        m_pki.identity(QStringLiteral("root")).certPath, QStringLiteral("-binary"), QStringLiteral("-out"),
        outputPath});
    QVERIFY2(verify.ok, qPrintable(verify.describe()));
    QCOMPARE(readFile(outputPath), content);

    // SHA-256 as the digest, and the signer plus the intermediate embedded.
    const OpenSslRun print = m_pki.openssl({QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"),
        QStringLiteral("-noout"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), signedPath});
    QVERIFY2(print.ok, qPrintable(print.describe()));
    QVERIFY2(print.out.contains("algorithm: sha256"), print.out.left(2000).constData());
    QVERIFY(print.out.contains("CN=intermediate"));
    QVERIFY(print.out.contains(QString(QStringLiteral("CN=") + signerName).toUtf8()));
}

void TestCmsSigner::signedProfileVerifiesWithQuince()
{
    const CmsSigner profileSigner = signer(QStringLiteral("signer-ec"));
    auto signedProfile = profileSigner.signAttached(sampleProfile());
    QVERIFY2(signedProfile, why(signedProfile).constData());

    CmsVerifier verifier({m_pki.identity(QStringLiteral("root")).certificate});
    auto verified = verifier.verifyAttached(*signedProfile);
    QVERIFY2(verified, why(verified).constData());
    QCOMPARE(verified->content, sampleProfile());
    QCOMPARE(verified->signer, m_pki.identity(QStringLiteral("signer-ec")).certificate);
    QCOMPARE(verified->digest, QStringLiteral("SHA256"));
    QVERIFY(verified->certificates.contains(m_pki.identity(QStringLiteral("intermediate")).certificate));

    // An attached profile is not an Mdm-Signature.
    auto asDetached = verifier.verifyDetached(*signedProfile, sampleProfile());
    QVERIFY(!asDetached);
    QCOMPARE(asDetached.error().kind, PkiErrorKind::Malformed);
}

void TestCmsSigner::tamperedProfileIsRejected_data()
{
    QTest::addColumn<QString>("where");
    QTest::newRow("content") << QStringLiteral("content");
    QTest::newRow("signature value") << QStringLiteral("signature");
}

void TestCmsSigner::tamperedProfileIsRejected()
{
    QFETCH(QString, where);
    auto signedProfile = signer(QStringLiteral("signer-rsa")).signAttached(sampleProfile());
    QVERIFY2(signedProfile, why(signedProfile).constData());

    QByteArray tampered = *signedProfile;
    if (where == QStringLiteral("content")) {
        const qsizetype at = tampered.indexOf("Quince Wi-Fi");
        QVERIFY(at > 0);
        tampered[at] = 'X'; // same length: the structure still parses
    } else {
        // The RSA signature value is the last 256 bytes of this SignedData (no unsigned attributes).
        tampered[tampered.size() - 10] = static_cast<char>(tampered.at(tampered.size() - 10) ^ 0x01);
    }

    const QString signedPath = m_pki.path(QStringLiteral("tampered.mobileconfig"));
    QVERIFY(writeFile(signedPath, tampered));
    const OpenSslRun verify = m_pki.openssl({QStringLiteral("cms"), QStringLiteral("-verify"),
        QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), signedPath, QStringLiteral("-CAfile"),
        m_pki.identity(QStringLiteral("root")).certPath, QStringLiteral("-binary"), QStringLiteral("-out"),
        m_pki.path(QStringLiteral("tampered.out"))});
    QVERIFY2(!verify.ok, "openssl accepted a tampered profile");

    auto verified = CmsVerifier().verifyAttached(tampered);
    QVERIFY(!verified);
    QCOMPARE(errorKindName(verified.error().kind), errorKindName(PkiErrorKind::BadSignature));
}

void TestCmsSigner::detachedSignatureVerifiesWithOpenSsl_data()
{
    QTest::addColumn<QString>("signerName");
    QTest::addColumn<CmsSigner::Digest>("digest");
    QTest::addColumn<CmsSigner::Encoding>("encoding");
    for (const QString& name : {QStringLiteral("device-rsa"), QStringLiteral("device-ec")}) {
        QTest::addRow("%s, SHA-1, DER", qPrintable(name))
            << name << CmsSigner::Digest::Sha1 << CmsSigner::Encoding::Der;
        QTest::addRow("%s, SHA-256, DER", qPrintable(name))
            << name << CmsSigner::Digest::Sha256 << CmsSigner::Encoding::Der;
        QTest::addRow("%s, SHA-1, BER", qPrintable(name))
            << name << CmsSigner::Digest::Sha1 << CmsSigner::Encoding::IndefiniteBer;
        QTest::addRow("%s, SHA-256, BER", qPrintable(name))
            << name << CmsSigner::Digest::Sha256 << CmsSigner::Encoding::IndefiniteBer;
    }
}

void TestCmsSigner::detachedSignatureVerifiesWithOpenSsl()
{
    QFETCH(QString, signerName);
    QFETCH(CmsSigner::Digest, digest);
    QFETCH(CmsSigner::Encoding, encoding);
    const QByteArray body = awkwardBytes();
    auto signature = signer(signerName).signDetached(body, digest, encoding);
    QVERIFY2(signature, why(signature).constData());
    const bool indefinite = static_cast<unsigned char>(signature->at(1)) == 0x80u;
    QCOMPARE(indefinite, encoding == CmsSigner::Encoding::IndefiniteBer);
    // Detached: no content inside (the verifier refuses attached content for a detached check).
    QVERIFY(!signature->contains(body));
    auto verified = CmsVerifier().verifyDetached(*signature, body);
    QVERIFY2(verified, why(verified).constData());

    const QString signaturePath = m_pki.path(QStringLiteral("detached.sig"));
    const QString bodyPath = m_pki.path(QStringLiteral("detached.body"));
    QVERIFY(writeFile(signaturePath, *signature));
    QVERIFY(writeFile(bodyPath, body));
    // -purpose any: device certificates are clientAuth only, not S/MIME.
    const QStringList arguments {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"),
        QStringLiteral("DER"), QStringLiteral("-in"), signaturePath, QStringLiteral("-content"), bodyPath,
        QStringLiteral("-binary"), QStringLiteral("-CAfile"), m_pki.identity(QStringLiteral("root")).certPath,
        QStringLiteral("-purpose"), QStringLiteral("any"), QStringLiteral("-out"), m_pki.path(QStringLiteral("d.out"))};
    const OpenSslRun verify = m_pki.openssl(arguments);
    QVERIFY2(verify.ok, qPrintable(verify.describe()));

    // And the same body altered by one byte does not verify.
    QByteArray altered = body;
    altered[5] = static_cast<char>(altered.at(5) ^ 0x20);
    QVERIFY(writeFile(bodyPath, altered));
    QVERIFY(!m_pki.openssl(arguments).ok);
}

void TestCmsSigner::createRefusesAKeyOfAnotherCertificate()
{
    auto made = CmsSigner::create(
        m_pki.identity(QStringLiteral("signer-rsa")).certificate, m_pki.identity(QStringLiteral("device-rsa")).key);
    QVERIFY(!made);
    QCOMPARE(made.error().kind, PkiErrorKind::KeyMismatch);

    auto empty = CmsSigner::create(Certificate(), PrivateKey());
    QVERIFY(!empty);
    QCOMPARE(empty.error().kind, PkiErrorKind::InvalidArgument);

    QVERIFY(!CmsSigner().signAttached("x"));
}

void TestCmsSigner::duplicateChainCertificatesAreEmbeddedOnce()
{
    const TestIdentity leaf = m_pki.identity(QStringLiteral("signer-rsa"));
    const Certificate intermediate = m_pki.identity(QStringLiteral("intermediate")).certificate;
    const Certificate root = m_pki.identity(QStringLiteral("root")).certificate;
    auto made = CmsSigner::create(leaf.certificate, leaf.key, {leaf.certificate, intermediate, intermediate, root});
    QVERIFY2(made, why(made).constData());
    auto signedProfile = made->signAttached(sampleProfile());
    QVERIFY2(signedProfile, why(signedProfile).constData());
    auto verified = CmsVerifier().verifyAttached(*signedProfile);
    QVERIFY2(verified, why(verified).constData());
    QCOMPARE(verified->certificates.size(), 3);
}

QTEST_GUILESS_MAIN(TestCmsSigner)
#include "tst_CmsSigner.moc"

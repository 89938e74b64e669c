// SPDX-License-Identifier: GPL-3.0-or-later
// Mdm-Signature verification against signatures made by the real openssl command, in every
// form devices send (BER and DER, SHA-1 and SHA-256, RSA and EC), and against hostile values.

#include "CmsTestSupport.h"

#include "core/pki/CmsEnvelope.h"
#include "core/pki/CmsSigner.h"
#include "core/pki/CmsVerifier.h"

#include <QTest>

using namespace quince::pki;
using namespace quince::pki::test;

namespace {

/// A check-in body as a device sends it.
QByteArray checkInBody()
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                             "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                             "<plist version=\"1.0\">\n<dict>\n"
                             "\t<key>MessageType</key>\n\t<string>Authenticate</string>\n"
                             "\t<key>Topic</key>\n\t<string>com.apple.mgmt.External.0a1b2c3d</string>\n"
                             "\t<key>UDID</key>\n\t<string>00008030-001A2B3C4D5E6F70</string>\n"
                             "</dict>\n</plist>\n");
}

/// Base64 as a proxy might pass it on: folded into 64-character lines.
QByteArray folded(const QByteArray& base64)
{
    QByteArray out;
    for (qsizetype i = 0; i < base64.size(); i += 64)
        out += base64.mid(i, 64) + "\r\n ";
    return out;
}

QString kindOf(const PkiResult<VerifiedSignature>& result)
{
    return result ? QStringLiteral("ok") : errorKindName(result.error().kind);
}

} // namespace

class TestCmsVerifier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deviceSignaturesVerify_data();
    void deviceSignaturesVerify();
    void intermediateAsTheOnlyAnchor();
    void quinceMadeSignaturesVerify();
    void alteredBodyIsBadSignature_data();
    void alteredBodyIsBadSignature();
    void otherKeyWithTheSameCertificateIsBadSignature();
    void absentSignerCertificateIsBadSignature();
    void foreignSigner();
    void expiredSignerInChainMode();
    void twoSignersAreMalformed();
    void attachedContentIsMalformed();
    void unsupportedDigest();
    void badHeaderValues_data();
    void badHeaderValues();
    void otherStructuresAreMalformed();
    void oversizedHeaderIsRefusedBeforeParsing();
    void truncatedAndFlippedSignaturesNeverCrash_data();
    void truncatedAndFlippedSignaturesNeverCrash();

private:
    /// Signs body with the openssl command; extra arguments go after the defaults.
    QByteArray opensslSign(const QString& signerName, const QString& digest, bool ber, const QByteArray& body,
        const QStringList& extra = {});
    CmsVerifier chainVerifier() const;

    TestPki m_pki;
};

void TestCmsVerifier::initTestCase()
{
    QUINCE_REQUIRE_OPENSSL();
    QVERIFY2(m_pki.generate(), qPrintable(m_pki.errorString()));
}

QByteArray TestCmsVerifier::opensslSign(
    const QString& signerName, const QString& digest, bool ber, const QByteArray& body, const QStringList& extra)
{
    const QString bodyPath = m_pki.path(QStringLiteral("body.bin"));
    const QString signaturePath = m_pki.path(QStringLiteral("signature.der"));
    QFile::remove(signaturePath);
    if (!writeFile(bodyPath, body))
        return {};
    const TestIdentity identity = m_pki.identity(signerName);
    QStringList arguments {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
        QStringLiteral("-in"), bodyPath, QStringLiteral("-md"), digest, QStringLiteral("-outform"),
        QStringLiteral("DER"), QStringLiteral("-out"), signaturePath};
    if (!identity.certPath.isEmpty())
        arguments << QStringLiteral("-signer") << identity.certPath << QStringLiteral("-inkey") << identity.keyPath;
    // -stream with DER output writes indefinite-length BER, the encoding iOS and macOS send
    // (attached, so it is detached below).
    if (ber)
        arguments << QStringLiteral("-stream");
    arguments << extra;
    const OpenSslRun run = m_pki.openssl(arguments);
    if (!run.ok) {
        qWarning("openssl cms -sign failed: %s", run.err.constData());
        return {};
    }
    QByteArray signature = readFile(signaturePath);
    if (!ber || extra.contains(QStringLiteral("-nodetach")))
        return signature;
    signature = detachStreamedSignedData(signature);
    // openssl itself must accept the detached form over the body, or the test would be testing
    // an artefact of the conversion.
    if (signature.isEmpty() || !writeFile(signaturePath, signature))
        return {};
    const OpenSslRun check = m_pki.openssl(
        {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-noverify"), QStringLiteral("-binary"),
            QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), signaturePath,
            QStringLiteral("-content"), bodyPath, QStringLiteral("-out"), m_pki.path(QStringLiteral("check.out"))});
    if (!check.ok) {
        qWarning("openssl does not verify the detached BER signature: %s", check.err.constData());
        return {};
    }
    return signature;
}

CmsVerifier TestCmsVerifier::chainVerifier() const
{
    return CmsVerifier({m_pki.identity(QStringLiteral("root")).certificate,
        m_pki.identity(QStringLiteral("intermediate")).certificate});
}

void TestCmsVerifier::deviceSignaturesVerify_data()
{
    QTest::addColumn<QString>("signerName");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<bool>("ber");
    QTest::addColumn<bool>("fold");
    for (const QString& name : {QStringLiteral("device-rsa"), QStringLiteral("device-ec")}) {
        for (const QString& digest : {QStringLiteral("sha1"), QStringLiteral("sha256")}) {
            QTest::addRow("%s, %s, DER", qPrintable(name), qPrintable(digest)) << name << digest << false << false;
            QTest::addRow("%s, %s, BER", qPrintable(name), qPrintable(digest)) << name << digest << true << false;
            QTest::addRow("%s, %s, BER, folded base64", qPrintable(name), qPrintable(digest))
                << name << digest << true << true;
        }
    }
}

void TestCmsVerifier::deviceSignaturesVerify()
{
    QFETCH(QString, signerName);
    QFETCH(QString, digest);
    QFETCH(bool, ber);
    QFETCH(bool, fold);
    const QByteArray body = checkInBody();
    const QByteArray signature = opensslSign(signerName, digest, ber, body);
    QVERIFY(!signature.isEmpty());
    // Prove the encoding is what the row says: 30 80 opens an indefinite-length SEQUENCE.
    QCOMPARE(signature.startsWith("\x30\x80"), ber);
    // BER rows have the device shape: an encapContentInfo with the pkcs7-data type and no content.
    const QByteArray emptyEncapsulatedContent("\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01\x00\x00", 13);
    QCOMPARE(signature.contains(emptyEncapsulatedContent), ber);

    const QByteArray header = fold ? folded(signature.toBase64()) : signature.toBase64();
    const Certificate expected = m_pki.identity(signerName).certificate;
    const QString expectedDigest = digest.toUpper();

    auto signatureOnly = CmsVerifier().verifyMdmSignature(header, body);
    QVERIFY2(signatureOnly, why(signatureOnly).constData());
    QCOMPARE(signatureOnly->signer.sha256Hex(), expected.sha256Hex());
    QCOMPARE(signatureOnly->digest, expectedDigest);
    QVERIFY(signatureOnly->content.isEmpty());
    QVERIFY(signatureOnly->certificates.contains(expected));

    // Chain mode accepts a clientAuth-only device certificate (no S/MIME purpose required).
    auto chained = chainVerifier().verifyMdmSignature(header, body);
    QVERIFY2(chained, why(chained).constData());
    QCOMPARE(chained->signer.sha256Fingerprint(), expected.sha256Fingerprint());

    // Only the root as anchor: the intermediate must come from the CMS, and openssl included
    // only the signer, so this fails until the device sends the intermediate too.
    CmsVerifier rootOnly({m_pki.identity(QStringLiteral("root")).certificate});
    QCOMPARE(kindOf(rootOnly.verifyMdmSignature(header, body)), QStringLiteral("UntrustedChain"));
    const QByteArray withChain = opensslSign(signerName, digest, ber, body,
        {QStringLiteral("-certfile"), m_pki.identity(QStringLiteral("intermediate")).certPath});
    auto rooted = rootOnly.verifyMdmSignature(withChain.toBase64(), body);
    QVERIFY2(rooted, why(rooted).constData());
    QCOMPARE(rooted->signer, expected);
    QCOMPARE(rooted->certificates.size(), 2);
}

void TestCmsVerifier::intermediateAsTheOnlyAnchor()
{
    const QByteArray body = checkInBody();
    const QByteArray signature = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), true, body);
    CmsVerifier verifier({m_pki.identity(QStringLiteral("intermediate")).certificate});
    auto verified = verifier.verifyMdmSignature(signature.toBase64(), body);
    QVERIFY2(verified, why(verified).constData());
    QCOMPARE(verified->signer, m_pki.identity(QStringLiteral("device-rsa")).certificate);

    QCOMPARE(kindOf(CmsVerifier(QList<Certificate> {}).verifyMdmSignature(signature.toBase64(), body)),
        QStringLiteral("UntrustedChain"));
}

void TestCmsVerifier::quinceMadeSignaturesVerify()
{
    // What the MDM tests use to play a device must pass the same verifier.
    const TestIdentity device = m_pki.identity(QStringLiteral("device-ec"));
    auto signer = CmsSigner::create(device.certificate, device.key);
    QVERIFY(signer);
    for (const auto encoding : {CmsSigner::Encoding::Der, CmsSigner::Encoding::IndefiniteBer}) {
        auto signature = signer->signDetached(checkInBody(), CmsSigner::Digest::Sha1, encoding);
        QVERIFY2(signature, why(signature).constData());
        auto verified = chainVerifier().verifyMdmSignature(signature->toBase64(), checkInBody());
        QVERIFY2(verified, why(verified).constData());
        QCOMPARE(verified->signer, device.certificate);
        QCOMPARE(verified->digest, QStringLiteral("SHA1"));
    }
}

void TestCmsVerifier::alteredBodyIsBadSignature_data()
{
    QTest::addColumn<bool>("ber");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QByteArray>("altered");
    const QByteArray body = checkInBody();
    QByteArray first = body;
    first[0] = '{';
    QByteArray middle = body;
    middle[body.indexOf("Authenticate")] = 'a';
    QByteArray last = body;
    last[body.size() - 1] = ' ';
    for (const bool ber : {false, true}) {
        for (const QString& digest : {QStringLiteral("sha1"), QStringLiteral("sha256")}) {
            const char* encoding = ber ? "BER" : "DER";
            QTest::addRow("%s %s: first byte", encoding, qPrintable(digest)) << ber << digest << first;
            QTest::addRow("%s %s: one byte in the middle", encoding, qPrintable(digest)) << ber << digest << middle;
            QTest::addRow("%s %s: last byte", encoding, qPrintable(digest)) << ber << digest << last;
            QTest::addRow("%s %s: a byte appended", encoding, qPrintable(digest))
                << ber << digest << QByteArray(body + '\n');
            QTest::addRow("%s %s: a byte removed", encoding, qPrintable(digest)) << ber << digest << body.chopped(1);
            QTest::addRow("%s %s: empty body", encoding, qPrintable(digest)) << ber << digest << QByteArray();
        }
    }
}

void TestCmsVerifier::alteredBodyIsBadSignature()
{
    QFETCH(bool, ber);
    QFETCH(QString, digest);
    QFETCH(QByteArray, altered);
    const QByteArray signature = opensslSign(QStringLiteral("device-rsa"), digest, ber, checkInBody());
    QVERIFY(!signature.isEmpty());
    // The unaltered body verifies, so the failure below is the alteration's doing.
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("ok"));
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), altered)), QStringLiteral("BadSignature"));
    QCOMPARE(kindOf(chainVerifier().verifyMdmSignature(signature.toBase64(), altered)), QStringLiteral("BadSignature"));
}

void TestCmsVerifier::otherKeyWithTheSameCertificateIsBadSignature()
{
    // Signed by the twin's key, but carrying device-rsa's certificate: the twin has the same
    // issuer and serial, so the SignerInfo points at device-rsa's certificate. This is someone
    // holding a device's certificate (which is public) without its key. DER: the BER path checks
    // its output with openssl, which rightly refuses this signature.
    const QByteArray signature
        = opensslSign(QStringLiteral("device-twin"), QStringLiteral("sha256"), false, checkInBody(),
            {QStringLiteral("-nocerts"), QStringLiteral("-certfile"),
                m_pki.identity(QStringLiteral("device-rsa")).certPath});
    QVERIFY(!signature.isEmpty());
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("BadSignature"));
    QCOMPARE(kindOf(chainVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())),
        QStringLiteral("BadSignature"));
}

void TestCmsVerifier::absentSignerCertificateIsBadSignature()
{
    const QByteArray signature = opensslSign(
        QStringLiteral("device-rsa"), QStringLiteral("sha256"), false, checkInBody(), {QStringLiteral("-nocerts")});
    QVERIFY(!signature.isEmpty());
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("BadSignature"));

    // Another certificate inside does not stand in for the signer's.
    const QByteArray other = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), false, checkInBody(),
        {QStringLiteral("-nocerts"), QStringLiteral("-certfile"),
            m_pki.identity(QStringLiteral("device-ec")).certPath});
    QVERIFY(!other.isEmpty());
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(other.toBase64(), checkInBody())), QStringLiteral("BadSignature"));
}

void TestCmsVerifier::foreignSigner()
{
    const QByteArray signature = opensslSign(QStringLiteral("foreign-leaf"), QStringLiteral("sha256"), true,
        checkInBody(), {QStringLiteral("-certfile"), m_pki.identity(QStringLiteral("foreign-root")).certPath});
    QVERIFY(!signature.isEmpty());
    const QByteArray header = signature.toBase64();

    auto chained = chainVerifier().verifyMdmSignature(header, checkInBody());
    QCOMPARE(kindOf(chained), QStringLiteral("UntrustedChain"));
    QVERIFY(!chained.error().message.isEmpty());

    // Signature-only mode verifies the signature and hands the foreign certificate to the caller,
    // whose identity check must then refuse it.
    auto signatureOnly = CmsVerifier().verifyMdmSignature(header, checkInBody());
    QVERIFY2(signatureOnly, why(signatureOnly).constData());
    QCOMPARE(signatureOnly->signer, m_pki.identity(QStringLiteral("foreign-leaf")).certificate);
    QVERIFY(signatureOnly->signer != m_pki.identity(QStringLiteral("device-rsa")).certificate);
}

void TestCmsVerifier::expiredSignerInChainMode()
{
    const QByteArray signature
        = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), false, checkInBody());
    CmsVerifier verifier = chainVerifier();
    verifier.setVerificationTime(QDateTime::currentDateTimeUtc().addYears(5));
    QCOMPARE(kindOf(verifier.verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("Expired"));
    verifier.setVerificationTime(QDateTime::currentDateTimeUtc().addDays(1));
    QCOMPARE(kindOf(verifier.verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("ok"));
}

void TestCmsVerifier::twoSignersAreMalformed()
{
    const TestIdentity second = m_pki.identity(QStringLiteral("device-ec"));
    const QByteArray signature = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), false,
        checkInBody(), {QStringLiteral("-signer"), second.certPath, QStringLiteral("-inkey"), second.keyPath});
    QVERIFY(!signature.isEmpty());
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("Malformed"));
}

void TestCmsVerifier::attachedContentIsMalformed()
{
    const QByteArray signature = opensslSign(
        QStringLiteral("device-rsa"), QStringLiteral("sha256"), false, checkInBody(), {QStringLiteral("-nodetach")});
    QVERIFY(!signature.isEmpty());
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("Malformed"));
}

void TestCmsVerifier::unsupportedDigest()
{
    const QByteArray signature
        = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha224"), false, checkInBody());
    QVERIFY(!signature.isEmpty());
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(signature.toBase64(), checkInBody())),
        QStringLiteral("UnsupportedAlgorithm"));
}

void TestCmsVerifier::badHeaderValues_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("missing (null)") << QByteArray();
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("whitespace only") << QByteArray(" \r\n\t ");
    QTest::newRow("garbage characters") << QByteArray("!!not*base64??");
    QTest::newRow("URL-safe alphabet") << QByteArray("MIAG-_-_");
    QTest::newRow("unpadded") << QByteArray("MIAGCSqGSIb3DQEHAqCAMIACAQEx");
    QTest::newRow("padding in the middle") << QByteArray("MI==AGCS");
    QTest::newRow("base64 of text") << QByteArray("hello, this is not a signature").toBase64();
    QTest::newRow("base64 of one zero byte") << QByteArray(1, '\0').toBase64();
    QTest::newRow("base64 of an empty SEQUENCE") << QByteArray("\x30\x00", 2).toBase64();
    QTest::newRow("base64 of an indefinite SEQUENCE, unterminated") << QByteArray("\x30\x80\x06\x00", 4).toBase64();
    QTest::newRow("base64 of deep nesting") << QByteArray(4000, '\x30').toBase64();
}

void TestCmsVerifier::badHeaderValues()
{
    QFETCH(QByteArray, header);
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(header, checkInBody())), QStringLiteral("Malformed"));
    QCOMPARE(kindOf(chainVerifier().verifyMdmSignature(header, checkInBody())), QStringLiteral("Malformed"));
}

void TestCmsVerifier::otherStructuresAreMalformed()
{
    // Well-formed DER that is not a SignedData: a certificate, and a CMS EnvelopedData.
    const Certificate device = m_pki.identity(QStringLiteral("device-rsa")).certificate;
    QCOMPARE(kindOf(CmsVerifier().verifyMdmSignature(device.toDer().toBase64(), checkInBody())),
        QStringLiteral("Malformed"));
    auto enveloped = CmsEnvelope::encrypt(checkInBody(), device);
    QVERIFY(enveloped);
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(enveloped->toBase64(), checkInBody())), QStringLiteral("Malformed"));

    // A valid signature followed by trailing bytes.
    const QByteArray signature
        = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), false, checkInBody());
    QCOMPARE(
        kindOf(CmsVerifier().verifyMdmSignature(QByteArray(signature + QByteArray(3, '\0')).toBase64(), checkInBody())),
        QStringLiteral("Malformed"));
}

void TestCmsVerifier::oversizedHeaderIsRefusedBeforeParsing()
{
    // Larger than the limit by encoded size alone.
    const QByteArray huge(200 * 1024, 'A');
    auto result = CmsVerifier().verifyMdmSignature(huge, checkInBody());
    QCOMPARE(kindOf(result), QStringLiteral("Malformed"));
    QVERIFY2(result.error().message.contains(QStringLiteral("too large")), why(result).constData());

    // Just over the limit once decoded (65 KiB of valid base64, no whitespace).
    const QByteArray justOver = QByteArray(65 * 1024, '\x30').toBase64();
    result = CmsVerifier().verifyMdmSignature(justOver, checkInBody());
    QCOMPARE(kindOf(result), QStringLiteral("Malformed"));
    QVERIFY2(result.error().message.contains(QStringLiteral("too large")), why(result).constData());

    // A valid signature over a lowered limit: refused for its size though it would verify,
    // which shows the limit is applied before the CMS is looked at.
    const QByteArray signature
        = opensslSign(QStringLiteral("device-rsa"), QStringLiteral("sha256"), true, checkInBody());
    CmsVerifier verifier;
    QCOMPARE(kindOf(verifier.verifyMdmSignature(signature.toBase64(), checkInBody())), QStringLiteral("ok"));
    verifier.setMaxSignatureSize(signature.size() - 1);
    result = verifier.verifyMdmSignature(signature.toBase64(), checkInBody());
    QCOMPARE(kindOf(result), QStringLiteral("Malformed"));
    QVERIFY2(result.error().message.contains(QStringLiteral("too large")), why(result).constData());
    QCOMPARE(kindOf(verifier.verifyDetached(signature, checkInBody())), QStringLiteral("Malformed"));
}

void TestCmsVerifier::truncatedAndFlippedSignaturesNeverCrash_data()
{
    QTest::addColumn<bool>("ber");
    QTest::addColumn<QString>("signerName");
    QTest::newRow("DER, RSA") << false << QStringLiteral("device-rsa");
    QTest::newRow("BER, RSA") << true << QStringLiteral("device-rsa");
    QTest::newRow("DER, EC") << false << QStringLiteral("device-ec");
    QTest::newRow("BER, EC") << true << QStringLiteral("device-ec");
}

void TestCmsVerifier::truncatedAndFlippedSignaturesNeverCrash()
{
    QFETCH(bool, ber);
    QFETCH(QString, signerName);
    const QByteArray signature = opensslSign(signerName, QStringLiteral("sha256"), ber, checkInBody(),
        {QStringLiteral("-certfile"), m_pki.identity(QStringLiteral("intermediate")).certPath});
    QVERIFY(signature.size() > 1000);
    const CmsVerifier signatureOnly;
    const CmsVerifier chained = chainVerifier();
    const Certificate expected = m_pki.identity(signerName).certificate;

    int truncations = 0;
    for (qsizetype length = 0; length < signature.size(); length += 37, ++truncations) {
        const QByteArray header = signature.left(length).toBase64();
        auto result = signatureOnly.verifyMdmSignature(header, checkInBody());
        QVERIFY2(!result, qPrintable(QStringLiteral("a signature cut at %1 bytes verified").arg(length)));
        QVERIFY(!chained.verifyMdmSignature(header, checkInBody()));
    }
    QVERIFY(truncations > 20);

    // A flipped byte may land outside what is signed (the unsigned certificate list, the outer
    // digest set); whatever verifies must still name the real signer, and chain mode must
    // never accept an altered certificate.
    int accepted = 0;
    for (qsizetype at = 0; at < signature.size(); at += 37) {
        QByteArray flipped = signature;
        flipped[at] = static_cast<char>(flipped.at(at) ^ 0x5a);
        auto result = signatureOnly.verifyMdmSignature(flipped.toBase64(), checkInBody());
        if (result) {
            ++accepted;
            QCOMPARE(result->signer.publicKeyDer(), expected.publicKeyDer());
        }
        auto chainResult = chained.verifyMdmSignature(flipped.toBase64(), checkInBody());
        if (chainResult)
            QCOMPARE(chainResult->signer, expected);
    }
    qInfo("%d of %lld flipped signatures still verified", accepted, static_cast<long long>(signature.size() / 37 + 1));
}

QTEST_GUILESS_MAIN(TestCmsVerifier)
#include "tst_CmsVerifier.moc"

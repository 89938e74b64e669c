// SPDX-License-Identifier: GPL-3.0-or-later
// CmsEnvelope against the real openssl command, both ways: what Quince encrypts to a device,
// openssl decrypts with the device key; what openssl encrypts, Quince decrypts.

#include "CmsTestSupport.h"

#include "core/pki/CmsEnvelope.h"
#include "core/pki/CmsSigner.h"

#include <QRandomGenerator>
#include <QTest>

using namespace quince::pki;
using namespace quince::pki::test;

namespace {

QByteArray payloadContent()
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<plist version=\"1.0\">\n<array>\n<dict>\n"
                             "\t<key>PayloadType</key>\n\t<string>com.apple.wifi.managed</string>\n"
                             "\t<key>Password</key>\n\t<string>correct horse battery staple</string>\n"
                             "</dict>\n</array>\n</plist>\n");
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char& byte : bytes)
        byte = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes;
}

QString kindOf(const PkiResult<QByteArray>& result)
{
    return result ? QStringLiteral("ok") : errorKindName(result.error().kind);
}

} // namespace

class TestCmsEnvelope : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void quinceEncryptsOpenSslDecrypts_data();
    void quinceEncryptsOpenSslDecrypts();
    void openSslEncryptsQuinceDecrypts_data();
    void openSslEncryptsQuinceDecrypts();
    void severalRecipients();
    void wrongRecipientIsAnError();
    void unsupportedRecipients();
    void hostileEnvelopesNeverCrash();

private:
    /// Decrypts with the openssl command; null on failure.
    QByteArray opensslDecrypt(const QByteArray& enveloped, const QString& recipientName);

    TestPki m_pki;
};

void TestCmsEnvelope::initTestCase()
{
    QUINCE_REQUIRE_OPENSSL();
    QVERIFY2(m_pki.generate(), qPrintable(m_pki.errorString()));
}

QByteArray TestCmsEnvelope::opensslDecrypt(const QByteArray& enveloped, const QString& recipientName)
{
    const QString inPath = m_pki.path(QStringLiteral("enveloped.der"));
    const QString outPath = m_pki.path(QStringLiteral("decrypted.out"));
    QFile::remove(outPath);
    if (!writeFile(inPath, enveloped))
        return {};
    const TestIdentity recipient = m_pki.identity(recipientName);
    const OpenSslRun run = m_pki.openssl({QStringLiteral("cms"), QStringLiteral("-decrypt"), QStringLiteral("-binary"),
        QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), inPath, QStringLiteral("-recip"),
        recipient.certPath, QStringLiteral("-inkey"), recipient.keyPath, QStringLiteral("-out"), outPath});
    if (!run.ok) {
        qWarning("openssl cms -decrypt failed: %s", run.err.constData());
        return {};
    }
    QByteArray plaintext = readFile(outPath);
    // Distinguish an empty plaintext from a failure for the callers' comparisons.
    return plaintext.isNull() ? QByteArray("") : plaintext;
}

void TestCmsEnvelope::quinceEncryptsOpenSslDecrypts_data()
{
    QTest::addColumn<QString>("recipientName");
    QTest::addColumn<QByteArray>("content");
    for (const QString& name : {QStringLiteral("device-rsa"), QStringLiteral("device-ec")}) {
        QTest::addRow("%s, payload plist", qPrintable(name)) << name << payloadContent();
        QTest::addRow("%s, CR/LF/NUL bytes", qPrintable(name)) << name << QByteArray("a\nb\r\nc\rd\0e", 10);
        QTest::addRow("%s, 1 MiB random", qPrintable(name)) << name << randomBytes(1024 * 1024);
        QTest::addRow("%s, one byte", qPrintable(name)) << name << QByteArray("x");
    }
}

void TestCmsEnvelope::quinceEncryptsOpenSslDecrypts()
{
    QFETCH(QString, recipientName);
    QFETCH(QByteArray, content);
    auto enveloped = CmsEnvelope::encrypt(content, m_pki.identity(recipientName).certificate);
    QVERIFY2(enveloped, why(enveloped).constData());
    QVERIFY(!enveloped->contains(content.left(64)) || content.size() < 8);
    QCOMPARE(opensslDecrypt(*enveloped, recipientName), content);

    // AES-256-CBC for the content, RSA transport or ECDH agreement for the key.
    const QString path = m_pki.path(QStringLiteral("print.der"));
    QVERIFY(writeFile(path, *enveloped));
    const OpenSslRun print = m_pki.openssl({QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"),
        QStringLiteral("-noout"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), path});
    QVERIFY2(print.ok, qPrintable(print.describe()));
    QVERIFY2(print.out.contains("aes-256-cbc"), print.out.left(3000).constData());
    QVERIFY(print.out.contains(recipientName == QStringLiteral("device-rsa") ? "rsaEncryption" : "dhSinglePass"));

    // And Quince reads its own envelope.
    const TestIdentity recipient = m_pki.identity(recipientName);
    auto decrypted = CmsEnvelope::decrypt(*enveloped, recipient.certificate, recipient.key);
    QVERIFY2(decrypted, why(decrypted).constData());
    QCOMPARE(*decrypted, content);
}

void TestCmsEnvelope::openSslEncryptsQuinceDecrypts_data()
{
    QTest::addColumn<QString>("recipientName");
    QTest::addColumn<QString>("cipher");
    QTest::addColumn<bool>("stream");
    for (const QString& name : {QStringLiteral("device-rsa"), QStringLiteral("device-ec")}) {
        QTest::addRow("%s, aes256, DER", qPrintable(name)) << name << QStringLiteral("-aes256") << false;
        QTest::addRow("%s, aes256, indefinite BER", qPrintable(name)) << name << QStringLiteral("-aes256") << true;
        QTest::addRow("%s, aes128, DER", qPrintable(name)) << name << QStringLiteral("-aes128") << false;
    }
}

void TestCmsEnvelope::openSslEncryptsQuinceDecrypts()
{
    QFETCH(QString, recipientName);
    QFETCH(QString, cipher);
    QFETCH(bool, stream);
    const QByteArray content = payloadContent() + QByteArray("\r\n\0tail", 7);
    const QString inPath = m_pki.path(QStringLiteral("plain.bin"));
    const QString outPath = m_pki.path(QStringLiteral("enveloped-by-openssl.der"));
    QVERIFY(writeFile(inPath, content));
    QStringList arguments {QStringLiteral("cms"), QStringLiteral("-encrypt"), cipher, QStringLiteral("-binary"),
        QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-in"), inPath, QStringLiteral("-out"),
        outPath};
    if (stream)
        arguments << QStringLiteral("-stream");
    arguments << m_pki.identity(recipientName).certPath;
    const OpenSslRun run = m_pki.openssl(arguments);
    QVERIFY2(run.ok, qPrintable(run.describe()));
    const QByteArray enveloped = readFile(outPath);
    QCOMPARE(enveloped.startsWith("\x30\x80"), stream);

    const TestIdentity recipient = m_pki.identity(recipientName);
    auto decrypted = CmsEnvelope::decrypt(enveloped, recipient.certificate, recipient.key);
    QVERIFY2(decrypted, why(decrypted).constData());
    QCOMPARE(*decrypted, content);
}

void TestCmsEnvelope::severalRecipients()
{
    const Certificate rsa = m_pki.identity(QStringLiteral("device-rsa")).certificate;
    const Certificate ec = m_pki.identity(QStringLiteral("device-ec")).certificate;
    auto enveloped = CmsEnvelope::encrypt(payloadContent(), QList<Certificate> {rsa, ec});
    QVERIFY2(enveloped, why(enveloped).constData());
    QCOMPARE(opensslDecrypt(*enveloped, QStringLiteral("device-rsa")), payloadContent());
    QCOMPARE(opensslDecrypt(*enveloped, QStringLiteral("device-ec")), payloadContent());
    for (const QString& name : {QStringLiteral("device-rsa"), QStringLiteral("device-ec")}) {
        const TestIdentity recipient = m_pki.identity(name);
        auto decrypted = CmsEnvelope::decrypt(*enveloped, recipient.certificate, recipient.key);
        QVERIFY2(decrypted, why(decrypted).constData());
        QCOMPARE(*decrypted, payloadContent());
    }
}

void TestCmsEnvelope::wrongRecipientIsAnError()
{
    const TestIdentity device = m_pki.identity(QStringLiteral("device-rsa"));
    auto enveloped = CmsEnvelope::encrypt(payloadContent(), device.certificate);
    QVERIFY2(enveloped, why(enveloped).constData());

    // Someone else's identity: not among the recipients.
    const TestIdentity foreign = m_pki.identity(QStringLiteral("foreign-leaf"));
    QCOMPARE(kindOf(CmsEnvelope::decrypt(*enveloped, foreign.certificate, foreign.key)), QStringLiteral("KeyMismatch"));
    QVERIFY(opensslDecrypt(*enveloped, QStringLiteral("foreign-leaf")).isNull());

    // The device's certificate with a key that is not its own.
    QCOMPARE(kindOf(CmsEnvelope::decrypt(*enveloped, device.certificate, foreign.key)), QStringLiteral("KeyMismatch"));

    // The twin (same issuer and serial, so it looks like the recipient) with its own key: the
    // content key does not unwrap. openssl agrees.
    const TestIdentity twin = m_pki.identity(QStringLiteral("device-twin"));
    auto twinResult = CmsEnvelope::decrypt(*enveloped, twin.certificate, twin.key);
    QVERIFY(!twinResult);
    QVERIFY2(twinResult.error().kind == PkiErrorKind::Malformed || twinResult.error().kind == PkiErrorKind::KeyMismatch,
        why(twinResult).constData());
    QVERIFY(opensslDecrypt(*enveloped, QStringLiteral("device-twin")).isNull());

    // The EC recipient's key on an envelope for the RSA device.
    const TestIdentity ec = m_pki.identity(QStringLiteral("device-ec"));
    QCOMPARE(kindOf(CmsEnvelope::decrypt(*enveloped, ec.certificate, ec.key)), QStringLiteral("KeyMismatch"));
}

void TestCmsEnvelope::unsupportedRecipients()
{
    QCOMPARE(kindOf(CmsEnvelope::encrypt(payloadContent(), m_pki.identity(QStringLiteral("device-p384")).certificate)),
        QStringLiteral("UnsupportedAlgorithm"));
    QCOMPARE(kindOf(CmsEnvelope::encrypt(payloadContent(), QList<Certificate> {})), QStringLiteral("InvalidArgument"));
    QCOMPARE(kindOf(CmsEnvelope::encrypt(payloadContent(), Certificate())), QStringLiteral("InvalidArgument"));
}

void TestCmsEnvelope::hostileEnvelopesNeverCrash()
{
    const TestIdentity device = m_pki.identity(QStringLiteral("device-rsa"));
    auto enveloped = CmsEnvelope::encrypt(payloadContent(), device.certificate);
    QVERIFY(enveloped);

    for (qsizetype length = 0; length < enveloped->size(); length += 37)
        QVERIFY(!CmsEnvelope::decrypt(enveloped->left(length), device.certificate, device.key));
    // Flipped bytes: CBC without a MAC may still "decrypt" a flip in the ciphertext to garbage,
    // so only the absence of a crash and of the original plaintext is asserted.
    for (qsizetype at = 0; at < enveloped->size(); at += 37) {
        QByteArray flipped = *enveloped;
        flipped[at] = static_cast<char>(flipped.at(at) ^ 0x5a);
        auto result = CmsEnvelope::decrypt(flipped, device.certificate, device.key);
        if (result)
            QVERIFY(result->size() <= payloadContent().size() + 16);
    }

    // Not an EnvelopedData at all, and over the size limit.
    const TestIdentity signer = m_pki.identity(QStringLiteral("signer-rsa"));
    auto signedData = CmsSigner::create(signer.certificate, signer.key)->signAttached(payloadContent());
    QVERIFY(signedData);
    QCOMPARE(kindOf(CmsEnvelope::decrypt(*signedData, device.certificate, device.key)), QStringLiteral("Malformed"));
    QCOMPARE(kindOf(CmsEnvelope::decrypt(QByteArray(), device.certificate, device.key)), QStringLiteral("Malformed"));
    QCOMPARE(kindOf(CmsEnvelope::decrypt(*enveloped, device.certificate, device.key, enveloped->size() - 1)),
        QStringLiteral("Malformed"));
    QCOMPARE(kindOf(CmsEnvelope::decrypt(QByteArray(5000, '\x30'), device.certificate, device.key)),
        QStringLiteral("Malformed"));
}

QTEST_GUILESS_MAIN(TestCmsEnvelope)
#include "tst_CmsEnvelope.moc"

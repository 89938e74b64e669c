// SPDX-License-Identifier: GPL-3.0-or-later
// Apple's MDM vendor CSR signing step, checked with the real openssl command: the signature
// verifies with the vendor's public key over the exact CSR bytes the plist carries.
#include "PushTestSupport.h"

#include "core/pki/CertificateRequest.h"
#include "core/pki/VendorCsrSigner.h"
#include "core/plist/PlistCodec.h"

#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::pushtest;

class TestVendorCsr : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void signsTheRequest_data();
    void signsTheRequest();
    void tamperedCsrIsRefused();
    void vendorKeyMismatchIsRefused();
    void chainOutOfOrderIsRefused();
    void unsuitableCsrIsRefused_data();
    void unsuitableCsrIsRefused();

private:
    bool run(const QStringList& arguments);
    QString path(const QString& name) const { return m_work.filePath(name); }
    Certificate certificate(const QString& name) const { return *Certificate::fromPem(readFile(path(name))); }
    PrivateKey key(const QString& name) const { return *PrivateKey::fromPem(readFile(path(name))); }
    VendorCsrSigner signer() const;

    QTemporaryDir m_work;
};

bool TestVendorCsr::run(const QStringList& arguments)
{
    const Run result = openSsl(arguments, m_work.path());
    if (!result.ok)
        qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')), qPrintable(result.describe()));
    return result.ok;
}

void TestVendorCsr::initTestCase()
{
    if (openSslProgram().isEmpty())
        QSKIP("the openssl command is needed to make the test identities and to verify the signature");
    QVERIFY(m_work.isValid());
    // Made-up stand-ins for Apple's root, its intermediate, and the vendor's "MDM CSR" identity.
    QVERIFY(writeFile(path(QStringLiteral("ca.ext")), "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n"));
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
        QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("root.key"), QStringLiteral("-out"),
        QStringLiteral("root.pem"), QStringLiteral("-subj"), QStringLiteral("/CN=Test Apple Root CA"),
        QStringLiteral("-days"), QStringLiteral("30")}));
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
        QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("wwdr.key"), QStringLiteral("-out"),
        QStringLiteral("wwdr.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Test Apple WWDR CA")}));
    QVERIFY(run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("wwdr.csr"),
        QStringLiteral("-CA"), QStringLiteral("root.pem"), QStringLiteral("-CAkey"), QStringLiteral("root.key"),
        QStringLiteral("-set_serial"), QStringLiteral("2"), QStringLiteral("-days"), QStringLiteral("30"),
        QStringLiteral("-extfile"), QStringLiteral("ca.ext"), QStringLiteral("-out"), QStringLiteral("wwdr.pem")}));
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
        QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("vendor.key"), QStringLiteral("-out"),
        QStringLiteral("vendor.csr"), QStringLiteral("-subj"),
        QStringLiteral("/CN=MDM Vendor: Test Vendor/O=Test Vendor")}));
    QVERIFY(run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("vendor.csr"),
        QStringLiteral("-CA"), QStringLiteral("wwdr.pem"), QStringLiteral("-CAkey"), QStringLiteral("wwdr.key"),
        QStringLiteral("-set_serial"), QStringLiteral("3"), QStringLiteral("-days"), QStringLiteral("30"),
        QStringLiteral("-out"), QStringLiteral("vendor.pem")}));
    QVERIFY(run({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("vendor.key"), QStringLiteral("-pubout"),
        QStringLiteral("-out"), QStringLiteral("vendor_pub.pem")}));
    // The customer's push request, as any tool would make it.
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
        QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("customer.key"), QStringLiteral("-out"),
        QStringLiteral("customer.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Customer Push/O=Customer")}));
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-in"), QStringLiteral("customer.csr"),
        QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), QStringLiteral("customer.der")}));
}

VendorCsrSigner TestVendorCsr::signer() const
{
    PkiResult<VendorCsrSigner> created
        = VendorCsrSigner::create(certificate(QStringLiteral("vendor.pem")), key(QStringLiteral("vendor.key")),
            {certificate(QStringLiteral("wwdr.pem")), certificate(QStringLiteral("root.pem"))});
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    return *created;
}

void TestVendorCsr::signsTheRequest_data()
{
    QTest::addColumn<QString>("csrFile");
    QTest::newRow("PEM CSR") << QStringLiteral("customer.csr");
    QTest::newRow("DER CSR") << QStringLiteral("customer.der");
}

void TestVendorCsr::signsTheRequest()
{
    QFETCH(QString, csrFile);
    PkiResult<VendorCsrSigner::SignedRequest> signedRequest = signer().sign(readFile(path(csrFile)));
    QVERIFY2(signedRequest, qPrintable(signedRequest ? QString() : signedRequest.error().message));

    // The upload is base64 of an XML plist with exactly Apple's three string keys.
    const QByteArray xml = QByteArray::fromBase64(signedRequest->encoded, QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(xml.startsWith("<?xml"));
    QCOMPARE(xml, signedRequest->plistXml);
    auto decoded = plist::decode(xml);
    QVERIFY(decoded && decoded->isDict());
    const plist::Dict& dict = decoded->toDict();
    QCOMPARE(dict.size(), qsizetype(3));
    for (const char* name : {"PushCertRequestCSR", "PushCertCertificateChain", "PushCertSignature"})
        QVERIFY2(dict.value(QString::fromLatin1(name)).isString(), name);

    // PushCertRequestCSR is the customer's CSR, byte for byte.
    const QByteArray csrDer
        = QByteArray::fromBase64(dict.value(QStringLiteral("PushCertRequestCSR")).toString().toLatin1(),
            QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(csrDer, readFile(path(QStringLiteral("customer.der"))));

    // PushCertCertificateChain: vendor, then Apple's intermediate, then the root.
    const QByteArray chainPem = dict.value(QStringLiteral("PushCertCertificateChain")).toString().toLatin1();
    PkiResult<QList<Certificate>> chain = Certificate::listFromPem(chainPem);
    QVERIFY(chain);
    QCOMPARE(chain->size(), qsizetype(3));
    QCOMPARE(chain->at(0), certificate(QStringLiteral("vendor.pem")));
    QCOMPARE(chain->at(1), certificate(QStringLiteral("wwdr.pem")));
    QCOMPARE(chain->at(2), certificate(QStringLiteral("root.pem")));

    // PushCertSignature verifies with openssl over the CSR's DER, with the vendor's public key.
    const QByteArray signature = QByteArray::fromBase64(
        dict.value(QStringLiteral("PushCertSignature")).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(signature.size(), qsizetype(256));
    QVERIFY(writeFile(path(QStringLiteral("sig.bin")), signature));
    QVERIFY(writeFile(path(QStringLiteral("csr.der")), csrDer));
    const Run verified = openSsl(
        {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), QStringLiteral("vendor_pub.pem"),
            QStringLiteral("-signature"), QStringLiteral("sig.bin"), QStringLiteral("csr.der")},
        m_work.path());
    QVERIFY2(verified.ok && verified.out.contains("Verified OK"), qPrintable(verified.describe()));

    // The check can fail: the same signature over one altered byte does not verify.
    QByteArray altered = csrDer;
    altered[altered.size() - 1] = static_cast<char>(altered[altered.size() - 1] ^ 1);
    QVERIFY(writeFile(path(QStringLiteral("csr-altered.der")), altered));
    QVERIFY(!openSsl(
        {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), QStringLiteral("vendor_pub.pem"),
            QStringLiteral("-signature"), QStringLiteral("sig.bin"), QStringLiteral("csr-altered.der")},
        m_work.path())
                 .ok);
}

void TestVendorCsr::tamperedCsrIsRefused()
{
    // Change one letter of the subject: the DER still parses, the CSR's signature no longer holds.
    QByteArray der = readFile(path(QStringLiteral("customer.der")));
    const qsizetype at = der.indexOf("Customer Push");
    QVERIFY(at > 0);
    der[at] = 'X';
    QVERIFY(CertificateRequest::fromDer(der));
    PkiResult<VendorCsrSigner::SignedRequest> refused = signer().sign(der);
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("BadSignature"));
}

void TestVendorCsr::vendorKeyMismatchIsRefused()
{
    PkiResult<VendorCsrSigner> refused
        = VendorCsrSigner::create(certificate(QStringLiteral("vendor.pem")), key(QStringLiteral("customer.key")), {});
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("KeyMismatch"));
}

void TestVendorCsr::chainOutOfOrderIsRefused()
{
    PkiResult<VendorCsrSigner> refused
        = VendorCsrSigner::create(certificate(QStringLiteral("vendor.pem")), key(QStringLiteral("vendor.key")),
            {certificate(QStringLiteral("root.pem")), certificate(QStringLiteral("wwdr.pem"))});
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("UntrustedChain"));
    // Without Apple's certificates the vendor certificate alone is accepted (the operator adds them).
    QVERIFY(VendorCsrSigner::create(certificate(QStringLiteral("vendor.pem")), key(QStringLiteral("vendor.key"))));
}

void TestVendorCsr::unsuitableCsrIsRefused_data()
{
    QTest::addColumn<QStringList>("keyOptions");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("kind");
    QTest::newRow("garbage") << QStringList() << QByteArray("not a request at all") << QStringLiteral("Malformed");
    QTest::newRow("a certificate, not a CSR")
        << QStringList() << QByteArray("vendor.pem") << QStringLiteral("Malformed");
    QTest::newRow("EC key") << QStringList {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:P-256")}
                            << QByteArray() << QStringLiteral("UnsupportedAlgorithm");
    QTest::newRow("RSA 1024") << QStringList {QStringLiteral("-newkey"), QStringLiteral("rsa:1024")} << QByteArray()
                              << QStringLiteral("UnsupportedAlgorithm");
}

void TestVendorCsr::unsuitableCsrIsRefused()
{
    QFETCH(QStringList, keyOptions);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, kind);
    QByteArray input = bytes;
    if (bytes.endsWith(".pem"))
        input = readFile(path(QString::fromLatin1(bytes)));
    if (!keyOptions.isEmpty()) {
        QVERIFY(run(QStringList {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), QStringLiteral("odd.key"), QStringLiteral("-out"),
                        QStringLiteral("odd.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Odd")}
            + keyOptions));
        input = readFile(path(QStringLiteral("odd.csr")));
    }
    PkiResult<VendorCsrSigner::SignedRequest> refused = signer().sign(input);
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), kind);
}

QTEST_GUILESS_MAIN(TestVendorCsr)
#include "tst_VendorCsr.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The certificate authority on a real database, checked with the real openssl command.
#include "CaTestSupport.h"

#include "core/pki/CaStore.h"
#include "core/pki/CertificateAuthority.h"
#include "core/pki/CertificateRequest.h"
#include "core/storage/Timestamp.h"

#include <QSet>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::test;

namespace {

const QStringList mainHosts {
    QStringLiteral("mdm.example.com"), QStringLiteral("192.0.2.10"), QStringLiteral("Quince.local")};

// EC keys make the CAs of the tests that do not look at the shipped algorithms fast.
CaOptions fastOptions()
{
    CaOptions options;
    options.label = QStringLiteral("test");
    options.caKeyAlgorithm = KeyAlgorithm::EcP256;
    options.clientKeyAlgorithm = KeyAlgorithm::EcP256;
    return options;
}

// A 128-bit serial with the top bit clear: its DER INTEGER needs no leading zero octet, so the
// magnitude (without leading zeros) fits in 16 octets and a full 16 starts below 0x80.
bool positiveIn16Octets(const QByteArray& magnitude)
{
    return !magnitude.isEmpty() && magnitude.size() <= 16
        && (magnitude.size() < 16 || static_cast<unsigned char>(magnitude.at(0)) < 0x80);
}

} // namespace

class TestCertificateAuthority : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensslVerifiesTheChains();
    void caCertificatesHaveCaExtensions();
    void tlsCertificateProfile();
    void tlsIdentityLoadsIntoQt();
    void deviceCertificateProfile();
    void deviceCertificateIsRecordedWithItsEnrollment();
    void serialsAreUniqueAcross100Certificates();
    void issuesFromSeveralThreadsAtOnce();
    void certificateOfAnotherCaFailsVerification();
    void persistsAndReloadsTheSameCa();
    void reloadUnsealsOnlyTheIssuingKey();
    void reissuesTlsWhenHostsChangeOrExpiryNears();
    void renewsTheIssuingCaBeforeItExpires();
    void scepRaIdentity();
    void databaseHoldsNoPlaintextKey();
    void refusesBadInput();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QByteArray x509Text(const Certificate& cert, const QString& name);
    Outcome verify(const QStringList& extra, const QString& leafFile);

    QTemporaryDir m_dir;
    TestSealer m_sealer;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::unique_ptr<CertificateAuthority> m_ca;
    Identity m_tls;
    Certificate m_device;
    PrivateKey m_deviceKey;
};

void TestCertificateAuthority::initTestCase()
{
    if (opensslPath().isEmpty())
        QSKIP("the openssl command is not installed; the CA is checked with it");
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("main")));
    QString failure;
    m_worker = startWorker(path(QStringLiteral("main")), &failure);
    QVERIFY2(m_worker, qPrintable(failure));

    // The shipped policy (RSA 3072 CAs, P-256 TLS key) for the main CA.
    CaOptions options;
    options.label = QStringLiteral("office");
    m_ca = std::make_unique<CertificateAuthority>(*m_worker, m_sealer, options);
    QVERIFY(!m_ca->isInitialized());
    const PkiStatus initialized = m_ca->ensureInitialized();
    QVERIFY2(initialized, qPrintable(initialized ? QString() : initialized.error().message));
    QVERIFY(m_ca->isInitialized());

    auto tls = m_ca->ensureTlsServerIdentity(mainHosts);
    QVERIFY2(tls, why(tls).constData());
    m_tls = *tls;

    auto deviceKey = PrivateKey::generateRsa(2048);
    QVERIFY(deviceKey);
    m_deviceKey = *deviceKey;
    auto csr = CertificateRequest::create(*deviceKey,
        {{QStringLiteral("O"), QStringLiteral("Example")}, {QStringLiteral("CN"), QStringLiteral("Ada's iPad")}},
        QStringLiteral("challenge"));
    QVERIFY(csr);
    IssueOptions issue;
    issue.deviceUdid = QStringLiteral("00008030-000A1B2C3D4E5F60");
    auto device = m_ca->issueClientCertificate(*csr, issue);
    QVERIFY2(device, why(device).constData());
    m_device = *device;

    QVERIFY(writeFile(path(QStringLiteral("root.pem")), m_ca->rootCertificate().toPem()));
    QVERIFY(writeFile(path(QStringLiteral("intermediate.pem")), m_ca->issuingCertificate().toPem()));
    QVERIFY(writeFile(path(QStringLiteral("tls.pem")), m_tls.certificate.toPem()));
    QVERIFY(writeFile(path(QStringLiteral("device.pem")), m_device.toPem()));
}

Outcome TestCertificateAuthority::verify(const QStringList& extra, const QString& leafFile)
{
    return openssl(QStringList {QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-CAfile"),
                       QStringLiteral("root.pem"), QStringLiteral("-untrusted"), QStringLiteral("intermediate.pem")}
            + extra + QStringList {leafFile},
        m_dir.path());
}

QByteArray TestCertificateAuthority::x509Text(const Certificate& cert, const QString& name)
{
    if (!writeFile(path(name), cert.toPem()))
        return {};
    return openssl(
        {QStringLiteral("x509"), QStringLiteral("-in"), name, QStringLiteral("-noout"), QStringLiteral("-text")},
        m_dir.path())
        .out;
}

void TestCertificateAuthority::opensslVerifiesTheChains()
{
    Outcome outcome = verify({}, QStringLiteral("tls.pem"));
    QVERIFY2(outcome.ok(), outcome.both().constData());
    outcome = verify({}, QStringLiteral("device.pem"));
    QVERIFY2(outcome.ok(), outcome.both().constData());
    outcome = verify({QStringLiteral("-purpose"), QStringLiteral("sslserver")}, QStringLiteral("tls.pem"));
    QVERIFY2(outcome.ok(), outcome.both().constData());
    outcome = verify({QStringLiteral("-purpose"), QStringLiteral("sslclient")}, QStringLiteral("device.pem"));
    QVERIFY2(outcome.ok(), outcome.both().constData());
    // The purposes are not interchangeable: the check above can fail.
    outcome = verify({QStringLiteral("-purpose"), QStringLiteral("sslserver")}, QStringLiteral("device.pem"));
    QVERIFY2(!outcome.ok(), outcome.both().constData());
    outcome = verify({QStringLiteral("-purpose"), QStringLiteral("sslclient")}, QStringLiteral("tls.pem"));
    QVERIFY2(!outcome.ok(), outcome.both().constData());
    // Without the intermediate there is no chain: the root signs nothing but issuing CAs.
    outcome = openssl(
        {QStringLiteral("verify"), QStringLiteral("-CAfile"), QStringLiteral("root.pem"), QStringLiteral("tls.pem")},
        m_dir.path());
    QVERIFY2(!outcome.ok(), outcome.both().constData());
    // The listener's chain PEM is enough on its own as the untrusted part.
    QVERIFY(writeFile(path(QStringLiteral("listener-chain.pem")), m_tls.certificateChainPem()));
    outcome = openssl(
        {QStringLiteral("verify"), QStringLiteral("-CAfile"), QStringLiteral("root.pem"), QStringLiteral("-untrusted"),
            QStringLiteral("listener-chain.pem"), QStringLiteral("listener-chain.pem")},
        m_dir.path());
    QVERIFY2(outcome.ok(), outcome.both().constData());
}

void TestCertificateAuthority::caCertificatesHaveCaExtensions()
{
    const Certificate root = m_ca->rootCertificate();
    const Certificate issuing = m_ca->issuingCertificate();
    QCOMPARE(root.commonName(), QStringLiteral("Quince Root CA (office)"));
    QCOMPARE(issuing.commonName(), QStringLiteral("Quince Issuing CA (office)"));
    QCOMPARE(issuing.issuer(), root.subject());
    QVERIFY(root.isCa() && issuing.isCa());
    QVERIFY(issuing.isSignedBy(root));
    QVERIFY(!issuing.isSignedBy(issuing));

    const QByteArray rootText = x509Text(root, QStringLiteral("root-text.pem"));
    const QByteArray issuingText = x509Text(issuing, QStringLiteral("issuing-text.pem"));
    for (const QByteArray& text : {rootText, issuingText}) {
        QVERIFY2(text.contains("Signature Algorithm: sha256WithRSAEncryption"), text.constData());
        QVERIFY2(text.contains("Public-Key: (3072 bit)"), text.constData());
        QVERIFY2(text.contains("X509v3 Basic Constraints: critical"), text.constData());
        QVERIFY2(
            text.contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign"), text.constData());
        QVERIFY2(text.contains("X509v3 Subject Key Identifier"), text.constData());
        QVERIFY2(text.contains("X509v3 Authority Key Identifier"), text.constData());
        QVERIFY2(!text.contains("Extended Key Usage"), text.constData());
    }
    QVERIFY2(issuingText.contains("CA:TRUE, pathlen:0"), issuingText.constData());
    QVERIFY2(rootText.contains("CA:TRUE\n") && !rootText.contains("pathlen"), rootText.constData());
    // The issuing CA's authority key id is the root's subject key id.
    QCOMPARE(issuing.authorityKeyId(), root.subjectKeyId());
    QCOMPARE(root.authorityKeyId(), root.subjectKeyId());

    // Serials: positive, at most 16 octets, not tiny.
    for (const Certificate& cert : {root, issuing}) {
        QVERIFY(positiveIn16Octets(cert.serialNumber()));
        QVERIFY(cert.serialNumber().size() >= 8);
    }
    // Ten years and five years, counted from a notBefore a few minutes in the past.
    QCOMPARE(root.notBefore().daysTo(root.notAfter()), 3650);
    QCOMPARE(issuing.notBefore().daysTo(issuing.notAfter()), 1825);
    QVERIFY(root.notBefore() <= QDateTime::currentDateTimeUtc());
    QVERIFY(root.notBefore() > QDateTime::currentDateTimeUtc().addSecs(-3600));
}

void TestCertificateAuthority::tlsCertificateProfile()
{
    const Certificate& tls = m_tls.certificate;
    QCOMPARE(tls.commonName(), QStringLiteral("mdm.example.com"));
    QCOMPARE(tls.dnsNames(), (QStringList {QStringLiteral("mdm.example.com"), QStringLiteral("quince.local")}));
    QCOMPARE(tls.ipAddresses(), QStringList {QStringLiteral("192.0.2.10")});
    QVERIFY(!tls.isCa());
    QVERIFY(tls.matches(m_tls.key));
    QCOMPARE(m_tls.key.type(), PrivateKey::Type::EcP256);
    QCOMPARE(m_tls.chain, QList<Certificate> {m_ca->issuingCertificate()});

    const QByteArray text = x509Text(tls, QStringLiteral("tls-text.pem"));
    QVERIFY2(text.contains("TLS Web Server Authentication"), text.constData());
    QVERIFY2(!text.contains("TLS Web Client Authentication"), text.constData());
    QVERIFY2(text.contains("DNS:mdm.example.com, IP Address:192.0.2.10, DNS:quince.local")
            || text.contains("DNS:mdm.example.com, DNS:quince.local, IP Address:192.0.2.10"),
        text.constData());
    QVERIFY2(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"), text.constData());
    QVERIFY2(text.contains("CA:FALSE"), text.constData());
    QVERIFY2(text.contains("Signature Algorithm: sha256WithRSAEncryption"), text.constData());
    QVERIFY2(text.contains("NIST CURVE: P-256"), text.constData());

    // Apple's limit for certificates from private roots: 825 days.
    const QDateTime notBefore = parseOpensslDate(valueAfter(text, "Not Before:"));
    const QDateTime notAfter = parseOpensslDate(valueAfter(text, "Not After :"));
    QVERIFY2(notBefore.isValid() && notAfter.isValid(), text.constData());
    QVERIFY(notBefore.daysTo(notAfter) <= 825);
    QCOMPARE(notBefore.daysTo(notAfter), 397);
    QCOMPARE(notAfter, tls.notAfter());
}

void TestCertificateAuthority::tlsIdentityLoadsIntoQt()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    const QList<QSslCertificate> chain = QSslCertificate::fromData(m_tls.certificateChainPem(), QSsl::Pem);
    QCOMPARE(chain.size(), 2);
    QCOMPARE(chain.at(0).toDer(), m_tls.certificate.toDer());
    QCOMPARE(chain.at(1).toDer(), m_ca->issuingCertificate().toDer());
    const QSslKey key(m_tls.privateKeyPem(), QSsl::Ec, QSsl::Pem);
    QVERIFY(!key.isNull());
    QCOMPARE(key.type(), QSsl::PrivateKey);
    QCOMPARE(key.length(), 256);
}

void TestCertificateAuthority::deviceCertificateProfile()
{
    QCOMPARE(m_device.subject(), QStringLiteral("CN=Ada's iPad,O=Example"));
    QCOMPARE(m_device.issuer(), m_ca->issuingCertificate().subject());
    QVERIFY(m_device.matches(m_deviceKey));
    QCOMPARE(m_device.notBefore().daysTo(m_device.notAfter()), 365);
    const QByteArray text = x509Text(m_device, QStringLiteral("device-text.pem"));
    QVERIFY2(text.contains("TLS Web Client Authentication"), text.constData());
    QVERIFY2(!text.contains("TLS Web Server Authentication"), text.constData());
    // RSA device key: key encipherment too (CMS payloads are encrypted to it).
    QVERIFY2(text.contains("Digital Signature, Key Encipherment"), text.constData());
    QVERIFY2(!text.contains("Subject Alternative Name"), text.constData());

    // An EC device key gets digitalSignature only; a bare public key works like a request.
    auto ecKey = PrivateKey::generateEcP256();
    QVERIFY(ecKey);
    IssueOptions options;
    options.commonName = QStringLiteral("Grace's Mac");
    options.validityDays = 30;
    auto ecDevice = m_ca->issueClientCertificate(ecKey->publicKeyDer(), options);
    QVERIFY2(ecDevice, why(ecDevice).constData());
    QCOMPARE(ecDevice->commonName(), QStringLiteral("Grace's Mac"));
    QCOMPARE(ecDevice->notBefore().daysTo(ecDevice->notAfter()), 30);
    const QByteArray ecText = x509Text(*ecDevice, QStringLiteral("ec-device-text.pem"));
    QVERIFY2(ecText.contains("X509v3 Key Usage: critical\n                Digital Signature\n"), ecText.constData());

    // A PKCS#12-style identity: Quince makes the key.
    auto identity = m_ca->issueClientIdentity(options);
    QVERIFY2(identity, why(identity).constData());
    QVERIFY(identity->certificate.matches(identity->key));
    QCOMPARE(identity->key.type(), PrivateKey::Type::Rsa);
    QCOMPARE(identity->chain, QList<Certificate> {m_ca->issuingCertificate()});
}

void TestCertificateAuthority::deviceCertificateIsRecordedWithItsEnrollment()
{
    qint64 enrollmentId = 0;
    const storage::StorageStatus inserted = m_worker->writeAndWait(
        [&](storage::Database& db) -> storage::StorageStatus {
            const qint64 now = storage::nowDbTimestamp();
            auto device = db.exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                                 "VALUES (?, 'pending', ?, ?)"),
                {QStringLiteral("UDID-ENROLLED-1"), now, now});
            if (!device)
                return device.error();
            auto enrollment = db.exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, "
                                                     "updated_at) VALUES (?, 'device', 'authenticated', ?, ?)"),
                {device->lastInsertId(), now, now});
            if (!enrollment)
                return enrollment.error();
            enrollmentId = enrollment->lastInsertId().toLongLong();
            return {};
        });
    QVERIFY2(inserted, qPrintable(inserted ? QString() : inserted.error().toString()));

    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    IssueOptions options;
    options.commonName = QStringLiteral("enrolled device");
    options.deviceUdid = QStringLiteral("UDID-ENROLLED-1");
    options.enrollmentId = enrollmentId;
    auto cert = m_ca->issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY2(cert, why(cert).constData());

    std::optional<CertificateRecord> record;
    const storage::StorageStatus read = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto found = CaStore::findBySha256(db, cert->sha256Hex());
        if (!found)
            return found.error();
        record = *found;
        return {};
    });
    QVERIFY(read);
    QVERIFY(record);
    QCOMPARE(record->kind, CertificateKind::DeviceIdentity);
    QCOMPARE(record->status, CertificateStatus::Active);
    QCOMPARE(record->deviceUdid, QStringLiteral("UDID-ENROLLED-1"));
    QCOMPARE(record->enrollmentId, std::optional<qint64>(enrollmentId));
    QVERIFY(!record->hasPrivateKey()); // the device's key is not Quince's
    QCOMPARE(record->certificate, *cert);
}

void TestCertificateAuthority::serialsAreUniqueAcross100Certificates()
{
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    QSet<QString> serials;
    IssueOptions options;
    options.commonName = QStringLiteral("same key, new certificate");
    for (int i = 0; i < 100; ++i) {
        auto cert = m_ca->issueClientCertificate(key->publicKeyDer(), options);
        QVERIFY2(cert, why(cert).constData());
        QVERIFY(positiveIn16Octets(cert->serialNumber()));
        serials.insert(cert->serialHex());
    }
    QCOMPARE(serials.size(), 100);
    serials.insert(m_ca->rootCertificate().serialHex());
    serials.insert(m_ca->issuingCertificate().serialHex());
    serials.insert(m_tls.certificate.serialHex());
    QCOMPARE(serials.size(), 103);
}

void TestCertificateAuthority::issuesFromSeveralThreadsAtOnce()
{
    // SCEP requests arrive on the listener's threads: issuance and recording must be safe there.
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    const QByteArray publicKey = key->publicKeyDer();
    constexpr int threads = 4;
    constexpr int perThread = 10;
    QList<QStringList> serials(threads);
    std::atomic<int> failures {0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            IssueOptions options;
            options.commonName = QStringLiteral("thread %1").arg(t);
            for (int i = 0; i < perThread; ++i) {
                auto cert = m_ca->issueClientCertificate(publicKey, options);
                if (cert && cert->isSignedBy(m_ca->issuingCertificate()))
                    serials[t].append(cert->serialHex());
                else
                    ++failures;
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    QCOMPARE(failures.load(), 0);
    QSet<QString> unique;
    for (const QStringList& list : serials) {
        for (const QString& serial : list)
            unique.insert(serial);
    }
    QCOMPARE(unique.size(), threads * perThread);
    int stored = 0;
    QVERIFY(m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto count = db.exec(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE subject LIKE 'CN=thread %'"));
        if (!count)
            return count.error();
        count->next();
        stored = count->value(0).toInt();
        return {};
    }));
    QCOMPARE(stored, threads * perThread);
}

void TestCertificateAuthority::certificateOfAnotherCaFailsVerification()
{
    QTemporaryDir otherDir;
    QVERIFY(otherDir.isValid());
    auto worker = startWorker(otherDir.path());
    QVERIFY(worker);
    CertificateAuthority other(*worker, m_sealer, fastOptions());
    QVERIFY(other.ensureInitialized());
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    IssueOptions options;
    options.commonName = QStringLiteral("impostor");
    auto foreign = other.issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(foreign);
    QVERIFY(writeFile(path(QStringLiteral("foreign.pem")), foreign->toPem()));
    const Outcome outcome
        = verify({QStringLiteral("-purpose"), QStringLiteral("sslclient")}, QStringLiteral("foreign.pem"));
    QVERIFY2(!outcome.ok(), outcome.both().constData());
    QVERIFY(!foreign->isSignedBy(m_ca->issuingCertificate()));
    QVERIFY(other.rootCertificate() != m_ca->rootCertificate());
    // Same shape of names, different keys: only the signature tells them apart.
    QCOMPARE(foreign->issuer(), QStringLiteral("CN=Quince Issuing CA (test),O=Quince"));
}

void TestCertificateAuthority::persistsAndReloadsTheSameCa()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString rootSha;
    QString issuingSha;
    QString tlsSha;
    {
        auto worker = startWorker(dir.path());
        QVERIFY(worker);
        CertificateAuthority ca(*worker, m_sealer, fastOptions());
        QVERIFY(ca.ensureInitialized());
        auto tls = ca.ensureTlsServerIdentity(mainHosts);
        QVERIFY(tls);
        rootSha = ca.rootCertificate().sha256Hex();
        issuingSha = ca.issuingCertificate().sha256Hex();
        tlsSha = tls->certificate.sha256Hex();
        worker->stop();
    }
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    CertificateAuthority reopened(*worker, m_sealer, fastOptions());
    QVERIFY(reopened.ensureInitialized());
    QCOMPARE(reopened.rootCertificate().sha256Hex(), rootSha);
    QCOMPARE(reopened.issuingCertificate().sha256Hex(), issuingSha);
    auto tls = reopened.ensureTlsServerIdentity(mainHosts);
    QVERIFY2(tls, why(tls).constData());
    QCOMPARE(tls->certificate.sha256Hex(), tlsSha);
    QVERIFY(tls->certificate.matches(tls->key));

    // The reloaded issuing key still signs under the same chain.
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    IssueOptions options;
    options.commonName = QStringLiteral("after restart");
    auto cert = reopened.issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(cert);
    QVERIFY(cert->isSignedBy(reopened.issuingCertificate()));

    // Exactly one root, one issuing CA and one TLS certificate were ever made.
    int rows = -1;
    QVERIFY(worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto count = db.exec(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE kind IN "
                                            "('root_ca', 'issuing_ca', 'tls_server')"));
        if (!count)
            return count.error();
        count->next();
        rows = count->value(0).toInt();
        return {};
    }));
    QCOMPARE(rows, 3);
}

void TestCertificateAuthority::reloadUnsealsOnlyTheIssuingKey()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    TestSealer sealer;
    {
        CertificateAuthority ca(*worker, sealer, fastOptions());
        QVERIFY(ca.ensureInitialized());
        // Creation: the root key once (to sign the issuing CA), then the issuing key to load it.
        const QStringList opened = sealer.openedContexts();
        QCOMPARE(opened.size(), 2);
        QCOMPARE(opened.at(0), CaStore::keyContext(ca.rootCertificate()));
        QCOMPARE(opened.at(1), CaStore::keyContext(ca.issuingCertificate()));
    }
    sealer.clearOpened();
    CertificateAuthority reopened(*worker, sealer, fastOptions());
    QVERIFY(reopened.ensureInitialized());
    QCOMPARE(sealer.openedContexts(), QStringList {CaStore::keyContext(reopened.issuingCertificate())});
    QVERIFY(reopened.ensureInitialized()); // already loaded: nothing unsealed again
    QCOMPARE(sealer.openedContexts().size(), 1);

    // A sealer that cannot open the keys (another master key) makes initialisation fail loudly
    // instead of silently creating a second CA.
    TestSealer stranger;
    CertificateAuthority locked(*worker, stranger, fastOptions());
    const PkiStatus status = locked.ensureInitialized();
    QVERIFY(!status);
    QVERIFY2(status.error().message.contains(QStringLiteral("unseal")), qPrintable(status.error().message));
}

void TestCertificateAuthority::reissuesTlsWhenHostsChangeOrExpiryNears()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    QDateTime clock = QDateTime::currentDateTimeUtc();
    CertificateAuthority ca(*worker, m_sealer, fastOptions());
    ca.setClock([&clock] { return clock; });
    QVERIFY(ca.ensureInitialized());

    auto first = ca.ensureTlsServerIdentity({QStringLiteral("a.example.com"), QStringLiteral("10.0.0.1")});
    QVERIFY(first);
    // Same names (other order, other case, duplicates): the same certificate.
    auto same = ca.ensureTlsServerIdentity(
        {QStringLiteral("A.example.com"), QStringLiteral("10.0.0.1"), QStringLiteral("a.example.com")});
    QVERIFY(same);
    QCOMPARE(same->certificate, first->certificate);

    auto renamed = ca.ensureTlsServerIdentity({QStringLiteral("b.example.com"), QStringLiteral("10.0.0.1")});
    QVERIFY(renamed);
    QVERIFY(renamed->certificate != first->certificate);
    QCOMPARE(renamed->certificate.dnsNames(), QStringList {QStringLiteral("b.example.com")});

    // 370 days later 27 are left, fewer than the 30-day threshold: a new certificate.
    clock = clock.addDays(360);
    auto stillFine = ca.ensureTlsServerIdentity({QStringLiteral("b.example.com"), QStringLiteral("10.0.0.1")});
    QVERIFY(stillFine);
    QCOMPARE(stillFine->certificate, renamed->certificate);
    clock = clock.addDays(10);
    auto renewed = ca.ensureTlsServerIdentity({QStringLiteral("b.example.com"), QStringLiteral("10.0.0.1")});
    QVERIFY(renewed);
    QVERIFY(renewed->certificate != renamed->certificate);
    QVERIFY(renewed->certificate.notAfter() > renamed->certificate.notAfter());

    QHash<QString, QString> statusBySha;
    QVERIFY(worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto rows = CaStore::find(db, CertificateKind::TlsServer);
        if (!rows)
            return rows.error();
        for (const CertificateRecord& record : *rows)
            statusBySha.insert(record.certificate.sha256Hex(), toDbValue(record.status));
        return {};
    }));
    QCOMPARE(statusBySha.size(), 3);
    QCOMPARE(statusBySha.value(first->certificate.sha256Hex()), QStringLiteral("superseded"));
    QCOMPARE(statusBySha.value(renamed->certificate.sha256Hex()), QStringLiteral("superseded"));
    QCOMPARE(statusBySha.value(renewed->certificate.sha256Hex()), QStringLiteral("active"));

    // A restarted server picks up the renewed one rather than making a fourth.
    CertificateAuthority restarted(*worker, m_sealer, fastOptions());
    restarted.setClock([&clock] { return clock; });
    QVERIFY(restarted.ensureInitialized());
    auto loaded = restarted.ensureTlsServerIdentity({QStringLiteral("b.example.com"), QStringLiteral("10.0.0.1")});
    QVERIFY(loaded);
    QCOMPARE(loaded->certificate, renewed->certificate);
}

void TestCertificateAuthority::scepRaIdentity()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    QDateTime clock = QDateTime::currentDateTimeUtc();
    CertificateAuthority ca(*worker, m_sealer, fastOptions());
    ca.setClock([&clock] { return clock; });
    QVERIFY(ca.ensureInitialized());

    auto ra = ca.ensureScepRaIdentity();
    QVERIFY2(ra, why(ra).constData());
    QVERIFY(ra->certificate.matches(ra->key));
    QCOMPARE(ra->key.type(), PrivateKey::Type::Rsa); // SCEP clients encrypt to it with RSA
    QVERIFY(!ra->certificate.isCa());
    QVERIFY(ra->certificate.isSignedBy(ca.issuingCertificate()));
    QVERIFY(ra->certificate.commonName().startsWith(QStringLiteral("Quince SCEP RA")));

    QVERIFY(writeFile(dir.filePath(QStringLiteral("root.pem")), ca.rootCertificate().toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("intermediate.pem")), ca.issuingCertificate().toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("ra.pem")), ra->certificate.toPem()));
    const Outcome verified
        = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-CAfile"),
                      QStringLiteral("root.pem"), QStringLiteral("-untrusted"), QStringLiteral("intermediate.pem"),
                      QStringLiteral("ra.pem")},
            dir.path());
    QVERIFY2(verified.ok(), verified.both().constData());
    const QByteArray text = openssl({QStringLiteral("x509"), QStringLiteral("-in"), QStringLiteral("ra.pem"),
                                        QStringLiteral("-noout"), QStringLiteral("-ext"), QStringLiteral("keyUsage")},
        dir.path())
                                .out;
    QVERIFY2(text.contains("Digital Signature, Key Encipherment"), text.constData());

    // Kept across calls and restarts; renewed when it nears expiry, the old one superseded.
    auto again = ca.ensureScepRaIdentity();
    QVERIFY(again);
    QCOMPARE(again->certificate, ra->certificate);
    CertificateAuthority restarted(*worker, m_sealer, fastOptions());
    restarted.setClock([&clock] { return clock; });
    QVERIFY(restarted.ensureInitialized());
    auto loaded = restarted.ensureScepRaIdentity();
    QVERIFY(loaded);
    QCOMPARE(loaded->certificate, ra->certificate);
    QCOMPARE(loaded->key.publicKeyDer(), ra->key.publicKeyDer());

    clock = clock.addDays(370);
    auto renewed = restarted.ensureScepRaIdentity();
    QVERIFY(renewed);
    QVERIFY(renewed->certificate != ra->certificate);
    int active = 0;
    QVERIFY(worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto rows = CaStore::find(db, CertificateKind::ScepRa, CertificateStatus::Active);
        if (!rows)
            return rows.error();
        active = int(rows->size());
        return {};
    }));
    QCOMPARE(active, 1);
}

void TestCertificateAuthority::renewsTheIssuingCaBeforeItExpires()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    QDateTime clock = QDateTime::currentDateTimeUtc();
    CertificateAuthority ca(*worker, m_sealer, fastOptions());
    ca.setClock([&clock] { return clock; });
    QVERIFY(ca.ensureInitialized());
    const Certificate root = ca.rootCertificate();
    const Certificate oldIssuing = ca.issuingCertificate();
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    IssueOptions options;
    options.commonName = QStringLiteral("old device");
    auto oldDevice = ca.issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(oldDevice);

    clock = clock.addDays(1825 - 100); // 100 days left < 180
    QVERIFY(ca.ensureInitialized());
    const Certificate newIssuing = ca.issuingCertificate();
    QVERIFY(newIssuing != oldIssuing);
    QCOMPARE(ca.rootCertificate(), root);
    QVERIFY(newIssuing.isSignedBy(root));
    QCOMPARE(ca.issuingCertificates(), (QList<Certificate> {newIssuing, oldIssuing}));
    auto newDevice = ca.issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(newDevice);
    QVERIFY(newDevice->isSignedBy(newIssuing));
    QVERIFY(oldDevice->isSignedBy(oldIssuing));
}

void TestCertificateAuthority::databaseHoldsNoPlaintextKey()
{
    // The main CA holds root, issuing and TLS keys; add a Quince-made client identity too.
    IssueOptions options;
    options.commonName = QStringLiteral("p12 device");
    auto identity = m_ca->issueClientIdentity(options);
    QVERIFY(identity);

    QList<CertificateRecord> records;
    QVERIFY(m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto rows = CaStore::all(db);
        if (!rows)
            return rows.error();
        records = *rows;
        return {};
    }));
    const QString dbPath = QDir(path(QStringLiteral("main"))).filePath(storage::Database::databaseFileName());
    const QByteArray bytes = readFile(dbPath) + readFile(dbPath + QStringLiteral("-wal"));
    QVERIFY(!bytes.isEmpty());
    // The search can succeed: the certificates themselves are in these bytes.
    QVERIFY(bytes.contains(m_ca->rootCertificate().toDer()));

    QList<PrivateKey> keys {identity->key};
    for (const CertificateRecord& record : records) {
        if (!record.hasPrivateKey())
            continue;
        QVERIFY(bytes.contains(record.privateKeySealed));
        auto opened = m_sealer.open(record.privateKeySealed, CaStore::keyContext(record.certificate));
        QVERIFY(opened);
        auto key = PrivateKey::fromDer(*opened);
        QVERIFY(key);
        QVERIFY(record.certificate.matches(*key));
        keys.append(*key);
    }
    QCOMPARE(keys.size(), 4); // the client identity, root, issuing, TLS
    for (const PrivateKey& key : keys) {
        const QByteArray der = key.toPkcs8Der();
        const QByteArray pem = key.toPem();
        QVERIFY(!der.isEmpty() && !pem.isEmpty());
        QVERIFY2(!bytes.contains(der), "a PKCS#8 DER key is in the database file");
        QVERIFY2(!bytes.contains(pem), "a PEM key is in the database file");
        // Any 64-character line of the PEM body would give the key away too.
        const QList<QByteArray> lines = pem.split('\n');
        QVERIFY(lines.size() > 3);
        QVERIFY2(!bytes.contains(lines.at(1)), "a line of a PEM key is in the database file");
        QVERIFY2(!bytes.contains(der.mid(der.size() / 2, 32)), "part of a key is in the database file");
    }
}

void TestCertificateAuthority::refusesBadInput()
{
    // A request whose signature does not verify: BadSignature (SCEP's badMessageCheck).
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    auto csr = CertificateRequest::create(*key, {{QStringLiteral("CN"), QStringLiteral("x")}});
    QVERIFY(csr);
    QByteArray der = csr->toDer();
    der[der.size() - 2] = static_cast<char>(der.at(der.size() - 2) ^ 0x40);
    auto tampered = CertificateRequest::fromDer(der);
    QVERIFY(tampered);
    IssueOptions options;
    auto refused = m_ca->issueClientCertificate(*tampered, options);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, PkiErrorKind::BadSignature);

    // No subject anywhere.
    auto noSubject = m_ca->issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(!noSubject);
    QCOMPARE(noSubject.error().kind, PkiErrorKind::InvalidArgument);

    // A key too weak to certify.
    const Outcome weak = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
        QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:1024")});
    QVERIFY2(weak.ok(), weak.both().constData());
    auto weakKey = PrivateKey::fromPem(weak.out);
    QVERIFY(weakKey);
    options.commonName = QStringLiteral("weak");
    auto weakCert = m_ca->issueClientCertificate(weakKey->publicKeyDer(), options);
    QVERIFY(!weakCert);
    QCOMPARE(weakCert.error().kind, PkiErrorKind::UnsupportedAlgorithm);
    auto garbageKey = m_ca->issueClientCertificate(QByteArray("not a key"), options);
    QVERIFY(!garbageKey);
    QCOMPARE(garbageKey.error().kind, PkiErrorKind::Malformed);

    // Host names: none, or one that could smuggle a second SAN entry.
    auto none = m_ca->ensureTlsServerIdentity({QStringLiteral("  ")});
    QVERIFY(!none);
    QCOMPARE(none.error().kind, PkiErrorKind::InvalidArgument);
    auto injected = m_ca->ensureTlsServerIdentity({QStringLiteral("a.example.com,DNS:evil.example")});
    QVERIFY(!injected);
    QCOMPARE(injected.error().kind, PkiErrorKind::InvalidArgument);
    // The failed attempts left the listener's certificate alone.
    auto tls = m_ca->ensureTlsServerIdentity(mainHosts);
    QVERIFY(tls);
    QCOMPARE(tls->certificate, m_tls.certificate);

    // Nothing is issued before initialisation.
    QTemporaryDir dir;
    auto worker = startWorker(dir.path());
    QVERIFY(worker);
    CertificateAuthority fresh(*worker, m_sealer, fastOptions());
    auto early = fresh.issueClientCertificate(key->publicKeyDer(), options);
    QVERIFY(!early);
    QCOMPARE(early.error().kind, PkiErrorKind::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_CertificateAuthority.moc"

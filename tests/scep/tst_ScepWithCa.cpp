// SPDX-License-Identifier: GPL-3.0-or-later
// The SCEP engine on Quince's own CertificateAuthority (CaScepIssuer): an RA identity from the
// issuing CA, enrollment and renewal, certificates recorded in the inventory, and the chain up
// to the root accepted by `openssl verify`.

#include "ScepTestClient.h"
#include "ScepTestSupport.h"

#include "core/pki/CertificateAuthority.h"
#include "core/pki/KeySealer.h"
#include "core/scep/CaScepIssuer.h"
#include "core/scep/ScepService.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::scep;
using namespace quince::scep::test;

namespace {

/// Context-bound and not plaintext, which is all the CA needs from a sealer in a test.
class TestSealer : public pki::KeySealer {
public:
    Result<QByteArray> seal(const QByteArray& plaintext, const QString& context) const override
    {
        return QByteArray(tag(context) + scramble(plaintext));
    }
    Result<QByteArray> open(const QByteArray& sealed, const QString& context) const override
    {
        if (!sealed.startsWith(tag(context)))
            return Error {QStringLiteral("wrong context")};
        return scramble(sealed.mid(32));
    }

private:
    static QByteArray tag(const QString& context)
    {
        return QCryptographicHash::hash(context.toUtf8(), QCryptographicHash::Sha256);
    }
    static QByteArray scramble(QByteArray bytes)
    {
        for (char& c : bytes)
            c = static_cast<char>(c ^ 0x5a);
        return bytes;
    }
};

} // namespace

class TestScepWithCa : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void getCaCertCarriesTheChain();
    void enrollAndRenew();

private:
    QTemporaryDir m_dir;
    storage::StorageWorker m_worker;
    TestSealer m_sealer;
    std::unique_ptr<pki::CertificateAuthority> m_ca;
    std::unique_ptr<StorageChallengeStore> m_store;
    std::unique_ptr<CaScepIssuer> m_issuer;
    std::unique_ptr<ScepService> m_service;
    pki::Identity m_ra;
};

void TestScepWithCa::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const storage::StorageStatus started = m_worker.start(m_dir.filePath(storage::Database::databaseFileName()));
    QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().toString()));
    pki::CaOptions options;
    options.label = QStringLiteral("scep test");
    options.caKeyAlgorithm = pki::KeyAlgorithm::Rsa2048;
    m_ca = std::make_unique<pki::CertificateAuthority>(m_worker, m_sealer, options);
    const pki::PkiStatus initialized = m_ca->ensureInitialized();
    QVERIFY2(initialized.ok(), initialized ? "" : qPrintable(initialized.error().message));

    // The RA: an RSA identity from the issuing CA (persisting it is the CA's business).
    pki::IssueOptions raOptions;
    raOptions.commonName = QStringLiteral("Quince SCEP RA");
    raOptions.kind = pki::CertificateKind::ScepRa;
    auto ra = m_ca->issueClientIdentity(raOptions);
    QVERIFY2(ra.ok(), ra ? "" : qPrintable(ra.error().message));
    m_ra = ra.value();

    m_store = std::make_unique<StorageChallengeStore>(m_worker);
    m_issuer = std::make_unique<CaScepIssuer>(*m_ca);
    ScepServiceConfig config;
    config.caCertificate = m_ca->issuingCertificate();
    config.signerCertificate = m_ra.certificate;
    config.signerKey = m_ra.key;
    config.chain = {m_ca->rootCertificate()};
    auto service = ScepService::create(config, *m_issuer, *m_store);
    QVERIFY2(service.ok(), service ? "" : qPrintable(service.error().message));
    m_service = std::move(service.value());
}

void TestScepWithCa::cleanupTestCase()
{
    m_service.reset();
    m_issuer.reset();
    m_store.reset();
    m_ca.reset();
    m_worker.stop();
}

void TestScepWithCa::getCaCertCarriesTheChain()
{
    const ScepResponse response = m_service->handle(HttpMethod::Get, QByteArrayLiteral("operation=GetCACert"), {});
    QCOMPARE(response.statusCode, 200);
    QCOMPARE(response.contentType, QByteArray("application/x-x509-ca-ra-cert"));
    if (!hasOpenssl())
        QSKIP("openssl command not found");
    const ProcessResult printed = runOpenssl(
        {QStringLiteral("pkcs7"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-print_certs")},
        response.body);
    QCOMPARE(printed.exitCode, 0);
    auto certificates = pki::Certificate::listFromPem(printed.output);
    QVERIFY(certificates);
    QCOMPARE(certificates->size(), 3);
    QVERIFY(certificates->contains(m_ca->issuingCertificate()));
    QVERIFY(certificates->contains(m_ca->rootCertificate()));
    QVERIFY(certificates->contains(m_ra.certificate));
}

void TestScepWithCa::enrollAndRenew()
{
    auto challenge = m_store->create(QStringLiteral("enrollment:test"));
    QVERIFY(challenge);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = challenge->challenge;
    spec.cipher = "DES-CBC";
    const ScepResponse response = m_service->handle(
        HttpMethod::Post, QByteArrayLiteral("operation=PKIOperation"), client.buildRequest(spec, m_ra.certificate));
    QCOMPARE(response.statusCode, 200);
    const Reply reply = client.readReply(response.body, m_ra.certificate);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, 0);
    QCOMPARE(reply.issued.publicKeyDer(), client.key().publicKeyDer());

    // Recorded in the inventory as a device identity.
    int recorded = 0;
    const QString sha256 = reply.issued.sha256Hex();
    const storage::StorageStatus read = m_worker.writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto query = db.exec(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE kind = 'device_identity' AND "
                                            "lower(sha256) = lower(?)"),
            {sha256});
        if (!query)
            return query.error();
        recorded = query->next() ? query->value(0).toInt() : 0;
        return {};
    });
    QVERIFY(read.ok());
    QCOMPARE(recorded, 1);

    // Renewal with the issued certificate.
    ScepTestClient renewing(client.key(), reply.issued);
    RequestSpec renewal;
    renewal.messageType = static_cast<int>(MessageType::RenewalReq);
    renewal.csrKey = pki::PrivateKey::generateRsa(2048).value();
    const Reply renewed = renewing.readReply(
        m_service->pkiOperation(renewing.buildRequest(renewal, m_ra.certificate)).body, m_ra.certificate);
    QVERIFY2(renewed.signatureValid, qPrintable(renewed.error));
    QCOMPARE(renewed.pkiStatus, 0);
    QCOMPARE(renewed.issued.publicKeyDer(), renewal.csrKey.publicKeyDer());

    if (!hasOpenssl())
        QSKIP("openssl command not found");
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("root.pem")), m_ca->rootCertificate().toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("issuing.pem")), m_ca->issuingCertificate().toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("device.pem")), reply.issued.toPem()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("renewed.pem")), renewed.issued.toPem()));
    const ProcessResult verified = runOpenssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
        dir.filePath(QStringLiteral("root.pem")), QStringLiteral("-untrusted"),
        dir.filePath(QStringLiteral("issuing.pem")), QStringLiteral("-purpose"), QStringLiteral("sslclient"),
        dir.filePath(QStringLiteral("device.pem")), dir.filePath(QStringLiteral("renewed.pem"))});
    QVERIFY2(verified.exitCode == 0, verified.output.constData());
}

QTEST_GUILESS_MAIN(TestScepWithCa)
#include "tst_ScepWithCa.moc"

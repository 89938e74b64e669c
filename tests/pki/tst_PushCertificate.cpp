// SPDX-License-Identifier: GPL-3.0-or-later
// The push certificate's life cycle against a real SQLite file, with the real openssl command
// playing Apple's push certificate portal: request, import (PEM, DER, PKCS#12), renewals.
#include "PushTestSupport.h"

#include "core/pki/PushCertificateStore.h"
#include "core/pki/PushIdentityMonitor.h"
#include "core/storage/Database.h"

#include <QDir>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::pushtest;

namespace {

QString newTopic()
{
    return PushCertificate::topicPrefix() + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QStringList dump(storage::Database& db, const QString& sql)
{
    QStringList rows;
    auto query = db.exec(sql);
    if (!query)
        return {query.error().toString()};
    while (query->next()) {
        QStringList fields;
        for (int i = 0; i < query->record().count(); ++i)
            fields.append(query->value(i).toString());
        rows.append(fields.join(u'|'));
    }
    return rows;
}

} // namespace

class TestPushCertificate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void requestIsVerifiableRsa2048AndKeySealed();
    void importIssuedCertificate_data();
    void importIssuedCertificate();
    void importPkcs12_data();
    void importPkcs12();
    void pkcs12WrongPassword();
    void certificateForAnotherKeyIsKeyMismatch();
    void certificateWithoutPushTopicIsRefused_data();
    void certificateWithoutPushTopicIsRefused();
    void brokenFilesAreMalformed_data();
    void brokenFilesAreMalformed();
    void sameCertificateTwiceIsAlreadyImported();
    void sameTopicRenewalSupersedes();
    void renewalOfTheSameCsrFindsTheKey();
    void otherTopicRenewalIsRefusedAndChangesNothing();
    void monitorFollowsRenewals();
    void topicForm_data();
    void topicForm();

private:
    /// Our request, written as push.csr (PEM) in the work directory.
    QString makeRequest(const QString& name = QStringLiteral("push.csr"));
    /// "Apple" signs csrPath with a push subject of topic (or subject, when given), as PEM.
    QString issue(const QString& csrPath, const QString& topic, const QString& outName, const QString& subject = {});
    PushResult<PushCertificate> importFile(const QString& path, const QByteArray& password = {});
    QString path(const QString& name) const { return m_work->filePath(name); }

    std::optional<QTemporaryDir> m_work;
    std::optional<storage::Database> m_db;
    TestSealer m_sealer;
    std::optional<PushCertificateStore> m_store;
    int m_serial = 100;
};

void TestPushCertificate::initTestCase()
{
    if (openSslProgram().isEmpty())
        QSKIP("the openssl command is needed to play Apple's portal and to check what Quince makes");
}

void TestPushCertificate::init()
{
    m_work.emplace();
    QVERIFY(m_work->isValid());
    auto db = storage::Database::openWriter(path(storage::Database::databaseFileName()));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().toString()));
    m_db.emplace(std::move(*db));
    m_store.emplace(m_sealer);
    // The stand-in for Apple's push certificate CA.
    const Run ca = openSsl(
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("apple.key"), QStringLiteral("-out"),
            QStringLiteral("apple.pem"), QStringLiteral("-subj"),
            QStringLiteral("/CN=Test Apple Application Integration CA"), QStringLiteral("-days"), QStringLiteral("30")},
        m_work->path());
    QVERIFY2(ca.ok, qPrintable(ca.describe()));
}

void TestPushCertificate::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_work.reset();
}

QString TestPushCertificate::makeRequest(const QString& name)
{
    PushResult<CertificateRequest> csr = m_store->createRequest(*m_db, QStringLiteral("Test Org"));
    if (!csr) {
        qWarning("%s", qPrintable(csr.error().message));
        return {};
    }
    return writeFile(path(name), csr->toPem()) ? path(name) : QString();
}

QString TestPushCertificate::issue(
    const QString& csrPath, const QString& topic, const QString& outName, const QString& subject)
{
    const QString uuid = topic.mid(PushCertificate::topicPrefix().size());
    const QString subj = subject.isEmpty() ? QStringLiteral("/UID=%1/CN=APSP:%2/C=US").arg(topic, uuid) : subject;
    const Run run = openSsl(
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csrPath, QStringLiteral("-CA"),
            QStringLiteral("apple.pem"), QStringLiteral("-CAkey"), QStringLiteral("apple.key"),
            QStringLiteral("-set_serial"), QString::number(++m_serial), QStringLiteral("-days"), QStringLiteral("365"),
            QStringLiteral("-subj"), subj, QStringLiteral("-out"), outName},
        m_work->path());
    if (!run.ok) {
        qWarning("%s", qPrintable(run.describe()));
        return {};
    }
    return path(outName);
}

PushResult<PushCertificate> TestPushCertificate::importFile(const QString& filePath, const QByteArray& password)
{
    return m_store->importCertificate(*m_db, readFile(filePath), password);
}

void TestPushCertificate::requestIsVerifiableRsa2048AndKeySealed()
{
    const QString csrPath = makeRequest();
    QVERIFY(!csrPath.isEmpty());

    // openssl accepts the request's self-signature, and it is SHA-256 over an RSA 2048 key.
    const Run verify = openSsl({QStringLiteral("req"), QStringLiteral("-in"), csrPath, QStringLiteral("-verify"),
                                   QStringLiteral("-noout"), QStringLiteral("-text")},
        m_work->path());
    QVERIFY2(verify.ok, qPrintable(verify.describe()));
    QVERIFY2(verify.out.contains("Public-Key: (2048 bit)"), verify.out.constData());
    QVERIFY(verify.out.contains("sha256WithRSAEncryption"));
    QVERIFY(verify.out.contains("CN = Quince Push"));
    QVERIFY(verify.out.contains("O = Test Org"));

    // The key sits sealed in certificate_requests; opened, it is the CSR's key.
    auto row = m_db->exec(QStringLiteral("SELECT kind, csr_der, private_key_sealed, fulfilled_at "
                                         "FROM certificate_requests"));
    QVERIFY(row && row->next());
    QCOMPARE(row->value(0).toString(), QStringLiteral("push"));
    QVERIFY(row->value(3).isNull());
    PkiResult<CertificateRequest> csr = CertificateRequest::fromDer(row->value(1).toByteArray());
    QVERIFY(csr);
    const QByteArray sealed = row->value(2).toByteArray();
    Result<QByteArray> pkcs8 = m_sealer.open(sealed, PushCertificateStore::sealingContext(csr->publicKeyDer()));
    QVERIFY(pkcs8);
    PkiResult<PrivateKey> key = PrivateKey::fromDer(*pkcs8);
    QVERIFY(key);
    QCOMPARE(key->type(), PrivateKey::Type::Rsa);
    QCOMPARE(key->bits(), 2048);
    QCOMPARE(key->publicKeyDer(), csr->publicKeyDer());
    // Under another context the sealed key does not open (a copied row stays useless).
    QVERIFY(!m_sealer.open(sealed, QStringLiteral("pki/push-key/other")));

    // Neither the database nor its WAL holds the key in the clear, whole or in part.
    m_db.reset();
    QByteArray files;
    for (const QString& name : QDir(m_work->path()).entryList({QStringLiteral("quince.sqlite3*")}, QDir::Files))
        files += readFile(path(name));
    QVERIFY(files.contains(csr->toDer())); // the grep itself works: the public CSR is there
    QVERIFY(!files.contains(*pkcs8));
    QVERIFY(!files.contains(pkcs8->mid(pkcs8->size() / 2, 64)));
    QVERIFY(!files.contains(key->toPem().mid(40, 64)));
}

void TestPushCertificate::importIssuedCertificate_data()
{
    QTest::addColumn<bool>("der");
    QTest::newRow("PEM") << false;
    QTest::newRow("DER") << true;
}

void TestPushCertificate::importIssuedCertificate()
{
    QFETCH(bool, der);
    const QString topic = newTopic();
    QString certPath = issue(makeRequest(), topic, QStringLiteral("push.pem"));
    QVERIFY(!certPath.isEmpty());
    if (der) {
        const Run convert
            = openSsl({QStringLiteral("x509"), QStringLiteral("-in"), certPath, QStringLiteral("-outform"),
                          QStringLiteral("DER"), QStringLiteral("-out"), QStringLiteral("push.cer")},
                m_work->path());
        QVERIFY2(convert.ok, qPrintable(convert.describe()));
        certPath = path(QStringLiteral("push.cer"));
    }

    PushResult<PushCertificate> imported = importFile(certPath);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->topic(), topic);
    QVERIFY(imported->hasPrivateKey());
    QVERIFY(imported->certificate().matches(imported->privateKey()));

    // The expiry is the certificate's notAfter, as openssl reads it.
    const Run endDate = openSsl(
        {QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("push.pem")), QStringLiteral("-noout"),
            QStringLiteral("-enddate"), QStringLiteral("-dateopt"), QStringLiteral("iso_8601")},
        m_work->path());
    QVERIFY2(endDate.ok, qPrintable(endDate.describe()));
    QDateTime expected = QDateTime::fromString(
        QString::fromLatin1(endDate.out.trimmed().mid(9)), QStringLiteral("yyyy-MM-dd HH:mm:ss'Z'"));
    expected.setTimeSpec(Qt::UTC);
    QVERIFY(expected.isValid());
    QCOMPARE(imported->expiresAt(), expected);

    // Stored: active push row with its topic and a sealed key; the request is fulfilled.
    QCOMPARE(dump(*m_db,
                 QStringLiteral("SELECT kind, status, topic, private_key_sealed IS NOT NULL, not_after "
                                "FROM certificates")),
        QStringList {QStringLiteral("push|active|%1|1|%2").arg(topic).arg(expected.toMSecsSinceEpoch())});
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT fulfilled_at IS NOT NULL FROM certificate_requests")),
        QStringList {QStringLiteral("1")});

    // What the APNs client will get.
    PushResult<std::optional<PushCertificate>> active = m_store->activeIdentity(*m_db);
    QVERIFY(active && active->has_value());
    QCOMPARE((*active)->topic(), topic);
    QCOMPARE((*active)->certificate(), imported->certificate());
    QCOMPARE((*active)->privateKey().publicKeyDer(), imported->certificate().publicKeyDer());
}

void TestPushCertificate::importPkcs12_data()
{
    QTest::addColumn<QStringList>("exportOptions");
    QTest::addColumn<QByteArray>("password");
    QTest::newRow("AES (OpenSSL 3 default)") << QStringList() << QByteArray("s3cret pass");
    // What older macOS Keychain Access exports: RC2/3DES from the legacy provider.
    QTest::newRow("legacy RC2/3DES") << QStringList {QStringLiteral("-legacy")} << QByteArray("s3cret pass");
    QTest::newRow("empty password") << QStringList() << QByteArray();
}

void TestPushCertificate::importPkcs12()
{
    QFETCH(QStringList, exportOptions);
    QFETCH(QByteArray, password);
    // A key Quince never saw: the PKCS#12 brings it (e.g. moved from another MDM server).
    const Run request = openSsl(
        {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("other.key"), QStringLiteral("-out"),
            QStringLiteral("other.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Elsewhere")},
        m_work->path());
    QVERIFY2(request.ok, qPrintable(request.describe()));
    const QString topic = newTopic();
    QVERIFY(!issue(path(QStringLiteral("other.csr")), topic, QStringLiteral("other.pem")).isEmpty());
    const Run p12 = openSsl(
        QStringList {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"),
            QStringLiteral("other.key"), QStringLiteral("-in"), QStringLiteral("other.pem"), QStringLiteral("-passout"),
            QStringLiteral("pass:") + QString::fromUtf8(password), QStringLiteral("-out"), QStringLiteral("push.p12")}
            + exportOptions,
        m_work->path());
    QVERIFY2(p12.ok, qPrintable(p12.describe()));

    PushResult<PushCertificate> imported = importFile(path(QStringLiteral("push.p12")), password);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->topic(), topic);
    QCOMPARE(imported->privateKey().toPkcs8Der(),
        PrivateKey::fromPem(readFile(path(QStringLiteral("other.key"))))->toPkcs8Der());
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT status, topic FROM certificates")),
        QStringList {QStringLiteral("active|") + topic});
    PushResult<std::optional<PushCertificate>> active = m_store->activeIdentity(*m_db);
    QVERIFY(active && active->has_value() && (*active)->certificate().matches((*active)->privateKey()));
}

void TestPushCertificate::pkcs12WrongPassword()
{
    const QString certPath = issue(makeRequest(), newTopic(), QStringLiteral("push.pem"));
    QVERIFY(!certPath.isEmpty());
    // The request's key, exported by hand, so the PKCS#12 is otherwise perfectly importable.
    auto sealed = m_db->exec(QStringLiteral("SELECT csr_der, private_key_sealed FROM certificate_requests"));
    QVERIFY(sealed && sealed->next());
    const QByteArray spki = CertificateRequest::fromDer(sealed->value(0).toByteArray())->publicKeyDer();
    Result<QByteArray> pkcs8
        = m_sealer.open(sealed->value(1).toByteArray(), PushCertificateStore::sealingContext(spki));
    QVERIFY(pkcs8);
    QVERIFY(writeFile(path(QStringLiteral("push.key")), PrivateKey::fromDer(*pkcs8)->toPem()));
    const Run p12 = openSsl({QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"),
                                QStringLiteral("push.key"), QStringLiteral("-in"), certPath, QStringLiteral("-passout"),
                                QStringLiteral("pass:right"), QStringLiteral("-out"), QStringLiteral("push.p12")},
        m_work->path());
    QVERIFY2(p12.ok, qPrintable(p12.describe()));

    for (const QByteArray& wrong : {QByteArray("wrong"), QByteArray(), QByteArray("righ")}) {
        PushResult<PushCertificate> refused = importFile(path(QStringLiteral("push.p12")), wrong);
        QVERIFY(!refused);
        QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("WrongPassword"));
    }
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT COUNT(*) FROM certificates")), QStringList {QStringLiteral("0")});
    QVERIFY(importFile(path(QStringLiteral("push.p12")), "right"));
}

void TestPushCertificate::certificateForAnotherKeyIsKeyMismatch()
{
    QVERIFY(!makeRequest().isEmpty()); // a pending request exists, but for another key
    const Run request = openSsl(
        {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("stranger.key"), QStringLiteral("-out"),
            QStringLiteral("stranger.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Stranger")},
        m_work->path());
    QVERIFY2(request.ok, qPrintable(request.describe()));
    const QString certPath = issue(path(QStringLiteral("stranger.csr")), newTopic(), QStringLiteral("stranger.pem"));

    PushResult<PushCertificate> refused = importFile(certPath);
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("KeyMismatch"));

    // A PEM that brings a key, but not the certificate's, is refused the same way.
    QVERIFY(
        writeFile(path(QStringLiteral("mixed.pem")), readFile(certPath) + readFile(path(QStringLiteral("apple.key")))));
    refused = importFile(path(QStringLiteral("mixed.pem")));
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("KeyMismatch"));
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT COUNT(*) FROM certificates")), QStringList {QStringLiteral("0")});
}

void TestPushCertificate::certificateWithoutPushTopicIsRefused_data()
{
    QTest::addColumn<QString>("subject");
    QTest::newRow("no UID") << QStringLiteral("/CN=APSP:whatever/C=US");
    QTest::newRow("app push UID") << QStringLiteral("/UID=com.example.app/CN=Apple Push Services: com.example.app");
    QTest::newRow("mgmt prefix, not a UUID")
        << QStringLiteral("/UID=com.apple.mgmt.External.not-a-uuid/CN=APSP:not-a-uuid");
    QTest::newRow("UUID in braces") << QStringLiteral(
        "/UID=com.apple.mgmt.External.{0b2f7c1e-9a63-4a0e-8f1e-5d1c2b3a4f5e}/CN=APSP");
}

void TestPushCertificate::certificateWithoutPushTopicIsRefused()
{
    QFETCH(QString, subject);
    const QString certPath = issue(makeRequest(), QString(), QStringLiteral("push.pem"), subject);
    QVERIFY(!certPath.isEmpty());
    PushResult<PushCertificate> refused = importFile(certPath);
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("NotPushCertificate"));
    QVERIFY(
        refused.error().message.contains(PushCertificate::topicPrefix()) || refused.error().message.contains(u"UID"));
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT COUNT(*) FROM certificates")), QStringList {QStringLiteral("0")});
}

void TestPushCertificate::brokenFilesAreMalformed_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("garbage") << QStringLiteral("garbage.bin");
    QTest::newRow("empty") << QStringLiteral("empty.pem");
    QTest::newRow("truncated PEM") << QStringLiteral("truncated.pem");
    QTest::newRow("truncated DER") << QStringLiteral("truncated.der");
}

void TestPushCertificate::brokenFilesAreMalformed()
{
    QFETCH(QString, fixture);
    const QString fixturePath = QStringLiteral(QUINCE_TEST_DATA_DIR "/pki/push/") + fixture;
    QVERIFY(QFile::exists(fixturePath));
    PushResult<PushCertificate> refused = importFile(fixturePath, "password");
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("Malformed"));
}

void TestPushCertificate::sameCertificateTwiceIsAlreadyImported()
{
    const QString certPath = issue(makeRequest(), newTopic(), QStringLiteral("push.pem"));
    QVERIFY(importFile(certPath));
    PushResult<PushCertificate> again = importFile(certPath);
    QVERIFY(!again);
    QCOMPARE(errorKindName(again.error().kind), QStringLiteral("AlreadyImported"));
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT status FROM certificates")), QStringList {QStringLiteral("active")});
}

void TestPushCertificate::sameTopicRenewalSupersedes()
{
    const QString topic = newTopic();
    const QString first = issue(makeRequest(QStringLiteral("first.csr")), topic, QStringLiteral("first.pem"));
    QVERIFY(importFile(first));
    // The renewal comes from a fresh request (a new key), for the same topic.
    const QString second = issue(makeRequest(QStringLiteral("second.csr")), topic, QStringLiteral("second.pem"));
    PushResult<PushCertificate> renewed = importFile(second);
    QVERIFY2(renewed, qPrintable(renewed ? QString() : renewed.error().message));

    const QString firstSha = Certificate::fromPem(readFile(first))->sha256Hex();
    const QString secondSha = Certificate::fromPem(readFile(second))->sha256Hex();
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT sha256, status, topic FROM certificates ORDER BY id")),
        (QStringList {
            firstSha + QStringLiteral("|superseded|") + topic, secondSha + QStringLiteral("|active|") + topic}));
    PushResult<std::optional<PushCertificate>> active = m_store->activeIdentity(*m_db);
    QVERIFY(active && active->has_value());
    QCOMPARE((*active)->certificate().sha256Hex(), secondSha);
    QVERIFY((*active)->certificate().matches((*active)->privateKey()));
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT COUNT(*) FROM certificate_requests WHERE fulfilled_at IS NULL")),
        QStringList {QStringLiteral("0")});
}

void TestPushCertificate::renewalOfTheSameCsrFindsTheKey()
{
    // Apple's portal lets the operator renew with the CSR uploaded last time: same key.
    const QString topic = newTopic();
    const QString csrPath = makeRequest();
    QVERIFY(importFile(issue(csrPath, topic, QStringLiteral("first.pem"))));
    PushResult<PushCertificate> renewed = importFile(issue(csrPath, topic, QStringLiteral("second.pem")));
    QVERIFY2(renewed, qPrintable(renewed ? QString() : renewed.error().message));
    QCOMPARE(dump(*m_db, QStringLiteral("SELECT status FROM certificates ORDER BY id")),
        (QStringList {QStringLiteral("superseded"), QStringLiteral("active")}));
}

void TestPushCertificate::otherTopicRenewalIsRefusedAndChangesNothing()
{
    const QString activeTopic = newTopic();
    QVERIFY(importFile(issue(makeRequest(QStringLiteral("first.csr")), activeTopic, QStringLiteral("first.pem"))));
    const QString otherTopic = newTopic();
    const QString other = issue(makeRequest(QStringLiteral("second.csr")), otherTopic, QStringLiteral("second.pem"));

    const QString certificatesSql = QStringLiteral("SELECT * FROM certificates ORDER BY id");
    const QString requestsSql = QStringLiteral("SELECT * FROM certificate_requests ORDER BY id");
    const QStringList certificatesBefore = dump(*m_db, certificatesSql);
    const QStringList requestsBefore = dump(*m_db, requestsSql);

    PushResult<PushCertificate> refused = importFile(other);
    QVERIFY(!refused);
    QCOMPARE(errorKindName(refused.error().kind), QStringLiteral("TopicChanged"));
    QCOMPARE(refused.error().activeTopic, activeTopic);
    QCOMPARE(refused.error().newTopic, otherTopic);
    QVERIFY2(refused.error().message.contains(activeTopic) && refused.error().message.contains(otherTopic),
        qPrintable(refused.error().message));

    QCOMPARE(dump(*m_db, certificatesSql), certificatesBefore);
    QCOMPARE(dump(*m_db, requestsSql), requestsBefore);
    PushResult<std::optional<PushCertificate>> active = m_store->activeIdentity(*m_db);
    QVERIFY(active && active->has_value());
    QCOMPARE((*active)->topic(), activeTopic);
}

void TestPushCertificate::monitorFollowsRenewals()
{
    PushIdentityMonitor monitor(*m_store);
    QSignalSpy changed(&monitor, &PushIdentityMonitor::identityChanged);
    PushResult<bool> reloaded = monitor.reload(*m_db);
    QVERIFY(reloaded && !*reloaded);
    QVERIFY(!monitor.current());
    QCOMPARE(monitor.generation(), quint64(0));

    const QString topic = newTopic();
    QVERIFY(importFile(issue(makeRequest(QStringLiteral("first.csr")), topic, QStringLiteral("first.pem"))));
    reloaded = monitor.reload(*m_db);
    QVERIFY(reloaded && *reloaded);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(monitor.generation(), quint64(1));
    QVERIFY(monitor.current() && monitor.current()->topic() == topic);
    const QString firstSha = monitor.current()->certificate().sha256Hex();

    // Nothing changed: no signal, same generation.
    reloaded = monitor.reload(*m_db);
    QVERIFY(reloaded && !*reloaded);
    QCOMPARE(changed.count(), 1);

    QVERIFY(importFile(issue(makeRequest(QStringLiteral("second.csr")), topic, QStringLiteral("second.pem"))));
    reloaded = monitor.reload(*m_db);
    QVERIFY(reloaded && *reloaded);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().first().toULongLong(), quint64(2));
    QVERIFY(monitor.current()->certificate().sha256Hex() != firstSha);
    QVERIFY(monitor.current()->hasPrivateKey());
}

void TestPushCertificate::topicForm_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("valid");
    QTest::newRow("Apple's form") << QStringLiteral("com.apple.mgmt.External.0b2f7c1e-9a63-4a0e-8f1e-5d1c2b3a4f5e")
                                  << true;
    QTest::newRow("upper-case hex") << QStringLiteral("com.apple.mgmt.External.0B2F7C1E-9A63-4A0E-8F1E-5D1C2B3A4F5E")
                                    << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("prefix only") << QStringLiteral("com.apple.mgmt.External.") << false;
    QTest::newRow("trailing text") << QStringLiteral("com.apple.mgmt.External.0b2f7c1e-9a63-4a0e-8f1e-5d1c2b3a4f5e.x")
                                   << false;
    QTest::newRow("other prefix") << QStringLiteral("com.apple.mgmt.Internal.0b2f7c1e-9a63-4a0e-8f1e-5d1c2b3a4f5e")
                                  << false;
}

void TestPushCertificate::topicForm()
{
    QFETCH(QString, topic);
    QFETCH(bool, valid);
    QCOMPARE(PushCertificate::isValidTopic(topic), valid);
}

QTEST_GUILESS_MAIN(TestPushCertificate)
#include "tst_PushCertificate.moc"

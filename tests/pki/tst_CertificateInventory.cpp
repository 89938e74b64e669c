// SPDX-License-Identifier: GPL-3.0-or-later
// The certificate inventory, its expiry warnings, and `quincectl certs list` on a real database.
#include "CaTestSupport.h"
#include "QuincectlPath.h"

#include "core/pki/CaStore.h"
#include "core/pki/CertificateAuthority.h"
#include "core/pki/CertificateBuilder.h"
#include "core/pki/CertificateInventory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::test;

class TestCertificateInventory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsEveryCertificateWithItsIssuerAndDependents();
    void warnsAtTheDefaultThresholds();
    void thresholdsAreConfigurable();
    void quincectlListsCertificatesAsText();
    void quincectlListsCertificatesAsJson();
    void quincectlFailsWithOneLine();
    void thresholdsParse_data();
    void thresholdsParse();
    void quincectlUsesConfiguredThresholds();

private:
    const InventoryItem* find(const QString& commonName) const;
    storage::StorageStatus insert(const Certificate& cert, CertificateKind kind);

    QTemporaryDir m_dir;
    TestSealer m_sealer;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::unique_ptr<CertificateAuthority> m_ca;
    QList<InventoryItem> m_items;
    QDateTime m_now;
};

storage::StorageStatus TestCertificateInventory::insert(const Certificate& cert, CertificateKind kind)
{
    return m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        CertificateRecord record;
        record.kind = kind;
        record.certificate = cert;
        auto id = CaStore::insert(db, record);
        if (!id)
            return id.error();
        return {};
    });
}

void TestCertificateInventory::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_worker = startWorker(m_dir.path());
    QVERIFY(m_worker);
    CaOptions options;
    options.label = QStringLiteral("inventory");
    options.caKeyAlgorithm = KeyAlgorithm::EcP256;
    m_ca = std::make_unique<CertificateAuthority>(*m_worker, m_sealer, options);
    QVERIFY(m_ca->ensureInitialized());
    QVERIFY(m_ca->ensureTlsServerIdentity({QStringLiteral("old.example.com")}));
    QVERIFY(m_ca->ensureTlsServerIdentity({QStringLiteral("mdm.example.com")})); // supersedes the old one

    // Device certificates with controlled lifetimes: 45, 20, 10 and 2 days.
    auto key = PrivateKey::generateEcP256();
    QVERIFY(key);
    for (const int days : {45, 20, 10, 2}) {
        IssueOptions issue;
        issue.commonName = QStringLiteral("device-%1d").arg(days);
        issue.validityDays = days;
        issue.deviceUdid = QStringLiteral("UDID-%1").arg(days);
        QVERIFY(m_ca->issueClientCertificate(key->publicKeyDer(), issue));
    }

    // Certificates Quince holds but did not issue (a push certificate from "Apple", an expired
    // vendor certificate), made with the builder under a CA of the test's own.
    auto otherKey = PrivateKey::generateEcP256();
    QVERIFY(otherKey);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto apple = CertificateBuilder(CertificateBuilder::Profile::RootCa)
                     .setSubject({{QStringLiteral("CN"), QStringLiteral("Test Apple CA")}})
                     .setValidity(now.addDays(-400), now.addDays(400))
                     .selfSign(*otherKey);
    QVERIFY2(apple, why(apple).constData());
    auto push = CertificateBuilder(CertificateBuilder::Profile::TlsClient)
                    .setSubject({{QStringLiteral("UID"), QStringLiteral("com.apple.mgmt.External.1234")},
                        {QStringLiteral("CN"), QStringLiteral("APSP:1234")}})
                    .setPublicKey(key->publicKeyDer())
                    .setValidity(now.addDays(-360), now.addSecs(5 * 3600)) // expires today
                    .sign(*apple, *otherKey);
    QVERIFY2(push, why(push).constData());
    auto vendor = CertificateBuilder(CertificateBuilder::Profile::TlsClient)
                      .setSubject({{QStringLiteral("CN"), QStringLiteral("MDM Vendor: Test")}})
                      .setPublicKey(key->publicKeyDer())
                      .setValidity(now.addDays(-400), now.addDays(-3))
                      .sign(*apple, *otherKey);
    QVERIFY2(vendor, why(vendor).constData());
    QVERIFY(insert(*push, CertificateKind::Push));
    QVERIFY(insert(*vendor, CertificateKind::Vendor));

    QVERIFY(m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto items = CertificateInventory::load(db);
        if (!items)
            return items.error();
        m_items = *items;
        return {};
    }));
    m_now = QDateTime::currentDateTimeUtc();
}

const InventoryItem* TestCertificateInventory::find(const QString& commonName) const
{
    for (const InventoryItem& item : m_items) {
        if (item.certificate.commonName() == commonName)
            return &item;
    }
    return nullptr;
}

void TestCertificateInventory::listsEveryCertificateWithItsIssuerAndDependents()
{
    // root, issuing, 2 TLS, 4 devices, push, vendor
    QCOMPARE(m_items.size(), 10);
    const InventoryItem* root = find(QStringLiteral("Quince Root CA (inventory)"));
    const InventoryItem* issuing = find(QStringLiteral("Quince Issuing CA (inventory)"));
    const InventoryItem* tls = find(QStringLiteral("mdm.example.com"));
    const InventoryItem* oldTls = find(QStringLiteral("old.example.com"));
    const InventoryItem* device = find(QStringLiteral("device-20d"));
    const InventoryItem* push = find(QStringLiteral("APSP:1234"));
    QVERIFY(root && issuing && tls && oldTls && device && push);

    QCOMPARE(root->kind, CertificateKind::RootCa);
    QVERIFY(!root->issuerId);
    QCOMPARE(issuing->issuerId, std::optional<qint64>(root->id));
    QCOMPARE(tls->issuerId, std::optional<qint64>(issuing->id));
    QCOMPARE(device->issuerId, std::optional<qint64>(issuing->id));
    QVERIFY(!push->issuerId); // its CA is not stored

    QVERIFY(root->hasPrivateKey && issuing->hasPrivateKey && tls->hasPrivateKey);
    QVERIFY(!device->hasPrivateKey);
    QCOMPARE(tls->status, CertificateStatus::Active);
    QCOMPARE(oldTls->status, CertificateStatus::Superseded);

    QVERIFY2(root->dependents.startsWith(QStringLiteral("everything")), qPrintable(root->dependents));
    QCOMPARE(issuing->dependents, QStringLiteral("1 TLS server certificate(s), 4 device identity certificate(s)"));
    QVERIFY2(tls->dependents.contains(QStringLiteral("HTTPS listener")), qPrintable(tls->dependents));
    QCOMPARE(device->dependents, QStringLiteral("device UDID-20"));
    QVERIFY2(push->dependents.contains(QStringLiteral("every enrolled device")), qPrintable(push->dependents));
    QVERIFY2(oldTls->dependents.startsWith(QStringLiteral("nothing")), qPrintable(oldTls->dependents));

    QCOMPARE(device->serialHex(), device->certificate.serialHex());
    QCOMPARE(device->daysLeft(m_now), 19); // 20 days from a notBefore five minutes ago
}

void TestCertificateInventory::warnsAtTheDefaultThresholds()
{
    const QList<ExpiryWarning> warnings = CertificateInventory::expiryWarnings(m_items, m_now);
    QHash<QString, ExpiryWarning> byName;
    for (const ExpiryWarning& warning : warnings)
        byName.insert(warning.certificate.certificate.commonName(), warning);
    QCOMPARE(byName.size(), warnings.size());

    // 44 days left: nothing; 19: past 30; 9: past 14; 1: past 3; the push certificate's 0: past 3;
    // the vendor certificate: expired.
    QVERIFY(!byName.contains(QStringLiteral("device-45d")));
    QCOMPARE(byName.value(QStringLiteral("device-20d")).threshold, 30);
    QCOMPARE(byName.value(QStringLiteral("device-20d")).severity, ExpirySeverity::Notice);
    QCOMPARE(byName.value(QStringLiteral("device-10d")).threshold, 14);
    QCOMPARE(byName.value(QStringLiteral("device-10d")).severity, ExpirySeverity::Warning);
    QCOMPARE(byName.value(QStringLiteral("device-10d")).daysLeft, 9);
    QCOMPARE(byName.value(QStringLiteral("device-2d")).threshold, 3);
    QCOMPARE(byName.value(QStringLiteral("device-2d")).severity, ExpirySeverity::Critical);
    QCOMPARE(byName.value(QStringLiteral("APSP:1234")).severity, ExpirySeverity::Critical);
    QCOMPARE(byName.value(QStringLiteral("APSP:1234")).daysLeft, 0);
    QCOMPARE(byName.value(QStringLiteral("MDM Vendor: Test")).severity, ExpirySeverity::Expired);
    QCOMPARE(byName.value(QStringLiteral("MDM Vendor: Test")).daysLeft, -3);
    // The CAs and the TLS certificate are far from expiry; the superseded TLS one is not watched.
    QVERIFY(!byName.contains(QStringLiteral("mdm.example.com")));
    QVERIFY(!byName.contains(QStringLiteral("old.example.com")));
    QCOMPARE(warnings.size(), 5);
    // Soonest first.
    QCOMPARE(warnings.first().certificate.certificate.commonName(), QStringLiteral("MDM Vendor: Test"));
    QCOMPARE(warnings.last().certificate.certificate.commonName(), QStringLiteral("device-20d"));
    const QString message = byName.value(QStringLiteral("APSP:1234")).message();
    QVERIFY2(message.contains(QStringLiteral("expires in 0 day(s)")) && message.contains(QStringLiteral("Push")),
        qPrintable(message));

    // A month later, the 45-day certificate crosses the 14-day threshold.
    const QList<ExpiryWarning> later = CertificateInventory::expiryWarnings(m_items, m_now.addDays(33));
    bool found = false;
    for (const ExpiryWarning& warning : later) {
        if (warning.certificate.certificate.commonName() == QStringLiteral("device-45d")) {
            found = true;
            QCOMPARE(warning.threshold, 14);
            QCOMPARE(warning.daysLeft, 11);
        }
    }
    QVERIFY(found);
}

void TestCertificateInventory::thresholdsAreConfigurable()
{
    const QList<ExpiryWarning> warnings = CertificateInventory::expiryWarnings(m_items, m_now, {7, 60});
    QHash<QString, ExpiryWarning> byName;
    for (const ExpiryWarning& warning : warnings)
        byName.insert(warning.certificate.certificate.commonName(), warning);
    QCOMPARE(byName.value(QStringLiteral("device-45d")).threshold, 60);
    QCOMPARE(byName.value(QStringLiteral("device-45d")).severity, ExpirySeverity::Notice);
    QCOMPARE(byName.value(QStringLiteral("device-10d")).threshold, 60);
    QCOMPARE(byName.value(QStringLiteral("device-2d")).threshold, 7);
    QCOMPARE(byName.value(QStringLiteral("device-2d")).severity, ExpirySeverity::Critical);
    QVERIFY(CertificateInventory::expiryWarnings(m_items, m_now, {}).size() == 1); // only the expired one
}

void TestCertificateInventory::quincectlListsCertificatesAsText()
{
    const Outcome listed = run(QStringLiteral(QUINCECTL_BIN),
        {QStringLiteral("-d"), m_dir.path(), QStringLiteral("certs"), QStringLiteral("list")});
    QVERIFY2(listed.ok(), listed.both().constData());
    const QString text = QString::fromUtf8(listed.out);
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.first().startsWith(QStringLiteral("KIND")), qPrintable(text));
    for (const QString& column : {QStringLiteral("STATUS"), QStringLiteral("NOT AFTER"), QStringLiteral("DAYS LEFT"),
             QStringLiteral("SERIAL"), QStringLiteral("SUBJECT")})
        QVERIFY2(lines.first().contains(column), qPrintable(lines.first()));
    for (const InventoryItem& item : m_items) {
        bool shown = false;
        for (const QString& line : lines) {
            if (line.contains(item.serialHex()) && line.contains(item.subject())
                && line.contains(item.notAfter().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                && line.contains(toDbValue(item.status)))
                shown = true;
        }
        QVERIFY2(shown, qPrintable(item.subject()));
    }
    QVERIFY2(text.contains(QStringLiteral("Root CA")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("superseded")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("CRITICAL: Push (APNs) certificate \"APSP:1234\" expires in 0 day(s)")),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("EXPIRED: MDM vendor certificate")), qPrintable(text));
    QVERIFY2(listed.err.isEmpty(), listed.err.constData());
}

void TestCertificateInventory::quincectlListsCertificatesAsJson()
{
    const Outcome listed = run(QStringLiteral(QUINCECTL_BIN),
        {QStringLiteral("-d"), m_dir.path(), QStringLiteral("certs"), QStringLiteral("list"),
            QStringLiteral("--json")});
    QVERIFY2(listed.ok(), listed.both().constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(listed.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray certificates = document.object().value(QStringLiteral("certificates")).toArray();
    QCOMPARE(certificates.size(), m_items.size());
    QHash<QString, QJsonObject> bySerial;
    for (const QJsonValue& value : certificates)
        bySerial.insert(value.toObject().value(QStringLiteral("serial")).toString(), value.toObject());
    for (const InventoryItem& item : m_items) {
        const QJsonObject entry = bySerial.value(item.serialHex());
        QCOMPARE(entry.value(QStringLiteral("subject")).toString(), item.subject());
        QCOMPARE(entry.value(QStringLiteral("issuer")).toString(), item.issuer());
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), toDbValue(item.kind));
        QCOMPARE(entry.value(QStringLiteral("status")).toString(), toDbValue(item.status));
        QCOMPARE(entry.value(QStringLiteral("sha256")).toString(), item.certificate.sha256Hex());
        QCOMPARE(
            QDateTime::fromString(entry.value(QStringLiteral("notAfter")).toString(), Qt::ISODate), item.notAfter());
        QVERIFY(qAbs(entry.value(QStringLiteral("daysLeft")).toInt() - item.daysLeft(m_now)) <= 1);
        QCOMPARE(entry.value(QStringLiteral("dependents")).toString(), item.dependents);
    }
    const QJsonArray warnings = document.object().value(QStringLiteral("warnings")).toArray();
    QCOMPARE(warnings.size(), 5);
    QCOMPARE(warnings.first().toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("expired"));
}

void TestCertificateInventory::quincectlFailsWithOneLine()
{
    QTemporaryDir empty;
    const Outcome missing = run(QStringLiteral(QUINCECTL_BIN),
        {QStringLiteral("-d"), empty.path(), QStringLiteral("certs"), QStringLiteral("list")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.out.isEmpty());
    QCOMPARE(missing.err.trimmed().count('\n'), 0);
    QVERIFY2(missing.err.startsWith("quincectl: "), missing.err.constData());

    QVERIFY(writeFile(QDir(empty.path()).filePath(storage::Database::databaseFileName()), "not sqlite"));
    const Outcome garbage = run(QStringLiteral(QUINCECTL_BIN),
        {QStringLiteral("-d"), empty.path(), QStringLiteral("certs"), QStringLiteral("list"),
            QStringLiteral("--json")});
    QCOMPARE(garbage.exitCode, 1);
    QVERIFY(garbage.out.isEmpty());
    QCOMPARE(garbage.err.trimmed().count('\n'), 0);

    const Outcome incomplete
        = run(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("-d"), m_dir.path(), QStringLiteral("certs")});
    QCOMPARE(incomplete.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCertificateInventory)
#include "tst_CertificateInventory.moc"

void TestCertificateInventory::thresholdsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("expected"); // empty: refused
    QTest::newRow("defaults") << QStringLiteral("30,14,3") << QList<int> {30, 14, 3};
    QTest::newRow("spaces") << QStringLiteral(" 45 , 7") << QList<int> {45, 7};
    QTest::newRow("one") << QStringLiteral("1") << QList<int> {1};
    QTest::newRow("empty") << QString() << QList<int> {};
    QTest::newRow("zero") << QStringLiteral("30,0") << QList<int> {};
    QTest::newRow("negative") << QStringLiteral("-3") << QList<int> {};
    QTest::newRow("words") << QStringLiteral("thirty") << QList<int> {};
    QTest::newRow("too far") << QStringLiteral("3651") << QList<int> {};
    QTest::newRow("too many") << QStringLiteral("1,2,3,4,5,6,7,8,9,10,11") << QList<int> {};
}

void TestCertificateInventory::thresholdsParse()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, expected);
    const auto parsed = CertificateInventory::parseThresholds(text);
    if (expected.isEmpty()) {
        QVERIFY(!parsed.has_value());
    } else {
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, expected);
    }
}

void TestCertificateInventory::quincectlUsesConfiguredThresholds()
{
    const QStringList list {QStringLiteral("-d"), m_dir.path(), QStringLiteral("certs"), QStringLiteral("list")};
    // The 45-day device certificate is not within the default 30 days...
    Outcome listed = run(QStringLiteral(QUINCECTL_BIN), list);
    QVERIFY2(listed.ok(), listed.both().constData());
    QVERIFY(!listed.out.contains("\"device-45d\" expires"));
    // ...but is within 60 set in the settings,
    QVERIFY(m_worker->writeAndWait([](storage::Database& db) -> storage::StorageStatus {
        auto set = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)"),
            {CertificateInventory::thresholdsSettingKey(), QStringLiteral("60,7")});
        if (!set)
            return set.error();
        return {};
    }));
    listed = run(QStringLiteral(QUINCECTL_BIN), list);
    QVERIFY2(listed.ok(), listed.both().constData());
    QVERIFY2(listed.out.contains("NOTICE: Device identity certificate \"device-45d\" expires"), listed.out.constData());
    // ...and --warn-days wins over the setting.
    listed
        = run(QStringLiteral(QUINCECTL_BIN), list + QStringList {QStringLiteral("--warn-days"), QStringLiteral("5")});
    QVERIFY2(listed.ok(), listed.both().constData());
    QVERIFY(!listed.out.contains("\"device-45d\" expires"));
    QVERIFY(listed.out.contains("\"device-2d\" expires"));
    const Outcome bad = run(
        QStringLiteral(QUINCECTL_BIN), list + QStringList {QStringLiteral("--warn-days"), QStringLiteral("soon")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("--warn-days"));
    QVERIFY(m_worker->writeAndWait([](storage::Database& db) -> storage::StorageStatus {
        auto removed = db.exec(
            QStringLiteral("DELETE FROM settings WHERE key = ?"), {CertificateInventory::thresholdsSettingKey()});
        if (!removed)
            return removed.error();
        return {};
    }));
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The certificates page, offscreen, over a real store with a real CA: every certificate with its
// countdown and dependents, warnings colored, and the push certificate flow — a request the real
// openssl accepts, Apple's answer imported as PEM (key from the request) and as a password-
// protected PKCS#12, and a certificate for another topic refused with advice.
#include "core/pki/CertificateBuilder.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/Pkcs12.h"
#include "core/pki/PrivateKey.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "tests/enrollment/EnrollmentFixture.h"
#include "tests/support/TestSupport.h"
#include "ui/Translations.h"
#include "ui/certificates/CertificateListModel.h"
#include "ui/certificates/CertificatesPage.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace quince;
using quince::ui::CertificateListModel;
using quince::ui::CertificatesPage;

class TestCertificatesPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listsEveryCertificateWithWhatDependsOnIt();
    void expiringCertificatesAreColored();
    void requestThenImportApplesAnswer();
    void pkcs12AsksForItsPassword();
    void anotherTopicIsRefusedWithAdvice();

private:
    int rowOfKind(pki::CertificateKind kind, bool activeOnly = true) const;
    // A certificate for publicKey and topic, signed by a stand-in for Apple's CA.
    std::optional<pki::Certificate> applePushCertificate(const QByteArray& publicKeyDer, const QString& topic);

    QTemporaryDir m_dir;
    std::unique_ptr<storage::StorageWorker> m_storage;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::optional<storage::Database> m_reader;
    std::unique_ptr<CertificatesPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::optional<pki::PrivateKey> m_appleKey;
    std::optional<pki::Certificate> m_appleCa;
};

void TestCertificatesPage::initTestCase()
{
    ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(storage::Database::databaseFileName());
    m_storage = std::make_unique<storage::StorageWorker>();
    QVERIFY(m_storage->start(path));
    auto key = secrets::MasterKey::generate();
    QVERIFY(key);
    m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    const QString prepared = enrollment::test::prepareCertificateAuthority(*m_storage, *m_sealer);
    QVERIFY2(prepared.isEmpty(), qPrintable(prepared));
    const QString pushed = enrollment::test::addPushCertificate(*m_storage);
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
    auto reader = storage::Database::openReader(path);
    QVERIFY(reader);
    m_reader.emplace(std::move(reader).value());
    m_page = std::make_unique<CertificatesPage>(*m_storage, *m_reader, *m_sealer);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->resize(1100, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));

    auto appleKey = pki::PrivateKey::generateEcP256();
    QVERIFY(appleKey);
    m_appleKey = *appleKey;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto apple = pki::CertificateBuilder(pki::CertificateBuilder::Profile::RootCa)
                     .setSubject({{QStringLiteral("CN"), QStringLiteral("Test Apple Push CA")}})
                     .setValidity(now.addDays(-10), now.addDays(800))
                     .selfSign(*m_appleKey);
    QVERIFY(apple);
    m_appleCa = *apple;
}

void TestCertificatesPage::cleanupTestCase()
{
    m_tester.reset();
    m_page.reset();
    m_reader.reset();
    if (m_storage)
        m_storage->stop();
}

std::optional<pki::Certificate> TestCertificatesPage::applePushCertificate(
    const QByteArray& publicKeyDer, const QString& topic)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto push = pki::CertificateBuilder(pki::CertificateBuilder::Profile::TlsClient)
                    .setSubject({{QStringLiteral("UID"), topic}, {QStringLiteral("CN"), QStringLiteral("APSP:gui")}})
                    .setPublicKey(publicKeyDer)
                    .setValidity(now.addDays(-1), now.addDays(365))
                    .sign(*m_appleCa, *m_appleKey);
    if (!push) {
        qWarning("%s", qPrintable(push.error().message));
        return std::nullopt;
    }
    return *push;
}

int TestCertificatesPage::rowOfKind(pki::CertificateKind kind, bool activeOnly) const
{
    const CertificateListModel* model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const pki::InventoryItem& item = model->items().at(row);
        if (item.kind == kind && (!activeOnly || item.status == pki::CertificateStatus::Active))
            return row;
    }
    return -1;
}

void TestCertificatesPage::listsEveryCertificateWithWhatDependsOnIt()
{
    const CertificateListModel* model = m_page->model();
    // Root, issuing CA, TLS server, SCEP RA, push.
    QCOMPARE(model->rowCount(), 5);
    for (const pki::CertificateKind kind : {pki::CertificateKind::RootCa, pki::CertificateKind::IssuingCa,
             pki::CertificateKind::TlsServer, pki::CertificateKind::ScepRa, pki::CertificateKind::Push})
        QVERIFY2(rowOfKind(kind) >= 0, qPrintable(pki::displayName(kind)));
    const int root = rowOfKind(pki::CertificateKind::RootCa);
    QCOMPARE(model->index(root, CertificateListModel::Kind).data().toString(),
        pki::displayName(pki::CertificateKind::RootCa));
    QVERIFY(!model->index(root, CertificateListModel::Dependents).data().toString().isEmpty());
    QCOMPARE(model->index(root, CertificateListModel::Key).data().toString(), QStringLiteral("held (sealed)"));
    const int push = rowOfKind(pki::CertificateKind::Push);
    QVERIFY(model->index(push, CertificateListModel::DaysLeft).data().toString().startsWith(QStringLiteral("in 36")));
    QVERIFY(!model->index(push, 0).data(CertificateListModel::SeverityRole).isValid());
    QVERIFY(!model->index(push, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(m_page->warningSummaryLabel()->text().contains(QStringLiteral("none expires soon")));
    QVERIFY(m_page->pushStatusLabel()->text().contains(enrollment::test::kTestTopic));
    QCOMPARE(m_page->view()->model()->rowCount(), 5);
}

void TestCertificatesPage::expiringCertificatesAreColored()
{
    // 350 days on, the push certificate (365 days) is within the 30-day threshold.
    m_page->setNow(QDateTime::currentDateTimeUtc().addDays(350));
    m_page->reload();
    const CertificateListModel* model = m_page->model();
    const int push = rowOfKind(pki::CertificateKind::Push);
    const QVariant severity = model->index(push, 0).data(CertificateListModel::SeverityRole);
    QVERIFY(severity.isValid());
    QVERIFY(
        severity.toInt() == int(pki::ExpirySeverity::Notice) || severity.toInt() == int(pki::ExpirySeverity::Warning));
    QVERIFY(
        model->index(push, CertificateListModel::Subject).data(Qt::BackgroundRole).value<QBrush>().color().isValid());
    QVERIFY(model->index(push, CertificateListModel::DaysLeft).data().toString().startsWith(QStringLiteral("in 1")));
    QVERIFY(m_page->warningSummaryLabel()->text().contains(QStringLiteral("attention")));
    QVERIFY(m_page->pushStatusLabel()->text().contains(QStringLiteral("#a51d2d")));
    // Five years on, everything has expired and says so.
    m_page->setNow(QDateTime::currentDateTimeUtc().addYears(30));
    m_page->reload();
    QCOMPARE(model->index(push, 0).data(CertificateListModel::SeverityRole).toInt(), int(pki::ExpirySeverity::Expired));
    QVERIFY(model->index(push, CertificateListModel::DaysLeft).data().toString().endsWith(QStringLiteral("ago")));
    m_page->setNow(QDateTime::currentDateTimeUtc());
    m_page->reload();
}

void TestCertificatesPage::requestThenImportApplesAnswer()
{
    const QString csrPath = m_dir.filePath(QStringLiteral("push.csr"));
    QSignalSpy saved(m_page.get(), &CertificatesPage::requestSaved);
    m_page->createRequest(csrPath, QStringLiteral("Quince GUI Test"));
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
    QVERIFY2(saved.at(0).at(0).toBool(), qPrintable(saved.at(0).at(1).toString()));
    const QByteArray pem = test::readFile(csrPath);
    QVERIFY(pem.contains("BEGIN CERTIFICATE REQUEST"));
    if (!test::opensslPath().isEmpty()) {
        const test::Outcome verified = test::run(test::opensslPath(),
            {QStringLiteral("req"), QStringLiteral("-in"), csrPath, QStringLiteral("-noout"),
                QStringLiteral("-verify")});
        QVERIFY2(verified.ok(), verified.both().constData());
    }
    QTRY_VERIFY(m_page->pushStatusLabel()->text().contains(QStringLiteral("waits for Apple")));

    // Apple renews for the same topic with the request's key: PEM, no key in the file.
    auto csr = pki::CertificateRequest::fromPem(pem);
    QVERIFY(csr);
    QVERIFY(csr->subject().contains(QStringLiteral("Quince GUI Test")));
    const std::optional<pki::Certificate> renewed
        = applePushCertificate(csr->publicKeyDer(), enrollment::test::kTestTopic);
    QVERIFY(renewed);
    const QString certPath = m_dir.filePath(QStringLiteral("MDM_Quince_Certificate.pem"));
    QVERIFY(test::writeFile(certPath, renewed->toPem()));
    QSignalSpy imported(m_page.get(), &CertificatesPage::certificateImported);
    m_page->importCertificate(certPath);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 30000);
    QVERIFY2(imported.at(0).at(0).toBool(), qPrintable(imported.at(0).at(1).toString()));
    // The page re-read on the commit: the old one superseded, the new one active, no request left.
    QTRY_COMPARE(m_page->model()->rowCount(), 6);
    const int active = rowOfKind(pki::CertificateKind::Push);
    QCOMPARE(m_page->model()->items().at(active).certificate.sha256Hex(), renewed->sha256Hex());
    QCOMPARE(
        m_page->model()->index(active, CertificateListModel::Key).data().toString(), QStringLiteral("held (sealed)"));
    QVERIFY(!m_page->pushStatusLabel()->text().contains(QStringLiteral("waits for Apple")));
    int superseded = 0;
    for (const pki::InventoryItem& item : m_page->model()->items())
        superseded += item.kind == pki::CertificateKind::Push && item.status == pki::CertificateStatus::Superseded;
    QCOMPARE(superseded, 1);
}

void TestCertificatesPage::pkcs12AsksForItsPassword()
{
    auto key = pki::PrivateKey::generateRsa(2048);
    QVERIFY(key);
    const std::optional<pki::Certificate> push
        = applePushCertificate(key->publicKeyDer(), enrollment::test::kTestTopic);
    QVERIFY(push);
    auto p12 = pki::Pkcs12::create(*key, *push, {}, QStringLiteral("apple-secret"));
    QVERIFY(p12);
    const QString path = m_dir.filePath(QStringLiteral("push.p12"));
    QVERIFY(test::writeFile(path, *p12));
    QSignalSpy imported(m_page.get(), &CertificatesPage::certificateImported);
    m_page->importCertificate(path);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 30000);
    QCOMPARE(imported.at(0).at(0).toBool(), false);
    QCOMPARE(imported.at(0).at(2).toBool(), true); // the page would now ask for the password
    m_page->importCertificate(path, QByteArrayLiteral("apple-secret"));
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 2, 30000);
    QVERIFY2(imported.at(1).at(0).toBool(), qPrintable(imported.at(1).at(1).toString()));
    QTRY_COMPARE(
        m_page->model()->items().at(rowOfKind(pki::CertificateKind::Push)).certificate.sha256Hex(), push->sha256Hex());
}

void TestCertificatesPage::anotherTopicIsRefusedWithAdvice()
{
    auto key = pki::PrivateKey::generateRsa(2048);
    QVERIFY(key);
    const QString otherTopic = QStringLiteral("com.apple.mgmt.External.11111111-2222-3333-4444-555555555555");
    const std::optional<pki::Certificate> push = applePushCertificate(key->publicKeyDer(), otherTopic);
    QVERIFY(push);
    auto p12 = pki::Pkcs12::create(*key, *push, {}, QStringLiteral("pw"));
    QVERIFY(p12);
    const QString path = m_dir.filePath(QStringLiteral("other.p12"));
    QVERIFY(test::writeFile(path, *p12));
    const int before = m_page->model()->rowCount();
    QSignalSpy imported(m_page.get(), &CertificatesPage::certificateImported);
    m_page->importCertificate(path, QByteArrayLiteral("pw"));
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 30000);
    QCOMPARE(imported.at(0).at(0).toBool(), false);
    const QString message = imported.at(0).at(1).toString();
    QVERIFY2(message.contains(otherTopic) && message.contains(QStringLiteral("Renew the existing certificate")),
        qPrintable(message));
    QCOMPARE(m_page->model()->rowCount(), before);
    QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("certificateMessage"))
                ->text()
                .startsWith(QStringLiteral("Not imported")));
}

QTEST_MAIN(TestCertificatesPage)
#include "tst_CertificatesPage.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The enrollment wizard, offscreen, against the real ServerRuntime on 127.0.0.1: the address
// prefilled from the listener settings, the HTTPS self-test passing (and failing with a clear
// reason), a one-time link whose QR code decodes back to the URL, and a signed profile that the
// real openssl verifies against Quince's root and that carries the com.apple.mdm payload.
#include "core/enrollment/EnrollmentCodes.h"
#include "core/plist/PlistCodec.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "tests/enrollment/EnrollmentFixture.h"
#include "tests/support/TestSupport.h"
#include "ui/Translations.h"
#include "ui/enrollment/EnrollmentHostPage.h"
#include "ui/enrollment/EnrollmentLinkPage.h"
#include "ui/enrollment/EnrollmentProfilePage.h"
#include "ui/enrollment/EnrollmentSelfTestPage.h"
#include "ui/enrollment/EnrollmentWizard.h"
#include "ui/enrollment/QrCode.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace quince;
using quince::ui::EnrollmentWizard;

class TestEnrollmentWizard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void prefilledFromTheListenerSettings();
    void selfTestReachesTheListener();
    void selfTestSaysWhatIsWrong();
    void oneTimeLinkAndItsQrCode();
    void codeInsteadOfLink();
    void signedProfileVerifiesAgainstTheRoot();
    void anotherHostIsSavedAsThePublicUrl();
    void withoutPushCertificateSaysToImportItFirst();

private:
    std::unique_ptr<EnrollmentWizard> makeWizard();
    QVariant setting(const QString& key);

    QTemporaryDir m_dir;
    std::unique_ptr<storage::StorageWorker> m_storage;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::unique_ptr<runtime::ServerRuntime> m_runtime;
    std::optional<storage::Database> m_reader;
    QString m_rootPath;
};

void TestEnrollmentWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(storage::Database::databaseFileName());
    m_storage = std::make_unique<storage::StorageWorker>();
    QVERIFY(m_storage->start(path));
    auto key = secrets::MasterKey::generate();
    QVERIFY(key);
    m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    const QString pushed = enrollment::test::addPushCertificate(*m_storage);
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
    m_runtime = std::make_unique<runtime::ServerRuntime>(*m_storage, *m_sealer, enrollment::test::fastCaOptions());
    runtime::ServerOptions options;
    options.listenAddress = QHostAddress(QHostAddress::LocalHost);
    options.port = 0;
    options.hostNames = {QStringLiteral("localhost")};
    const Status started = m_runtime->start(options);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    m_rootPath = m_dir.filePath(QStringLiteral("root.pem"));
    QVERIFY(test::writeFile(m_rootPath, m_runtime->certificateAuthority().rootCertificate().toPem()));
    auto reader = storage::Database::openReader(path);
    QVERIFY(reader);
    m_reader.emplace(std::move(reader).value());
}

void TestEnrollmentWizard::cleanupTestCase()
{
    m_reader.reset();
    if (m_runtime)
        m_runtime->stop();
    m_runtime.reset();
    if (m_storage)
        m_storage->stop();
}

std::unique_ptr<EnrollmentWizard> TestEnrollmentWizard::makeWizard()
{
    auto wizard = std::make_unique<EnrollmentWizard>(*m_storage, *m_reader, *m_sealer, m_runtime->serverPort());
    wizard->show();
    return wizard;
}

QVariant TestEnrollmentWizard::setting(const QString& key)
{
    QSqlQuery query(m_reader->connection());
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    return query.exec() && query.next() ? query.value(0) : QVariant();
}

void TestEnrollmentWizard::prefilledFromTheListenerSettings()
{
    auto wizard = makeWizard();
    QCOMPARE(wizard->currentId(), int(EnrollmentWizard::HostPageId));
    QCOMPARE(wizard->hostPage()->hostEdit()->text(), QStringLiteral("localhost"));
    QCOMPARE(wizard->hostPage()->port(), m_runtime->serverPort());
    QVERIFY(wizard->hasPushCertificate());
    QVERIFY(!wizard->findChild<QLabel*>(QStringLiteral("pushCertificateWarning"))->isVisibleTo(wizard.get()));
    // An empty name cannot go on.
    wizard->hostPage()->hostEdit()->clear();
    QVERIFY(!wizard->hostPage()->isComplete());
}

void TestEnrollmentWizard::selfTestReachesTheListener()
{
    auto wizard = makeWizard();
    QSignalSpy finished(wizard->selfTestPage(), &ui::EnrollmentSelfTestPage::selfTestFinished);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(EnrollmentWizard::SelfTestPageId));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(wizard->selfTestPage()->resultLabel()->text().contains(QStringLiteral("Reachable.")));
}

void TestEnrollmentWizard::selfTestSaysWhatIsWrong()
{
    // A port nothing listens on (taken, then freed).
    quint16 freePort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        freePort = probe.serverPort();
    }
    auto wizard = makeWizard();
    wizard->hostPage()->portEdit()->setValue(freePort);
    QSignalSpy finished(wizard->selfTestPage(), &ui::EnrollmentSelfTestPage::selfTestFinished);
    wizard->selfTestPage()->runSelfTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(
        finished.at(0).at(1).toString().contains(QStringLiteral("Nothing listens on localhost port %1").arg(freePort)),
        qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(wizard->selfTestPage()->resultLabel()->text().contains(QStringLiteral("Not reachable.")));

    // A name that does not resolve.
    wizard->hostPage()->hostEdit()->setText(QStringLiteral("quince-selftest.invalid"));
    wizard->selfTestPage()->runSelfTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    QVERIFY2(finished.at(1).at(1).toString().contains(QStringLiteral("does not resolve")),
        qPrintable(finished.at(1).at(1).toString()));
}

void TestEnrollmentWizard::oneTimeLinkAndItsQrCode()
{
    auto wizard = makeWizard();
    QSignalSpy ready(wizard->linkPage(), &ui::EnrollmentLinkPage::linkReady);
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(EnrollmentWizard::LinkPageId));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QVERIFY(ready.at(0).at(0).toBool());
    const QString url = wizard->linkPage()->enrollmentUrl();
    const QString prefix = QStringLiteral("https://localhost:%1/enroll/").arg(m_runtime->serverPort());
    QVERIFY2(url.startsWith(prefix), qPrintable(url));
    QVERIFY(wizard->linkPage()->isComplete());
    QCOMPARE(wizard->findChild<QLineEdit*>(QStringLiteral("enrollmentUrl"))->text(), url);

    // Only the digest of the token is stored, unused, expiring in the chosen 24 hours.
    const QString token = url.mid(prefix.size());
    QSqlQuery query(m_reader->connection());
    query.prepare(QStringLiteral("SELECT kind, used_at, expires_at FROM enrollment_codes WHERE secret_sha256 = ?"));
    query.addBindValue(enrollment::EnrollmentCodes::digestOf(
        enrollment::EnrollmentCodes::normalize(enrollment::CodeKind::Link, token)));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("link"));
    QVERIFY(query.value(1).isNull());
    const qint64 hoursLeft = (query.value(2).toLongLong() - QDateTime::currentMSecsSinceEpoch()) / 3'600'000;
    QVERIFY(hoursLeft >= 23 && hoursLeft <= 24);

    // The QR code holds the URL.
    const std::optional<ui::QrCode>& qr = wizard->linkPage()->qrCode();
    QVERIFY(qr.has_value());
    QCOMPARE(qr->size(), 17 + 4 * qr->version());
    QVERIFY(qr->isDark(0, 0) && qr->isDark(6, 6) && !qr->isDark(7, 7)); // a finder pattern's corner and margin
    const QImage image = qr->toImage(4);
    QCOMPARE(image.width(), (qr->size() + 8) * 4);
    const QString zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    if (zbarimg.isEmpty())
        QSKIP("zbarimg (Debian zbar-tools) is not installed: the QR matrix was checked, not decoded");
    const QString png = m_dir.filePath(QStringLiteral("qr.png"));
    QVERIFY(image.save(png));
    const test::Outcome decoded = test::run(zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    QVERIFY2(decoded.ok(), decoded.both().constData());
    QCOMPARE(QString::fromUtf8(decoded.out).trimmed(), url);
}

void TestEnrollmentWizard::codeInsteadOfLink()
{
    auto wizard = makeWizard();
    QSignalSpy ready(wizard->linkPage(), &ui::EnrollmentLinkPage::linkReady);
    wizard->next();
    wizard->next();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    wizard->linkPage()->codeChoice()->setChecked(true);
    wizard->linkPage()->lifetimeHours()->setValue(2);
    wizard->linkPage()->createLink();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
    QCOMPARE(wizard->linkPage()->enrollmentUrl(),
        QStringLiteral("https://localhost:%1/enroll").arg(m_runtime->serverPort()));
    const QString code = wizard->linkPage()->code();
    QVERIFY(!enrollment::EnrollmentCodes::normalize(enrollment::CodeKind::Code, code).isEmpty());
    QVERIFY(wizard->findChild<QLabel*>(QStringLiteral("enrollmentCode"))->text().contains(code));
}

void TestEnrollmentWizard::signedProfileVerifiesAgainstTheRoot()
{
    if (test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    auto wizard = makeWizard();
    wizard->next();
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(EnrollmentWizard::ProfilePageId));
    QVERIFY(wizard->profilePage()->saveButton()->isEnabled());
    const QString out = m_dir.filePath(QStringLiteral("Quince Enrollment.mobileconfig"));
    QSignalSpy saved(wizard->profilePage(), &ui::EnrollmentProfilePage::profileSaved);
    wizard->profilePage()->saveProfile(out);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
    QVERIFY2(saved.at(0).at(0).toBool(), qPrintable(saved.at(0).at(1).toString()));
    QCOMPARE(saved.at(0).at(1).toString(), out);
    QCOMPARE(QFileInfo(out).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

    const QString inner = m_dir.filePath(QStringLiteral("inner.plist"));
    const test::Outcome verified = test::run(test::opensslPath(),
        {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"), QStringLiteral("DER"),
            QStringLiteral("-in"), out, QStringLiteral("-CAfile"), m_rootPath, QStringLiteral("-purpose"),
            QStringLiteral("any"), QStringLiteral("-binary"), QStringLiteral("-out"), inner});
    QVERIFY2(verified.ok(), verified.both().constData());
    auto profile = plist::decode(test::readFile(inner));
    QVERIFY(profile);
    QCOMPARE(profile->value(QStringLiteral("PayloadType")).toString(), QStringLiteral("Configuration"));
    const plist::Value* mdm = nullptr;
    for (const plist::Value& payload : profile->value(QStringLiteral("PayloadContent")).toArray()) {
        if (payload.value(QStringLiteral("PayloadType")).toString() == QLatin1String("com.apple.mdm"))
            mdm = &payload;
    }
    QVERIFY(mdm);
    const QString base = QStringLiteral("https://localhost:%1").arg(m_runtime->serverPort());
    QCOMPARE(mdm->value(QStringLiteral("ServerURL")).toString(), base + QStringLiteral("/mdm/connect"));
    QCOMPARE(mdm->value(QStringLiteral("CheckInURL")).toString(), base + QStringLiteral("/mdm/checkin"));
    QCOMPARE(mdm->value(QStringLiteral("Topic")).toString(), enrollment::test::kTestTopic);
    // Its challenge is recorded as the console's.
    QSqlQuery query(m_reader->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM scep_challenges WHERE purpose = 'enrollment:console'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);
}

void TestEnrollmentWizard::anotherHostIsSavedAsThePublicUrl()
{
    auto wizard = makeWizard();
    QVERIFY(!setting(enrollment::publicBaseUrlKey()).isValid());
    wizard->hostPage()->hostEdit()->setText(QStringLiteral("mdm.example.lan"));
    wizard->hostPage()->portEdit()->setValue(443);
    QSignalSpy committed(m_storage.get(), &storage::StorageWorker::committed);
    QVERIFY(wizard->hostPage()->validatePage());
    QTRY_COMPARE_WITH_TIMEOUT(committed.size(), 1, 5000);
    QCOMPARE(setting(enrollment::publicBaseUrlKey()).toString(), QStringLiteral("https://mdm.example.lan"));
    QCOMPARE(wizard->urls().enroll(), QStringLiteral("https://mdm.example.lan/enroll"));
    // The next wizard starts from it.
    auto again = makeWizard();
    QCOMPARE(again->hostPage()->hostEdit()->text(), QStringLiteral("mdm.example.lan"));
    QCOMPARE(again->hostPage()->port(), 443);
    QVERIFY(m_storage->writeAndWait([](storage::Database& db) -> storage::StorageStatus {
        auto removed = db.exec(QStringLiteral("DELETE FROM settings WHERE key = ?"), {enrollment::publicBaseUrlKey()});
        if (!removed)
            return removed.error();
        return {};
    }));
}

void TestEnrollmentWizard::withoutPushCertificateSaysToImportItFirst()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(storage::Database::databaseFileName());
    storage::StorageWorker worker;
    QVERIFY(worker.start(path));
    const QString prepared = enrollment::test::prepareCertificateAuthority(worker, *m_sealer);
    QVERIFY2(prepared.isEmpty(), qPrintable(prepared));
    {
        auto reader = storage::Database::openReader(path);
        QVERIFY(reader);
        EnrollmentWizard wizard(worker, *reader, *m_sealer);
        wizard.show();
        QVERIFY(!wizard.hasPushCertificate());
        auto* warning = wizard.findChild<QLabel*>(QStringLiteral("pushCertificateWarning"));
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("Import the push certificate first")));
        wizard.setStartId(EnrollmentWizard::ProfilePageId);
        wizard.restart();
        QCOMPARE(wizard.currentId(), int(EnrollmentWizard::ProfilePageId));
        QVERIFY(!wizard.profilePage()->saveButton()->isEnabled());
    }
    worker.stop();
}

QTEST_MAIN(TestEnrollmentWizard)
#include "tst_EnrollmentWizard.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The device detail over the real protocol path: a device enrolls through CheckInProcessor, the
// console queues the inventory requests from its toolbar, the device answers them through
// ConnectProcessor, and the detail opened with Enter shows what it reported.
#include "core/mdm/CheckInProcessor.h"
#include "core/mdm/ConnectProcessor.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "tests/inventory/InventoryTestSupport.h"
#include "ui/Translations.h"
#include "ui/devices/DeviceActions.h"
#include "ui/devices/DeviceDetailDialog.h"
#include "ui/devices/PlistTreeModel.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

#include <functional>
#include <optional>

using namespace quince;
using quince::ui::DeviceDetailDialog;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;

namespace {

const QString kTopic = QStringLiteral("com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9");
// The UDID of the shared DeviceInformation capture.
const QString kUdid = QStringLiteral("66ADE930-5FDF-5EC4-8429-15640684C489");
const QString kCert = QStringLiteral("aa00000000000000000000000000000000000000000000000000000000000001");

plist::Dict checkIn(const QString& type)
{
    plist::Dict dict {
        {QStringLiteral("MessageType"), type}, {QStringLiteral("UDID"), kUdid}, {QStringLiteral("Topic"), kTopic}};
    if (type == QLatin1String("TokenUpdate")) {
        dict.insert(QStringLiteral("Token"), QByteArray(32, '\x42'));
        dict.insert(QStringLiteral("PushMagic"), QStringLiteral("MAGIC-1"));
    }
    return dict;
}

// Whether any cell of the tree shows text.
bool treeShows(const QAbstractItemModel* model, const QString& text, const QModelIndex& parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column)
            if (model->index(row, column, parent).data().toString() == text)
                return true;
        if (treeShows(model, text, model->index(row, 0, parent)))
            return true;
    }
    return false;
}

int rowShowing(const QTableWidget* table, int column, const QString& text)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, column) && table->item(row, column)->text() == text)
            return row;
    return -1;
}

} // namespace

class TestDeviceDetail : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
    }

    void init()
    {
        QVERIFY(m_db.open());
        auto key = secrets::MasterKey::generate();
        QVERIFY(key.ok());
        m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
        m_checkIn
            = std::make_unique<mdm::CheckInProcessor>(m_db.worker(), *m_sealer, mdm::CheckInPolicy {kTopic, true});
        m_connect = std::make_unique<mdm::ConnectProcessor>(m_db.worker());
        m_db.scalar(
            QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                           "not_after, der, created_at) VALUES ('device_identity', 'active', 'CN=device', "
                           "'CN=Quince Device CA', '01', ?, 0, 1, ?, 0)"),
            {kCert, QByteArray("\x30\x00", 2)});
        QCOMPARE(m_checkIn->processAndWait(test::xml(checkIn(QStringLiteral("Authenticate"))), kCert).outcome,
            mdm::CheckInOutcome::Ok);
        QCOMPARE(m_checkIn->processAndWait(test::xml(checkIn(QStringLiteral("TokenUpdate"))), kCert).outcome,
            mdm::CheckInOutcome::Ok);

        auto reader = storage::Database::openReader(m_db.path());
        QVERIFY(reader.ok());
        m_reader.emplace(std::move(reader).value());
        m_model = std::make_unique<DeviceInventoryModel>(m_reader->connection());
        connect(&m_db.worker(), &storage::StorageWorker::committed, m_model.get(), &DeviceInventoryModel::refresh);
        m_window = std::make_unique<MainWindow>(m_model.get(), m_db.dir());
        m_window->attachStore(*m_reader, m_db.worker());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_model.reset();
        m_reader.reset();
        m_connect.reset();
        m_checkIn.reset();
        m_db.close();
        m_sealer.reset();
    }

    void detailShowsTheCapturedDeviceInformation()
    {
        const QString path = test::sharedFixture(QStringLiteral("DeviceInformation.1.plist"));
        if (!QFile::exists(path))
            QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const plist::Value capture = plist::decode(file.readAll()).value();

        queueRefreshFromTheToolbar();
        answerEverything([&](const QString& type, const QString& uuid) {
            if (type == QLatin1String("DeviceInformation")) {
                plist::Value answer = capture; // it answered another command: only the UUID is ours
                answer.asDict()->insert(QStringLiteral("CommandUUID"), uuid);
                return answer.toDict();
            }
            return emptyAnswer(type, uuid);
        });

        DeviceDetailDialog* detail = openWithEnter();
        QVERIFY(detail);
        QVERIFY2(detail->lastError().isEmpty(), qPrintable(detail->lastError()));
        QCOMPARE(detail->overviewValue(QStringLiteral("udid")), kUdid);
        auto* facts = detail->findChild<QTableWidget*>(QStringLiteral("factsTable"));
        QVERIFY(facts);
        const int hostRow = rowShowing(facts, 0, QStringLiteral("HostName"));
        QVERIFY(hostRow >= 0);
        QCOMPARE(facts->item(hostRow, 1)->text(), QStringLiteral("fruit.example.com"));

        // The history lists the five requests, each answered; the raw answer is a plist tree.
        auto* history = detail->findChild<QTableWidget*>(QStringLiteral("historyTable"));
        QCOMPARE(history->rowCount(), 5);
        for (int row = 0; row < 5; ++row)
            QCOMPARE(history->item(row, 1)->text(), QStringLiteral("acknowledged"));
        const int infoRow = rowShowing(history, 0, QStringLiteral("DeviceInformation"));
        QVERIFY(infoRow >= 0);
        history->setCurrentCell(infoRow, 0);
        const auto* response = detail->findChild<QTreeView*>(QStringLiteral("responseTree"))->model();
        const auto* request = detail->findChild<QTreeView*>(QStringLiteral("requestTree"))->model();
        QVERIFY(treeShows(response, QStringLiteral("fruit.example.com")));
        QVERIFY(treeShows(response, QStringLiteral("QueryResponses")));
        QVERIFY(treeShows(request, QStringLiteral("Queries")));
        QVERIFY(treeShows(request, QStringLiteral("SerialNumber")));
    }

    void detailShowsEveryReportedSection()
    {
        queueRefreshFromTheToolbar();
        answerEverything([](const QString& type, const QString& uuid) {
            if (type == QLatin1String("DeviceInformation"))
                return test::acknowledged(kUdid, uuid, QStringLiteral("QueryResponses"),
                    plist::Dict {{QStringLiteral("UDID"), kUdid},
                        {QStringLiteral("DeviceName"), QStringLiteral("Front Desk")},
                        {QStringLiteral("SerialNumber"), QStringLiteral("F2LXK0QJHG7F")},
                        {QStringLiteral("ModelName"), QStringLiteral("iPad Air")},
                        {QStringLiteral("ProductName"), QStringLiteral("iPad13,1")},
                        {QStringLiteral("OSVersion"), QStringLiteral("17.5.1")},
                        {QStringLiteral("BuildVersion"), QStringLiteral("21F90")},
                        {QStringLiteral("IsSupervised"), true}, {QStringLiteral("BatteryLevel"), 0.82},
                        {QStringLiteral("WiFiMAC"), QStringLiteral("a4:83:e7:00:11:22")}});
            if (type == QLatin1String("SecurityInfo"))
                return test::acknowledged(kUdid, uuid, QStringLiteral("SecurityInfo"),
                    plist::Dict {{QStringLiteral("PasscodePresent"), true},
                        {QStringLiteral("PasscodeCompliant"), false},
                        {QStringLiteral("PasscodeCompliantWithProfiles"), true},
                        {QStringLiteral("HardwareEncryptionCaps"), 3}});
            if (type == QLatin1String("ProfileList"))
                return test::acknowledged(kUdid, uuid, QStringLiteral("ProfileList"),
                    plist::Array {
                        plist::Dict {{QStringLiteral("PayloadIdentifier"), QStringLiteral("com.example.wifi")},
                            {QStringLiteral("PayloadDisplayName"), QStringLiteral("Office Wi-Fi")},
                            {QStringLiteral("PayloadUUID"), QStringLiteral("5D4B1A7E-0C44-4C1B-9C55-0B6A3E0C6F10")},
                            {QStringLiteral("PayloadVersion"), 1}, {QStringLiteral("IsManaged"), true}}});
            if (type == QLatin1String("InstalledApplicationList"))
                return test::acknowledged(kUdid, uuid, QStringLiteral("InstalledApplicationList"),
                    plist::Array {plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.notes")},
                                      {QStringLiteral("Name"), QStringLiteral("Notes")},
                                      {QStringLiteral("ShortVersion"), QStringLiteral("4.2")}},
                        plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.maps")},
                            {QStringLiteral("Name"), QStringLiteral("Maps")}}});
            return emptyAnswer(type, uuid);
        });

        // The inventory row follows the commit too.
        QTRY_COMPARE(m_model->index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Front Desk"));
        QCOMPARE(m_model->index(0, DeviceInventoryModel::Supervised).data().toString(), QStringLiteral("Yes"));
        QCOMPARE(m_model->index(0, DeviceInventoryModel::Battery).data().toString(), QStringLiteral("82%"));

        DeviceDetailDialog* detail = openWithEnter();
        QVERIFY(detail);
        QCOMPARE(detail->overviewValue(QStringLiteral("name")), QStringLiteral("Front Desk"));
        QCOMPARE(detail->overviewValue(QStringLiteral("serial")), QStringLiteral("F2LXK0QJHG7F"));
        QCOMPARE(detail->overviewValue(QStringLiteral("model")), QStringLiteral("iPad Air \u00b7 iPad13,1"));
        QCOMPARE(detail->overviewValue(QStringLiteral("os")), QStringLiteral("17.5.1 (21F90)"));
        QCOMPARE(detail->overviewValue(QStringLiteral("supervised")), QStringLiteral("Yes"));
        QCOMPARE(detail->overviewValue(QStringLiteral("battery")), QStringLiteral("82%"));
        QCOMPARE(detail->overviewValue(QStringLiteral("network")), QStringLiteral("a4:83:e7:00:11:22"));
        QVERIFY(detail->overviewValue(QStringLiteral("enrollment")).startsWith(QStringLiteral("Enrolled")));
        QVERIFY2(detail->overviewValue(QStringLiteral("push")).contains(QStringLiteral("push token since")),
            qPrintable(detail->overviewValue(QStringLiteral("push"))));

        QCOMPARE(
            detail->findChild<QLabel*>(QStringLiteral("security_passcode_present"))->text(), QStringLiteral("Yes"));
        QCOMPARE(
            detail->findChild<QLabel*>(QStringLiteral("security_passcode_compliant"))->text(), QStringLiteral("No"));
        QVERIFY(!detail->findChild<QLabel*>(QStringLiteral("securityEmpty"))->isVisibleTo(detail));

        auto* profiles = detail->findChild<QTableWidget*>(QStringLiteral("profilesTable"));
        QCOMPARE(profiles->rowCount(), 1);
        QCOMPARE(profiles->item(0, 0)->text(), QStringLiteral("Office Wi-Fi"));
        auto* apps = detail->findChild<QTableWidget*>(QStringLiteral("applicationsTable"));
        QCOMPARE(apps->rowCount(), 2);
        QVERIFY(rowShowing(apps, 1, QStringLiteral("com.example.notes")) >= 0);
        QCOMPARE(detail->findChild<QTableWidget*>(QStringLiteral("certificatesTable"))->rowCount(), 0);
        QVERIFY(detail->tabs()->tabText(5).contains(QStringLiteral("(2)")));

        // An open detail follows the store: a later answer shows without reopening it.
        queueRefreshFromTheToolbar(10);
        answerEverything([](const QString& type, const QString& uuid) {
            if (type == QLatin1String("DeviceInformation"))
                return test::acknowledged(kUdid, uuid, QStringLiteral("QueryResponses"),
                    plist::Dict {{QStringLiteral("UDID"), kUdid},
                        {QStringLiteral("DeviceName"), QStringLiteral("Back Office")}});
            return emptyAnswer(type, uuid);
        });
        QTRY_COMPARE(detail->overviewValue(QStringLiteral("name")), QStringLiteral("Back Office"));
        QTRY_COMPARE(detail->findChild<QTableWidget*>(QStringLiteral("historyTable"))->rowCount(), 10);
    }

    void unknownDeviceSaysSo()
    {
        DeviceDetailDialog detail(*m_reader, QStringLiteral("NOT-A-DEVICE"));
        QVERIFY(detail.lastError().contains(QStringLiteral("NOT-A-DEVICE")));
    }

private:
    // Selects the device and triggers "Refresh Inventory"; waits until expected rows are queued.
    void queueRefreshFromTheToolbar(int expected = 5)
    {
        QTRY_COMPARE(m_model->rowCount(), 1);
        m_window->inventoryView()->selectRow(0);
        auto* action = m_window->findChild<QAction*>(QStringLiteral("actionRefreshInventory"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        QTRY_COMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_queue")).toInt(), expected);
    }

    static plist::Dict emptyAnswer(const QString& type, const QString& uuid)
    {
        return test::acknowledged(kUdid, uuid, type, plist::Array {});
    }

    mdm::ConnectResult connectWith(const plist::Dict& dict)
    {
        QFuture<mdm::ConnectResult> future = m_connect->process(test::xml(dict), kCert, {});
        future.waitForFinished();
        return future.result();
    }

    // The device's side: Idle, then answer each command it is handed until the queue is empty.
    void answerEverything(const std::function<plist::Dict(const QString& type, const QString& uuid)>& answer)
    {
        mdm::ConnectResult result = connectWith(
            plist::Dict {{QStringLiteral("Status"), QStringLiteral("Idle")}, {QStringLiteral("UDID"), kUdid}});
        int handed = 0;
        while (result.status == 200 && !result.body.isEmpty() && handed < 20) {
            const plist::Value command = plist::decode(result.body).value();
            const QString uuid = command.value(QStringLiteral("CommandUUID")).toString();
            const QString type
                = command.value(QStringLiteral("Command")).value(QStringLiteral("RequestType")).toString();
            result = connectWith(answer(type, uuid));
            ++handed;
        }
        QCOMPARE(result.status, 200);
        QVERIFY(handed >= 5);
    }

    DeviceDetailDialog* openWithEnter()
    {
        QTableView* view = m_window->inventoryView();
        view->setFocus();
        view->setCurrentIndex(m_model->index(0, 0));
        QTest::keyClick(view, Qt::Key_Return);
        // The dialog opens synchronously from the key press.
        return m_window->findChild<DeviceDetailDialog*>();
    }

    test::TestDatabase m_db;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::unique_ptr<mdm::CheckInProcessor> m_checkIn;
    std::unique_ptr<mdm::ConnectProcessor> m_connect;
    std::optional<storage::Database> m_reader;
    std::unique_ptr<DeviceInventoryModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestDeviceDetail)
#include "tst_DeviceDetail.moc"

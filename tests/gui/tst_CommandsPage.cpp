// SPDX-License-Identifier: GPL-3.0-or-later
// The command queue page, offscreen, over a real SQLite file: rows follow devices as they answer
// through the real ConnectProcessor (refreshed by the worker's committed signal alone), and
// cancel, retry, the state filter, the per-device view and the raw plists work from the page.
#include "QueueFixture.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/Translations.h"
#include "ui/commands/CommandDetailDialog.h"
#include "ui/commands/CommandQueueModel.h"
#include "ui/commands/CommandsPage.h"
#include "ui/commands/PlistTreeWidget.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace quince;
using quince::ui::CommandQueueModel;
using quince::ui::CommandsPage;

namespace {

const QString kUdidA = QStringLiteral("00008110-000A1B2C3D4E5F60");
const QString kUdidB = QStringLiteral("00008110-000B1B2C3D4E5F60");

} // namespace

class TestCommandsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English)); }
    void init();
    void cleanup();

    void followsTheDeviceAsItAnswers();
    void cancelFromThePage();
    void retryQueuesTheSameRequestAgain();
    void stateFilterAndOneDevice();
    void showsTheRawPlists();
    void expiryAndNotNowColumns();
    void plistTreeShowsBrokenAndBinaryAnswers();

private:
    // The row of a CommandUUID in the page's model, -1 when absent.
    int rowOf(const QString& commandUuid) const;
    QString cell(const QString& commandUuid, int column) const;
    void select(const QString& commandUuid);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::optional<storage::Database> m_reader;
    std::unique_ptr<mdm::ConnectProcessor> m_connect;
    std::unique_ptr<CommandsPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_enrollmentA = -1;
    qint64 m_enrollmentB = -1;
};

void TestCommandsPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(storage::Database::databaseFileName());
    m_worker = std::make_unique<storage::StorageWorker>();
    QVERIFY(m_worker->start(path).ok());
    m_enrollmentA = test::addEnrolledDevice(*m_worker, kUdidA, QStringLiteral("Reception iPhone"));
    m_enrollmentB = test::addEnrolledDevice(*m_worker, kUdidB, QStringLiteral("Lab iPad"));
    QVERIFY(m_enrollmentA > 0 && m_enrollmentB > 0);
    auto reader = storage::Database::openReader(path);
    QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().toString()));
    m_reader.emplace(std::move(reader).value());
    m_connect = std::make_unique<mdm::ConnectProcessor>(*m_worker);
    m_page = std::make_unique<CommandsPage>(*m_worker, *m_reader);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->resize(1000, 500);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestCommandsPage::cleanup()
{
    m_tester.reset();
    m_page.reset();
    m_connect.reset();
    m_reader.reset();
    if (m_worker)
        m_worker->stop();
    m_worker.reset();
    m_dir.reset();
}

int TestCommandsPage::rowOf(const QString& commandUuid) const
{
    const CommandQueueModel* model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(CommandQueueModel::CommandUuidRole).toString() == commandUuid)
            return row;
    }
    return -1;
}

QString TestCommandsPage::cell(const QString& commandUuid, int column) const
{
    const int row = rowOf(commandUuid);
    return row < 0 ? QString() : m_page->model()->index(row, column).data().toString();
}

void TestCommandsPage::select(const QString& commandUuid)
{
    const int row = rowOf(commandUuid);
    QVERIFY(row >= 0);
    m_page->view()->setFocus();
    m_page->view()->selectRow(row);
}

void TestCommandsPage::followsTheDeviceAsItAnswers()
{
    QCOMPARE(m_page->model()->rowCount(), 0);
    const QString uuid = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("DeviceLock"));
    QVERIFY(!uuid.isEmpty());
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Queued"));
    QCOMPARE(cell(uuid, CommandQueueModel::RequestType), QStringLiteral("DeviceLock"));
    QCOMPARE(cell(uuid, CommandQueueModel::Device), QStringLiteral("Reception iPhone"));
    QCOMPARE(m_page->findChild<QLabel*>(QStringLiteral("commandCountLabel"))->text(), QStringLiteral("1 command"));

    // The device checks in (Idle) and gets the command: Sent, no result yet.
    const mdm::ConnectResult idle = test::answer(*m_connect, kUdidA, QStringLiteral("Idle"));
    QCOMPARE(idle.status, 200);
    QVERIFY(idle.body.contains(uuid.toUtf8()));
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Sent"));
    QCOMPARE(cell(uuid, CommandQueueModel::Result), QStringLiteral("Waiting (attempt 1)"));

    // It acknowledges: the row changes without anyone calling refresh().
    const mdm::ConnectResult acknowledged = test::answer(*m_connect, kUdidA, QStringLiteral("Acknowledged"), uuid);
    QCOMPARE(acknowledged.status, 200);
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Acknowledged"));
    QCOMPARE(cell(uuid, CommandQueueModel::Result), QStringLiteral("Acknowledged"));
    QCOMPARE(m_page->model()->index(rowOf(uuid), 0).data(CommandQueueModel::StateRole).toInt(),
        int(mdm::QueueState::Acknowledged));
}

void TestCommandsPage::cancelFromThePage()
{
    const QString keep = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("RestartDevice"));
    const QString uuid = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("ShutDownDevice"));
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
    QVERIFY(!m_page->cancelAction()->isEnabled());
    select(uuid);
    QVERIFY(m_page->cancelAction()->isEnabled());
    QVERIFY(!m_page->retryAction()->isEnabled()); // nothing final selected

    QSignalSpy finished(m_page.get(), &CommandsPage::actionFinished);
    m_page->cancelAction()->trigger();
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Canceled"));
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Canceled 1 command."));
    QCOMPARE(cell(keep, CommandQueueModel::State), QStringLiteral("Queued"));
    // The selection survived the refresh, and now only retry applies.
    QCOMPARE(m_page->view()->selectionModel()->selectedRows().size(), 1);
    QVERIFY(!m_page->cancelAction()->isEnabled());
    QVERIFY(m_page->retryAction()->isEnabled());

    // On disk, and the device never gets it: the next Idle hands out the other command.
    const mdm::ConnectResult idle = test::answer(*m_connect, kUdidA, QStringLiteral("Idle"));
    QVERIFY(idle.body.contains(keep.toUtf8()));
    QVERIFY(!idle.body.contains(uuid.toUtf8()));
}

void TestCommandsPage::retryQueuesTheSameRequestAgain()
{
    const plist::Dict parameters {{QStringLiteral("Message"), QStringLiteral("Please return to IT")},
        {QStringLiteral("PhoneNumber"), QStringLiteral("+41 44 000 00 00")}};
    const QString uuid
        = test::enqueueCommand(*m_worker, m_enrollmentB, QStringLiteral("DeviceLock"), std::nullopt, parameters);
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    QVERIFY(test::answer(*m_connect, kUdidB, QStringLiteral("Idle")).body.contains(uuid.toUtf8()));
    plist::Dict error {{QStringLiteral("Status"), QStringLiteral("Error")}, {QStringLiteral("UDID"), kUdidB},
        {QStringLiteral("CommandUUID"), uuid}};
    QVERIFY(test::answer(*m_connect, kUdidB, QStringLiteral("Error"), uuid).status == 200);
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Error"));

    select(uuid);
    QVERIFY(m_page->retryAction()->isEnabled());
    m_page->retryAction()->trigger();
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
    // Newest first: the retry is on top, queued for the same device with the same parameters.
    const QModelIndex top = m_page->model()->index(0, 0);
    const QString retried = top.data(CommandQueueModel::CommandUuidRole).toString();
    QVERIFY(retried != uuid);
    QCOMPARE(cell(retried, CommandQueueModel::State), QStringLiteral("Queued"));
    QCOMPARE(cell(retried, CommandQueueModel::RequestType), QStringLiteral("DeviceLock"));
    QCOMPARE(top.data(CommandQueueModel::EnrollmentIdRole).toLongLong(), m_enrollmentB);
    const mdm::ConnectResult next = test::answer(*m_connect, kUdidB, QStringLiteral("Idle"));
    QVERIFY(next.body.contains(retried.toUtf8()));
    auto body = plist::decode(next.body);
    QVERIFY(body);
    QCOMPARE(body->value(QStringLiteral("Command")).value(QStringLiteral("Message")).toString(),
        QStringLiteral("Please return to IT"));
    QCOMPARE(body->value(QStringLiteral("Command")).value(QStringLiteral("RequestType")).toString(),
        QStringLiteral("DeviceLock"));
}

void TestCommandsPage::stateFilterAndOneDevice()
{
    const QString a1 = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("DeviceInformation"));
    const QString a2 = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("SecurityInfo"));
    const QString b1 = test::enqueueCommand(*m_worker, m_enrollmentB, QStringLiteral("ProfileList"));
    QTRY_COMPARE(m_page->model()->rowCount(), 3);
    test::answer(*m_connect, kUdidA, QStringLiteral("Idle"));
    QTRY_COMPARE(cell(a1, CommandQueueModel::State), QStringLiteral("Sent"));

    QComboBox* filter = m_page->stateFilter();
    filter->setCurrentIndex(filter->findData(int(mdm::QueueState::Queued)));
    QCOMPARE(m_page->model()->rowCount(), 2);
    QVERIFY(rowOf(a1) < 0 && rowOf(a2) >= 0 && rowOf(b1) >= 0);

    m_page->setDeviceUdid(kUdidB);
    QCOMPARE(m_page->model()->rowCount(), 1);
    QVERIFY(rowOf(b1) >= 0);
    filter->setCurrentIndex(0);
    QCOMPARE(m_page->model()->rowCount(), 1);
    // A command for another device does not appear in this device's view.
    test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("CertificateList"));
    QTest::qWait(50);
    QCOMPARE(m_page->model()->rowCount(), 1);
    m_page->setDeviceUdid({});
    QTRY_COMPARE(m_page->model()->rowCount(), 4);
}

void TestCommandsPage::showsTheRawPlists()
{
    const QString uuid = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("DeviceLock"));
    QTRY_COMPARE(m_page->model()->rowCount(), 1);
    test::answer(*m_connect, kUdidA, QStringLiteral("Idle"));
    test::answer(*m_connect, kUdidA, QStringLiteral("Acknowledged"), uuid);
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Acknowledged"));
    select(uuid);
    m_page->showAction()->trigger();
    auto* dialog = m_page->findChild<ui::CommandDetailDialog*>(QStringLiteral("commandDetailDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->tabs()->count(), 2); // the request, one response
    QVERIFY(dialog->tabs()->tabText(1).startsWith(QStringLiteral("Acknowledged")));
    auto* request = qobject_cast<ui::PlistTreeWidget*>(dialog->tabs()->widget(0));
    QVERIFY(request);
    const auto commandUuid = request->findItems(QStringLiteral("CommandUUID"), Qt::MatchExactly);
    QCOMPARE(commandUuid.size(), 1);
    QCOMPARE(commandUuid.first()->text(ui::PlistTreeWidget::Value), uuid);
    const auto requestType = request->findItems(QStringLiteral("RequestType"), Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(requestType.size(), 1);
    QCOMPARE(requestType.first()->text(ui::PlistTreeWidget::Value), QStringLiteral("DeviceLock"));
    auto* response = qobject_cast<ui::PlistTreeWidget*>(dialog->tabs()->widget(1));
    QVERIFY(response);
    QCOMPARE(response->findItems(QStringLiteral("Status"), Qt::MatchExactly).first()->text(ui::PlistTreeWidget::Value),
        QStringLiteral("Acknowledged"));
    dialog->close();
}

void TestCommandsPage::expiryAndNotNowColumns()
{
    const QString uuid = test::enqueueCommand(
        *m_worker, m_enrollmentA, QStringLiteral("InstalledApplicationList"), std::chrono::hours(2));
    const QString never = test::enqueueCommand(*m_worker, m_enrollmentA, QStringLiteral("ProfileList"));
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
    QCOMPARE(cell(never, CommandQueueModel::Expires), QStringLiteral("Never"));
    QVERIFY(cell(uuid, CommandQueueModel::Expires).startsWith(QStringLiteral("in 1 h"))
        || cell(uuid, CommandQueueModel::Expires).startsWith(QStringLiteral("in 2 h")));
    QVERIFY(test::answer(*m_connect, kUdidA, QStringLiteral("Idle")).body.contains(uuid.toUtf8()));
    const mdm::ConnectResult notNow = test::answer(*m_connect, kUdidA, QStringLiteral("NotNow"), uuid);
    QCOMPARE(notNow.notNowCommandUuid, uuid);
    QTRY_COMPARE(cell(uuid, CommandQueueModel::State), QStringLiteral("Not now"));
    QCOMPARE(cell(uuid, CommandQueueModel::NotNow), QStringLiteral("1"));
    QCOMPARE(cell(uuid, CommandQueueModel::Result), QStringLiteral("NotNow"));
    // Three hours later the TTL has passed.
    m_page->model()->setNow(QDateTime::currentDateTimeUtc().addSecs(3 * 3600));
    QCOMPARE(cell(uuid, CommandQueueModel::Expires), QStringLiteral("Overdue"));
    QCOMPARE(cell(uuid, CommandQueueModel::Age), QStringLiteral("3 h"));
}

void TestCommandsPage::plistTreeShowsBrokenAndBinaryAnswers()
{
    ui::PlistTreeWidget tree;
    // A device's broken answer is shown as such, never half-parsed.
    QVERIFY(!tree.setPlist(QByteArrayLiteral("<?xml version=\"1.0\"?><plist><dict><key>Status")));
    QCOMPARE(tree.topLevelItemCount(), 1);
    QCOMPARE(tree.topLevelItem(0)->text(ui::PlistTreeWidget::Key), QStringLiteral("(not a property list)"));
    QVERIFY(!tree.topLevelItem(0)->text(ui::PlistTreeWidget::Value).isEmpty());

    const plist::Dict answer {{QStringLiteral("Status"), QStringLiteral("Acknowledged")},
        {QStringLiteral("PushToken"), QByteArray(32, '\x42')},
        {QStringLiteral("Nested"), plist::Array {plist::Value(qint64(7)), plist::Value(true)}}};
    auto binary = plist::encodeBinary(plist::Value(answer));
    QVERIFY(binary);
    QVERIFY(tree.setPlist(*binary));
    QCOMPARE(tree.topLevelItemCount(), 3);
    QCOMPARE(tree.topLevelItem(1)->text(ui::PlistTreeWidget::Type), QStringLiteral("Data"));
    QVERIFY(tree.topLevelItem(1)->text(ui::PlistTreeWidget::Value).startsWith(QStringLiteral("32 bytes: 42 42")));
    QCOMPARE(tree.topLevelItem(2)->childCount(), 2);
    QCOMPARE(tree.topLevelItem(2)->child(0)->text(ui::PlistTreeWidget::Key), QStringLiteral("[0]"));
    QCOMPARE(tree.topLevelItem(2)->child(1)->text(ui::PlistTreeWidget::Value), QStringLiteral("true"));
}

QTEST_MAIN(TestCommandsPage)
#include "tst_CommandsPage.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Bulk actions on the selection: inventory refresh over many devices in batches with a progress
// dialog that cancels between batches, and removal of management, on a real store.
#include "core/inventory/DeviceLifecycle.h"
#include "tests/inventory/InventoryTestSupport.h"
#include "ui/Translations.h"
#include "ui/devices/BulkAction.h"
#include "ui/devices/DeviceActions.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <optional>

using namespace quince;
using quince::ui::BulkAction;
using quince::ui::DeviceActions;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;

class TestBulkActions : public QObject {
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
        QVERIFY(addEnrolledDevices(kDevices));
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
        m_db.close();
    }

    void refreshRunsInBatchesAndCancelsBetweenThem()
    {
        QStringList udids;
        for (int i = 0; i < kDevices; ++i)
            udids.append(udid(i));
        BulkAction action(
            m_db.worker(), QStringLiteral("Refreshing"), udids,
            [](storage::Database& db, const QString& device) {
                return DeviceActions::queueInventoryRefresh(
                    db, device, QStringLiteral("test"), QDateTime::currentDateTimeUtc());
            },
            DeviceActions::changedTables());
        action.setBatchSize(20);
        QSignalSpy progressed(&action, &BulkAction::progressed);
        // Cancel as the second batch reports, as a person pressing Cancel would.
        connect(&action, &BulkAction::progressed, &action, [&action](int processed) {
            auto* cancel = action.progressDialog()->findChild<QPushButton*>();
            if (processed >= 40 && cancel)
                cancel->click();
        });
        action.start(m_window.get());
        QVERIFY(action.progressDialog());
        QCOMPARE(action.progressDialog()->maximum(), kDevices);
        QTRY_VERIFY(action.isFinished());
        QVERIFY(action.wasCanceled());
        QCOMPARE(action.processed(), 40);
        QCOMPARE(action.failed(), 0);
        QCOMPARE(progressed.count(), 2);
        QVERIFY(!action.progressDialog()->isVisible());
        // What was done stays done: five requests for each of the 40 devices, none for the rest.
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_queue")).toInt(), 40 * 5);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(DISTINCT e.device_id) FROM command_queue q JOIN "
                                            "enrollments e ON e.id = q.enrollment_id"))
                     .toInt(),
            40);
        QCOMPARE(
            m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE request_type = 'SecurityInfo'")).toInt(),
            40);
    }

    void refreshOfTheWholeSelectionFromTheWindow()
    {
        QTRY_COMPARE(m_model->rowCount(), kDevices);
        m_window->inventoryView()->selectAll();
        QCOMPARE(m_window->selectedUdids().size(), kDevices);
        auto* action = m_window->findChild<QAction*>(QStringLiteral("actionRefreshInventory"));
        QVERIFY(action->isEnabled());
        QVERIFY(action->text().contains(QString::number(kDevices)));
        BulkAction* bulk = m_window->refreshInventory(m_window->selectedUdids(), true);
        QVERIFY(bulk);
        QTRY_VERIFY(bulk->isFinished());
        QVERIFY(!bulk->wasCanceled());
        QCOMPARE(bulk->processed(), kDevices);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_queue WHERE state = 'queued'")).toInt(),
            kDevices * 5);
        // The pending-commands column and quick filter see them.
        QTRY_COMPARE(m_model->index(0, DeviceInventoryModel::PendingCommands).data().toInt(), 5);
        m_model->setQuickFilters(DeviceInventoryModel::PendingCommandsOnly);
        QCOMPARE(m_model->rowCount(), kDevices);
    }

    void oneFailingDeviceLeavesTheOthersDone()
    {
        // The last device is unenrolled: it has no device channel to queue on.
        m_db.scalar(QStringLiteral("UPDATE enrollments SET status = 'checked_out' WHERE device_id = "
                                   "(SELECT id FROM devices WHERE udid = ?)"),
            {udid(2)});
        BulkAction* bulk = m_window->refreshInventory({udid(0), udid(1), udid(2)}, true);
        QTRY_VERIFY(bulk->isFinished());
        QCOMPARE(bulk->processed(), 3);
        QCOMPARE(bulk->failed(), 1);
        QVERIFY(bulk->errors().first().startsWith(udid(2)));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_queue")).toInt(), 2 * 5);
        auto* box = m_window->findChild<QMessageBox*>(QStringLiteral("bulkActionErrors"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("1 device failed")));
        box->close();
    }

    void removeManagementBothWays()
    {
        // Refusal marks the devices for a 401 at their next request.
        BulkAction* refuse
            = m_window->removeManagement({udid(0), udid(1)}, MainWindow::Removal::RefuseNextRequest, true);
        QTRY_VERIFY(refuse->isFinished());
        QCOMPARE(refuse->failed(), 0);
        QCOMPARE(
            m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM devices WHERE unenroll_requested_at IS NOT NULL")).toInt(),
            2);

        // RemoveProfile needs the enrollment profile's identifier; without it every device says why.
        BulkAction* failing = m_window->removeManagement({udid(3)}, MainWindow::Removal::RemoveProfile, true);
        QTRY_VERIFY(failing->isFinished());
        QCOMPARE(failing->failed(), 1);
        QVERIFY2(failing->errors().first().contains(QStringLiteral("quincectl enrollment profile")),
            qPrintable(failing->errors().first()));
        if (auto* box = m_window->findChild<QMessageBox*>(QStringLiteral("bulkActionErrors")))
            box->close();

        m_db.scalar(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 1)"),
            {inventory::DeviceLifecycle::profileIdentifierSettingKey(), QStringLiteral("com.example.mdm")});
        BulkAction* removing = m_window->removeManagement({udid(3), udid(4)}, MainWindow::Removal::RemoveProfile, true);
        QTRY_VERIFY(removing->isFinished());
        QCOMPARE(removing->failed(), 0);
        QCOMPARE(
            m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE request_type = 'RemoveProfile'")).toInt(),
            2);
    }

private:
    static constexpr int kDevices = 120;

    static QString udid(int i) { return QStringLiteral("BULK-%1").arg(i, 4, 10, QLatin1Char('0')); }

    bool addEnrolledDevices(int count)
    {
        return m_db.run([count](storage::Database& db) -> storage::StorageStatus {
            for (int i = 0; i < count; ++i) {
                auto device = db.exec(QStringLiteral("INSERT INTO devices (udid, device_name, enrollment_state, "
                                                     "created_at, updated_at) VALUES (?, ?, 'enrolled', 1, 1)"),
                    {udid(i), QStringLiteral("Device %1").arg(i, 4, 10, QLatin1Char('0'))});
                if (!device)
                    return device.error();
                auto enrollment = db.exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, "
                                                         "created_at, updated_at) SELECT id, 'device', 'active', 1, 1 "
                                                         "FROM devices WHERE udid = ?"),
                    {udid(i)});
                if (!enrollment)
                    return enrollment.error();
            }
            return {};
        });
    }

    test::TestDatabase m_db;
    std::optional<storage::Database> m_reader;
    std::unique_ptr<DeviceInventoryModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestBulkActions)
#include "tst_BulkActions.moc"

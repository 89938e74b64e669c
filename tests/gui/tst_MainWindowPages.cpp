// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's frame: navigation with live counts from the store, placeholders and
// installed pages, keyboard access, the column chooser, and state restored on restart.
#include "InventoryFixture.h"
#include "core/storage/StorageWorker.h"
#include "ui/Translations.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/NavigationDelegate.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <optional>

using quince::storage::Database;
using quince::storage::StorageStatus;
using quince::storage::StorageWorker;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;
using quince::ui::NavigationDelegate;
using Page = quince::ui::MainWindow::Page;

class TestMainWindowPages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        quince::ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("quince.sqlite3"));
        QVERIFY(m_storage.start(m_path).ok());
        QVERIFY(write([](Database& db) { return quince::test::addDevices(db, 0, 30); }));
        auto reader = Database::openReader(m_path);
        QVERIFY(reader.ok());
        m_reader.emplace(std::move(reader).value());
        m_model = new DeviceInventoryModel(m_reader->connection(), this);
        connect(&m_storage, &StorageWorker::committed, m_model, &DeviceInventoryModel::refresh);
    }

    void cleanupTestCase()
    {
        delete m_model;
        m_reader.reset();
        m_storage.stop();
    }

    void navigationShowsPlaceholdersAndInstalledPages()
    {
        MainWindow window(m_model, m_dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListWidget* navigation = window.navigation();
        QCOMPARE(navigation->count(), MainWindow::kPageCount);
        const QStringList titles {QStringLiteral("Devices"), QStringLiteral("Commands"), QStringLiteral("Approvals"),
            QStringLiteral("Profiles"), QStringLiteral("Certificates"), QStringLiteral("Audit Log"),
            QStringLiteral("Settings")};
        for (int i = 0; i < titles.size(); ++i)
            QCOMPARE(navigation->item(i)->text(), titles.at(i));
        QCOMPARE(window.currentPage(), Page::Devices);

        // Ctrl+3: the Approvals placeholder says when it comes.
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), Page::Approvals);
        QCOMPARE(navigation->currentRow(), 2);
        auto* placeholder = qobject_cast<QLabel*>(window.page(Page::Approvals));
        QVERIFY(placeholder && placeholder->isVisible());
        QCOMPARE(placeholder->text(), QStringLiteral("Approvals arrive with the two-person rule."));
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("actionRefreshInventory"))->isEnabled());

        // Installing a page replaces the placeholder, also while it is shown.
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QPointer<QWidget> oldCommands = window.page(Page::Commands);
        auto* commands = new QLabel(QStringLiteral("the commands page"));
        window.setPage(Page::Commands, commands);
        QVERIFY(oldCommands.isNull());
        QCOMPARE(window.page(Page::Commands), commands);
        QCOMPARE(window.currentPage(), Page::Commands);
        QVERIFY(commands->isVisible());
        auto* certificates = new QLabel(QStringLiteral("the certificates page"));
        window.setPage(Page::Certificates, certificates);
        navigation->setCurrentRow(4); // a click on the entry
        QVERIFY(certificates->isVisible());
        QVERIFY(!commands->isVisible());
        // Devices is the window's own.
        window.setPage(Page::Devices, new QLabel);
        QCOMPARE(window.page(Page::Devices)->objectName(), QStringLiteral("devicesPage"));

        // Ctrl+F from any page goes to the device filter.
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), Page::Devices);
        QTRY_VERIFY(window.filterEdit()->hasFocus());
    }

    void countsFollowTheStore()
    {
        MainWindow window(m_model, m_dir.path());
        window.attachStore(*m_reader, m_storage);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto badge = [&](Page page) {
            return window.navigation()->item(int(page))->data(NavigationDelegate::BadgeRole).toString();
        };
        const auto alert = [&](Page page) {
            return window.navigation()->item(int(page))->data(NavigationDelegate::AlertRole).toBool();
        };
        QCOMPARE(badge(Page::Devices), QStringLiteral("30"));
        QCOMPARE(badge(Page::Commands), QString());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("pushStatusLabel"))->text().contains(QStringLiteral("none")));
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("connectedLabel"))->text(),
            QStringLiteral("0 devices connected in the last minute"));

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(write([now](Database& db) -> StorageStatus {
            for (const auto& [sql, bindings] : std::initializer_list<std::pair<QString, QVariantList>> {
                     {QStringLiteral("UPDATE devices SET inactive_since = 1 WHERE id <= 4"), {}},
                     {QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE id IN (10, 11)"), {now}},
                     {QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, updated_at)"
                                     " VALUES (10, 'device', 'active', 1, 1)"),
                         {}},
                     {QStringLiteral("INSERT INTO commands (command_uuid, request_type, payload, created_at)"
                                     " VALUES ('C1', 'DeviceLock', x'00', 1), ('C2', 'EraseDevice', x'00', 1)"),
                         {}},
                     {QStringLiteral("INSERT INTO command_queue (enrollment_id, command_id, state, queued_at)"
                                     " SELECT e.id, c.id, CASE c.command_uuid WHEN 'C1' THEN 'queued'"
                                     " ELSE 'pending_approval' END, 1 FROM enrollments e, commands c"),
                         {}},
                     {QStringLiteral("INSERT INTO certificates (kind, subject, issuer, serial_hex, sha256, not_before,"
                                     " not_after, der, created_at) VALUES ('push', 'CN=push', 'CN=Apple', '02',"
                                     " 'ab', 0, ?, x'00', 1)"),
                         {now + 10LL * 24 * 3600 * 1000}},
                 }) {
                auto done = db.exec(sql, bindings);
                if (!done)
                    return done.error();
            }
            return {};
        }));
        QTRY_COMPARE(badge(Page::Devices), QStringLiteral("30 \u00b7 4 inactive"));
        QCOMPARE(badge(Page::Commands), QStringLiteral("1"));
        QVERIFY(!alert(Page::Commands));
        QCOMPARE(badge(Page::Approvals), QStringLiteral("1"));
        QVERIFY(alert(Page::Approvals));
        QCOMPARE(badge(Page::Certificates), QStringLiteral("1")); // the push certificate ends in 10 days
        QVERIFY(alert(Page::Certificates));
        auto* push = window.findChild<QLabel*>(QStringLiteral("pushStatusLabel"));
        QVERIFY2(push->text().startsWith(QStringLiteral("Push certificate expires on"))
                && push->text().contains(QStringLiteral("in 9 days")),
            qPrintable(push->text()));
        QVERIFY(!push->styleSheet().isEmpty()); // red: it expires within the warning period
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("connectedLabel"))->text(),
            QStringLiteral("2 devices connected in the last minute"));
        QCOMPARE(window.findChild<QToolButton*>(QStringLiteral("quickFilterInactive"))->text(),
            QStringLiteral("&Inactive (4)"));

        // The quick filter button narrows the inventory.
        window.findChild<QToolButton*>(QStringLiteral("quickFilterInactive"))->click();
        QCOMPARE(m_model->rowCount(), 4);
        window.findChild<QToolButton*>(QStringLiteral("quickFilterPending"))->click();
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("inventoryEmpty"))
                    ->text()
                    .contains(QStringLiteral("quick filters")));
        window.findChild<QToolButton*>(QStringLiteral("quickFilterInactive"))->click();
        QCOMPARE(m_model->rowCount(), 1); // device 10 has both commands
        window.findChild<QToolButton*>(QStringLiteral("quickFilterPending"))->click();
        QCOMPARE(m_model->rowCount(), 30);
    }

    void attachedStoreRefreshesTheInventoryOncePerBurst()
    {
        // A model nobody else refreshes: the window follows the writer's commits itself.
        DeviceInventoryModel own(m_reader->connection());
        MainWindow window(&own, m_dir.path());
        window.attachStore(*m_reader, m_storage);
        const int before = own.rowCount();
        QSignalSpy reset(&own, &QAbstractItemModel::modelReset);
        for (int i = 0; i < 5; ++i)
            QVERIFY(write([i](Database& db) { return quince::test::addDevices(db, 1000 + i, 1); }));
        QTRY_COMPARE(own.rowCount(), before + 5);
        QCOMPARE(reset.count(), 1); // five commits, one re-read
        QCOMPARE(m_model->rowCount(), before + 5);
    }

    void columnChooserAndStateSurviveARestart()
    {
        {
            MainWindow window(m_model, m_dir.path());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QHeaderView* header = window.inventoryView()->horizontalHeader();
            QVERIFY(header->isSectionHidden(DeviceInventoryModel::Udid)); // hidden by default
            QVERIFY(header->isSectionHidden(DeviceInventoryModel::Platform));
            QVERIFY(!header->isSectionHidden(DeviceInventoryModel::Battery));

            // The header's context menu lists every column, checked when shown.
            bool sawMenu = false;
            QTimer::singleShot(0, this, [&sawMenu] {
                auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
                if (!menu)
                    return;
                for (QAction* action : menu->actions()) {
                    if (action->text() == QLatin1String("Battery")) {
                        sawMenu = action->isChecked();
                        action->trigger(); // hide it
                    }
                }
                menu->close();
            });
            Q_EMIT header->customContextMenuRequested(QPoint(10, 5));
            QVERIFY(sawMenu);
            QVERIFY(header->isSectionHidden(DeviceInventoryModel::Battery));

            window.inventoryView()->sortByColumn(DeviceInventoryModel::SerialNumber, Qt::DescendingOrder);
            header->resizeSection(DeviceInventoryModel::Name, 321);
            window.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->setSizes({250, 900});
            window.findChild<QToolButton*>(QStringLiteral("quickFilterSupervised"))->setChecked(false);
            window.showPage(Page::Profiles);
            window.close();
        }
        MainWindow again(m_model, m_dir.path());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QHeaderView* header = again.inventoryView()->horizontalHeader();
        QVERIFY(header->isSectionHidden(DeviceInventoryModel::Battery));
        QCOMPARE(header->sectionSize(DeviceInventoryModel::Name), 321);
        QCOMPARE(header->sortIndicatorSection(), int(DeviceInventoryModel::SerialNumber));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(m_model->index(0, DeviceInventoryModel::SerialNumber).data().toString(), QStringLiteral("SN92000"));
        QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes().first(), 250);
        QCOMPARE(again.currentPage(), Page::Profiles);
        QSettings().clear();
    }

private:
    bool write(const std::function<StorageStatus(Database&)>& job)
    {
        const StorageStatus status = m_storage.writeAndWait(job);
        if (!status)
            qWarning("%s", qPrintable(status.error().toString()));
        return status.ok();
    }
    bool write(const std::function<bool(Database&)>& job)
    {
        return write(std::function<StorageStatus(Database&)>([job](Database& db) -> StorageStatus {
            return job(db) ? StorageStatus() : StorageStatus(quince::storage::StorageError {});
        }));
    }

    QTemporaryDir m_dir;
    QString m_path;
    StorageWorker m_storage;
    std::optional<Database> m_reader;
    DeviceInventoryModel* m_model = nullptr;
};

QTEST_MAIN(TestMainWindowPages)
#include "tst_MainWindowPages.moc"

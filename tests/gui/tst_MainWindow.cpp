// SPDX-License-Identifier: GPL-3.0-or-later
// The console's main window, offscreen, over a real store: opens, shows the empty state, shows
// devices after a commit, filters from the keyboard, shows About, and closes with Quit.
#include "InventoryFixture.h"
#include "core/common/Version.h"
#include "core/storage/StorageWorker.h"
#include "ui/Translations.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using quince::storage::Database;
using quince::storage::StorageWorker;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings of the window go to a test location
        quince::ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("quince.sqlite3"));
        QVERIFY(m_storage.start(m_path).ok());
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

    void opensWithTheEmptyState()
    {
        MainWindow window(m_model, m_dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Quince"));
        auto* stack = window.findChild<QStackedWidget*>();
        auto* empty = window.findChild<QLabel*>(QStringLiteral("inventoryEmpty"));
        QVERIFY(stack && empty);
        QCOMPARE(stack->currentWidget(), empty);
        QVERIFY(empty->text().contains(QStringLiteral("No devices yet")));
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("deviceCountLabel"))->text(), QStringLiteral("0 devices"));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("dataDirectoryLabel"))->text().contains(m_dir.path()));
    }

    void showsDevicesAfterACommitAndFiltersFromTheKeyboard()
    {
        MainWindow window(m_model, m_dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Written through the real worker: its committed() signal is what refreshes the model.
        QSignalSpy committed(&m_storage, &StorageWorker::committed);
        const auto written = m_storage.writeAndWait([](Database& db) {
            return quince::test::addDevices(db, 0, 25) ? quince::storage::StorageStatus()
                                                       : quince::storage::StorageError {};
        });
        QVERIFY(written.ok());
        QTRY_COMPARE(m_model->rowCount(), 25);
        QCOMPARE(committed.count(), 1);

        auto* stack = window.findChild<QStackedWidget*>();
        QCOMPARE(stack->currentWidget(), window.inventoryView());
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("deviceCountLabel"))->text(), QStringLiteral("25 devices"));
        QCOMPARE(window.inventoryView()->model()->index(0, 0).data().toString(), QStringLiteral("Device 00000"));

        // Ctrl+F puts the cursor in the filter; typing narrows the list.
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window.filterEdit()->hasFocus());
        QTest::keyClicks(window.filterEdit(), QStringLiteral("ipad"));
        QCOMPARE(m_model->rowCount(), 25); // typing is debounced: nothing filtered yet
        QTRY_COMPARE(m_model->rowCount(), 9); // devices 0, 3, ..., 24
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("deviceCountLabel"))->text(),
            QStringLiteral("9 of 25 devices shown"));

        QTest::keyClicks(window.filterEdit(), QStringLiteral("zzz"));
        QTest::keyClick(window.filterEdit(), Qt::Key_Return); // Enter filters at once
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(
            window.findChild<QLabel*>(QStringLiteral("inventoryEmpty"))->text().contains(QStringLiteral("ipadzzz")));
        window.filterEdit()->clear();
        QTRY_COMPARE(m_model->rowCount(), 25);
    }

    void aboutShowsTheVersion()
    {
        MainWindow window(m_model, m_dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QString aboutText;
        // The box is modal: read and close it from the event loop it runs.
        QTimer::singleShot(0, this, [&aboutText] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (box) {
                aboutText = box->text();
                box->close();
            }
        });
        window.findChild<QAction*>(QStringLiteral("actionAbout"))->trigger();
        QVERIFY2(aboutText.contains(quince::versionString()), qPrintable(aboutText));
    }

    void applicationIconRenders()
    {
        // Compiled into quince_ui and drawn by the SVG image plugin (package libqt6svg6).
        const QIcon icon(QStringLiteral(":/icons/quince.svg"));
        QVERIFY(!icon.isNull());
        const QImage image = icon.pixmap(64, 64).toImage();
        QCOMPARE(image.size(), QSize(64, 64));
        QCOMPARE(image.pixelColor(32, 4), QColor(0x2f, 0x48, 0x58)); // the tile's colour
    }

    void quitClosesTheWindow()
    {
        MainWindow window(m_model, m_dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* quit = window.findChild<QAction*>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
        quit->trigger();
        QVERIFY(!window.isVisible());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    StorageWorker m_storage;
    std::optional<Database> m_reader;
    DeviceInventoryModel* m_model = nullptr;
};

QTEST_MAIN(TestMainWindow)
#include "tst_MainWindow.moc"

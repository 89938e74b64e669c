// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory at the size the console promises: 50,000 devices in a real store, sorted by
// every column, filtered as typed and by the quick filters, exported as CSV; and the model's
// contract checked with QAbstractItemModelTester on a smaller store through every column sort.
#include "InventoryFixture.h"
#include "ui/Translations.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QHeaderView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using quince::storage::Database;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;

class TestInventoryScale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        quince::ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("scale.sqlite3"));
        auto writer = Database::openWriter(m_path);
        QVERIFY(writer.ok());
        m_writer.emplace(std::move(writer).value());
        QVERIFY(quince::test::addDevices(*m_writer, 0, kDevices));
        // Migration 4's columns: every 7th device inactive, even ones supervised, a battery level.
        QVERIFY(m_writer
                    ->exec(QStringLiteral("UPDATE devices SET inactive_since = CASE WHEN id % 7 = 0 THEN 1 END,"
                                          " is_supervised = CASE WHEN id % 2 = 0 THEN 1 ELSE 0 END,"
                                          " battery_level = (id % 100) / 100.0,"
                                          " model_name = CASE WHEN platform = 'iPadOS' THEN 'iPad' ELSE 'iPhone' END"))
                    .ok());
        auto reader = Database::openReader(m_path);
        QVERIFY(reader.ok());
        m_reader.emplace(std::move(reader).value());
    }

    void cleanupTestCase()
    {
        m_reader.reset();
        m_writer.reset();
    }

    void sortsFiftyThousandByEveryColumn()
    {
        DeviceInventoryModel model(m_reader->connection());
        QCOMPARE(model.rowCount(), kDevices);
        model.sort(DeviceInventoryModel::SerialNumber, Qt::DescendingOrder);
        QCOMPARE(model.index(0, DeviceInventoryModel::SerialNumber).data().toString(), QStringLiteral("SN99994"));
        QCOMPARE(
            model.index(kDevices - 1, DeviceInventoryModel::SerialNumber).data().toString(), QStringLiteral("SN00000"));
        model.sort(DeviceInventoryModel::Battery, Qt::DescendingOrder);
        QCOMPARE(model.index(0, DeviceInventoryModel::Battery).data().toString(), QStringLiteral("99%"));
        QCOMPARE(model.index(kDevices - 1, DeviceInventoryModel::Battery).data().toString(), QStringLiteral("0%"));
        model.sort(DeviceInventoryModel::InactiveSince, Qt::DescendingOrder);
        QVERIFY(!model.index(0, DeviceInventoryModel::InactiveSince).data().toString().isEmpty());
        model.sort(DeviceInventoryModel::Name, Qt::DescendingOrder);
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 49999"));
        // Every column sorts and reads a row from the middle and the end.
        for (int column = 0; column < DeviceInventoryModel::ColumnCount; ++column) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.sort(column, order);
                QCOMPARE(model.rowCount(), kDevices);
                QVERIFY(model.index(kDevices / 2, DeviceInventoryModel::Name).data().isValid());
                QVERIFY(model.index(kDevices - 1, DeviceInventoryModel::Name).data().isValid());
                QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
            }
        }
    }

    void filtersFiftyThousandAsTypedAndByQuickFilters()
    {
        DeviceInventoryModel model(m_reader->connection());
        model.setFilterText(QStringLiteral("ipad"));
        QCOMPARE(model.rowCount(), 16667);
        QCOMPARE(model.totalCount(), kDevices);
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00000"));
        model.setFilterText(QStringLiteral("17.3")); // OS version is searched too
        QCOMPARE(model.rowCount(), 7143);
        model.setFilterText(QString());
        model.setQuickFilters(DeviceInventoryModel::InactiveOnly);
        QCOMPARE(model.rowCount(), kDevices / 7);
        model.setQuickFilters(DeviceInventoryModel::InactiveOnly | DeviceInventoryModel::SupervisedOnly);
        QCOMPARE(model.rowCount(), kDevices / 14);
        model.setFilterText(QStringLiteral("Device 0001")); // devices 10..19; id = number + 1
        QCOMPARE(model.rowCount(), 1); // id 14 is the only even multiple of 7 there
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00013"));
        model.setQuickFilters(DeviceInventoryModel::PendingCommandsOnly);
        QCOMPARE(model.rowCount(), 0);
    }

    void exportsTheCurrentFilterAsCsv()
    {
        DeviceInventoryModel model(m_reader->connection());
        MainWindow window(&model, m_dir.path());
        QHeaderView* header = window.inventoryView()->horizontalHeader();
        // Only visible columns, in their visual order.
        for (int column = 0; column < DeviceInventoryModel::ColumnCount; ++column)
            header->setSectionHidden(column,
                column != DeviceInventoryModel::Name && column != DeviceInventoryModel::SerialNumber
                    && column != DeviceInventoryModel::Supervised);
        header->moveSection(header->visualIndex(DeviceInventoryModel::SerialNumber), 0);
        model.setFilterText(QStringLiteral("ipad"));
        model.setQuickFilters(DeviceInventoryModel::InactiveOnly);
        const int shown = model.rowCount();
        QVERIFY(shown > 100);

        const QString path = m_dir.filePath(QStringLiteral("export.csv"));
        QString error;
        QVERIFY2(window.exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), shown + 2); // header, rows, and the empty rest after the last CRLF
        QCOMPARE(lines.first(), QByteArray("Serial Number,Name,Supervised\r"));
        QCOMPARE(lines.at(1), QByteArray("SN60000,Device 00006,No\r")); // id 7: inactive, not supervised
        QVERIFY(lines.at(shown + 1).isEmpty());

        // A field with a comma or a quote is quoted.
        QVERIFY(m_writer
                    ->exec(QStringLiteral("UPDATE devices SET device_name = ? WHERE id = 1"),
                        {QStringLiteral("Anna's \"big\", iPad")})
                    .ok());
        model.setQuickFilters(DeviceInventoryModel::NoQuickFilter);
        model.setFilterText(QStringLiteral("anna"));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(window.exportCsv(path, &error));
        file.close(); // QSaveFile replaced the file: read the new one
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(file.readAll()).contains(QStringLiteral("\"Anna's \"\"big\"\", iPad\"")));
        QVERIFY(!window.exportCsv(m_dir.filePath(QStringLiteral("no/such/dir/x.csv")), &error));
        QVERIFY(!error.isEmpty());
    }

    void modelContractThroughEveryColumnAndFilter()
    {
        const QString path = m_dir.filePath(QStringLiteral("small.sqlite3"));
        auto writer = Database::openWriter(path);
        QVERIFY(writer.ok());
        QVERIFY(quince::test::addDevices(*writer, 0, 600));
        QVERIFY(writer
                    ->exec(QStringLiteral("UPDATE devices SET is_supervised = id % 2, battery_level = 0.5,"
                                          " inactive_since = CASE WHEN id % 5 = 0 THEN 7 END"))
                    .ok());
        auto reader = Database::openReader(path);
        QVERIFY(reader.ok());
        DeviceInventoryModel model(reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int column = 0; column < DeviceInventoryModel::ColumnCount; ++column) {
            QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
            model.sort(column, Qt::DescendingOrder);
            model.sort(column, Qt::AscendingOrder);
        }
        model.setQuickFilters(DeviceInventoryModel::SupervisedOnly);
        QCOMPARE(model.rowCount(), 300);
        model.setQuickFilters(DeviceInventoryModel::SupervisedOnly | DeviceInventoryModel::InactiveOnly);
        QCOMPARE(model.rowCount(), 60);
        model.setFilterText(QStringLiteral("ipad"));
        QVERIFY(model.rowCount() > 0 && model.rowCount() < 60);
        QCOMPARE(model.index(0, DeviceInventoryModel::Battery).data().toString(), QStringLiteral("50%"));
        QCOMPARE(model.index(0, DeviceInventoryModel::Battery).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
            Qt::AlignRight | Qt::AlignVCenter);

        // Non-compliant: a SecurityInfo whose passcode does not comply, either way.
        QVERIFY(writer
                    ->exec(QStringLiteral("INSERT INTO device_security (device_id, passcode_compliant,"
                                          " passcode_compliant_with_profiles, security_info, reported_at)"
                                          " SELECT id, CASE WHEN id % 4 = 0 THEN 0 ELSE 1 END,"
                                          " CASE WHEN id % 6 = 0 THEN 0 ELSE 1 END, x'00', 1 FROM devices"))
                    .ok());
        model.setFilterText(QString());
        model.setQuickFilters(DeviceInventoryModel::NonCompliantOnly);
        QCOMPARE(model.rowCount(), 200); // ids divisible by 4 or 6: 150 + 100 - 50
    }

    void refreshKeepsTheSelectionWhenTheRowsStay()
    {
        const QString path = m_dir.filePath(QStringLiteral("selection.sqlite3"));
        auto writer = Database::openWriter(path);
        QVERIFY(writer.ok());
        QVERIFY(quince::test::addDevices(*writer, 0, 40));
        auto reader = Database::openReader(path);
        QVERIFY(reader.ok());
        DeviceInventoryModel model(reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MainWindow window(&model, m_dir.path());
        window.inventoryView()->selectRow(3);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // A device reports: same rows, new values; the selection stays on it.
        QVERIFY(writer->exec(QStringLiteral("UPDATE devices SET battery_level = 0.5 WHERE id = 4")).ok());
        model.refresh();
        QCOMPARE(reset.count(), 0);
        QCOMPARE(window.selectedUdids(), QStringList {QStringLiteral("udid-00003")});
        QCOMPARE(model.index(3, DeviceInventoryModel::Battery).data().toString(), QStringLiteral("50%"));
        // A new device changes the rows: the view starts afresh.
        QVERIFY(quince::test::addDevices(*writer, 40, 1));
        model.refresh();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 41);
    }

private:
    static constexpr int kDevices = 50'000;
    QTemporaryDir m_dir;
    QString m_path;
    std::optional<Database> m_writer;
    std::optional<Database> m_reader;
};

QTEST_MAIN(TestInventoryScale)
#include "tst_InventoryScale.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "InventoryFixture.h"
#include "ui/inventory/DeviceInventoryModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using quince::storage::Database;
using quince::ui::DeviceInventoryModel;

class TestDeviceInventoryModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("inv-%1.sqlite3").arg(++m_counter));
        auto writer = Database::openWriter(m_path);
        QVERIFY2(writer.ok(), qPrintable(writer.ok() ? QString() : writer.error().toString()));
        m_writer.emplace(std::move(writer).value());
        auto reader = Database::openReader(m_path);
        QVERIFY2(reader.ok(), qPrintable(reader.ok() ? QString() : reader.error().toString()));
        m_reader.emplace(std::move(reader).value());
    }

    void cleanup()
    {
        m_reader.reset();
        m_writer.reset();
    }

    void emptyStore()
    {
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), 0);
        QCOMPARE(model.columnCount(), int(DeviceInventoryModel::ColumnCount));
        QCOMPARE(model.headerData(DeviceInventoryModel::SerialNumber, Qt::Horizontal).toString(),
            QStringLiteral("Serial Number"));
        QVERIFY(model.lastError().isEmpty());
    }

    void readsPagesOnDemandAcrossTheWholeTable()
    {
        QVERIFY(quince::test::addDevices(*m_writer, 0, 1000));
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.totalCount(), 1000);
        // Default order: by name ascending.
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00000"));
        QCOMPARE(model.index(999, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00999"));
        QCOMPARE(model.index(300, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00300"));
        QCOMPARE(model.index(300, DeviceInventoryModel::Model).data().toString(), QStringLiteral("iPad Air"));
        QCOMPARE(model.index(301, DeviceInventoryModel::Platform).data().toString(), QStringLiteral("iOS"));
        QCOMPARE(model.index(300, DeviceInventoryModel::State).data().toString(), QStringLiteral("Enrolled"));
        QCOMPARE(model.index(300, DeviceInventoryModel::LastSeen).data().toString(), QStringLiteral("Never"));
        QVERIFY(model.index(301, DeviceInventoryModel::LastSeen).data().toString() != QStringLiteral("Never"));
        QCOMPARE(model.index(7, 0).data(DeviceInventoryModel::UdidRole).toString(), QStringLiteral("udid-00007"));
        QVERIFY(model.index(7, 0).data(DeviceInventoryModel::DeviceIdRole).toLongLong() > 0);
        QVERIFY(!model.index(1000, 0).isValid());
    }

    void sortsInSql_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("firstName");
        QTest::addColumn<QString>("lastName");
        QTest::newRow("name asc") << int(DeviceInventoryModel::Name) << int(Qt::AscendingOrder)
                                  << QStringLiteral("Device 00000") << QStringLiteral("Device 00599");
        QTest::newRow("name desc") << int(DeviceInventoryModel::Name) << int(Qt::DescendingOrder)
                                   << QStringLiteral("Device 00599") << QStringLiteral("Device 00000");
        // Serials are the reversed numbers: the smallest is SN00000 (device 0), the largest
        // SN99500 (device 599).
        QTest::newRow("serial asc") << int(DeviceInventoryModel::SerialNumber) << int(Qt::AscendingOrder)
                                    << QStringLiteral("Device 00000") << QStringLiteral("Device 00599");
        QTest::newRow("serial desc") << int(DeviceInventoryModel::SerialNumber) << int(Qt::DescendingOrder)
                                     << QStringLiteral("Device 00599") << QStringLiteral("Device 00000");
        // Last seen: NULLs (never seen) sort first ascending in SQLite; the newest is the last id.
        QTest::newRow("last seen desc") << int(DeviceInventoryModel::LastSeen) << int(Qt::DescendingOrder)
                                        << QStringLiteral("Device 00599") << QStringLiteral("Device 00000");
    }

    void sortsInSql()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, firstName);
        QFETCH(QString, lastName);
        QVERIFY(quince::test::addDevices(*m_writer, 0, 600));
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(column, Qt::SortOrder(order));
        QCOMPARE(model.rowCount(), 600);
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), firstName);
        QCOMPARE(model.index(599, DeviceInventoryModel::Name).data().toString(), lastName);
    }

    void serialOrderIsNotNameOrder()
    {
        QVERIFY(quince::test::addDevices(*m_writer, 0, 600));
        DeviceInventoryModel model(m_reader->connection());
        model.sort(DeviceInventoryModel::SerialNumber, Qt::AscendingOrder);
        // SN00000 (device 0) < SN00100 (device 100) < SN00200 < ... < SN01000 (device 10)
        QCOMPARE(model.index(1, DeviceInventoryModel::SerialNumber).data().toString(), QStringLiteral("SN00100"));
        QCOMPARE(model.index(1, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00100"));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("expected");
        QTest::newRow("none") << QString() << 300;
        QTest::newRow("model, any case") << QStringLiteral("ipad") << 100;
        QTest::newRow("name") << QStringLiteral("Device 0012") << 10;
        QTest::newRow("serial") << QStringLiteral("SN0010") << 1; // reversed 01000 is absent; only 00100
        QTest::newRow("udid") << QStringLiteral("udid-00042") << 1;
        QTest::newRow("percent is literal") << QStringLiteral("%") << 0;
        QTest::newRow("underscore is literal") << QStringLiteral("Device_") << 0;
        QTest::newRow("quote is harmless") << QStringLiteral("' OR 1=1 --") << 0;
        QTest::newRow("surrounding spaces ignored") << QStringLiteral("  iphone  ") << 200;
    }

    void filters()
    {
        QFETCH(QString, filter);
        QFETCH(int, expected);
        QVERIFY(quince::test::addDevices(*m_writer, 0, 300));
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &DeviceInventoryModel::countsChanged);
        model.setFilterText(filter);
        QCOMPARE(model.rowCount(), expected);
        QCOMPARE(model.totalCount(), 300);
        QVERIFY(model.lastError().isEmpty());
        if (!filter.trimmed().isEmpty()) {
            QCOMPARE(counts.count(), 1);
            QCOMPARE(counts.first().at(0).toInt(), expected);
            QCOMPARE(counts.first().at(1).toInt(), 300);
        }
    }

    void refreshSeesNewCommits()
    {
        QVERIFY(quince::test::addDevices(*m_writer, 0, 10));
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(quince::test::addDevices(*m_writer, 10, 5));
        model.refresh();
        QCOMPARE(model.rowCount(), 15);
        QCOMPARE(model.index(14, 0).data().toString(), QStringLiteral("Device 00014"));
    }

    void unnamedDeviceShowsItsUdid()
    {
        auto inserted = m_writer->exec(
            QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES (?, ?, ?, ?)"),
            {QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"), QStringLiteral("pending"), 1, 1});
        QVERIFY(inserted.ok());
        DeviceInventoryModel model(m_reader->connection());
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(),
            QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"));
        QVERIFY(model.index(0, DeviceInventoryModel::Name).data(Qt::FontRole).value<QFont>().italic());
        QCOMPARE(model.index(0, DeviceInventoryModel::State).data().toString(), QStringLiteral("Pending"));
    }

    // Two ways to go quiet: not seen for days (inventory) and pushes unanswered (APNs). The
    // Inactive quick filter and column show both, the earlier date first.
    void inactiveCoversSilenceAndUnansweredPushes()
    {
        QVERIFY(quince::test::addDevices(*m_writer, 0, 4));
        QVERIFY(m_writer
                    ->exec(QStringLiteral(
                        "UPDATE devices SET inactive_since = 1000 WHERE id = (SELECT MIN(id) FROM devices)"))
                    .ok());
        QVERIFY(m_writer
                    ->exec(QStringLiteral("UPDATE devices SET apns_inactive_since = 2000, apns_inactive_reason = ?"
                                          " WHERE id = (SELECT MAX(id) FROM devices)"),
                        {QStringLiteral("no_answer")})
                    .ok());
        DeviceInventoryModel model(m_reader->connection());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQuickFilters(DeviceInventoryModel::InactiveOnly);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00000"));
        QCOMPARE(model.index(1, DeviceInventoryModel::Name).data().toString(), QStringLiteral("Device 00003"));
        QVERIFY(model.index(1, DeviceInventoryModel::InactiveSince).data().isValid());
        QVERIFY(!model.index(1, DeviceInventoryModel::InactiveSince).data().toString().isEmpty());
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString m_path;
    std::optional<Database> m_writer;
    std::optional<Database> m_reader;
};

QTEST_MAIN(TestDeviceInventoryModel)
#include "tst_DeviceInventoryModel.moc"

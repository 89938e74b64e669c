// SPDX-License-Identifier: GPL-3.0-or-later
// Migration 4 on real SQLite files: every foreign key has an index, deleting a device removes
// its inventory, and a database of schema 3 keeps its devices and enrollments when upgraded.

#include "core/storage/Database.h"
#include "core/storage/Schema.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::storage;

namespace {

QStringList column(Database& db, const QString& sql, const QVariantList& bindings = {})
{
    QStringList values;
    auto query = db.exec(sql, bindings);
    while (query && query->next())
        values.append(query->value(0).toString());
    return values;
}

QVariant scalar(Database& db, const QString& sql, const QVariantList& bindings = {})
{
    auto query = db.exec(sql, bindings);
    return query && query->next() ? query->value(0) : QVariant();
}

const QStringList kInventoryTables {QStringLiteral("device_information"), QStringLiteral("device_facts"),
    QStringLiteral("device_security"), QStringLiteral("device_profiles"),
    QStringLiteral("device_provisioning_profiles"), QStringLiteral("device_certificates"),
    QStringLiteral("device_applications"), QStringLiteral("inventory_reports")};

} // namespace

class TestInventorySchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyForeignKeyHasAnIndex();
    void deletingADeviceRemovesItsInventory();
    void upgradeFromSchema3KeepsDevices();
};

void TestInventorySchema::everyForeignKeyHasAnIndex()
{
    QTemporaryDir dir;
    auto db = Database::openWriter(dir.filePath(Database::databaseFileName()));
    QVERIFY(db.ok());
    int checked = 0;
    for (const QString& table : kInventoryTables) {
        const QStringList keys
            = column(*db, QStringLiteral("SELECT \"from\" FROM pragma_foreign_key_list(?)"), {table});
        QVERIFY2(!keys.isEmpty(), qPrintable(table));
        const QStringList indexes = column(*db, QStringLiteral("SELECT name FROM pragma_index_list(?)"), {table});
        for (const QString& key : keys) {
            bool leads = false;
            for (const QString& index : indexes) {
                const QStringList columns
                    = column(*db, QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"), {index});
                leads = leads || columns.value(0) == key;
            }
            // A single-column INTEGER PRIMARY KEY is the rowid itself: indexed without an index.
            const bool rowid
                = column(*db, QStringLiteral("SELECT name FROM pragma_table_info(?) WHERE pk = 1"), {table})
                == QStringList {key};
            QVERIFY2(leads || rowid, qPrintable(table + u'.' + key));
            ++checked;
        }
    }
    QCOMPARE(checked, kInventoryTables.size());
}

void TestInventorySchema::deletingADeviceRemovesItsInventory()
{
    QTemporaryDir dir;
    auto db = Database::openWriter(dir.filePath(Database::databaseFileName()));
    QVERIFY(db.ok());
    const QStringList inserts {
        QStringLiteral("INSERT INTO devices (id, udid, enrollment_state, created_at, updated_at) VALUES "
                       "(1, 'U', 'enrolled', 0, 0)"),
        QStringLiteral("INSERT INTO enrollments (id, device_id, channel, status, created_at, updated_at) VALUES "
                       "(1, 1, 'device', 'active', 0, 0)"),
        QStringLiteral("INSERT INTO device_information VALUES (1, X'00', 0)"),
        QStringLiteral("INSERT INTO device_facts VALUES (1, 'OSVersion', '17.4', 'String', 0)"),
        QStringLiteral("INSERT INTO device_security (device_id, security_info, reported_at) VALUES (1, X'00', 0)"),
        QStringLiteral(
            "INSERT INTO device_profiles (enrollment_id, payload_identifier, reported_at) VALUES (1, 'p', 0)"),
        QStringLiteral("INSERT INTO device_provisioning_profiles (enrollment_id, reported_at) VALUES (1, 0)"),
        QStringLiteral("INSERT INTO device_certificates (enrollment_id, reported_at) VALUES (1, 0)"),
        QStringLiteral("INSERT INTO device_applications (enrollment_id, reported_at) VALUES (1, 0)"),
        QStringLiteral("INSERT INTO inventory_reports (enrollment_id, request_type) VALUES (1, 'ProfileList')"),
    };
    for (const QString& sql : inserts)
        QVERIFY2(db->exec(sql).ok(), qPrintable(sql));
    for (const QString& table : kInventoryTables)
        QCOMPARE(scalar(*db, QStringLiteral("SELECT COUNT(*) FROM ") + table).toInt(), 1);
    QVERIFY(db->exec(QStringLiteral("DELETE FROM devices")).ok());
    for (const QString& table : kInventoryTables)
        QCOMPARE(scalar(*db, QStringLiteral("SELECT COUNT(*) FROM ") + table).toInt(), 0);
    // Booleans stay 0/1.
    QVERIFY(!db->exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, is_supervised, created_at, "
                                     "updated_at) VALUES ('V', 'enrolled', 2, 0, 0)"))
                 .ok());
}

void TestInventorySchema::upgradeFromSchema3KeepsDevices()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(Database::databaseFileName());
    {
        auto old = Database::openWriter(path, schemaMigrations().mid(0, 3));
        QVERIFY(old.ok());
        QCOMPARE(old->schemaVersion(), 3);
        QVERIFY(old->exec(QStringLiteral("INSERT INTO devices (udid, serial_number, enrollment_state, last_seen_at, "
                                         "created_at, updated_at) VALUES ('U', 'SN', 'enrolled', 5, 0, 0)"))
                    .ok());
        QVERIFY(old->exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
                                         "SELECT id, 'device', 'active', 0, 0 FROM devices"))
                    .ok());
    }
    auto db = Database::openWriter(path);
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().toString()));
    QCOMPARE(db->schemaVersion(), latestSchemaVersion());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT serial_number FROM devices")).toString(), QStringLiteral("SN"));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 1);
    QVERIFY(scalar(*db, QStringLiteral("SELECT inactive_since FROM devices")).isNull());
    QVERIFY(scalar(*db, QStringLiteral("SELECT unenroll_requested_at FROM devices")).isNull());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT name FROM schema_migrations WHERE version = 4")).toString(),
        QStringLiteral("inventory and lifecycle"));
}

QTEST_GUILESS_MAIN(TestInventorySchema)
#include "tst_InventorySchema.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Migrations: every earlier version upgrades to the same schema as a fresh database, a failing
// migration leaves the previous schema intact, and a newer database is refused untouched.

#include "StorageTestSupport.h"

#include "core/storage/Database.h"
#include "core/storage/Schema.h"

#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(QList<quince::storage::Migration>)

using namespace quince;
using namespace quince::storage;
using namespace quince::storage::test;

namespace {

QList<Migration> customMigrations()
{
    return {
        {1, QStringLiteral("first"), {QStringLiteral("CREATE TABLE alpha (id ${ID}, data ${BLOB})")}},
        {2, QStringLiteral("second, broken"),
            {QStringLiteral("CREATE TABLE beta (id ${ID})"), QStringLiteral("INSERT INTO no_such_table VALUES (1)")}},
    };
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void upgradesFromEveryEarlierVersion_data();
    void upgradesFromEveryEarlierVersion();
    void reopeningAppliesNothingTwice();
    void failingMigrationRollsBack();
    void newerSchemaIsRefusedUntouched();
    void readerRefusesOlderSchema();
    void upgradesTheVersion1Fixture();
    void refusesForeignDatabaseUntouched();
    void refusesNonDatabaseUntouched_data();
    void refusesNonDatabaseUntouched();
    void malformedListIsRefused_data();
    void malformedListIsRefused();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMigrations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMigrations::upgradesFromEveryEarlierVersion_data()
{
    // Rows come from the product's list, so this test grows with every appended migration.
    QTest::addColumn<int>("fromVersion");
    for (int k = 0; k < latestSchemaVersion(); ++k)
        QTest::addRow("from %d", k) << k;
}

void TestMigrations::upgradesFromEveryEarlierVersion()
{
    QFETCH(int, fromVersion);
    const QString freshPath = m_dir->filePath(QStringLiteral("fresh.sqlite3"));
    const QString oldPath = m_dir->filePath(QStringLiteral("old.sqlite3"));

    QStringList freshSchema;
    {
        Result<Database, StorageError> fresh = Database::openWriter(freshPath);
        QVERIFY2(fresh.ok(), fresh ? "" : qPrintable(fresh.error().toString()));
        freshSchema = schemaDump(*fresh);
    }
    {
        Result<Database, StorageError> old = Database::openWriter(oldPath, schemaMigrations().mid(0, fromVersion));
        QVERIFY2(old.ok(), old ? "" : qPrintable(old.error().toString()));
        QCOMPARE(old->schemaVersion(), fromVersion);
    }

    Result<Database, StorageError> upgraded = Database::openWriter(oldPath);
    QVERIFY2(upgraded.ok(), upgraded ? "" : qPrintable(upgraded.error().toString()));
    QCOMPARE(upgraded->schemaVersion(), latestSchemaVersion());
    QCOMPARE(schemaDump(*upgraded), freshSchema);
    QCOMPARE(column(*upgraded, QStringLiteral("SELECT version FROM schema_migrations ORDER BY version")).size(),
        latestSchemaVersion());
    QCOMPARE(scalar(*upgraded, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QCOMPARE(scalar(*upgraded, QStringLiteral("PRAGMA foreign_key_check")), QVariant());
}

void TestMigrations::reopeningAppliesNothingTwice()
{
    const QString path = m_dir->filePath(Database::databaseFileName());
    QStringList applied;
    {
        Result<Database, StorageError> first = Database::openWriter(path);
        QVERIFY(first.ok());
        applied = column(*first, QStringLiteral("SELECT version || ':' || applied_at FROM schema_migrations"));
    }
    Result<Database, StorageError> second = Database::openWriter(path);
    QVERIFY(second.ok());
    QCOMPARE(column(*second, QStringLiteral("SELECT version || ':' || applied_at FROM schema_migrations")), applied);
}

void TestMigrations::failingMigrationRollsBack()
{
    const QString path = m_dir->filePath(Database::databaseFileName());
    const QList<Migration> migrations = customMigrations();

    Result<Database, StorageError> failed = Database::openWriter(path, migrations);
    QVERIFY(!failed);
    QCOMPARE(failed.error().kind, StorageErrorKind::MigrationFailed);
    QVERIFY2(failed.error().message.contains(QStringLiteral("migration 2")), qPrintable(failed.error().message));
    QVERIFY2(failed.error().message.contains(QStringLiteral("no_such_table")), qPrintable(failed.error().message));
    QCOMPARE(failed.error().statement, QStringLiteral("INSERT INTO no_such_table VALUES (1)"));

    // Migration 1 committed on its own; migration 2's good statement went with its bad one.
    Result<Database, StorageError> reader = Database::openReader(path, migrations.mid(0, 1));
    QVERIFY2(reader.ok(), reader ? "" : qPrintable(reader.error().toString()));
    QCOMPARE(reader->schemaVersion(), 1);
    const QStringList tables
        = column(*reader, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    QVERIFY(tables.contains(QStringLiteral("alpha")));
    QVERIFY(!tables.contains(QStringLiteral("beta")));
    QCOMPARE(
        column(*reader, QStringLiteral("SELECT name FROM schema_migrations")), QStringList {QStringLiteral("first")});
}

void TestMigrations::newerSchemaIsRefusedUntouched()
{
    const QString path = m_dir->filePath(Database::databaseFileName());
    const int future = latestSchemaVersion() + 7;
    {
        Result<Database, StorageError> db = Database::openWriter(path);
        QVERIFY(db.ok());
        // What a newer Quince would have left behind.
        QVERIFY(db->exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)"),
                      {future, QStringLiteral("from the future")})
                    .ok());
    }
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());

    Result<Database, StorageError> writer = Database::openWriter(path);
    QVERIFY(!writer);
    QCOMPARE(writer.error().kind, StorageErrorKind::SchemaTooNew);
    QVERIFY2(writer.error().message.contains(QString::number(future)), qPrintable(writer.error().message));
    QVERIFY2(
        writer.error().message.contains(QString::number(latestSchemaVersion())), qPrintable(writer.error().message));

    Result<Database, StorageError> reader = Database::openReader(path);
    QVERIFY(!reader);
    QCOMPARE(reader.error().kind, StorageErrorKind::SchemaTooNew);

    QCOMPARE(fileHash(path), before);
}

void TestMigrations::readerRefusesOlderSchema()
{
    const QString path = m_dir->filePath(Database::databaseFileName());
    {
        Result<Database, StorageError> empty = Database::openWriter(path, {});
        QVERIFY(empty.ok());
        QCOMPARE(empty->schemaVersion(), 0);
    }
    Result<Database, StorageError> reader = Database::openReader(path);
    QVERIFY(!reader);
    QCOMPARE(reader.error().kind, StorageErrorKind::SchemaTooOld);
}

void TestMigrations::upgradesTheVersion1Fixture()
{
    const QString path = m_dir->filePath(Database::databaseFileName());
    QVERIFY(loadSqlFixture(QStringLiteral("schema-v1.sql"), path));

    QStringList freshSchema;
    {
        Result<Database, StorageError> fresh = Database::openWriter(m_dir->filePath(QStringLiteral("fresh.sqlite3")));
        QVERIFY(fresh.ok());
        freshSchema = schemaDump(*fresh);
    }
    Result<Database, StorageError> upgraded = Database::openWriter(path);
    QVERIFY2(upgraded.ok(), upgraded ? "" : qPrintable(upgraded.error().toString()));
    QCOMPARE(upgraded->schemaVersion(), latestSchemaVersion());
    QCOMPARE(schemaDump(*upgraded), freshSchema);

    // The rows of the field database survive every migration.
    const QList<std::pair<const char*, int>> counts {{"devices", 3}, {"enrollments", 3}, {"commands", 2},
        {"command_queue", 2}, {"command_results", 1}, {"profiles", 1}, {"operators", 1}, {"audit_log", 1},
        {"settings", 1}};
    for (const auto& [table, count] : counts) {
        QCOMPARE(scalar(*upgraded, QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))).toInt(), count);
    }
    QCOMPARE(scalar(*upgraded, QStringLiteral("SELECT device_name FROM devices WHERE udid = ?"),
                 {QStringLiteral("00008101-000A1B2C3D4E5F60")})
                 .toString(),
        QStringLiteral("Reception Mac"));
    QCOMPARE(scalar(*upgraded, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QCOMPARE(scalar(*upgraded, QStringLiteral("PRAGMA foreign_key_check")), QVariant());
}

void TestMigrations::refusesForeignDatabaseUntouched()
{
    const QString path = m_dir->filePath(QStringLiteral("other.sqlite3"));
    QVERIFY(loadSqlFixture(QStringLiteral("foreign-app.sql"), path));
    const QByteArray before = fileHash(path);

    Result<Database, StorageError> writer = Database::openWriter(path);
    QVERIFY(!writer);
    QCOMPARE(writer.error().kind, StorageErrorKind::OpenFailed);
    QVERIFY2(
        writer.error().message.contains(QStringLiteral("not a Quince database")), qPrintable(writer.error().message));
    QCOMPARE(fileHash(path), before);
}

void TestMigrations::refusesNonDatabaseUntouched_data()
{
    QTest::addColumn<bool>("asWriter");
    QTest::newRow("writer") << true;
    QTest::newRow("reader") << false;
}

void TestMigrations::refusesNonDatabaseUntouched()
{
    QFETCH(bool, asWriter);
    const QString path = m_dir->filePath(Database::databaseFileName());
    QVERIFY(QFile::copy(fixturePath(QStringLiteral("not-a-database.sqlite3")), path));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    const QByteArray before = fileHash(path);

    Result<Database, StorageError> db = asWriter ? Database::openWriter(path) : Database::openReader(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, StorageErrorKind::OpenFailed);
    QCOMPARE(fileHash(path), before);
}

void TestMigrations::malformedListIsRefused_data()
{
    QTest::addColumn<QList<Migration>>("migrations");
    const QStringList sql {QStringLiteral("CREATE TABLE t (id ${ID})")};
    QTest::newRow("starts at 2") << QList<Migration> {{2, QStringLiteral("two"), sql}};
    QTest::newRow("gap") << QList<Migration> {{1, QStringLiteral("one"), sql}, {3, QStringLiteral("three"), sql}};
    QTest::newRow("out of order") << QList<Migration> {
        {2, QStringLiteral("two"), sql}, {1, QStringLiteral("one"), sql}};
    QTest::newRow("no name") << QList<Migration> {{1, QString(), sql}};
    QTest::newRow("no statements") << QList<Migration> {{1, QStringLiteral("one"), {}}};
}

void TestMigrations::malformedListIsRefused()
{
    QFETCH(QList<Migration>, migrations);
    const QString path = m_dir->filePath(Database::databaseFileName());
    Result<Database, StorageError> db = Database::openWriter(path, migrations);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, StorageErrorKind::MigrationFailed);
    QVERIFY(!QFile::exists(path)); // refused before the file is created
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_Migrations.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Database: a fresh file gets the full schema, the pragmas really apply, constraints hold,
// readers cannot write, transactions commit, roll back and nest, errors carry no values.

#include "StorageTestSupport.h"

#include "core/storage/Database.h"
#include "core/storage/PostgresDialect.h"
#include "core/storage/Schema.h"
#include "core/storage/SqliteDialect.h"

#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::storage;
using namespace quince::storage::test;

class TestDatabase : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void fileName();
    void freshCreateHasEveryTable_data();
    void freshCreateHasEveryTable();
    void freshCreateHasEveryIndex();
    void writerPragmasInForce();
    void readerPragmasInForce();
    void inventoryColumnsUseAnIndex_data();
    void inventoryColumnsUseAnIndex();
    void foreignKeysAreEnforced();
    void deletingDeviceCascades();
    void checkConstraintsRefuseUnknownValues_data();
    void checkConstraintsRefuseUnknownValues();
    void readerCannotWrite();
    void readerNeedsAnExistingFile();
    void openFailsInMissingFolder();
    void transactCommitsAndRollsBack();
    void nestedTransactUsesSavepoints();
    void errorsNeverContainBoundValues();
    void backupCopiesTheLiveDatabase();
    void dialectsExpandTokens();
    void cachedStatementsKeepResultsApart();

private:
    Database openWriter();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(Database::databaseFileName());
}

Database TestDatabase::openWriter()
{
    Result<Database, StorageError> db = Database::openWriter(m_path);
    if (!db)
        qFatal("cannot open the writer: %s", qPrintable(db.error().toString()));
    return std::move(db).value();
}

void TestDatabase::fileName()
{
    QCOMPARE(Database::databaseFileName(), QStringLiteral("quince.sqlite3"));
}

void TestDatabase::freshCreateHasEveryTable_data()
{
    // The UI is written against these names: the columns here are the contract, in order.
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns");
    auto row = [](const char* table, const char* columns) {
        QTest::newRow(table) << QString::fromLatin1(table) << QString::fromLatin1(columns).split(QLatin1Char(' '));
    };
    row("devices",
        "id udid serial_number device_name model product_name os_version build_version platform enrollment_state "
        "last_seen_at enrolled_at created_at updated_at model_name model_number device_capacity_gb "
        "available_capacity_gb battery_level is_supervised is_activation_lock_enabled imei wifi_mac "
        "facts_reported_at inactive_since unenroll_requested_at unenroll_reason apns_inactive_since "
        "apns_inactive_reason");
    row("enrollments",
        "id device_id channel user_id user_short_name user_long_name topic push_token push_magic "
        "unlock_token_sealed bootstrap_token_sealed identity_cert_sha256 identity_cert_serial status "
        "token_updated_at push_token_dead_since last_seen_at created_at updated_at inactive_since push_requested_at "
        "push_accepted_at push_answered_at push_unanswered_since push_wanted_at push_wanted_by");
    row("device_information", "device_id query_responses reported_at");
    row("device_facts", "device_id name value value_type reported_at");
    row("device_security",
        "device_id passcode_present passcode_compliant passcode_compliant_with_profiles hardware_encryption_caps "
        "auto_lock_time fde_enabled fde_has_personal_recovery_key fde_has_institutional_recovery_key "
        "system_integrity_protection_enabled firewall_enabled enrolled_via_dep user_approved_enrollment "
        "is_user_enrollment secure_boot_level recovery_lock_enabled security_info reported_at");
    row("device_profiles",
        "id enrollment_id payload_identifier payload_uuid payload_version display_name organization description "
        "removal_disallowed has_removal_passcode is_encrypted is_managed source payload_types reported_at");
    row("device_provisioning_profiles", "id enrollment_id name uuid expiry_date reported_at");
    row("device_certificates",
        "id enrollment_id common_name is_identity subject issuer serial_hex sha256 not_before not_after der "
        "parse_error reported_at");
    row("device_applications",
        "id enrollment_id identifier name version short_version external_version_identifier "
        "distributor_identifier source bundle_size dynamic_size is_validated installing app_store_vendable "
        "device_based_vpp beta_app ad_hoc_code_signed has_update_available is_app_clip reported_at");
    row("inventory_reports", "enrollment_id request_type item_count applied_at malformed_at error");
    row("commands", "id command_uuid request_type payload requires_approval created_by created_at");
    row("command_queue",
        "id enrollment_id command_id state priority attempts queued_at sent_at completed_at expires_at "
        "not_now_count last_not_now_at canceled_at expired_at");
    row("command_results", "id queue_id status response error_chain received_at");
    row("profiles", "id identifier payload_uuid display_name payload version created_at updated_at");
    row("operators", "id username display_name password_hash role disabled created_at");
    row("audit_log", "id occurred_at operator_id actor action target_type target_id details prev_hash entry_hash");
    row("settings", "key value updated_at");
    row("push_attempts",
        "id enrollment_id push_trigger outcome requested_at answered_at http_status reason apns_id apns_timestamp "
        "tries");
    row("schema_migrations", "version name applied_at");
}

void TestDatabase::freshCreateHasEveryTable()
{
    QFETCH(QString, table);
    QFETCH(QStringList, columns);
    Database db = openWriter();
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(column(db, QStringLiteral("SELECT name FROM pragma_table_info(?) ORDER BY cid"), {table}), columns);
}

void TestDatabase::freshCreateHasEveryIndex()
{
    Database db = openWriter();
    const QStringList indexes = column(
        db, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name"));
    const QStringList required {
        QStringLiteral("idx_audit_log_occurred_at"),
        QStringLiteral("idx_command_queue_next"),
        QStringLiteral("idx_command_results_queue_id"),
        QStringLiteral("idx_devices_device_name"),
        QStringLiteral("idx_devices_enrollment_state"),
        QStringLiteral("idx_devices_last_seen_at"),
        QStringLiteral("idx_devices_model"),
        QStringLiteral("idx_devices_os_version"),
        QStringLiteral("idx_devices_platform"),
        QStringLiteral("idx_devices_serial_number"),
        QStringLiteral("idx_enrollments_identity_cert_sha256"),
    };
    for (const QString& name : required)
        QVERIFY2(indexes.contains(name), qPrintable(name));
    QCOMPARE(column(db, QStringLiteral("SELECT name FROM pragma_index_info('idx_command_queue_next') ORDER BY seqno")),
        QStringList({QStringLiteral("enrollment_id"), QStringLiteral("state"), QStringLiteral("priority"),
            QStringLiteral("queued_at")}));
    QCOMPARE(scalar(db, QStringLiteral("SELECT MAX(version) FROM schema_migrations")).toInt(), latestSchemaVersion());
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latestSchemaVersion());
}

void TestDatabase::writerPragmasInForce()
{
    Database db = openWriter();
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 2); // FULL
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), SqliteDialect::busyTimeoutMs);
    QCOMPARE(db.accessMode(), AccessMode::ReadWrite);
}

void TestDatabase::readerPragmasInForce()
{
    Database writer = openWriter();
    Result<Database, StorageError> reader = Database::openReader(m_path);
    QVERIFY2(reader.ok(), reader ? "" : qPrintable(reader.error().toString()));
    QCOMPARE(reader->accessMode(), AccessMode::ReadOnly);
    QCOMPARE(reader->schemaVersion(), latestSchemaVersion());
    QCOMPARE(scalar(*reader, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(*reader, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(*reader, QStringLiteral("PRAGMA busy_timeout")).toInt(), SqliteDialect::busyTimeoutMs);
    QVERIFY(reader->connectionName() != writer.connectionName());
}

void TestDatabase::inventoryColumnsUseAnIndex_data()
{
    QTest::addColumn<QString>("columnName");
    for (const char* name : {"serial_number", "device_name", "model", "os_version", "platform", "last_seen_at",
             "enrollment_state", "product_name", "is_supervised", "battery_level", "inactive_since"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestDatabase::inventoryColumnsUseAnIndex()
{
    // A sorted page of the inventory must not scan and sort 50,000 rows.
    QFETCH(QString, columnName);
    Database db = openWriter();
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM devices ORDER BY %1 LIMIT 100").arg(columnName));
    QVERIFY(query.ok());
    QString plan;
    while (query->next())
        plan += query->value(3).toString() + QLatin1Char(' '); // id, parent, notused, detail
    QVERIFY2(plan.contains(QStringLiteral("idx_devices_") + columnName), qPrintable(plan));
    QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan));
}

void TestDatabase::foreignKeysAreEnforced()
{
    Database db = openWriter();
    Result<QSqlQuery, StorageError> orphan
        = db.exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
                                 "VALUES (?, 'device', 'authenticated', 0, 0)"),
            {qint64(4242)});
    QVERIFY(!orphan);
    QCOMPARE(orphan.error().kind, StorageErrorKind::ConstraintViolation);
    QVERIFY2(orphan.error().message.contains(QStringLiteral("FOREIGN KEY")), qPrintable(orphan.error().message));
    QVERIFY(orphan.error().statement.startsWith(QStringLiteral("INSERT INTO enrollments")));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 0);
}

void TestDatabase::deletingDeviceCascades()
{
    Database db = openWriter();
    const qint64 device = insertDevice(db, QStringLiteral("UDID-1"));
    QVERIFY(device > 0);
    auto insert = [&db](const QString& sql, const QVariantList& values) {
        Result<QSqlQuery, StorageError> query = db.exec(sql, values);
        if (!query)
            qWarning("%s", qPrintable(query.error().toString()));
        return query ? query->lastInsertId().toLongLong() : qint64(-1);
    };
    const qint64 enrollment = insert(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, "
                                                    "updated_at) VALUES (?, 'device', 'active', 0, 0)"),
        {device});
    const qint64 command
        = insert(QStringLiteral("INSERT INTO commands (command_uuid, request_type, payload, created_at) "
                                "VALUES (?, 'DeviceLock', ?, 0)"),
            {QStringLiteral("C-1"), QByteArray("<plist/>")});
    const qint64 queued = insert(QStringLiteral("INSERT INTO command_queue (enrollment_id, command_id, state, "
                                                "queued_at) VALUES (?, ?, 'sent', 0)"),
        {enrollment, command});
    QVERIFY(insert(QStringLiteral("INSERT INTO command_results (queue_id, status, received_at) "
                                  "VALUES (?, 'Acknowledged', 0)"),
                {queued})
        > 0);

    QVERIFY(db.exec(QStringLiteral("DELETE FROM devices WHERE id = ?"), {device}).ok());
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM command_queue")).toInt(), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 0);
    // The command itself is not per device and stays (it may be queued elsewhere).
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM commands")).toInt(), 1);
}

void TestDatabase::checkConstraintsRefuseUnknownValues_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("values");
    QTest::newRow("device state") << QStringLiteral(
        "INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES ('U', ?, 0, 0)")
                                  << QVariantList {QStringLiteral("lost")};
    QTest::newRow("device udid null") << QStringLiteral(
        "INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES (?, 'pending', 0, 0)")
                                      << QVariantList {QVariant(QMetaType::fromType<QString>())};
    QTest::newRow("enrollment channel") << QStringLiteral(
        "INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
        "VALUES (1, ?, 'active', 0, 0)") << QVariantList {QStringLiteral("system")};
    QTest::newRow("enrollment status") << QStringLiteral(
        "INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
        "VALUES (1, 'device', ?, 0, 0)")
                                       << QVariantList {QStringLiteral("gone")};
    QTest::newRow("duplicate device channel") << QStringLiteral(
        "INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
        "VALUES (1, ?, 'active', 0, 0)") << QVariantList {QStringLiteral("device")};
    QTest::newRow("queue state") << QStringLiteral(
        "INSERT INTO command_queue (enrollment_id, command_id, state, queued_at) VALUES (1, 1, ?, 0)")
                                 << QVariantList {QStringLiteral("done")};
    QTest::newRow("approval flag") << QStringLiteral(
        "INSERT INTO commands (command_uuid, request_type, payload, requires_approval, created_at) "
        "VALUES ('C-2', 'DeviceLock', x'00', ?, 0)")
                                   << QVariantList {2};
}

void TestDatabase::checkConstraintsRefuseUnknownValues()
{
    QFETCH(QString, sql);
    QFETCH(QVariantList, values);
    Database db = openWriter();
    // One valid row of each parent so that only the value under test can fail.
    QCOMPARE(insertDevice(db, QStringLiteral("UDID-1")), qint64(1));
    QVERIFY(db.exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
                                   "VALUES (1, 'device', 'active', 0, 0)"))
                .ok());
    QVERIFY(db.exec(QStringLiteral("INSERT INTO commands (command_uuid, request_type, payload, created_at) "
                                   "VALUES ('C-1', 'DeviceLock', x'00', 0)"))
                .ok());

    Result<QSqlQuery, StorageError> refused = db.exec(sql, values);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, StorageErrorKind::ConstraintViolation);
}

void TestDatabase::readerCannotWrite()
{
    Database writer = openWriter();
    Result<Database, StorageError> reader = Database::openReader(m_path);
    QVERIFY(reader.ok());
    Result<QSqlQuery, StorageError> write
        = reader->exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 0)"));
    QVERIFY(!write);
    QCOMPARE(write.error().kind, StorageErrorKind::ReadOnly);

    // A reader's transaction is a snapshot, not a write lock: the writer is not held up.
    StorageStatus snapshot = reader->transact([&]() -> StorageStatus {
        const int before = scalar(*reader, QStringLiteral("SELECT COUNT(*) FROM devices")).toInt();
        if (insertDevice(writer, QStringLiteral("UDID-during-snapshot")) < 0)
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("writer blocked"), QString()};
        const int after = scalar(*reader, QStringLiteral("SELECT COUNT(*) FROM devices")).toInt();
        if (before != after)
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("snapshot moved"), QString()};
        return {};
    });
    QVERIFY2(snapshot.ok(), snapshot ? "" : qPrintable(snapshot.error().toString()));
    QCOMPARE(scalar(*reader, QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 1);
}

void TestDatabase::readerNeedsAnExistingFile()
{
    Result<Database, StorageError> reader = Database::openReader(m_path);
    QVERIFY(!reader);
    QCOMPARE(reader.error().kind, StorageErrorKind::OpenFailed);
    QVERIFY(!QFile::exists(m_path));
}

void TestDatabase::openFailsInMissingFolder()
{
    Result<Database, StorageError> writer = Database::openWriter(m_dir->filePath(QStringLiteral("no/such/db")));
    QVERIFY(!writer);
    QCOMPARE(writer.error().kind, StorageErrorKind::OpenFailed);
}

void TestDatabase::transactCommitsAndRollsBack()
{
    Database db = openWriter();
    StorageStatus committed = db.transact([&db]() -> StorageStatus {
        return insertDevice(db, QStringLiteral("A")) > 0
            ? StorageStatus()
            : StorageStatus(StorageError {StorageErrorKind::QueryFailed, QStringLiteral("insert"), QString()});
    });
    QVERIFY(committed.ok());
    QVERIFY(!db.inTransaction());

    StorageStatus rolledBack = db.transact([&db]() -> StorageStatus {
        insertDevice(db, QStringLiteral("B"));
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("changed my mind"), QString()};
    });
    QVERIFY(!rolledBack);
    QCOMPARE(rolledBack.error().kind, StorageErrorKind::JobFailed);
    QCOMPARE(rolledBack.error().message, QStringLiteral("changed my mind"));
    QCOMPARE(column(db, QStringLiteral("SELECT udid FROM devices ORDER BY udid")), QStringList {QStringLiteral("A")});
    QVERIFY(!db.inTransaction());
}

void TestDatabase::nestedTransactUsesSavepoints()
{
    Database db = openWriter();
    StorageStatus outer = db.transact([&db]() -> StorageStatus {
        insertDevice(db, QStringLiteral("outer"));
        StorageStatus inner = db.transact([&db]() -> StorageStatus {
            insertDevice(db, QStringLiteral("inner-failed"));
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("inner"), QString()};
        });
        if (inner)
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("inner should fail"), QString()};
        return db.transact([&db]() -> StorageStatus {
            insertDevice(db, QStringLiteral("inner-kept"));
            return {};
        });
    });
    QVERIFY2(outer.ok(), outer ? "" : qPrintable(outer.error().toString()));
    QCOMPARE(column(db, QStringLiteral("SELECT udid FROM devices ORDER BY udid")),
        QStringList({QStringLiteral("inner-kept"), QStringLiteral("outer")}));
}

void TestDatabase::errorsNeverContainBoundValues()
{
    Database db = openWriter();
    const QString secret = QStringLiteral("SECRET-UNLOCK-TOKEN-0xDEADBEEF");
    QVERIFY(insertDevice(db, secret) > 0);
    Result<QSqlQuery, StorageError> duplicate
        = db.exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                 "VALUES (?, 'enrolled', 0, 0)"),
            {secret});
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().kind, StorageErrorKind::ConstraintViolation);
    QVERIFY(duplicate.error().message.contains(QStringLiteral("devices.udid")));
    QVERIFY(duplicate.error().statement.contains(QLatin1Char('?')));
    QVERIFY(!duplicate.error().toString().contains(secret));
}

void TestDatabase::backupCopiesTheLiveDatabase()
{
    Database db = openWriter();
    QVERIFY(insertDevice(db, QStringLiteral("backed-up")) > 0);
    const QString copy = m_dir->filePath(QStringLiteral("backup.sqlite3"));
    StorageStatus status = db.backupTo(copy);
    QVERIFY2(status.ok(), status ? "" : qPrintable(status.error().toString()));
    QVERIFY(!db.backupTo(copy).ok()); // never overwrites

    Result<Database, StorageError> restored = Database::openReader(copy);
    QVERIFY(restored.ok());
    QCOMPARE(column(*restored, QStringLiteral("SELECT udid FROM devices")), QStringList {QStringLiteral("backed-up")});
    QCOMPARE(scalar(*restored, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestDatabase::dialectsExpandTokens()
{
    const QString sql = QStringLiteral("CREATE TABLE t (id ${ID}, data ${BLOB})");
    QCOMPARE(SqliteDialect().expand(sql),
        QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB)"));
    QCOMPARE(PostgresDialect().expand(sql),
        QStringLiteral("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data BYTEA)"));

    // Every migration must be free of unknown tokens and SQLite-only words once expanded for
    // PostgreSQL: the seam is the only place engine-specific SQL may live.
    const PostgresDialect postgres;
    for (const Migration& migration : schemaMigrations()) {
        for (const QString& statement : migration.statements) {
            const QString expanded = postgres.expand(statement).toUpper();
            QVERIFY2(!expanded.contains(QStringLiteral("${")), qPrintable(expanded));
            for (const char* word : {"AUTOINCREMENT", "PRAGMA", " BLOB", "WITHOUT ROWID", "COLLATE NOCASE"})
                QVERIFY2(!expanded.contains(QLatin1String(word)), qPrintable(expanded));
        }
    }
}

void TestDatabase::cachedStatementsKeepResultsApart()
{
    Database db = openWriter();
    const QString byUdid = QStringLiteral("SELECT udid FROM devices WHERE udid >= ? ORDER BY udid");
    StorageStatus status = db.transact([&db, &byUdid]() -> StorageStatus {
        for (const char* udid : {"a", "b", "c"})
            insertDevice(db, QLatin1String(udid));
        // Reading one result while the same text runs again (nested): the first must not move.
        Result<QSqlQuery, StorageError> outer = db.exec(byUdid, {QStringLiteral("a")});
        if (!outer)
            return outer.error();
        QStringList pairs;
        while (outer->next()) {
            const QString udid = outer->value(0).toString();
            pairs.append(udid + QLatin1Char(':') + column(db, byUdid, {udid}).join(QLatin1Char(',')));
        }
        if (pairs != QStringList({QStringLiteral("a:a,b,c"), QStringLiteral("b:b,c"), QStringLiteral("c:c")}))
            return StorageError {StorageErrorKind::QueryFailed, pairs.join(QLatin1Char(' ')), QString()};
        // Reused with other bindings after a result was read to the end, and after one that was not.
        if (column(db, byUdid, {QStringLiteral("c")}) != QStringList {QStringLiteral("c")})
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("rebinding"), QString()};
        Result<QSqlQuery, StorageError> partly = db.exec(byUdid, {QStringLiteral("a")});
        if (!partly || !partly->next())
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("partly"), QString()};
        if (column(db, byUdid, {QStringLiteral("b")}) != QStringList({QStringLiteral("b"), QStringLiteral("c")})
            || partly->value(0).toString() != QLatin1String("a") || !partly->next()
            || partly->value(0).toString() != QLatin1String("b"))
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("a held result moved"), QString()};
        // A writing statement read only to its first row does not keep the savepoint open.
        return db.transact([&db]() -> StorageStatus {
            Result<QSqlQuery, StorageError> returning
                = db.exec(QStringLiteral("UPDATE devices SET updated_at = 1 RETURNING id"));
            if (!returning || !returning->next())
                return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("returning"), QString()};
            return {};
        });
    });
    QVERIFY2(status.ok(), status ? "" : qPrintable(status.error().toString()));
    // After the transaction no statement holds a read open: a checkpoint can take everything.
    Result<QSqlQuery, StorageError> checkpoint = db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    QVERIFY(checkpoint && checkpoint->next());
    QCOMPARE(checkpoint->value(0).toInt(), 0); // not busy
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_Database.moc"

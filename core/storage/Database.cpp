// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Database.h"

#include "core/storage/SqliteDialect.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>

#include <atomic>
#include <utility>

namespace quince::storage {

namespace {

QString nextConnectionName()
{
    static std::atomic<quint64> counter {0};
    return QStringLiteral("quince-storage-%1").arg(++counter);
}

StorageError makeError(StorageErrorKind kind, QString message, QString statement = QString())
{
    return StorageError {kind, std::move(message), std::move(statement)};
}

// A list that skips or repeats a version would apply schema steps out of order.
StorageStatus validateMigrations(const QList<Migration>& migrations)
{
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        const Migration& migration = migrations.at(i);
        if (migration.version != i + 1 || migration.name.isEmpty() || migration.statements.isEmpty()) {
            return makeError(StorageErrorKind::MigrationFailed,
                QStringLiteral("migration list is malformed at position %1 (version %2): versions must "
                               "run 1, 2, 3, ... and each needs a name and statements")
                    .arg(i + 1)
                    .arg(migration.version));
        }
    }
    return {};
}

StorageError tooNew(const QString& path, int found, int known)
{
    return makeError(StorageErrorKind::SchemaTooNew,
        QStringLiteral("the database %1 has schema version %2, but this build of Quince knows versions up "
                       "to %3; it was written by a newer Quince and is left untouched")
            .arg(QDir::toNativeSeparators(path))
            .arg(found)
            .arg(known));
}

const QString versionTableStatement = QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                                     "version INTEGER PRIMARY KEY, "
                                                     "name TEXT NOT NULL, "
                                                     "applied_at BIGINT NOT NULL)");

// A second handle on the same prepared statement and result (QSqlQuery copies share them):
// one stays in the statement cache, one goes to the caller. Qt 6 deprecates copying because
// the sharing surprises; here it is the point, and exec() only reuses a result once it is done.
QSqlQuery shareQuery(const QSqlQuery& query)
{
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    return QSqlQuery(query);
    QT_WARNING_POP
}

} // namespace

Database::Database(std::unique_ptr<Dialect> dialect, QString path, AccessMode mode)
    : m_dialect(std::move(dialect)), m_connectionName(nextConnectionName()), m_path(std::move(path)), m_mode(mode)
{
    m_db = QSqlDatabase::addDatabase(m_dialect->driverName(), m_connectionName);
}

Database::Database(Database&& other) noexcept
    : m_dialect(std::move(other.m_dialect)),
      m_db(other.m_db),
      m_connectionName(std::exchange(other.m_connectionName, QString())),
      m_path(std::move(other.m_path)),
      m_mode(other.m_mode),
      m_schemaVersion(other.m_schemaVersion),
      m_transactionDepth(std::exchange(other.m_transactionDepth, 0)),
      m_transactionLost(std::exchange(other.m_transactionLost, false)),
      m_statements(std::exchange(other.m_statements, {}))
{
    other.m_db = QSqlDatabase();
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        close();
        m_dialect = std::move(other.m_dialect);
        m_db = std::exchange(other.m_db, QSqlDatabase());
        m_connectionName = std::exchange(other.m_connectionName, QString());
        m_path = std::move(other.m_path);
        m_mode = other.m_mode;
        m_schemaVersion = other.m_schemaVersion;
        m_transactionDepth = std::exchange(other.m_transactionDepth, 0);
        m_transactionLost = std::exchange(other.m_transactionLost, false);
        m_statements = std::exchange(other.m_statements, {});
    }
    return *this;
}

Database::~Database()
{
    close();
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    m_statements.clear(); // the statements belong to the connection
    m_db.close();
    // removeDatabase() wants no QSqlDatabase copy left, including ours.
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Result<Database, StorageError> Database::open(const QString& path, AccessMode mode)
{
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        return makeError(StorageErrorKind::OpenFailed,
            QStringLiteral("the folder of %1 does not exist").arg(QDir::toNativeSeparators(path)));
    }
    if (mode == AccessMode::ReadOnly && !info.exists()) {
        return makeError(StorageErrorKind::OpenFailed,
            QStringLiteral("there is no database at %1").arg(QDir::toNativeSeparators(path)));
    }

    Database db(std::make_unique<SqliteDialect>(), info.absoluteFilePath(), mode);
    if (!db.m_db.isValid()) {
        return makeError(StorageErrorKind::OpenFailed,
            QStringLiteral("the Qt Sql driver %1 is not available").arg(db.m_dialect->driverName()));
    }
    db.m_db.setDatabaseName(db.m_path);
    db.m_db.setConnectOptions(db.m_dialect->connectOptions(mode));
    if (!db.m_db.open()) {
        StorageError error = db.errorFrom(
            db.m_db.lastError(), QString(), QStringLiteral("cannot open %1").arg(QDir::toNativeSeparators(path)));
        error.kind = StorageErrorKind::OpenFailed;
        return error;
    }
    if (StorageStatus status = db.runSetup(db.m_dialect->sessionStatements(mode)); !status)
        return status.error();
    return db;
}

Result<Database, StorageError> Database::openWriter(const QString& path, const QList<Migration>& migrations)
{
    if (StorageStatus valid = validateMigrations(migrations); !valid)
        return valid.error();
    Result<Database, StorageError> opened = open(path, AccessMode::ReadWrite);
    if (!opened)
        return opened;
    Database& db = opened.value();

    // Check the version before anything that writes (the journal mode is stored in the file),
    // so a database from a newer Quince is left exactly as it was.
    const Result<int, StorageError> version = db.readSchemaVersion();
    if (!version)
        return version.error();
    if (version.value() > latestVersion(migrations))
        return tooNew(db.m_path, version.value(), latestVersion(migrations));
    db.m_schemaVersion = version.value();

    if (StorageStatus status = db.runSetup(db.m_dialect->writerStatements()); !status)
        return status.error();
    if (StorageStatus status = db.migrate(migrations); !status)
        return status.error();
    return opened;
}

Result<Database, StorageError> Database::openReader(const QString& path, const QList<Migration>& migrations)
{
    if (StorageStatus valid = validateMigrations(migrations); !valid)
        return valid.error();
    Result<Database, StorageError> opened = open(path, AccessMode::ReadOnly);
    if (!opened)
        return opened;
    Database& db = opened.value();

    const Result<int, StorageError> version = db.readSchemaVersion();
    if (!version)
        return version.error();
    const int known = latestVersion(migrations);
    if (version.value() > known)
        return tooNew(db.m_path, version.value(), known);
    if (version.value() < known) {
        return makeError(StorageErrorKind::SchemaTooOld,
            QStringLiteral("the database %1 has schema version %2 but this build needs %3; open it for "
                           "writing first so that it is migrated")
                .arg(QDir::toNativeSeparators(db.m_path))
                .arg(version.value())
                .arg(known));
    }
    db.m_schemaVersion = version.value();
    return opened;
}

StorageStatus Database::runSetup(const QList<SetupStatement>& statements)
{
    for (const SetupStatement& setup : statements) {
        Result<QSqlQuery, StorageError> query = exec(setup.sql);
        if (!query) {
            StorageError error = query.error();
            error.kind = StorageErrorKind::OpenFailed;
            return error;
        }
        if (setup.expected.isEmpty())
            continue;
        const QString actual = query->next() ? query->value(0).toString() : QString();
        if (actual.compare(setup.expected, Qt::CaseInsensitive) != 0) {
            return makeError(StorageErrorKind::OpenFailed,
                QStringLiteral("%1 answered '%2' instead of '%3'").arg(setup.sql, actual, setup.expected), setup.sql);
        }
    }
    return {};
}

Result<int, StorageError> Database::readSchemaVersion()
{
    // Failing to read the catalogue (e.g. "file is not a database") is a failure to open.
    auto openError = [](StorageError error) {
        if (error.kind != StorageErrorKind::Busy)
            error.kind = StorageErrorKind::OpenFailed;
        return error;
    };
    Result<QSqlQuery, StorageError> tables = exec(m_dialect->tableNamesQuery());
    if (!tables)
        return openError(tables.error());
    QStringList names;
    while (tables->next())
        names.append(tables->value(0).toString());

    if (!names.contains(QStringLiteral("schema_migrations"))) {
        // Tables but no version record: another program's database. Migrating into it would
        // mix our schema into theirs, so refuse (a wrong path in the settings, most likely).
        if (!names.isEmpty()) {
            return makeError(StorageErrorKind::OpenFailed,
                QStringLiteral("%1 is not a Quince database: it has tables (%2) but no schema_migrations")
                    .arg(QDir::toNativeSeparators(m_path))
                    .arg(names.size()));
        }
        return 0;
    }

    Result<QSqlQuery, StorageError> max = exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    if (!max)
        return openError(max.error());
    return max->next() ? max->value(0).toInt() : 0;
}

StorageStatus Database::migrate(const QList<Migration>& migrations)
{
    StorageStatus created = transact([this]() -> StorageStatus {
        Result<QSqlQuery, StorageError> query = exec(versionTableStatement);
        if (!query)
            return query.error();
        return {};
    });
    if (!created)
        return created;

    for (const Migration& migration : migrations) {
        if (migration.version <= m_schemaVersion)
            continue;
        if (StorageStatus applied = applyMigration(migration); !applied)
            return applied;
        m_schemaVersion = migration.version;
    }
    // Statements prepared against the old schema are not kept past a schema change.
    m_statements.clear();
    return {};
}

StorageStatus Database::applyMigration(const Migration& migration)
{
    StorageStatus status = transact([this, &migration]() -> StorageStatus {
        for (const QString& statement : migration.statements) {
            Result<QSqlQuery, StorageError> query = exec(m_dialect->expand(statement));
            if (!query)
                return query.error();
        }
        // The version record commits with the schema change, or neither does.
        Result<QSqlQuery, StorageError> recorded
            = exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                {migration.version, migration.name, QDateTime::currentMSecsSinceEpoch()});
        if (!recorded)
            return recorded.error();
        return {};
    });
    if (status)
        return status;

    StorageError error = status.error();
    error.kind = StorageErrorKind::MigrationFailed;
    error.message = QStringLiteral("migration %1 (%2) failed and was rolled back, the schema stays at version %3: %4")
                        .arg(migration.version)
                        .arg(migration.name)
                        .arg(m_schemaVersion)
                        .arg(error.message);
    return error;
}

Result<QSqlQuery, StorageError> Database::exec(const QString& sql, const QVariantList& bindings)
{
    // Cached only inside transactions: there a job's queries end with it (finishStatements()),
    // while outside one a kept statement could hold SQLite's read snapshot and stall checkpoints.
    const bool cacheable = m_transactionDepth > 0;
    QSqlQuery query;
    bool cached = false;
    if (cacheable) {
        const auto found = m_statements.constFind(sql);
        // A copy handed out earlier shares this result: reuse it only once that one is done.
        if (found != m_statements.cend()
            && (!found->isActive() || !found->isSelect() || found->at() == QSql::AfterLastRow)) {
            query = shareQuery(*found);
            cached = true;
        }
    }
    if (!cached) {
        query = QSqlQuery(m_db);
        // Forward-only: no client-side row cache, and the statement is reset once read to the
        // end, which ends SQLite's implicit read transaction so WAL checkpoints are not held back.
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return errorFrom(query.lastError(), sql);
        if (cacheable && !m_statements.contains(sql)) {
            if (m_statements.size() >= kMaxCachedStatements)
                m_statements.clear();
            m_statements.insert(sql, shareQuery(query));
            cached = true;
        }
    }
    for (const QVariant& value : bindings)
        query.addBindValue(value);
    if (!query.exec()) {
        StorageError error = errorFrom(query.lastError(), sql);
        if (cached)
            m_statements.remove(sql);
        return error;
    }
    // A writing statement that returns rows (RETURNING) stays "in progress" in SQLite until read
    // to the end or reset, which makes RELEASE of the job's savepoint fail: only plain SELECTs
    // may wait in the cache unread; other statements end when exec() returns.
    if (cached && query.isSelect() && !sql.trimmed().startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive))
        m_statements.remove(sql);
    return query;
}

void Database::finishStatements()
{
    for (QSqlQuery& query : m_statements) {
        if (query.isActive())
            query.finish();
    }
}

StorageStatus Database::transact(const std::function<StorageStatus()>& work)
{
    // Savepoint names are generated from the depth, never from data.
    const QString savepoint = QStringLiteral("quince_savepoint_%1").arg(m_transactionDepth);
    const bool outermost = m_transactionDepth == 0;

    const QString begin
        = outermost ? m_dialect->beginTransactionStatement(m_mode) : QStringLiteral("SAVEPOINT ") + savepoint;
    if (Result<QSqlQuery, StorageError> begun = exec(begin); !begun) {
        StorageError error = begun.error();
        if (error.kind != StorageErrorKind::Busy)
            error.kind = StorageErrorKind::TransactionFailed;
        return error;
    }

    if (outermost)
        m_transactionLost = false;
    ++m_transactionDepth;
    const StorageStatus status = work();
    --m_transactionDepth;
    if (outermost)
        finishStatements(); // no statement of the work reads on past its transaction

    if (status) {
        const QString commit = outermost ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE SAVEPOINT ") + savepoint;
        Result<QSqlQuery, StorageError> committed = exec(commit);
        if (committed)
            return {};
        StorageError error = committed.error();
        if (error.kind != StorageErrorKind::Busy)
            error.kind = StorageErrorKind::TransactionFailed;
        // A failed COMMIT may leave the transaction open; end it so the connection stays usable.
        if (outermost)
            (void)exec(QStringLiteral("ROLLBACK"));
        else if (!exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepoint))
            m_transactionLost = true;
        return error;
    }

    if (outermost) {
        (void)exec(QStringLiteral("ROLLBACK"));
    } else {
        // ROLLBACK TO keeps the savepoint open; RELEASE removes it from the stack. When the
        // savepoint is gone, the driver has ended the whole transaction.
        if (exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepoint))
            (void)exec(QStringLiteral("RELEASE SAVEPOINT ") + savepoint);
        else
            m_transactionLost = true;
    }
    return status;
}

StorageStatus Database::backupTo(const QString& destination)
{
    const QString statement = m_dialect->backupStatement();
    if (statement.isEmpty()) {
        return makeError(
            StorageErrorKind::QueryFailed, QStringLiteral("%1 has no online backup statement").arg(m_dialect->name()));
    }
    if (inTransaction()) {
        return makeError(
            StorageErrorKind::TransactionFailed, QStringLiteral("a backup cannot run inside a transaction"), statement);
    }
    if (QFileInfo::exists(destination)) {
        return makeError(StorageErrorKind::QueryFailed,
            QStringLiteral("the backup destination %1 already exists").arg(QDir::toNativeSeparators(destination)));
    }
    Result<QSqlQuery, StorageError> query = exec(statement, {destination});
    if (!query)
        return query.error();
    return {};
}

StorageError Database::errorFrom(const QSqlError& error, const QString& statement, const QString& context) const
{
    const QString driver = m_dialect->driverMessage(error);
    QString message = context.isEmpty() ? driver : context + QStringLiteral(": ") + driver;
    return makeError(m_dialect->classify(error), std::move(message), statement);
}

} // namespace quince::storage

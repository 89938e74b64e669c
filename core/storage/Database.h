// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Dialect.h"
#include "core/storage/Migration.h"
#include "core/storage/Schema.h"
#include "core/storage/StorageError.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

namespace quince::storage {

/// RAII owner of one Qt Sql connection with a unique name.
///
/// Qt Sql connections may only be used in the thread that opened them, so a Database must be
/// opened, used and destroyed in one thread: the writer on the StorageWorker's thread, each
/// reader on the thread of the UI model that reads. Move-only; moving keeps the connection.
class Database {
public:
    /// The file name of the database inside the data directory.
    static QString databaseFileName() { return QStringLiteral("quince.sqlite3"); }

    /// Opens (creating if needed) the SQLite database at path for writing: sets the pragmas
    /// (WAL, foreign keys, FULL sync, busy timeout) and applies the migrations it lacks.
    /// Refuses with SchemaTooNew, before writing anything, a database newer than migrations.
    static Result<Database, StorageError> openWriter(
        const QString& path, const QList<Migration>& migrations = schemaMigrations());

    /// Opens an existing database read-only for the UI. Fails with SchemaTooNew or SchemaTooOld
    /// unless the schema is exactly the latest of migrations (the writer migrates, not readers).
    static Result<Database, StorageError> openReader(
        const QString& path, const QList<Migration>& migrations = schemaMigrations());

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// The Qt connection, for QSqlQuery and item models in the owning thread.
    QSqlDatabase connection() const { return m_db; }
    QString connectionName() const { return m_connectionName; }
    QString path() const { return m_path; }
    AccessMode accessMode() const { return m_mode; }
    /// The schema version after opening (and migrating, for the writer).
    int schemaVersion() const { return m_schemaVersion; }
    const Dialect& dialect() const { return *m_dialect; }

    /// Prepares sql, binds the values positionally (`?`) and executes it. The error carries
    /// the statement with its placeholders, never the values.
    ///
    /// Inside a transaction the prepared statement is kept (per SQL text, at most
    /// kMaxCachedStatements) and reused by the next exec of the same text once the previous
    /// result is done with: read to the end, not a query, or finished by finishStatements().
    /// A result still being read is never disturbed: the same text then gets a fresh statement.
    Result<QSqlQuery, StorageError> exec(const QString& sql, const QVariantList& bindings = {});

    /// Resets every cached statement (ends its read); for the storage worker between jobs, which
    /// must not keep queries past their return. The outermost transaction does it itself.
    void finishStatements();

    /// Runs work in a transaction: commits if it succeeds, rolls back and returns its error if
    /// not. Nested calls become savepoints, so a job may call helpers that transact themselves.
    StorageStatus transact(const std::function<StorageStatus()>& work);
    bool inTransaction() const { return m_transactionDepth > 0; }
    /// A savepoint could not be rolled back to: the driver ended the whole transaction (SQLite
    /// does so on disk-full and I/O errors). Cleared when the next outermost transaction begins.
    bool transactionLost() const { return m_transactionLost; }

    /// Writes a consistent copy of the live database to destination, which must not exist.
    StorageStatus backupTo(const QString& destination);

    /// A typed error from a driver error: kind from the dialect, message without values.
    StorageError errorFrom(const QSqlError& error, const QString& statement, const QString& context = QString()) const;

private:
    // Bounded because statements with a variable number of placeholders (NOT IN lists) have
    // many texts; the cache is emptied when full, which is rare and cheap.
    static constexpr qsizetype kMaxCachedStatements = 128;

    Database(std::unique_ptr<Dialect> dialect, QString path, AccessMode mode);

    static Result<Database, StorageError> open(const QString& path, AccessMode mode);
    StorageStatus runSetup(const QList<SetupStatement>& statements);
    Result<int, StorageError> readSchemaVersion();
    StorageStatus migrate(const QList<Migration>& migrations);
    StorageStatus applyMigration(const Migration& migration);
    void close();

    std::unique_ptr<Dialect> m_dialect;
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    AccessMode m_mode = AccessMode::ReadOnly;
    int m_schemaVersion = 0;
    int m_transactionDepth = 0;
    bool m_transactionLost = false;
    QHash<QString, QSqlQuery> m_statements; // prepared statements by SQL text, see exec()
};

} // namespace quince::storage

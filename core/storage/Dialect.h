// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/StorageError.h"

#include <QString>
#include <QStringList>

#include <memory>

class QSqlError;

namespace quince::storage {

/// Whether a connection may write. Readers are opened read-only so a UI bug cannot write.
enum class AccessMode { ReadWrite, ReadOnly };

/// A statement run once when a connection opens, with the value its first column must return
/// (empty: any). PRAGMA journal_mode answers the mode it actually got, which may not be WAL.
struct SetupStatement {
    QString sql;
    QString expected;
};

/// The one place where the SQL of a particular engine lives. Everything else in the storage
/// layer (and every migration) is written in SQL that SQLite and PostgreSQL both accept;
/// what differs is behind these methods. Upserts need no seam: both engines accept
/// `INSERT ... ON CONFLICT (col) DO UPDATE SET col = excluded.col`.
///
/// Migration statements may contain tokens that expand() replaces:
/// - `${ID}`   an auto-increment 64-bit primary key column type
/// - `${BLOB}` the binary column type
class Dialect {
public:
    virtual ~Dialect() = default;

    /// Short engine name for messages ("SQLite", "PostgreSQL").
    virtual QString name() const = 0;
    /// The Qt Sql driver ("QSQLITE", "QPSQL").
    virtual QString driverName() const = 0;
    /// Options for QSqlDatabase::setConnectOptions().
    virtual QString connectOptions(AccessMode mode) const = 0;
    /// Per-connection settings that do not modify the database file; run before the schema
    /// version is checked so that a refused database stays byte-for-byte untouched.
    virtual QList<SetupStatement> sessionStatements(AccessMode mode) const = 0;
    /// Settings that persist in the database (e.g. the WAL journal); run by the writer only,
    /// after the schema version has been accepted.
    virtual QList<SetupStatement> writerStatements() const = 0;

    /// The column type of `${ID}`.
    virtual QString idColumnType() const = 0;
    /// The column type of `${BLOB}`.
    virtual QString blobType() const = 0;
    /// Starts a transaction. A writer's SQLite transaction takes the write lock up front (BEGIN
    /// IMMEDIATE) so a second writer waits on the busy timeout instead of failing on lock
    /// upgrade; a reader's is a consistent snapshot across several queries.
    virtual QString beginTransactionStatement(AccessMode mode) const = 0;
    /// A query that returns the name of every table of ours in the database, one per row
    /// (the engine's own catalogue tables excluded).
    virtual QString tableNamesQuery() const = 0;
    /// A statement with one bound parameter (the destination path) that writes a consistent
    /// copy of a live database; empty when the engine has none (PostgreSQL uses pg_dump).
    virtual QString backupStatement() const = 0;

    /// Maps a driver error to our kind (busy, constraint, read-only, ...).
    virtual StorageErrorKind classify(const QSqlError& error) const = 0;
    /// The driver's message with anything that could carry a bound value removed.
    virtual QString driverMessage(const QSqlError& error) const;

    /// Replaces the `${...}` tokens in a migration statement.
    QString expand(const QString& sql) const;
};

/// Creates the dialect for a Qt Sql driver name; nullptr when unsupported.
std::unique_ptr<Dialect> createDialect(const QString& driverName);

} // namespace quince::storage

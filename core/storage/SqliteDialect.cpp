// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/SqliteDialect.h"

#include <QSqlError>

namespace quince::storage {

namespace {

// Primary result codes from sqlite3.h; QSQLITE reports them (possibly extended, hence the mask)
// as the native error code.
constexpr int sqliteBusy = 5;
constexpr int sqliteLocked = 6;
constexpr int sqliteReadOnly = 8;
constexpr int sqliteConstraint = 19;

} // namespace

QString SqliteDialect::name() const
{
    return QStringLiteral("SQLite");
}

QString SqliteDialect::driverName() const
{
    return QStringLiteral("QSQLITE");
}

QString SqliteDialect::connectOptions(AccessMode mode) const
{
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (mode == AccessMode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    return options;
}

QList<SetupStatement> SqliteDialect::sessionStatements(AccessMode mode) const
{
    QList<SetupStatement> statements {
        {QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeoutMs), QString::number(busyTimeoutMs)},
        // Off by default in SQLite, per connection; without it REFERENCES is decoration.
        {QStringLiteral("PRAGMA foreign_keys = ON"), QString()},
    };
    if (mode == AccessMode::ReadWrite) {
        // FULL syncs the WAL on every commit: an acknowledged write survives power loss,
        // not only a killed process (NORMAL would only guarantee the latter).
        statements.append({QStringLiteral("PRAGMA synchronous = FULL"), QString()});
    }
    return statements;
}

QList<SetupStatement> SqliteDialect::writerStatements() const
{
    // WAL lets UI readers run while the worker writes; the mode is stored in the file.
    return {{QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("wal")}};
}

QString SqliteDialect::idColumnType() const
{
    // AUTOINCREMENT never reuses the id of a deleted row, so a stale reference in a log or a
    // queued UI action can never point at a different device later.
    return QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
}

QString SqliteDialect::blobType() const
{
    return QStringLiteral("BLOB");
}

QString SqliteDialect::beginTransactionStatement(AccessMode mode) const
{
    return mode == AccessMode::ReadWrite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
}

QString SqliteDialect::tableNamesQuery() const
{
    return QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
}

QString SqliteDialect::backupStatement() const
{
    return QStringLiteral("VACUUM INTO ?");
}

StorageErrorKind SqliteDialect::classify(const QSqlError& error) const
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return StorageErrorKind::QueryFailed;
    switch (code) {
    case sqliteBusy:
    case sqliteLocked:
        return StorageErrorKind::Busy;
    case sqliteReadOnly:
        return StorageErrorKind::ReadOnly;
    case sqliteConstraint:
        return StorageErrorKind::ConstraintViolation;
    default:
        return StorageErrorKind::QueryFailed;
    }
}

} // namespace quince::storage

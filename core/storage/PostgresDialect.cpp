// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/PostgresDialect.h"

#include <QSqlError>

namespace quince::storage {

QString PostgresDialect::name() const
{
    return QStringLiteral("PostgreSQL");
}

QString PostgresDialect::driverName() const
{
    return QStringLiteral("QPSQL");
}

QString PostgresDialect::connectOptions(AccessMode mode) const
{
    Q_UNUSED(mode)
    return QStringLiteral("connect_timeout=5");
}

QList<SetupStatement> PostgresDialect::sessionStatements(AccessMode mode) const
{
    // lock_timeout plays the part of SQLite's busy timeout.
    QList<SetupStatement> statements {{QStringLiteral("SET lock_timeout = '5s'"), QString()}};
    if (mode == AccessMode::ReadOnly)
        statements.append({QStringLiteral("SET default_transaction_read_only = on"), QString()});
    else
        statements.append({QStringLiteral("SET synchronous_commit = on"), QString()});
    return statements;
}

QList<SetupStatement> PostgresDialect::writerStatements() const
{
    return {};
}

QString PostgresDialect::idColumnType() const
{
    return QStringLiteral("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
}

QString PostgresDialect::blobType() const
{
    return QStringLiteral("BYTEA");
}

QString PostgresDialect::beginTransactionStatement(AccessMode mode) const
{
    return mode == AccessMode::ReadWrite ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN READ ONLY");
}

QString PostgresDialect::tableNamesQuery() const
{
    return QStringLiteral("SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
}

QString PostgresDialect::backupStatement() const
{
    return QString();
}

StorageErrorKind PostgresDialect::classify(const QSqlError& error) const
{
    // QPSQL reports the SQLSTATE as the native error code.
    const QString state = error.nativeErrorCode();
    if (state.startsWith(QStringLiteral("23")))
        return StorageErrorKind::ConstraintViolation;
    if (state == QStringLiteral("25006"))
        return StorageErrorKind::ReadOnly;
    if (state == QStringLiteral("55P03") || state == QStringLiteral("40P01") || state == QStringLiteral("40001"))
        return StorageErrorKind::Busy;
    return StorageErrorKind::QueryFailed;
}

QString PostgresDialect::driverMessage(const QSqlError& error) const
{
    const QString text = Dialect::driverMessage(error);
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace quince::storage

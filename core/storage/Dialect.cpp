// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Dialect.h"

#include "core/storage/PostgresDialect.h"
#include "core/storage/SqliteDialect.h"

#include <QSqlError>

namespace quince::storage {

QString Dialect::driverMessage(const QSqlError& error) const
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    return text;
}

QString Dialect::expand(const QString& sql) const
{
    QString out = sql;
    out.replace(QStringLiteral("${ID}"), idColumnType());
    out.replace(QStringLiteral("${BLOB}"), blobType());
    return out;
}

std::unique_ptr<Dialect> createDialect(const QString& driverName)
{
    if (driverName == QStringLiteral("QSQLITE"))
        return std::make_unique<SqliteDialect>();
    if (driverName == QStringLiteral("QPSQL"))
        return std::make_unique<PostgresDialect>();
    return nullptr;
}

} // namespace quince::storage

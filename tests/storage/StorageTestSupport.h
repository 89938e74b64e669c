// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the storage tests: raw inspection of a database file and small inserts.

#include "core/storage/Database.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTest>

namespace quince::storage::test {

/// The value of the first column of the first row of sql, or a failed test.
inline QVariant scalar(Database& db, const QString& sql, const QVariantList& bindings = {})
{
    Result<QSqlQuery, StorageError> query = db.exec(sql, bindings);
    if (!query) {
        qWarning("%s", qPrintable(query.error().toString()));
        return QVariant();
    }
    return query->next() ? query->value(0) : QVariant();
}

/// Every row of a one-column query.
inline QStringList column(Database& db, const QString& sql, const QVariantList& bindings = {})
{
    QStringList values;
    Result<QSqlQuery, StorageError> query = db.exec(sql, bindings);
    if (!query) {
        qWarning("%s", qPrintable(query.error().toString()));
        return values;
    }
    while (query->next())
        values.append(query->value(0).toString());
    return values;
}

/// The schema as SQLite stores it (tables, indexes, triggers, views), whitespace-normalised
/// and in a stable order, so two databases can be compared for equality.
inline QStringList schemaDump(Database& db)
{
    QStringList rows;
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                 "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"));
    if (!query)
        return {query.error().toString()};
    while (query->next()) {
        rows.append(QStringList {query->value(0).toString(), query->value(1).toString(), query->value(2).toString(),
            query->value(3).toString().simplified()}
                        .join(QLatin1Char('|')));
    }
    return rows;
}

/// SHA-256 of a file's bytes, to prove that it was not modified.
inline QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

/// Inserts a device with the given UDID and returns its id (or -1).
inline qint64 insertDevice(Database& db, const QString& udid, const QString& state = QStringLiteral("enrolled"))
{
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?)"),
            {udid, state, qint64(1700000000000), qint64(1700000000000)});
    if (!query) {
        qWarning("%s", qPrintable(query.error().toString()));
        return -1;
    }
    return query->lastInsertId().toLongLong();
}

} // namespace quince::storage::test

/// Lets QCOMPARE print error kinds by name.
template <> inline char* QTest::toString(const quince::storage::StorageErrorKind& kind)
{
    return qstrdup(qPrintable(quince::storage::errorKindName(kind)));
}

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

/// The path of a fixture in tests/data/storage.
inline QString fixturePath(const QString& name)
{
    return QStringLiteral(QUINCE_TEST_DATA_DIR "/storage/") + name;
}

/// Creates the SQLite file dbPath from an SQL fixture (one statement per line ending in ';',
/// '--' comments), through a raw connection so that none of our own code is involved.
inline bool loadSqlFixture(const QString& fixture, const QString& dbPath)
{
    QFile file(fixturePath(fixture));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        qWarning("cannot read fixture %s", qPrintable(fixture));
        return false;
    }
    QStringList lines;
    for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QStringLiteral("--")))
            lines.append(line);
    }
    const QString connectionName = QStringLiteral("fixture-loader");
    bool ok = true;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        raw.setDatabaseName(dbPath);
        ok = raw.open();
        const QStringList statements = lines.join(QLatin1Char('\n')).split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
        for (const QString& statement : statements) {
            if (!ok || statement.trimmed().isEmpty())
                continue;
            QSqlQuery query(raw);
            if (!query.exec(statement)) {
                qWarning("fixture statement failed: %s", qPrintable(query.lastError().text()));
                ok = false;
            }
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

} // namespace quince::storage::test

/// Lets QCOMPARE print error kinds by name.
template <> inline char* QTest::toString(const quince::storage::StorageErrorKind& kind)
{
    return qstrdup(qPrintable(quince::storage::errorKindName(kind)));
}

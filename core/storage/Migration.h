// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace quince::storage {

/// One step of the schema. Migrations are data: the product's list lives in Schema.cpp and
/// only ever grows (never edit an applied migration; append a new one), and tests can run
/// lists of their own. All statements of a migration and the insert of its version record
/// run in one transaction, so a failure leaves the previous schema intact.
///
/// Statements must be portable SQL (SQLite and PostgreSQL), with `${ID}` and `${BLOB}` for
/// the types that differ (see Dialect). SQLite cannot change PRAGMA foreign_keys inside a
/// transaction, so a table rebuild must keep rows referentially valid at every statement.
struct Migration {
    int version = 0; ///< 1, 2, 3, ... without gaps
    QString name; ///< short, stable description stored in schema_migrations
    QStringList statements;
};

/// The highest version in a list (0 for an empty list).
inline int latestVersion(const QList<Migration>& migrations)
{
    return migrations.isEmpty() ? 0 : migrations.constLast().version;
}

} // namespace quince::storage

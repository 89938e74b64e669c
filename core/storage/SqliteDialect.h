// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Dialect.h"

namespace quince::storage {

/// SQLite 3 through QSQLITE: WAL journal, foreign keys on, FULL sync, 5 s busy timeout.
class SqliteDialect final : public Dialect {
public:
    /// How long a connection waits for a lock before reporting Busy.
    static constexpr int busyTimeoutMs = 5000;

    QString name() const override;
    QString driverName() const override;
    QString connectOptions(AccessMode mode) const override;
    QList<SetupStatement> sessionStatements(AccessMode mode) const override;
    QList<SetupStatement> writerStatements() const override;
    QString idColumnType() const override;
    QString blobType() const override;
    QString beginTransactionStatement(AccessMode mode) const override;
    QString tableNamesQuery() const override;
    QString backupStatement() const override;
    StorageErrorKind classify(const QSqlError& error) const override;
};

} // namespace quince::storage

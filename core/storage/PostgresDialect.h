// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Dialect.h"

namespace quince::storage {

/// PostgreSQL through QPSQL. Generates SQL only so far: no server is available to test the
/// connection path, so Database opens SQLite files only for now.
class PostgresDialect final : public Dialect {
public:
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
    /// Only the first line: PostgreSQL's DETAIL line quotes key values ("Key (udid)=(...)").
    QString driverMessage(const QSqlError& error) const override;
};

} // namespace quince::storage

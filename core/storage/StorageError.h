// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QString>

namespace quince::storage {

/// What kind of storage failure happened, so callers can react without parsing messages.
enum class StorageErrorKind {
    OpenFailed, ///< the file or server could not be opened, or a connection pragma failed
    MigrationFailed, ///< a migration failed and was rolled back; the previous schema is intact
    SchemaTooNew, ///< the database was written by a newer Quince; we refuse to touch it
    SchemaTooOld, ///< a reader found a schema the writer has not migrated yet
    QueryFailed, ///< a statement failed for another reason
    ConstraintViolation, ///< UNIQUE, CHECK, NOT NULL or FOREIGN KEY refused the change
    Busy, ///< the database stayed locked longer than the busy timeout
    ReadOnly, ///< a write was attempted on a read-only connection
    TransactionFailed, ///< BEGIN, COMMIT or ROLLBACK itself failed
    JobFailed, ///< a write job returned an error of its own (not a driver error)
    NotRunning, ///< the storage worker is not started or is shutting down
};

/// A storage failure: its kind, a message for the operator (with the driver's text), and the
/// failing SQL with its placeholders. Bound values are never included: they may be secrets.
struct StorageError {
    StorageErrorKind kind = StorageErrorKind::QueryFailed;
    QString message;
    QString statement;

    /// The message and, when known, the statement, in one line for logs.
    QString toString() const;
    /// The plain error type of the rest of the core.
    Error toError() const { return Error {toString()}; }
};

/// Success, or a typed storage error.
using StorageStatus = Result<void, StorageError>;

/// A stable name for the kind, for logs and test diagnostics.
QString errorKindName(StorageErrorKind kind);

} // namespace quince::storage

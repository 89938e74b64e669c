// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/StorageError.h"

namespace quince::storage {

QString StorageError::toString() const
{
    if (statement.isEmpty())
        return message;
    return message + QStringLiteral(" [statement: ") + statement + QStringLiteral("]");
}

QString errorKindName(StorageErrorKind kind)
{
    switch (kind) {
    case StorageErrorKind::OpenFailed:
        return QStringLiteral("OpenFailed");
    case StorageErrorKind::MigrationFailed:
        return QStringLiteral("MigrationFailed");
    case StorageErrorKind::SchemaTooNew:
        return QStringLiteral("SchemaTooNew");
    case StorageErrorKind::SchemaTooOld:
        return QStringLiteral("SchemaTooOld");
    case StorageErrorKind::QueryFailed:
        return QStringLiteral("QueryFailed");
    case StorageErrorKind::ConstraintViolation:
        return QStringLiteral("ConstraintViolation");
    case StorageErrorKind::Busy:
        return QStringLiteral("Busy");
    case StorageErrorKind::ReadOnly:
        return QStringLiteral("ReadOnly");
    case StorageErrorKind::TransactionFailed:
        return QStringLiteral("TransactionFailed");
    case StorageErrorKind::JobFailed:
        return QStringLiteral("JobFailed");
    case StorageErrorKind::NotRunning:
        return QStringLiteral("NotRunning");
    }
    return QStringLiteral("Unknown");
}

} // namespace quince::storage

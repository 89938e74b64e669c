// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QVariant>

namespace quince::storage {

// Timestamps are stored as BIGINT milliseconds since the Unix epoch, UTC: the same integer on
// SQLite and PostgreSQL, sortable, and free of time-zone text.

/// The column value for a point in time; NULL for an invalid QDateTime.
inline QVariant toDbTimestamp(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

/// The point in time of a column value (UTC); invalid for NULL.
inline QDateTime fromDbTimestamp(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

/// Now, as a column value.
inline qint64 nowDbTimestamp()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace quince::storage

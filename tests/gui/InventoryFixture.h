// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Database.h"

#include <QString>
#include <QTest>

#include <algorithm>

namespace quince::test {

/// Adds n devices through the real writer: names "Device 0000".., serials "SN" + reversed
/// number (so serial order differs from name order), every third one an iPad, every tenth one
/// never seen.
inline bool addDevices(storage::Database& writer, int first, int count)
{
    const auto status = writer.transact([&]() -> storage::StorageStatus {
        for (int i = first; i < first + count; ++i) {
            const QString number = QStringLiteral("%1").arg(i, 5, 10, QLatin1Char('0'));
            QString reversed = number;
            std::reverse(reversed.begin(), reversed.end());
            const bool ipad = i % 3 == 0;
            const qint64 now = 1'780'000'000'000LL + i;
            auto inserted = writer.exec(
                QStringLiteral("INSERT INTO devices (udid, serial_number, device_name, model, product_name, os_version,"
                               " platform, enrollment_state, last_seen_at, created_at, updated_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {QStringLiteral("udid-%1").arg(number), QString(QStringLiteral("SN") + reversed),
                    QString(QStringLiteral("Device ") + number),
                    ipad ? QStringLiteral("iPad Air") : QStringLiteral("iPhone 15"),
                    ipad ? QStringLiteral("iPad13,1") : QStringLiteral("iPhone15,4"),
                    QStringLiteral("17.%1").arg(i % 7), ipad ? QStringLiteral("iPadOS") : QStringLiteral("iOS"),
                    QStringLiteral("enrolled"), i % 10 == 0 ? QVariant() : QVariant(now), now, now});
            if (!inserted)
                return inserted.error();
        }
        return {};
    });
    if (!status)
        qWarning("addDevices: %s", qPrintable(status.error().toString()));
    return status.ok();
}

} // namespace quince::test

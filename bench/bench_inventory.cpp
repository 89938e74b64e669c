// SPDX-License-Identifier: GPL-3.0-or-later
// How the inventory model behaves over a store of N devices (default 50,000): the time of the
// operations the GUI thread does when the operator opens, scrolls, sorts and filters.
//   bench_inventory [N]
#include "core/storage/Database.h"
#include "ui/inventory/DeviceInventoryModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

using quince::storage::Database;
using quince::ui::DeviceInventoryModel;

namespace {

double timeMs(const std::function<void()>& work, int repeat = 5)
{
    double best = 1e12;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        best = std::min(best, t.nsecsElapsed() / 1e6);
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 50000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite3"));
    auto writer = Database::openWriter(path);
    if (!writer) {
        std::fprintf(stderr, "%s\n", qPrintable(writer.error().toString()));
        return 1;
    }
    QElapsedTimer fill;
    fill.start();
    const auto filled = writer->transact([&]() -> quince::storage::StorageStatus {
        for (int i = 0; i < count; ++i) {
            const QString n = QString::number(i);
            auto r = writer->exec(
                QStringLiteral("INSERT INTO devices (udid, serial_number, device_name, model, os_version, platform,"
                               " enrollment_state, last_seen_at, created_at, updated_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, 'enrolled', ?, 1, 1)"),
                {QString(QStringLiteral("udid-") + n), QString(QStringLiteral("SN") + n),
                    QString(QStringLiteral("Device ") + n),
                    i % 3 ? QStringLiteral("iPhone 15") : QStringLiteral("iPad Air"),
                    QStringLiteral("17.%1").arg(i % 7), i % 3 ? QStringLiteral("iOS") : QStringLiteral("iPadOS"),
                    qint64(1'780'000'000'000LL + (i * 7919LL) % 100000)});
            if (!r)
                return r.error();
        }
        return {};
    });
    if (!filled) {
        std::fprintf(stderr, "%s\n", qPrintable(filled.error().toString()));
        return 1;
    }
    std::printf("devices: %d (inserted in %.0f ms, one transaction)\n", count, fill.nsecsElapsed() / 1e6);

    auto reader = Database::openReader(path);
    DeviceInventoryModel model(reader->connection());
    if (model.rowCount() != count || !model.lastError().isEmpty()) {
        std::fprintf(stderr, "model sees %d rows: %s\n", model.rowCount(), qPrintable(model.lastError()));
        return 1;
    }
    auto touchPage = [&model](int row) { (void)model.index(row, 0).data(); };

    std::printf("refresh (count)             %8.2f ms\n", timeMs([&] { model.refresh(); }));
    std::printf("first page                  %8.2f ms\n", timeMs([&] {
        model.refresh();
        touchPage(0);
    }));
    std::printf("last page (deep offset)     %8.2f ms\n", timeMs([&] {
        model.refresh();
        touchPage(count - 1);
    }));
    const int columns[] = {DeviceInventoryModel::Name, DeviceInventoryModel::SerialNumber,
        DeviceInventoryModel::LastSeen, DeviceInventoryModel::Platform};
    for (int column : columns) {
        const QString name = model.headerData(column, Qt::Horizontal).toString();
        const double ms = timeMs([&] {
            model.sort(column, Qt::DescendingOrder);
            touchPage(0);
            model.sort(column, Qt::AscendingOrder);
            touchPage(count / 2);
        });
        std::printf("sort by %-20s %8.2f ms (two sorts + a page each)\n", qPrintable(name), ms);
    }
    model.sort(DeviceInventoryModel::Name, Qt::AscendingOrder);
    const double filterMs = timeMs([&] {
        model.setFilterText(QString());
        model.setFilterText(QStringLiteral("ipad"));
        touchPage(0);
    });
    std::printf("filter \"ipad\" + first page  %8.2f ms (%d rows)\n", filterMs, model.rowCount());
    const double refreshFiltered = timeMs([&] { model.refresh(); });
    std::printf("refresh while filtered      %8.2f ms\n", refreshFiltered);
    return 0;
}

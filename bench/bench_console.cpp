// SPDX-License-Identifier: GPL-3.0-or-later
// The console's main window over a store of N devices (default 50,000): time from creating the
// window to the first paint of the inventory, the latency of each keystroke of a filter (the
// query and the first page, as the debounced filter runs it), and resident memory.
//   QT_QPA_PLATFORM=offscreen bench_console [N]
#include "core/storage/Database.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using quince::storage::Database;
using quince::ui::DeviceInventoryModel;
using quince::ui::MainWindow;

namespace {

// VmRSS or VmHWM from /proc/self/status, in MiB (Linux).
double memoryMib(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.size() >= 2 ? parts.at(1).toDouble() / 1024.0 : -1;
        }
    }
    return -1;
}

class PaintWatcher : public QObject {
public:
    bool painted = false;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // no saved window state from a real session
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 50000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite3"));
    {
        auto writer = Database::openWriter(path);
        if (!writer) {
            std::fprintf(stderr, "%s\n", qPrintable(writer.error().toString()));
            return 1;
        }
        const auto filled = writer->transact([&]() -> quince::storage::StorageStatus {
            for (int i = 0; i < count; ++i) {
                const QString n = QString::number(i);
                auto r = writer->exec(
                    QStringLiteral("INSERT INTO devices (udid, serial_number, device_name, model, model_name,"
                                   " os_version, platform, enrollment_state, last_seen_at, battery_level,"
                                   " is_supervised, inactive_since, created_at, updated_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, 'enrolled', ?, ?, ?, ?, 1, 1)"),
                    {QString(QStringLiteral("udid-") + n), QString(QStringLiteral("SN") + n),
                        QString(QStringLiteral("Device ") + n),
                        i % 3 ? QStringLiteral("iPhone15,4") : QStringLiteral("iPad13,1"),
                        i % 3 ? QStringLiteral("iPhone 15") : QStringLiteral("iPad Air"),
                        QStringLiteral("17.%1").arg(i % 7), i % 3 ? QStringLiteral("iOS") : QStringLiteral("iPadOS"),
                        qint64(1'780'000'000'000LL + (i * 7919LL) % 100000), (i % 100) / 100.0, i % 2,
                        i % 9 ? QVariant() : QVariant(qint64(1'780'000'000'000LL))});
                if (!r)
                    return r.error();
            }
            return {};
        });
        if (!filled) {
            std::fprintf(stderr, "%s\n", qPrintable(filled.error().toString()));
            return 1;
        }
    }
    std::printf("devices: %d\n", count);
    const double rssBefore = memoryMib("VmRSS:");

    auto reader = Database::openReader(path);
    if (!reader) {
        std::fprintf(stderr, "%s\n", qPrintable(reader.error().toString()));
        return 1;
    }
    QElapsedTimer firstPaint;
    firstPaint.start();
    DeviceInventoryModel model(reader->connection());
    MainWindow window(&model, dir.path());
    PaintWatcher watcher;
    window.inventoryView()->viewport()->installEventFilter(&watcher);
    window.show();
    while (!watcher.painted && firstPaint.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double paintMs = firstPaint.nsecsElapsed() / 1e6;
    std::printf("window to first inventory paint   %8.1f ms\n", paintMs);

    // Each prefix of what an operator types, as the filter runs it: the query, then the
    // first page the view shows. (The window waits for a pause in typing before filtering.)
    const QString typed = QStringLiteral("ipad air");
    double worst = 0;
    double sum = 0;
    for (int length = 1; length <= typed.size(); ++length) {
        QElapsedTimer keystroke;
        keystroke.start();
        model.setFilterText(typed.left(length));
        (void)model.index(0, 0).data();
        const double ms = keystroke.nsecsElapsed() / 1e6;
        worst = std::max(worst, ms);
        sum += ms;
    }
    std::printf("filter per keystroke (\"%s\")    %8.1f ms mean, %.1f ms worst (%d rows)\n", qPrintable(typed),
        sum / typed.size(), worst, model.rowCount());
    model.setFilterText(QString());
    model.setQuickFilters(DeviceInventoryModel::InactiveOnly | DeviceInventoryModel::SupervisedOnly);
    QElapsedTimer quick;
    quick.start();
    (void)model.index(0, 0).data();
    std::printf("quick filters (inactive+supervised) %6.1f ms first page (%d rows)\n", quick.nsecsElapsed() / 1e6,
        model.rowCount());
    std::printf("resident memory                   %8.1f MiB (%.1f MiB before the window, peak %.1f MiB)\n",
        memoryMib("VmRSS:"), rssBefore, memoryMib("VmHWM:"));
    return 0;
}

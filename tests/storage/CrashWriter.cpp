// SPDX-License-Identifier: GPL-3.0-or-later
// Helper for tst_Durability: writes through the StorageWorker without end and prints the
// number of each write once it is acknowledged (its future resolved), until it is killed.
//
// Usage: storage_crash_writer <database path>

#include "core/storage/StorageWorker.h"

#include <QCoreApplication>
#include <QSqlQuery>

#include <cstdio>

using namespace quince;
using namespace quince::storage;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: storage_crash_writer <database path>\n");
        return 2;
    }

    StorageWorker worker;
    if (StorageStatus started = worker.start(args.at(1)); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().toString()));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);

    // Each write touches two tables, so a torn transaction would show as one row without the other.
    const QByteArray filler(2048, 'x');
    for (qint64 n = 0;; ++n) {
        StorageStatus status = worker.writeAndWait([n, &filler](Database& db) -> StorageStatus {
            Result<QSqlQuery, StorageError> device
                = db.exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                         "VALUES (?, 'enrolled', ?, ?)"),
                    {QStringLiteral("acked-%1").arg(n), n, n});
            if (!device)
                return device.error();
            Result<QSqlQuery, StorageError> audit
                = db.exec(QStringLiteral("INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, "
                                         "entry_hash) VALUES (?, 'test', 'enroll', 'device', ?, ?)"),
                    {n, QStringLiteral("acked-%1").arg(n), filler});
            if (!audit)
                return audit.error();
            return {};
        });
        if (!status) {
            std::fprintf(stderr, "%s\n", qPrintable(status.error().toString()));
            return 1;
        }
        // Acknowledged: only now may the parent rely on this row.
        std::printf("%lld\n", static_cast<long long>(n));
        std::fflush(stdout);
    }
}

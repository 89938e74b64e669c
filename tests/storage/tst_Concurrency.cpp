// SPDX-License-Identifier: GPL-3.0-or-later
// WAL in practice: a reader on another thread keeps reading while the worker commits thousands
// of rows, never blocked and never seeing half a transaction; a second writer waits its turn.

#include "StorageTestSupport.h"

#include "core/storage/StorageWorker.h"

#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace quince;
using namespace quince::storage;
using namespace quince::storage::test;

namespace {

constexpr int batchSize = 10;

StorageWorker::Job insertBatch(const QString& prefix, int batch)
{
    return [prefix, batch](Database& db) -> StorageStatus {
        for (int i = 0; i < batchSize; ++i) {
            Result<QSqlQuery, StorageError> query = db.exec(
                QStringLiteral("INSERT INTO devices (udid, device_name, os_version, enrollment_state, last_seen_at, "
                               "created_at, updated_at) VALUES (?, ?, ?, 'enrolled', ?, ?, ?)"),
                {QStringLiteral("%1-%2-%3").arg(prefix).arg(batch).arg(i), QStringLiteral("iPad %1").arg(i),
                    QStringLiteral("17.%1").arg(i), qint64(batch), qint64(0), qint64(0)});
            if (!query)
                return query.error();
        }
        return {};
    };
}

/// What the reader thread saw; written by that thread, read after it has finished.
struct ReaderLog {
    QStringList problems;
    int reads = 0;
    int distinctCounts = 0;
    int lastCount = -1;
};

} // namespace

class TestConcurrency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readerNeverBlocksNorSeesPartialCommits();
    void secondWriterWaitsForTheLock();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestConcurrency::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(Database::databaseFileName());
}

void TestConcurrency::readerNeverBlocksNorSeesPartialCommits()
{
    constexpr int batches = 400;
    constexpr int total = batches * batchSize;

    StorageWorker worker;
    QVERIFY(worker.start(m_path).ok());

    std::atomic<bool> readerStarted {false};
    std::atomic<bool> writerDone {false};
    ReaderLog log;
    std::unique_ptr<QThread> readerThread(QThread::create([&]() {
        // The reader connection is opened, used and closed on this thread (Qt Sql rule).
        Result<Database, StorageError> reader = Database::openReader(m_path);
        if (!reader) {
            log.problems.append(reader.error().toString());
            readerStarted = true;
            return;
        }
        while (log.problems.size() < 10) {
            // Read the flag before counting: once the writer is done, this count must be final.
            const bool done = writerDone.load();
            Result<QSqlQuery, StorageError> query = reader->exec(QStringLiteral("SELECT COUNT(*) FROM devices"));
            readerStarted = true;
            if (!query || !query->next()) {
                log.problems.append(query ? QStringLiteral("no row") : query.error().toString());
                continue;
            }
            const int count = query->value(0).toInt();
            ++log.reads;
            if (count % batchSize != 0)
                log.problems.append(QStringLiteral("saw %1 rows: a partial transaction").arg(count));
            if (count < log.lastCount)
                log.problems.append(QStringLiteral("count went back from %1 to %2").arg(log.lastCount).arg(count));
            if (count != log.lastCount)
                ++log.distinctCounts;
            log.lastCount = count;
            if (done) {
                if (count != total)
                    log.problems.append(QStringLiteral("final count %1, expected %2").arg(count).arg(total));
                break;
            }
        }
    }));
    readerThread->start();
    QTRY_VERIFY(readerStarted.load());

    QList<QFuture<StorageStatus>> futures;
    for (int batch = 0; batch < batches; ++batch)
        futures.append(worker.write(insertBatch(QStringLiteral("dev"), batch), {QStringLiteral("devices")}));
    for (QFuture<StorageStatus>& future : futures) {
        future.waitForFinished();
        QVERIFY2(future.result().ok(), qPrintable(future.result().error().toString()));
    }
    writerDone = true;
    QVERIFY(readerThread->wait(60000));

    QVERIFY2(log.problems.isEmpty(), qPrintable(log.problems.join(QLatin1Char('\n'))));
    QCOMPARE(log.lastCount, total);
    // Proof that reading really overlapped writing, not just ran before and after it.
    QVERIFY2(log.distinctCounts > 2, qPrintable(QString::number(log.distinctCounts)));
    qInfo("reader made %d reads and saw %d distinct counts", log.reads, log.distinctCounts);
}

void TestConcurrency::secondWriterWaitsForTheLock()
{
    // E.g. the command-line tool writing while the console runs: BEGIN IMMEDIATE plus the busy
    // timeout make it wait for the lock instead of failing with "database is locked".
    constexpr int batches = 100;
    StorageWorker first;
    StorageWorker second;
    QVERIFY(first.start(m_path).ok());
    QVERIFY(second.start(m_path).ok());

    QList<QFuture<StorageStatus>> futures;
    for (int batch = 0; batch < batches; ++batch) {
        futures.append(first.write(insertBatch(QStringLiteral("first"), batch)));
        futures.append(second.write(insertBatch(QStringLiteral("second"), batch)));
    }
    for (QFuture<StorageStatus>& future : futures) {
        future.waitForFinished();
        QVERIFY2(future.result().ok(), qPrintable(future.result().error().toString()));
    }
    first.stop();
    second.stop();

    Result<Database, StorageError> reader = Database::openReader(m_path);
    QVERIFY(reader.ok());
    QCOMPARE(scalar(*reader, QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 2 * batches * batchSize);
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_Concurrency.moc"

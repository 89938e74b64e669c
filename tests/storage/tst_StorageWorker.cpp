// SPDX-License-Identifier: GPL-3.0-or-later
// StorageWorker: jobs run on its thread, in order, each in a transaction; failures roll back
// and come back as errors; committed() only follows a commit; stop() drains the queue.

#include "StorageTestSupport.h"

#include "core/storage/StorageWorker.h"

#include <QMutex>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace quince;
using namespace quince::storage;
using namespace quince::storage::test;

namespace {

StorageWorker::Job insertJob(const QString& udid)
{
    return [udid](Database& db) -> StorageStatus {
        if (insertDevice(db, udid) < 0)
            return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("insert failed"), QString()};
        return {};
    };
}

// A job that holds the worker until released, so that the jobs submitted meanwhile wait and
// form one batch behind it.
StorageWorker::Job gateJob(QSemaphore* started, QSemaphore* release)
{
    return [started, release](Database&) -> StorageStatus {
        started->release();
        release->acquire();
        return {};
    };
}

QStringList udids(const QString& path)
{
    Result<Database, StorageError> reader = Database::openReader(path);
    if (!reader)
        return {reader.error().toString()};
    return column(*reader, QStringLiteral("SELECT udid FROM devices ORDER BY id"));
}

} // namespace

class TestStorageWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void jobsRunOnTheWorkerThread();
    void orderIsPreserved();
    void failingJobRollsBackAndReportsIt();
    void failingStatementReportsTypedError();
    void committedOnlyAfterSuccess();
    void committedReachesReceiverThread();
    void stopFinishesQueuedJobs();
    void writeAfterStopIsRefused();
    void startReportsOpenErrors();
    void writeAndWaitFromJobIsRefused();
    void batchIsolatesAFailingJob();
    void batchResolvesFuturesOnlyAfterCommit();
    void batchIsBounded();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<StorageWorker> m_worker;
};

void TestStorageWorker::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(Database::databaseFileName());
    m_worker = std::make_unique<StorageWorker>();
    StorageStatus started = m_worker->start(m_path);
    QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().toString()));
    QVERIFY(m_worker->isRunning());
    QCOMPARE(m_worker->schemaVersion(), latestSchemaVersion());
}

void TestStorageWorker::cleanup()
{
    m_worker.reset();
    m_dir.reset();
}

void TestStorageWorker::jobsRunOnTheWorkerThread()
{
    QThread* seen = nullptr;
    bool inTransaction = false;
    StorageStatus status = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        seen = QThread::currentThread();
        inTransaction = db.inTransaction();
        return {};
    });
    QVERIFY(status.ok());
    QVERIFY(seen != nullptr);
    QVERIFY(seen != QThread::currentThread());
    QCOMPARE(seen, m_worker->workerThread());
    QVERIFY(inTransaction);
}

void TestStorageWorker::orderIsPreserved()
{
    QList<QFuture<StorageStatus>> futures;
    QStringList expected;
    for (int i = 0; i < 200; ++i) {
        const QString udid = QStringLiteral("UDID-%1").arg(i, 3, 10, QLatin1Char('0'));
        expected.append(udid);
        futures.append(m_worker->write(insertJob(udid), {QStringLiteral("devices")}));
    }
    for (QFuture<StorageStatus>& future : futures) {
        future.waitForFinished();
        QVERIFY(future.result().ok());
    }
    QCOMPARE(udids(m_path), expected);
}

void TestStorageWorker::failingJobRollsBackAndReportsIt()
{
    StorageStatus status = m_worker->writeAndWait([](Database& db) -> StorageStatus {
        insertDevice(db, QStringLiteral("half-done"));
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("refused by policy"), QString()};
    });
    QVERIFY(!status);
    QCOMPARE(status.error().kind, StorageErrorKind::JobFailed);
    QCOMPARE(status.error().message, QStringLiteral("refused by policy"));
    QCOMPARE(udids(m_path), QStringList());

    // The worker is still usable after a failure.
    QVERIFY(m_worker->writeAndWait(insertJob(QStringLiteral("after"))).ok());
    QCOMPARE(udids(m_path), QStringList {QStringLiteral("after")});
}

void TestStorageWorker::failingStatementReportsTypedError()
{
    StorageStatus status = m_worker->writeAndWait([](Database& db) -> StorageStatus {
        insertDevice(db, QStringLiteral("first"));
        Result<QSqlQuery, StorageError> duplicate = db.exec(
            QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES (?, ?, 0, 0)"),
            {QStringLiteral("first"), QStringLiteral("pending")});
        if (!duplicate)
            return duplicate.error();
        return {};
    });
    QVERIFY(!status);
    QCOMPARE(status.error().kind, StorageErrorKind::ConstraintViolation);
    QVERIFY(status.error().statement.startsWith(QStringLiteral("INSERT INTO devices")));
    QCOMPARE(udids(m_path), QStringList());
}

void TestStorageWorker::committedOnlyAfterSuccess()
{
    QSignalSpy spy(m_worker.get(), &StorageWorker::committed);
    QVERIFY(m_worker->writeAndWait(insertJob(QStringLiteral("ok")), {QStringLiteral("devices")}).ok());
    QVERIFY(!m_worker
                 ->writeAndWait(
                     [](Database&) -> StorageStatus {
                         return StorageError {StorageErrorKind::JobFailed, QStringLiteral("no"), QString()};
                     },
                     {QStringLiteral("enrollments")})
                 .ok());
    QVERIFY(
        m_worker
            ->writeAndWait(insertJob(QStringLiteral("ok2")), {QStringLiteral("devices"), QStringLiteral("audit_log")})
            .ok());
    // writeAndWait returns after the signal was emitted; QSignalSpy records it directly.
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toStringList(), QStringList {QStringLiteral("devices")});
    QCOMPARE(spy.at(1).at(0).toStringList(), QStringList({QStringLiteral("devices"), QStringLiteral("audit_log")}));
}

void TestStorageWorker::committedReachesReceiverThread()
{
    // What an item model sees: a queued call in its own (here: the test's) thread.
    QStringList received;
    QThread* receivedOn = nullptr;
    QObject receiver;
    connect(m_worker.get(), &StorageWorker::committed, &receiver, [&](const QStringList& tables) {
        received = tables;
        receivedOn = QThread::currentThread();
    });
    QVERIFY(m_worker->writeAndWait(insertJob(QStringLiteral("x")), {QStringLiteral("devices")}).ok());
    QTRY_COMPARE(received, QStringList {QStringLiteral("devices")});
    QCOMPARE(receivedOn, QThread::currentThread());
}

void TestStorageWorker::stopFinishesQueuedJobs()
{
    QList<QFuture<StorageStatus>> futures;
    // A slow first job makes sure the others are still queued when stop() is called.
    futures.append(m_worker->write([](Database& db) -> StorageStatus {
        QThread::msleep(200);
        return insertJob(QStringLiteral("slow"))(db);
    }));
    for (int i = 0; i < 20; ++i)
        futures.append(m_worker->write(insertJob(QStringLiteral("queued-%1").arg(i))));
    m_worker->stop();
    QVERIFY(!m_worker->isRunning());
    QVERIFY(m_worker->workerThread() == nullptr);
    for (const QFuture<StorageStatus>& future : futures) {
        QVERIFY(future.isFinished());
        QVERIFY(future.result().ok());
    }
    QCOMPARE(udids(m_path).size(), 21);
    m_worker->stop(); // idempotent
}

void TestStorageWorker::writeAfterStopIsRefused()
{
    m_worker->stop();
    QFuture<StorageStatus> future = m_worker->write(insertJob(QStringLiteral("late")));
    QVERIFY(future.isFinished());
    QCOMPARE(future.result().error().kind, StorageErrorKind::NotRunning);

    // A stopped worker can be started again on the same file.
    QVERIFY(m_worker->start(m_path).ok());
    QVERIFY(m_worker->writeAndWait(insertJob(QStringLiteral("again"))).ok());
    QCOMPARE(udids(m_path), QStringList {QStringLiteral("again")});
}

void TestStorageWorker::startReportsOpenErrors()
{
    StorageWorker other;
    StorageStatus status = other.start(m_dir->filePath(QStringLiteral("missing/folder/db")));
    QVERIFY(!status);
    QCOMPARE(status.error().kind, StorageErrorKind::OpenFailed);
    QVERIFY(!other.isRunning());
    QCOMPARE(other.write(insertJob(QStringLiteral("x"))).result().error().kind, StorageErrorKind::NotRunning);

    QCOMPARE(m_worker->start(m_path).error().kind, StorageErrorKind::NotRunning); // already started
}

void TestStorageWorker::writeAndWaitFromJobIsRefused()
{
    StorageWorker* worker = m_worker.get();
    StorageErrorKind innerKind = StorageErrorKind::QueryFailed;
    StorageStatus status = worker->writeAndWait([&](Database&) -> StorageStatus {
        StorageStatus inner = worker->writeAndWait([](Database&) { return StorageStatus(); });
        innerKind = inner ? StorageErrorKind::QueryFailed : inner.error().kind;
        return {};
    });
    QVERIFY(status.ok());
    QCOMPARE(innerKind, StorageErrorKind::NotRunning);
}

void TestStorageWorker::batchIsolatesAFailingJob()
{
    QSemaphore started;
    QSemaphore release;
    QSignalSpy spy(m_worker.get(), &StorageWorker::committed);
    QFuture<StorageStatus> gate = m_worker->write(gateJob(&started, &release));
    started.acquire();
    QFuture<StorageStatus> first = m_worker->write(insertJob(QStringLiteral("first")), {QStringLiteral("devices")});
    QFuture<StorageStatus> failing = m_worker->write(
        [](Database& db) -> StorageStatus {
            insertDevice(db, QStringLiteral("half-done"));
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("refused by policy"), QString()};
        },
        {QStringLiteral("enrollments")});
    QFuture<StorageStatus> duplicate = m_worker->write(insertJob(QStringLiteral("first"))); // UNIQUE udid
    QFuture<StorageStatus> last = m_worker->write(insertJob(QStringLiteral("last")), {QStringLiteral("audit_log")});
    release.release();

    for (QFuture<StorageStatus>* future : {&gate, &first, &failing, &duplicate, &last})
        future->waitForFinished();
    QVERIFY(gate.result().ok());
    QVERIFY(first.result().ok());
    QVERIFY(!failing.result());
    QCOMPARE(failing.result().error().kind, StorageErrorKind::JobFailed);
    QCOMPARE(failing.result().error().message, QStringLiteral("refused by policy"));
    QVERIFY(!duplicate.result());
    QCOMPARE(duplicate.result().error().kind, StorageErrorKind::QueryFailed); // insertJob's own error
    QVERIFY(last.result().ok());
    // Only the failing jobs' work was rolled back, and the order is the submission order.
    QCOMPARE(udids(m_path), QStringList({QStringLiteral("first"), QStringLiteral("last")}));
    // The gate's commit, then one commit for the batch: the tables of the jobs that committed.
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toStringList(), QStringList({QStringLiteral("devices"), QStringLiteral("audit_log")}));
}

void TestStorageWorker::batchResolvesFuturesOnlyAfterCommit()
{
    QSemaphore started;
    QSemaphore release;
    QFuture<StorageStatus> gate = m_worker->write(gateJob(&started, &release));
    started.acquire();
    const QString path = m_path;
    QMutex mutex;
    QList<QStringList> seenAtResolve;
    QList<QFuture<void>> checks;
    QStringList expected;
    for (int i = 0; i < 5; ++i) {
        const QString udid = QStringLiteral("batch-%1").arg(i);
        expected.append(udid);
        // A synchronous continuation runs where the future is resolved: what another connection
        // reads then is what was on disk when the device would have been answered.
        checks.append(m_worker->write(insertJob(udid))
                          .then(QtFuture::Launch::Sync, [path, &mutex, &seenAtResolve](const StorageStatus& status) {
                              QStringList seen = udids(path);
                              if (!status)
                                  seen.prepend(status.error().toString());
                              QMutexLocker lock(&mutex);
                              seenAtResolve.append(seen);
                          }));
    }
    release.release();
    gate.waitForFinished();
    for (QFuture<void>& check : checks)
        check.waitForFinished();
    // Every future of the batch resolved after the one commit of all five jobs.
    QCOMPARE(seenAtResolve.size(), 5);
    for (const QStringList& seen : seenAtResolve)
        QCOMPARE(seen, expected);
}

void TestStorageWorker::batchIsBounded()
{
    QSemaphore started;
    QSemaphore release;
    QSignalSpy spy(m_worker.get(), &StorageWorker::committed);
    QFuture<StorageStatus> gate = m_worker->write(gateJob(&started, &release));
    started.acquire();
    const int jobs = StorageWorker::kMaxBatch + 10;
    QList<QFuture<StorageStatus>> futures;
    QStringList expected;
    for (int i = 0; i < jobs; ++i) {
        const QString udid = QStringLiteral("UDID-%1").arg(i, 3, 10, QLatin1Char('0'));
        expected.append(udid);
        futures.append(m_worker->write(insertJob(udid), {QStringLiteral("devices")}));
    }
    release.release();
    for (QFuture<StorageStatus>& future : futures) {
        future.waitForFinished();
        QVERIFY(future.result().ok());
    }
    QCOMPARE(udids(m_path), expected);
    // The gate, a full batch, then the rest.
    QCOMPARE(spy.count(), 3);
}

QTEST_GUILESS_MAIN(TestStorageWorker)
#include "tst_StorageWorker.moc"

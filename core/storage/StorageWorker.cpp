// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/StorageWorker.h"

#include <QMutexLocker>
#include <QPromise>
#include <QThread>

namespace quince::storage {

namespace {

StorageError notRunning(const QString& why)
{
    return StorageError {StorageErrorKind::NotRunning, why, QString()};
}

} // namespace

StorageWorker::StorageWorker(QObject* parent) : QObject(parent)
{
}

StorageWorker::~StorageWorker()
{
    stop();
}

StorageStatus StorageWorker::start(const QString& path, const QList<Migration>& migrations)
{
    QMutexLocker lock(&m_mutex);
    if (m_thread)
        return notRunning(QStringLiteral("the storage worker is already started"));

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("quince-storage"));
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    m_thread->start();

    // The connection must be opened on the thread that will use it (a Qt Sql rule).
    StorageStatus status;
    QMetaObject::invokeMethod(
        m_context,
        [this, &status, &path, &migrations]() {
            Result<Database, StorageError> opened = Database::openWriter(path, migrations);
            if (opened) {
                m_schemaVersion = opened->schemaVersion();
                m_db.emplace(std::move(opened).value());
            } else {
                status = opened.error();
            }
        },
        Qt::BlockingQueuedConnection);

    if (!status) {
        m_thread->quit();
        m_thread->wait();
        delete m_context;
        m_context = nullptr;
        m_thread.reset();
        return status;
    }
    m_accepting = true;
    return {};
}

QFuture<StorageStatus> StorageWorker::write(Job job, const QStringList& tables)
{
    // Shared because QPromise is move-only and the batch hands it around.
    auto promise = std::make_shared<QPromise<StorageStatus>>();
    QFuture<StorageStatus> future = promise->future();
    promise->start();

    QMutexLocker lock(&m_mutex);
    if (!m_accepting) {
        promise->addResult(notRunning(QStringLiteral("the storage worker is not running")));
        promise->finish();
        return future;
    }
    m_pending.push_back(Pending {std::move(job), tables, std::move(promise)});
    // Posted under the mutex: stop() posts its close after the drain of every job that got in.
    if (!m_drainPosted) {
        m_drainPosted = true;
        QMetaObject::invokeMethod(
            m_context, [this]() { drain(); }, Qt::QueuedConnection);
    }
    return future;
}

StorageStatus StorageWorker::writeAndWait(Job job, const QStringList& tables)
{
    if (QThread::currentThread() == workerThread())
        return notRunning(QStringLiteral("writeAndWait() called from a storage job would wait for itself"));
    QFuture<StorageStatus> future = write(std::move(job), tables);
    future.waitForFinished();
    return future.result();
}

void StorageWorker::drain()
{
    // Runs what is waiting, a batch at a time, until nothing is: jobs submitted while a batch
    // commits form the next batch.
    for (;;) {
        std::vector<Pending> batch;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending.empty() && batch.size() < static_cast<std::size_t>(kMaxBatch)) {
                batch.push_back(std::move(m_pending.front()));
                m_pending.pop_front();
            }
            if (batch.empty()) {
                m_drainPosted = false;
                return;
            }
        }
        runBatch(batch);
    }
}

void StorageWorker::runBatch(std::vector<Pending>& batch)
{
    const auto resolve = [](Pending& pending, const StorageStatus& status) {
        pending.promise->addResult(status);
        pending.promise->finish();
    };
    if (!m_db) {
        for (Pending& pending : batch)
            resolve(pending, notRunning(QStringLiteral("the storage worker has no open database")));
        return;
    }
    Database& db = *m_db;

    if (batch.size() == 1) {
        Pending& only = batch.front();
        const StorageStatus status = db.transact([&only, &db]() { return only.job(db); });
        if (status)
            Q_EMIT committed(only.tables);
        resolve(only, status);
        return;
    }

    std::vector<StorageStatus> results(batch.size());
    std::size_t ran = 0;
    const StorageStatus outcome = db.transact([&batch, &results, &ran, &db]() -> StorageStatus {
        for (; ran < batch.size(); ++ran) {
            Pending& pending = batch[ran];
            results[ran] = db.transact([&pending, &db]() { return pending.job(db); });
            // Jobs must not keep queries past their return: their statements are reset so the
            // next job can reuse them from the statement cache.
            db.finishStatements();
            // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the jobs
            // before were lost with it, and the rest must not run outside a transaction.
            if (!results[ran] && db.transactionLost()) {
                const StorageStatus lost = results[ran];
                ++ran;
                return lost;
            }
        }
        return {};
    });

    // Jobs the lost transaction did not reach go first into the next batch, in their order.
    if (ran < batch.size()) {
        QMutexLocker lock(&m_mutex);
        for (std::size_t i = batch.size(); i > ran; --i)
            m_pending.push_front(std::move(batch[i - 1]));
        batch.resize(ran);
        results.resize(ran);
    }

    QStringList tables;
    bool anyCommitted = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!results[i])
            continue; // its own error; its savepoint was rolled back
        if (!outcome) {
            // The COMMIT (or the transaction) failed: nothing of this job is on disk.
            results[i] = outcome;
            continue;
        }
        anyCommitted = true;
        for (const QString& table : batch[i].tables) {
            if (!tables.contains(table))
                tables.append(table);
        }
    }
    if (anyCommitted)
        Q_EMIT committed(tables);
    for (std::size_t i = 0; i < batch.size(); ++i)
        resolve(batch[i], results[i]);
}

void StorageWorker::stop()
{
    // Serialises stop() calls so only one joins and frees the thread. Separate from m_mutex,
    // which jobs still running on the worker need for write().
    QMutexLocker stopLock(&m_stopMutex);
    QThread* thread = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_thread)
            return;
        if (m_accepting) {
            m_accepting = false;
            // Queued behind every accepted job, so those run first; then the connection is
            // closed on its own thread and the event loop ends.
            QMetaObject::invokeMethod(
                m_context,
                [this]() {
                    drain(); // what a batch's lost transaction put back, if anything
                    m_db.reset();
                    QThread::currentThread()->quit();
                },
                Qt::QueuedConnection);
        }
        if (QThread::currentThread() == m_thread.get())
            return; // called from a job: the close still runs; the owner joins the thread later
        thread = m_thread.get();
    }
    thread->wait();
    QMutexLocker lock(&m_mutex);
    delete m_context; // its thread has finished, so deleting from here is safe
    m_context = nullptr;
    m_thread.reset();
}

bool StorageWorker::isRunning() const
{
    QMutexLocker lock(&m_mutex);
    return m_accepting;
}

int StorageWorker::schemaVersion() const
{
    QMutexLocker lock(&m_mutex);
    return m_schemaVersion;
}

QThread* StorageWorker::workerThread() const
{
    QMutexLocker lock(&m_mutex);
    return m_thread.get();
}

} // namespace quince::storage

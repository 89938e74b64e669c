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
    // Shared because QPromise is move-only and the queued functor is copied.
    auto promise = std::make_shared<QPromise<StorageStatus>>();
    QFuture<StorageStatus> future = promise->future();
    promise->start();

    QMutexLocker lock(&m_mutex);
    if (!m_accepting) {
        promise->addResult(notRunning(QStringLiteral("the storage worker is not running")));
        promise->finish();
        return future;
    }
    // Posted under the mutex: stop() posts its close after every job that got in here.
    QMetaObject::invokeMethod(
        m_context,
        [this, promise, job = std::move(job), tables]() {
            promise->addResult(runJob(job, tables));
            promise->finish();
        },
        Qt::QueuedConnection);
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

StorageStatus StorageWorker::runJob(const Job& job, const QStringList& tables)
{
    if (!m_db)
        return notRunning(QStringLiteral("the storage worker has no open database"));
    Database& db = *m_db;
    StorageStatus status = db.transact([&job, &db]() { return job(db); });
    if (status)
        Q_EMIT committed(tables);
    return status;
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

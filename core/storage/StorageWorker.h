// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Database.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace quince::storage {

/// The single writer: owns the writer Database on a thread of its own and runs write jobs
/// there, one at a time, in the order they were submitted, each in one transaction.
///
/// Group commit: when several jobs are waiting, up to kMaxBatch of them run in ONE transaction,
/// each inside its own savepoint (a failing job rolls back only its savepoint and gets its own
/// error), and one COMMIT makes them all durable. Only after that commit are their futures
/// resolved and committed() emitted, so nothing is reported done before it is on disk; the
/// commit's fsync is paid once per batch instead of once per job.
///
/// The API is thread-safe: any thread may submit jobs (the GUI thread included, since write()
/// never blocks). committed() is emitted from the worker thread after each successful commit;
/// a receiver in another thread gets it queued (the default AutoConnection does that), which
/// is how item models learn that they should re-read.
class StorageWorker : public QObject {
    Q_OBJECT

public:
    /// The most jobs one transaction takes: bounds the work lost to one failed COMMIT and the
    /// wait of the batch's first job.
    static constexpr int kMaxBatch = 64;

    /// A unit of work. It runs on the worker thread inside a transaction; returning an error
    /// rolls the transaction back. It must not keep the Database or queries past its return.
    using Job = std::function<StorageStatus(Database&)>;

    explicit StorageWorker(QObject* parent = nullptr);
    /// Stops the worker (finishing queued jobs) if it is still running.
    ~StorageWorker() override;

    /// Starts the thread and opens (creating and migrating) the database there. Blocks until
    /// the database is open; on failure the thread is stopped again and the error returned.
    StorageStatus start(const QString& path, const QList<Migration>& migrations = schemaMigrations());

    /// Queues job; the future resolves once it has committed or rolled back. tables names what
    /// the job changes, passed on in committed(). After stop() the future carries NotRunning.
    QFuture<StorageStatus> write(Job job, const QStringList& tables = {});

    /// write() and wait for the outcome; for tests and the command-line tool. Must not be
    /// called from a job (it would wait for itself) and returns NotRunning if it is.
    StorageStatus writeAndWait(Job job, const QStringList& tables = {});

    /// Finishes the jobs already queued, closes the database and ends the thread. Idempotent.
    /// Called from a job, it only stops accepting jobs; the owner's later stop() joins.
    void stop();

    bool isRunning() const;
    /// The schema version after start().
    int schemaVersion() const;
    /// The thread the jobs run on (nullptr when not running).
    QThread* workerThread() const;

Q_SIGNALS:
    /// A transaction committed; tables are the names its jobs declared (their union when a batch
    /// committed several jobs).
    void committed(const QStringList& tables);

private:
    struct Pending {
        Job job;
        QStringList tables;
        std::shared_ptr<QPromise<StorageStatus>> promise;
    };

    void drain();
    void runBatch(std::vector<Pending>& batch);

    QMutex m_stopMutex; // serialises stop()
    mutable QMutex m_mutex; // guards the members below against concurrent start/write/stop
    std::unique_ptr<QThread> m_thread;
    QObject* m_context = nullptr; // lives on m_thread: the receiver of queued jobs
    bool m_accepting = false;
    std::deque<Pending> m_pending; // submitted, not yet run; guarded by m_mutex
    bool m_drainPosted = false; // a drain() is queued on m_thread; guarded by m_mutex
    int m_schemaVersion = 0;

    std::optional<Database> m_db; // used on m_thread only
};

} // namespace quince::storage

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/apns/PushStore.h"
#include "core/common/Result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

class QTimer;

namespace quince::storage {
class StorageWorker;
}
namespace quince::pki {
class PushIdentityMonitor;
}

namespace quince::apns {

class ApnsClient;

struct PushServiceConfig {
    /// How often queued commands, push requests and the push certificate are looked at. A
    /// commit in this process that names command_queue or certificates triggers a look at once.
    qint64 pollIntervalMs = 2000;
    /// Devices quiet (no request, no push) for longer than this get a liveness push.
    qint64 livenessIntervalMs = 24LL * 3600 * 1000;
    /// How often the liveness sweep and pushes run.
    qint64 livenessCheckMs = 10LL * 60 * 1000;
    /// Unanswered pushes for this long make a device inactive.
    qint64 inactiveAfterMs = 7LL * 24 * 3600 * 1000;
    int historyLimit = 50;
    /// When set, the inactive devices are written here (JSON, replaced atomically) after every
    /// liveness round, for other systems to read.
    QString inactiveExportPath;
    /// The time, in ms since the epoch; tests move it.
    std::function<qint64()> clock;
};

/// Decides whom to push and records what happened: command pushes (coalesced per enrollment,
/// driven from the database so commands queued by quincectl in another process are pushed
/// too), operator pushes (`push_wanted_at`), liveness pushes and the inactivity sweep. It keeps
/// the client's identity in step with the active push certificate (hot reload). Lives on one
/// thread with its client (ServerRuntime gives them their own); database work runs as storage
/// jobs.
class PushService : public QObject {
    Q_OBJECT

public:
    PushService(storage::StorageWorker& storage, pki::PushIdentityMonitor& identity, ApnsClient& client,
        PushServiceConfig config, QObject* parent = nullptr);
    ~PushService() override;

    /// Starts the timers and runs a first poll.
    void start();
    void stop();

    /// One look at the database now: identity, push requests, queued commands. Asynchronous.
    void poll();
    /// One liveness round now: the sweep, then the liveness pushes. Asynchronous.
    void runLiveness();

    /// Pushes not yet answered by the client, and replies not yet written.
    bool isBusy() const;

Q_SIGNALS:
    /// A push's reply (or its failure) is on disk.
    void recorded(qint64 enrollmentId, const quince::apns::PushReply& reply);
    /// APNs refused the push certificate: one alert, whatever the number of devices.
    void certificateAlert(const QString& reason);
    /// A poll or liveness round finished (for tests and status).
    void pollDone();
    void livenessDone(int devicesChanged);

private:
    qint64 now() const;
    void dispatch(const QList<PushStore::Target>& targets);
    void onReplied(const PushReply& reply);
    void flushRecords();
    void exportInactive(const QList<PushStore::InactiveDevice>& devices);

    storage::StorageWorker& m_storage;
    pki::PushIdentityMonitor& m_identity;
    ApnsClient& m_client;
    PushServiceConfig m_config;
    // Children, so that moveToThread() takes them along.
    QTimer* m_pollTimer;
    QTimer* m_livenessTimer;
    QTimer* m_flushTimer;
    // The last reason the push certificate could not be read, logged once rather than at every
    // poll; only the storage thread's poll jobs touch it (they run one at a time).
    std::shared_ptr<QString> m_identityError = std::make_shared<QString>();
    bool m_polling = false;
    bool m_pollAgain = false;
    bool m_livenessRunning = false;
    qint64 m_commandWatermark = 0;
    quint64 m_nextRequestId = 1;
    QHash<quint64, PushStore::Target> m_sent; // request id -> target
    QSet<qint64> m_inFlightEnrollments;
    QList<QPair<PushStore::Target, PushReply>> m_unrecorded;
    int m_recordsInFlight = 0;
};

} // namespace quince::apns

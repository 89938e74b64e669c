// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/apns/PushService.h"

#include "core/apns/ApnsClient.h"
#include "core/pki/PushIdentityMonitor.h"
#include "core/storage/StorageWorker.h"

#include <QDateTime>
#include <QFuture>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimer>

#include <memory>

namespace quince::apns {

namespace {

Q_LOGGING_CATEGORY(lcPush, "quince.apns.push")

// Commands are stamped with the queuing process's clock when its transaction starts, and a
// transaction may commit a little later: the poll looks back this far past its last look.
constexpr qint64 kCommandLookBackMs = 60 * 1000;

const auto kAlertKey = QStringLiteral("apns.certificate_alert");

storage::StorageStatus saveAlert(storage::Database& db, const QString& value, qint64 now)
{
    auto saved = value.isEmpty()
        ? db.exec(QStringLiteral("DELETE FROM settings WHERE key = ?"), {kAlertKey})
        : db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                 " updated_at = excluded.updated_at"),
            {kAlertKey, value, now});
    if (!saved)
        return saved.error();
    return {};
}

} // namespace

PushService::PushService(storage::StorageWorker& storage, pki::PushIdentityMonitor& identity, ApnsClient& client,
    PushServiceConfig config, QObject* parent)
    : QObject(parent),
      m_storage(storage),
      m_identity(identity),
      m_client(client),
      m_config(std::move(config)),
      m_pollTimer(new QTimer(this)),
      m_livenessTimer(new QTimer(this)),
      m_flushTimer(new QTimer(this))
{
    if (!m_config.clock)
        m_config.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_pollTimer->setInterval(static_cast<int>(m_config.pollIntervalMs));
    m_livenessTimer->setInterval(static_cast<int>(std::min<qint64>(m_config.livenessCheckMs, 24LL * 3600 * 1000)));
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(20);
    connect(m_pollTimer, &QTimer::timeout, this, &PushService::poll);
    connect(m_livenessTimer, &QTimer::timeout, this, &PushService::runLiveness);
    connect(m_flushTimer, &QTimer::timeout, this, &PushService::flushRecords);
    connect(&m_client, &ApnsClient::replied, this, &PushService::onReplied);
    // Emitted on the storage thread (reload runs in a job): queued to this one.
    connect(
        &m_identity, &pki::PushIdentityMonitor::identityChanged, this,
        [this](quint64) {
            m_client.setIdentity(m_identity.current().value_or(pki::PushCertificate {}));
            // Commands that waited for a certificate are older than the last look: look at all.
            m_commandWatermark = 0;
            m_storage.write(
                [at = now()](storage::Database& db) { return saveAlert(db, {}, at); }, {QStringLiteral("settings")});
        },
        Qt::QueuedConnection);
    connect(&m_client, &ApnsClient::certificateRejected, this, [this](const QString& reason) {
        const QString alert
            = QStringLiteral("%1 %2").arg(QDateTime::fromMSecsSinceEpoch(now(), Qt::UTC).toString(Qt::ISODate), reason);
        m_storage.write([alert, at = now()](storage::Database& db) { return saveAlert(db, alert, at); },
            {QStringLiteral("settings")});
        Q_EMIT certificateAlert(reason);
    });
    connect(&m_storage, &storage::StorageWorker::committed, this, [this](const QStringList& tables) {
        if (m_pollTimer->isActive()
            && (tables.contains(QStringLiteral("command_queue")) || tables.contains(QStringLiteral("certificates"))))
            poll();
    });
}

PushService::~PushService()
{
    stop();
}

void PushService::start()
{
    // The identity first, so the first pushes have it.
    m_client.setIdentity(m_identity.current().value_or(pki::PushCertificate {}));
    m_pollTimer->start();
    m_livenessTimer->start();
    poll();
}

void PushService::stop()
{
    m_pollTimer->stop();
    m_livenessTimer->stop();
    if (!m_unrecorded.isEmpty())
        flushRecords();
}

qint64 PushService::now() const
{
    return m_config.clock();
}

bool PushService::isBusy() const
{
    return m_polling || m_livenessRunning || !m_sent.isEmpty() || !m_unrecorded.isEmpty() || m_recordsInFlight > 0;
}

void PushService::poll()
{
    if (m_polling) {
        m_pollAgain = true; // one more look after this one, not one per trigger
        return;
    }
    m_polling = true;
    const qint64 at = now();
    const qint64 since = m_commandWatermark;
    // Without a certificate APNs accepts (none yet, or a 403 stop) command pushes wait in the
    // database: claiming them would only record "not sent" every few seconds.
    const bool canPush = m_client.hasIdentity() && m_client.stoppedReason().isEmpty();
    const int historyLimit = m_config.historyLimit;
    auto targets = std::make_shared<QList<PushStore::Target>>();
    pki::PushIdentityMonitor* identity = &m_identity;
    std::shared_ptr<QString> identityError = m_identityError;
    QFuture<storage::StorageStatus> done = m_storage.write(
        [=](storage::Database& db) -> storage::StorageStatus {
            if (auto reloaded = identity->reload(db); !reloaded) {
                if (reloaded.error().message != *identityError) {
                    *identityError = reloaded.error().message;
                    qCWarning(lcPush, "cannot read the push certificate: %s", qPrintable(*identityError));
                }
            } else if (!identityError->isEmpty()) {
                identityError->clear();
                qCInfo(lcPush, "the push certificate can be read again");
            }
            auto wanted = PushStore::claimWantedPushes(db, at, historyLimit);
            if (!wanted)
                return wanted.error();
            *targets = *wanted;
            if (!canPush)
                return {};
            auto commands = PushStore::claimCommandPushes(db, at, since);
            if (!commands)
                return commands.error();
            *targets += *commands;
            return {};
        },
        // Not "devices": the inventory re-reads on those, and this runs every few seconds.
        {QStringLiteral("enrollments"), QStringLiteral("push_attempts")});
    done.then(this, [this, targets, at, canPush](const storage::StorageStatus& status) {
        m_polling = false;
        if (!status) {
            qCWarning(lcPush, "push poll failed: %s", qPrintable(status.error().toString()));
        } else {
            if (canPush)
                m_commandWatermark = std::max<qint64>(0, at - kCommandLookBackMs);
            dispatch(*targets);
        }
        Q_EMIT pollDone();
        if (m_pollAgain) {
            m_pollAgain = false;
            poll();
        }
    });
}

void PushService::runLiveness()
{
    if (m_livenessRunning)
        return;
    m_livenessRunning = true;
    const qint64 at = now();
    const qint64 interval = m_config.livenessIntervalMs;
    const qint64 inactiveAfter = m_config.inactiveAfterMs;
    auto targets = std::make_shared<QList<PushStore::Target>>();
    auto changed = std::make_shared<int>(0);
    const bool exporting = !m_config.inactiveExportPath.isEmpty();
    auto inactive = std::make_shared<QList<PushStore::InactiveDevice>>();
    QFuture<storage::StorageStatus> done = m_storage.write(
        [=](storage::Database& db) -> storage::StorageStatus {
            auto swept = PushStore::sweepLiveness(db, at, inactiveAfter);
            if (!swept)
                return swept.error();
            *changed = *swept;
            if (exporting) {
                auto list = PushStore::inactiveDevices(db);
                if (!list)
                    return list.error();
                *inactive = *list;
            }
            auto liveness = PushStore::claimLivenessPushes(db, at, interval);
            if (!liveness)
                return liveness.error();
            *targets = *liveness;
            return {};
        },
        PushStore::tables());
    done.then(this, [this, targets, changed, inactive, exporting](const storage::StorageStatus& status) {
        m_livenessRunning = false;
        if (!status) {
            qCWarning(lcPush, "liveness round failed: %s", qPrintable(status.error().toString()));
        } else {
            if (*changed > 0)
                qCInfo(lcPush, "%d device(s) changed between active and inactive", *changed);
            if (exporting)
                exportInactive(*inactive);
            dispatch(*targets);
        }
        Q_EMIT livenessDone(*changed);
    });
}

void PushService::exportInactive(const QList<PushStore::InactiveDevice>& devices)
{
    // Readers never see a half-written file: QSaveFile renames a complete one into place.
    QSaveFile file(m_config.inactiveExportPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(PushStore::inactiveDevicesJson(devices)) < 0 || !file.commit())
        qCWarning(lcPush, "cannot write the inactive device list %s: %s", qPrintable(m_config.inactiveExportPath),
            qPrintable(file.errorString()));
}

void PushService::dispatch(const QList<PushStore::Target>& targets)
{
    for (const PushStore::Target& target : targets) {
        // One push in flight per enrollment: the device fetches every queued command anyway.
        if (m_inFlightEnrollments.contains(target.enrollmentId))
            continue;
        m_inFlightEnrollments.insert(target.enrollmentId);
        const quint64 id = m_nextRequestId++;
        m_sent.insert(id, target);
        m_client.send(PushRequest {id, target.token, target.pushMagic});
    }
}

void PushService::onReplied(const PushReply& reply)
{
    const auto found = m_sent.find(reply.id);
    if (found == m_sent.end())
        return;
    const PushStore::Target target = found.value();
    m_sent.erase(found);
    m_inFlightEnrollments.remove(target.enrollmentId);
    m_unrecorded.append({target, reply});
    // A push that did not go through is asked for again (recordReply clears its stamp); the
    // next poll must look back far enough to find its commands.
    if (reply.outcome == PushOutcome::Failed || reply.outcome == PushOutcome::NotSent
        || reply.outcome == PushOutcome::CertificateRejected)
        m_commandWatermark = 0;
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void PushService::flushRecords()
{
    if (m_unrecorded.isEmpty())
        return;
    auto records = std::make_shared<QList<QPair<PushStore::Target, PushReply>>>(std::move(m_unrecorded));
    m_unrecorded.clear();
    const qint64 at = now();
    const int limit = m_config.historyLimit;
    ++m_recordsInFlight;
    QFuture<storage::StorageStatus> done = m_storage.write(
        [records, at, limit](storage::Database& db) -> storage::StorageStatus {
            for (const auto& [target, reply] : *records)
                if (auto s = PushStore::recordReply(db, target, reply, at, limit); !s)
                    return s;
            return {};
        },
        {QStringLiteral("enrollments"), QStringLiteral("push_attempts")});
    done.then(this, [this, records](const storage::StorageStatus& status) {
        --m_recordsInFlight;
        if (!status) {
            qCWarning(lcPush, "cannot record %lld push replies: %s", static_cast<long long>(records->size()),
                qPrintable(status.error().toString()));
            return;
        }
        for (const auto& [target, reply] : *records)
            Q_EMIT recorded(target.enrollmentId, reply);
    });
}

} // namespace quince::apns

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/apns/PushReply.h"
#include "core/pki/PushCertificate.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>
#include <deque>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace quince::apns {

/// How the client talks to APNs. The defaults are for Apple's service; tests shorten the delays.
struct ApnsClientConfig {
    static QUrl productionUrl() { return QUrl(QStringLiteral("https://api.push.apple.com")); }
    static QUrl sandboxUrl() { return QUrl(QStringLiteral("https://api.sandbox.push.apple.com")); }

    QUrl endpoint = productionUrl();
    /// The CAs to trust for the endpoint instead of the system's (a test server, a TLS-inspecting
    /// proxy). Empty: the system's store.
    QList<QSslCertificate> caCertificates;
    /// Streams in flight at once. Qt's HTTP/2 queue degrades badly with thousands pending
    /// (TECH-NOTES), so the client keeps its own queue and this window; it should not exceed the
    /// server's SETTINGS_MAX_CONCURRENT_STREAMS (APNs allows 1000 and more).
    int maxInFlight = 500;
    /// apns-expiration: how long APNs keeps the push for an offline device.
    qint64 expirationSeconds = 3 * 24 * 3600;
    /// A push goes on the wire at most this many times (429, 5xx, connection errors).
    int maxTries = 5;
    /// Exponential backoff after a failure: initial delay, doubling, capped; each delay is
    /// jittered to a random point between half and all of it.
    int backoffInitialMs = 1000;
    int backoffMaxMs = 60000;
    /// After this many consecutive failures the circuit opens: nothing is sent for the cooldown,
    /// then a single push probes; its success closes the circuit.
    int breakerThreshold = 10;
    int breakerCooldownMs = 60000;
    /// A stream without an answer after this long counts as a connection failure.
    int transferTimeoutMs = 30000;
};

/// The APNs provider client: HTTP/2 over TLS with the MDM push certificate as client identity,
/// one long-lived connection multiplexing up to maxInFlight streams.
///
/// `POST /3/device/<hex token>` with `apns-push-type: mdm`, `apns-topic` (the certificate's
/// topic), `apns-priority: 10`, `apns-expiration` and the body `{"mdm":"<PushMagic>"}`.
/// Transient failures (429, 5xx, connection loss, GOAWAY) are retried with backoff and a circuit
/// breaker, reconnecting on a fresh connection; 403 stops all pushing and raises
/// certificateRejected() once, until a new identity is set. Lives on one thread (its owner's).
class ApnsClient : public QObject {
    Q_OBJECT

public:
    explicit ApnsClient(ApnsClientConfig config, QObject* parent = nullptr);
    ~ApnsClient() override;

    /// The push identity to present. A different certificate drops the current connection once
    /// the streams on it are done (new pushes use a new one) and lifts a 403 stop.
    void setIdentity(const pki::PushCertificate& identity);
    bool hasIdentity() const { return !m_identity.isNull(); }

    /// Queues request; replied() reports its end exactly once.
    void send(PushRequest request);

    int queued() const { return static_cast<int>(m_queue.size()); }
    int inFlight() const { return m_inFlight; }
    bool isIdle() const { return m_queue.empty() && m_inFlight == 0; }
    bool circuitOpen() const { return m_circuitOpen; }
    /// The 403 reason while pushing is stopped, empty otherwise.
    QString stoppedReason() const { return m_stoppedReason; }
    /// How many connections (network managers) the client has opened, for tests and status.
    int connectionsOpened() const { return m_connectionsOpened; }

    /// For tests: replaces the random source of the jitter (returns a value in [0, 1)).
    void setRandom(std::function<double()> random) { m_random = std::move(random); }
    /// The delay the next failure would wait, for tests of the backoff rule.
    int nextBackoffMs() const;

Q_SIGNALS:
    void replied(const quince::apns::PushReply& reply);
    /// APNs refused the certificate or its topic (403): emitted once per identity.
    void certificateRejected(const QString& reason);
    void circuitOpened();
    void circuitClosed();
    /// The queue and the window are empty.
    void idle();

private:
    struct Pending {
        PushRequest request;
        int tries = 0;
    };
    struct Manager {
        QNetworkAccessManager* manager = nullptr;
        int inFlight = 0;
        bool retired = false;
    };

    void pump();
    void dispatch(Pending pending);
    void onFinished(QNetworkReply* reply);
    void transientFailure(Pending pending, const QString& reason, int httpStatus, bool connectionLost);
    void succeeded();
    void finish(const Pending& pending, PushOutcome outcome, int httpStatus, const QString& reason,
        const QString& apnsId = {}, qint64 apnsTimestamp = 0);
    void stopPushing(const QString& reason);
    void retireConnection();
    Manager* currentManager();
    void releaseManager(QNetworkAccessManager* manager);
    void scheduleResume(int delayMs);

    ApnsClientConfig m_config;
    pki::PushCertificate m_identity;
    QSslConfiguration m_ssl;
    QByteArray m_topic;
    std::deque<Pending> m_queue;
    QHash<QNetworkReply*, Pending> m_replies;
    QList<Manager> m_managers; // the last is current unless retired
    int m_inFlight = 0;
    int m_connectionsOpened = 0;
    int m_consecutiveFailures = 0;
    bool m_circuitOpen = false;
    bool m_halfOpen = false; // one probe allowed after the cooldown
    bool m_paused = false; // waiting out a backoff delay
    QString m_stoppedReason;
    QTimer* m_resumeTimer; // a child, so that moveToThread() takes it along
    std::function<double()> m_random;
};

} // namespace quince::apns

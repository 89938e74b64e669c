// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/apns/ApnsClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslKey>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace quince::apns {

namespace {

Q_LOGGING_CATEGORY(lcApns, "quince.apns")

// APNs' error bodies are a few dozen bytes; anything longer is not APNs.
constexpr qint64 kMaxReplyBody = 4096;

bool isTokenDeadReason(const QString& reason)
{
    return reason == QLatin1String("BadDeviceToken") || reason == QLatin1String("DeviceTokenNotForTopic");
}

} // namespace

QString outcomeName(PushOutcome outcome)
{
    switch (outcome) {
    case PushOutcome::Accepted:
        return QStringLiteral("accepted");
    case PushOutcome::TokenDead:
        return QStringLiteral("token_dead");
    case PushOutcome::CertificateRejected:
        return QStringLiteral("certificate_rejected");
    case PushOutcome::Rejected:
        return QStringLiteral("rejected");
    case PushOutcome::Failed:
        return QStringLiteral("failed");
    case PushOutcome::NotSent:
        return QStringLiteral("not_sent");
    }
    return QStringLiteral("unknown");
}

ApnsClient::ApnsClient(ApnsClientConfig config, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_resumeTimer(new QTimer(this))
{
    m_config.maxInFlight = std::max(1, m_config.maxInFlight);
    m_config.maxTries = std::max(1, m_config.maxTries);
    m_config.breakerThreshold = std::max(1, m_config.breakerThreshold);
    m_resumeTimer->setSingleShot(true);
    connect(m_resumeTimer, &QTimer::timeout, this, [this] {
        m_paused = false;
        if (m_circuitOpen)
            m_halfOpen = true;
        pump();
    });
    m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

ApnsClient::~ApnsClient()
{
    // Replies belong to their managers; dropping them without signals keeps replied() from
    // reaching a half-destroyed owner.
    for (Manager& m : m_managers) {
        m.manager->disconnect(this);
        delete m.manager;
    }
}

void ApnsClient::setIdentity(const pki::PushCertificate& identity)
{
    if (!m_identity.isNull() && !identity.isNull()
        && m_identity.certificate().toDer() == identity.certificate().toDer())
        return;
    m_identity = identity;
    m_topic = identity.topic().toUtf8();
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!identity.isNull()) {
        ssl.setLocalCertificate(QSslCertificate(identity.certificate().toDer(), QSsl::Der));
        ssl.setPrivateKey(QSslKey(identity.privateKey().toPem(),
            identity.privateKey().type() == pki::PrivateKey::Type::Rsa ? QSsl::Rsa : QSsl::Ec, QSsl::Pem));
    }
    if (!m_config.caCertificates.isEmpty())
        ssl.setCaCertificates(m_config.caCertificates);
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    ssl.setAllowedNextProtocols({QSslConfiguration::ALPNProtocolHTTP2});
    m_ssl = ssl;
    // Connections made with the old identity are not reused: the next push opens a new one.
    retireConnection();
    if (!m_stoppedReason.isEmpty())
        qCInfo(lcApns, "a new push certificate is in place; pushing resumes");
    m_stoppedReason.clear();
    m_consecutiveFailures = 0;
    pump();
}

void ApnsClient::send(PushRequest request)
{
    m_queue.push_back(Pending {std::move(request), 0});
    pump();
}

int ApnsClient::nextBackoffMs() const
{
    const double base = std::min<double>(
        m_config.backoffMaxMs, m_config.backoffInitialMs * std::pow(2.0, std::min(m_consecutiveFailures, 30)));
    return static_cast<int>(base * (0.5 + 0.5 * m_random()));
}

void ApnsClient::pump()
{
    // The queue is served in order; a window bounds what Qt's HTTP/2 layer holds at once.
    while (!m_queue.empty()) {
        if (m_identity.isNull() || !m_stoppedReason.isEmpty()) {
            const Pending pending = m_queue.front();
            m_queue.pop_front();
            finish(pending, PushOutcome::NotSent, 0,
                m_identity.isNull() ? QStringLiteral("no push certificate")
                                    : QStringLiteral("pushing stopped: ") + m_stoppedReason);
            continue;
        }
        if (m_paused || (m_circuitOpen && !m_halfOpen))
            return;
        const int window = m_circuitOpen ? 1 : m_config.maxInFlight;
        if (m_inFlight >= window)
            return;
        Pending pending = m_queue.front();
        m_queue.pop_front();
        dispatch(std::move(pending));
    }
}

ApnsClient::Manager* ApnsClient::currentManager()
{
    if (m_managers.isEmpty() || m_managers.last().retired) {
        auto* manager = new QNetworkAccessManager(this);
        manager->setAutoDeleteReplies(false);
        connect(manager, &QNetworkAccessManager::finished, this, &ApnsClient::onFinished);
        m_managers.append(Manager {manager, 0, false});
        ++m_connectionsOpened;
    }
    return &m_managers.last();
}

void ApnsClient::dispatch(Pending pending)
{
    QUrl url = m_config.endpoint;
    url.setPath(QStringLiteral("/3/device/") + QString::fromLatin1(pending.request.token.toHex()));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setSslConfiguration(m_ssl);
    request.setTransferTimeout(m_config.transferTimeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("apns-push-type", "mdm");
    request.setRawHeader("apns-topic", m_topic);
    request.setRawHeader("apns-priority", "10");
    request.setRawHeader(
        "apns-expiration", QByteArray::number(QDateTime::currentSecsSinceEpoch() + m_config.expirationSeconds));
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("mdm"), pending.request.pushMagic}})
                                .toJson(QJsonDocument::Compact);
    Manager* manager = currentManager();
    ++pending.tries;
    ++manager->inFlight;
    ++m_inFlight;
    QNetworkReply* reply = manager->manager->post(request, body);
    m_replies.insert(reply, std::move(pending));
}

void ApnsClient::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    const auto found = m_replies.find(reply);
    if (found == m_replies.end())
        return;
    Pending pending = found.value();
    m_replies.erase(found);
    --m_inFlight;
    QNetworkAccessManager* manager = reply->manager();
    const bool managerWasRetired = std::any_of(m_managers.cbegin(), m_managers.cend(),
        [manager](const Manager& m) { return m.manager == manager && m.retired; });
    releaseManager(manager);

    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid()) {
        // No HTTP answer: the connection failed, closed, or went away (GOAWAY). The first such
        // error of a connection counts as one failure and retires it; the others of the same
        // connection were caught in the same event and are simply sent again.
        // REFUSED_STREAM: Qt opens up to 100 streams before the server's SETTINGS arrive, and a
        // server with a lower SETTINGS_MAX_CONCURRENT_STREAMS refuses the surplus. The request
        // was not processed (RFC 9113, 8.7), the connection is fine, and Qt keeps to the limit
        // from then on: send it again, as if it had never gone. Qt reports it only in words.
        const bool refused = reply->error() == QNetworkReply::ProtocolFailure
            && reply->errorString().contains(QLatin1String("refused a stream"), Qt::CaseInsensitive);
        if (managerWasRetired || refused) {
            --pending.tries;
            m_queue.push_front(std::move(pending));
            pump();
            return;
        }
        retireConnection();
        transientFailure(std::move(pending), reply->errorString(), 0, true);
        return;
    }
    const int status = statusAttribute.toInt();
    const QString apnsId = QString::fromLatin1(reply->rawHeader("apns-id")).left(64);
    QString reason;
    qint64 timestamp = 0;
    if (status != 200) {
        const QJsonObject json = QJsonDocument::fromJson(reply->read(kMaxReplyBody)).object();
        reason = json.value(QStringLiteral("reason")).toString().left(64);
        timestamp = static_cast<qint64>(json.value(QStringLiteral("timestamp")).toDouble());
        if (reason.isEmpty())
            reason = QStringLiteral("HTTP %1").arg(status);
    }

    if (status == 200) {
        succeeded();
        finish(pending, PushOutcome::Accepted, status, {}, apnsId);
    } else if (status == 410 || (status == 400 && isTokenDeadReason(reason))) {
        succeeded(); // the service works; the token does not
        finish(pending, PushOutcome::TokenDead, status, reason, apnsId, timestamp);
    } else if (status == 403) {
        stopPushing(reason);
        finish(pending, PushOutcome::CertificateRejected, status, reason, apnsId);
    } else if (status == 429 || status >= 500) {
        transientFailure(std::move(pending), reason, status, false);
        return;
    } else {
        succeeded();
        finish(pending, PushOutcome::Rejected, status, reason, apnsId);
    }
    pump();
}

void ApnsClient::transientFailure(Pending pending, const QString& reason, int httpStatus, bool connectionLost)
{
    if (pending.tries >= m_config.maxTries) {
        finish(pending, PushOutcome::Failed, httpStatus, reason);
    } else {
        m_queue.push_front(std::move(pending));
    }
    const int delay = nextBackoffMs();
    ++m_consecutiveFailures;
    if (m_consecutiveFailures >= m_config.breakerThreshold || m_halfOpen) {
        const bool wasOpen = m_circuitOpen;
        m_circuitOpen = true;
        m_halfOpen = false;
        m_paused = true;
        scheduleResume(m_config.breakerCooldownMs);
        if (!wasOpen) {
            qCWarning(lcApns, "APNs failed %d times in a row (last: %s); pausing pushes for %d ms",
                m_consecutiveFailures, qPrintable(reason), m_config.breakerCooldownMs);
            Q_EMIT circuitOpened();
        }
        return;
    }
    qCInfo(lcApns, "APNs %s (%s); retrying in %d ms", connectionLost ? "connection lost" : "busy", qPrintable(reason),
        delay);
    m_paused = true;
    scheduleResume(delay);
}

void ApnsClient::succeeded()
{
    m_consecutiveFailures = 0;
    if (m_circuitOpen) {
        m_circuitOpen = false;
        m_halfOpen = false;
        qCInfo(lcApns, "APNs answers again; pushes resume");
        Q_EMIT circuitClosed();
    }
}

void ApnsClient::scheduleResume(int delayMs)
{
    m_resumeTimer->start(std::max(0, delayMs));
}

void ApnsClient::finish(const Pending& pending, PushOutcome outcome, int httpStatus, const QString& reason,
    const QString& apnsId, qint64 apnsTimestamp)
{
    PushReply reply;
    reply.id = pending.request.id;
    reply.outcome = outcome;
    reply.httpStatus = httpStatus;
    reply.reason = reason;
    reply.apnsId = apnsId;
    reply.apnsTimestamp = apnsTimestamp;
    reply.tries = pending.tries;
    Q_EMIT replied(reply);
    if (isIdle())
        Q_EMIT idle();
}

void ApnsClient::stopPushing(const QString& reason)
{
    if (!m_stoppedReason.isEmpty())
        return;
    m_stoppedReason = reason;
    qCCritical(lcApns, "APNs refused the push certificate (%s): pushing stops until a new certificate is imported",
        qPrintable(reason));
    Q_EMIT certificateRejected(reason);
}

void ApnsClient::retireConnection()
{
    if (m_managers.isEmpty() || m_managers.last().retired)
        return;
    m_managers.last().retired = true;
    if (m_managers.last().inFlight == 0) {
        m_managers.last().manager->deleteLater();
        m_managers.removeLast();
    }
}

void ApnsClient::releaseManager(QNetworkAccessManager* manager)
{
    for (qsizetype i = 0; i < m_managers.size(); ++i) {
        Manager& m = m_managers[i];
        if (m.manager != manager)
            continue;
        --m.inFlight;
        if (m.retired && m.inFlight <= 0) {
            m.manager->deleteLater();
            m_managers.removeAt(i);
        }
        return;
    }
}

} // namespace quince::apns

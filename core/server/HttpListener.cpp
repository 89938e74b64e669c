// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpListener.h"

#include "core/server/Acceptor.h"
#include "core/server/IoWorker.h"
#include "core/server/ListenerContext.h"
#include "core/server/ServerLog.h"

#include <QMetaObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QThread>

#include <algorithm>

namespace quince::server {

namespace {

QSslSocket::PeerVerifyMode verifyMode(ClientCertificateMode mode)
{
    switch (mode) {
    case ClientCertificateMode::None:
        return QSslSocket::VerifyNone;
    case ClientCertificateMode::Request:
        return QSslSocket::QueryPeer;
    case ClientCertificateMode::Require:
        return QSslSocket::VerifyPeer;
    }
    return QSslSocket::VerifyNone;
}

Result<QSslConfiguration> makeSslConfiguration(const TlsSettings& tls)
{
    if (!QSslSocket::supportsSsl())
        return Error {QStringLiteral("TLS is not available (no OpenSSL backend)")};
    if (tls.certificateChain.isEmpty() || tls.certificateChain.first().isNull())
        return Error {QStringLiteral("no server certificate")};
    if (tls.privateKey.isNull())
        return Error {QStringLiteral("no private key for the server certificate")};
    if (tls.clientCertificateMode != ClientCertificateMode::None && tls.clientCaCertificates.isEmpty())
        return Error {QStringLiteral("client certificates are asked for, but no client CA is configured")};
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificateChain(tls.certificateChain);
    ssl.setPrivateKey(tls.privateKey);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    ssl.setPeerVerifyMode(verifyMode(tls.clientCertificateMode));
    // Exactly the device CA(s), never the system store: a certificate from any public CA must not
    // pass as a device identity.
    ssl.setCaCertificates(tls.clientCaCertificates);
    // Qt builds an SSL_CTX (with its own ticket key and session cache) for every server
    // connection, so no ticket or cached session can be resumed by another connection: making
    // and keeping them is waste. (TLS 1.3 tickets cannot be turned off through Qt: its OpenSSL
    // configuration commands are applied without the server flag, so NumTickets is refused.)
    ssl.setSslOption(QSsl::SslOptionDisableSessionTickets, true);
    ssl.setSslOption(QSsl::SslOptionDisableSessionSharing, true);
    ssl.setSslOption(QSsl::SslOptionDisableSessionPersistence, true);
    return ssl;
}

} // namespace

HttpListener::HttpListener(ListenerConfig config)
    : m_config(std::move(config)), m_stats(std::make_shared<ListenerStats>())
{
    const Status health = addRoute(QStringLiteral("/health"), {HttpMethod::Get, HttpMethod::Head},
        [](const HttpRequest&, const HttpResponder& responder) {
            responder.send(HttpResponse::json(200, R"({"status":"ok"})"));
        });
    Q_ASSERT(health.ok());
}

HttpListener::~HttpListener()
{
    stop();
}

Status HttpListener::addRoute(
    const QString& path, QList<HttpMethod> methods, RouteHandler handler, RouteOptions options)
{
    return addRouteImpl(Route {path, false, std::move(methods), std::move(handler), 0}, options);
}

Status HttpListener::addPrefixRoute(
    const QString& prefix, QList<HttpMethod> methods, RouteHandler handler, RouteOptions options)
{
    return addRouteImpl(Route {prefix, true, std::move(methods), std::move(handler), 0}, options);
}

Status HttpListener::addRouteImpl(Route route, RouteOptions options)
{
    QMutexLocker lock(&m_mutex);
    if (m_running)
        return Error {QStringLiteral("routes must be added before the listener starts")};
    const ListenerLimits& limits = m_config.limits;
    if (options.maxBodyBytes < 0 || options.maxBodyBytes > limits.maxRouteBodyBytes)
        return Error {QStringLiteral("body limit for %1 must be between 0 and %2 bytes")
                          .arg(route.path)
                          .arg(limits.maxRouteBodyBytes)};
    route.maxBodyBytes = options.maxBodyBytes > 0 ? options.maxBodyBytes : limits.defaultMaxBodyBytes;
    return m_router.add(std::move(route));
}

Status HttpListener::start()
{
    QMutexLocker lock(&m_mutex);
    if (m_running)
        return Error {QStringLiteral("the listener is already running")};

    auto context = std::make_shared<ListenerContext>();
    context->limits = m_config.limits;
    context->stats = m_stats;
    context->router = std::make_shared<const Router>(m_router);
    if (m_config.tls) {
        Result<QSslConfiguration> ssl = makeSslConfiguration(*m_config.tls);
        if (!ssl)
            return ssl.error();
        context->tls = true;
        context->sslConfiguration = *ssl;
        context->clientCertificateMode = m_config.tls->clientCertificateMode;
        context->verifier = std::make_unique<ClientCertificateVerifier>(m_config.tls->clientCaCertificates);
    }
    std::shared_ptr<const ListenerContext> shared = std::move(context);

    const int threads = m_config.ioThreads > 0 ? m_config.ioThreads : std::max(2, QThread::idealThreadCount());
    for (int i = 0; i < threads; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("quince-io-%1").arg(i));
        auto* worker = new IoWorker(shared);
        worker->moveToThread(thread.get());
        thread->start();
        m_workers.append(worker);
        m_threads.push_back(std::move(thread));
    }
    m_acceptor = new Acceptor(shared, m_workers);
    m_acceptor->moveToThread(m_threads.front().get());

    bool listening = false;
    QString failure;
    quint16 port = 0;
    Acceptor* acceptor = m_acceptor;
    const QHostAddress address = m_config.address;
    const quint16 requestedPort = m_config.port;
    QMetaObject::invokeMethod(
        m_workers.front(),
        [&] {
            listening = acceptor->listen(address, requestedPort);
            if (listening)
                port = acceptor->serverPort();
            else
                failure = acceptor->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        teardownLocked();
        return Error {
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(requestedPort).arg(failure)};
    }
    m_port = port;
    m_running = true;
    qCInfo(lcServer).noquote() << "listening on" << address.toString() + QLatin1Char(':') + QString::number(port)
                               << (shared->tls ? "(TLS)" : "(plain HTTP)") << "with" << threads << "I/O threads";
    return {};
}

void HttpListener::stop()
{
    QMutexLocker lock(&m_mutex);
    if (!m_running)
        return;
    teardownLocked();
    qCInfo(lcServer) << "listener stopped";
}

void HttpListener::teardownLocked()
{
    if (m_acceptor != nullptr) {
        Acceptor* acceptor = m_acceptor;
        // Run by the first worker, so the acceptor is never deleted inside its own event.
        QMetaObject::invokeMethod(
            m_workers.front(),
            [acceptor] {
                acceptor->close();
                delete acceptor;
            },
            Qt::BlockingQueuedConnection);
        m_acceptor = nullptr;
    }
    for (IoWorker* worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            worker, [worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    for (const std::unique_ptr<QThread>& thread : m_threads) {
        thread->quit();
        thread->wait();
    }
    // Their threads are finished: deleting them from here is safe.
    qDeleteAll(m_workers);
    m_workers.clear();
    m_threads.clear();
    m_port = 0;
    m_running = false;
}

bool HttpListener::isListening() const
{
    QMutexLocker lock(&m_mutex);
    return m_running;
}

quint16 HttpListener::serverPort() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

int HttpListener::ioThreadCount() const
{
    QMutexLocker lock(&m_mutex);
    return static_cast<int>(m_threads.size());
}

ListenerCounters HttpListener::counters() const
{
    return m_stats->snapshot();
}

} // namespace quince::server

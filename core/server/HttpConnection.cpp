// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpConnection.h"

#include "core/server/ServerLog.h"

#include <QSslSocket>
#include <QUrlQuery>

#include <atomic>

#include <sys/socket.h>
#include <unistd.h>

#include <exception>

namespace quince::server {

namespace {

// One read from the socket, and the most Qt buffers for us while a request is being handled:
// a client that pipelines or floods is held back by TCP, not by our memory.
constexpr qint64 kReadChunkBytes = 64 * 1024;

bool isFramingHeader(QByteArrayView name)
{
    return HttpHeaders::sameName(name, "Content-Length") || HttpHeaders::sameName(name, "Transfer-Encoding")
        || HttpHeaders::sameName(name, "Connection") || HttpHeaders::sameName(name, "Keep-Alive");
}

bool isSafeHeaderText(QByteArrayView text)
{
    for (const char c : text) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

// The decoded path, or nullopt for paths that could climb out of a prefix or hide a NUL.
std::optional<QString> decodePath(const QByteArray& rawPath)
{
    const QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
    if (path.contains(QChar(0)))
        return std::nullopt;
    const QStringList segments = path.split(QLatin1Char('/'));
    for (const QString& segment : segments) {
        if (segment == QLatin1String("..") || segment == QLatin1String("."))
            return std::nullopt;
    }
    return path;
}

} // namespace

HttpConnection::HttpConnection(qintptr descriptor, std::shared_ptr<const ListenerContext> context, QObject* parent)
    : QObject(parent),
      m_descriptor(descriptor),
      m_context(std::move(context)),
      m_gate(std::make_shared<detail::ConnectionGate>()),
      m_parser(m_context->limits)
{
    m_gate->connection = this;
    static std::atomic<quint64> s_nextConnectionId {1};
    m_connectionId = s_nextConnectionId.fetch_add(1, std::memory_order_relaxed);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onDeadline);
}

HttpConnection::~HttpConnection()
{
    {
        QMutexLocker lock(&m_gate->mutex);
        m_gate->connection = nullptr;
    }
    m_context->stats->connectionClosed();
}

void HttpConnection::start()
{
    m_socket = new QSslSocket(this);
    if (!m_socket->setSocketDescriptor(m_descriptor)) {
        qCWarning(lcServer) << "cannot adopt an accepted socket:" << m_socket->errorString();
        ::close(static_cast<int>(m_descriptor));
        finish();
        return;
    }
    m_peerAddress = m_socket->peerAddress();
    m_peerPort = m_socket->peerPort();
    m_socket->setReadBufferSize(kReadChunkBytes);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::processInput);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpConnection::onSocketError);
    // Queued: QSslSocket emits bytesWritten() after handing plaintext to OpenSSL but before the
    // encrypted bytes leave its BIO for the TCP socket. Checking the buffers in that signal saw
    // nothing pending and shut the sending side down with the response still inside OpenSSL
    // (every "Connection: close" response over TLS was lost). After the event loop turns, the
    // bytes are either in the kernel or counted by encryptedBytesToWrite().
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onWritten, Qt::QueuedConnection);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onWritten, Qt::QueuedConnection);
    if (!m_context->tls) {
        enterIdle();
        return;
    }
    connect(m_socket, &QSslSocket::encrypted, this, &HttpConnection::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        for (const QSslError& error : errors)
            qCWarning(lcServer).noquote() << "TLS verification error from" << peerText() << ':' << error.errorString();
    });
    m_socket->setSslConfiguration(m_context->sslConfiguration);
    m_phase = Phase::Handshake;
    arm(Deadline::Handshake, m_context->limits.handshakeTimeoutMs);
    m_socket->startServerEncryption();
}

void HttpConnection::abortNow()
{
    m_phase = Phase::Closed;
    m_timer.stop();
    if (m_socket != nullptr)
        m_socket->abort();
}

void HttpConnection::onEncrypted()
{
    if (m_context->clientCertificateMode != ClientCertificateMode::None) {
        const QSslCertificate leaf = m_socket->peerCertificate();
        QList<QSslCertificate> presented = m_socket->peerCertificateChain();
        // On the server side OpenSSL's peer chain may omit the leaf.
        if (!leaf.isNull() && (presented.isEmpty() || presented.first() != leaf))
            presented.prepend(leaf);
        if (!leaf.isNull()) {
            Result<QList<QByteArray>> verified = m_context->verifier->verify(presented);
            if (verified) {
                m_clientChain = std::move(verified.value());
            } else {
                qCWarning(lcServer).noquote()
                    << "client certificate from" << peerText() << "does not verify:" << verified.error().message;
            }
        }
        if (m_clientChain.isEmpty() && m_context->clientCertificateMode == ClientCertificateMode::Require) {
            qCWarning(lcServer).noquote() << "closing" << peerText() << ": no verified client certificate";
            m_context->stats->rejected(RejectReason::ClientCertificateRejected);
            abortNow();
            finish();
            return;
        }
    }
    enterIdle();
}

void HttpConnection::onSocketError()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_phase == Phase::Handshake) {
        // Junk instead of a ClientHello, a client that refuses our certificate, or a client
        // certificate we refuse: all end here, with the connection closed.
        qCWarning(lcServer).noquote() << "TLS handshake with" << peerText() << "failed:" << m_socket->errorString();
        m_context->stats->rejected(RejectReason::HandshakeFailed);
    } else {
        qCDebug(lcServer).noquote() << "connection" << peerText() << "ended:" << m_socket->errorString();
    }
    abortNow();
    finish();
}

void HttpConnection::arm(Deadline deadline, int milliseconds)
{
    m_deadline = deadline;
    m_timer.start(milliseconds);
}

void HttpConnection::onDeadline()
{
    const ListenerLimits& limits = m_context->limits;
    switch (m_deadline) {
    case Deadline::None:
        return;
    case Deadline::Handshake:
        qCWarning(lcServer).noquote() << "TLS handshake with" << peerText() << "not complete within"
                                      << limits.handshakeTimeoutMs << "ms; closing";
        m_context->stats->rejected(RejectReason::HandshakeTimeout);
        abortNow();
        finish();
        return;
    case Deadline::Idle:
        qCDebug(lcServer).noquote() << "closing idle connection" << peerText();
        m_context->stats->rejected(RejectReason::IdleTimeout);
        abortNow();
        finish();
        return;
    case Deadline::Headers:
        reject(408, RejectReason::HeaderTimeout,
            "header block not complete within " + QByteArray::number(limits.headerTimeoutMs) + " ms");
        return;
    case Deadline::Body:
        reject(408, RejectReason::BodyTimeout,
            "no body byte for " + QByteArray::number(limits.bodyProgressTimeoutMs) + " ms");
        return;
    case Deadline::Response:
        reject(503, RejectReason::ResponseTimeout,
            "handler did not answer within " + QByteArray::number(limits.responseTimeoutMs) + " ms");
        return;
    case Deadline::Linger:
        abortNow();
        finish();
        return;
    }
}

void HttpConnection::enterIdle()
{
    m_phase = Phase::Idle;
    m_route = nullptr;
    m_prepared.reset();
    m_path.clear();
    arm(Deadline::Idle, m_context->limits.idleTimeoutMs);
    processInput();
}

void HttpConnection::processInput()
{
    if (m_phase == Phase::Lingering) {
        drain();
        return;
    }
    while (m_phase == Phase::Idle || m_phase == Phase::Headers || m_phase == Phase::Body) {
        if (m_pending.isEmpty()) {
            m_pending = m_socket->read(kReadChunkBytes);
            if (m_pending.isEmpty())
                return;
        }
        if (m_phase == Phase::Idle) {
            m_phase = Phase::Headers;
            // Slowloris: the whole header block must arrive within this time, however it trickles.
            arm(Deadline::Headers, m_context->limits.headerTimeoutMs);
        }
        const RequestParser::State before = m_parser.state();
        const qsizetype used = m_parser.feed(m_pending.constData(), m_pending.size());
        m_pending.remove(0, used);
        switch (m_parser.state()) {
        case RequestParser::State::Headers:
            break;
        case RequestParser::State::HeadersComplete:
            if (!onHeadersComplete())
                return;
            break;
        case RequestParser::State::Body:
            if (used > 0 && before == RequestParser::State::Body)
                arm(Deadline::Body, m_context->limits.bodyProgressTimeoutMs);
            break;
        case RequestParser::State::Complete:
            dispatch();
            return;
        case RequestParser::State::Failed: {
            const RequestFailure& failure = m_parser.failure();
            reject(failure.status, failure.reason, failure.detail);
            return;
        }
        }
        if (used == 0 && m_parser.state() == before) {
            reject(400, RejectReason::BadRequest, "parser made no progress");
            return;
        }
    }
}

bool HttpConnection::onHeadersComplete()
{
    const QByteArray& target = m_parser.target();
    const qsizetype pathEnd = target.indexOf('?') >= 0 ? target.indexOf('?') : target.indexOf('#');
    const std::optional<QString> path = decodePath(pathEnd >= 0 ? target.left(pathEnd) : target);
    if (!path) {
        reject(400, RejectReason::BadRequest, "path with dot segments or NUL");
        return false;
    }
    m_path = *path;
    m_head = m_parser.method() == HttpMethod::Head;
    const RouteMatch match = m_context->router->match(m_path, m_parser.method());
    if (match.outcome != RouteMatch::Outcome::Found) {
        const bool notFound = match.outcome == RouteMatch::Outcome::NotFound;
        HttpResponse response
            = notFound ? HttpResponse::text(404, "Not Found\n") : HttpResponse::text(405, "Method Not Allowed\n");
        if (!notFound)
            response.headers.append("Allow", methodList(match.allowed));
        if (m_parser.hasBody()) {
            // Answer before the body and close: reading a body nobody wants is work for nothing.
            reject(response.status, notFound ? RejectReason::NotFound : RejectReason::MethodNotAllowed,
                "no route for this request", response.headers);
            return false;
        }
        m_context->stats->rejected(notFound ? RejectReason::NotFound : RejectReason::MethodNotAllowed);
        qCWarning(lcServer).noquote() << m_parser.methodToken() << logTarget() << "->" << response.status << "from"
                                      << peerText();
        m_prepared = std::move(response);
        m_parser.beginBody(0);
        m_phase = Phase::Body;
        return true;
    }
    m_route = match.route;
    const qint64 limit = m_route->maxBodyBytes;
    if (m_parser.contentLength() > limit) {
        // Refused on the declaration alone: not one body byte is read.
        reject(413, RejectReason::BodyTooLarge,
            "Content-Length " + QByteArray::number(m_parser.contentLength()) + " over the route's limit of "
                + QByteArray::number(limit));
        return false;
    }
    if (m_parser.expectsContinue() && m_parser.hasBody())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_parser.beginBody(limit);
    m_phase = Phase::Body;
    arm(Deadline::Body, m_context->limits.bodyProgressTimeoutMs);
    return true;
}

void HttpConnection::dispatch()
{
    m_phase = Phase::Handling;
    ++m_requestCount;
    ++m_sequence;
    if (m_prepared) {
        const HttpResponse response = std::move(*m_prepared);
        m_prepared.reset();
        sendResponse(response, false);
        return;
    }
    HttpRequest request;
    request.method = m_parser.method();
    request.target = m_parser.target();
    request.path = m_path;
    const qsizetype queryStart = request.target.indexOf('?');
    if (queryStart >= 0) {
        const qsizetype fragment = request.target.indexOf('#', queryStart);
        const QByteArray query = request.target.mid(queryStart + 1, fragment < 0 ? -1 : fragment - queryStart - 1);
        request.query = QUrlQuery(QString::fromUtf8(query));
    }
    request.headers = m_parser.headers();
    request.body = m_parser.takeBody();
    request.peerAddress = m_peerAddress;
    request.peerPort = m_peerPort;
    request.tls = m_context->tls;
    request.connectionId = m_connectionId;
    request.clientCertificateChain = m_clientChain;

    arm(Deadline::Response, m_context->limits.responseTimeoutMs);
    auto state = std::make_shared<detail::ResponderState>(m_gate, m_sequence);
    try {
        m_route->handler(std::move(request), HttpResponder(state));
    } catch (const std::exception& error) {
        qCWarning(lcServer).noquote() << "handler for" << logTarget() << "threw:" << error.what();
        state->deliver(HttpResponse::text(500, "Internal Server Error\n"), true);
    } catch (...) {
        qCWarning(lcServer).noquote() << "handler for" << logTarget() << "threw";
        state->deliver(HttpResponse::text(500, "Internal Server Error\n"), true);
    }
}

void HttpConnection::completeResponse(quint64 sequence, HttpResponse response, bool unanswered)
{
    if (m_phase != Phase::Handling || sequence != m_sequence)
        return;
    if (unanswered) {
        qCWarning(lcServer).noquote() << m_parser.methodToken() << logTarget()
                                      << "-> 500: the handler failed or did not answer; from" << peerText();
        m_context->stats->rejected(RejectReason::HandlerFailed);
    }
    sendResponse(response, false);
}

void HttpConnection::sendResponse(const HttpResponse& response, bool forceClose)
{
    const bool keepAlive = !forceClose && m_parser.keepAlive()
        && m_requestCount < m_context->limits.maxRequestsPerConnection
        && !response.headers.value("Connection").trimmed().toLower().contains("close");
    m_socket->write(serialize(response, keepAlive));
    m_context->stats->requestServed();
    qCDebug(lcServer).noquote() << m_parser.methodToken() << logTarget() << "->" << response.status << "from"
                                << peerText();
    if (!keepAlive) {
        closeGracefully();
        return;
    }
    m_parser.reset();
    enterIdle();
}

void HttpConnection::reject(int status, RejectReason reason, const QByteArray& detail, const HttpHeaders& extraHeaders)
{
    if (m_phase == Phase::Closed || m_phase == Phase::Lingering)
        return;
    const bool headersKnown = m_parser.state() != RequestParser::State::Headers && !m_parser.methodToken().isEmpty();
    qCWarning(lcServer).noquote().nospace() << (headersKnown ? m_parser.methodToken() : QByteArray("-")) << ' '
                                            << (headersKnown ? logTarget() : QByteArray("-")) << " -> " << status << ' '
                                            << rejectReasonName(reason) << " from " << peerText() << ": " << detail;
    m_context->stats->rejected(reason);
    HttpResponse response = HttpResponse::text(status, reasonPhrase(status) + '\n');
    for (const auto& [name, value] : extraHeaders.entries())
        response.headers.append(name, value);
    m_head = headersKnown && m_parser.method() == HttpMethod::Head;
    m_socket->write(serialize(response, false));
    closeGracefully();
}

void HttpConnection::closeGracefully()
{
    // Lingering close: stop reading requests, send what is queued, shut our sending side, and
    // drain (discard) what the client still sends for a bounded time and amount. Closing at once
    // with unread input would make the kernel send a reset that can destroy the response before
    // the client reads it.
    m_phase = Phase::Lingering;
    m_pending.clear();
    m_lingerBytes = 0;
    arm(Deadline::Linger, m_context->limits.lingerTimeoutMs);
    onWritten();
    drain();
}

void HttpConnection::onWritten()
{
    if (m_phase != Phase::Lingering || m_halfClosed)
        return;
    if (m_socket->bytesToWrite() > 0 || m_socket->encryptedBytesToWrite() > 0)
        return;
    m_halfClosed = true;
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
}

void HttpConnection::drain()
{
    while (m_phase == Phase::Lingering && m_socket->bytesAvailable() > 0) {
        m_lingerBytes += m_socket->read(kReadChunkBytes).size();
        if (m_lingerBytes > m_context->limits.lingerMaxBytes) {
            abortNow();
            finish();
            return;
        }
    }
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    abortNow();
    Q_EMIT finished();
    deleteLater();
}

QByteArray HttpConnection::serialize(const HttpResponse& response, bool keepAlive) const
{
    const bool bodyAllowed = response.status >= 200 && response.status != 204 && response.status != 304;
    QByteArray out;
    out.reserve(response.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto& [name, value] : response.headers.entries()) {
        if (isFramingHeader(name))
            continue;
        // Response splitting: a field that could end the header block early never goes out.
        if (name.isEmpty() || !isSafeHeaderText(name) || name.contains(':') || !isSafeHeaderText(value)) {
            qCWarning(lcServer) << "dropping a response header field with control characters";
            continue;
        }
        out += name + ": " + value + "\r\n";
    }
    if (bodyAllowed)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    else if (m_parser.isHttp10())
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (bodyAllowed && !m_head)
        out += response.body;
    return out;
}

QByteArray HttpConnection::peerText() const
{
    return m_peerAddress.toString().toLatin1() + ':' + QByteArray::number(m_peerPort);
}

QByteArray HttpConnection::logTarget() const
{
    // The path only: a query may carry a challenge or a signed message.
    const QByteArray& target = m_parser.target();
    const qsizetype end = target.indexOf('?');
    return (end >= 0 ? target.left(end) : target).left(200);
}

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/apns/ApnsTestServer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

#include <nghttp2/nghttp2.h>

#include <cstring>
#include <map>

namespace quince::apnstest {

namespace {

struct Stream {
    Received request;
    QByteArray responseBody;
    qsizetype sent = 0;
};

class Connection {
public:
    Connection(ApnsTestServer::State& state, QSslSocket* socket, int number)
        : m_state(state), m_socket(socket), m_number(number)
    {
        nghttp2_session_callbacks* callbacks = nullptr;
        nghttp2_session_callbacks_new(&callbacks);
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Connection::onBeginHeaders);
        nghttp2_session_callbacks_set_on_header_callback(callbacks, &Connection::onHeader);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Connection::onData);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Connection::onFrame);
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Connection::onStreamClose);
        nghttp2_session_server_new(&m_session, callbacks, this);
        nghttp2_session_callbacks_del(callbacks);
        const QSslCertificate peer = socket->peerCertificate();
        m_topic = peer.subjectInfo(QByteArrayLiteral("UID")).value(0);
        m_peerSha256 = peer.digest(QCryptographicHash::Sha256).toHex();
        QMutexLocker lock(&m_state.mutex);
        const nghttp2_settings_entry settings[]
            = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, static_cast<uint32_t>(m_state.maxConcurrentStreams)}};
        nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 1);
    }

    ~Connection() { nghttp2_session_del(m_session); }

    void readyRead()
    {
        const QByteArray bytes = m_socket->readAll();
        const ssize_t consumed = nghttp2_session_mem_recv(
            m_session, reinterpret_cast<const uint8_t*>(bytes.constData()), static_cast<size_t>(bytes.size()));
        // A scripted drop is carried out here, outside nghttp2's callbacks.
        if (consumed < 0 || m_dropping) {
            m_socket->abort();
            return;
        }
        flush();
    }

    bool closing() const { return m_closing; }

private:
    void flush()
    {
        for (;;) {
            const uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(m_session, &data);
            if (n <= 0)
                break;
            m_socket->write(reinterpret_cast<const char*>(data), n);
        }
        if (m_closing && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->disconnectFromHost();
    }

    // What APNs checks before it looks at the token, with its reasons; 200 when all is well.
    static Response check(const Received& r, const QString& clientTopic)
    {
        static const QRegularExpression path(QStringLiteral("^/3/device/[0-9a-f]+$"));
        const auto bad = [](int status, const char* reason) { return Response {status, QString::fromLatin1(reason)}; };
        if (r.method != "POST")
            return bad(405, "MethodNotAllowed");
        if (!path.match(QString::fromLatin1(r.path)).hasMatch())
            return bad(404, "BadPath");
        if (!r.headers.contains("apns-topic"))
            return bad(400, "MissingTopic");
        if (QString::fromUtf8(r.headers.value("apns-topic")) != clientTopic)
            return bad(400, "TopicDisallowed");
        if (r.headers.value("apns-push-type") != "mdm")
            return bad(400, "InvalidPushType");
        if (const QByteArray priority = r.headers.value("apns-priority"); priority != "10" && priority != "5")
            return bad(400, "BadPriority");
        bool expirationOk = false;
        r.headers.value("apns-expiration").toLongLong(&expirationOk);
        if (!expirationOk)
            return bad(400, "BadExpirationDate");
        if (r.body.isEmpty())
            return bad(400, "PayloadEmpty");
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        if (!body.value(QStringLiteral("mdm")).isString() || body.size() != 1)
            return bad(400, "BadPayload");
        return Response {};
    }

    static Connection* self(void* userData) { return static_cast<Connection*>(userData); }

    static int onBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* userData)
    {
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
            self(userData)->m_streams[frame->hd.stream_id] = Stream {};
        return 0;
    }

    static int onHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t nameLength,
        const uint8_t* value, size_t valueLength, uint8_t, void* userData)
    {
        auto found = self(userData)->m_streams.find(frame->hd.stream_id);
        if (found == self(userData)->m_streams.end())
            return 0;
        const QByteArray key(reinterpret_cast<const char*>(name), static_cast<qsizetype>(nameLength));
        const QByteArray text(reinterpret_cast<const char*>(value), static_cast<qsizetype>(valueLength));
        if (key == ":method")
            found->second.request.method = text;
        else if (key == ":path")
            found->second.request.path = text;
        else
            found->second.request.headers.insert(key, text);
        return 0;
    }

    static int onData(nghttp2_session*, uint8_t, int32_t streamId, const uint8_t* data, size_t length, void* userData)
    {
        auto found = self(userData)->m_streams.find(streamId);
        if (found != self(userData)->m_streams.end())
            found->second.request.body.append(reinterpret_cast<const char*>(data), static_cast<qsizetype>(length));
        return 0;
    }

    static int onFrame(nghttp2_session*, const nghttp2_frame* frame, void* userData)
    {
        if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)
            && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
            self(userData)->answer(frame->hd.stream_id);
        return 0;
    }

    static int onStreamClose(nghttp2_session*, int32_t streamId, uint32_t, void* userData)
    {
        self(userData)->m_streams.erase(streamId);
        return 0;
    }

    static ssize_t readBody(
        nghttp2_session*, int32_t, uint8_t* buffer, size_t length, uint32_t* flags, nghttp2_data_source* source, void*)
    {
        auto* stream = static_cast<Stream*>(source->ptr);
        const qsizetype n
            = std::min<qsizetype>(static_cast<qsizetype>(length), stream->responseBody.size() - stream->sent);
        std::memcpy(buffer, stream->responseBody.constData() + stream->sent, static_cast<size_t>(n));
        stream->sent += n;
        if (stream->sent >= stream->responseBody.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return n;
    }

    void answer(int32_t streamId)
    {
        auto found = m_streams.find(streamId);
        if (found == m_streams.end() || m_closing)
            return;
        Stream& stream = found->second;
        stream.request.connection = m_number;
        stream.request.clientTopic = m_topic;
        stream.request.clientCertificateSha256 = m_peerSha256;
        Response response;
        {
            QMutexLocker lock(&m_state.mutex);
            const QByteArray token = stream.request.path.mid(stream.request.path.lastIndexOf('/') + 1);
            if (const Response invalid = check(stream.request, m_topic); invalid.status != 200)
                response = invalid;
            else if (m_state.byToken.contains(token))
                response = m_state.byToken.value(token);
            else if (!m_state.queue.isEmpty())
                response = m_state.queue.takeFirst();
            else
                response = m_state.defaultResponse;
            ++m_state.requests;
            Received recorded = stream.request;
            recorded.status = response.then == Response::Then::Drop ? 0 : response.status;
            if (m_state.recording)
                m_state.received.append(recorded);
            if (response.then != Response::Then::Drop)
                ++m_state.answered;
        }
        if (response.then == Response::Then::Drop) {
            m_closing = true;
            m_dropping = true;
            return;
        }
        const QByteArray status = QByteArray::number(response.status);
        const QByteArray apnsId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces).toUpper();
        const QByteArray contentType = "application/json";
        std::vector<nghttp2_nv> headers;
        auto add = [&headers](const char* name, const QByteArray& value) {
            headers.push_back(nghttp2_nv {reinterpret_cast<uint8_t*>(const_cast<char*>(name)),
                reinterpret_cast<uint8_t*>(const_cast<char*>(value.constData())), std::strlen(name),
                static_cast<size_t>(value.size()), NGHTTP2_NV_FLAG_NONE});
        };
        add(":status", status);
        add("apns-id", apnsId);
        nghttp2_data_provider provider {};
        if (response.status != 200) {
            QJsonObject json {{QStringLiteral("reason"), response.reason}};
            if (response.timestamp > 0)
                json.insert(QStringLiteral("timestamp"), static_cast<double>(response.timestamp));
            stream.responseBody = QJsonDocument(json).toJson(QJsonDocument::Compact);
            add("content-type", contentType);
            provider.source.ptr = &stream;
            provider.read_callback = &Connection::readBody;
        }
        nghttp2_submit_response(
            m_session, streamId, headers.data(), headers.size(), response.status != 200 ? &provider : nullptr);
        if (response.then == Response::Then::GoAway) {
            nghttp2_submit_goaway(m_session, NGHTTP2_FLAG_NONE, streamId, NGHTTP2_NO_ERROR, nullptr, 0);
            m_closing = true;
        }
    }

    ApnsTestServer::State& m_state;
    QSslSocket* m_socket;
    int m_number;
    nghttp2_session* m_session = nullptr;
    std::map<int32_t, Stream> m_streams;
    QString m_topic;
    QByteArray m_peerSha256;
    bool m_closing = false;
    bool m_dropping = false;
};

} // namespace

class ServerWorker : public QTcpServer {
public:
    explicit ServerWorker(ApnsTestServer::State& state) : m_state(state) { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto* socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        {
            QMutexLocker lock(&m_state.mutex);
            config.setLocalCertificate(m_state.certificate);
            config.setPrivateKey(m_state.key);
            config.setCaCertificates(m_state.clientCas);
        }
        // APNs requires the provider certificate; so does the stand-in.
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        config.setAllowedNextProtocols({QSslConfiguration::ALPNProtocolHTTP2});
        socket->setSslConfiguration(config);
        QObject::connect(socket, &QSslSocket::encrypted, socket, [this, socket] {
            if (socket->sslConfiguration().nextNegotiatedProtocol() != QSslConfiguration::ALPNProtocolHTTP2) {
                refuse(socket);
                return;
            }
            int number = 0;
            {
                QMutexLocker lock(&m_state.mutex);
                number = ++m_state.connections;
            }
            auto connection = std::make_shared<Connection>(m_state, socket, number);
            QObject::connect(socket, &QSslSocket::readyRead, socket, [connection] { connection->readyRead(); });
            QObject::connect(socket, &QSslSocket::disconnected, socket, [socket, connection]() mutable {
                connection.reset();
                socket->deleteLater();
            });
            if (socket->bytesAvailable() > 0)
                connection->readyRead();
        });
        QObject::connect(
            socket, &QSslSocket::sslErrors, socket, [this, socket](const QList<QSslError>&) { refuse(socket); });
        QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, [this, socket](QAbstractSocket::SocketError) {
            if (!socket->isEncrypted() && socket->property("refused").isNull())
                refuse(socket);
        });
        socket->startServerEncryption();
    }

private:
    void refuse(QSslSocket* socket)
    {
        if (!socket->property("refused").isNull())
            return;
        socket->setProperty("refused", true);
        {
            QMutexLocker lock(&m_state.mutex);
            ++m_state.refused;
        }
        socket->abort();
        socket->deleteLater();
    }

    ApnsTestServer::State& m_state;
};

ApnsTestServer::ApnsTestServer(
    QSslCertificate certificate, QSslKey key, QList<QSslCertificate> clientCas, int maxConcurrentStreams)
    : m_state(std::make_unique<State>())
{
    m_state->certificate = std::move(certificate);
    m_state->key = std::move(key);
    m_state->clientCas = std::move(clientCas);
    m_state->maxConcurrentStreams = maxConcurrentStreams;
}

ApnsTestServer::~ApnsTestServer()
{
    if (m_thread) {
        QMetaObject::invokeMethod(
            m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
    }
}

bool ApnsTestServer::start()
{
    m_thread = std::make_unique<QThread>();
    m_worker = new ServerWorker(*m_state);
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
    bool listening = false;
    QMetaObject::invokeMethod(
        m_worker,
        [this, &listening] {
            listening = m_worker->listen(QHostAddress::LocalHost, 0);
            QMutexLocker lock(&m_state->mutex);
            m_state->port = m_worker->serverPort();
            if (!listening)
                m_state->error = m_worker->errorString();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

quint16 ApnsTestServer::port() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->port;
}

QString ApnsTestServer::error() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->error;
}

void ApnsTestServer::setDefault(const Response& response)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->defaultResponse = response;
}

void ApnsTestServer::enqueue(const QList<Response>& responses)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->queue += responses;
}

void ApnsTestServer::setForToken(const QByteArray& tokenHex, const Response& response)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->byToken.insert(tokenHex, response);
}

void ApnsTestServer::setRecording(bool recording)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->recording = recording;
}

int ApnsTestServer::requestCount() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests;
}

int ApnsTestServer::answeredCount() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->answered;
}

int ApnsTestServer::connectionCount() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->connections;
}

int ApnsTestServer::refusedHandshakes() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->refused;
}

QList<Received> ApnsTestServer::received() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->received;
}

bool ApnsTestServer::waitForRequests(int n, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (requestCount() < n) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
    return true;
}

} // namespace quince::apnstest

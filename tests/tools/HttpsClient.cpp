// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpsClient.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace quince::devsim {

namespace {

// Answers larger than this are a server bug as far as a device is concerned.
constexpr qsizetype kMaxReply = 64 * 1024 * 1024;

thread_local std::vector<double>* t_latencySink = nullptr;
thread_local int* t_connectionCounter = nullptr;

} // namespace

HttpsClient::HttpsClient(const QList<pki::Certificate>& anchors) : m_config(QSslConfiguration::defaultConfiguration())
{
    if (!anchors.isEmpty()) {
        QList<QSslCertificate> roots;
        for (const pki::Certificate& anchor : anchors)
            roots.append(QSslCertificate(anchor.toDer(), QSsl::Der));
        m_config.setCaCertificates(roots);
    }
    m_config.setPeerVerifyMode(QSslSocket::VerifyPeer);
}

HttpsClient::~HttpsClient() = default;

void HttpsClient::setThreadLatencySink(std::vector<double>* sink)
{
    t_latencySink = sink;
}

void HttpsClient::setThreadConnectionCounter(int* counter)
{
    t_connectionCounter = counter;
}

void HttpsClient::setClientIdentity(const pki::Certificate& certificate, const pki::PrivateKey& key)
{
    close();
    if (certificate.isNull()) {
        m_config.setLocalCertificate(QSslCertificate());
        m_config.setPrivateKey(QSslKey());
        return;
    }
    m_config.setLocalCertificate(QSslCertificate(certificate.toDer(), QSsl::Der));
    m_config.setPrivateKey(QSslKey(key.toPem(), key.type() == pki::PrivateKey::Type::Rsa ? QSsl::Rsa : QSsl::Ec));
}

void HttpsClient::close()
{
    if (m_socket) {
        m_socket->abort();
        m_socket.reset();
    }
}

bool HttpsClient::ensureConnected(const QUrl& url, QString* error)
{
    const bool tls = url.scheme() == QLatin1String("https");
    const int port = url.port(tls ? 443 : 80);
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_host == url.host() && m_port == port
        && m_tls == tls && m_socket->bytesAvailable() == 0)
        return true;
    close();
    m_host = url.host();
    m_port = port;
    m_tls = tls;
    m_socket = std::make_unique<QSslSocket>();
    m_socket->setSslConfiguration(m_config);
    ++m_connectionsOpened;
    if (t_connectionCounter)
        ++*t_connectionCounter;
    if (tls) {
        m_socket->connectToHostEncrypted(m_host, static_cast<quint16>(port));
        if (!m_socket->waitForEncrypted(m_timeoutMs)) {
            *error = QStringLiteral("TLS to %1:%2 failed: %3").arg(m_host).arg(port).arg(m_socket->errorString());
            close();
            return false;
        }
    } else {
        m_socket->connectToHost(m_host, static_cast<quint16>(port));
        if (!m_socket->waitForConnected(m_timeoutMs)) {
            *error = QStringLiteral("TCP to %1:%2 failed: %3").arg(m_host).arg(port).arg(m_socket->errorString());
            close();
            return false;
        }
    }
    return true;
}

HttpReply HttpsClient::request(const QByteArray& method, const QUrl& url, const QByteArray& body,
    const QByteArray& contentType, const QByteArray& extraHeaders)
{
    QElapsedTimer timer;
    timer.start();
    HttpReply reply;
    // A kept-alive connection the server closed meanwhile fails on first use: retry once on a
    // new one, as an HTTP client library would. Only the first attempt may be on an old one.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
        if (!ensureConnected(url, &reply.error))
            return reply;
        QByteArray head = method + ' ' + url.path(QUrl::FullyEncoded).toLatin1();
        if (url.hasQuery())
            head += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        head += " HTTP/1.1\r\nHost: " + url.host().toLatin1() + ':' + QByteArray::number(m_port)
            + "\r\nUser-Agent: quince-devsim\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (!contentType.isEmpty())
            head += "Content-Type: " + contentType + "\r\n";
        head += extraHeaders + "\r\n";
        m_socket->write(head + body);
        reply = readReply();
        if (reply.status != 0 || !reused) {
            if (t_latencySink && reply.status != 0)
                t_latencySink->push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            return reply;
        }
        close();
    }
    return reply;
}

HttpReply HttpsClient::readReply()
{
    HttpReply reply;
    QByteArray buffer;
    QDeadlineTimer deadline(m_timeoutMs);
    qsizetype headerEnd = -1;
    qsizetype length = -1;
    bool closeAfter = false;
    while (true) {
        if (headerEnd < 0) {
            headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
                const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
                reply.status = statusLine.value(1).toInt();
                length = 0;
                for (const QByteArray& line : lines.mid(1)) {
                    const qsizetype colon = line.indexOf(':');
                    if (colon < 0)
                        continue;
                    const QByteArray name = line.left(colon).trimmed().toLower();
                    const QByteArray value = line.mid(colon + 1).trimmed();
                    if (name == "content-length")
                        length = value.toLongLong();
                    else if (name == "content-type")
                        reply.contentType = value;
                    else if (name == "connection" && value.toLower() == "close")
                        closeAfter = true;
                }
                if (length < 0 || length > kMaxReply) {
                    reply = {};
                    reply.error = QStringLiteral("bad Content-Length");
                    close();
                    return reply;
                }
            }
        }
        if (headerEnd >= 0 && buffer.size() >= headerEnd + 4 + length) {
            reply.body = buffer.mid(headerEnd + 4, length);
            if (closeAfter)
                close();
            return reply;
        }
        if (deadline.hasExpired()) {
            reply = {};
            reply.error = QStringLiteral("timed out waiting for the answer");
            close();
            return reply;
        }
        if (m_socket->bytesAvailable() == 0
            && !m_socket->waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
            if (m_socket->state() != QAbstractSocket::ConnectedState || deadline.hasExpired()) {
                buffer += m_socket->readAll();
                if (headerEnd < 0 || buffer.size() < headerEnd + 4 + length) {
                    reply = {};
                    reply.error = QStringLiteral("connection closed before the answer: ") + m_socket->errorString();
                    close();
                    return reply;
                }
                continue;
            }
        }
        buffer += m_socket->readAll();
    }
}

} // namespace quince::devsim

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A stand-in for APNs: real HTTP/2 (libnghttp2) over real TLS (QSslSocket) on 127.0.0.1, on a
// thread of its own. It requires a client certificate chained to the CA it is given and h2 by
// ALPN, checks each request as APNs does (POST /3/device/<hex>, apns-topic = the certificate's
// topic, apns-push-type mdm, priority, expiration, a {"mdm": ...} body; else APNs' 4xx reason),
// records it, and answers what the test scripted: 200, 400, 403, 410, 429, 500, a GOAWAY, or a
// dropped connection.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QWaitCondition>

#include <memory>

class QThread;

namespace quince::apnstest {

struct Response {
    enum class Then { Nothing, GoAway, Drop };
    int status = 200;
    QString reason; ///< the JSON body's reason (none for 200)
    qint64 timestamp = 0; ///< the JSON body's timestamp (410)
    /// GoAway: answer, then GOAWAY naming this stream as the last and close the connection.
    /// Drop: no answer at all; the TCP connection is closed at once (connection loss).
    Then then = Then::Nothing;
};

struct Received {
    int connection = 0; ///< 1, 2, ... in order of TLS connections
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    QString clientTopic; ///< UID of the client certificate's subject
    QByteArray clientCertificateSha256;
    int status = 0; ///< what was answered (0: dropped or ignored)
};

class ServerWorker;

class ApnsTestServer {
public:
    ApnsTestServer(
        QSslCertificate certificate, QSslKey key, QList<QSslCertificate> clientCas, int maxConcurrentStreams = 500);
    ~ApnsTestServer();

    /// Listens on 127.0.0.1 (any free port). False with the reason in error().
    bool start();
    quint16 port() const;
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(port()); }
    QString error() const;

    /// The answer for requests nothing more specific covers (initially 200).
    void setDefault(const Response& response);
    /// Answers for the next requests, in order, before the default applies.
    void enqueue(const QList<Response>& responses);
    /// The answer for every request to this device token (hex), ahead of the others.
    void setForToken(const QByteArray& tokenHex, const Response& response);
    /// Keep only counts, not each request (the benchmark).
    void setRecording(bool recording);

    int requestCount() const;
    int answeredCount() const;
    int connectionCount() const;
    /// TLS handshakes refused (no or untrusted client certificate, no h2).
    int refusedHandshakes() const;
    QList<Received> received() const;
    /// Waits (processing the caller's events) until at least n requests arrived.
    bool waitForRequests(int n, int timeoutMs = 10000) const;

    // For the worker thread.
    struct State;
    State& state() const { return *m_state; }

private:
    std::unique_ptr<State> m_state;
    std::unique_ptr<QThread> m_thread;
    ServerWorker* m_worker = nullptr;
};

struct ApnsTestServer::State {
    mutable QMutex mutex;
    Response defaultResponse;
    QList<Response> queue;
    QHash<QByteArray, Response> byToken;
    bool recording = true;
    int requests = 0;
    int answered = 0;
    int connections = 0;
    int refused = 0;
    QList<Received> received;
    quint16 port = 0;
    QString error;
    QList<QSslCertificate> clientCas;
    QSslCertificate certificate;
    QSslKey key;
    int maxConcurrentStreams = 500;
};

} // namespace quince::apnstest

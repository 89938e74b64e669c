// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

class QSslSocket;

namespace quince::devsim {

/// One HTTP answer. status 0: no answer (connection refused or closed, TLS failure, timeout);
/// error then says why.
struct HttpReply {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QString error;
};

/// A blocking HTTP/1.1 client over TLS (or plain TCP for http:// URLs) that keeps its
/// connection open across requests, as devices do, and reconnects when the server closed it.
/// One client belongs to one thread at a time; it needs no event loop.
class HttpsClient {
public:
    /// anchors: the certificates trusted for the server (the profile's root payloads). Empty:
    /// the system's default trust store.
    explicit HttpsClient(const QList<pki::Certificate>& anchors = {});
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    /// The identity presented as TLS client certificate from the next connection on (null:
    /// none). Closes the current connection when it changes.
    void setClientIdentity(const pki::Certificate& certificate, const pki::PrivateKey& key);
    void setTimeoutMs(int milliseconds) { m_timeoutMs = milliseconds; }

    /// Sends one request and reads its answer to its Content-Length. extraHeaders are complete
    /// lines ("Name: value\r\n").
    HttpReply request(const QByteArray& method, const QUrl& url, const QByteArray& body = {},
        const QByteArray& contentType = {}, const QByteArray& extraHeaders = {});

    /// Closes the connection; the next request opens a new one.
    void close();
    /// Where this thread's clients append the duration of each request (milliseconds, from the
    /// write to the last byte of the answer, connection set-up included); null: nowhere. For
    /// benchmarks that run one device at a time per thread.
    static void setThreadLatencySink(std::vector<double>* sink);
    /// Counts the connections this thread's clients open, into counter (null: not counted).
    static void setThreadConnectionCounter(int* counter);

    /// How many connections (TCP + TLS handshakes) this client opened.
    int connectionsOpened() const { return m_connectionsOpened; }

private:
    bool ensureConnected(const QUrl& url, QString* error);
    HttpReply readReply();

    QSslConfiguration m_config;
    std::unique_ptr<QSslSocket> m_socket;
    QString m_host;
    int m_port = 0;
    bool m_tls = true;
    int m_timeoutMs = 30000;
    int m_connectionsOpened = 0;
};

} // namespace quince::devsim

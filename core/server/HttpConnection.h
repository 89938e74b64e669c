// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/ConnectionGate.h"
#include "core/server/HttpResponse.h"
#include "core/server/ListenerContext.h"
#include "core/server/RequestParser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QSslSocket;

namespace quince::server {

/// One accepted socket on one I/O thread: TLS handshake, then requests one at a time (the next
/// one is not read until the current one is answered), each limit enforced as bytes arrive, and
/// a lingering close after an error so the client can read why it was refused.
class HttpConnection : public QObject {
    Q_OBJECT

public:
    HttpConnection(qintptr descriptor, std::shared_ptr<const ListenerContext> context, QObject* parent = nullptr);
    ~HttpConnection() override;

    /// Adopts the descriptor and starts the handshake (or waits for the first request).
    void start();
    /// Closes at once, without a response (listener shutdown).
    void abortNow();
    /// A handler's answer, on this connection's thread (see HttpResponder). Ignored unless it
    /// answers the request currently being handled.
    void completeResponse(quint64 sequence, HttpResponse response, bool unanswered);

Q_SIGNALS:
    /// The connection is closed; it deletes itself later.
    void finished();

private:
    enum class Phase { Handshake, Idle, Headers, Body, Handling, Lingering, Closed };
    enum class Deadline { None, Handshake, Idle, Headers, Body, Response, Linger };

    void onEncrypted();
    void onSocketError();
    void onDeadline();
    void onWritten();
    void enterIdle();
    void processInput();
    bool onHeadersComplete();
    void dispatch();
    void sendResponse(const HttpResponse& response, bool forceClose);
    void reject(int status, RejectReason reason, const QByteArray& detail, const HttpHeaders& extraHeaders = {});
    void closeGracefully();
    void drain();
    void finish();
    void arm(Deadline deadline, int milliseconds);
    QByteArray serialize(const HttpResponse& response, bool keepAlive) const;
    QByteArray peerText() const;
    QByteArray logTarget() const;

    quint64 m_connectionId = 0;
    qintptr m_descriptor;
    std::shared_ptr<const ListenerContext> m_context;
    std::shared_ptr<detail::ConnectionGate> m_gate;
    QSslSocket* m_socket = nullptr;
    QTimer m_timer;
    Deadline m_deadline = Deadline::None;
    Phase m_phase = Phase::Handshake;
    RequestParser m_parser;
    /// Bytes read from the socket but not yet consumed (at most one read's worth).
    QByteArray m_pending;

    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    QList<QByteArray> m_clientChain;

    const Route* m_route = nullptr;
    /// A 404/405 decided at the header block, sent once the (bodiless) request is complete.
    std::optional<HttpResponse> m_prepared;
    QString m_path;
    bool m_head = false;
    int m_requestCount = 0;
    quint64 m_sequence = 0;
    qint64 m_lingerBytes = 0;
    bool m_halfClosed = false;
    bool m_finished = false;
};

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <array>
#include <atomic>

namespace quince::server {

/// Why the listener refused a connection or a request, or closed a connection early.
enum class RejectReason {
    ConnectionLimit,
    HandshakeTimeout,
    HandshakeFailed,
    ClientCertificateRejected,
    IdleTimeout,
    HeaderTimeout,
    BodyTimeout,
    ResponseTimeout,
    UriTooLong,
    HeadersTooLarge,
    TooManyHeaders,
    BodyTooLarge,
    AmbiguousLength, ///< request-smuggling shapes: CL+TE, several Content-Length, odd Transfer-Encoding
    BadRequest,
    NotImplemented,
    MethodNotAllowed,
    NotFound,
    HandlerFailed, ///< a handler threw or dropped its responder without answering
};
inline constexpr int kRejectReasonCount = static_cast<int>(RejectReason::HandlerFailed) + 1;

/// A short stable name for logs and monitoring ("body-too-large").
QByteArray rejectReasonName(RejectReason reason);

/// A snapshot of the listener's counters, for tests and monitoring.
struct ListenerCounters {
    qint64 openConnections = 0;
    quint64 acceptedConnections = 0;
    quint64 requestsServed = 0;
    std::array<quint64, kRejectReasonCount> rejections {};

    quint64 rejected(RejectReason reason) const { return rejections[static_cast<int>(reason)]; }
    quint64 totalRejected() const;
};

/// The live counters, updated from every I/O thread without locks.
class ListenerStats {
public:
    void connectionOpened();
    void connectionClosed();
    void requestServed();
    void rejected(RejectReason reason);
    qint64 openConnections() const;
    /// Reserves a connection slot if fewer than limit are open; the caller must later call
    /// connectionClosed() for a reserved slot.
    bool tryReserveConnection(int limit);

    ListenerCounters snapshot() const;

private:
    std::atomic<qint64> m_open {0};
    std::atomic<quint64> m_accepted {0};
    std::atomic<quint64> m_served {0};
    std::array<std::atomic<quint64>, kRejectReasonCount> m_rejections {};
};

} // namespace quince::server

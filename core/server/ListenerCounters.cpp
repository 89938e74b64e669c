// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/ListenerCounters.h"

namespace quince::server {

QByteArray rejectReasonName(RejectReason reason)
{
    switch (reason) {
    case RejectReason::ConnectionLimit:
        return "connection-limit";
    case RejectReason::HandshakeTimeout:
        return "handshake-timeout";
    case RejectReason::HandshakeFailed:
        return "handshake-failed";
    case RejectReason::ClientCertificateRejected:
        return "client-certificate-rejected";
    case RejectReason::IdleTimeout:
        return "idle-timeout";
    case RejectReason::HeaderTimeout:
        return "header-timeout";
    case RejectReason::BodyTimeout:
        return "body-timeout";
    case RejectReason::ResponseTimeout:
        return "response-timeout";
    case RejectReason::UriTooLong:
        return "uri-too-long";
    case RejectReason::HeadersTooLarge:
        return "headers-too-large";
    case RejectReason::TooManyHeaders:
        return "too-many-headers";
    case RejectReason::BodyTooLarge:
        return "body-too-large";
    case RejectReason::AmbiguousLength:
        return "ambiguous-length";
    case RejectReason::BadRequest:
        return "bad-request";
    case RejectReason::NotImplemented:
        return "not-implemented";
    case RejectReason::MethodNotAllowed:
        return "method-not-allowed";
    case RejectReason::NotFound:
        return "not-found";
    case RejectReason::HandlerFailed:
        return "handler-failed";
    }
    return "unknown";
}

quint64 ListenerCounters::totalRejected() const
{
    quint64 total = 0;
    for (const quint64 count : rejections)
        total += count;
    return total;
}

void ListenerStats::connectionOpened()
{
    m_open.fetch_add(1, std::memory_order_relaxed);
    m_accepted.fetch_add(1, std::memory_order_relaxed);
}

bool ListenerStats::tryReserveConnection(int limit)
{
    qint64 open = m_open.load(std::memory_order_relaxed);
    while (open < limit) {
        if (m_open.compare_exchange_weak(open, open + 1, std::memory_order_relaxed)) {
            m_accepted.fetch_add(1, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

void ListenerStats::connectionClosed()
{
    m_open.fetch_sub(1, std::memory_order_relaxed);
}

void ListenerStats::requestServed()
{
    m_served.fetch_add(1, std::memory_order_relaxed);
}

void ListenerStats::rejected(RejectReason reason)
{
    m_rejections[static_cast<int>(reason)].fetch_add(1, std::memory_order_relaxed);
}

qint64 ListenerStats::openConnections() const
{
    return m_open.load(std::memory_order_relaxed);
}

ListenerCounters ListenerStats::snapshot() const
{
    ListenerCounters counters;
    counters.openConnections = m_open.load(std::memory_order_relaxed);
    counters.acceptedConnections = m_accepted.load(std::memory_order_relaxed);
    counters.requestsServed = m_served.load(std::memory_order_relaxed);
    for (int i = 0; i < kRejectReasonCount; ++i)
        counters.rejections[i] = m_rejections[i].load(std::memory_order_relaxed);
    return counters;
}

} // namespace quince::server

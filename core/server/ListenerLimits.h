// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace quince::server {

/// Every bound the listener enforces, in one place. The defaults suit an office MDM server facing
/// the internet: generous for real devices, tight enough that a stranger cannot hold memory,
/// sockets or threads. Times are in milliseconds.
struct ListenerLimits {
    /// Request line plus header block, counted as bytes arrive (431 beyond it; 414 if the request
    /// line alone is that long).
    qint64 maxHeaderBytes = 16 * 1024;
    /// Header fields per request (431 beyond it).
    int maxHeaderCount = 100;
    /// Body limit for routes that do not set their own (413 beyond it).
    qint64 defaultMaxBodyBytes = 1024 * 1024;
    /// The highest per-route body limit a route may ask for (command responses such as installed
    /// application lists can be large).
    qint64 maxRouteBodyBytes = 32 * 1024 * 1024;

    /// A kept-alive connection may sit silent this long between requests (and after the TLS
    /// handshake, before the first one).
    int idleTimeoutMs = 60'000;
    /// Once the first byte of a request arrives, the whole header block must arrive within this
    /// time (slowloris): 408 and close.
    int headerTimeoutMs = 10'000;
    /// While a body is being received, some body byte must arrive at least this often: 408.
    int bodyProgressTimeoutMs = 30'000;
    /// The TLS handshake must complete within this time.
    int handshakeTimeoutMs = 10'000;
    /// A handler must answer within this time, or the client gets 503 and the connection closes.
    int responseTimeoutMs = 120'000;
    /// After an error response, unread input is drained (and discarded) for at most this long and
    /// this many bytes, so the response is not destroyed by a TCP reset before the client reads it.
    int lingerTimeoutMs = 2'000;
    qint64 lingerMaxBytes = 1024 * 1024;

    /// Open connections at once; new ones beyond it are closed as soon as they are accepted.
    int maxConnections = 1000;
    /// Requests served on one kept-alive connection before the server closes it.
    int maxRequestsPerConnection = 1000;
};

} // namespace quince::server

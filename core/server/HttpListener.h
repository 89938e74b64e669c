// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/server/HttpMethod.h"
#include "core/server/ListenerConfig.h"
#include "core/server/ListenerCounters.h"
#include "core/server/Router.h"

#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>

#include <memory>
#include <vector>

class QThread;

namespace quince::server {

class Acceptor;
class IoWorker;
class ListenerStats;

/// The HTTP/1.1 listener (TLS or plain) that devices and SCEP clients talk to. It knows nothing
/// of MDM or SCEP: those register routes on it.
///
/// It runs on its own pool of I/O threads (never the caller's), each with an event loop;
/// accepted connections are handed to them round-robin. Every ListenerLimits bound is enforced
/// while bytes arrive. A built-in GET /health answers {"status":"ok"}.
///
/// Register routes, then start(). start() and stop() may be called from any thread except the
/// listener's own I/O threads (so not from a handler).
class HttpListener {
public:
    explicit HttpListener(ListenerConfig config);
    ~HttpListener();
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    /// Routes an exact path. Fails after start(), for a duplicate, or for a body limit above
    /// ListenerLimits::maxRouteBodyBytes.
    Status addRoute(const QString& path, QList<HttpMethod> methods, RouteHandler handler, RouteOptions options = {});
    /// Routes every path under prefix (on segment boundaries: "/scep" takes "/scep/x", not "/scepx").
    Status addPrefixRoute(
        const QString& prefix, QList<HttpMethod> methods, RouteHandler handler, RouteOptions options = {});

    /// Binds and starts the I/O threads. Fails (with nothing left running) if the address cannot
    /// be bound or the TLS settings are unusable.
    Status start();
    /// Stops accepting, closes every connection and joins the I/O threads. Pending responders
    /// become harmless no-ops. Safe to call twice.
    void stop();

    bool isListening() const;
    /// The bound port (the chosen one when the configuration asked for port 0); 0 when stopped.
    quint16 serverPort() const;
    const ListenerConfig& config() const { return m_config; }
    /// The number of I/O threads while listening.
    int ioThreadCount() const;
    /// A snapshot of the counters (kept across stop() and start()).
    ListenerCounters counters() const;

private:
    Status addRouteImpl(Route route, RouteOptions options);
    void teardownLocked();

    mutable QMutex m_mutex;
    ListenerConfig m_config;
    Router m_router;
    std::shared_ptr<ListenerStats> m_stats;
    std::vector<std::unique_ptr<QThread>> m_threads;
    QList<IoWorker*> m_workers;
    Acceptor* m_acceptor = nullptr;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace quince::server

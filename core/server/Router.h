// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/server/HttpMethod.h"
#include "core/server/HttpRequest.h"
#include "core/server/HttpResponder.h"

#include <QList>
#include <QString>

#include <functional>

namespace quince::server {

/// Runs on the connection's I/O thread. It must not block: it answers through the responder now
/// or later, from any thread.
using RouteHandler = std::function<void(HttpRequest request, HttpResponder responder)>;

/// Per-route settings.
struct RouteOptions {
    /// The largest body this route accepts; 0 means ListenerLimits::defaultMaxBodyBytes.
    qint64 maxBodyBytes = 0;
};

/// One registered route.
struct Route {
    /// An exact path ("/mdm/checkin"), or with prefix a path prefix matched on segment boundaries
    /// ("/scep" matches "/scep" and "/scep/pkiclient.exe", not "/scepx").
    QString path;
    bool prefix = false;
    QList<HttpMethod> methods;
    RouteHandler handler;
    /// Resolved: never 0.
    qint64 maxBodyBytes = 0;
};

/// What a path and method lead to.
struct RouteMatch {
    enum class Outcome { Found, NotFound, MethodNotAllowed };
    Outcome outcome = Outcome::NotFound;
    const Route* route = nullptr;
    /// For MethodNotAllowed: the Allow header's methods.
    QList<HttpMethod> allowed;
};

/// Path and method to handler. Exact routes win over prefix routes; the longest prefix wins.
/// Immutable once the listener starts, so lookups need no lock.
class Router {
public:
    /// Adds a route; fails for an empty or relative path, no methods, no handler, or a path (and
    /// kind) that is already registered.
    Status add(Route route);
    RouteMatch match(const QString& path, HttpMethod method) const;
    const QList<Route>& routes() const { return m_routes; }

private:
    QList<Route> m_routes;
};

} // namespace quince::server

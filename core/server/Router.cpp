// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/Router.h"

namespace quince::server {

namespace {

bool prefixMatches(const QString& prefix, const QString& path)
{
    if (!path.startsWith(prefix))
        return false;
    // On a segment boundary only, so "/scep" never captures "/scepx".
    return path.size() == prefix.size() || prefix.endsWith(QLatin1Char('/'))
        || path.at(prefix.size()) == QLatin1Char('/');
}

} // namespace

Status Router::add(Route route)
{
    if (!route.path.startsWith(QLatin1Char('/')))
        return Error {QStringLiteral("route path must start with '/': %1").arg(route.path)};
    if (route.methods.isEmpty())
        return Error {QStringLiteral("route %1 has no methods").arg(route.path)};
    if (!route.handler)
        return Error {QStringLiteral("route %1 has no handler").arg(route.path)};
    for (const Route& existing : m_routes) {
        if (existing.path == route.path && existing.prefix == route.prefix)
            return Error {QStringLiteral("route %1 is already registered").arg(route.path)};
    }
    m_routes.append(std::move(route));
    return {};
}

RouteMatch Router::match(const QString& path, HttpMethod method) const
{
    const Route* best = nullptr;
    for (const Route& route : m_routes) {
        if (!route.prefix && route.path == path) {
            best = &route;
            break;
        }
        if (route.prefix && prefixMatches(route.path, path)
            && (best == nullptr || route.path.size() > best->path.size()))
            best = &route;
    }
    RouteMatch match;
    if (best == nullptr)
        return match;
    match.route = best;
    if (best->methods.contains(method)) {
        match.outcome = RouteMatch::Outcome::Found;
    } else {
        match.outcome = RouteMatch::Outcome::MethodNotAllowed;
        match.allowed = best->methods;
    }
    return match;
}

} // namespace quince::server

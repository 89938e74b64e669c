// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpMethod.h"

#include <array>
#include <utility>

namespace quince::server {

namespace {

constexpr std::array<std::pair<HttpMethod, const char*>, 7> kMethods {{
    {HttpMethod::Get, "GET"},
    {HttpMethod::Head, "HEAD"},
    {HttpMethod::Post, "POST"},
    {HttpMethod::Put, "PUT"},
    {HttpMethod::Delete, "DELETE"},
    {HttpMethod::Options, "OPTIONS"},
    {HttpMethod::Patch, "PATCH"},
}};

} // namespace

QByteArray methodName(HttpMethod method)
{
    for (const auto& [candidate, name] : kMethods) {
        if (candidate == method)
            return QByteArray(name);
    }
    return {};
}

std::optional<HttpMethod> methodFromName(QByteArrayView name)
{
    // Methods are case-sensitive tokens (RFC 9110 section 9.1): "get" is not GET.
    for (const auto& [method, candidate] : kMethods) {
        if (name == QByteArrayView(candidate))
            return method;
    }
    return std::nullopt;
}

QByteArray methodList(const QList<HttpMethod>& methods)
{
    QByteArray list;
    for (const HttpMethod method : methods) {
        if (!list.isEmpty())
            list += ", ";
        list += methodName(method);
    }
    return list;
}

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace quince::server {

/// The methods the listener routes. Anything else that parses as HTTP is answered with 501.
enum class HttpMethod { Get, Head, Post, Put, Delete, Options, Patch };

/// The method's token as it appears on the request line ("GET").
QByteArray methodName(HttpMethod method);

/// The method for a request-line token; nullopt for methods the listener does not implement.
std::optional<HttpMethod> methodFromName(QByteArrayView name);

/// "GET, PUT": the value of an Allow header.
QByteArray methodList(const QList<HttpMethod>& methods);

} // namespace quince::server

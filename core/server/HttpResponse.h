// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/HttpHeaders.h"

#include <QByteArray>

namespace quince::server {

/// What a handler answers. The listener adds Content-Length and Connection itself (a handler's
/// own fields of those names, and Transfer-Encoding, are dropped), so bodies are always
/// length-delimited.
struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    QByteArray body;

    /// A response with a body of the given media type.
    static HttpResponse withBody(int status, QByteArray contentType, QByteArray body);
    /// application/json.
    static HttpResponse json(int status, QByteArray body);
    /// text/plain; charset=utf-8.
    static HttpResponse text(int status, QByteArray body);
    /// No body.
    static HttpResponse empty(int status);
};

/// The standard reason phrase for a status ("Payload Too Large"), or "Unknown".
QByteArray reasonPhrase(int status);

} // namespace quince::server

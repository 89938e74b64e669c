// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpResponse.h"

#include <http_parser.h>

namespace quince::server {

HttpResponse HttpResponse::withBody(int status, QByteArray contentType, QByteArray body)
{
    HttpResponse response;
    response.status = status;
    response.headers.append("Content-Type", std::move(contentType));
    response.body = std::move(body);
    return response;
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    return withBody(status, "application/json", std::move(body));
}

HttpResponse HttpResponse::text(int status, QByteArray body)
{
    return withBody(status, "text/plain; charset=utf-8", std::move(body));
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

QByteArray reasonPhrase(int status)
{
    // libhttp-parser already carries the IANA table; its fallback for unknown codes is "<unknown>".
    const QByteArray phrase(http_status_str(static_cast<http_status>(status)));
    return phrase.startsWith('<') ? QByteArray("Unknown") : phrase;
}

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepRoute.h"

#include "core/scep/ScepService.h"
#include "core/server/HttpListener.h"

#include <QThreadPool>

namespace quince::scep {

namespace {

HttpMethod scepMethod(server::HttpMethod method)
{
    switch (method) {
    case server::HttpMethod::Get:
        return HttpMethod::Get;
    case server::HttpMethod::Post:
        return HttpMethod::Post;
    default:
        return HttpMethod::Other;
    }
}

/// The query exactly as sent: the service decodes it itself, because '+' must stay '+'.
QByteArray rawQuery(const QByteArray& target)
{
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {};
    QByteArray query = target.mid(question + 1);
    const qsizetype hash = query.indexOf('#');
    return hash < 0 ? query : query.left(hash);
}

} // namespace

Status mountScepService(server::HttpListener& listener, ScepService& service, QThreadPool& pool, const QString& path)
{
    server::RouteOptions options;
    options.maxBodyBytes = service.maxMessageBytes();
    return listener.addPrefixRoute(
        path, {server::HttpMethod::Get, server::HttpMethod::Post},
        [&service, &pool](server::HttpRequest request, server::HttpResponder responder) {
            pool.start([&service, request = std::move(request), responder = std::move(responder)] {
                const ScepResponse answer
                    = service.handle(scepMethod(request.method), rawQuery(request.target), request.body);
                server::HttpResponse response
                    = server::HttpResponse::withBody(answer.statusCode, answer.contentType, answer.body);
                if (!answer.allow.isEmpty())
                    response.headers.append(QByteArrayLiteral("Allow"), answer.allow);
                responder.send(std::move(response));
            });
        },
        options);
}

} // namespace quince::scep

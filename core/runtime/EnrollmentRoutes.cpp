// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/EnrollmentRoutes.h"

#include "core/enrollment/EnrollmentPage.h"
#include "core/enrollment/EnrollmentService.h"
#include "core/server/HttpListener.h"

#include <QHostAddress>
#include <QThreadPool>
#include <QUrlQuery>

namespace quince::runtime {

using enrollment::CodeKind;
using enrollment::EnrollmentError;
using enrollment::EnrollmentErrorKind;
using enrollment::EnrollmentService;
using enrollment::EnrollmentUrls;
using server::HttpMethod;
using server::HttpRequest;
using server::HttpResponder;
using server::HttpResponse;

namespace {

constexpr qint64 kMaxFormBytes = 1024;
const QByteArray kProfileType = QByteArrayLiteral("application/x-apple-aspen-config");
const QByteArray kHtmlType = QByteArrayLiteral("text/html; charset=utf-8");

/// The rate-limit key: the address, with IPv6 reduced to its /64 (one host usually owns a whole
/// /64, and would otherwise get a fresh budget per address).
QString peerKey(const QHostAddress& address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

HttpResponse page(int status, const EnrollmentService& service, const QString& error)
{
    auto urls = service.urls();
    HttpResponse response = HttpResponse::withBody(status, kHtmlType,
        enrollment::EnrollmentPage::html(error, urls ? urls->trustProfile() : QString(), EnrollmentUrls::enrollPath()));
    // The page is a form for a secret: never cached, never framed.
    response.headers.set(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.headers.set(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    response.headers.set(QByteArrayLiteral("Content-Security-Policy"),
        QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"));
    return response;
}

HttpResponse profileResponse(const QByteArray& bytes, const QByteArray& fileName)
{
    HttpResponse response = HttpResponse::withBody(200, kProfileType, bytes);
    response.headers.set(
        QByteArrayLiteral("Content-Disposition"), QByteArrayLiteral("attachment; filename=\"") + fileName + '"');
    response.headers.set(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

/// The page again, with the reason and the status that fits it.
HttpResponse refusal(const EnrollmentService& service, const EnrollmentError& error)
{
    switch (error.kind) {
    case EnrollmentErrorKind::CodeRejected:
        return page(403, service, error.message);
    case EnrollmentErrorKind::RateLimited: {
        HttpResponse response = page(429, service, error.message);
        response.headers.set(QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterSeconds));
        return response;
    }
    case EnrollmentErrorKind::NotReady:
        // The operator's problem, logged by the service in full; the device gets no internals.
        return page(503, service, QObject::tr("This server cannot enroll devices yet. Tell your administrator."));
    case EnrollmentErrorKind::Storage:
    case EnrollmentErrorKind::Signing:
    case EnrollmentErrorKind::Internal:
        break;
    }
    return page(500, service, QObject::tr("The server failed to make your profile. Try again later."));
}

void answerCode(EnrollmentService& service, CodeKind kind, const QString& presented, const QString& peer,
    const HttpResponder& responder)
{
    auto issued = service.profileFor(kind, presented, peer);
    if (!issued) {
        responder.send(refusal(service, issued.error()));
        return;
    }
    responder.send(profileResponse(issued->bytes, QByteArrayLiteral("enroll.mobileconfig")));
}

void postCode(EnrollmentService& service, const HttpRequest& request, const HttpResponder& responder)
{
    const QByteArray contentType = request.headers.value("Content-Type").split(';').first().trimmed().toLower();
    const QString peer = peerKey(request.peerAddress);
    if (contentType == "application/pkcs7-signature") {
        // What a device sends to dep_enrollment_url during Automated Device Enrollment.
        qCWarning(enrollment::lcEnrollment, "enrollment from %s: Automated Device Enrollment is not supported yet",
            qPrintable(peer));
        responder.send(HttpResponse::text(501, "Automated Device Enrollment is not supported by this server yet.\n"));
        return;
    }
    if (contentType != "application/x-www-form-urlencoded") {
        qCWarning(enrollment::lcEnrollment, "enrollment from %s: refused a %s body", qPrintable(peer),
            contentType.isEmpty() ? "untyped" : contentType.left(64).constData());
        responder.send(page(415, service, QObject::tr("The form was not sent as a form.")));
        return;
    }
    // Form encoding writes spaces as '+'; QUrlQuery does not undo that.
    QByteArray body = request.body;
    body.replace('+', ' ');
    const QUrlQuery form(QString::fromUtf8(body));
    const QList<QPair<QString, QString>> items = form.queryItems(QUrl::FullyDecoded);
    QString code;
    int codes = 0;
    for (const auto& [key, value] : items)
        if (key == QLatin1String("code")) {
            code = value;
            ++codes;
        }
    if (codes != 1 || code.trimmed().isEmpty()) {
        qCWarning(enrollment::lcEnrollment, "enrollment from %s: a form without exactly one code", qPrintable(peer));
        responder.send(page(400, service, QObject::tr("Enter the enrollment code.")));
        return;
    }
    answerCode(service, CodeKind::Code, code.trimmed(), peer, responder);
}

} // namespace

Status mountEnrollmentRoutes(server::HttpListener& listener, EnrollmentService& service, QThreadPool& pool)
{
    server::RouteOptions formOptions;
    formOptions.maxBodyBytes = kMaxFormBytes;
    if (auto added = listener.addRoute(
            EnrollmentUrls::enrollPath(), {HttpMethod::Get, HttpMethod::Post},
            [&service, &pool](HttpRequest request, HttpResponder responder) {
                pool.start([&service, request = std::move(request), responder = std::move(responder)] {
                    if (request.method == HttpMethod::Get)
                        responder.send(page(200, service, QString()));
                    else
                        postCode(service, request, responder);
                });
            },
            formOptions);
        !added)
        return added;

    server::RouteOptions noBody;
    noBody.maxBodyBytes = 1; // GET only: nothing to receive
    if (auto added = listener.addPrefixRoute(
            EnrollmentUrls::enrollLinkPrefix().chopped(1), {HttpMethod::Get},
            [&service, &pool](HttpRequest request, HttpResponder responder) {
                pool.start([&service, request = std::move(request), responder = std::move(responder)] {
                    const QString token = request.path.mid(EnrollmentUrls::enrollLinkPrefix().size());
                    answerCode(service, CodeKind::Link, token, peerKey(request.peerAddress), responder);
                });
            },
            noBody);
        !added)
        return added;

    if (auto added = listener.addRoute(
            EnrollmentUrls::trustProfilePath(), {HttpMethod::Get},
            [&service, &pool](HttpRequest, HttpResponder responder) {
                pool.start([&service, responder = std::move(responder)] {
                    auto trust = service.trustProfile();
                    if (!trust) {
                        qCWarning(enrollment::lcEnrollment, "trust profile: %s", qPrintable(trust.error().message));
                        responder.send(HttpResponse::text(503, "The trust profile is not available.\n"));
                        return;
                    }
                    responder.send(profileResponse(*trust, QByteArrayLiteral("trust.mobileconfig")));
                });
            },
            noBody);
        !added)
        return added;

    if (auto added = listener.addRoute(
            EnrollmentUrls::anchorCertsPath(), {HttpMethod::Get},
            [&service, &pool](HttpRequest, HttpResponder responder) {
                pool.start([&service, responder = std::move(responder)] {
                    auto anchors = service.anchorCertificatesJson();
                    if (!anchors) {
                        qCWarning(
                            enrollment::lcEnrollment, "anchor certificates: %s", qPrintable(anchors.error().message));
                        responder.send(HttpResponse::text(503, "The anchor certificates are not available.\n"));
                        return;
                    }
                    responder.send(HttpResponse::json(200, *anchors));
                });
            },
            noBody);
        !added)
        return added;

    return listener.addRoute(
        EnrollmentUrls::serviceConfigPath(), {HttpMethod::Get},
        [&service, &pool](HttpRequest, HttpResponder responder) {
            pool.start([&service, responder = std::move(responder)] {
                auto config = service.serviceConfigJson();
                if (!config) {
                    qCWarning(enrollment::lcEnrollment, "MDMServiceConfig: %s", qPrintable(config.error().message));
                    responder.send(HttpResponse::text(503, "The service configuration is not available.\n"));
                    return;
                }
                responder.send(HttpResponse::json(200, *config));
            });
        },
        noBody);
}

} // namespace quince::runtime

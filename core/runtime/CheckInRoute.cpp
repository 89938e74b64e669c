// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/CheckInRoute.h"

#include "core/mdm/CheckInProcessor.h"
#include "core/pki/Certificate.h"
#include "core/pki/CmsVerifier.h"
#include "core/server/HttpListener.h"

#include <QFuture>
#include <QLoggingCategory>

namespace quince::runtime {

namespace {

Q_LOGGING_CATEGORY(lcCheckIn, "quince.mdm.http")

// The plist limit of CheckInMessage is 256 KiB; refuse larger bodies while they arrive.
constexpr qint64 kMaxCheckInBody = 256 * 1024;

} // namespace

Status mountCheckInRoute(server::HttpListener& listener, mdm::CheckInProcessor& processor,
    const pki::CmsVerifier& verifier, const QString& path)
{
    server::RouteOptions options;
    options.maxBodyBytes = kMaxCheckInBody;
    return listener.addRoute(
        path, {server::HttpMethod::Put},
        [&processor, &verifier](server::HttpRequest request, server::HttpResponder responder) {
            QString certificateSha256;
            if (!request.clientCertificateChain.isEmpty()) {
                // Verified by the listener against Quince's CAs; the leaf comes first.
                if (auto leaf = pki::Certificate::fromDer(request.clientCertificateChain.first()))
                    certificateSha256 = leaf->sha256Hex();
            } else if (request.headers.contains("Mdm-Signature")) {
                auto verified = verifier.verifyMdmSignature(request.headers.value("Mdm-Signature"), request.body);
                if (!verified) {
                    qCWarning(lcCheckIn).noquote()
                        << "check-in from" << request.peerAddress.toString()
                        << "refused: Mdm-Signature does not verify:" << verified.error().message;
                    responder.send(server::HttpResponse::text(403, "Forbidden\n"));
                    return;
                }
                certificateSha256 = verified->signer.sha256Hex();
            }
            // Without a certificate the processor refuses (403) and logs why.
            processor.process(request.body, certificateSha256).then([responder](const mdm::CheckInResult& result) {
                const int status = mdm::httpStatus(result.outcome);
                if (status != 200)
                    qCInfo(lcCheckIn).noquote() << "check-in answered" << status << ':' << result.reason;
                responder.send(result.body.isEmpty()
                        ? server::HttpResponse::empty(status)
                        : server::HttpResponse::withBody(status, "application/xml", result.body));
            });
        },
        options);
}

} // namespace quince::runtime

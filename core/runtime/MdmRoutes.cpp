// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/MdmRoutes.h"

#include "core/mdm/CheckInProcessor.h"
#include "core/mdm/ConnectProcessor.h"
#include "core/pki/CmsVerifier.h"
#include "core/server/HttpListener.h"

#include <QCryptographicHash>
#include <QFuture>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>

#include <deque>
#include <memory>
#include <optional>

namespace quince::runtime {

namespace {

Q_LOGGING_CATEGORY(lcMdmHttp, "quince.mdm.http")

// The check-in plist limit is 256 KiB; command responses (installed application lists) can be
// large: both are refused while they arrive when over.
constexpr qint64 kMaxCheckInBody = 256 * 1024;
constexpr qint64 kMaxCommandResponseBody = 32 * 1024 * 1024;

// The device's certificate fingerprint: the verified TLS client certificate, else the signer
// of a valid Mdm-Signature, else "" (the processors refuse that). nullopt: a signature was
// presented and is bad.
std::optional<QString> deviceCertificate(const server::HttpRequest& request, const pki::CmsVerifier& verifier)
{
    if (!request.clientCertificateChain.isEmpty()) {
        // The listener verified this DER; hashing it as received gives the same fingerprint as
        // pki::Certificate::sha256Hex() without decoding the certificate and its key again.
        return QString::fromLatin1(
            QCryptographicHash::hash(request.clientCertificateChain.first(), QCryptographicHash::Sha256).toHex());
    }
    if (!request.headers.contains("Mdm-Signature"))
        return QString();
    auto verified = verifier.verifyMdmSignature(request.headers.value("Mdm-Signature"), request.body);
    if (!verified) {
        qCWarning(lcMdmHttp).noquote() << request.path << "from" << request.peerAddress.toString()
                                       << "refused: Mdm-Signature does not verify:" << verified.error().message;
        return std::nullopt;
    }
    return verified->signer.sha256Hex();
}

// Apple: a command answered NotNow is not offered again on the same connection. Remembered per
// connection id, bounded: the oldest connections are forgotten first (they are long closed).
class NotNowMemory {
public:
    QSet<QString> skipFor(quint64 connection)
    {
        QMutexLocker lock(&m_mutex);
        return m_skip.value(connection);
    }

    void add(quint64 connection, const QString& commandUuid)
    {
        QMutexLocker lock(&m_mutex);
        if (!m_skip.contains(connection)) {
            m_order.push_back(connection);
            if (m_order.size() > kMaxConnections) {
                m_skip.remove(m_order.front());
                m_order.pop_front();
            }
        }
        m_skip[connection].insert(commandUuid);
    }

private:
    static constexpr std::size_t kMaxConnections = 10000;
    QMutex m_mutex;
    QHash<quint64, QSet<QString>> m_skip;
    std::deque<quint64> m_order;
};

server::HttpResponse answer(int status, const QByteArray& body)
{
    return body.isEmpty() ? server::HttpResponse::empty(status)
                          : server::HttpResponse::withBody(status, "application/xml", body);
}

} // namespace

Status mountMdmRoutes(server::HttpListener& listener, mdm::CheckInProcessor& checkIn, mdm::ConnectProcessor& connect,
    const pki::CmsVerifier& verifier, const MdmPaths& paths)
{
    server::RouteOptions checkInOptions;
    checkInOptions.maxBodyBytes = kMaxCheckInBody;
    const Status mounted = listener.addRoute(
        paths.checkIn, {server::HttpMethod::Put},
        [&checkIn, &verifier](server::HttpRequest request, server::HttpResponder responder) {
            const std::optional<QString> certificate = deviceCertificate(request, verifier);
            if (!certificate) {
                responder.send(server::HttpResponse::text(403, "Forbidden\n"));
                return;
            }
            checkIn.process(request.body, *certificate).then([responder](const mdm::CheckInResult& result) {
                const int status = mdm::httpStatus(result.outcome);
                if (status != 200)
                    qCInfo(lcMdmHttp).noquote() << "check-in answered" << status << ':' << result.reason;
                responder.send(answer(status, result.body));
            });
        },
        checkInOptions);
    if (!mounted)
        return mounted;

    server::RouteOptions serverOptions;
    serverOptions.maxBodyBytes = kMaxCommandResponseBody;
    auto notNow = std::make_shared<NotNowMemory>();
    return listener.addRoute(
        paths.server, {server::HttpMethod::Put},
        [&connect, &verifier, notNow](server::HttpRequest request, server::HttpResponder responder) {
            const std::optional<QString> certificate = deviceCertificate(request, verifier);
            if (!certificate) {
                responder.send(server::HttpResponse::text(403, "Forbidden\n"));
                return;
            }
            const quint64 connection = request.connectionId;
            connect.process(request.body, *certificate, notNow->skipFor(connection))
                .then([responder, notNow, connection](const mdm::ConnectResult& result) {
                    if (!result.notNowCommandUuid.isEmpty())
                        notNow->add(connection, result.notNowCommandUuid);
                    if (result.status != 200)
                        qCInfo(lcMdmHttp).noquote()
                            << "command request answered" << result.status << ':' << result.reason;
                    responder.send(answer(result.status, result.body));
                });
        },
        serverOptions);
}

} // namespace quince::runtime

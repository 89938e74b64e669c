// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepService.h"

#include "core/pki/CertificateRequest.h"
#include "core/pki/OpenSsl.h"
#include "core/scep/CertRep.h"
#include "core/scep/Envelope.h"
#include "core/scep/PkiMessage.h"
#include "core/scep/ScepLog.h"
#include "core/scep/ScepOids.h"
#include "core/scep/ScepQuery.h"

namespace quince::scep {

using namespace pki::ossl;
using pki::Certificate;

namespace {

ScepResponse textResponse(int statusCode, const QString& text)
{
    return ScepResponse {statusCode, kContentTypeText, text.toUtf8() + '\n', {}};
}

ScepResponse methodNotAllowed(const QByteArray& allow)
{
    ScepResponse response = textResponse(405, QStringLiteral("method not allowed"));
    response.allow = allow;
    return response;
}

QString typeName(const PkiMessage& message)
{
    if (!message.messageType())
        return QStringLiteral("message");
    switch (*message.messageType()) {
    case static_cast<int>(MessageType::PKCSReq):
    case static_cast<int>(MessageType::RenewalReq):
    case static_cast<int>(MessageType::CertPoll):
    case static_cast<int>(MessageType::GetCert):
    case static_cast<int>(MessageType::GetCRL):
    case static_cast<int>(MessageType::CertRep):
        return messageTypeName(static_cast<MessageType>(*message.messageType()));
    default:
        return QStringLiteral("messageType %1").arg(*message.messageType());
    }
}

/// For RenewalReq: the signer must be a certificate our CA issued, valid at `at`. An expired or
/// not-yet-valid one is badTime; anything else that does not chain to the CA is badCertId.
std::optional<Rejection> checkIssuedByCa(const Certificate& certificate, const Certificate& ca, const QDateTime& at)
{
    clearErrors();
    X509StorePtr store(X509_STORE_new());
    X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!store || !context || !X509_STORE_add_cert(store.get(), ca.native())
        || !X509_STORE_CTX_init(context.get(), store.get(), certificate.native(), nullptr))
        return Rejection {FailInfo::BadCertId, QStringLiteral("cannot set up chain verification: ") + takeErrors()};
    X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
    // The issuing CA is an intermediate: it is the trust anchor here, whatever is above it.
    X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_PARTIAL_CHAIN);
    X509_VERIFY_PARAM_set_time(parameters, static_cast<time_t>(at.toSecsSinceEpoch()));
    const int verified = X509_verify_cert(context.get());
    const int code = X509_STORE_CTX_get_error(context.get());
    clearErrors();
    if (verified == 1)
        return std::nullopt;
    const QString reason = QString::fromLatin1(X509_verify_cert_error_string(code));
    if (code == X509_V_ERR_CERT_HAS_EXPIRED || code == X509_V_ERR_CERT_NOT_YET_VALID)
        return Rejection {FailInfo::BadTime, QStringLiteral("renewal certificate not valid now: ") + reason};
    return Rejection {FailInfo::BadCertId, QStringLiteral("renewal certificate not issued by our CA: ") + reason};
}

} // namespace

Result<std::unique_ptr<ScepService>> ScepService::create(
    ScepServiceConfig config, ScepIssuer& issuer, ChallengeStore& challenges)
{
    if (!ensureProviders())
        return Error {QStringLiteral("SCEP: the OpenSSL default and legacy providers could not be loaded")};
    if (!ScepOids::get().valid())
        return Error {QStringLiteral("SCEP: cannot register the SCEP attribute identifiers")};
    if (config.caCertificate.isNull())
        return Error {QStringLiteral("SCEP: no CA certificate")};
    if (config.signerCertificate.isNull() || !config.signerCertificate.matches(config.signerKey))
        return Error {QStringLiteral("SCEP: the signer certificate does not match its key")};
    if (!Envelope::canReceive(config.signerCertificate))
        return Error {QStringLiteral("SCEP: the signer key must be RSA (SCEP envelopes use RSA key transport)")};
    if (config.signerCertificate != config.caCertificate && !config.signerCertificate.isSignedBy(config.caCertificate))
        return Error {QStringLiteral("SCEP: the RA certificate is not issued by the CA")};
    if (config.maxMessageBytes <= 0)
        return Error {QStringLiteral("SCEP: maxMessageBytes must be positive")};

    std::unique_ptr<ScepService> service(new ScepService(std::move(config), issuer, challenges));
    if (service->usesRa()) {
        QList<Certificate> certificates {service->m_config.caCertificate, service->m_config.signerCertificate};
        certificates += service->m_config.chain;
        pki::PkiResult<QByteArray> bundle = certificatesOnly(certificates);
        if (!bundle)
            return Error {QStringLiteral("SCEP: ") + bundle.error().message};
        service->m_caCertBody = bundle.value();
        service->m_caCertContentType = kContentTypeCaRaCert;
    } else {
        service->m_caCertBody = service->m_config.caCertificate.toDer();
        service->m_caCertContentType = kContentTypeCaCert;
    }
    return service;
}

ScepService::ScepService(ScepServiceConfig config, ScepIssuer& issuer, ChallengeStore& challenges)
    : m_config(std::move(config)), m_issuer(issuer), m_challenges(challenges)
{
}

ScepService::~ScepService() = default;

bool ScepService::usesRa() const
{
    return m_config.signerCertificate != m_config.caCertificate;
}

QDateTime ScepService::now() const
{
    return m_config.clock ? m_config.clock() : QDateTime::currentDateTimeUtc();
}

QByteArray ScepService::capabilities()
{
    // No GetNextCACert (no CA rollover over SCEP) and no PENDING, so nothing that implies them.
    return QByteArrayLiteral("POSTPKIOperation\n"
                             "SHA-1\n"
                             "SHA-256\n"
                             "SHA-512\n"
                             "AES\n"
                             "DES3\n"
                             "SCEPStandard\n"
                             "Renewal\n");
}

ScepResponse ScepService::getCaCaps() const
{
    return ScepResponse {200, kContentTypeText, capabilities(), {}};
}

ScepResponse ScepService::getCaCert() const
{
    return ScepResponse {200, m_caCertContentType, m_caCertBody, {}};
}

ScepResponse ScepService::handle(HttpMethod method, const QByteArray& rawQuery, const QByteArray& body)
{
    // A GET message= of the largest acceptable message, percent-encoded, fits in this.
    const qsizetype maxQuery = (m_config.maxMessageBytes + 2) / 3 * 4 * 3 + 1024;
    if (rawQuery.size() > maxQuery) {
        qCWarning(lcScep) << "refused: query string of" << rawQuery.size() << "bytes";
        return textResponse(414, QStringLiteral("query too long"));
    }
    if (method == HttpMethod::Post && body.size() > m_config.maxMessageBytes) {
        qCWarning(lcScep) << "refused: POST body of" << body.size() << "bytes";
        return textResponse(413, QStringLiteral("message too large"));
    }

    Result<ScepQuery, QString> query = ScepQuery::parse(rawQuery);
    if (!query) {
        qCWarning(lcScep).noquote() << "refused: bad query:" << query.error();
        return textResponse(400, query.error());
    }
    const QString& operation = query->operation;

    if (operation == QLatin1String("GetCACaps") || operation == QLatin1String("GetCACert")) {
        if (method != HttpMethod::Get) {
            qCWarning(lcScep).noquote() << "refused:" << operation << "with a method other than GET";
            return methodNotAllowed(QByteArrayLiteral("GET"));
        }
        return operation == QLatin1String("GetCACaps") ? getCaCaps() : getCaCert();
    }

    if (operation == QLatin1String("PKIOperation")) {
        if (method == HttpMethod::Post)
            return pkiOperation(body);
        if (method != HttpMethod::Get) {
            qCWarning(lcScep) << "refused: PKIOperation with a method other than GET or POST";
            return methodNotAllowed(QByteArrayLiteral("GET, POST"));
        }
        if (!query->hasMessage) {
            qCWarning(lcScep) << "refused: PKIOperation by GET without message";
            return textResponse(400, QStringLiteral("missing message"));
        }
        Result<QByteArray, ScepQuery::DecodeError> decoded
            = ScepQuery::decodeMessage(query->message, m_config.maxMessageBytes);
        if (!decoded) {
            qCWarning(lcScep).noquote() << "refused: PKIOperation by GET:" << decoded.error().reason;
            return textResponse(decoded.error().tooLarge ? 413 : 400, decoded.error().reason);
        }
        return pkiOperation(decoded.value());
    }

    qCWarning(lcScep).noquote() << "refused: unknown operation" << forLog(operation);
    return textResponse(400, QStringLiteral("unknown operation"));
}

ScepResponse ScepService::pkiOperation(const QByteArray& der)
{
    if (der.size() > m_config.maxMessageBytes) {
        qCWarning(lcScep) << "refused: PKIOperation of" << der.size() << "bytes";
        return textResponse(413, QStringLiteral("message too large"));
    }
    Result<PkiMessage, QString> parsed = PkiMessage::parse(der);
    if (!parsed) {
        // Without a transactionID and senderNonce there is nobody to address a CertRep to.
        qCWarning(lcScep).noquote() << "refused: PKIOperation:" << parsed.error();
        return textResponse(400, QStringLiteral("not a SCEP message: ") + parsed.error());
    }
    return answer(parsed.value(), typeName(parsed.value()));
}

ScepResponse ScepService::failure(const PkiMessage& message, const Rejection& rejection, const QString& type)
{
    qCWarning(lcScep).noquote() << type << "transaction" << forLog(message.transactionId()) << "rejected with"
                                << failInfoName(rejection.failInfo) + QStringLiteral(":") << rejection.reason;
    CertRep reply;
    reply.status = PkiStatus::Failure;
    reply.failInfo = rejection.failInfo;
    reply.transactionId = message.transactionId();
    reply.recipientNonce = message.senderNonce();
    reply.digestNid = message.digestAccepted() ? message.digestNid() : NID_sha256;
    pki::PkiResult<QByteArray> signedReply = reply.sign(m_config.signerCertificate, m_config.signerKey);
    if (!signedReply) {
        qCCritical(lcScep).noquote() << "cannot sign a CertRep:" << signedReply.error().message;
        return textResponse(500, QStringLiteral("internal error"));
    }
    return ScepResponse {200, kContentTypePkiMessage, signedReply.value(), {}};
}

ScepResponse ScepService::answer(const PkiMessage& message, const QString& type)
{
    const auto reject = [&](FailInfo info, const QString& reason) {
        return failure(message, Rejection {info, reason}, type);
    };

    // 1. Integrity first: nothing below is trusted until the signature verifies.
    Result<QByteArray, Rejection> content = message.verify();
    if (!content)
        return failure(message, content.error(), type);

    // 2. What is asked. Quince issues at once or refuses, so it never has a PENDING request to
    //    poll for, and it serves neither certificates nor CRLs over SCEP.
    if (!message.messageType())
        return reject(FailInfo::BadRequest, QStringLiteral("missing or malformed messageType"));
    const int typeNumber = *message.messageType();
    const bool renewal = typeNumber == static_cast<int>(MessageType::RenewalReq);
    if (typeNumber != static_cast<int>(MessageType::PKCSReq) && !renewal)
        return reject(FailInfo::BadRequest, QStringLiteral("%1 is not supported").arg(type));

    const QDateTime at = now();
    if (const std::optional<QDateTime> signedAt = message.signingTime();
        signedAt && qAbs(signedAt->secsTo(at)) > m_config.maxClockSkew.count())
        return reject(
            FailInfo::BadTime, QStringLiteral("signingTime %1 too far from now").arg(signedAt->toString(Qt::ISODate)));

    if (!m_replays.remember(message.transactionId().toLatin1(), message.senderNonce(), at))
        return reject(FailInfo::BadRequest, QStringLiteral("replayed transactionID and senderNonce"));

    // 3. Who asks. The answer is encrypted to the signer certificate, so it must hold RSA.
    const Certificate signer = message.signer();
    if (!Envelope::canReceive(signer))
        return reject(FailInfo::BadAlg, QStringLiteral("the signer key is not RSA; cannot encrypt the answer to it"));
    if (renewal) {
        if (const std::optional<Rejection> refused = checkIssuedByCa(signer, m_config.caCertificate, at))
            return failure(message, *refused, type);
        if (!m_issuer.acceptsRenewalOf(signer))
            return reject(FailInfo::BadCertId,
                QStringLiteral("certificate %1 may not be renewed (inactive in the inventory)")
                    .arg(signer.serialHex()));
    }

    // 4. The request itself.
    Result<Envelope::Opened, Rejection> opened
        = Envelope::open(content.value(), m_config.signerCertificate, m_config.signerKey);
    if (!opened)
        return failure(message, opened.error(), type);
    pki::PkiResult<pki::CertificateRequest> csr = pki::CertificateRequest::fromDer(opened->content);
    if (!csr)
        return reject(FailInfo::BadRequest, QStringLiteral("the envelope does not hold a PKCS#10 request"));
    // The CSR's self-signature is an integrity check like the outer one.
    if (!csr->verifySignature())
        return reject(FailInfo::BadMessageCheck, QStringLiteral("the PKCS#10 signature does not verify"));

    IssueContext context;
    context.messageType = renewal ? MessageType::RenewalReq : MessageType::PKCSReq;
    context.transactionId = message.transactionId();
    if (renewal) {
        // Authenticated by the certificate being renewed; a challenge, if present, is ignored.
        context.previousCertificate = signer;
    } else {
        // Consumed last, once everything else has passed, so a broken request does not burn
        // a valid challenge.
        const QByteArray challenge = csr->challengePassword().toUtf8();
        if (challenge.isEmpty())
            return reject(FailInfo::BadRequest, QStringLiteral("no challengePassword in the request"));
        const ChallengeCheck check = m_challenges.consume(challenge);
        if (!check.accepted())
            return reject(FailInfo::BadRequest, challengeStatusName(check.status));
        context.challengeId = check.id;
        context.challengePurpose = check.purpose;
    }

    // 5. Issue and answer in the request's own cipher.
    pki::PkiResult<Certificate> issued = m_issuer.issue(csr.value(), context);
    if (!issued) {
        const FailInfo info
            = issued.error().kind == pki::PkiErrorKind::UnsupportedAlgorithm ? FailInfo::BadAlg : FailInfo::BadRequest;
        return reject(info, QStringLiteral("the CA refused: ") + issued.error().message);
    }
    if (issued->publicKeyDer() != csr->publicKeyDer())
        return reject(FailInfo::BadRequest, QStringLiteral("the CA issued a certificate for another key"));

    pki::PkiResult<QByteArray> degenerate = certificatesOnly({issued.value()});
    pki::PkiResult<QByteArray> envelope = degenerate ? Envelope::seal(degenerate.value(), signer, opened->cipherNid)
                                                     : pki::PkiResult<QByteArray>(degenerate.error());
    if (!envelope)
        return reject(
            FailInfo::BadRequest, QStringLiteral("cannot envelope the certificate: ") + envelope.error().message);

    CertRep reply;
    reply.status = PkiStatus::Success;
    reply.transactionId = message.transactionId();
    reply.recipientNonce = message.senderNonce();
    reply.envelope = envelope.value();
    reply.digestNid = message.digestNid();
    pki::PkiResult<QByteArray> signedReply = reply.sign(m_config.signerCertificate, m_config.signerKey);
    if (!signedReply) {
        qCCritical(lcScep).noquote() << "cannot sign a CertRep:" << signedReply.error().message;
        return textResponse(500, QStringLiteral("internal error"));
    }
    qCInfo(lcScep).noquote() << type << "transaction" << forLog(message.transactionId()) << "issued serial"
                             << issued->serialHex() << "to" << issued->subject() << "cipher"
                             << QString::fromLatin1(OBJ_nid2sn(opened->cipherNid));
    return ScepResponse {200, kContentTypePkiMessage, signedReply.value(), {}};
}

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CmsVerifier.h"

#include "core/pki/OpenSsl.h"

#include <openssl/objects.h>

namespace quince::pki {

using namespace ossl;

namespace {

/// CMS_get0_signers hands out a stack it allocated but certificates it does not own.
struct ShallowX509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using ShallowX509StackPtr = std::unique_ptr<STACK_OF(X509), ShallowX509StackDeleter>;

bool isBase64Whitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// Decodes an Mdm-Signature value, refusing anything that could decode to more than maxDecoded
/// bytes before decoding it.
PkiResult<QByteArray> decodeHeader(const QByteArray& value, qsizetype maxDecoded)
{
    // Four characters per three bytes, and generous room for line breaks a proxy may fold in.
    const qsizetype maxEncoded = (maxDecoded + 2) / 3 * 4;
    if (value.size() > 2 * maxEncoded)
        return PkiError {PkiErrorKind::Malformed,
            QStringLiteral("The Mdm-Signature header is too large (%1 bytes)").arg(value.size())};
    QByteArray compact;
    compact.reserve(value.size());
    for (const char c : value) {
        if (!isBase64Whitespace(c))
            compact.append(c);
    }
    if (compact.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The Mdm-Signature header is missing or empty")};
    if (compact.size() > maxEncoded)
        return PkiError {PkiErrorKind::Malformed,
            QStringLiteral("The Mdm-Signature header is too large (%1 base64 characters)").arg(compact.size())};
    // Devices use the standard alphabet with padding; anything else is not a device talking.
    if (compact.size() % 4 != 0)
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The Mdm-Signature header is not padded base64")};
    auto decoded
        = QByteArray::fromBase64Encoding(compact, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The Mdm-Signature header is not valid base64")};
    return std::move(decoded.decoded);
}

bool isAcceptedDigest(int nid)
{
    // SHA-1 stays accepted: devices still sign with it, and the signer is identified by the
    // certificate, which the MDM layer checks separately.
    return nid == NID_sha1 || nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512;
}

PkiStatus verifyChain(
    X509* signer, STACK_OF(X509) * untrusted, const QList<Certificate>& anchors, const QDateTime& when)
{
    X509StorePtr store(X509_STORE_new());
    X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!store || !context)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a certificate store"));
    for (const Certificate& anchor : anchors) {
        if (!anchor.isNull() && !X509_STORE_add_cert(store.get(), anchor.native()))
            clearErrors(); // the same anchor twice: harmless
    }
    if (!X509_STORE_CTX_init(context.get(), store.get(), signer, untrusted))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot prepare the chain verification"));
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    // The caller trusts exactly the anchors it passed, which may be the issuing intermediate.
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    if (when.isValid())
        X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(when.toSecsSinceEpoch()));
    // Device identity certificates carry clientAuth only; CMS's default S/MIME purpose would
    // refuse them, so check the chain for any purpose (CA constraints still apply).
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_ANY);
    if (X509_verify_cert(context.get()) == 1)
        return {};
    const int code = X509_STORE_CTX_get_error(context.get());
    clearErrors();
    const QString reason = QString::fromUtf8(X509_verify_cert_error_string(code));
    const bool expired = code == X509_V_ERR_CERT_HAS_EXPIRED || code == X509_V_ERR_CERT_NOT_YET_VALID;
    return PkiError {expired ? PkiErrorKind::Expired : PkiErrorKind::UntrustedChain,
        QStringLiteral("The signer certificate is not trusted: %1").arg(reason)};
}

} // namespace

CmsVerifier::CmsVerifier(const QList<Certificate>& trustAnchors) : m_trustAnchors(trustAnchors), m_verifyChain(true)
{
}

PkiResult<VerifiedSignature> CmsVerifier::verifyMdmSignature(
    const QByteArray& headerValue, const QByteArray& body) const
{
    auto decoded = decodeHeader(headerValue, m_maxSignatureSize);
    if (!decoded)
        return decoded.error();
    if (decoded->size() > m_maxSignatureSize)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("The Mdm-Signature is too large (%1 bytes)").arg(decoded->size())};
    return verify(*decoded, &body);
}

PkiResult<VerifiedSignature> CmsVerifier::verifyDetached(const QByteArray& signature, const QByteArray& content) const
{
    if (signature.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The signature is empty")};
    if (signature.size() > m_maxSignatureSize)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("The signature is too large (%1 bytes)").arg(signature.size())};
    return verify(signature, &content);
}

PkiResult<VerifiedSignature> CmsVerifier::verifyAttached(const QByteArray& signedData) const
{
    if (signedData.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The signed data is empty")};
    if (signedData.size() > m_maxAttachedSize)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("The signed data is too large (%1 bytes)").arg(signedData.size())};
    return verify(signedData, nullptr);
}

PkiResult<VerifiedSignature> CmsVerifier::verify(const QByteArray& bytes, const QByteArray* detachedContent) const
{
    clearErrors();
    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.constData());
    const unsigned char* cursor = begin;
    // d2i reads BER, so the indefinite-length encodings devices send parse as well as DER.
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(bytes.size())));
    if (!cms)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a CMS structure"));
    if (cursor != begin + bytes.size())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("Trailing bytes after the CMS structure")};
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The CMS structure is not a SignedData")};

    const bool detached = CMS_is_detached(cms.get()) == 1;
    if (detachedContent && !detached)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("Expected a detached signature, got attached content")};
    if (!detachedContent && detached)
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The SignedData carries no content")};

    STACK_OF(CMS_SignerInfo)* signerInfos = CMS_get0_SignerInfos(cms.get());
    const int signerCount = signerInfos ? sk_CMS_SignerInfo_num(signerInfos) : 0;
    if (signerCount != 1)
        return PkiError {PkiErrorKind::Malformed,
            QStringLiteral("The SignedData has %1 signers; exactly one is accepted").arg(signerCount)};

    X509_ALGOR* digestAlgorithm = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(signerInfos, 0), nullptr, nullptr, &digestAlgorithm, nullptr);
    const ASN1_OBJECT* digestOid = nullptr;
    if (digestAlgorithm)
        X509_ALGOR_get0(&digestOid, nullptr, nullptr, digestAlgorithm);
    const int digestNid = digestOid ? OBJ_obj2nid(digestOid) : NID_undef;
    if (!isAcceptedDigest(digestNid))
        return PkiError {PkiErrorKind::UnsupportedAlgorithm,
            QStringLiteral("Unsupported signature digest %1")
                .arg(
                    digestNid == NID_undef ? QStringLiteral("(unknown)") : QString::fromLatin1(OBJ_nid2sn(digestNid)))};

    BioPtr content = detachedContent ? memoryBio(*detachedContent) : nullptr;
    BioPtr out = memoryBio();
    if ((detachedContent && !content) || !out)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a memory BIO"));
    // The signature is checked with the certificate inside the CMS only (CMS_NO_SIGNER_CERT_VERIFY):
    // the chain, when wanted, is checked below with a purpose that suits device certificates.
    // CMS_BINARY: the bytes are compared as they are, without MIME line-ending conversion.
    const unsigned int flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY;
    if (CMS_verify(cms.get(), nullptr, nullptr, content.get(), out.get(), flags) != 1)
        return error(PkiErrorKind::BadSignature, QStringLiteral("The signature does not verify"));

    ShallowX509StackPtr signers(CMS_get0_signers(cms.get()));
    X509* signer = signers && sk_X509_num(signers.get()) == 1 ? sk_X509_value(signers.get(), 0) : nullptr;
    if (!signer)
        return error(PkiErrorKind::BadSignature, QStringLiteral("The signer certificate is missing"));

    X509StackPtr certificates(CMS_get1_certs(cms.get()));
    if (m_verifyChain) {
        PkiStatus chain = verifyChain(signer, certificates.get(), m_trustAnchors, m_verificationTime);
        if (!chain)
            return chain.error();
    }

    VerifiedSignature result;
    result.signer = Certificate::share(signer);
    const int certificateCount = certificates ? sk_X509_num(certificates.get()) : 0;
    for (int i = 0; i < certificateCount; ++i)
        result.certificates.append(Certificate::share(sk_X509_value(certificates.get(), i)));
    result.digest = QString::fromLatin1(OBJ_nid2sn(digestNid));
    if (!detachedContent)
        result.content = contents(out.get());
    clearErrors();
    return result;
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/PkiMessage.h"

#include "core/scep/ScepOids.h"

namespace quince::scep {

using namespace pki::ossl;

namespace {

// RFC 8894 does not bound these; real clients send a hex or base64 hash (transactionID) and
// 16 bytes (nonces). Generous limits keep hostile values out of logs and the replay cache.
constexpr int kMaxTransactionIdLength = 128;
constexpr int kMinNonceLength = 8;
constexpr int kMaxNonceLength = 64;

struct Pkcs7SignerStackDeleter {
    // PKCS7_get0_signers returns a stack that the caller frees, of certificates it does not own.
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using BorrowedX509Stack = std::unique_ptr<STACK_OF(X509), Pkcs7SignerStackDeleter>;

PKCS7_SIGNER_INFO* firstSigner(PKCS7* pkcs7)
{
    STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(pkcs7);
    return infos && sk_PKCS7_SIGNER_INFO_num(infos) == 1 ? sk_PKCS7_SIGNER_INFO_value(infos, 0) : nullptr;
}

bool isStringType(int type)
{
    return type == V_ASN1_PRINTABLESTRING || type == V_ASN1_UTF8STRING || type == V_ASN1_IA5STRING;
}

/// A string attribute's bytes if it is one of the string types clients use; nullopt otherwise.
std::optional<QByteArray> stringAttribute(PKCS7_SIGNER_INFO* signer, int nid)
{
    const ASN1_TYPE* value = PKCS7_get_signed_attribute(signer, nid);
    if (!value || !isStringType(value->type))
        return std::nullopt;
    const ASN1_STRING* text = value->value.asn1_string;
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)), ASN1_STRING_length(text));
}

bool isPrintableAscii(const QByteArray& bytes)
{
    for (const char c : bytes) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

} // namespace

QString forLog(const QString& untrusted)
{
    QString result;
    for (const QChar c : untrusted.left(kMaxTransactionIdLength)) {
        result.append(c.isPrint() ? c : QLatin1Char('?'));
    }
    return result;
}

PkiMessage::PkiMessage(Pkcs7Ptr pkcs7) : m_pkcs7(pkcs7.release(), PKCS7_free)
{
}

Result<PkiMessage, QString> PkiMessage::parse(const QByteArray& der)
{
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &data, static_cast<long>(der.size())));
    clearErrors();
    if (!pkcs7)
        return QStringLiteral("not a PKCS#7 structure");
    if (data != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return QStringLiteral("trailing bytes after the PKCS#7 structure");
    if (!PKCS7_type_is_signed(pkcs7.get()))
        return QStringLiteral("PKCS#7 is not SignedData");

    PKCS7_SIGNER_INFO* signer = firstSigner(pkcs7.get());
    if (!signer)
        return QStringLiteral("SignedData must have exactly one signer");

    const ScepOids& oids = ScepOids::get();
    if (!oids.valid())
        return QStringLiteral("SCEP attribute identifiers unavailable");

    PkiMessage message(std::move(pkcs7));

    const std::optional<QByteArray> transactionId = stringAttribute(signer, oids.transactionId);
    if (!transactionId || transactionId->isEmpty() || transactionId->size() > kMaxTransactionIdLength
        || !isPrintableAscii(*transactionId))
        return QStringLiteral("missing or malformed transactionID");
    message.m_transactionId = QString::fromLatin1(*transactionId);

    const ASN1_TYPE* nonce = PKCS7_get_signed_attribute(signer, oids.senderNonce);
    if (!nonce || nonce->type != V_ASN1_OCTET_STRING)
        return QStringLiteral("missing or malformed senderNonce");
    const ASN1_OCTET_STRING* nonceBytes = nonce->value.octet_string;
    const int nonceLength = ASN1_STRING_length(nonceBytes);
    if (nonceLength < kMinNonceLength || nonceLength > kMaxNonceLength)
        return QStringLiteral("senderNonce length out of range");
    message.m_senderNonce = QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(nonceBytes)), nonceLength);

    // From here on the message can be answered, so problems become CertRep failures.
    if (const std::optional<QByteArray> type = stringAttribute(signer, oids.messageType)) {
        bool ok = false;
        const int number = type->toInt(&ok);
        if (ok && type->size() <= 3)
            message.m_messageType = number;
    }

    if (const ASN1_TYPE* time = PKCS7_get_signed_attribute(signer, NID_pkcs9_signingTime)) {
        struct tm parts = {};
        if ((time->type == V_ASN1_UTCTIME || time->type == V_ASN1_GENERALIZEDTIME)
            && ASN1_TIME_to_tm(time->value.utctime, &parts) == 1)
            message.m_signingTime = QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
    }

    X509_ALGOR* digest = nullptr;
    PKCS7_SIGNER_INFO_get0_algs(signer, nullptr, &digest, nullptr);
    if (digest) {
        const ASN1_OBJECT* algorithm = nullptr;
        X509_ALGOR_get0(&algorithm, nullptr, nullptr, digest);
        message.m_digestNid = OBJ_obj2nid(algorithm);
    }
    clearErrors();
    return message;
}

bool PkiMessage::digestAccepted() const
{
    // SHA-1 stays accepted for the older Apple and network-device clients that still sign with
    // it; MD5 and anything unknown is badAlg.
    switch (m_digestNid) {
    case NID_sha1:
    case NID_sha256:
    case NID_sha384:
    case NID_sha512:
        return true;
    default:
        return false;
    }
}

pki::Certificate PkiMessage::signer() const
{
    BorrowedX509Stack signers(PKCS7_get0_signers(m_pkcs7.get(), nullptr, 0));
    clearErrors();
    if (!signers || sk_X509_num(signers.get()) != 1)
        return {};
    return pki::Certificate::share(sk_X509_value(signers.get(), 0));
}

Result<QByteArray, Rejection> PkiMessage::verify() const
{
    if (!digestAccepted())
        return Rejection {FailInfo::BadAlg,
            QStringLiteral("unsupported digest algorithm %1").arg(QString::fromLatin1(OBJ_nid2sn(m_digestNid)))};
    if (signer().isNull())
        return Rejection {FailInfo::BadMessageCheck, QStringLiteral("the signer certificate is not in the message")};
    if (PKCS7_get_detached(m_pkcs7.get()))
        return Rejection {FailInfo::BadRequest, QStringLiteral("the SignedData has no content")};

    clearErrors();
    BioPtr out = memoryBio();
    // NOVERIFY: the signer certificate is judged by the caller (self-signed for PKCSReq, issued
    // by our CA for RenewalReq); here only the signature and messageDigest are checked.
    if (PKCS7_verify(m_pkcs7.get(), nullptr, nullptr, nullptr, out.get(), PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
        const QString details = takeErrors();
        return Rejection {FailInfo::BadMessageCheck, QStringLiteral("signature does not verify: ") + details};
    }
    return contents(out.get());
}

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/CertRep.h"

#include "core/pki/OpenSsl.h"
#include "core/scep/ScepOids.h"

#include <openssl/rand.h>

namespace quince::scep {

using namespace pki::ossl;
using pki::PkiError;
using pki::PkiErrorKind;

namespace {

constexpr int kSenderNonceBytes = 16;

using Asn1StringPtr = std::unique_ptr<ASN1_STRING, Deleter<ASN1_STRING_free>>;

/// Adds a signed attribute whose value is an ASN1_STRING of type; the signer info takes it.
bool addStringAttribute(PKCS7_SIGNER_INFO* signer, int nid, int type, const QByteArray& bytes)
{
    Asn1StringPtr value(ASN1_STRING_type_new(type));
    if (!value || !ASN1_STRING_set(value.get(), bytes.constData(), static_cast<int>(bytes.size())))
        return false;
    if (!PKCS7_add_signed_attribute(signer, nid, type, value.get()))
        return false;
    (void)value.release(); // owned by the attribute now
    return true;
}

const EVP_MD* digestFor(int nid)
{
    switch (nid) {
    case NID_sha1:
        return EVP_sha1();
    case NID_sha384:
        return EVP_sha384();
    case NID_sha512:
        return EVP_sha512();
    default:
        return EVP_sha256();
    }
}

} // namespace

pki::PkiResult<QByteArray> CertRep::sign(const pki::Certificate& signer, const pki::PrivateKey& key) const
{
    const ScepOids& oids = ScepOids::get();
    if (!oids.valid())
        return PkiError {PkiErrorKind::Internal, QStringLiteral("SCEP attribute identifiers unavailable")};
    if (signer.isNull() || key.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("no SCEP signer configured")};

    clearErrors();
    Pkcs7Ptr pkcs7(PKCS7_sign(nullptr, nullptr, nullptr, nullptr, PKCS7_PARTIAL | PKCS7_BINARY));
    if (!pkcs7)
        return error(PkiErrorKind::Internal, QStringLiteral("cannot start the CertRep"));
    // Adds the signer certificate to the message and the contentType attribute; no S/MIME
    // capabilities, which mean nothing to a SCEP client.
    PKCS7_SIGNER_INFO* info
        = PKCS7_sign_add_signer(pkcs7.get(), signer.native(), key.native(), digestFor(digestNid), PKCS7_NOSMIMECAP);
    if (!info)
        return error(PkiErrorKind::Internal, QStringLiteral("cannot add the CertRep signer"));

    QByteArray senderNonce(kSenderNonceBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(senderNonce.data()), kSenderNonceBytes) != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("no randomness for the senderNonce"));

    bool added = addStringAttribute(info, oids.messageType, V_ASN1_PRINTABLESTRING,
                     QByteArray::number(static_cast<int>(MessageType::CertRep)))
        && addStringAttribute(
            info, oids.pkiStatus, V_ASN1_PRINTABLESTRING, QByteArray::number(static_cast<int>(status)))
        && addStringAttribute(info, oids.transactionId, V_ASN1_PRINTABLESTRING, transactionId.toLatin1())
        && addStringAttribute(info, oids.recipientNonce, V_ASN1_OCTET_STRING, recipientNonce)
        && addStringAttribute(info, oids.senderNonce, V_ASN1_OCTET_STRING, senderNonce);
    if (added && status == PkiStatus::Failure)
        added = addStringAttribute(info, oids.failInfo, V_ASN1_PRINTABLESTRING,
            QByteArray::number(static_cast<int>(failInfo.value_or(FailInfo::BadRequest))));
    if (!added)
        return error(PkiErrorKind::Internal, QStringLiteral("cannot add the CertRep attributes"));

    // RFC 8894: without SUCCESS there is no pkcsPKIEnvelope, so the content is omitted (the
    // signature then covers the empty content).
    if (status != PkiStatus::Success)
        PKCS7_set_detached(pkcs7.get(), 1);
    BioPtr content = memoryBio(envelope);
    if (PKCS7_final(pkcs7.get(), content.get(), PKCS7_BINARY) != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("cannot sign the CertRep"));
    const QByteArray der = toDer(pkcs7.get(), i2d_PKCS7);
    if (der.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("cannot encode the CertRep"));
    return der;
}

pki::PkiResult<QByteArray> certificatesOnly(const QList<pki::Certificate>& certificates)
{
    clearErrors();
    Pkcs7Ptr pkcs7(PKCS7_new());
    if (!pkcs7 || !PKCS7_set_type(pkcs7.get(), NID_pkcs7_signed))
        return error(PkiErrorKind::Internal, QStringLiteral("cannot build a certificates-only PKCS#7"));
    // The degenerate form: content type data with the content absent, no signers.
    if (!PKCS7_content_new(pkcs7.get(), NID_pkcs7_data))
        return error(PkiErrorKind::Internal, QStringLiteral("cannot build a certificates-only PKCS#7"));
    PKCS7_set_detached(pkcs7.get(), 1);
    for (const pki::Certificate& certificate : certificates) {
        if (certificate.isNull() || !PKCS7_add_certificate(pkcs7.get(), certificate.native()))
            return error(PkiErrorKind::InvalidArgument, QStringLiteral("cannot add a certificate to the PKCS#7"));
    }
    const QByteArray der = toDer(pkcs7.get(), i2d_PKCS7);
    if (der.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("cannot encode the certificates-only PKCS#7"));
    return der;
}

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CmsSigner.h"

#include "core/pki/OpenSsl.h"

namespace quince::pki {

using namespace ossl;

namespace {

/// Encodes with indefinite lengths wherever CMS allows them, as devices do. (Streaming with
/// CMS_STREAM would also give indefinite lengths, but it always embeds the content, so the
/// finished detached structure is encoded with the same NDEF encoder instead.)
QByteArray toIndefiniteBer(const CMS_ContentInfo* cms)
{
    const auto* value = reinterpret_cast<const ASN1_VALUE*>(cms);
    const int length = ASN1_item_ndef_i2d(value, nullptr, ASN1_ITEM_rptr(CMS_ContentInfo));
    if (length <= 0)
        return {};
    QByteArray ber(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(ber.data());
    if (ASN1_item_ndef_i2d(value, &out, ASN1_ITEM_rptr(CMS_ContentInfo)) != length)
        return {};
    return ber;
}

} // namespace

PkiResult<CmsSigner> CmsSigner::create(
    const Certificate& certificate, const PrivateKey& key, const QList<Certificate>& chain)
{
    if (certificate.isNull() || key.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("A signer needs a certificate and a key")};
    const PrivateKey::Type type = key.type();
    if (type != PrivateKey::Type::Rsa && type != PrivateKey::Type::EcP256)
        return PkiError {PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("Signer keys must be RSA or EC P-256")};
    if (!certificate.matches(key))
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The signing key does not belong to %1").arg(certificate.subject())};
    for (const Certificate& link : chain) {
        if (link.isNull())
            return PkiError {
                PkiErrorKind::InvalidArgument, QStringLiteral("The signer chain holds a null certificate")};
    }
    CmsSigner signer;
    signer.m_certificate = certificate;
    signer.m_key = key;
    signer.m_chain = chain;
    return signer;
}

PkiResult<QByteArray> CmsSigner::signAttached(const QByteArray& content) const
{
    return sign(content, false, Digest::Sha256, Encoding::Der);
}

PkiResult<QByteArray> CmsSigner::signDetached(const QByteArray& content, Digest digest, Encoding encoding) const
{
    return sign(content, true, digest, encoding);
}

PkiResult<QByteArray> CmsSigner::sign(const QByteArray& content, bool detached, Digest digest, Encoding encoding) const
{
    if (isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("No signer identity")};
    clearErrors();

    // CMS_BINARY: a profile is signed byte for byte; without it OpenSSL would turn LF into CRLF
    // first and the device would see different bytes from the ones we meant to sign.
    // CMS_PARTIAL: the signer and its digest are added explicitly below instead of CMS_sign's
    // defaults.
    unsigned int flags = CMS_BINARY | CMS_PARTIAL;
    if (detached)
        flags |= CMS_DETACHED;

    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
    if (!cms)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot create a CMS SignedData"));

    const EVP_MD* md = digest == Digest::Sha1 ? EVP_sha1() : EVP_sha256();
    if (!CMS_add1_signer(cms.get(), m_certificate.native(), m_key.native(), md, flags))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot add the signer to the SignedData"));
    QList<Certificate> added {m_certificate};
    for (const Certificate& link : m_chain) {
        // A chain that repeats the signer or a certificate is tolerated; CMS wants one copy.
        if (added.contains(link))
            continue;
        if (!CMS_add1_cert(cms.get(), link.native()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add the signer chain to the SignedData"));
        added.append(link);
    }

    BioPtr in = memoryBio(content);
    if (!in)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a memory BIO"));

    if (!CMS_final(cms.get(), in.get(), nullptr, flags))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot sign the content"));
    QByteArray encoded
        = encoding == Encoding::IndefiniteBer ? toIndefiniteBer(cms.get()) : toDer(cms.get(), i2d_CMS_ContentInfo);
    if (encoded.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode the SignedData"));
    return encoded;
}

} // namespace quince::pki

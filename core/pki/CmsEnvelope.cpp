// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CmsEnvelope.h"

#include "core/pki/OpenSsl.h"

#include <openssl/objects.h>

namespace quince::pki {

using namespace ossl;

namespace {

bool isSupportedRecipientKey(const Certificate& certificate)
{
    EVP_PKEY* publicKey = X509_get0_pubkey(certificate.native());
    if (!publicKey)
        return false;
    if (EVP_PKEY_is_a(publicKey, "RSA"))
        return true;
    // ECDH key agreement in CMS: OpenSSL supports it for named curves; Apple devices use P-256.
    char group[64] = {};
    size_t groupLength = 0;
    return EVP_PKEY_is_a(publicKey, "EC") && EVP_PKEY_get_group_name(publicKey, group, sizeof group, &groupLength) == 1
        && qstrcmp(group, "prime256v1") == 0;
}

/// Whether one of the envelope's recipients names certificate (issuer and serial, or subject
/// key identifier), for key transport (RSA) and key agreement (ECDH) recipients alike.
bool isAddressedTo(CMS_ContentInfo* cms, const Certificate& certificate)
{
    STACK_OF(CMS_RecipientInfo)* recipients = CMS_get0_RecipientInfos(cms);
    const int count = recipients ? sk_CMS_RecipientInfo_num(recipients) : 0;
    for (int i = 0; i < count; ++i) {
        CMS_RecipientInfo* recipient = sk_CMS_RecipientInfo_value(recipients, i);
        switch (CMS_RecipientInfo_type(recipient)) {
        case CMS_RECIPINFO_TRANS:
            if (CMS_RecipientInfo_ktri_cert_cmp(recipient, certificate.native()) == 0)
                return true;
            break;
        case CMS_RECIPINFO_AGREE: {
            STACK_OF(CMS_RecipientEncryptedKey)* keys = CMS_RecipientInfo_kari_get0_reks(recipient);
            const int keyCount = keys ? sk_CMS_RecipientEncryptedKey_num(keys) : 0;
            for (int k = 0; k < keyCount; ++k) {
                if (CMS_RecipientEncryptedKey_cert_cmp(
                        sk_CMS_RecipientEncryptedKey_value(keys, k), certificate.native())
                    == 0)
                    return true;
            }
            break;
        }
        default:
            break; // password, KEK and other recipients never name a certificate
        }
    }
    return false;
}

} // namespace

PkiResult<QByteArray> CmsEnvelope::encrypt(const QByteArray& content, const QList<Certificate>& recipients)
{
    if (recipients.isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("An envelope needs at least one recipient")};
    clearErrors();
    X509StackPtr stack(sk_X509_new_null());
    if (!stack)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a certificate stack"));
    for (const Certificate& recipient : recipients) {
        if (recipient.isNull())
            return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("A recipient certificate is null")};
        if (!isSupportedRecipientKey(recipient))
            return PkiError {PkiErrorKind::UnsupportedAlgorithm,
                QStringLiteral("Cannot encrypt to %1: only RSA and EC P-256 recipients are supported")
                    .arg(recipient.subject())};
        if (!X509_up_ref(recipient.native()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot reference a recipient certificate"));
        if (!sk_X509_push(stack.get(), recipient.native())) {
            X509_free(recipient.native());
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add a recipient certificate"));
        }
    }

    BioPtr in = memoryBio(content);
    if (!in)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a memory BIO"));
    // CMS_BINARY: the payload content is a plist whose bytes must survive unchanged (no CRLF).
    CmsPtr cms(CMS_encrypt(stack.get(), in.get(), EVP_aes_256_cbc(), CMS_BINARY));
    if (!cms)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot encrypt the content"));
    QByteArray der = toDer(cms.get(), i2d_CMS_ContentInfo);
    if (der.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode the EnvelopedData"));
    return der;
}

PkiResult<QByteArray> CmsEnvelope::decrypt(
    const QByteArray& enveloped, const Certificate& recipient, const PrivateKey& key, qsizetype maxSize)
{
    if (recipient.isNull() || key.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Decryption needs a certificate and its key")};
    if (enveloped.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The EnvelopedData is empty")};
    if (enveloped.size() > maxSize)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("The EnvelopedData is too large (%1 bytes)").arg(enveloped.size())};
    if (!recipient.matches(key))
        return PkiError {
            PkiErrorKind::KeyMismatch, QStringLiteral("The key does not belong to %1").arg(recipient.subject())};

    clearErrors();
    const auto* begin = reinterpret_cast<const unsigned char*>(enveloped.constData());
    const unsigned char* cursor = begin;
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(enveloped.size())));
    if (!cms)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a CMS structure"));
    if (cursor != begin + enveloped.size())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("Trailing bytes after the CMS structure")};
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_enveloped)
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The CMS structure is not an EnvelopedData")};

    BioPtr out = memoryBio();
    if (!out)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a memory BIO"));
    // Passing the certificate makes OpenSSL pick the matching recipient and fail if the key does
    // not unwrap the content key (without it, OpenSSL decrypts with a random key to hide which
    // recipient failed, and the caller would only see garbage or a padding error).
    if (!isAddressedTo(cms.get(), recipient))
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The EnvelopedData is not addressed to %1").arg(recipient.subject())};
    if (CMS_decrypt(cms.get(), key.native(), recipient.native(), nullptr, out.get(), CMS_BINARY) != 1)
        return error(PkiErrorKind::Malformed, QStringLiteral("The EnvelopedData does not decrypt"));
    return contents(out.get());
}

} // namespace quince::pki

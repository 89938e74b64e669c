// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/Envelope.h"

#include "core/pki/OpenSsl.h"

namespace quince::scep {

using namespace pki::ossl;
using pki::PkiError;
using pki::PkiErrorKind;

namespace {

using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;

QString nidName(int nid)
{
    const char* name = OBJ_nid2sn(nid);
    return name ? QString::fromLatin1(name) : QStringLiteral("unknown");
}

/// The short name of a known algorithm, the dotted OID of an unknown one (for the log).
QString algorithmName(const ASN1_OBJECT* object)
{
    if (!object)
        return QStringLiteral("absent");
    const int nid = OBJ_obj2nid(object);
    if (nid != NID_undef)
        return nidName(nid);
    char dotted[80];
    return OBJ_obj2txt(dotted, sizeof dotted, object, 1) > 0 ? QString::fromLatin1(dotted) : QStringLiteral("unknown");
}

} // namespace

bool Envelope::isSupportedCipher(int cipherNid)
{
    switch (cipherNid) {
    case NID_aes_128_cbc:
    case NID_aes_192_cbc:
    case NID_aes_256_cbc:
    case NID_des_ede3_cbc:
    case NID_des_cbc:
        return true;
    default:
        return false;
    }
}

bool Envelope::canReceive(const pki::Certificate& certificate)
{
    const EVP_PKEY* key = certificate.isNull() ? nullptr : X509_get0_pubkey(certificate.native());
    clearErrors();
    return key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
}

Result<Envelope::Opened, Rejection> Envelope::open(
    const QByteArray& der, const pki::Certificate& recipient, const pki::PrivateKey& key)
{
    ensureProviders();
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &data, static_cast<long>(der.size())));
    clearErrors();
    if (!pkcs7 || !PKCS7_type_is_enveloped(pkcs7.get()) || !pkcs7->d.enveloped || !pkcs7->d.enveloped->enc_data)
        return Rejection {FailInfo::BadRequest, QStringLiteral("the signed content is not an EnvelopedData")};

    Opened opened;
    const X509_ALGOR* algorithm = pkcs7->d.enveloped->enc_data->algorithm;
    opened.cipherNid = algorithm ? OBJ_obj2nid(algorithm->algorithm) : NID_undef;
    if (!isSupportedCipher(opened.cipherNid))
        return Rejection {FailInfo::BadAlg,
            QStringLiteral("unsupported envelope cipher %1")
                .arg(algorithmName(algorithm ? algorithm->algorithm : nullptr))};

    // PKCS#7 (unlike CMS) only knows RSA key transport; say so as badAlg rather than letting the
    // decryption fail as if the message were corrupt.
    STACK_OF(PKCS7_RECIP_INFO)* recipients = pkcs7->d.enveloped->recipientinfo;
    for (int i = 0; recipients && i < sk_PKCS7_RECIP_INFO_num(recipients); ++i) {
        X509_ALGOR* keyAlgorithm = nullptr;
        PKCS7_RECIP_INFO_get0_alg(sk_PKCS7_RECIP_INFO_value(recipients, i), &keyAlgorithm);
        const ASN1_OBJECT* keyObject = keyAlgorithm ? keyAlgorithm->algorithm : nullptr;
        if (OBJ_obj2nid(keyObject) != NID_rsaEncryption)
            return Rejection {
                FailInfo::BadAlg, QStringLiteral("unsupported key transport %1").arg(algorithmName(keyObject))};
    }

    BioPtr out = memoryBio();
    if (PKCS7_decrypt(pkcs7.get(), key.native(), recipient.native(), out.get(), PKCS7_BINARY) != 1) {
        const QString details = takeErrors();
        return Rejection {FailInfo::BadMessageCheck, QStringLiteral("the envelope does not decrypt: ") + details};
    }
    opened.content = contents(out.get());
    return opened;
}

pki::PkiResult<QByteArray> Envelope::seal(const QByteArray& content, const pki::Certificate& recipient, int cipherNid)
{
    ensureProviders();
    if (!isSupportedCipher(cipherNid))
        return PkiError {
            PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("unsupported cipher ") + nidName(cipherNid)};
    if (!canReceive(recipient))
        return PkiError {PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("the recipient key is not RSA")};

    clearErrors();
    // Fetched by name, so single DES comes from the legacy provider.
    EvpCipherPtr cipher(EVP_CIPHER_fetch(nullptr, OBJ_nid2sn(cipherNid), nullptr));
    if (!cipher)
        return error(PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("cipher unavailable: ") + nidName(cipherNid));

    X509StackPtr recipients(sk_X509_new_null());
    if (!recipients || !X509_up_ref(recipient.native()))
        return error(PkiErrorKind::Internal, QStringLiteral("no memory for the recipient list"));
    if (!sk_X509_push(recipients.get(), recipient.native())) {
        X509_free(recipient.native());
        return error(PkiErrorKind::Internal, QStringLiteral("no memory for the recipient list"));
    }

    BioPtr in = memoryBio(content);
    Pkcs7Ptr envelope(PKCS7_encrypt(recipients.get(), in.get(), cipher.get(), PKCS7_BINARY));
    if (!envelope)
        return error(PkiErrorKind::Internal, QStringLiteral("cannot build the EnvelopedData"));
    const QByteArray der = toDer(envelope.get(), i2d_PKCS7);
    if (der.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("cannot encode the EnvelopedData"));
    return der;
}

} // namespace quince::scep

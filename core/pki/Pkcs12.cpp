// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/Pkcs12.h"

#include "core/pki/OpenSsl.h"

namespace quince::pki {

using namespace ossl;

PkiResult<QByteArray> Pkcs12::create(const PrivateKey& key, const Certificate& certificate,
    const QList<Certificate>& chain, const QString& password, const QString& friendlyName)
{
    if (key.isNull() || certificate.isNull())
        return PkiError {
            PkiErrorKind::InvalidArgument, QStringLiteral("A PKCS#12 identity needs a key and a certificate")};
    if (password.isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("A PKCS#12 identity needs a password")};
    if (!certificate.matches(key)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch, QStringLiteral("The certificate does not belong to the key")};
    }
    clearErrors();
    X509StackPtr extra(sk_X509_new_null());
    if (!extra)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate the chain"));
    for (const Certificate& cert : chain) {
        if (cert.isNull() || !X509_up_ref(cert.native()))
            return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The chain holds a null certificate")};
        if (!sk_X509_push(extra.get(), cert.native())) {
            X509_free(cert.native());
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot build the chain"));
        }
    }
    const QByteArray pass = password.toUtf8();
    const QByteArray name = friendlyName.toUtf8();
    // mac_iter -1 skips PKCS12_create's MAC, which would be SHA-1; the SHA-256 MAC is set next.
    Pkcs12Ptr p12(PKCS12_create_ex(pass.constData(), name.isEmpty() ? nullptr : name.constData(), key.native(),
        certificate.native(), extra.get(), NID_aes_256_cbc, NID_aes_256_cbc, iterations, -1, 0, nullptr, nullptr));
    if (!p12)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot create the PKCS#12 structure"));
    if (!PKCS12_set_mac(
            p12.get(), pass.constData(), static_cast<int>(pass.size()), nullptr, 0, iterations, EVP_sha256()))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot add the PKCS#12 MAC"));
    const QByteArray der = ossl::toDer(p12.get(), i2d_PKCS12);
    if (der.isEmpty())
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode the PKCS#12 structure"));
    return der;
}

PkiResult<Pkcs12::Contents> Pkcs12::parse(const QByteArray& der, const QString& password)
{
    // Files exported by older systems use RC2-40 or 3DES: the legacy provider opens them.
    ensureProviders();
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &data, static_cast<long>(der.size())));
    if (!p12)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a PKCS#12 file"));
    if (data != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("Trailing bytes after the PKCS#12 file")};

    QByteArray pass = password.toUtf8();
    // An empty password is encoded either as no password or as an empty string: try both, as
    // the openssl command does.
    const char* passData = pass.constData();
    if (PKCS12_mac_present(p12.get())) {
        bool verified = PKCS12_verify_mac(p12.get(), passData, static_cast<int>(pass.size())) == 1;
        if (!verified && pass.isEmpty()) {
            verified = PKCS12_verify_mac(p12.get(), nullptr, 0) == 1;
            if (verified)
                passData = nullptr;
        }
        if (!verified) {
            clearErrors();
            return PkiError {PkiErrorKind::WrongPassword, QStringLiteral("Wrong password for the PKCS#12 file")};
        }
    }

    EVP_PKEY* rawKey = nullptr;
    X509* rawCert = nullptr;
    STACK_OF(X509)* rawChain = nullptr;
    const int parsed = PKCS12_parse(p12.get(), passData, &rawKey, &rawCert, &rawChain);
    EvpPkeyPtr key(rawKey);
    X509Ptr cert(rawCert);
    X509StackPtr chain(rawChain);
    if (!parsed) {
        // With a verified MAC the password is right, so a failure is the content's fault.
        const bool macPresent = PKCS12_mac_present(p12.get()) == 1;
        return error(macPresent ? PkiErrorKind::Malformed : PkiErrorKind::WrongPassword,
            macPresent ? QStringLiteral("Cannot read the PKCS#12 contents")
                       : QStringLiteral("Cannot decrypt the PKCS#12 file (wrong password?)"));
    }
    if (!key || !cert)
        return PkiError {
            PkiErrorKind::Malformed, QStringLiteral("The PKCS#12 file holds no private key and certificate")};

    Contents contents;
    contents.key = PrivateKey::adopt(key.release());
    contents.certificate = Certificate::adopt(cert.release());
    if (!contents.certificate.matches(contents.key)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch, QStringLiteral("The PKCS#12 certificate does not match its key")};
    }
    while (chain && sk_X509_num(chain.get()) > 0)
        contents.chain.append(Certificate::adopt(sk_X509_shift(chain.get())));
    return contents;
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/PrivateKey.h"

#include "core/pki/OpenSsl.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

namespace quince::pki {

using namespace ossl;

PrivateKey PrivateKey::adopt(EVP_PKEY* key)
{
    PrivateKey result;
    if (key)
        result.m_key.reset(key, EVP_PKEY_free);
    return result;
}

PkiResult<PrivateKey> PrivateKey::generateRsa(int bits)
{
    if (bits < 2048 || bits > 8192)
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("RSA keys must have 2048 to 8192 bits")};
    EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!key)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot generate an RSA key"));
    return adopt(key);
}

PkiResult<PrivateKey> PrivateKey::generateEcP256()
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot generate a P-256 key"));
    return adopt(key);
}

PkiResult<PrivateKey> PrivateKey::fromPem(const QByteArray& pem, const QByteArray& passphrase)
{
    clearErrors();
    BioPtr bio = memoryBio(pem);
    // A non-null (possibly empty) passphrase keeps OpenSSL from prompting on a terminal.
    QByteArray password = passphrase;
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, password.data());
    if (!key) {
        const bool encrypted = pem.contains("ENCRYPTED");
        return error(encrypted ? PkiErrorKind::WrongPassword : PkiErrorKind::Malformed,
            encrypted ? QStringLiteral("Cannot decrypt the private key (wrong passphrase?)")
                      : QStringLiteral("Not a PEM private key"));
    }
    return adopt(key);
}

PkiResult<PrivateKey> PrivateKey::fromDer(const QByteArray& der)
{
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &data, static_cast<long>(der.size()));
    if (!key)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a DER private key"));
    return adopt(key);
}

PrivateKey::Type PrivateKey::type() const
{
    if (!m_key)
        return Type::Null;
    if (EVP_PKEY_is_a(m_key.get(), "RSA"))
        return Type::Rsa;
    if (EVP_PKEY_is_a(m_key.get(), "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(m_key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length)
            && QByteArray(group) == "prime256v1")
            return Type::EcP256;
    }
    return Type::Other;
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QByteArray PrivateKey::toPkcs8Der() const
{
    if (!m_key)
        return {};
    BioPtr bio = memoryBio();
    if (!i2d_PKCS8PrivateKey_bio(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return contents(bio.get());
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio = memoryBio();
    if (!PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return contents(bio.get());
}

QByteArray PrivateKey::publicKeyDer() const
{
    return m_key ? toDer(m_key.get(), i2d_PUBKEY) : QByteArray();
}

} // namespace quince::pki

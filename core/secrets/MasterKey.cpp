// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/MasterKey.h"

#include "core/secrets/OpenSslSupport.h"

#include <QObject>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace quince::secrets {

namespace {
// Versioned label: a later key-id scheme gets a new label and cannot collide with this one.
constexpr char kKeyIdLabel[] = "quince master key id v1";
} // namespace

MasterKey::MasterKey(SecretBytes bytes, QByteArray keyId) : m_key(std::move(bytes)), m_keyId(std::move(keyId))
{
}

Result<MasterKey, SecretError> MasterKey::fromBytes(SecretBytes bytes)
{
    if (bytes.size() != size)
        return SecretError {SecretErrorKind::InvalidInput,
            QObject::tr("A master key must be %1 bytes long, not %2.").arg(size).arg(bytes.size())};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    // An HMAC keyed with the master key, not a plain hash of it: the id is public and must not
    // be usable to test guesses of the key faster than the cipher itself.
    if (!HMAC(EVP_sha256(), bytes.data(), static_cast<int>(bytes.size()),
            reinterpret_cast<const unsigned char*>(kKeyIdLabel), sizeof kKeyIdLabel - 1, digest, &digestLength))
        return SecretError {
            SecretErrorKind::CryptoFailure, QObject::tr("Computing the key id failed (%1).").arg(openSslErrorString())};
    QByteArray keyId(reinterpret_cast<const char*>(digest), keyIdSize);
    return MasterKey(std::move(bytes), std::move(keyId));
}

Result<MasterKey, SecretError> MasterKey::generate()
{
    auto bytes = SecretBytes::random(size);
    if (!bytes)
        return SecretError {
            SecretErrorKind::CryptoFailure, QObject::tr("The random generator failed (%1).").arg(openSslErrorString())};
    return fromBytes(std::move(*bytes));
}

QString MasterKey::keyIdHex() const
{
    return QString::fromLatin1(m_keyId.toHex());
}

} // namespace quince::secrets

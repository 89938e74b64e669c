// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/SecretStore.h"

#include "core/secrets/AesGcm.h"
#include "core/secrets/OpenSslSupport.h"

#include <QCryptographicHash>
#include <QObject>
#include <QtEndian>

#include <openssl/rand.h>

#include <limits>

namespace quince::secrets {

namespace {

constexpr QByteArrayView kMagic("QSS1");
constexpr QByteArrayView kMagicFamily("QSS");
constexpr qsizetype kMagicSize = 4;
constexpr qsizetype kKeyIdOffset = 4;
constexpr qsizetype kContextTagOffset = kKeyIdOffset + MasterKey::keyIdSize;
constexpr qsizetype kContextTagSize = 4;
constexpr qsizetype kNonceOffset = kContextTagOffset + kContextTagSize;
constexpr qsizetype kLengthOffset = kNonceOffset + AesGcm::nonceSize;
constexpr qsizetype kCiphertextOffset = kLengthOffset + 4;
static_assert(kCiphertextOffset == SecretStore::headerSize);
static_assert(SecretStore::overhead == SecretStore::headerSize + AesGcm::tagSize);

QByteArray contextTag(const QByteArray& context)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("quince sealed context v1\0", 25));
    hash.addData(context);
    return hash.result().left(kContextTagSize);
}

SecretError malformed(const QString& message)
{
    return SecretError {SecretErrorKind::Malformed, message};
}

} // namespace

SecretStore::SecretStore(MasterKey key) : m_key(std::move(key))
{
}

Result<QByteArray, SecretError> SecretStore::seal(QByteArrayView plaintext, const QString& context) const
{
    return sealWith(m_key, plaintext, context);
}

Result<SecretBytes, SecretError> SecretStore::open(QByteArrayView sealed, const QString& context) const
{
    return openWith(m_key, sealed, context);
}

Result<QByteArray, SecretError> SecretStore::sealWith(
    const MasterKey& key, QByteArrayView plaintext, const QString& context)
{
    if (context.isEmpty())
        return SecretError {SecretErrorKind::InvalidInput,
            QObject::tr("A secret must be sealed for a context (its purpose and owner), not for an empty one.")};
    if (plaintext.size() > std::numeric_limits<quint32>::max() - overhead)
        return SecretError {SecretErrorKind::InvalidInput, QObject::tr("The value is too large to seal.")};
    const QByteArray contextBytes = context.toUtf8();

    QByteArray sealed;
    sealed.reserve(overhead + plaintext.size());
    sealed.append(kMagic);
    sealed.append(key.keyId());
    sealed.append(contextTag(contextBytes));
    QByteArray nonce(AesGcm::nonceSize, Qt::Uninitialized);
    // A fresh 96-bit random nonce per seal: a collision is negligible below ~2^32 seals per key,
    // far beyond what a small office's server seals in its lifetime.
    if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), static_cast<int>(nonce.size())) != 1)
        return SecretError {
            SecretErrorKind::CryptoFailure, QObject::tr("The random generator failed (%1).").arg(openSslErrorString())};
    sealed.append(nonce);
    char length[4];
    qToBigEndian(static_cast<quint32>(plaintext.size()), length);
    sealed.append(length, sizeof length);

    const QByteArray associatedData = sealed + contextBytes;
    auto encrypted = AesGcm::encrypt(key.m_key.view(), nonce, associatedData, plaintext);
    if (!encrypted)
        return encrypted.error();
    sealed.append(encrypted->ciphertext);
    sealed.append(encrypted->tag);
    return sealed;
}

Result<SecretBytes, SecretError> SecretStore::openWith(
    const MasterKey& key, QByteArrayView sealed, const QString& context)
{
    if (context.isEmpty())
        return SecretError {SecretErrorKind::InvalidInput, QObject::tr("A sealed value is opened for a context.")};
    if (sealed.size() < kMagicSize || !sealed.startsWith(kMagicFamily))
        return malformed(QObject::tr("Not a sealed value (no QSS header)."));
    if (!sealed.startsWith(kMagic))
        return SecretError {SecretErrorKind::UnsupportedVersion,
            QObject::tr("The sealed value has format version '%1'; this version of Quince reads version 1.")
                .arg(QString::fromLatin1(sealed.sliced(3, 1).toByteArray().toHex()))};
    if (sealed.size() < overhead)
        return malformed(QObject::tr("The sealed value is truncated: %1 bytes, at least %2 expected.")
                             .arg(sealed.size())
                             .arg(overhead));
    const quint32 length = qFromBigEndian<quint32>(sealed.data() + kLengthOffset);
    if (quint64(length) + quint64(overhead) != quint64(sealed.size()))
        return malformed(QObject::tr("The sealed value is %1 bytes but its header announces %2: it was truncated or "
                                     "extended.")
                             .arg(sealed.size())
                             .arg(quint64(length) + quint64(overhead)));

    const QByteArrayView keyId = sealed.sliced(kKeyIdOffset, MasterKey::keyIdSize);
    if (keyId != key.keyId())
        return SecretError {SecretErrorKind::WrongKey,
            QObject::tr("The value was sealed under master key %1; this server holds master key %2.")
                .arg(QString::fromLatin1(keyId.toByteArray().toHex()), key.keyIdHex())};
    const QByteArray contextBytes = context.toUtf8();
    if (sealed.sliced(kContextTagOffset, kContextTagSize) != contextTag(contextBytes))
        return SecretError {SecretErrorKind::WrongContext,
            QObject::tr("The value was sealed for another purpose or owner than '%1' (copied from another row?).")
                .arg(context)};

    const QByteArray associatedData = sealed.first(headerSize).toByteArray() + contextBytes;
    return AesGcm::decrypt(key.m_key.view(), sealed.sliced(kNonceOffset, AesGcm::nonceSize), associatedData,
        sealed.sliced(kCiphertextOffset, length), sealed.last(AesGcm::tagSize));
}

bool SecretStore::looksSealed(QByteArrayView bytes)
{
    return bytes.startsWith(kMagicFamily) && bytes.size() >= kMagicSize;
}

std::optional<QByteArray> SecretStore::keyIdOf(QByteArrayView sealed)
{
    if (!sealed.startsWith(kMagic) || sealed.size() < overhead)
        return std::nullopt;
    return sealed.sliced(kKeyIdOffset, MasterKey::keyIdSize).toByteArray();
}

} // namespace quince::secrets

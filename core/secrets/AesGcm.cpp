// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/AesGcm.h"

#include "core/secrets/OpenSslSupport.h"

#include <QObject>

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace quince::secrets {

namespace {

struct CipherContextDeleter {
    void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

// EVP lengths are ints; feed larger inputs in pieces so a 2 GiB value cannot overflow them.
constexpr qsizetype kChunk = qsizetype(1) << 30;

const unsigned char* bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

SecretError cryptoFailure(const char* what)
{
    return SecretError {SecretErrorKind::CryptoFailure,
        QObject::tr("AES-256-GCM: %1 failed (%2).").arg(QLatin1StringView(what), openSslErrorString())};
}

std::optional<SecretError> checkSizes(QByteArrayView key, QByteArrayView nonce)
{
    if (key.size() != AesGcm::keySize || nonce.size() != AesGcm::nonceSize)
        return SecretError {SecretErrorKind::InvalidInput,
            QObject::tr("AES-256-GCM needs a 32-byte key and a 12-byte nonce (got %1 and %2 bytes).")
                .arg(key.size())
                .arg(nonce.size())};
    return std::nullopt;
}

bool feedAssociatedData(EVP_CIPHER_CTX* context, QByteArrayView associatedData, bool encrypting)
{
    int written = 0;
    for (qsizetype at = 0; at < associatedData.size(); at += kChunk) {
        const auto piece = associatedData.sliced(at, std::min(kChunk, associatedData.size() - at));
        const int ok = encrypting
            ? EVP_EncryptUpdate(context, nullptr, &written, bytes(piece), static_cast<int>(piece.size()))
            : EVP_DecryptUpdate(context, nullptr, &written, bytes(piece), static_cast<int>(piece.size()));
        if (ok != 1)
            return false;
    }
    return true;
}

} // namespace

Result<AesGcm::Sealed, SecretError> AesGcm::encrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView plaintext)
{
    if (auto error = checkSizes(key, nonce))
        return *error;
    CipherContext context(EVP_CIPHER_CTX_new());
    if (!context)
        return cryptoFailure("EVP_CIPHER_CTX_new");
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1)
        return cryptoFailure("EVP_EncryptInit_ex");
    if (!feedAssociatedData(context.get(), associatedData, true))
        return cryptoFailure("EVP_EncryptUpdate (associated data)");

    Sealed sealed;
    sealed.ciphertext.resize(plaintext.size());
    auto* out = reinterpret_cast<unsigned char*>(sealed.ciphertext.data());
    int written = 0;
    for (qsizetype at = 0; at < plaintext.size(); at += kChunk) {
        const auto piece = plaintext.sliced(at, std::min(kChunk, plaintext.size() - at));
        if (EVP_EncryptUpdate(context.get(), out + at, &written, bytes(piece), static_cast<int>(piece.size())) != 1)
            return cryptoFailure("EVP_EncryptUpdate");
    }
    // GCM is a stream mode: Final writes nothing, it only completes the tag.
    if (EVP_EncryptFinal_ex(context.get(), out + plaintext.size(), &written) != 1)
        return cryptoFailure("EVP_EncryptFinal_ex");
    sealed.tag.resize(tagSize);
    if (EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, tagSize, sealed.tag.data()) != 1)
        return cryptoFailure("EVP_CTRL_GCM_GET_TAG");
    return sealed;
}

Result<SecretBytes, SecretError> AesGcm::decrypt(QByteArrayView key, QByteArrayView nonce,
    QByteArrayView associatedData, QByteArrayView ciphertext, QByteArrayView tag)
{
    if (auto error = checkSizes(key, nonce))
        return *error;
    if (tag.size() != tagSize)
        return SecretError {
            SecretErrorKind::Malformed, QObject::tr("The authentication tag is %1 bytes, not 16.").arg(tag.size())};
    CipherContext context(EVP_CIPHER_CTX_new());
    if (!context)
        return cryptoFailure("EVP_CIPHER_CTX_new");
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1)
        return cryptoFailure("EVP_DecryptInit_ex");
    if (!feedAssociatedData(context.get(), associatedData, false))
        return cryptoFailure("EVP_DecryptUpdate (associated data)");

    SecretBytes plaintext(ciphertext.size());
    int written = 0;
    for (qsizetype at = 0; at < ciphertext.size(); at += kChunk) {
        const auto piece = ciphertext.sliced(at, std::min(kChunk, ciphertext.size() - at));
        if (EVP_DecryptUpdate(
                context.get(), plaintext.data() + at, &written, bytes(piece), static_cast<int>(piece.size()))
            != 1)
            return cryptoFailure("EVP_DecryptUpdate");
    }
    // The tag is set as a const input; OpenSSL's ctrl takes a non-const pointer, so copy it.
    QByteArray expectedTag = tag.toByteArray();
    if (EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, tagSize, expectedTag.data()) != 1)
        return cryptoFailure("EVP_CTRL_GCM_SET_TAG");
    // Final verifies the tag. On failure the plaintext buffer is wiped by its destructor:
    // unauthenticated plaintext never leaves this function.
    if (EVP_DecryptFinal_ex(context.get(), plaintext.data() + ciphertext.size(), &written) != 1) {
        clearOpenSslErrors();
        return SecretError {SecretErrorKind::Tampered,
            QObject::tr("The authentication tag does not verify: the sealed value was altered, or belongs to another "
                        "context or key.")};
    }
    return plaintext;
}

} // namespace quince::secrets

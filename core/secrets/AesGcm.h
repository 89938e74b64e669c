// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretBytes.h"
#include "core/secrets/SecretError.h"

#include <QByteArray>
#include <QByteArrayView>

namespace quince::secrets {

/// The AES-256-GCM primitive under SecretStore, over OpenSSL's EVP interface. Kept apart from
/// the sealed format so that tests can check it against the published GCM test vectors.
class AesGcm {
public:
    static constexpr qsizetype keySize = 32;
    static constexpr qsizetype nonceSize = 12; // 96 bits: GCM's native IV size, no GHASH of the IV
    static constexpr qsizetype tagSize = 16; // full-length tag; truncated tags weaken GCM quickly

    struct Sealed {
        QByteArray ciphertext;
        QByteArray tag;
    };

    /// Encrypts plaintext and authenticates it together with associatedData.
    /// The caller guarantees that a nonce is never used twice with the same key.
    static Result<Sealed, SecretError> encrypt(
        QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView plaintext);

    /// Decrypts and verifies; Tampered when the tag does not match (wrong key, altered
    /// ciphertext, altered associated data — GCM cannot tell which).
    static Result<SecretBytes, SecretError> decrypt(QByteArrayView key, QByteArrayView nonce,
        QByteArrayView associatedData, QByteArrayView ciphertext, QByteArrayView tag);
};

} // namespace quince::secrets

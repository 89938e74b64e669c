// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>

namespace quince::pki {

/// CMS EnvelopedData: a profile's payload content encrypted to device certificates
/// (EncryptedPayloadContent), and its decryption.
///
/// The content is encrypted with AES-256-CBC under a fresh key. The key reaches each recipient
/// by RSA key transport (PKCS#1 v1.5, which every Apple device decrypts) or, for an EC P-256
/// certificate, by ephemeral-static ECDH key agreement (OpenSSL's standard CMS ECDH).
class CmsEnvelope {
public:
    /// Upper bound of an EnvelopedData decrypt() accepts (a profile's payloads, with room).
    static constexpr qsizetype DefaultMaxSize = 16 * 1024 * 1024;

    /// Encrypts content to every recipient (DER). The content is encrypted byte for byte.
    static PkiResult<QByteArray> encrypt(const QByteArray& content, const QList<Certificate>& recipients);
    static PkiResult<QByteArray> encrypt(const QByteArray& content, const Certificate& recipient)
    {
        return encrypt(content, QList<Certificate> {recipient});
    }

    /// Decrypts an EnvelopedData (BER or DER) addressed to recipient, with recipient's key.
    /// Errors: Malformed (not an EnvelopedData, too large, or it does not decrypt: corrupted, or
    /// the key is not the one it was encrypted to), KeyMismatch (key does not belong to
    /// recipient, or recipient is not among the envelope's recipients).
    static PkiResult<QByteArray> decrypt(const QByteArray& enveloped, const Certificate& recipient,
        const PrivateKey& key, qsizetype maxSize = DefaultMaxSize);
};

} // namespace quince::pki

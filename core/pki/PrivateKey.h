// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/PkiError.h"

#include <QByteArray>

#include <openssl/types.h>

#include <memory>

namespace quince::pki {

/// An asymmetric private key (RSA or EC P-256). Copies share the key. The plaintext encodings
/// exist to be sealed by the SecretStore or handed to a cross-check; never store or log them.
class PrivateKey {
public:
    enum class Type { Null, Rsa, EcP256, Other };

    PrivateKey() = default;

    static PkiResult<PrivateKey> generateRsa(int bits = 3072);
    static PkiResult<PrivateKey> generateEcP256();
    /// PEM (PKCS#8, traditional RSA/EC, or encrypted PKCS#8 with passphrase).
    static PkiResult<PrivateKey> fromPem(const QByteArray& pem, const QByteArray& passphrase = {});
    /// DER: PKCS#8 or a traditional RSA/EC structure.
    static PkiResult<PrivateKey> fromDer(const QByteArray& der);

    bool isNull() const { return !m_key; }
    Type type() const;
    int bits() const;

    /// Unencrypted PKCS#8 DER (for sealing).
    QByteArray toPkcs8Der() const;
    /// Unencrypted PKCS#8 PEM (for tests and explicit exports).
    QByteArray toPem() const;
    /// The SubjectPublicKeyInfo of the public half (DER).
    QByteArray publicKeyDer() const;

    /// Borrowed pointer for core/pki internals; valid while a copy of this key lives.
    EVP_PKEY* native() const { return m_key.get(); }
    /// Takes ownership of key (nullptr gives a null key).
    static PrivateKey adopt(EVP_PKEY* key);

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

} // namespace quince::pki

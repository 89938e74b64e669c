// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretBytes.h"
#include "core/secrets/SecretError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace quince::secrets {

/// The 256-bit key every secret of a data directory is sealed under. Obtained once at startup
/// from a MasterKeyProvider and handed to the SecretStore by the composition root. Move-only;
/// the key bytes are wiped when the object goes away. Only SecretStore reads the bytes.
class MasterKey {
public:
    static constexpr qsizetype size = 32;
    static constexpr qsizetype keyIdSize = 8;

    /// Wraps 32 key bytes; InvalidInput for any other length.
    static Result<MasterKey, SecretError> fromBytes(SecretBytes bytes);
    /// A fresh random key from OpenSSL's CSPRNG; CryptoFailure if the generator fails.
    static Result<MasterKey, SecretError> generate();

    /// A public fingerprint of the key (HMAC-SHA-256 of a fixed label, first 8 bytes). Written
    /// into every sealed value so that, after a key rotation, the right key can be chosen and
    /// a value sealed under another key is reported as WrongKey rather than as tampering.
    QByteArray keyId() const { return m_keyId; }
    /// keyId() as 16 hex digits, for messages and the key file.
    QString keyIdHex() const;

private:
    friend class SecretStore;
    explicit MasterKey(SecretBytes bytes, QByteArray keyId);

    SecretBytes m_key;
    QByteArray m_keyId;
};

} // namespace quince::secrets

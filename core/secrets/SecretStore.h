// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretBytes.h"
#include "core/secrets/SecretError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace quince::secrets {

/// Seals private keys, UnlockTokens, bootstrap tokens and challenges with AES-256-GCM under the
/// master key, so that the database and its backups never hold them in plain text.
///
/// Sealed format, version 1 (all integers big-endian):
///
///     offset  size  field
///          0     4  magic "QSS1" (the digit is the format version)
///          4     8  key id (MasterKey::keyId) of the key that sealed it
///         12     4  context tag: first 4 bytes of SHA-256("quince sealed context v1\0" ‖ context)
///         16    12  random nonce
///         28     4  ciphertext length n
///         32     n  ciphertext
///       32+n    16  GCM tag
///
/// The associated data is bytes 0..31 followed by the UTF-8 context, so the header cannot be
/// altered and a value copied to another row ("enrollment/43/UnlockToken") does not open.
/// The context tag and the length are redundant with the GCM tag; they are there to turn the
/// common mistakes into precise errors (WrongContext, Malformed for a truncated column) instead
/// of a generic Tampered.
///
/// Every method is const and keeps no state between calls: one store can be used from the
/// network threads and the database writer at once.
class SecretStore {
public:
    static constexpr qsizetype headerSize = 32;
    static constexpr qsizetype overhead = headerSize + 16;

    explicit SecretStore(MasterKey key);

    /// Seals plaintext for context (what the value is and who owns it, e.g.
    /// "enrollment/42/UnlockToken"). InvalidInput for an empty context; CryptoFailure if
    /// OpenSSL's random generator fails. Two seals of the same input differ (random nonce).
    Result<QByteArray, SecretError> seal(QByteArrayView plaintext, const QString& context) const;

    /// Opens a sealed value. Malformed (not a sealed value, truncated, trailing bytes),
    /// UnsupportedVersion, WrongKey (sealed under another key id), WrongContext, Tampered.
    /// Hostile input of any length is an error, never a crash.
    Result<SecretBytes, SecretError> open(QByteArrayView sealed, const QString& context) const;

    /// The same format under a key the store does not own: for the key providers, which check a
    /// freshly derived key against the key file before handing it over.
    static Result<QByteArray, SecretError> sealWith(
        const MasterKey& key, QByteArrayView plaintext, const QString& context);
    static Result<SecretBytes, SecretError> openWith(
        const MasterKey& key, QByteArrayView sealed, const QString& context);

    /// The key id of the store's master key.
    QByteArray keyId() const { return m_key.keyId(); }

    /// Whether bytes start like a sealed value of any version (for migrations of old rows).
    static bool looksSealed(QByteArrayView bytes);
    /// The key id a sealed value names, if it is long enough to have one.
    static std::optional<QByteArray> keyIdOf(QByteArrayView sealed);

private:
    MasterKey m_key;
};

} // namespace quince::secrets

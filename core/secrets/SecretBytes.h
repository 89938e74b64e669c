// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>

namespace quince::secrets {

/// Bytes that must not outlive their use: a master key, an opened UnlockToken, a passphrase.
/// Move-only (a copy would be one more place to wipe) and zeroed with OPENSSL_cleanse when
/// destroyed or overwritten by a move. The buffer never reallocates, so no stale copy is left
/// behind in freed memory the way a growing QByteArray would leave one.
class SecretBytes {
public:
    SecretBytes() = default;
    /// size zero bytes, to be filled through data().
    explicit SecretBytes(qsizetype size);
    ~SecretBytes();

    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    /// A copy of bytes; the source stays as it was (the caller wipes it if it can).
    static SecretBytes copyOf(QByteArrayView bytes);
    /// Moves bytes in and wipes the QByteArray's buffer (when it is not shared with another
    /// QByteArray, which would have to be wiped by its own owner) and empties it.
    static SecretBytes takeFrom(QByteArray& bytes);
    /// size bytes from OpenSSL's CSPRNG, or nothing if the generator failed.
    static std::optional<SecretBytes> random(qsizetype size);

    unsigned char* data() { return m_data.get(); }
    const unsigned char* data() const { return m_data.get(); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return QByteArrayView(m_data.get(), m_size); }

    /// A plain QByteArray copy, for the few APIs that need one (QtKeychain, OpenSSL BIOs).
    /// The caller owns a secret then: pass it to wipe() when done.
    QByteArray toByteArray() const;

    /// Constant-time comparison (CRYPTO_memcmp): no timing hint about where two keys differ.
    bool operator==(const SecretBytes& other) const;

    /// Zeroes the buffer and makes this empty.
    void clear();

private:
    std::unique_ptr<unsigned char[]> m_data;
    qsizetype m_size = 0;
};

/// Zeroes bytes' buffer (if no other QByteArray shares it) and empties it. For the temporary
/// QByteArrays that carry secrets through Qt APIs.
void wipe(QByteArray& bytes);

} // namespace quince::secrets

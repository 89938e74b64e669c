// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/secrets/MasterKeyProvider.h"
#include "core/secrets/SecretBytes.h"

#include <chrono>
#include <optional>

namespace quince::secrets {

/// A random 256-bit master key kept in the OS keychain (Secret Service on Linux, Keychain on
/// macOS, Credential Manager on Windows) through QtKeychain, for the desktop console.
/// The key file in the data directory records only that the keychain holds the key and its
/// key id, so a keychain that lost the entry is reported instead of silently replaced by a
/// new key that opens nothing. There is no fallback: without a reachable keychain, obtain()
/// fails with KeyUnavailable (QtKeychain's plain-text "insecure fallback" stays off).
class KeychainKeyProvider final : public MasterKeyProvider {
public:
    /// The keychain service name every entry is filed under.
    static QString serviceName();
    /// The entry name for a data directory: one key per data directory.
    static QString accountFor(const QString& dataDirectory);

    /// keyFilePath: usually MasterKeyFile::pathIn(dataDirectory). timeout bounds each keychain
    /// round trip; a keychain waiting for the user to unlock it counts as unavailable after it.
    KeychainKeyProvider(QString keyFilePath, QString account,
        std::chrono::milliseconds timeout = std::chrono::seconds(20), QString service = serviceName());

    Result<MasterKey, SecretError> obtain() override;
    QString description() const override;

    /// Deletes the keychain entry (for tests and for "forget this data directory").
    Result<void, SecretError> removeEntry();

private:
    Result<std::optional<SecretBytes>, SecretError> readEntry();
    Result<void, SecretError> writeEntry(const SecretBytes& key);

    QString m_keyFilePath;
    QString m_account;
    std::chrono::milliseconds m_timeout;
    QString m_service;
};

} // namespace quince::secrets

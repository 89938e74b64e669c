// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/MasterKeyProvider.h"
#include "core/secrets/PassphraseSource.h"
#include "core/secrets/Scrypt.h"
#include "core/secrets/SecretError.h"

#include <QString>
#include <QStringView>

#include <chrono>
#include <memory>
#include <optional>

namespace quince::secrets {

/// Where the master key comes from, as chosen in settings or on the command line
/// (--key-source auto|keychain|passphrase).
enum class KeySource { Automatic, Keychain, Passphrase };

/// Which program asks: the desktop console has a user session with a keychain; the headless
/// server (quinced) and the CLI usually do not.
enum class KeyHost { Desktop, Headless };

/// Everything the composition root knows that bears on the master key.
struct MasterKeyOptions {
    QString dataDirectory;
    KeySource source = KeySource::Automatic;
    PassphraseSource::Options passphrase; ///< see PassphraseSource::standardOptions()
    ScryptParameters scrypt; ///< for a new passphrase key file
    std::chrono::milliseconds keychainTimeout = std::chrono::seconds(20);
};

/// Picks and builds the MasterKeyProvider for a data directory.
class MasterKeyProviderFactory {
public:
    /// "auto", "keychain", "passphrase" (case-insensitive), or nothing for another word.
    static std::optional<KeySource> parseKeySource(QStringView text);
    static QString keySourceName(KeySource source);

    /// Resolves Automatic: a data directory keeps the source it was created with (recorded in
    /// its key file); a new one uses the passphrase when a passphrase file is given, else the
    /// keychain on the desktop and the passphrase on a headless host. Malformed when the key
    /// file is damaged, so the choice is never made on a guess.
    static Result<KeySource, SecretError> resolve(KeyHost host, const MasterKeyOptions& options);

    /// The provider for resolve()'s choice.
    static Result<std::unique_ptr<MasterKeyProvider>, SecretError> create(
        KeyHost host, const MasterKeyOptions& options);
};

} // namespace quince::secrets

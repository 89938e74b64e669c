// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/Scrypt.h"
#include "core/secrets/SecretError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace quince::secrets {

/// The master key's public description in the data directory (master-key.json): which provider
/// holds the key and its key id; for a passphrase, the scrypt salt and parameters and a check
/// value sealed with the derived key, so a wrong passphrase is reported before any secret is
/// touched. The file holds nothing secret; it is still written owner-only, because the check
/// value lets whoever reads it test passphrase guesses offline.
class MasterKeyFile {
public:
    enum class Provider { Passphrase, Keychain };

    static constexpr int formatVersion = 1;
    /// A key file may not lower scrypt's cost below this (N = 2^10): the floor keeps a tampered
    /// or careless file from making the passphrase cheap to guess.
    static constexpr quint64 minimumScryptN = quint64(1) << 10;
    /// Key files larger than this are not ours (and are not read into memory).
    static constexpr qint64 maxFileSize = 64 * 1024;

    /// <dataDirectory>/master-key.json
    static QString pathIn(const QString& dataDirectory);

    /// The key file at path, or nothing if there is none. Malformed (with what is wrong) or
    /// UnsupportedVersion for a file that exists but cannot be used; the file is never changed.
    static Result<std::optional<MasterKeyFile>, SecretError> read(const QString& path);

    /// Writes atomically (QSaveFile) with owner-only permissions.
    Result<void, SecretError> write(const QString& path) const;

    Provider provider = Provider::Passphrase;
    QString keyIdHex;
    // Passphrase provider only:
    ScryptParameters scrypt;
    QByteArray salt;
    QByteArray checkValue;

    /// "passphrase" / "keychain", as stored in the file.
    static QString providerName(Provider provider);
};

} // namespace quince::secrets

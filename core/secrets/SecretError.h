// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace quince::secrets {

/// Why a secret could not be sealed or opened, or why the master key is not available.
/// Callers branch on the kind (WrongKey → ask for the passphrase again, KeyUnavailable → tell the
/// operator how to provide one); tests assert the exact kind for each broken input.
enum class SecretErrorKind {
    WrongKey, ///< sealed under another master key, or the passphrase does not match the key file
    Tampered, ///< the authentication tag does not verify: the blob was altered
    Malformed, ///< not a sealed blob / not a key file: too short, bad magic, bad fields
    WrongContext, ///< sealed for another purpose or owner (copied from another row)
    UnsupportedVersion, ///< a sealed format or key file version this build does not know
    KeyUnavailable, ///< no master key source: no keychain, no passphrase file, no terminal
    InsecureSource, ///< a passphrase file others can read, or a similar unsafe source
    InvalidInput, ///< an empty passphrase, an empty context, a key of the wrong size
    IoError, ///< a key file could not be read or written
    CryptoFailure, ///< OpenSSL failed (random generator, cipher initialisation)
};

/// A sealing, opening or key failure: the kind and a message an operator can act on.
/// Messages never contain secret material.
struct SecretError {
    SecretErrorKind kind = SecretErrorKind::Malformed;
    QString message;

    /// "WrongKey: the passphrase does not match …".
    QString toString() const;
};

/// The enumerator's name, e.g. "WrongKey"; stable, used in logs and tests.
QString errorKindName(SecretErrorKind kind);

} // namespace quince::secrets

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace quince::commands {

/// Why a command could not be built or its parameters parsed.
enum class CommandErrorKind {
    UnknownRequestType, ///< not in the catalogue
    UnknownKey, ///< a key the command (or the dictionary) does not have
    MissingKey, ///< a required key is absent
    WrongType, ///< the value is not of the key's type
    OutOfRange, ///< outside the rangelist, the range or the length bounds
    InvalidValue, ///< the right type but unusable (not a profile, bad base64, unreadable file)
    ServerSupplied, ///< a key only the server may fill (UnlockToken) was given by the caller
    EncodingFailed, ///< the plist encoder refused the result
};

/// A typed error naming the key it is about, as a path (`Settings[0].DeviceName`).
struct CommandError {
    CommandErrorKind kind = CommandErrorKind::InvalidValue;
    /// The key path; empty when the error is about the command itself.
    QString key;
    /// What is wrong, in words an operator can act on (names the key too).
    QString message;

    QString toString() const { return message; }
};

/// A short name of the kind ("unknown key", ...), for logs and JSON.
QString commandErrorKindName(CommandErrorKind kind);

} // namespace quince::commands

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace quince::plist {

/// Why a property list could not be decoded or encoded. Callers map these to HTTP statuses
/// (TooLarge → 413, the rest → 400) and tests assert the exact kind for each hostile input.
enum class PlistErrorKind {
    Empty, ///< no bytes, or only whitespace
    TooLarge, ///< input bigger than Limits::maxSize
    TooDeep, ///< containers nested deeper than Limits::maxDepth
    TooManyObjects, ///< more values than Limits::maxObjects (counted after expanding shared references)
    StringTooLong, ///< a string, key or data value longer than Limits::maxStringLength
    Malformed, ///< not well-formed XML / not a structurally valid bplist00
    InvalidUtf8, ///< text that is not valid UTF-8 (or UTF-16 / ASCII in binary strings)
    InvalidValue, ///< a scalar whose text does not parse: integer, real, date, base64
    IntegerOutOfRange, ///< an integer outside [INT64_MIN, UINT64_MAX]
    DuplicateKey, ///< the same key twice in one dictionary (libplist would silently drop one)
    ForbiddenEntity, ///< a DOCTYPE internal subset, an entity declaration or an undeclared entity
    CyclicReference, ///< a binary container that (indirectly) contains itself
    UnsupportedType, ///< a plist type we do not handle (bplist sets, null, fill, UTF-8 strings...)
    NotRepresentable, ///< encoding: the value cannot be written faithfully in the requested format
    LibraryFailure, ///< libplist rejected or failed on input our own checks accepted
};

/// A decoding or encoding failure: the kind, and a message saying what and where.
struct PlistError {
    PlistErrorKind kind = PlistErrorKind::Malformed;
    QString message;
    /// Byte offset of the problem in the input, or -1 when not applicable.
    qint64 offset = -1;

    /// "TooDeep: nesting depth 65 exceeds the limit of 64 (line 70, column 12)".
    QString toString() const;
};

/// The enumerator's name, e.g. "TooDeep"; stable, used in logs and tests.
QString errorKindName(PlistErrorKind kind);

} // namespace quince::plist

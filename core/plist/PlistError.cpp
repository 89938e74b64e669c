// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/PlistError.h"

namespace quince::plist {

QString errorKindName(PlistErrorKind kind)
{
    switch (kind) {
    case PlistErrorKind::Empty:
        return QStringLiteral("Empty");
    case PlistErrorKind::TooLarge:
        return QStringLiteral("TooLarge");
    case PlistErrorKind::TooDeep:
        return QStringLiteral("TooDeep");
    case PlistErrorKind::TooManyObjects:
        return QStringLiteral("TooManyObjects");
    case PlistErrorKind::StringTooLong:
        return QStringLiteral("StringTooLong");
    case PlistErrorKind::Malformed:
        return QStringLiteral("Malformed");
    case PlistErrorKind::InvalidUtf8:
        return QStringLiteral("InvalidUtf8");
    case PlistErrorKind::InvalidValue:
        return QStringLiteral("InvalidValue");
    case PlistErrorKind::IntegerOutOfRange:
        return QStringLiteral("IntegerOutOfRange");
    case PlistErrorKind::DuplicateKey:
        return QStringLiteral("DuplicateKey");
    case PlistErrorKind::ForbiddenEntity:
        return QStringLiteral("ForbiddenEntity");
    case PlistErrorKind::CyclicReference:
        return QStringLiteral("CyclicReference");
    case PlistErrorKind::UnsupportedType:
        return QStringLiteral("UnsupportedType");
    case PlistErrorKind::NotRepresentable:
        return QStringLiteral("NotRepresentable");
    case PlistErrorKind::LibraryFailure:
        return QStringLiteral("LibraryFailure");
    }
    return QStringLiteral("Unknown");
}

QString PlistError::toString() const
{
    return errorKindName(kind) + QStringLiteral(": ") + message;
}

} // namespace quince::plist

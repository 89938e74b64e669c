// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/SecretError.h"

namespace quince::secrets {

QString errorKindName(SecretErrorKind kind)
{
    switch (kind) {
    case SecretErrorKind::WrongKey:
        return QStringLiteral("WrongKey");
    case SecretErrorKind::Tampered:
        return QStringLiteral("Tampered");
    case SecretErrorKind::Malformed:
        return QStringLiteral("Malformed");
    case SecretErrorKind::WrongContext:
        return QStringLiteral("WrongContext");
    case SecretErrorKind::UnsupportedVersion:
        return QStringLiteral("UnsupportedVersion");
    case SecretErrorKind::KeyUnavailable:
        return QStringLiteral("KeyUnavailable");
    case SecretErrorKind::InsecureSource:
        return QStringLiteral("InsecureSource");
    case SecretErrorKind::InvalidInput:
        return QStringLiteral("InvalidInput");
    case SecretErrorKind::IoError:
        return QStringLiteral("IoError");
    case SecretErrorKind::CryptoFailure:
        return QStringLiteral("CryptoFailure");
    }
    return QStringLiteral("Unknown");
}

QString SecretError::toString() const
{
    return errorKindName(kind) + QStringLiteral(": ") + message;
}

} // namespace quince::secrets

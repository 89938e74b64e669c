// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/commands/CommandError.h"

namespace quince::commands {

QString commandErrorKindName(CommandErrorKind kind)
{
    switch (kind) {
    case CommandErrorKind::UnknownRequestType:
        return QStringLiteral("unknown request type");
    case CommandErrorKind::UnknownKey:
        return QStringLiteral("unknown key");
    case CommandErrorKind::MissingKey:
        return QStringLiteral("missing key");
    case CommandErrorKind::WrongType:
        return QStringLiteral("wrong type");
    case CommandErrorKind::OutOfRange:
        return QStringLiteral("out of range");
    case CommandErrorKind::InvalidValue:
        return QStringLiteral("invalid value");
    case CommandErrorKind::ServerSupplied:
        return QStringLiteral("server-supplied key");
    case CommandErrorKind::EncodingFailed:
        return QStringLiteral("encoding failed");
    }
    return QString();
}

} // namespace quince::commands

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/commands/CommandError.h"
#include "core/common/Result.h"
#include "core/plist/PlistValue.h"

#include <QByteArray>
#include <QString>

namespace quince::commands {

/// Values only the server fills, never an operator or the CLI text.
struct ServerSuppliedValues {
    /// ClearPasscode's UnlockToken. The server side (issue 7) unseals it from the enrollment's
    /// sealed store just before building, after an operator's approval.
    QByteArray unlockToken;
};

/// Validates a command's parameters against the catalogue and builds the `Command` dictionary
/// that mdm::CommandQueue::enqueue() takes (XML; RequestType first, no CommandUUID).
class CommandBuilder {
public:
    /// The largest data value accepted (a wallpaper, a profile, a provisioning profile).
    static constexpr qsizetype kMaxDataBytes = 8 * 1024 * 1024;

    /// The Command dictionary as XML, or an error naming the key at fault: unknown request
    /// type, unknown key, missing required key, wrong type, value outside the rangelist, range
    /// or length bounds, a data value that is not what the key holds (InstallProfile's Payload
    /// must be a property list or a CMS SignedData), a server-supplied key among parameters.
    /// Keys come out in the catalogue's order; an open dictionary keeps the caller's order.
    /// Careful: a ClearPasscode result carries the UnlockToken in clear; it must not be stored
    /// as is (issue 7 decides how it is kept until hand-out).
    static Result<QByteArray, CommandError> build(
        const QString& requestType, const plist::Dict& parameters, const ServerSuppliedValues& server = {});

    /// The same checks, returning the Command dictionary as a value tree.
    static Result<plist::Dict, CommandError> validate(
        const QString& requestType, const plist::Dict& parameters, const ServerSuppliedValues& server = {});
};

} // namespace quince::commands

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plist/PlistValue.h"

#include <QHash>
#include <QString>

#include <functional>

namespace quince::devsim {

struct DeviceInfo;

/// A command as the device received it.
struct ReceivedCommand {
    QString commandUuid;
    QString requestType;
    /// The `Command` dictionary.
    plist::Dict command;
    /// How many times this device had already been handed this CommandUUID.
    int previousDeliveries = 0;
};

/// What the device answers to one command.
struct CommandAnswer {
    enum class Status { Acknowledged, Error, CommandFormatError, NotNow };
    Status status = Status::Acknowledged;
    /// Send the same status twice (the first answer "lost"), as devices do after a timeout.
    bool duplicate = false;
};

/// Apple's word for a status ("Acknowledged", ...).
QString statusName(CommandAnswer::Status status);

/// The scriptable part of a device: which answer a command gets.
using CommandPolicy = std::function<CommandAnswer(const ReceivedCommand&)>;

/// Acknowledges everything.
CommandPolicy acknowledgeAll();
/// An answer per RequestType; others get fallback.
CommandPolicy answerByType(const QHash<QString, CommandAnswer>& answers, CommandAnswer fallback = {});

/// The status plist a device sends for command (its response keys filled in for Acknowledged:
/// DeviceInformation, SecurityInfo, ProfileList, CertificateList, InstalledApplicationList,
/// ProvisioningProfileList; an ErrorChain for Error). userId non-empty: the user channel.
plist::Dict commandResponse(
    const DeviceInfo& device, const ReceivedCommand& command, CommandAnswer::Status status, const QString& userId);

} // namespace quince::devsim

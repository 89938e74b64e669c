// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/commands/CommandSpec.h"

#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>

namespace quince::commands {

/// The RequestTypes of the catalogue, for code that queues a known command.
namespace request {
inline constexpr QLatin1String DeviceInformation {"DeviceInformation"};
inline constexpr QLatin1String SecurityInfo {"SecurityInfo"};
inline constexpr QLatin1String ProfileList {"ProfileList"};
inline constexpr QLatin1String InstallProfile {"InstallProfile"};
inline constexpr QLatin1String RemoveProfile {"RemoveProfile"};
inline constexpr QLatin1String ProvisioningProfileList {"ProvisioningProfileList"};
inline constexpr QLatin1String InstallProvisioningProfile {"InstallProvisioningProfile"};
inline constexpr QLatin1String RemoveProvisioningProfile {"RemoveProvisioningProfile"};
inline constexpr QLatin1String CertificateList {"CertificateList"};
inline constexpr QLatin1String InstalledApplicationList {"InstalledApplicationList"};
inline constexpr QLatin1String DeviceLock {"DeviceLock"};
inline constexpr QLatin1String EraseDevice {"EraseDevice"};
inline constexpr QLatin1String ClearPasscode {"ClearPasscode"};
inline constexpr QLatin1String RestartDevice {"RestartDevice"};
inline constexpr QLatin1String ShutDownDevice {"ShutDownDevice"};
inline constexpr QLatin1String Settings {"Settings"};
inline constexpr QLatin1String EnableLostMode {"EnableLostMode"};
inline constexpr QLatin1String DisableLostMode {"DisableLostMode"};
inline constexpr QLatin1String DeviceLocation {"DeviceLocation"};
} // namespace request

/// The MDM commands Quince knows: our own definitions of their parameters (types, required
/// keys, Apple's rangelists), channels, platforms and sensitivity. tests/commands checks every
/// entry against Apple's schemas in ../shared/reference. A constant table: nothing to build or
/// inject, so it is read through static functions.
class CommandCatalogue {
public:
    /// Every command, in a stable order (the order of the RequestTypes above).
    static const QList<CommandSpec>& all();
    /// The command of a RequestType (case-sensitive, as Apple spells it), or nullptr.
    static const CommandSpec* find(const QString& requestType);
    /// Every RequestType, in the order of all().
    static QStringList requestTypes();
};

} // namespace quince::commands

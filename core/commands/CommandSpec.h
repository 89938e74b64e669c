// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFlags>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace quince::commands {

/// The type of a parameter value, in the words of Apple's schemas (`<string>`, `<integer>`, ...).
/// Any is Apple's `<any>`: whatever a property list can hold (an app's managed configuration).
enum class ValueType { String, Integer, Real, Boolean, Data, Date, Array, Dictionary, Any };

/// Apple's word for a type ("string", "integer", ..., "dictionary", "any").
QString valueTypeName(ValueType type);

/// What the builder checks a data value holds, beyond its type and size.
enum class DataContent {
    Unchecked,
    /// A configuration profile: a property list, or a CMS SignedData (a signed profile).
    ConfigurationProfile,
    /// A provisioning profile: always a CMS SignedData.
    ProvisioningProfile,
};

/// One key of a command (or of a dictionary inside it): our own definition, checked against
/// Apple's schema by tests/commands.
struct Parameter {
    QString key;
    ValueType type = ValueType::String;
    bool required = false;
    /// One line, for `quincectl commands` help and the console.
    QString description;

    /// Apple's rangelist: the only values allowed (strings or integers, by type).
    QStringList allowedStrings;
    QList<qint64> allowedIntegers;
    /// Apple's range, for integers.
    std::optional<qint64> minimum;
    std::optional<qint64> maximum;
    /// Length bounds: characters of a string, bytes of a data value.
    std::optional<qsizetype> minLength;
    std::optional<qsizetype> maxLength;
    DataContent content = DataContent::Unchecked;

    /// Array: exactly one entry, the type of every element.
    QList<Parameter> items;
    /// Dictionary: its keys.
    QList<Parameter> subkeys;
    /// Dictionary: any key with any value is accepted (Apple's `ANY` subkey).
    bool openKeys = false;
    /// Dictionary of several shapes, chosen by the string value of this key (Settings: `Item`).
    QString discriminator;
    /// Dictionary: one shape per discriminator value; each is a Dictionary parameter whose key
    /// is the value and whose discriminator subkey allows exactly that value.
    QList<Parameter> variants;

    /// Filled by the server, never by an operator (ClearPasscode's UnlockToken, from the sealed
    /// store): the builder takes it separately, the CLI parser refuses it.
    bool serverSupplied = false;

    /// The element type of an Array (nullptr otherwise).
    const Parameter* element() const { return items.isEmpty() ? nullptr : &items.first(); }
    /// The subkey named key, or nullptr.
    const Parameter* subkey(const QString& name) const;
    /// The variant whose discriminator allows value, or nullptr.
    const Parameter* variant(const QString& value) const;
};

/// The platforms a command runs on.
enum class Platform { iOS = 0x1, macOS = 0x2, tvOS = 0x4, visionOS = 0x8, watchOS = 0x10 };
Q_DECLARE_FLAGS(Platforms, Platform)
Q_DECLARE_OPERATORS_FOR_FLAGS(Platforms)

/// Apple's names of the platforms in flags ("iOS", "macOS", ...), in that order.
QStringList platformNames(Platforms platforms);

/// The MDM channels a command may be sent on.
enum class Channel { Device = 0x1, User = 0x2 };
Q_DECLARE_FLAGS(Channels, Channel)
Q_DECLARE_OPERATORS_FOR_FLAGS(Channels)

/// "device", "user", in that order.
QStringList channelNames(Channels channels);

/// One MDM command: its RequestType, its parameters and where it may go.
struct CommandSpec {
    QString requestType;
    QString description;
    QList<Parameter> parameters;
    Channels channels = Channel::Device;
    Platforms platforms;
    /// iOS runs it on supervised devices only.
    bool requiresSupervision = false;
    /// Destructive or a security boundary (ClearPasscode, EraseDevice, DisableLostMode): issue 7
    /// puts these behind an operator's approval.
    bool sensitive = false;
    /// Groups of keys of which at least one must be given (EnableLostMode: Message or PhoneNumber).
    QList<QStringList> oneOfRequired;

    /// The parameter named key, or nullptr.
    const Parameter* parameter(const QString& key) const;
};

} // namespace quince::commands

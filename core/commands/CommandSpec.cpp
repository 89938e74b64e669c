// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/commands/CommandSpec.h"

namespace quince::commands {

QString valueTypeName(ValueType type)
{
    switch (type) {
    case ValueType::String:
        return QStringLiteral("string");
    case ValueType::Integer:
        return QStringLiteral("integer");
    case ValueType::Real:
        return QStringLiteral("real");
    case ValueType::Boolean:
        return QStringLiteral("boolean");
    case ValueType::Data:
        return QStringLiteral("data");
    case ValueType::Date:
        return QStringLiteral("date");
    case ValueType::Array:
        return QStringLiteral("array");
    case ValueType::Dictionary:
        return QStringLiteral("dictionary");
    case ValueType::Any:
        return QStringLiteral("any");
    }
    return QString();
}

const Parameter* Parameter::subkey(const QString& name) const
{
    for (const Parameter& candidate : subkeys) {
        if (candidate.key == name)
            return &candidate;
    }
    return nullptr;
}

const Parameter* Parameter::variant(const QString& value) const
{
    for (const Parameter& candidate : variants) {
        const Parameter* marker = candidate.subkey(discriminator);
        if (marker && marker->allowedStrings.contains(value))
            return &candidate;
    }
    return nullptr;
}

QStringList platformNames(Platforms platforms)
{
    QStringList names;
    const std::pair<Platform, QString> all[] = {{Platform::iOS, QStringLiteral("iOS")},
        {Platform::macOS, QStringLiteral("macOS")}, {Platform::tvOS, QStringLiteral("tvOS")},
        {Platform::visionOS, QStringLiteral("visionOS")}, {Platform::watchOS, QStringLiteral("watchOS")}};
    for (const auto& [platform, name] : all) {
        if (platforms.testFlag(platform))
            names.append(name);
    }
    return names;
}

QStringList channelNames(Channels channels)
{
    QStringList names;
    if (channels.testFlag(Channel::Device))
        names.append(QStringLiteral("device"));
    if (channels.testFlag(Channel::User))
        names.append(QStringLiteral("user"));
    return names;
}

const Parameter* CommandSpec::parameter(const QString& key) const
{
    for (const Parameter& candidate : parameters) {
        if (candidate.key == key)
            return &candidate;
    }
    return nullptr;
}

} // namespace quince::commands

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Checks a profile's plist tree against Apple's payload schemas (the YAML files of
// apple/device-management): every key must be one the schema defines, with the schema's type,
// inside its rangelist and matching its format; every required key must be there.

#include "core/plist/PlistValue.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

namespace quince::enrollment::test {

class ProfileSchema {
public:
    /// profilesDir: .../apple-device-management/mdm/profiles.
    explicit ProfileSchema(QString profilesDir) : m_dir(std::move(profilesDir)) { }

    /// Problems found in a whole profile (top level, then every payload); empty when it conforms.
    QStringList checkProfile(const plist::Value& profile)
    {
        QStringList problems;
        const YAML::Node top = payloadKeys(QStringLiteral("TopLevel"));
        if (!top) {
            problems << QStringLiteral("TopLevel.yaml is missing");
            return problems;
        }
        if (!profile.isDict()) {
            problems << QStringLiteral("the profile is not a dictionary");
            return problems;
        }
        checkDict(profile.toDict(), top, QStringLiteral("TopLevel"), problems);
        const plist::Array& content = profile.value(QStringLiteral("PayloadContent")).toArray();
        for (qsizetype i = 0; i < content.size(); ++i) {
            const plist::Value& payload = content.at(i);
            const QString type = payload.value(QStringLiteral("PayloadType")).toString();
            const YAML::Node keys = payloadKeys(type);
            if (!keys) {
                problems << QStringLiteral("payload %1: no schema for type \"%2\"").arg(i).arg(type);
                continue;
            }
            // A payload's keys are its type's plus the common ones (its own win).
            YAML::Node merged(YAML::NodeType::Sequence);
            for (const YAML::Node& key : keys)
                merged.push_back(key);
            for (const YAML::Node& key : payloadKeys(QStringLiteral("CommonPayloadKeys"))) {
                bool overridden = false;
                for (const YAML::Node& own : keys)
                    overridden = overridden || own["key"].as<std::string>() == key["key"].as<std::string>();
                if (!overridden)
                    merged.push_back(key);
            }
            checkDict(payload.toDict(), merged, type, problems);
        }
        return problems;
    }

private:
    YAML::Node payloadKeys(const QString& type)
    {
        const auto cached = m_cache.find(type.toStdString());
        if (cached != m_cache.end())
            return cached->second;
        const QString path = QDir(m_dir).filePath(type + QStringLiteral(".yaml"));
        YAML::Node keys;
        if (QFile::exists(path)) {
            try {
                keys = YAML::LoadFile(path.toStdString())["payloadkeys"];
            } catch (const YAML::Exception&) {
                keys = YAML::Node();
            }
        }
        m_cache[type.toStdString()] = keys;
        return keys;
    }

    static bool typeMatches(const std::string& type, const plist::Value& value)
    {
        if (type == "<any>")
            return true;
        static const std::map<std::string, plist::Type> types {{"<string>", plist::Type::String},
            {"<integer>", plist::Type::Integer}, {"<boolean>", plist::Type::Boolean}, {"<data>", plist::Type::Data},
            {"<array>", plist::Type::Array}, {"<dictionary>", plist::Type::Dict}, {"<date>", plist::Type::Date},
            {"<real>", plist::Type::Real}};
        const auto found = types.find(type);
        return found != types.end() && found->second == value.type();
    }

    static QString scalarText(const plist::Value& value)
    {
        return value.isInteger() ? QString::number(value.toInteger()) : value.toString();
    }

    void checkValue(const plist::Value& value, const YAML::Node& spec, const QString& where, QStringList& problems)
    {
        const std::string type = spec["type"] ? spec["type"].as<std::string>() : std::string("<any>");
        if (!typeMatches(type, value)) {
            problems << QStringLiteral("%1: is %2, the schema says %3")
                            .arg(where, plist::typeName(value.type()), QString::fromStdString(type));
            return;
        }
        if (spec["rangelist"] && (value.isString() || value.isInteger())) {
            bool inRange = false;
            for (const YAML::Node& allowed : spec["rangelist"])
                inRange = inRange || QString::fromStdString(allowed.as<std::string>()) == scalarText(value);
            if (!inRange)
                problems << QStringLiteral("%1: %2 is not in the schema's rangelist").arg(where, scalarText(value));
        }
        if (spec["format"] && value.isString()) {
            const QRegularExpression format(QString::fromStdString(spec["format"].as<std::string>()));
            if (!format.match(value.toString()).hasMatch())
                problems
                    << QStringLiteral("%1: \"%2\" does not match %3").arg(where, value.toString(), format.pattern());
        }
        const YAML::Node subkeys = spec["subkeys"];
        if (!subkeys)
            return;
        if (value.isDict())
            checkDict(value.toDict(), subkeys, where, problems);
        else if (value.isArray() && subkeys.size() > 0)
            for (qsizetype i = 0; i < value.size(); ++i)
                checkValue(value.at(i), subkeys[0], QStringLiteral("%1[%2]").arg(where).arg(i), problems);
    }

    void checkDict(const plist::Dict& dict, const YAML::Node& keys, const QString& where, QStringList& problems)
    {
        YAML::Node any;
        for (const YAML::Node& spec : keys)
            if (spec["key"].as<std::string>() == "ANY")
                any = spec;
        for (const plist::DictEntry& entry : dict) {
            YAML::Node spec;
            for (const YAML::Node& candidate : keys)
                if (QString::fromStdString(candidate["key"].as<std::string>()) == entry.key)
                    spec = candidate;
            if (!spec)
                spec = any;
            if (!spec) {
                problems << QStringLiteral("%1.%2: not a key of the schema").arg(where, entry.key);
                continue;
            }
            checkValue(entry.value, spec, where + u'.' + entry.key, problems);
        }
        for (const YAML::Node& spec : keys) {
            const QString key = QString::fromStdString(spec["key"].as<std::string>());
            if (key != QLatin1String("ANY") && spec["presence"] && spec["presence"].as<std::string>() == "required"
                && !dict.contains(key))
                problems << QStringLiteral("%1.%2: required but missing").arg(where, key);
        }
    }

    QString m_dir;
    std::map<std::string, YAML::Node> m_cache;
};

} // namespace quince::enrollment::test

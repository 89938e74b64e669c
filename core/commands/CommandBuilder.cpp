// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/commands/CommandBuilder.h"

#include "core/commands/CommandCatalogue.h"
#include "core/plist/PlistCodec.h"

#include <QStringList>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

namespace quince::commands {

namespace {

// A profile is a small document: tighter plist limits than a device's answers.
plist::Limits profileLimits()
{
    plist::Limits limits;
    limits.maxSize = CommandBuilder::kMaxDataBytes;
    limits.maxDepth = 32;
    limits.maxObjects = 100'000;
    return limits;
}

CommandError fail(CommandErrorKind kind, const QString& key, const QString& message)
{
    return CommandError {kind, key, message};
}

QString join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

// The name of a value's type in Apple's words, for "must be X, not Y".
QString typeOf(const plist::Value& value)
{
    switch (value.type()) {
    case plist::Type::Boolean:
        return QStringLiteral("boolean");
    case plist::Type::Integer:
        return QStringLiteral("integer");
    case plist::Type::Real:
        return QStringLiteral("real");
    case plist::Type::String:
        return QStringLiteral("string");
    case plist::Type::Data:
        return QStringLiteral("data");
    case plist::Type::Date:
        return QStringLiteral("date");
    case plist::Type::Array:
        return QStringLiteral("array");
    case plist::Type::Dict:
        return QStringLiteral("dictionary");
    case plist::Type::Uid:
        return QStringLiteral("UID");
    case plist::Type::Invalid:
        break;
    }
    return QStringLiteral("nothing");
}

// Whether bytes are one CMS SignedData (BER, as signing tools write it) and nothing after it.
bool isSignedData(const QByteArray& bytes)
{
    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.constData());
    const unsigned char* cursor = begin;
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(bytes.size())), &CMS_ContentInfo_free);
    const bool ok = cms && cursor == begin + bytes.size() && OBJ_obj2nid(CMS_get0_type(cms.get())) == NID_pkcs7_signed;
    ERR_clear_error(); // a failed parse leaves entries that would confuse the next OpenSSL user
    return ok;
}

std::optional<CommandError> checkContent(const Parameter& parameter, const QString& path, const QByteArray& bytes)
{
    switch (parameter.content) {
    case DataContent::Unchecked:
        return std::nullopt;
    case DataContent::ConfigurationProfile: {
        if (isSignedData(bytes))
            return std::nullopt;
        Result<plist::Value, plist::PlistError> decoded = plist::decode(bytes, profileLimits());
        if (!decoded)
            return fail(CommandErrorKind::InvalidValue, path,
                QStringLiteral("'%1' is neither a property list nor a signed profile: %2")
                    .arg(path, decoded.error().toString()));
        if (!decoded->isDict())
            return fail(CommandErrorKind::InvalidValue, path,
                QStringLiteral("'%1' is a property list but not a profile (its top level is not a dictionary)")
                    .arg(path));
        return std::nullopt;
    }
    case DataContent::ProvisioningProfile:
        if (isSignedData(bytes))
            return std::nullopt;
        return fail(CommandErrorKind::InvalidValue, path,
            QStringLiteral("'%1' is not a provisioning profile (a CMS SignedData)").arg(path));
    }
    return std::nullopt;
}

QString listOfIntegers(const QList<qint64>& values)
{
    QStringList names;
    for (const qint64 value : values)
        names.append(QString::number(value));
    return names.join(QStringLiteral(", "));
}

Result<plist::Value, CommandError> check(const Parameter& parameter, const plist::Value& value, const QString& path);

Result<plist::Value, CommandError> checkDictionary(
    const Parameter& shape, const plist::Dict& given, const QString& path, const QString& owner)
{
    if (shape.openKeys)
        return plist::Value(given);
    for (const plist::DictEntry& entry : given) {
        if (!shape.subkey(entry.key))
            return fail(CommandErrorKind::UnknownKey, join(path, entry.key),
                QStringLiteral("'%1': %2 has no such key").arg(join(path, entry.key), owner));
    }
    plist::Dict out;
    for (const Parameter& subkey : shape.subkeys) {
        const QString at = join(path, subkey.key);
        if (!given.contains(subkey.key)) {
            if (subkey.required)
                return fail(CommandErrorKind::MissingKey, at, QStringLiteral("'%1' is required").arg(at));
            continue;
        }
        Result<plist::Value, CommandError> checked = check(subkey, given.value(subkey.key), at);
        if (!checked)
            return checked.error();
        out.insert(subkey.key, std::move(checked).value());
    }
    return plist::Value(std::move(out));
}

Result<plist::Value, CommandError> check(const Parameter& parameter, const plist::Value& value, const QString& path)
{
    const auto wrongType = [&]() {
        return fail(CommandErrorKind::WrongType, path,
            QStringLiteral("'%1' must be %2, not %3").arg(path, valueTypeName(parameter.type), typeOf(value)));
    };
    const auto checkLength = [&](qsizetype length, const QString& unit) -> std::optional<CommandError> {
        if ((parameter.minLength && length < *parameter.minLength)
            || (parameter.maxLength && length > *parameter.maxLength)) {
            const QString bounds = parameter.minLength == parameter.maxLength
                ? QString::number(parameter.maxLength.value_or(0))
                : QStringLiteral("%1 to %2")
                      .arg(parameter.minLength.value_or(0))
                      .arg(parameter.maxLength.value_or(CommandBuilder::kMaxDataBytes));
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1' must be %2 %3 long, not %4").arg(path, bounds, unit).arg(length));
        }
        return std::nullopt;
    };

    switch (parameter.type) {
    case ValueType::Any:
        if (!value.isValid() || value.isUid())
            return wrongType();
        return value;
    case ValueType::String: {
        if (!value.isString())
            return wrongType();
        const QString string = value.toString();
        if (!parameter.allowedStrings.isEmpty() && !parameter.allowedStrings.contains(string))
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1' must be one of %2, not '%3'")
                    .arg(path, parameter.allowedStrings.join(QStringLiteral(", ")), string));
        if (auto bad = checkLength(string.size(), QStringLiteral("characters")))
            return *bad;
        return value;
    }
    case ValueType::Integer: {
        if (!value.isInteger() || value.isLargeUnsigned())
            return wrongType();
        const qint64 number = value.toInteger();
        if (!parameter.allowedIntegers.isEmpty() && !parameter.allowedIntegers.contains(number))
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1' must be one of %2, not %3")
                    .arg(path, listOfIntegers(parameter.allowedIntegers))
                    .arg(number));
        if ((parameter.minimum && number < *parameter.minimum) || (parameter.maximum && number > *parameter.maximum))
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1' must be between %2 and %3, not %4")
                    .arg(path)
                    .arg(parameter.minimum.value_or(std::numeric_limits<qint64>::min()))
                    .arg(parameter.maximum.value_or(std::numeric_limits<qint64>::max()))
                    .arg(number));
        return value;
    }
    case ValueType::Real:
        // An integer is a fine real (`Latitude=48`); it is stored as a real all the same.
        if (value.isInteger() && !value.isLargeUnsigned())
            return plist::Value(double(value.toInteger()));
        if (!value.isReal())
            return wrongType();
        return value;
    case ValueType::Boolean:
        if (!value.isBool())
            return wrongType();
        return value;
    case ValueType::Date:
        if (!value.isDate())
            return wrongType();
        return value;
    case ValueType::Data: {
        if (!value.isData())
            return wrongType();
        const QByteArray bytes = value.toData();
        if (bytes.size() > CommandBuilder::kMaxDataBytes)
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1' is too large (%2 bytes, at most %3)")
                    .arg(path)
                    .arg(bytes.size())
                    .arg(CommandBuilder::kMaxDataBytes));
        if (auto bad = checkLength(bytes.size(), QStringLiteral("bytes")))
            return *bad;
        if (auto bad = checkContent(parameter, path, bytes))
            return *bad;
        return value;
    }
    case ValueType::Array: {
        if (!value.isArray())
            return wrongType();
        const Parameter* element = parameter.element();
        plist::Array out;
        qsizetype index = 0;
        for (const plist::Value& item : value.toArray()) {
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(index++);
            Result<plist::Value, CommandError> checked
                = element ? check(*element, item, at) : Result<plist::Value, CommandError>(item);
            if (!checked)
                return checked.error();
            out.append(std::move(checked).value());
        }
        return plist::Value(std::move(out));
    }
    case ValueType::Dictionary: {
        if (!value.isDict())
            return wrongType();
        const plist::Dict& given = value.toDict();
        if (parameter.discriminator.isEmpty())
            return checkDictionary(parameter, given, path, QStringLiteral("'%1'").arg(path));
        // Several shapes (Settings items): the discriminator names the one to check against.
        const QString at = join(path, parameter.discriminator);
        const plist::Value& marker = given.value(parameter.discriminator);
        if (!marker.isValid())
            return fail(CommandErrorKind::MissingKey, at, QStringLiteral("'%1' is required").arg(at));
        if (!marker.isString())
            return fail(
                CommandErrorKind::WrongType, at, QStringLiteral("'%1' must be string, not %2").arg(at, typeOf(marker)));
        const Parameter* shape = parameter.variant(marker.toString());
        if (!shape) {
            QStringList known;
            for (const Parameter& candidate : parameter.variants)
                known.append(candidate.key);
            return fail(CommandErrorKind::OutOfRange, at,
                QStringLiteral("'%1' must be one of %2, not '%3'")
                    .arg(at, known.join(QStringLiteral(", ")), marker.toString()));
        }
        return checkDictionary(*shape, given, path, QStringLiteral("'%1' (%2)").arg(path, shape->key));
    }
    }
    return wrongType();
}

} // namespace

Result<plist::Dict, CommandError> CommandBuilder::validate(
    const QString& requestType, const plist::Dict& parameters, const ServerSuppliedValues& server)
{
    const CommandSpec* spec = CommandCatalogue::find(requestType);
    if (!spec)
        return fail(CommandErrorKind::UnknownRequestType, QString(),
            QStringLiteral("unknown RequestType '%1'").arg(requestType));

    plist::Dict given;
    for (const plist::DictEntry& entry : parameters) {
        if (entry.key == QLatin1String("RequestType")) {
            if (entry.value.toString() != requestType)
                return fail(CommandErrorKind::InvalidValue, entry.key,
                    QStringLiteral("'RequestType' is %1, not %2").arg(requestType, entry.value.toString()));
            continue;
        }
        const Parameter* parameter = spec->parameter(entry.key);
        if (!parameter)
            return fail(CommandErrorKind::UnknownKey, entry.key,
                QStringLiteral("%1 has no key '%2'").arg(requestType, entry.key));
        if (parameter->serverSupplied)
            return fail(CommandErrorKind::ServerSupplied, entry.key,
                QStringLiteral("'%1' is filled by the server from its sealed store, never given as a parameter")
                    .arg(entry.key));
        given.insert(entry.key, entry.value);
    }

    plist::Dict command;
    command.insert(QStringLiteral("RequestType"), requestType);
    for (const Parameter& parameter : spec->parameters) {
        plist::Value value = given.value(parameter.key);
        if (parameter.serverSupplied && parameter.key == QLatin1String("UnlockToken") && !server.unlockToken.isEmpty())
            value = server.unlockToken;
        if (!value.isValid()) {
            if (parameter.required)
                return fail(CommandErrorKind::MissingKey, parameter.key,
                    parameter.serverSupplied
                        ? QStringLiteral("%1 needs the device's '%2', which only the server supplies")
                              .arg(requestType, parameter.key)
                        : QStringLiteral("%1 needs '%2'").arg(requestType, parameter.key));
            continue;
        }
        Result<plist::Value, CommandError> checked = check(parameter, value, parameter.key);
        if (!checked)
            return checked.error();
        command.insert(parameter.key, std::move(checked).value());
    }
    for (const QStringList& group : spec->oneOfRequired) {
        const bool any
            = std::any_of(group.begin(), group.end(), [&command](const QString& key) { return command.contains(key); });
        if (!any)
            return fail(CommandErrorKind::MissingKey, group.first(),
                QStringLiteral("%1 needs at least one of %2").arg(requestType, group.join(QStringLiteral(", "))));
    }
    return command;
}

Result<QByteArray, CommandError> CommandBuilder::build(
    const QString& requestType, const plist::Dict& parameters, const ServerSuppliedValues& server)
{
    Result<plist::Dict, CommandError> command = validate(requestType, parameters, server);
    if (!command)
        return command.error();
    Result<QByteArray, plist::PlistError> encoded = plist::encodeXml(plist::Value(std::move(command).value()));
    if (!encoded)
        return fail(CommandErrorKind::EncodingFailed, QString(),
            QStringLiteral("%1 cannot be encoded: %2").arg(requestType, encoded.error().toString()));
    return std::move(encoded).value();
}

} // namespace quince::commands

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/commands/ParameterParser.h"

#include "core/commands/CommandBuilder.h"
#include "core/commands/CommandCatalogue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QTimeZone>

#include <cmath>

namespace quince::commands {

namespace {

CommandError fail(CommandErrorKind kind, const QString& key, const QString& message)
{
    return CommandError {kind, key, message};
}

QString join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString jsonTypeOf(const QJsonValue& json)
{
    switch (json.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

Result<plist::Value, CommandError> readData(
    const QString& text, const QString& path, const ParameterParser::Options& options)
{
    if (text.startsWith(u'@')) {
        if (!options.allowFiles)
            return fail(
                CommandErrorKind::InvalidValue, path, QStringLiteral("'%1': files are not allowed here").arg(path));
        const QString file
            = QDir(options.baseDirectory.isEmpty() ? QDir::currentPath() : options.baseDirectory).filePath(text.mid(1));
        QFile input(file);
        if (!input.open(QIODevice::ReadOnly))
            return fail(CommandErrorKind::InvalidValue, path,
                QStringLiteral("'%1': cannot read %2: %3")
                    .arg(path, QDir::toNativeSeparators(file), input.errorString()));
        // Read one byte past the limit, so a file that grows while read is caught too.
        const QByteArray bytes = input.read(CommandBuilder::kMaxDataBytes + 1);
        if (bytes.size() > CommandBuilder::kMaxDataBytes)
            return fail(CommandErrorKind::OutOfRange, path,
                QStringLiteral("'%1': %2 is larger than %3 bytes")
                    .arg(path, QDir::toNativeSeparators(file))
                    .arg(CommandBuilder::kMaxDataBytes));
        return plist::Value(bytes);
    }
    if (text.startsWith(QLatin1String("base64:"))) {
        const QByteArray encoded = text.mid(7).toLatin1();
        if (encoded.size() > CommandBuilder::kMaxDataBytes / 3 * 4 + 4)
            return fail(CommandErrorKind::OutOfRange, path, QStringLiteral("'%1' is too large").arg(path));
        QByteArray::FromBase64Result decoded
            = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(CommandErrorKind::InvalidValue, path, QStringLiteral("'%1' is not valid base64").arg(path));
        return plist::Value(*decoded);
    }
    return fail(
        CommandErrorKind::WrongType, path, QStringLiteral("'%1' is data: give it as @FILE or base64:...").arg(path));
}

Result<plist::Value, CommandError> readDate(const QString& text, const QString& path)
{
    QDateTime date = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!date.isValid())
        return fail(CommandErrorKind::WrongType, path,
            QStringLiteral("'%1' is a date: give it in ISO 8601, e.g. 2026-11-28T12:00:00Z").arg(path));
    if (date.timeSpec() == Qt::LocalTime)
        date.setTimeZone(QTimeZone::utc()); // no zone written: UTC, not this machine's zone
    return plist::Value(date);
}

// JSON with no catalogue type to follow (an app's managed configuration).
Result<plist::Value, CommandError> naturalFromJson(const QJsonValue& json, const QString& path)
{
    switch (json.type()) {
    case QJsonValue::Bool:
        return plist::Value(json.toBool());
    case QJsonValue::Double: {
        const double number = json.toDouble();
        if (std::trunc(number) == number && std::abs(number) < 9007199254740992.0)
            return plist::Value(qint64(number));
        return plist::Value(number);
    }
    case QJsonValue::String:
        return plist::Value(json.toString());
    case QJsonValue::Array: {
        plist::Array out;
        qsizetype index = 0;
        for (const QJsonValue& item : json.toArray()) {
            Result<plist::Value, CommandError> converted
                = naturalFromJson(item, QStringLiteral("%1[%2]").arg(path).arg(index++));
            if (!converted)
                return converted.error();
            out.append(std::move(converted).value());
        }
        return plist::Value(std::move(out));
    }
    case QJsonValue::Object: {
        plist::Dict out;
        const QJsonObject object = json.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            Result<plist::Value, CommandError> converted = naturalFromJson(it.value(), join(path, it.key()));
            if (!converted)
                return converted.error();
            out.insert(it.key(), std::move(converted).value());
        }
        return plist::Value(std::move(out));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return fail(CommandErrorKind::WrongType, path, QStringLiteral("'%1': a property list has no null").arg(path));
}

Result<QJsonDocument, CommandError> parseJson(const QString& text, const QString& path)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return fail(CommandErrorKind::InvalidValue, path,
            QStringLiteral("'%1' is not valid JSON: %2 at offset %3").arg(path, error.errorString()).arg(error.offset));
    return document;
}

} // namespace

Result<plist::Value, CommandError> ParameterParser::fromJson(
    const Parameter& parameter, const QJsonValue& json, const QString& path, const Options& options)
{
    const auto wrongType = [&]() {
        return fail(CommandErrorKind::WrongType, path,
            QStringLiteral("'%1' must be %2, not a JSON %3")
                .arg(path, valueTypeName(parameter.type), jsonTypeOf(json)));
    };
    switch (parameter.type) {
    case ValueType::Any:
        return naturalFromJson(json, path);
    case ValueType::String:
        if (!json.isString())
            return wrongType();
        return plist::Value(json.toString());
    case ValueType::Integer: {
        if (!json.isDouble())
            return wrongType();
        const double number = json.toDouble();
        if (std::trunc(number) != number || std::abs(number) >= 9007199254740992.0)
            return fail(CommandErrorKind::WrongType, path, QStringLiteral("'%1' must be a whole number").arg(path));
        return plist::Value(qint64(number));
    }
    case ValueType::Real:
        if (!json.isDouble())
            return wrongType();
        return plist::Value(json.toDouble());
    case ValueType::Boolean:
        if (!json.isBool())
            return wrongType();
        return plist::Value(json.toBool());
    case ValueType::Data:
        if (!json.isString())
            return wrongType();
        return readData(json.toString(), path, options);
    case ValueType::Date:
        if (!json.isString())
            return wrongType();
        return readDate(json.toString(), path);
    case ValueType::Array: {
        if (!json.isArray())
            return wrongType();
        const Parameter* element = parameter.element();
        plist::Array out;
        qsizetype index = 0;
        for (const QJsonValue& item : json.toArray()) {
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(index++);
            Result<plist::Value, CommandError> converted
                = element ? fromJson(*element, item, at, options) : naturalFromJson(item, at);
            if (!converted)
                return converted.error();
            out.append(std::move(converted).value());
        }
        return plist::Value(std::move(out));
    }
    case ValueType::Dictionary: {
        if (!json.isObject())
            return wrongType();
        if (parameter.openKeys)
            return naturalFromJson(json, path);
        const QJsonObject object = json.toObject();
        const Parameter* shape = &parameter;
        if (!parameter.discriminator.isEmpty()) {
            // Leave a missing or unknown discriminator to the builder's precise error.
            const Parameter* chosen = parameter.variant(object.value(parameter.discriminator).toString());
            if (!chosen)
                return naturalFromJson(json, path);
            shape = chosen;
        }
        plist::Dict out;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString at = join(path, it.key());
            const Parameter* subkey = shape->subkey(it.key());
            if (!subkey)
                return fail(
                    CommandErrorKind::UnknownKey, at, QStringLiteral("'%1': '%2' has no such key").arg(at, path));
            Result<plist::Value, CommandError> converted = fromJson(*subkey, it.value(), at, options);
            if (!converted)
                return converted.error();
            out.insert(it.key(), std::move(converted).value());
        }
        return plist::Value(std::move(out));
    }
    }
    return wrongType();
}

Result<plist::Value, CommandError> ParameterParser::parseValue(
    const Parameter& parameter, const QString& text, const QString& path, const Options& options)
{
    switch (parameter.type) {
    case ValueType::String:
    case ValueType::Any:
        return plist::Value(text);
    case ValueType::Integer: {
        bool ok = false;
        const qint64 number = text.trimmed().toLongLong(&ok);
        if (!ok)
            return fail(
                CommandErrorKind::WrongType, path, QStringLiteral("'%1' must be an integer, not '%2'").arg(path, text));
        return plist::Value(number);
    }
    case ValueType::Real: {
        bool ok = false;
        const double number = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(number))
            return fail(
                CommandErrorKind::WrongType, path, QStringLiteral("'%1' must be a number, not '%2'").arg(path, text));
        return plist::Value(number);
    }
    case ValueType::Boolean:
        if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return plist::Value(true);
        if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return plist::Value(false);
        return fail(
            CommandErrorKind::WrongType, path, QStringLiteral("'%1' must be true or false, not '%2'").arg(path, text));
    case ValueType::Data:
        return readData(text, path, options);
    case ValueType::Date:
        return readDate(text, path);
    case ValueType::Array: {
        if (text.trimmed().startsWith(u'[')) {
            Result<QJsonDocument, CommandError> json = parseJson(text, path);
            if (!json)
                return json.error();
            return fromJson(parameter, QJsonValue(json->array()), path, options);
        }
        const Parameter* element = parameter.element();
        Result<plist::Value, CommandError> one = element
            ? parseValue(*element, text, QStringLiteral("%1[0]").arg(path), options)
            : Result<plist::Value, CommandError>(plist::Value(text));
        if (!one)
            return one.error();
        return plist::Value(plist::Array {std::move(one).value()});
    }
    case ValueType::Dictionary: {
        Result<QJsonDocument, CommandError> json = parseJson(text, path);
        if (!json)
            return json.error();
        if (!json->isObject())
            return fail(CommandErrorKind::WrongType, path,
                QStringLiteral("'%1' is a dictionary: give it as a JSON object").arg(path));
        return fromJson(parameter, QJsonValue(json->object()), path, options);
    }
    }
    return plist::Value(text);
}

Result<plist::Dict, CommandError> ParameterParser::parse(
    const QString& requestType, const QStringList& assignments, const Options& options)
{
    const CommandSpec* spec = CommandCatalogue::find(requestType);
    if (!spec)
        return fail(CommandErrorKind::UnknownRequestType, QString(),
            QStringLiteral("unknown RequestType '%1'").arg(requestType));

    plist::Dict parameters;
    for (const QString& assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        if (equals <= 0)
            return fail(
                CommandErrorKind::InvalidValue, assignment, QStringLiteral("'%1' is not KEY=VALUE").arg(assignment));
        const QString key = assignment.left(equals);
        const QString text = assignment.mid(equals + 1);
        const Parameter* parameter = spec->parameter(key);
        if (!parameter)
            return fail(CommandErrorKind::UnknownKey, key, QStringLiteral("%1 has no key '%2'").arg(requestType, key));
        if (parameter->serverSupplied)
            return fail(CommandErrorKind::ServerSupplied, key,
                QStringLiteral("'%1' is filled by the server from its sealed store, never given on the command line")
                    .arg(key));
        Result<plist::Value, CommandError> value = parseValue(*parameter, text, key, options);
        if (!value)
            return value.error();
        plist::Value* existing = parameters.find(key);
        if (!existing) {
            parameters.insert(key, std::move(value).value());
            continue;
        }
        // A repeated key adds elements to an array; anything else given twice is a mistake.
        if (parameter->type != ValueType::Array)
            return fail(CommandErrorKind::InvalidValue, key, QStringLiteral("'%1' is given twice").arg(key));
        for (const plist::Value& element : value->toArray())
            existing->asArray()->append(element);
    }
    return parameters;
}

} // namespace quince::commands

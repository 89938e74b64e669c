// SPDX-License-Identifier: GPL-3.0-or-later
// `quincectl commands ...`: queue catalogue commands for devices, list and show the queue,
// cancel. Writes go through the writer connection, whose transactions begin IMMEDIATE and wait
// on the busy timeout, so they work while quince or quinced serves the same data directory.
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/commands/CommandBuilder.h"
#include "core/commands/CommandCatalogue.h"
#include "core/commands/ParameterParser.h"
#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStringDecoder>
#include <QTextStream>

#include <algorithm>

namespace quince::cli {

namespace {

using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

// One failure, one line on stderr, a non-zero exit.
int failWith(const QString& message, int code = 1)
{
    QTextStream(stderr) << tr("quincectl commands: %1").arg(message) << '\n';
    return code;
}

QString isoOrEmpty(const QDateTime& when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

// A plist as XML text for people: a binary plist is converted, anything else shown as is when it
// is text, else as base64 (a device's broken answer must still be visible).
QString plistText(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return QString();
    if (plist::detectFormat(bytes) == plist::Format::Binary) {
        if (auto decoded = plist::decode(bytes)) {
            if (auto xml = plist::encodeXml(*decoded))
                return QString::fromUtf8(*xml);
        }
    }
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(bytes);
    if (!utf8.hasError())
        return text;
    return QStringLiteral("base64:") + QString::fromLatin1(bytes.toBase64());
}

struct EnrollmentLabel {
    QString udid;
    QString channel;
    QString userId;
};

// The device and channel of each enrollment id, for display.
QHash<qint64, EnrollmentLabel> labelsOf(storage::Database& db, const QList<qint64>& enrollmentIds)
{
    QHash<qint64, EnrollmentLabel> labels;
    if (enrollmentIds.isEmpty())
        return labels;
    QStringList placeholders;
    QVariantList bindings;
    for (const qint64 id : enrollmentIds) {
        placeholders.append(QStringLiteral("?"));
        bindings.append(id);
    }
    auto query = db.exec(QStringLiteral("SELECT e.id, d.udid, e.channel, e.user_id FROM enrollments e "
                                        "JOIN devices d ON d.id = e.device_id WHERE e.id IN (%1)")
                             .arg(placeholders.join(QStringLiteral(", "))),
        bindings);
    if (!query)
        return labels;
    while (query->next())
        labels.insert(query->value(0).toLongLong(),
            {query->value(1).toString(), query->value(2).toString(), query->value(3).toString()});
    return labels;
}

QString channelText(const EnrollmentLabel& label)
{
    return label.userId.isEmpty() ? label.channel : QStringLiteral("%1:%2").arg(label.channel, label.userId);
}

QJsonObject parameterJson(const commands::Parameter& parameter)
{
    QJsonObject json {{QStringLiteral("key"), parameter.key},
        {QStringLiteral("type"), commands::valueTypeName(parameter.type)},
        {QStringLiteral("required"), parameter.required}, {QStringLiteral("description"), parameter.description}};
    if (!parameter.allowedStrings.isEmpty())
        json.insert(QStringLiteral("rangelist"), QJsonArray::fromStringList(parameter.allowedStrings));
    if (!parameter.allowedIntegers.isEmpty()) {
        QJsonArray values;
        for (const qint64 value : parameter.allowedIntegers)
            values.append(value);
        json.insert(QStringLiteral("rangelist"), values);
    }
    if (parameter.serverSupplied)
        json.insert(QStringLiteral("serverSupplied"), true);
    if (const commands::Parameter* element = parameter.element())
        json.insert(QStringLiteral("items"), parameterJson(*element));
    QJsonArray subkeys;
    for (const commands::Parameter& subkey : parameter.subkeys)
        subkeys.append(parameterJson(subkey));
    if (!subkeys.isEmpty())
        json.insert(QStringLiteral("subkeys"), subkeys);
    QJsonArray variants;
    for (const commands::Parameter& variant : parameter.variants)
        variants.append(parameterJson(variant));
    if (!variants.isEmpty()) {
        json.insert(QStringLiteral("discriminator"), parameter.discriminator);
        json.insert(QStringLiteral("variants"), variants);
    }
    return json;
}

// `commands types [REQUESTTYPE]`: the catalogue, for people and scripts.
int types(const QStringList& args, bool json)
{
    QList<const commands::CommandSpec*> specs;
    if (args.isEmpty()) {
        for (const commands::CommandSpec& spec : commands::CommandCatalogue::all())
            specs.append(&spec);
    } else if (const commands::CommandSpec* spec = commands::CommandCatalogue::find(args.first())) {
        specs.append(spec);
    } else {
        return failWith(tr("unknown RequestType '%1'").arg(args.first()));
    }
    QTextStream out(stdout);
    if (json) {
        QJsonArray list;
        for (const commands::CommandSpec* spec : specs) {
            QJsonArray parameters;
            for (const commands::Parameter& parameter : spec->parameters)
                parameters.append(parameterJson(parameter));
            list.append(QJsonObject {{QStringLiteral("requestType"), spec->requestType},
                {QStringLiteral("description"), spec->description},
                {QStringLiteral("channels"), QJsonArray::fromStringList(commands::channelNames(spec->channels))},
                {QStringLiteral("platforms"), QJsonArray::fromStringList(commands::platformNames(spec->platforms))},
                {QStringLiteral("requiresSupervision"), spec->requiresSupervision},
                {QStringLiteral("sensitive"), spec->sensitive}, {QStringLiteral("parameters"), parameters}});
        }
        out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    for (const commands::CommandSpec* spec : specs) {
        out << spec->requestType << (spec->sensitive ? tr(" (sensitive)") : QString()) << ": " << spec->description
            << '\n';
        out << "    "
            << tr("channels: %1; platforms: %2%3")
                   .arg(commands::channelNames(spec->channels).join(QStringLiteral(", ")),
                       commands::platformNames(spec->platforms).join(QStringLiteral(", ")),
                       spec->requiresSupervision ? tr("; supervised iOS only") : QString())
            << '\n';
        for (const commands::Parameter& parameter : spec->parameters) {
            QString type = commands::valueTypeName(parameter.type);
            if (const commands::Parameter* element = parameter.element())
                type += QStringLiteral(" of %1").arg(commands::valueTypeName(element->type));
            out << "    " << parameter.key << '=' << type << (parameter.required ? tr(", required") : QString())
                << (parameter.serverSupplied ? tr(", filled by the server") : QString()) << ": "
                << parameter.description << '\n';
            if (!parameter.allowedStrings.isEmpty())
                out << "        " << tr("one of: %1").arg(parameter.allowedStrings.join(QStringLiteral(", "))) << '\n';
        }
    }
    return 0;
}

// `commands send REQUESTTYPE --device UDID... [--param KEY=VALUE...] [--user USERID]`
int send(const QCommandLineParser& parser, const QueueCommandOptions& options, const QStringList& args,
    const QString& dataDirPath, bool json)
{
    if (args.size() != 1)
        return failWith(tr("send wants exactly one REQUESTTYPE (see 'quincectl commands types')"), 2);
    const QString requestType = args.first();
    const commands::CommandSpec* spec = commands::CommandCatalogue::find(requestType);
    if (!spec)
        return failWith(tr("unknown RequestType '%1' (see 'quincectl commands types')").arg(requestType), 2);
    if (requestType == commands::request::ClearPasscode)
        return failWith(tr("ClearPasscode needs the approval workflow (issue 7): the server fills in the device's "
                           "UnlockToken from its sealed store once an operator approves; it cannot be sent from "
                           "the command line yet"));
    QStringList udids = parser.values(options.device);
    udids.removeDuplicates();
    if (udids.isEmpty())
        return failWith(tr("send needs at least one --device UDID"), 2);
    const QString userId = parser.value(options.user);
    const bool userChannel = parser.isSet(options.user);
    if (userChannel && userId.isEmpty())
        return failWith(tr("--user wants the user's UserID"), 2);
    if (userChannel && !spec->channels.testFlag(commands::Channel::User))
        return failWith(tr("%1 is not allowed on the user channel").arg(requestType), 2);

    auto parameters = commands::ParameterParser::parse(requestType, parser.values(options.param));
    if (!parameters)
        return failWith(parameters.error().message, 2);
    auto command = commands::CommandBuilder::build(requestType, *parameters);
    if (!command)
        return failWith(command.error().message, 2);

    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return failWith(db.error().message);

    // The device channel's user_id is '' (not NULL, which a null QString would bind as).
    const QString channelUser = userChannel ? userId : QString(QLatin1String(""));
    QString commandUuid;
    QList<qint64> enrollmentIds;
    const StorageStatus queued = db->transact([&]() -> StorageStatus {
        for (const QString& udid : udids) {
            auto found = db->exec(QStringLiteral("SELECT e.id, e.status FROM devices d "
                                                 "LEFT JOIN enrollments e ON e.device_id = d.id AND e.channel = ? "
                                                 "AND e.user_id = ? WHERE d.udid = ?"),
                {userChannel ? QStringLiteral("user") : QStringLiteral("device"), channelUser, udid});
            if (!found)
                return found.error();
            if (!found->next())
                return StorageError {StorageErrorKind::JobFailed, tr("unknown device %1").arg(udid), {}};
            if (found->value(0).isNull() || found->value(1).toString() != QLatin1String("active"))
                return StorageError {StorageErrorKind::JobFailed,
                    userChannel ? tr("device %1 has no active user channel for %2").arg(udid, userId)
                                : tr("device %1 has no active enrollment").arg(udid),
                    {}};
            enrollmentIds.append(found->value(0).toLongLong());
        }
        mdm::EnqueueOptions enqueueOptions;
        enqueueOptions.createdBy = QStringLiteral("quincectl");
        auto uuid = mdm::CommandQueue(*db).enqueue(
            enrollmentIds, requestType, *command, enqueueOptions, QDateTime::currentDateTimeUtc());
        if (!uuid)
            return uuid.error();
        commandUuid = *uuid;
        return {};
    });
    if (!queued)
        return failWith(
            queued.error().kind == StorageErrorKind::JobFailed ? queued.error().message : queued.error().toString());

    QTextStream out(stdout);
    if (json) {
        QJsonArray targets;
        for (qsizetype i = 0; i < udids.size(); ++i)
            targets.append(QJsonObject {
                {QStringLiteral("udid"), udids.at(i)}, {QStringLiteral("enrollmentId"), enrollmentIds.at(i)}});
        out << QJsonDocument(QJsonObject {{QStringLiteral("commandUuid"), commandUuid},
                                 {QStringLiteral("requestType"), requestType}, {QStringLiteral("targets"), targets}})
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else {
        out << commandUuid << '\n';
    }
    return 0;
}

QJsonObject entryJson(const mdm::QueueEntry& entry, const EnrollmentLabel& label)
{
    return QJsonObject {{QStringLiteral("commandUuid"), entry.commandUuid},
        {QStringLiteral("requestType"), entry.requestType}, {QStringLiteral("udid"), label.udid},
        {QStringLiteral("channel"), label.channel}, {QStringLiteral("userId"), label.userId},
        {QStringLiteral("enrollmentId"), entry.enrollmentId},
        {QStringLiteral("state"), mdm::queueStateName(entry.state)}, {QStringLiteral("attempts"), entry.attempts},
        {QStringLiteral("notNowCount"), entry.notNowCount}, {QStringLiteral("priority"), entry.priority},
        {QStringLiteral("createdBy"), entry.createdBy}, {QStringLiteral("queuedAt"), isoOrEmpty(entry.queuedAt)},
        {QStringLiteral("sentAt"), isoOrEmpty(entry.sentAt)},
        {QStringLiteral("completedAt"), isoOrEmpty(entry.completedAt)},
        {QStringLiteral("canceledAt"), isoOrEmpty(entry.canceledAt)},
        {QStringLiteral("expiresAt"), isoOrEmpty(entry.expiresAt)}};
}

// `commands list [--device UDID] [--state STATE]`
int list(const QCommandLineParser& parser, const QueueCommandOptions& options, const QString& dataDirPath, bool json)
{
    mdm::QueueFilter filter;
    if (parser.isSet(options.state)) {
        filter.state = mdm::queueStateFromName(parser.value(options.state));
        if (!filter.state)
            return failWith(tr("unknown --state '%1' (pending_approval, queued, sent, not_now, acknowledged, error, "
                               "format_error, canceled, expired)")
                                .arg(parser.value(options.state)),
                2);
    }
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return failWith(db.error().message);

    // Every enrollment of the device (device and user channels), or the whole queue.
    QList<std::optional<qint64>> scopes {std::nullopt};
    const QStringList udids = parser.values(options.device);
    if (!udids.isEmpty()) {
        scopes.clear();
        for (const QString& udid : udids) {
            auto found = db->exec(QStringLiteral("SELECT d.id, e.id FROM devices d "
                                                 "LEFT JOIN enrollments e ON e.device_id = d.id WHERE d.udid = ?"),
                {udid});
            if (!found)
                return failWith(found.error().toString());
            bool known = false;
            while (found->next()) {
                known = true;
                if (!found->value(1).isNull())
                    scopes.append(found->value(1).toLongLong());
            }
            if (!known)
                return failWith(tr("unknown device %1").arg(udid));
        }
    }
    QList<mdm::QueueEntry> entries;
    for (const std::optional<qint64>& scope : scopes) {
        filter.enrollmentId = scope;
        auto rows = mdm::CommandQueue(*db).list(filter);
        if (!rows)
            return failWith(rows.error().toString());
        entries += *rows;
    }
    std::stable_sort(entries.begin(), entries.end(),
        [](const mdm::QueueEntry& a, const mdm::QueueEntry& b) { return a.queueId < b.queueId; });
    QList<qint64> enrollmentIds;
    for (const mdm::QueueEntry& entry : entries) {
        if (!enrollmentIds.contains(entry.enrollmentId))
            enrollmentIds.append(entry.enrollmentId);
    }
    const QHash<qint64, EnrollmentLabel> labels = labelsOf(*db, enrollmentIds);

    QTextStream out(stdout);
    if (json) {
        QJsonArray rows;
        for (const mdm::QueueEntry& entry : entries)
            rows.append(entryJson(entry, labels.value(entry.enrollmentId)));
        out << QJsonDocument(QJsonObject {{QStringLiteral("commands"), rows}}).toJson(QJsonDocument::Indented);
        return 0;
    }
    QList<QStringList> rows;
    for (const mdm::QueueEntry& entry : entries) {
        const EnrollmentLabel label = labels.value(entry.enrollmentId);
        rows.append({entry.commandUuid, entry.requestType, label.udid, channelText(label),
            mdm::queueStateName(entry.state), QString::number(entry.attempts),
            entry.queuedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))});
    }
    printTable(out,
        {tr("COMMAND UUID"), tr("REQUEST TYPE"), tr("DEVICE"), tr("CHANNEL"), tr("STATE"), tr("ATTEMPTS"),
            tr("QUEUED (UTC)")},
        rows);
    if (rows.isEmpty())
        out << tr("(no commands)") << '\n';
    return 0;
}

// `commands show UUID`: the command, where it stands per enrollment, the raw request and every
// raw response.
int show(const QStringList& args, const QString& dataDirPath, bool json)
{
    if (args.size() != 1)
        return failWith(tr("show wants one CommandUUID"), 2);
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return failWith(db.error().message);
    auto details = mdm::CommandQueue(*db).show(args.first());
    if (!details)
        return failWith(details.error().toString());
    if (!details->has_value())
        return failWith(tr("no command %1").arg(args.first()));
    const mdm::CommandDetails& command = **details;
    QList<qint64> enrollmentIds;
    for (const mdm::QueueEntry& entry : command.entries)
        enrollmentIds.append(entry.enrollmentId);
    for (const mdm::CommandResult& result : command.results)
        enrollmentIds.append(result.enrollmentId);
    const QHash<qint64, EnrollmentLabel> labels = labelsOf(*db, enrollmentIds);

    QTextStream out(stdout);
    if (json) {
        QJsonArray entries;
        for (const mdm::QueueEntry& entry : command.entries)
            entries.append(entryJson(entry, labels.value(entry.enrollmentId)));
        QJsonArray results;
        for (const mdm::CommandResult& result : command.results)
            results.append(QJsonObject {{QStringLiteral("udid"), labels.value(result.enrollmentId).udid},
                {QStringLiteral("enrollmentId"), result.enrollmentId}, {QStringLiteral("status"), result.status},
                {QStringLiteral("receivedAt"), isoOrEmpty(result.receivedAt)},
                {QStringLiteral("response"), plistText(result.response)}});
        out << QJsonDocument(
            QJsonObject {{QStringLiteral("commandUuid"), command.commandUuid},
                {QStringLiteral("requestType"), command.requestType}, {QStringLiteral("createdBy"), command.createdBy},
                {QStringLiteral("createdAt"), isoOrEmpty(command.createdAt)},
                {QStringLiteral("requiresApproval"), command.requiresApproval}, {QStringLiteral("entries"), entries},
                {QStringLiteral("results"), results}, {QStringLiteral("request"), plistText(command.body)}})
                   .toJson(QJsonDocument::Indented);
        return 0;
    }
    out << tr("Command %1: %2").arg(command.commandUuid, command.requestType) << '\n';
    out << tr("Created %1 by %2").arg(isoOrEmpty(command.createdAt), command.createdBy) << '\n';
    for (const mdm::QueueEntry& entry : command.entries) {
        const EnrollmentLabel label = labels.value(entry.enrollmentId);
        out << tr("  %1 (%2): %3, %4 attempt(s)")
                   .arg(label.udid, channelText(label), mdm::queueStateName(entry.state))
                   .arg(entry.attempts)
            << '\n';
    }
    out << tr("Request:") << '\n' << plistText(command.body);
    for (const mdm::CommandResult& result : command.results) {
        out << tr("Response from %1: %2 at %3:")
                   .arg(labels.value(result.enrollmentId).udid, result.status, isoOrEmpty(result.receivedAt))
            << '\n'
            << plistText(result.response);
        if (!result.response.endsWith('\n'))
            out << '\n';
    }
    return 0;
}

// `commands cancel UUID`: every open queue entry of the command.
int cancel(const QStringList& args, const QString& dataDirPath, bool json)
{
    if (args.size() != 1)
        return failWith(tr("cancel wants one CommandUUID"), 2);
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return failWith(db.error().message);
    int canceled = 0;
    bool known = true;
    const StorageStatus done = db->transact([&]() -> StorageStatus {
        mdm::CommandQueue queue(*db);
        auto details = queue.show(args.first());
        if (!details)
            return details.error();
        known = details->has_value();
        if (!known)
            return {};
        auto count = queue.cancel(args.first(), std::nullopt, QDateTime::currentDateTimeUtc());
        if (!count)
            return count.error();
        canceled = *count;
        return {};
    });
    if (!done)
        return failWith(done.error().toString());
    if (!known)
        return failWith(tr("no command %1").arg(args.first()));
    if (canceled == 0)
        return failWith(tr("command %1 has nothing left to cancel (every entry is final)").arg(args.first()));
    QTextStream out(stdout);
    if (json)
        out << QJsonDocument(
            QJsonObject {{QStringLiteral("commandUuid"), args.first()}, {QStringLiteral("canceled"), canceled}})
                   .toJson(QJsonDocument::Compact)
            << '\n';
    else
        out << tr("Canceled %1: %2 queue entries").arg(args.first()).arg(canceled) << '\n';
    return 0;
}

} // namespace

int queueCommands(const QCommandLineParser& parser, const QueueCommandOptions& options, const QStringList& args,
    const QString& dataDirPath)
{
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString verb = args.value(0);
    if (verb == QLatin1String("send"))
        return send(parser, options, args.mid(1), dataDirPath, json);
    if (verb == QLatin1String("list") && args.size() == 1)
        return list(parser, options, dataDirPath, json);
    if (verb == QLatin1String("show"))
        return show(args.mid(1), dataDirPath, json);
    if (verb == QLatin1String("cancel"))
        return cancel(args.mid(1), dataDirPath, json);
    if (verb == QLatin1String("types"))
        return types(args.mid(1), json);
    return failWith(tr("unknown or incomplete command '%1'; try 'quincectl --help'").arg(args.join(u' ')), 2);
}

} // namespace quince::cli

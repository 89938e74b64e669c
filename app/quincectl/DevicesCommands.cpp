// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/inventory/DeviceInventory.h"
#include "core/inventory/DeviceLifecycle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTextStream>

namespace quince::cli {

namespace {

using inventory::DeviceDetails;
using inventory::DeviceSummary;

QString isoTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QJsonValue jsonTime(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(isoTime(time)) : QJsonValue();
}

template <typename T> QJsonValue jsonOptional(const std::optional<T>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonObject summaryJson(const DeviceSummary& d)
{
    return QJsonObject {
        {QStringLiteral("udid"), d.udid},
        {QStringLiteral("serialNumber"), d.serialNumber},
        {QStringLiteral("deviceName"), d.deviceName},
        {QStringLiteral("model"), d.model},
        {QStringLiteral("modelName"), d.modelName},
        {QStringLiteral("productName"), d.productName},
        {QStringLiteral("osVersion"), d.osVersion},
        {QStringLiteral("buildVersion"), d.buildVersion},
        {QStringLiteral("enrollmentState"), d.enrollmentState},
        {QStringLiteral("inactive"), d.inactive()},
        {QStringLiteral("inactiveSince"), jsonTime(d.inactiveSince)},
        {QStringLiteral("lastSeenAt"), jsonTime(d.lastSeenAt)},
        {QStringLiteral("enrolledAt"), jsonTime(d.enrolledAt)},
        {QStringLiteral("createdAt"), jsonTime(d.createdAt)},
        {QStringLiteral("factsReportedAt"), jsonTime(d.factsReportedAt)},
        {QStringLiteral("batteryLevel"), jsonOptional(d.batteryLevel)},
        {QStringLiteral("deviceCapacityGb"), jsonOptional(d.deviceCapacityGb)},
        {QStringLiteral("availableCapacityGb"), jsonOptional(d.availableCapacityGb)},
        {QStringLiteral("isSupervised"), jsonOptional(d.isSupervised)},
        {QStringLiteral("unenrollRequestedAt"), jsonTime(d.unenrollRequestedAt)},
        {QStringLiteral("unenrollReason"), d.unenrollReason.isEmpty() ? QJsonValue() : QJsonValue(d.unenrollReason)},
    };
}

/// "payload_identifier" → "payloadIdentifier", so every key of the JSON has one style.
QString camelCase(const QString& column)
{
    QString key;
    bool upper = false;
    for (const QChar c : column) {
        if (c == u'_') {
            upper = true;
            continue;
        }
        key += upper ? c.toUpper() : c;
        upper = false;
    }
    return key;
}

/// A row of a section: column names (in camelCase) as keys, times as ISO 8601 UTC.
QJsonObject rowJson(const QVariantMap& row)
{
    QJsonObject object;
    for (auto it = row.cbegin(); it != row.cend(); ++it) {
        const QString key = camelCase(it.key());
        if (it.value().isNull())
            object.insert(key, QJsonValue());
        else if (it.value().metaType() == QMetaType::fromType<QDateTime>())
            object.insert(key, isoTime(it.value().toDateTime()));
        else
            object.insert(key, QJsonValue::fromVariant(it.value()));
    }
    return object;
}

QJsonArray rowsJson(const QList<QVariantMap>& rows)
{
    QJsonArray array;
    for (const QVariantMap& row : rows)
        array.append(rowJson(row));
    return array;
}

QString cell(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("-");
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return isoTime(value.toDateTime());
    return value.toString();
}

QString orDash(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

/// A section of `devices show`: a heading with the count and the last report, then its rows.
void printSection(QTextStream& out, const QString& title, const QList<QVariantMap>& rows, const QStringList& columns)
{
    QDateTime reported;
    for (const QVariantMap& row : rows)
        reported = std::max(reported, row.value(QStringLiteral("reported_at")).toDateTime());
    out << '\n'
        << title << " (" << rows.size() << ")"
        << (reported.isValid() ? tr(", reported %1").arg(isoTime(reported)) : QString()) << '\n';
    if (rows.isEmpty())
        return;
    QList<QStringList> table;
    for (const QVariantMap& row : rows) {
        QStringList cells;
        for (const QString& column : columns)
            cells.append(cell(row.value(column)));
        table.append(cells);
    }
    QStringList headers;
    for (const QString& column : columns)
        headers.append(column.toUpper());
    printTable(out, headers, table);
}

int list(const QString& dataDirPath, bool json, bool inactiveOnly)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db) {
        err << tr("quincectl devices list: %1").arg(db.error().message) << '\n';
        return 1;
    }
    inventory::DeviceListFilter filter;
    filter.inactiveOnly = inactiveOnly;
    auto devices = inventory::DeviceInventory::list(*db, filter);
    if (!devices) {
        err << tr("quincectl devices list: cannot read the devices: %1").arg(devices.error().toString()) << '\n';
        return 1;
    }
    if (json) {
        QJsonArray array;
        for (const DeviceSummary& device : *devices)
            array.append(summaryJson(device));
        out << QJsonDocument(QJsonObject {{QStringLiteral("devices"), array}}).toJson(QJsonDocument::Indented);
        return 0;
    }
    QList<QStringList> rows;
    for (const DeviceSummary& d : *devices) {
        const QString state = d.inactive() ? d.enrollmentState + tr(" (inactive)") : d.enrollmentState;
        rows.append({d.udid, orDash(d.serialNumber), orDash(d.deviceName), orDash(d.productName), orDash(d.osVersion),
            state, orDash(isoTime(d.lastSeenAt))});
    }
    printTable(
        out, {tr("UDID"), tr("SERIAL"), tr("NAME"), tr("PRODUCT"), tr("OS"), tr("STATE"), tr("LAST SEEN (UTC)")}, rows);
    if (rows.isEmpty())
        out << (inactiveOnly ? tr("(no inactive devices)") : tr("(no devices yet)")) << '\n';
    return 0;
}

int show(const QString& dataDirPath, const QString& udid, bool json)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db) {
        err << tr("quincectl devices show: %1").arg(db.error().message) << '\n';
        return 1;
    }
    auto found = inventory::DeviceInventory::show(*db, udid);
    if (!found) {
        err << tr("quincectl devices show: cannot read the device: %1").arg(found.error().toString()) << '\n';
        return 1;
    }
    if (!*found) {
        err << tr("quincectl devices show: no device with UDID %1").arg(udid) << '\n';
        return 1;
    }
    const DeviceDetails& d = **found;
    if (json) {
        QJsonObject object = summaryJson(d.summary);
        object.insert(QStringLiteral("enrollments"), rowsJson(d.enrollments));
        object.insert(QStringLiteral("facts"), rowsJson(d.facts));
        object.insert(QStringLiteral("security"), d.security ? QJsonValue(rowJson(*d.security)) : QJsonValue());
        object.insert(QStringLiteral("profiles"), rowsJson(d.profiles));
        object.insert(QStringLiteral("provisioningProfiles"), rowsJson(d.provisioningProfiles));
        object.insert(QStringLiteral("certificates"), rowsJson(d.certificates));
        object.insert(QStringLiteral("applications"), rowsJson(d.applications));
        object.insert(QStringLiteral("reports"), rowsJson(d.reports));
        out << QJsonDocument(object).toJson(QJsonDocument::Indented);
        return 0;
    }
    const DeviceSummary& s = d.summary;
    out << tr("Device %1").arg(s.udid) << '\n';
    const QList<QPair<QString, QString>> overview {
        {tr("Name"), s.deviceName},
        {tr("Serial number"), s.serialNumber},
        {tr("Product"), s.productName},
        {tr("Model"), s.modelName.isEmpty() ? s.model : s.modelName + QStringLiteral(" (") + s.model + u')'},
        {tr("OS"), s.osVersion.isEmpty() ? QString() : s.osVersion + QStringLiteral(" (") + s.buildVersion + u')'},
        {tr("Supervised"), s.isSupervised ? (*s.isSupervised ? tr("yes") : tr("no")) : QString()},
        {tr("Battery"), s.batteryLevel ? QString::number(*s.batteryLevel * 100, 'f', 0) + u'%' : QString()},
        {tr("Capacity (GB)"),
            s.deviceCapacityGb ? QString::number(*s.deviceCapacityGb, 'f', 1)
                    + (s.availableCapacityGb ? tr(", %1 free").arg(QString::number(*s.availableCapacityGb, 'f', 1))
                                             : QString())
                               : QString()},
        {tr("Enrollment"), s.enrollmentState},
        {tr("Enrolled"), isoTime(s.enrolledAt)},
        {tr("Last seen"), isoTime(s.lastSeenAt)},
        {tr("Inactive since"), isoTime(s.inactiveSince)},
        {tr("401 requested"),
            s.unenrollRequestedAt.isValid() ? isoTime(s.unenrollRequestedAt) + QStringLiteral(": ") + s.unenrollReason
                                            : QString()},
        {tr("Facts reported"), isoTime(s.factsReportedAt)},
    };
    for (const auto& [label, value] : overview)
        out << "  " << QString(label + u':').leftJustified(17) << orDash(value) << '\n';

    printSection(out, tr("Enrollments"), d.enrollments,
        {QStringLiteral("channel"), QStringLiteral("user_short_name"), QStringLiteral("status"),
            QStringLiteral("last_seen_at"), QStringLiteral("inactive_since")});
    printSection(out, tr("Facts"), d.facts, {QStringLiteral("name"), QStringLiteral("value")});
    out << '\n' << tr("Security");
    if (d.security) {
        out << tr(" (reported %1)").arg(cell(d.security->value(QStringLiteral("reported_at")))) << '\n';
        for (auto it = d.security->cbegin(); it != d.security->cend(); ++it) {
            if (it.key() != QLatin1String("reported_at"))
                out << "  " << QString(it.key() + u':').leftJustified(38) << cell(it.value()) << '\n';
        }
    } else {
        out << tr(" (not reported)") << '\n';
    }
    printSection(out, tr("Profiles"), d.profiles,
        {QStringLiteral("payload_identifier"), QStringLiteral("display_name"), QStringLiteral("is_managed"),
            QStringLiteral("payload_types")});
    printSection(out, tr("Provisioning profiles"), d.provisioningProfiles,
        {QStringLiteral("name"), QStringLiteral("uuid"), QStringLiteral("expiry_date")});
    printSection(out, tr("Certificates"), d.certificates,
        {QStringLiteral("common_name"), QStringLiteral("is_identity"), QStringLiteral("not_after"),
            QStringLiteral("issuer")});
    printSection(out, tr("Applications"), d.applications,
        {QStringLiteral("name"), QStringLiteral("identifier"), QStringLiteral("short_version"),
            QStringLiteral("version")});
    printSection(out, tr("Reports"), d.reports,
        {QStringLiteral("request_type"), QStringLiteral("item_count"), QStringLiteral("applied_at"),
            QStringLiteral("malformed_at"), QStringLiteral("error")});
    return 0;
}

int unenroll(const QString& dataDirPath, const QString& udid, bool removeProfile, bool refuseNext,
    const QString& reason, bool json)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (removeProfile == refuseNext) {
        err << tr("quincectl devices unenroll: give exactly one of --remove-profile and --refuse-next") << '\n';
        return 2;
    }
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db) {
        err << tr("quincectl devices unenroll: %1").arg(db.error().message) << '\n';
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString failure;
    QString commandUuid;
    const storage::StorageStatus done = db->transact([&]() -> storage::StorageStatus {
        if (refuseNext) {
            const QString why = reason.isEmpty() ? tr("refused by quincectl devices unenroll") : reason;
            if (Status marked = inventory::DeviceLifecycle::requestRefusal(*db, udid, why, now); !marked) {
                failure = marked.error().message;
                return storage::StorageError {storage::StorageErrorKind::JobFailed, failure, QString()};
            }
            return {};
        }
        Result<QString> queued
            = inventory::DeviceLifecycle::enqueueRemoveProfile(*db, udid, QStringLiteral("quincectl"), now);
        if (!queued) {
            failure = queued.error().message;
            return storage::StorageError {storage::StorageErrorKind::JobFailed, failure, QString()};
        }
        commandUuid = *queued;
        return {};
    });
    if (!done) {
        err << tr("quincectl devices unenroll: %1").arg(failure.isEmpty() ? done.error().toString() : failure) << '\n';
        return 1;
    }
    if (json) {
        QJsonObject object {{QStringLiteral("udid"), udid},
            {QStringLiteral("method"), refuseNext ? QStringLiteral("refuse-next") : QStringLiteral("remove-profile")}};
        if (!commandUuid.isEmpty())
            object.insert(QStringLiteral("commandUuid"), commandUuid);
        out << QJsonDocument(object).toJson(QJsonDocument::Indented);
    } else if (refuseNext) {
        out << tr("Device %1 will get 401 on its next request and be unenrolled.").arg(udid) << '\n';
    } else {
        out << tr("RemoveProfile queued for device %1 as command %2.").arg(udid, commandUuid) << '\n';
    }
    return 0;
}

} // namespace

int devices(const QCommandLineParser& parser, const DevicesOptions& options, const QStringList& args,
    const QString& dataDirPath)
{
    QTextStream err(stderr);
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString sub = args.value(0);
    if (sub == QLatin1String("list") && args.size() == 1)
        return list(dataDirPath, json, parser.isSet(options.inactive));
    if (sub == QLatin1String("show") && args.size() == 2)
        return show(dataDirPath, args.at(1), json);
    if (sub == QLatin1String("unenroll") && args.size() == 2)
        return unenroll(dataDirPath, args.at(1), parser.isSet(options.removeProfile), parser.isSet(options.refuseNext),
            parser.value(options.reason), json);
    err << tr("quincectl devices: expected 'list', 'show UDID' or 'unenroll UDID'; try 'quincectl --help'") << '\n';
    return 2;
}

} // namespace quince::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandResponder.h"

#include "SimulatedDevice.h"

#include <QDateTime>

namespace quince::devsim {

namespace {

using plist::Array;
using plist::Dict;
using plist::Value;

Dict deviceInformation(const DeviceInfo& device, const Dict& command)
{
    const Dict all {
        {QStringLiteral("UDID"), device.udid},
        {QStringLiteral("DeviceName"), device.deviceName},
        {QStringLiteral("OSVersion"), device.osVersion},
        {QStringLiteral("BuildVersion"), device.buildVersion},
        {QStringLiteral("ModelName"), device.modelName},
        {QStringLiteral("Model"), device.model},
        {QStringLiteral("ProductName"), device.productName},
        {QStringLiteral("SerialNumber"), device.serialNumber},
        {QStringLiteral("DeviceCapacity"), 238.4},
        {QStringLiteral("AvailableDeviceCapacity"), 171.2},
        {QStringLiteral("BatteryLevel"), 0.83},
        {QStringLiteral("IsSupervised"), true},
        {QStringLiteral("IsActivationLockEnabled"), false},
        {QStringLiteral("WiFiMAC"), QStringLiteral("f0:99:b6:12:34:56")},
    };
    const Array& queries = command.value(QStringLiteral("Queries")).toArray();
    if (queries.isEmpty())
        return all;
    Dict answered;
    for (const Value& query : queries)
        if (all.contains(query.toString()))
            answered.insert(query.toString(), all.value(query.toString()));
    return answered;
}

Dict app(const QString& identifier, const QString& name, const QString& version, qint64 size)
{
    return Dict {{QStringLiteral("Identifier"), identifier}, {QStringLiteral("Name"), name},
        {QStringLiteral("ShortVersion"), version}, {QStringLiteral("Version"), version},
        {QStringLiteral("BundleSize"), size}, {QStringLiteral("Installing"), false}};
}

void addResponseKeys(Dict& response, const DeviceInfo& device, const ReceivedCommand& command)
{
    const QString& type = command.requestType;
    if (type == QLatin1String("DeviceInformation")) {
        response.insert(QStringLiteral("QueryResponses"), deviceInformation(device, command.command));
    } else if (type == QLatin1String("SecurityInfo")) {
        response.insert(QStringLiteral("SecurityInfo"),
            Dict {{QStringLiteral("HardwareEncryptionCaps"), 3}, {QStringLiteral("PasscodePresent"), true},
                {QStringLiteral("PasscodeCompliant"), true}, {QStringLiteral("PasscodeCompliantWithProfiles"), true},
                {QStringLiteral("PasscodeLockGracePeriodEnforced"), 0}});
    } else if (type == QLatin1String("ProfileList")) {
        response.insert(QStringLiteral("ProfileList"),
            Array {Value(Dict {{QStringLiteral("PayloadIdentifier"), QStringLiteral("org.quince.enrollment")},
                {QStringLiteral("PayloadDisplayName"), QStringLiteral("Quince enrollment")},
                {QStringLiteral("PayloadUUID"), QStringLiteral("0B7F2A47-5B0C-4B7E-9E0B-4B6E5E3C1A11")},
                {QStringLiteral("PayloadVersion"), 1}, {QStringLiteral("IsManaged"), true},
                {QStringLiteral("PayloadContent"),
                    Array {Value(Dict {{QStringLiteral("PayloadType"), QStringLiteral("com.apple.mdm")},
                        {QStringLiteral("PayloadIdentifier"), QStringLiteral("org.quince.enrollment.mdm")}})}}})});
    } else if (type == QLatin1String("CertificateList")) {
        response.insert(QStringLiteral("CertificateList"),
            Array {Value(Dict {{QStringLiteral("CommonName"), device.deviceName}, {QStringLiteral("IsIdentity"), true},
                {QStringLiteral("Data"), QByteArray("\x30\x82\x01\x0a", 4)}})});
    } else if (type == QLatin1String("InstalledApplicationList")) {
        response.insert(QStringLiteral("InstalledApplicationList"),
            Array {Value(app(QStringLiteral("com.apple.Keynote"), QStringLiteral("Keynote"), QStringLiteral("13.2"),
                       612000000)),
                Value(app(QStringLiteral("com.example.fieldnotes"), QStringLiteral("Field Notes"),
                    QStringLiteral("4.1.0"), 48000000))});
    } else if (type == QLatin1String("ProvisioningProfileList")) {
        response.insert(QStringLiteral("ProvisioningProfileList"),
            Array {Value(Dict {{QStringLiteral("Name"), QStringLiteral("Example In-House")},
                {QStringLiteral("UUID"), QStringLiteral("5E2B6F2E-3C1B-4A44-9F35-0E2C6A7F1D22")},
                {QStringLiteral("ExpiryDate"), QDateTime::currentDateTimeUtc().addDays(200)}})});
    }
}

} // namespace

QString statusName(CommandAnswer::Status status)
{
    switch (status) {
    case CommandAnswer::Status::Acknowledged:
        return QStringLiteral("Acknowledged");
    case CommandAnswer::Status::Error:
        return QStringLiteral("Error");
    case CommandAnswer::Status::CommandFormatError:
        return QStringLiteral("CommandFormatError");
    case CommandAnswer::Status::NotNow:
        return QStringLiteral("NotNow");
    }
    return QStringLiteral("Error");
}

CommandPolicy acknowledgeAll()
{
    return [](const ReceivedCommand&) { return CommandAnswer {}; };
}

CommandPolicy answerByType(const QHash<QString, CommandAnswer>& answers, CommandAnswer fallback)
{
    return [answers, fallback](const ReceivedCommand& command) { return answers.value(command.requestType, fallback); };
}

Dict commandResponse(
    const DeviceInfo& device, const ReceivedCommand& command, CommandAnswer::Status status, const QString& userId)
{
    Dict response;
    response.insert(QStringLiteral("UDID"), device.udid);
    if (!userId.isEmpty())
        response.insert(QStringLiteral("UserID"), userId);
    response.insert(QStringLiteral("CommandUUID"), command.commandUuid);
    response.insert(QStringLiteral("Status"), statusName(status));
    if (status == CommandAnswer::Status::Acknowledged) {
        addResponseKeys(response, device, command);
    } else if (status == CommandAnswer::Status::Error) {
        response.insert(QStringLiteral("ErrorChain"),
            Array {Value(Dict {{QStringLiteral("ErrorCode"), 12021},
                {QStringLiteral("ErrorDomain"), QStringLiteral("MCMDMErrorDomain")},
                {QStringLiteral("LocalizedDescription"), QStringLiteral("The device refused the command.")},
                {QStringLiteral("USEnglishDescription"), QStringLiteral("The device refused the command.")}})});
    }
    return response;
}

} // namespace quince::devsim

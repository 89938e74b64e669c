// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inventory/ResponseParser.h"

#include "core/pki/Certificate.h"

#include <array>
#include <vector>

namespace quince::inventory {

namespace {

using plist::Type;

/// A key and the type Apple's schema gives it.
struct KeyType {
    const char* key;
    Type type;
};

// QueryResponses, top level (mdm/commands/information.device.yaml). A key that is absent here is
// kept if it is small and well-formed; a key that is here must have this type.
constexpr std::array kDeviceInformationKeys {
    KeyType {"UDID", Type::String},
    KeyType {"ProvisioningUDID", Type::String},
    KeyType {"OrganizationInfo", Type::Dict},
    KeyType {"MDMOptions", Type::Dict},
    KeyType {"LastCloudBackupDate", Type::Date},
    KeyType {"AwaitingConfiguration", Type::Boolean},
    KeyType {"iTunesStoreAccountIsActive", Type::Boolean},
    KeyType {"iTunesStoreAccountHash", Type::String},
    KeyType {"DeviceName", Type::String},
    KeyType {"OSVersion", Type::String},
    KeyType {"SupplementalOSVersionExtra", Type::String},
    KeyType {"BuildVersion", Type::String},
    KeyType {"SupplementalBuildVersion", Type::String},
    KeyType {"ModelName", Type::String},
    KeyType {"Model", Type::String},
    KeyType {"ModelNumber", Type::String},
    KeyType {"IsAppleSilicon", Type::Boolean},
    KeyType {"ProductName", Type::String},
    KeyType {"SerialNumber", Type::String},
    KeyType {"DeviceCapacity", Type::Real},
    KeyType {"AvailableDeviceCapacity", Type::Real},
    KeyType {"IMEI", Type::String},
    KeyType {"MEID", Type::String},
    KeyType {"ModemFirmwareVersion", Type::String},
    KeyType {"CellularTechnology", Type::Integer},
    KeyType {"BatteryLevel", Type::Real},
    KeyType {"HasBattery", Type::Boolean},
    KeyType {"IsSupervised", Type::Boolean},
    KeyType {"IsMultiUser", Type::Boolean},
    KeyType {"IsDeviceLocatorServiceEnabled", Type::Boolean},
    KeyType {"IsActivationLockEnabled", Type::Boolean},
    KeyType {"IsActivationLockSupported", Type::Boolean},
    KeyType {"IsDoNotDisturbInEffect", Type::Boolean},
    KeyType {"SupportsLOMDevice", Type::Boolean},
    KeyType {"DeviceID", Type::String},
    KeyType {"EASDeviceIdentifier", Type::String},
    KeyType {"IsCloudBackupEnabled", Type::Boolean},
    KeyType {"ActiveManagedUsers", Type::Array},
    KeyType {"OSUpdateSettings", Type::Dict},
    KeyType {"LocalHostName", Type::String},
    KeyType {"HostName", Type::String},
    KeyType {"AutoSetupAdminAccounts", Type::Array},
    KeyType {"SystemIntegrityProtectionEnabled", Type::Boolean},
    KeyType {"IsMDMLostModeEnabled", Type::Boolean},
    KeyType {"MaximumResidentUsers", Type::Integer},
    KeyType {"EstimatedResidentUsers", Type::Integer},
    KeyType {"QuotaSize", Type::Integer},
    KeyType {"ResidentUsers", Type::Integer},
    KeyType {"UserSessionTimeout", Type::Integer},
    KeyType {"TemporarySessionTimeout", Type::Integer},
    KeyType {"TemporarySessionOnly", Type::Boolean},
    KeyType {"ManagedAppleIDDefaultDomains", Type::Array},
    KeyType {"OnlineAuthenticationGracePeriod", Type::Integer},
    KeyType {"SkipLanguageAndLocaleSetupForNewUsers", Type::Boolean},
    KeyType {"PushToken", Type::Data},
    KeyType {"DiagnosticSubmissionEnabled", Type::Boolean},
    KeyType {"AppAnalyticsEnabled", Type::Boolean},
    KeyType {"TimeZone", Type::String},
    KeyType {"ICCID", Type::String},
    KeyType {"BluetoothMAC", Type::String},
    KeyType {"WiFiMAC", Type::String},
    KeyType {"EthernetMAC", Type::String},
    KeyType {"CurrentCarrierNetwork", Type::String},
    KeyType {"SIMCarrierNetwork", Type::String},
    KeyType {"SubscriberCarrierNetwork", Type::String},
    KeyType {"CarrierSettingsVersion", Type::String},
    KeyType {"PhoneNumber", Type::String},
    KeyType {"DataRoamingEnabled", Type::Boolean},
    KeyType {"VoiceRoamingEnabled", Type::Boolean},
    KeyType {"PersonalHotspotEnabled", Type::Boolean},
    KeyType {"IsNetworkTethered", Type::Boolean},
    KeyType {"IsRoaming", Type::Boolean},
    KeyType {"SIMMCC", Type::String},
    KeyType {"SIMMNC", Type::String},
    KeyType {"SubscriberMCC", Type::String},
    KeyType {"SubscriberMNC", Type::String},
    KeyType {"CurrentMCC", Type::String},
    KeyType {"CurrentMNC", Type::String},
    KeyType {"ServiceSubscriptions", Type::Array},
    KeyType {"PINRequiredForEraseDevice", Type::Boolean},
    KeyType {"PINRequiredForDeviceLock", Type::Boolean},
    KeyType {"SupportsiOSAppInstalls", Type::Boolean},
    KeyType {"SoftwareUpdateDeviceID", Type::String},
    KeyType {"SoftwareUpdateSettings", Type::Dict},
    KeyType {"AccessibilitySettings", Type::Dict},
    KeyType {"DevicePropertiesAttestation", Type::Array},
    KeyType {"EACSPreflight", Type::String},
};

// SecurityInfo, top level (mdm/commands/information.security.yaml).
constexpr std::array kSecurityInfoKeys {
    KeyType {"HardwareEncryptionCaps", Type::Integer},
    KeyType {"PasscodePresent", Type::Boolean},
    KeyType {"PasscodeCompliant", Type::Boolean},
    KeyType {"PasscodeCompliantWithProfiles", Type::Boolean},
    KeyType {"PasscodeLockGracePeriod", Type::Integer},
    KeyType {"PasscodeLockGracePeriodEnforced", Type::Integer},
    KeyType {"AutoLockTime", Type::Integer},
    KeyType {"FDE_Enabled", Type::Boolean},
    KeyType {"FDE_HasPersonalRecoveryKey", Type::Boolean},
    KeyType {"FDE_HasInstitutionalRecoveryKey", Type::Boolean},
    KeyType {"FDE_PersonalRecoveryKeyCMS", Type::Data},
    KeyType {"FDE_PersonalRecoveryKeyDeviceKey", Type::String},
    KeyType {"SystemIntegrityProtectionEnabled", Type::Boolean},
    KeyType {"FirewallSettings", Type::Dict},
    KeyType {"FirmwarePasswordStatus", Type::Dict},
    KeyType {"ManagementStatus", Type::Dict},
    KeyType {"SecureBoot", Type::Dict},
    KeyType {"RemoteDesktopEnabled", Type::Boolean},
    KeyType {"AuthenticatedRootVolumeEnabled", Type::Boolean},
    KeyType {"BootstrapTokenAllowedForAuthentication", Type::String},
    KeyType {"BootstrapTokenRequiredForSoftwareUpdate", Type::Boolean},
    KeyType {"BootstrapTokenRequiredForKernelExtensionApproval", Type::Boolean},
    KeyType {"IsRecoveryLockEnabled", Type::Boolean},
};

/// Reads typed keys of one dictionary and remembers the first violation, with its key path.
class Reader {
public:
    Reader(const plist::Dict& dict, QString path, const InventoryLimits& limits, QString* error)
        : m_dict(dict), m_path(std::move(path)), m_limits(limits), m_error(error)
    {
    }

    std::optional<QString> string(const char* key, bool required = false)
    {
        const plist::Value* value = typed(key, Type::String, required);
        if (!value)
            return std::nullopt;
        const QString text = value->toString();
        if (text.size() > m_limits.maxStringLength) {
            fail(QStringLiteral("%1 is longer than %2 characters").arg(where(key)).arg(m_limits.maxStringLength));
            return std::nullopt;
        }
        return text;
    }
    std::optional<bool> boolean(const char* key)
    {
        const plist::Value* value = typed(key, Type::Boolean, false);
        return value ? std::optional<bool>(value->toBool()) : std::nullopt;
    }
    std::optional<qint64> integer(const char* key)
    {
        const plist::Value* value = typed(key, Type::Integer, false);
        if (!value)
            return std::nullopt;
        if (value->isLargeUnsigned()) {
            fail(where(key) + QStringLiteral(" is out of range"));
            return std::nullopt;
        }
        return value->toInteger();
    }
    QDateTime date(const char* key)
    {
        const plist::Value* value = typed(key, Type::Date, false);
        return value ? value->toDateTime() : QDateTime();
    }
    QByteArray data(const char* key, qsizetype maxBytes, bool required)
    {
        const plist::Value* value = typed(key, Type::Data, required);
        if (!value)
            return {};
        if (value->toData().size() > maxBytes) {
            fail(QStringLiteral("%1 is larger than %2 bytes").arg(where(key)).arg(maxBytes));
            return {};
        }
        return value->toData();
    }
    /// A nested dictionary, or an empty one when absent (or of another type: then failed).
    const plist::Dict& dict(const char* key)
    {
        static const plist::Dict empty;
        const plist::Value* value = typed(key, Type::Dict, false);
        return value ? value->toDict() : empty;
    }
    QString where(const char* key) const { return m_path + QLatin1Char('.') + QLatin1String(key); }

private:
    const plist::Value* typed(const char* key, Type type, bool required)
    {
        const plist::Value& value = m_dict.value(QLatin1String(key));
        if (!value.isValid()) {
            if (required)
                fail(where(key) + QStringLiteral(" is missing"));
            return nullptr;
        }
        if (value.type() != type) {
            fail(QStringLiteral("%1 must be %2, not %3")
                     .arg(where(key), plist::typeName(type), plist::typeName(value.type())));
            return nullptr;
        }
        return &value;
    }
    void fail(const QString& message)
    {
        if (m_error->isEmpty())
            *m_error = message;
    }

    const plist::Dict& m_dict;
    QString m_path;
    const InventoryLimits& m_limits;
    QString* m_error;
};

/// Whether value has the schema's type; a real also accepts an integer (devices send 64 for 64.0).
bool hasType(const plist::Value& value, Type type)
{
    return value.type() == type || (type == Type::Real && value.type() == Type::Integer);
}

/// Checks a dictionary kept raw: nesting, value count, key and string lengths. Iterative, so a
/// hostile tree costs no stack (the codec bounds depth anyway).
QString checkRawTree(const plist::Dict& root, const QString& path, const InventoryLimits& limits)
{
    struct Pending {
        const plist::Value* value;
        int depth;
    };
    const plist::Value rootValue(root);
    std::vector<Pending> stack {{&rootValue, 1}};
    qsizetype count = 0;
    while (!stack.empty()) {
        const Pending current = stack.back();
        stack.pop_back();
        if (++count > limits.maxRawValues)
            return QStringLiteral("%1 holds more than %2 values").arg(path).arg(limits.maxRawValues);
        const plist::Value& value = *current.value;
        if (value.isArray() || value.isDict()) {
            if (current.depth >= limits.maxDepth)
                return QStringLiteral("%1 is nested deeper than %2 levels").arg(path).arg(limits.maxDepth);
            if (value.isDict()) {
                for (const plist::DictEntry& entry : value.toDict()) {
                    if (entry.key.size() > limits.maxKeyLength)
                        return QStringLiteral("%1 has a key longer than %2 characters")
                            .arg(path)
                            .arg(limits.maxKeyLength);
                    stack.push_back({&entry.value, current.depth + 1});
                }
            } else {
                for (const plist::Value& item : value.toArray())
                    stack.push_back({&item, current.depth + 1});
            }
        } else if (value.isString() && value.toString().size() > limits.maxStringLength) {
            return QStringLiteral("%1 has a string longer than %2 characters").arg(path).arg(limits.maxStringLength);
        } else if (value.isData() && value.toData().size() > limits.maxCertificateBytes) {
            return QStringLiteral("%1 has data larger than %2 bytes").arg(path).arg(limits.maxCertificateBytes);
        } else if (value.isUid()) {
            return path + QStringLiteral(" holds a keyed-archive UID, which no MDM response has");
        }
    }
    return QString();
}

template <std::size_t N>
QString checkKnownTypes(const plist::Dict& dict, const std::array<KeyType, N>& known, const QString& path)
{
    for (const KeyType& entry : known) {
        const plist::Value& value = dict.value(QLatin1String(entry.key));
        if (value.isValid() && !hasType(value, entry.type))
            return QStringLiteral("%1.%2 must be %3, not %4")
                .arg(path, QLatin1String(entry.key), plist::typeName(entry.type), plist::typeName(value.type()));
    }
    return QString();
}

/// The array under key of the response, bounded; an error when absent, mistyped or too long.
const plist::Array* boundedArray(const plist::Dict& response, const QString& key, qsizetype max, QString* error)
{
    const plist::Value& value = response.value(key);
    if (!value.isValid()) {
        *error = key + QStringLiteral(" is missing");
        return nullptr;
    }
    if (!value.isArray()) {
        *error = QStringLiteral("%1 must be Array, not %2").arg(key, plist::typeName(value.type()));
        return nullptr;
    }
    if (value.size() > max) {
        *error = QStringLiteral("%1 has %2 entries, more than the %3 accepted").arg(key).arg(value.size()).arg(max);
        return nullptr;
    }
    return &value.toArray();
}

Result<InventoryReport> parseDeviceInformation(const plist::Dict& response, const InventoryLimits& limits)
{
    const QString path = QStringLiteral("QueryResponses");
    const plist::Value& value = response.value(path);
    if (!value.isDict())
        return Error {value.isValid()
                ? QStringLiteral("QueryResponses must be Dict, not %1").arg(plist::typeName(value.type()))
                : QStringLiteral("QueryResponses is missing")};
    const plist::Dict& responses = value.toDict();
    if (responses.size() > limits.maxFacts)
        return Error {QStringLiteral("QueryResponses has %1 keys, more than the %2 accepted")
                          .arg(responses.size())
                          .arg(limits.maxFacts)};
    if (QString error = checkKnownTypes(responses, kDeviceInformationKeys, path); !error.isEmpty())
        return Error {error};
    if (QString error = checkRawTree(responses, path, limits); !error.isEmpty())
        return Error {error};

    InventoryReport report;
    report.kind = InventoryKind::DeviceInformation;
    report.deviceInformation.queryResponses = responses;
    for (const plist::DictEntry& entry : responses) {
        const plist::Value& v = entry.value;
        DeviceFact fact {entry.key, QString(), plist::typeName(v.type())};
        switch (v.type()) {
        case Type::Boolean:
            fact.value = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            break;
        case Type::Integer:
            fact.value = v.isLargeUnsigned() ? QString::number(v.toUnsigned()) : QString::number(v.toInteger());
            break;
        case Type::Real:
            fact.value = QString::number(v.toReal(), 'g', 17);
            break;
        case Type::String:
            fact.value = v.toString();
            break;
        case Type::Date:
            fact.value = v.toDateTime().toString(Qt::ISODateWithMs);
            break;
        default:
            continue; // data and containers stay in the raw dictionary only
        }
        report.deviceInformation.facts.append(fact);
    }
    return report;
}

Result<InventoryReport> parseSecurityInfo(const plist::Dict& response, const InventoryLimits& limits)
{
    const QString path = QStringLiteral("SecurityInfo");
    const plist::Value& value = response.value(path);
    if (!value.isDict())
        return Error {value.isValid()
                ? QStringLiteral("SecurityInfo must be Dict, not %1").arg(plist::typeName(value.type()))
                : QStringLiteral("SecurityInfo is missing")};
    plist::Dict info = value.toDict();
    if (QString error = checkKnownTypes(info, kSecurityInfoKeys, path); !error.isEmpty())
        return Error {error};
    // The FileVault personal recovery key (encrypted to the escrow certificate) belongs to an
    // escrow feature with its own sealing, not to an inventory copy.
    info.remove(QStringLiteral("FDE_PersonalRecoveryKeyCMS"));
    info.remove(QStringLiteral("FDE_PersonalRecoveryKeyDeviceKey"));
    if (QString error = checkRawTree(info, path, limits); !error.isEmpty())
        return Error {error};

    QString error;
    Reader top(info, path, limits, &error);
    SecurityReport security;
    security.passcodePresent = top.boolean("PasscodePresent");
    security.passcodeCompliant = top.boolean("PasscodeCompliant");
    security.passcodeCompliantWithProfiles = top.boolean("PasscodeCompliantWithProfiles");
    security.hardwareEncryptionCaps = top.integer("HardwareEncryptionCaps");
    security.autoLockTime = top.integer("AutoLockTime");
    security.fdeEnabled = top.boolean("FDE_Enabled");
    security.fdeHasPersonalRecoveryKey = top.boolean("FDE_HasPersonalRecoveryKey");
    security.fdeHasInstitutionalRecoveryKey = top.boolean("FDE_HasInstitutionalRecoveryKey");
    security.systemIntegrityProtectionEnabled = top.boolean("SystemIntegrityProtectionEnabled");
    security.recoveryLockEnabled = top.boolean("IsRecoveryLockEnabled");
    Reader firewall(top.dict("FirewallSettings"), top.where("FirewallSettings"), limits, &error);
    security.firewallEnabled = firewall.boolean("FirewallEnabled");
    Reader management(top.dict("ManagementStatus"), top.where("ManagementStatus"), limits, &error);
    security.enrolledViaDep = management.boolean("EnrolledViaDEP");
    security.userApprovedEnrollment = management.boolean("UserApprovedEnrollment");
    security.isUserEnrollment = management.boolean("IsUserEnrollment");
    Reader secureBoot(top.dict("SecureBoot"), top.where("SecureBoot"), limits, &error);
    security.secureBootLevel = secureBoot.string("SecureBootLevel");
    if (!error.isEmpty())
        return Error {error};
    security.securityInfo = std::move(info);

    InventoryReport report;
    report.kind = InventoryKind::SecurityInfo;
    report.security = std::move(security);
    return report;
}

/// The item at index of a list: it must be a dictionary.
const plist::Dict* listItem(const plist::Value& item, const QString& path, QString* error)
{
    if (!item.isDict()) {
        *error = QStringLiteral("%1 must be Dict, not %2").arg(path, plist::typeName(item.type()));
        return nullptr;
    }
    return &item.toDict();
}

Result<InventoryReport> parseProfileList(const plist::Dict& response, const InventoryLimits& limits)
{
    QString error;
    const plist::Array* list = boundedArray(response, QStringLiteral("ProfileList"), limits.maxProfiles, &error);
    if (!list)
        return Error {error};
    InventoryReport report;
    report.kind = InventoryKind::ProfileList;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString path = QStringLiteral("ProfileList[%1]").arg(i);
        const plist::Dict* dict = listItem(list->at(i), path, &error);
        if (!dict)
            return Error {error};
        Reader r(*dict, path, limits, &error);
        ProfileItem item;
        item.payloadIdentifier = r.string("PayloadIdentifier", true).value_or(QString());
        item.payloadUuid = r.string("PayloadUUID");
        item.payloadVersion = r.integer("PayloadVersion");
        item.displayName = r.string("PayloadDisplayName");
        item.organization = r.string("PayloadOrganization");
        item.description = r.string("PayloadDescription");
        item.removalDisallowed = r.boolean("PayloadRemovalDisallowed");
        item.hasRemovalPasscode = r.boolean("HasRemovalPasscode");
        item.isEncrypted = r.boolean("IsEncrypted");
        item.isManaged = r.boolean("IsManaged");
        item.source = r.string("Source");
        const plist::Value& content = dict->value(QStringLiteral("PayloadContent"));
        if (content.isValid() && !content.isArray())
            return Error {
                QStringLiteral("%1.PayloadContent must be Array, not %2").arg(path, plist::typeName(content.type()))};
        if (content.size() > limits.maxProfiles)
            return Error {
                QStringLiteral("%1.PayloadContent has more than %2 payloads").arg(path).arg(limits.maxProfiles)};
        QStringList types;
        for (qsizetype p = 0; p < content.size(); ++p) {
            const QString payloadPath = QStringLiteral("%1.PayloadContent[%2]").arg(path).arg(p);
            const plist::Dict* payload = listItem(content.at(p), payloadPath, &error);
            if (!payload)
                return Error {error};
            Reader pr(*payload, payloadPath, limits, &error);
            if (std::optional<QString> type = pr.string("PayloadType"))
                types.append(*type);
        }
        item.payloadTypes = types.join(QLatin1Char(','));
        if (item.payloadTypes.size() > limits.maxStringLength)
            return Error {path + QStringLiteral(".PayloadContent lists too many payload types")};
        if (!error.isEmpty())
            return Error {error};
        report.profiles.append(std::move(item));
    }
    return report;
}

Result<InventoryReport> parseProvisioningProfileList(const plist::Dict& response, const InventoryLimits& limits)
{
    QString error;
    const plist::Array* list
        = boundedArray(response, QStringLiteral("ProvisioningProfileList"), limits.maxProvisioningProfiles, &error);
    if (!list)
        return Error {error};
    InventoryReport report;
    report.kind = InventoryKind::ProvisioningProfileList;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString path = QStringLiteral("ProvisioningProfileList[%1]").arg(i);
        const plist::Dict* dict = listItem(list->at(i), path, &error);
        if (!dict)
            return Error {error};
        Reader r(*dict, path, limits, &error);
        ProvisioningProfileItem item {r.string("Name"), r.string("UUID"), r.date("ExpiryDate")};
        if (!error.isEmpty())
            return Error {error};
        report.provisioningProfiles.append(std::move(item));
    }
    return report;
}

Result<InventoryReport> parseCertificateList(const plist::Dict& response, const InventoryLimits& limits)
{
    QString error;
    const plist::Array* list
        = boundedArray(response, QStringLiteral("CertificateList"), limits.maxCertificates, &error);
    if (!list)
        return Error {error};
    InventoryReport report;
    report.kind = InventoryKind::CertificateList;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString path = QStringLiteral("CertificateList[%1]").arg(i);
        const plist::Dict* dict = listItem(list->at(i), path, &error);
        if (!dict)
            return Error {error};
        Reader r(*dict, path, limits, &error);
        CertificateItem item;
        item.commonName = r.string("CommonName");
        item.isIdentity = r.boolean("IsIdentity");
        item.der = r.data("Data", limits.maxCertificateBytes, true);
        if (!error.isEmpty())
            return Error {error};
        const pki::PkiResult<pki::Certificate> certificate = pki::Certificate::fromDer(item.der);
        if (certificate) {
            // The names come from a device-supplied certificate: bounded like every other string.
            item.subject = certificate->subject().left(limits.maxStringLength);
            item.issuer = certificate->issuer().left(limits.maxStringLength);
            item.serialHex = certificate->serialHex().left(limits.maxStringLength);
            item.sha256 = certificate->sha256Hex();
            item.notBefore = certificate->notBefore();
            item.notAfter = certificate->notAfter();
        } else {
            item.parseError = certificate.error().message.left(limits.maxStringLength);
        }
        report.certificates.append(std::move(item));
    }
    return report;
}

Result<InventoryReport> parseInstalledApplicationList(const plist::Dict& response, const InventoryLimits& limits)
{
    QString error;
    const plist::Array* list
        = boundedArray(response, QStringLiteral("InstalledApplicationList"), limits.maxApplications, &error);
    if (!list)
        return Error {error};
    InventoryReport report;
    report.kind = InventoryKind::InstalledApplicationList;
    report.applications.reserve(list->size());
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString path = QStringLiteral("InstalledApplicationList[%1]").arg(i);
        const plist::Dict* dict = listItem(list->at(i), path, &error);
        if (!dict)
            return Error {error};
        Reader r(*dict, path, limits, &error);
        ApplicationItem item;
        item.identifier = r.string("Identifier");
        item.name = r.string("Name");
        item.version = r.string("Version");
        item.shortVersion = r.string("ShortVersion");
        item.externalVersionIdentifier = r.integer("ExternalVersionIdentifier");
        item.distributorIdentifier = r.string("DistributorIdentifier");
        item.source = r.string("Source");
        item.bundleSize = r.integer("BundleSize");
        item.dynamicSize = r.integer("DynamicSize");
        item.isValidated = r.boolean("IsValidated");
        item.installing = r.boolean("Installing");
        item.appStoreVendable = r.boolean("AppStoreVendable");
        item.deviceBasedVpp = r.boolean("DeviceBasedVPP");
        item.betaApp = r.boolean("BetaApp");
        item.adHocCodeSigned = r.boolean("AdHocCodeSigned");
        item.hasUpdateAvailable = r.boolean("HasUpdateAvailable");
        item.isAppClip = r.boolean("IsAppClip");
        if (!error.isEmpty())
            return Error {error};
        report.applications.append(std::move(item));
    }
    return report;
}

} // namespace

std::optional<InventoryKind> inventoryKindFromRequestType(const QString& requestType)
{
    for (InventoryKind kind : {InventoryKind::DeviceInformation, InventoryKind::SecurityInfo,
             InventoryKind::ProfileList, InventoryKind::ProvisioningProfileList, InventoryKind::CertificateList,
             InventoryKind::InstalledApplicationList}) {
        if (requestTypeName(kind) == requestType)
            return kind;
    }
    return std::nullopt;
}

QString requestTypeName(InventoryKind kind)
{
    switch (kind) {
    case InventoryKind::DeviceInformation:
        return QStringLiteral("DeviceInformation");
    case InventoryKind::SecurityInfo:
        return QStringLiteral("SecurityInfo");
    case InventoryKind::ProfileList:
        return QStringLiteral("ProfileList");
    case InventoryKind::ProvisioningProfileList:
        return QStringLiteral("ProvisioningProfileList");
    case InventoryKind::CertificateList:
        return QStringLiteral("CertificateList");
    case InventoryKind::InstalledApplicationList:
        return QStringLiteral("InstalledApplicationList");
    }
    return QString();
}

qsizetype InventoryReport::itemCount() const
{
    switch (kind) {
    case InventoryKind::DeviceInformation:
        return deviceInformation.queryResponses.size();
    case InventoryKind::SecurityInfo:
        return security.securityInfo.size();
    case InventoryKind::ProfileList:
        return profiles.size();
    case InventoryKind::ProvisioningProfileList:
        return provisioningProfiles.size();
    case InventoryKind::CertificateList:
        return certificates.size();
    case InventoryKind::InstalledApplicationList:
        return applications.size();
    }
    return 0;
}

Result<InventoryReport> ResponseParser::parse(
    InventoryKind kind, const plist::Value& response, const InventoryLimits& limits)
{
    if (!response.isDict())
        return Error {QStringLiteral("the response must be Dict, not %1").arg(plist::typeName(response.type()))};
    const plist::Dict& dict = response.toDict();
    switch (kind) {
    case InventoryKind::DeviceInformation:
        return parseDeviceInformation(dict, limits);
    case InventoryKind::SecurityInfo:
        return parseSecurityInfo(dict, limits);
    case InventoryKind::ProfileList:
        return parseProfileList(dict, limits);
    case InventoryKind::ProvisioningProfileList:
        return parseProvisioningProfileList(dict, limits);
    case InventoryKind::CertificateList:
        return parseCertificateList(dict, limits);
    case InventoryKind::InstalledApplicationList:
        return parseInstalledApplicationList(dict, limits);
    }
    return Error {QStringLiteral("not an inventory response")};
}

} // namespace quince::inventory

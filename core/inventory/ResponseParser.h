// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/plist/PlistValue.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace quince::inventory {

/// The command responses that feed the inventory, by Apple's RequestType.
enum class InventoryKind {
    DeviceInformation,
    SecurityInfo,
    ProfileList,
    ProvisioningProfileList,
    CertificateList,
    InstalledApplicationList,
};

/// The kind of a RequestType; nothing for a command whose answer is not inventory.
std::optional<InventoryKind> inventoryKindFromRequestType(const QString& requestType);
/// Apple's RequestType of a kind ("DeviceInformation", ...).
QString requestTypeName(InventoryKind kind);

/// Bounds on what one response may contain. A response beyond any of them is refused whole.
struct InventoryLimits {
    qsizetype maxApplications = 10'000;
    qsizetype maxProfiles = 1'000;
    qsizetype maxProvisioningProfiles = 1'000;
    qsizetype maxCertificates = 1'000;
    /// Top-level keys of QueryResponses.
    qsizetype maxFacts = 500;
    /// Characters of any string stored in a column (names, identifiers, versions...).
    qsizetype maxStringLength = 4'096;
    /// Characters of a dictionary key.
    qsizetype maxKeyLength = 128;
    /// Bytes of one reported certificate (DER).
    qsizetype maxCertificateBytes = 64 * 1024;
    /// Nesting of a dictionary kept raw (QueryResponses, SecurityInfo): 1 is flat.
    int maxDepth = 12;
    /// Values in a dictionary kept raw, counted recursively.
    qsizetype maxRawValues = 20'000;
};

/// One scalar of QueryResponses as stored in device_facts.
struct DeviceFact {
    QString name;
    QString value; ///< "true"/"false", a number, a string, an ISO 8601 UTC date
    QString type; ///< the plist type: "Boolean", "Integer", "Real", "String", "Date"
};

/// A validated DeviceInformation response: the QueryResponses dictionary and its scalars.
struct DeviceInformationReport {
    plist::Dict queryResponses;
    QList<DeviceFact> facts;
};

/// A validated SecurityInfo response; secrets (FDE_PersonalRecoveryKeyCMS and its device key)
/// are removed from securityInfo before anything keeps it.
struct SecurityReport {
    plist::Dict securityInfo;
    std::optional<bool> passcodePresent;
    std::optional<bool> passcodeCompliant;
    std::optional<bool> passcodeCompliantWithProfiles;
    std::optional<qint64> hardwareEncryptionCaps;
    std::optional<qint64> autoLockTime;
    std::optional<bool> fdeEnabled;
    std::optional<bool> fdeHasPersonalRecoveryKey;
    std::optional<bool> fdeHasInstitutionalRecoveryKey;
    std::optional<bool> systemIntegrityProtectionEnabled;
    std::optional<bool> firewallEnabled;
    std::optional<bool> enrolledViaDep;
    std::optional<bool> userApprovedEnrollment;
    std::optional<bool> isUserEnrollment;
    std::optional<QString> secureBootLevel;
    std::optional<bool> recoveryLockEnabled;
};

struct ProfileItem {
    QString payloadIdentifier;
    std::optional<QString> payloadUuid;
    std::optional<qint64> payloadVersion;
    std::optional<QString> displayName;
    std::optional<QString> organization;
    std::optional<QString> description;
    std::optional<bool> removalDisallowed;
    std::optional<bool> hasRemovalPasscode;
    std::optional<bool> isEncrypted;
    std::optional<bool> isManaged;
    std::optional<QString> source;
    /// The PayloadType of each payload, comma-separated, in order.
    QString payloadTypes;
};

struct ProvisioningProfileItem {
    std::optional<QString> name;
    std::optional<QString> uuid;
    QDateTime expiryDate;
};

/// A reported certificate, parsed from its DER. parseError is set (and the names empty) when
/// the data is not a certificate: the device reported it all the same, so it is kept.
struct CertificateItem {
    std::optional<QString> commonName;
    std::optional<bool> isIdentity;
    QByteArray der;
    QString subject;
    QString issuer;
    QString serialHex;
    QString sha256;
    QDateTime notBefore;
    QDateTime notAfter;
    QString parseError;
};

struct ApplicationItem {
    std::optional<QString> identifier;
    std::optional<QString> name;
    std::optional<QString> version;
    std::optional<QString> shortVersion;
    std::optional<qint64> externalVersionIdentifier;
    std::optional<QString> distributorIdentifier;
    std::optional<QString> source;
    std::optional<qint64> bundleSize;
    std::optional<qint64> dynamicSize;
    std::optional<bool> isValidated;
    std::optional<bool> installing;
    std::optional<bool> appStoreVendable;
    std::optional<bool> deviceBasedVpp;
    std::optional<bool> betaApp;
    std::optional<bool> adHocCodeSigned;
    std::optional<bool> hasUpdateAvailable;
    std::optional<bool> isAppClip;
};

/// Everything one response reported, validated; only the member of its kind is filled.
struct InventoryReport {
    InventoryKind kind = InventoryKind::DeviceInformation;
    DeviceInformationReport deviceInformation;
    SecurityReport security;
    QList<ProfileItem> profiles;
    QList<ProvisioningProfileItem> provisioningProfiles;
    QList<CertificateItem> certificates;
    QList<ApplicationItem> applications;

    /// Facts, profiles, certificates... as stored: for inventory_reports.item_count.
    qsizetype itemCount() const;
};

/// Turns the response plist a device sent for an inventory command into an InventoryReport.
/// Every key it uses is type-checked (a real where Apple says real also accepts an integer),
/// every list and string is bounded by InventoryLimits, and any violation refuses the whole
/// response with a message naming the key path, so nothing is ever half-applied.
class ResponseParser {
public:
    static Result<InventoryReport> parse(
        InventoryKind kind, const plist::Value& response, const InventoryLimits& limits = {});
};

} // namespace quince::inventory

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/commands/CommandCatalogue.h"

namespace quince::commands {

namespace {

// Compact constructors for the table below; each returns a plain Parameter.
Parameter scalar(ValueType type, const QString& key, bool required, const QString& description)
{
    Parameter p;
    p.key = key;
    p.type = type;
    p.required = required;
    p.description = description;
    return p;
}

Parameter text(const QString& key, bool required, const QString& description)
{
    return scalar(ValueType::String, key, required, description);
}

Parameter flag(const QString& key, const QString& description, bool required = false)
{
    return scalar(ValueType::Boolean, key, required, description);
}

Parameter number(const QString& key, bool required, const QString& description, QList<qint64> allowed = {})
{
    Parameter p = scalar(ValueType::Integer, key, required, description);
    p.allowedIntegers = std::move(allowed);
    return p;
}

Parameter bytes(const QString& key, bool required, const QString& description)
{
    return scalar(ValueType::Data, key, required, description);
}

Parameter listOf(const QString& key, bool required, const QString& description, Parameter element)
{
    Parameter p = scalar(ValueType::Array, key, required, description);
    p.items.append(std::move(element));
    return p;
}

Parameter dictionary(const QString& key, bool required, const QString& description, QList<Parameter> subkeys)
{
    Parameter p = scalar(ValueType::Dictionary, key, required, description);
    p.subkeys = std::move(subkeys);
    return p;
}

// Find My's PIN on a Mac: Apple asks for exactly six characters.
Parameter findMyPin()
{
    Parameter p = text(QStringLiteral("PIN"), false, QStringLiteral("The six-character Find My PIN (macOS)."));
    p.minLength = 6;
    p.maxLength = 6;
    return p;
}

Parameter managedOnly(const QString& what)
{
    return flag(QStringLiteral("ManagedOnly"), QStringLiteral("Only the %1 MDM installed.").arg(what));
}

constexpr Platforms kAllPlatforms
    = Platforms(Platform::iOS) | Platform::macOS | Platform::tvOS | Platform::visionOS | Platform::watchOS;
constexpr Channels kBothChannels = Channels(Channel::Device) | Channel::User;

CommandSpec command(const QString& requestType, const QString& description, Channels channels, Platforms platforms,
    QList<Parameter> parameters = {})
{
    CommandSpec spec;
    spec.requestType = requestType;
    spec.description = description;
    spec.channels = channels;
    spec.platforms = platforms;
    spec.parameters = std::move(parameters);
    return spec;
}

// One shape of a Settings item: `Item` names it, the other keys carry the change.
Parameter setting(const QString& name, const QString& description, QList<Parameter> keys)
{
    Parameter marker = text(QStringLiteral("Item"), true, QStringLiteral("The setting: %1.").arg(name));
    marker.allowedStrings = {name};
    keys.prepend(marker);
    return dictionary(name, false, description, std::move(keys));
}

Parameter toggle(const QString& name, const QString& description)
{
    return setting(name, description, {flag(QStringLiteral("Enabled"), QStringLiteral("On or off."), true)});
}

// Apple's per-app attributes (Settings item ApplicationAttributes).
Parameter appAttributes()
{
    return dictionary(QStringLiteral("Attributes"), false,
        QStringLiteral("The app's attributes; omit it to remove the current ones."),
        {text(QStringLiteral("VPNUUID"), false, QStringLiteral("The per-app VPN to use.")),
            text(QStringLiteral("ContentFilterUUID"), false, QStringLiteral("The per-app content filter.")),
            text(QStringLiteral("DNSProxyUUID"), false, QStringLiteral("The per-app DNS proxy.")),
            text(QStringLiteral("RelayUUID"), false, QStringLiteral("The per-app relay.")),
            listOf(QStringLiteral("AssociatedDomains"), false, QStringLiteral("Domains associated with the app."),
                text(QStringLiteral("AssociatedDomain"), false, QStringLiteral("A domain."))),
            flag(QStringLiteral("AssociatedDomainsEnableDirectDownloads"),
                QStringLiteral("Fetch associated-domain data from the domain itself.")),
            flag(QStringLiteral("Removable"), QStringLiteral("Whether the user may delete the app.")),
            flag(QStringLiteral("TapToPayScreenLock"), QStringLiteral("Unlock after each Tap to Pay transaction.")),
            text(QStringLiteral("CellularSliceUUID"), false,
                QStringLiteral("The 5G network slice (DNN or app category).")),
            flag(QStringLiteral("Hideable"), QStringLiteral("Whether the user may hide the app.")),
            flag(QStringLiteral("Lockable"), QStringLiteral("Whether the user may lock the app."))});
}

// Shared iPad's configuration (Settings item SharedDeviceConfiguration).
QList<Parameter> sharedDeviceKeys(const QList<qint64>& gracePeriods)
{
    return {number(QStringLiteral("QuotaSize"), false, QStringLiteral("Each user's storage quota, in MB.")),
        number(QStringLiteral("ResidentUsers"), false, QStringLiteral("How many users may be cached.")),
        number(QStringLiteral("UserSessionTimeout"), false, QStringLiteral("Seconds before a user is logged out.")),
        number(
            QStringLiteral("TemporarySessionTimeout"), false, QStringLiteral("Seconds before a guest session ends.")),
        flag(QStringLiteral("TemporarySessionOnly"), QStringLiteral("Guest sessions only.")),
        listOf(QStringLiteral("ManagedAppleIDDefaultDomains"), false,
            QStringLiteral("Domains offered at the login screen."),
            text(QStringLiteral("AppleID domain"), false, QStringLiteral("A domain."))),
        number(QStringLiteral("OnlineAuthenticationGracePeriod"), false,
            QStringLiteral("Days a user may log in without network authentication.")),
        flag(QStringLiteral("SkipLanguageAndLocaleSetupForNewUsers"),
            QStringLiteral("Skip the language and region panes for new users.")),
        dictionary(QStringLiteral("AwaitUserConfiguration"), false,
            QStringLiteral("Hold users in Setup Assistant until the server releases them."),
            {flag(QStringLiteral("Enabled"), QStringLiteral("Hold new users."), true)}),
        dictionary(QStringLiteral("PasscodePolicy"), false, QStringLiteral("The passcode policy of the device."),
            {number(QStringLiteral("PasscodeLockGracePeriod"), false,
                 QStringLiteral("Seconds before the passcode is asked."), gracePeriods),
                number(QStringLiteral("AutoLockTime"), false, QStringLiteral("Seconds before the screen locks."))})};
}

// The Settings items Quince offers: every item of Apple's schema.
QList<Parameter> settingsItems()
{
    Parameter configuration = dictionary(QStringLiteral("Configuration"), false,
        QStringLiteral("The app's managed configuration; omit it to remove the current one."), {});
    configuration.openKeys = true;

    Parameter textSize = number(QStringLiteral("TextSize"), false, QStringLiteral("The text size, 0 to 11."),
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    const QList<qint64> gracePeriods {0, 60, 300, 900, 3600, 14400};

    return {
        setting(QStringLiteral("Wallpaper"), QStringLiteral("Set the wallpaper (supervised)."),
            {bytes(QStringLiteral("Image"), true, QStringLiteral("The image (PNG or JPEG).")),
                number(QStringLiteral("Where"), true, QStringLiteral("1 Lock screen, 2 Home screen, 3 both."),
                    {1, 2, 3})}),
        toggle(QStringLiteral("DataRoaming"), QStringLiteral("Turn data roaming on or off.")),
        toggle(QStringLiteral("VoiceRoaming"), QStringLiteral("Turn voice roaming on or off.")),
        toggle(QStringLiteral("PersonalHotspot"), QStringLiteral("Turn Personal Hotspot on or off.")),
        toggle(QStringLiteral("Bluetooth"), QStringLiteral("Turn Bluetooth on or off (supervised).")),
        setting(QStringLiteral("ApplicationConfiguration"), QStringLiteral("Set a managed app's configuration."),
            {text(QStringLiteral("Identifier"), true, QStringLiteral("The app's bundle identifier.")), configuration}),
        setting(QStringLiteral("ApplicationAttributes"), QStringLiteral("Set a managed app's attributes."),
            {text(QStringLiteral("Identifier"), true, QStringLiteral("The app's bundle identifier.")),
                appAttributes()}),
        setting(QStringLiteral("DeviceName"), QStringLiteral("Rename the device (supervised)."),
            {text(QStringLiteral("DeviceName"), true, QStringLiteral("The new name."))}),
        setting(QStringLiteral("HostName"), QStringLiteral("Set a Mac's host name."),
            {text(QStringLiteral("HostName"), true, QStringLiteral("The new host name."))}),
        setting(QStringLiteral("OrganizationInfo"), QStringLiteral("Tell the device who manages it."),
            {dictionary(QStringLiteral("OrganizationInfo"), false,
                QStringLiteral("The organization; omit it to remove the current one."),
                {text(QStringLiteral("OrganizationName"), true, QStringLiteral("Its name.")),
                    text(QStringLiteral("OrganizationShortName"), false, QStringLiteral("A short name.")),
                    text(QStringLiteral("OrganizationAddress"), false, QStringLiteral("Its postal address.")),
                    text(QStringLiteral("OrganizationPhone"), false, QStringLiteral("A phone number.")),
                    text(QStringLiteral("OrganizationEmail"), false, QStringLiteral("An email address.")),
                    text(QStringLiteral("OrganizationMagic"), false, QStringLiteral("A value the server chose."))})}),
        setting(QStringLiteral("MDMOptions"), QStringLiteral("Options of the MDM relationship."),
            {dictionary(QStringLiteral("MDMOptions"), true, QStringLiteral("The options."),
                {flag(QStringLiteral("ActivationLockAllowedWhileSupervised"),
                     QStringLiteral("Let Find My turn on Activation Lock on a supervised device.")),
                    flag(QStringLiteral("BootstrapTokenAllowed"),
                        QStringLiteral("Allow a bootstrap token (deprecated by Apple).")),
                    flag(QStringLiteral("PromptUserToAllowBootstrapTokenForAuthentication"),
                        QStringLiteral("Ask the user to allow the bootstrap token for authentication."))})}),
        setting(QStringLiteral("MaximumResidentUsers"),
            QStringLiteral("Shared iPad's user cache (deprecated by Apple)."),
            {number(QStringLiteral("MaximumResidentUsers"), true, QStringLiteral("How many users may be cached."))}),
        setting(QStringLiteral("SharedDeviceConfiguration"), QStringLiteral("Configure a Shared iPad."),
            sharedDeviceKeys(gracePeriods)),
        toggle(QStringLiteral("DiagnosticSubmission"), QStringLiteral("Send diagnostics to Apple or not.")),
        toggle(QStringLiteral("AppAnalytics"), QStringLiteral("Share app analytics with developers or not.")),
        setting(QStringLiteral("PasscodeLockGracePeriod"), QStringLiteral("How long before the passcode is asked."),
            {number(QStringLiteral("PasscodeLockGracePeriod"), true, QStringLiteral("Seconds."), gracePeriods)}),
        setting(QStringLiteral("TimeZone"), QStringLiteral("Set the time zone (supervised)."),
            {text(QStringLiteral("TimeZone"), true, QStringLiteral("An IANA name, e.g. Europe/Paris."))}),
        setting(QStringLiteral("SoftwareUpdateSettings"), QStringLiteral("How updates are offered."),
            {number(QStringLiteral("RecommendationCadence"), true,
                QStringLiteral("0 offer every update, 1 the oldest, 2 only the newest."), {0, 1, 2})}),
        setting(QStringLiteral("AccessibilitySettings"), QStringLiteral("Accessibility options."),
            {flag(QStringLiteral("BoldTextEnabled"), QStringLiteral("Bold text.")),
                flag(QStringLiteral("IncreaseContrastEnabled"), QStringLiteral("Increased contrast.")),
                flag(QStringLiteral("ReduceMotionEnabled"), QStringLiteral("Reduced motion.")),
                flag(QStringLiteral("ReduceTransparencyEnabled"), QStringLiteral("Reduced transparency.")), textSize,
                flag(QStringLiteral("TouchAccommodationsEnabled"), QStringLiteral("Touch accommodations.")),
                flag(QStringLiteral("VoiceOverEnabled"), QStringLiteral("VoiceOver.")),
                flag(QStringLiteral("ZoomEnabled"), QStringLiteral("Zoom.")),
                flag(QStringLiteral("GrayscaleEnabled"), QStringLiteral("Grayscale."))}),
    };
}

QList<CommandSpec> makeCatalogue()
{
    QList<CommandSpec> all;

    Parameter nonce = bytes(QStringLiteral("DeviceAttestationNonce"), false,
        QStringLiteral("A fresh value (up to 32 bytes) the device puts in a new attestation."));
    nonce.maxLength = 32;
    all.append(command(request::DeviceInformation, QStringLiteral("Ask the device for the facts named in Queries."),
        kBothChannels, kAllPlatforms,
        {listOf(QStringLiteral("Queries"), true,
             QStringLiteral("The facts to report, e.g. UDID, OSVersion, SerialNumber."),
             text(QStringLiteral("QueriesItem"), false, QStringLiteral("One query name."))),
            nonce}));

    all.append(command(request::SecurityInfo,
        QStringLiteral("Ask for the security state: passcode, encryption, FileVault, firmware."), kBothChannels,
        kAllPlatforms));

    all.append(command(request::ProfileList, QStringLiteral("List the installed configuration profiles."),
        kBothChannels, kAllPlatforms, {managedOnly(QStringLiteral("profiles"))}));

    Parameter payload = bytes(
        QStringLiteral("Payload"), true, QStringLiteral("The profile (plist or signed), e.g. @file.mobileconfig."));
    payload.content = DataContent::ConfigurationProfile;
    all.append(command(request::InstallProfile, QStringLiteral("Install a configuration profile."), kBothChannels,
        kAllPlatforms, {payload}));

    all.append(command(request::RemoveProfile, QStringLiteral("Remove a configuration profile by its identifier."),
        kBothChannels, kAllPlatforms,
        {text(QStringLiteral("Identifier"), true, QStringLiteral("The PayloadIdentifier of the profile."))}));

    all.append(command(request::ProvisioningProfileList, QStringLiteral("List the installed provisioning profiles."),
        Channel::Device, kAllPlatforms, {managedOnly(QStringLiteral("provisioning profiles"))}));

    Parameter provisioning = bytes(QStringLiteral("ProvisioningProfile"), true,
        QStringLiteral("The signed provisioning profile, e.g. @app.mobileprovision."));
    provisioning.content = DataContent::ProvisioningProfile;
    all.append(command(request::InstallProvisioningProfile, QStringLiteral("Install a provisioning profile."),
        Channel::Device, kAllPlatforms, {provisioning}));

    all.append(command(request::RemoveProvisioningProfile, QStringLiteral("Remove a provisioning profile by UUID."),
        Channel::Device, kAllPlatforms,
        {text(QStringLiteral("UUID"), true, QStringLiteral("The UUID of the provisioning profile."))}));

    all.append(command(request::CertificateList, QStringLiteral("List the certificates in the device's keychain."),
        kBothChannels, kAllPlatforms, {managedOnly(QStringLiteral("certificates"))}));

    Parameter appItem = text(QStringLiteral("ItemsItem"), false, QStringLiteral("One response key."));
    appItem.allowedStrings = {QStringLiteral("AdHocCodeSigned"), QStringLiteral("AppStoreVendable"),
        QStringLiteral("BetaApp"), QStringLiteral("BundleSize"), QStringLiteral("DeviceBasedVPP"),
        QStringLiteral("DistributorIdentifier"), QStringLiteral("DynamicSize"),
        QStringLiteral("ExternalVersionIdentifier"), QStringLiteral("HasUpdateAvailable"), QStringLiteral("Identifier"),
        QStringLiteral("Installing"), QStringLiteral("IsAppClip"), QStringLiteral("IsValidated"),
        QStringLiteral("Name"), QStringLiteral("ShortVersion"), QStringLiteral("Version")};
    all.append(command(request::InstalledApplicationList, QStringLiteral("List the installed apps."), kBothChannels,
        kAllPlatforms,
        {listOf(QStringLiteral("Identifiers"), false, QStringLiteral("Only these bundle identifiers."),
             text(QStringLiteral("IdentifiersItem"), false, QStringLiteral("A bundle identifier."))),
            flag(QStringLiteral("ManagedAppsOnly"), QStringLiteral("Only the apps MDM manages.")),
            listOf(QStringLiteral("Items"), false, QStringLiteral("Only these keys in each app's answer."), appItem)}));

    all.append(command(request::DeviceLock, QStringLiteral("Lock the device now."), Channel::Device,
        Platforms(Platform::iOS) | Platform::macOS | Platform::visionOS | Platform::watchOS,
        {text(QStringLiteral("Message"), false, QStringLiteral("A message on the Lock screen.")),
            text(QStringLiteral("PhoneNumber"), false, QStringLiteral("A phone number on the Lock screen.")),
            findMyPin()}));

    Parameter obliteration = text(QStringLiteral("ObliterationBehavior"), false,
        QStringLiteral("What a Mac does when Erase All Content and Settings cannot run."));
    obliteration.allowedStrings = {QStringLiteral("Default"), QStringLiteral("DoNotObliterate"),
        QStringLiteral("ObliterateWithWarning"), QStringLiteral("Always")};
    CommandSpec erase = command(request::EraseDevice, QStringLiteral("Erase the device."), Channel::Device,
        kAllPlatforms,
        {flag(QStringLiteral("PreserveDataPlan"), QStringLiteral("Keep the eSIM data plan.")),
            flag(QStringLiteral("DisallowProximitySetup"), QStringLiteral("Skip Proximity Setup after the erase.")),
            findMyPin(), obliteration,
            dictionary(QStringLiteral("ReturnToService"), false,
                QStringLiteral("Re-enroll by itself after the erase (Return to Service)."),
                {flag(QStringLiteral("Enabled"), QStringLiteral("Use Return to Service."), true),
                    bytes(QStringLiteral("WiFiProfileData"), false, QStringLiteral("The Wi-Fi profile to install.")),
                    bytes(QStringLiteral("MDMProfileData"), false, QStringLiteral("The MDM profile to install."))})});
    erase.sensitive = true;
    all.append(erase);

    Parameter unlockToken = bytes(QStringLiteral("UnlockToken"), true,
        QStringLiteral("The device's UnlockToken from its TokenUpdate; filled by the server."));
    unlockToken.serverSupplied = true;
    CommandSpec clear = command(request::ClearPasscode, QStringLiteral("Remove the device's passcode."),
        Channel::Device, Platforms(Platform::iOS) | Platform::visionOS | Platform::watchOS, {unlockToken});
    clear.sensitive = true;
    all.append(clear);

    CommandSpec restart = command(request::RestartDevice, QStringLiteral("Restart the device."), Channel::Device,
        Platforms(Platform::iOS) | Platform::macOS | Platform::tvOS,
        {flag(QStringLiteral("RebuildKernelCache"),
             QStringLiteral("Rebuild the kernel cache while restarting (macOS).")),
            listOf(QStringLiteral("KextPaths"), false, QStringLiteral("Kexts to add to the auxiliary kernel cache."),
                text(QStringLiteral("KextPathsItem"), false, QStringLiteral("A kext path."))),
            flag(QStringLiteral("NotifyUser"),
                QStringLiteral("Ask the user to restart instead of forcing it (macOS)."))});
    restart.requiresSupervision = true;
    all.append(restart);

    CommandSpec shutDown = command(request::ShutDownDevice, QStringLiteral("Shut the device down."), Channel::Device,
        Platforms(Platform::iOS) | Platform::macOS);
    shutDown.requiresSupervision = true;
    all.append(shutDown);

    Parameter item = scalar(ValueType::Dictionary, QStringLiteral("SettingsItem"), false,
        QStringLiteral("One setting, chosen by its Item key."));
    item.discriminator = QStringLiteral("Item");
    item.variants = settingsItems();
    all.append(command(request::Settings, QStringLiteral("Change device settings (name, roaming, wallpaper, ...)."),
        kBothChannels, kAllPlatforms,
        {listOf(QStringLiteral("Settings"), true, QStringLiteral("The settings to change."), item)}));

    CommandSpec lost = command(request::EnableLostMode, QStringLiteral("Put a supervised device in Lost Mode."),
        Channel::Device, Platform::iOS,
        {text(QStringLiteral("Message"), false, QStringLiteral("A message on the Lock screen.")),
            text(QStringLiteral("PhoneNumber"), false, QStringLiteral("A phone number on the Lock screen.")),
            text(QStringLiteral("Footnote"), false, QStringLiteral("Text in place of Slide to Unlock."))});
    lost.requiresSupervision = true;
    // Apple: a device needs something to show, the message or the phone number.
    lost.oneOfRequired.append({QStringLiteral("Message"), QStringLiteral("PhoneNumber")});
    all.append(lost);

    CommandSpec found = command(
        request::DisableLostMode, QStringLiteral("Take a device out of Lost Mode."), Channel::Device, Platform::iOS);
    found.requiresSupervision = true;
    found.sensitive = true;
    all.append(found);

    CommandSpec locate = command(request::DeviceLocation, QStringLiteral("Ask a device in Lost Mode for its location."),
        Channel::Device, Platform::iOS);
    locate.requiresSupervision = true;
    all.append(locate);

    return all;
}

} // namespace

const QList<CommandSpec>& CommandCatalogue::all()
{
    static const QList<CommandSpec> catalogue = makeCatalogue();
    return catalogue;
}

const CommandSpec* CommandCatalogue::find(const QString& requestType)
{
    for (const CommandSpec& spec : all()) {
        if (spec.requestType == requestType)
            return &spec;
    }
    return nullptr;
}

QStringList CommandCatalogue::requestTypes()
{
    QStringList names;
    for (const CommandSpec& spec : all())
        names.append(spec.requestType);
    return names;
}

} // namespace quince::commands

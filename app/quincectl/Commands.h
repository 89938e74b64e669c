// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The quincectl commands, one file per group; main.cpp parses and dispatches.

#include "app/quincectl/CliSupport.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

namespace quince::cli {

/// `status`: the data directory, whether a server holds it, the schema and the device count.
int status(const QString& dataDirPath);

/// `certs list [--json] [--warn-days D,...]`: every certificate with its expiry and dependents.
int certsList(const QString& dataDirPath, bool json, const QString& warnDays);

/// `ca export --out FILE`: the root CA certificate (PEM) that devices must trust.
int caExport(const QString& dataDirPath, const QString& outPath);

/// The options of the push-cert commands, on quincectl's one parser.
struct PushCertOptions {
    QCommandLineOption out {
        QStringLiteral("out"), tr("ca export, push-cert, enrollment profile: the file to write."), tr("file")};
    QCommandLineOption organization {
        QStringLiteral("organization"), tr("push-cert request: the O= of the request's subject."), tr("name")};
    QCommandLineOption passwordFile {QStringLiteral("password-file"),
        tr("push-cert import: the PKCS#12 password; sign-request: the vendor key's passphrase (read from <file>)."),
        tr("file")};
    QCommandLineOption vendorCert {
        QStringLiteral("vendor-cert"), tr("push-cert sign-request: the MDM vendor certificate (PEM)."), tr("file")};
    QCommandLineOption vendorKey {
        QStringLiteral("vendor-key"), tr("push-cert sign-request: the MDM vendor private key (PEM)."), tr("file")};
    QCommandLineOption csr {
        QStringLiteral("csr"), tr("push-cert sign-request: the customer's request (PEM or DER)."), tr("file")};
    QCommandLineOption chain {QStringLiteral("chain"),
        tr("push-cert sign-request: Apple's intermediate and root certificates (PEM, in that order), as "
           "downloaded from https://www.apple.com/certificateauthority/ (may be repeated)."),
        tr("file")};
    QCommandLineOption passphraseFile {QStringLiteral("passphrase-file"),
        tr("Commands that unseal keys (push-cert, enrollment profile): read the master key passphrase from <file> (or "
           "set "
           "$QUINCE_PASSPHRASE_FILE)."),
        tr("file")};

    QCommandLineOption json {QStringLiteral("json"), tr("Print JSON instead of text.")};

    void addTo(QCommandLineParser& parser) const
    {
        parser.addOptions({out, organization, passwordFile, vendorCert, vendorKey, csr, chain, passphraseFile});
        // --json is shared with other commands: whoever registers it first owns it (a second
        // registration would only print a warning), and everyone reads it by name.
        if (!parser.helpText().contains(QLatin1String("--json")))
            parser.addOption(json);
    }

    static QString help()
    {
        return tr("\n  push-cert request --out FILE [--organization ORG]\n"
                  "            make the push key (kept sealed) and write its CSR (PEM) to FILE\n"
                  "  push-cert sign-request --vendor-cert PEM --vendor-key PEM --csr CSR --out FILE\n"
                  "            [--chain APPLE_CHAIN.pem]\n"
                  "            MDM vendors: write the base64 plist request to upload to Apple\n"
                  "  push-cert import FILE [--password-file FILE] [--json]\n"
                  "            import Apple's push certificate (PEM, DER or PKCS#12)\n"
                  "  push-cert show [--json]\n"
                  "            show the active push certificate's topic and expiry");
    }
};

/// `push-cert <request|import|sign-request|show> ...`
int pushCert(const QCommandLineParser& parser, const PushCertOptions& options, const QStringList& args,
    const QString& dataDirPath);

/// The options of `commands ...` (the MDM command queue), on quincectl's one parser.
struct QueueCommandOptions {
    QCommandLineOption device {QStringLiteral("device"),
        tr("commands send: a target device (may be repeated); commands list: only this device."), tr("udid")};
    QCommandLineOption param {QStringLiteral("param"),
        tr("commands send: a parameter KEY=VALUE (may be repeated; see 'commands types')."), tr("key=value")};
    QCommandLineOption user {QStringLiteral("user"),
        tr("commands send: the user channel of this UserID instead of the device's."), tr("id")};
    QCommandLineOption state {QStringLiteral("state"),
        tr("commands list: only entries in this state (queued, sent, not_now, acknowledged, error, ...)."),
        tr("state")};
    QCommandLineOption json {QStringLiteral("json"), tr("Print JSON instead of text.")};

    void addTo(QCommandLineParser& parser) const
    {
        // Other command groups may own some of these names (--device, --json): an option is
        // registered once, by whoever comes first, and every group reads it by name.
        for (const QCommandLineOption& option : {device, param, user, state, json}) {
            const QString help = parser.helpText();
            const QString name = QStringLiteral("--") + option.names().constFirst();
            if (!help.contains(name + u' ') && !help.contains(name + u'\n'))
                parser.addOption(option);
        }
    }

    static QString help()
    {
        return tr("\n  commands send REQUESTTYPE --device UDID... [--param KEY=VALUE...] [--user ID] [--json]\n"
                  "            queue a command for devices (their active enrollment); prints its CommandUUID\n"
                  "  commands list [--device UDID] [--state STATE] [--json]\n"
                  "  commands show UUID [--json]\n"
                  "            a command's state per device, its request and the devices' responses\n"
                  "  commands cancel UUID\n"
                  "  commands types [REQUESTTYPE] [--json]\n"
                  "            the commands Quince knows and their parameters");
    }
};

/// `commands <send|list|show|cancel|types> ...`
int queueCommands(const QCommandLineParser& parser, const QueueCommandOptions& options, const QStringList& args,
    const QString& dataDirPath);

/// The options of the devices commands, on quincectl's one parser (--json is read by name).
struct DevicesOptions {
    QCommandLineOption inactive {QStringLiteral("inactive"), tr("devices list: only the inactive devices.")};
    QCommandLineOption removeProfile {
        QStringLiteral("remove-profile"), tr("devices unenroll: queue RemoveProfile for the enrollment profile.")};
    QCommandLineOption refuseNext {QStringLiteral("refuse-next"),
        tr("devices unenroll: answer 401 to the device's next request (it removes its MDM profile).")};
    QCommandLineOption reason {
        QStringLiteral("reason"), tr("devices unenroll --refuse-next: why, for the log."), tr("text")};

    void addTo(QCommandLineParser& parser) const { parser.addOptions({inactive, removeProfile, refuseNext, reason}); }

    static QString help()
    {
        return tr("\n  devices list [--inactive] [--json]\n"
                  "            list the devices with their state and when they were last seen\n"
                  "  devices show UDID [--json]\n"
                  "            everything a device reported: facts, security, profiles, certificates, apps\n"
                  "  devices unenroll UDID (--remove-profile | --refuse-next [--reason TEXT]) [--json]\n"
                  "            end management: queue RemoveProfile, or answer 401 to its next request");
    }
};

/// `devices <list|show|unenroll> ...`
int devices(const QCommandLineParser& parser, const DevicesOptions& options, const QStringList& args,
    const QString& dataDirPath);

/// The options of the enrollment commands (--out, --passphrase-file and --json are shared with
/// push-cert and read by name).
struct EnrollmentOptions {
    QCommandLineOption unsignedProfile {
        QStringLiteral("unsigned"), tr("enrollment profile: write the profile without a signature.")};
    QCommandLineOption signMessage {QStringLiteral("sign-message"),
        tr("enrollment profile: devices sign every message (Mdm-Signature), for a server behind a TLS proxy.")};
    QCommandLineOption expiresHours {QStringLiteral("expires-hours"),
        tr("enrollment: how long the code, link or profile challenge stays valid (default 24)."), tr("hours")};

    void addTo(QCommandLineParser& parser) const { parser.addOptions({unsignedProfile, signMessage, expiresHours}); }

    static QString help()
    {
        return tr("\n  enrollment profile --out FILE [--unsigned] [--sign-message] [--expires-hours N] [--json]\n"
                  "            write an enrollment profile with its own single-use SCEP challenge\n"
                  "  enrollment code create [--expires-hours N] [--json]\n"
                  "            make a single-use code to type on the device's enrollment page\n"
                  "  enrollment link [--expires-hours N] [--json]\n"
                  "            make a single-use enrollment link for one device\n"
                  "  enrollment public-url [set URL | clear] [--json]\n"
                  "            show or set the https URL devices use (when a proxy fronts Quince)");
    }
};

/// `enrollment <profile|code create|link> ...`
int enrollment(const QCommandLineParser& parser, const EnrollmentOptions& options, const QStringList& args,
    const QString& dataDirPath);

/// `push UDID...`, `push history UDID`, `push inactive`, `push status` (all take --json).
int push(const QCommandLineParser& parser, const QStringList& args, const QString& dataDirPath);
inline QString pushHelp()
{
    return tr("\n  push UDID... [--json]\n"
              "            ask the running server to push these devices now\n"
              "  push history UDID [--json]\n"
              "            a device's push attempts and APNs' replies, last seen and answered times\n"
              "  push inactive [--json]\n"
              "            devices that stopped answering pushes (no_answer, token_dead, checked_out)\n"
              "  push status [--json]\n"
              "            the APNs endpoint, liveness settings, certificate alert");
}

} // namespace quince::cli

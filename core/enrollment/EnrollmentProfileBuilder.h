// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/enrollment/EnrollmentError.h"
#include "core/enrollment/EnrollmentUrls.h"
#include "core/pki/Certificate.h"
#include "core/plist/PlistValue.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace quince::pki {
class CmsSigner;
}

namespace quince::enrollment {

/// What goes into an enrollment profile.
struct EnrollmentProfileSpec {
    /// The stable top-level PayloadIdentifier: a later profile with the same one replaces the
    /// installed profile (Apple: "Updating Expired Profiles").
    QString profileIdentifier;
    EnrollmentUrls urls;
    pki::Certificate root;
    /// The issuing CA(s) below the root, installed as com.apple.security.pkcs1.
    QList<pki::Certificate> intermediates;
    /// The push certificate's topic (com.apple.mgmt.External.<uuid>).
    QString topic;
    /// The clear single-use SCEP challenge: it exists only in this profile.
    QByteArray challenge;
    /// PayloadOrganization and the O of the SCEP subject.
    QString organization;
    /// The device signs every message (Mdm-Signature): for a server behind a TLS proxy.
    bool signMessage = false;
};

/// Builds the two profiles Quince hands out, as plist trees (pure: no database, no clock).
///
/// The enrollment profile is the minimal one Apple prescribes: the root (com.apple.security.root)
/// and issuing CA (com.apple.security.pkcs1) for TLS trust, one SCEP payload for the device's
/// identity (its key never leaves the device), and the com.apple.mdm payload pointing at it.
/// Everything else is sent later as separate managed profiles.
class EnrollmentProfileBuilder {
public:
    /// Every right Apple defines (bits 1..4096): inspect/install/remove configuration and
    /// provisioning profiles, lock and clear passcode, erase, device, network, app, restriction
    /// and security queries, settings, app management. An update may not add rights later (the
    /// device rejects it), so the first profile asks for the full set the console may use.
    static constexpr int kAccessRights = 8191;
    /// RSA 2048: every SCEP client supports it, and it is what CaOptions issues for clients.
    static constexpr int kScepKeySize = 2048;
    /// Signing (1) and encryption (4): the identity is used for TLS client auth and for
    /// Mdm-Signature, and some profiles later encrypt to it.
    static constexpr int kScepKeyUsage = 5;

    /// com.apple.mdm.per-user-connections (fixed at first install: an update may not add or
    /// remove it) and com.apple.mdm.bootstraptoken (Quince escrows bootstrap tokens).
    /// com.apple.mdm.token is absent: the GetToken check-in is not supported.
    static QStringList serverCapabilities();

    static plist::Value enrollmentProfile(const EnrollmentProfileSpec& spec);

    /// The trust profile behind /MDMServiceConfig's trust_profile_url: Apple wants "only payloads
    /// of type com.apple.security.root", so it holds the root alone; the listener serves the
    /// issuing CA in its TLS chain. Its identifier differs from the enrollment profile's, so
    /// installing one never replaces the other.
    static plist::Value trustProfile(
        const QString& enrollmentProfileIdentifier, const pki::Certificate& root, const QString& organization);
    static QString trustProfileIdentifier(const QString& enrollmentProfileIdentifier)
    {
        return enrollmentProfileIdentifier + QStringLiteral(".trust");
    }

    /// The XML plist, as a signed attached CMS (DER) when signer is given and not null.
    static EnrollmentResult<QByteArray> encode(const plist::Value& profile, const pki::CmsSigner* signer);
};

} // namespace quince::enrollment

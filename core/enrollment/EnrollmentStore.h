// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/enrollment/EnrollmentError.h"
#include "core/enrollment/EnrollmentUrls.h"
#include "core/pki/Certificate.h"
#include "core/pki/CmsSigner.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>

namespace quince::storage {
class Database;
}
namespace quince::pki {
class KeySealer;
}

namespace quince::enrollment {

/// The settings key holding the enrollment profile's top-level PayloadIdentifier. Written once
/// (the first time a profile is made) and never changed: a profile with the same identifier
/// replaces the installed one, and RemoveProfile removes the MDM profile by it.
inline QString profileIdentifierKey()
{
    return QStringLiteral("enrollment.profile_identifier");
}

/// What every enrollment profile of this installation shares, read from the database.
struct EnrollmentMaterial {
    QString profileIdentifier;
    QString topic;
    pki::Certificate root;
    /// The active issuing CA (the one that signs SCEP certificates and the TLS certificate).
    QList<pki::Certificate> intermediates;
    QString organization;
};

/// How to make one enrollment profile.
struct ProfileOptions {
    bool sign = true;
    bool signMessage = false;
    /// scep_challenges.purpose: "enrollment", or "enrollment:code:<id>" / "enrollment:link:<id>".
    QString purpose = QStringLiteral("enrollment");
    QString createdBy;
    /// How long the profile's SCEP challenge stays usable.
    std::chrono::seconds challengeLifetime {3600};
    /// Default: now.
    QDateTime now;
};

/// A profile just made, with the challenge it carries.
struct IssuedProfile {
    /// Signed CMS (DER) or, unsigned, the XML plist: serve as application/x-apple-aspen-config.
    QByteArray bytes;
    bool isSigned = false;
    QString profileIdentifier;
    qint64 challengeId = -1;
    QDateTime challengeExpiresAt;
};

/// The database side of enrollment: settings, material, issuing a profile with a fresh
/// challenge, the profile signer. Stateless; every call works on the Database it is given (a
/// StorageWorker job or quincectl's writer connection) and writes in one transaction.
class EnrollmentStore {
public:
    /// The stable top-level PayloadIdentifier, created on first use ("com.quince-mdm.enrollment.<uuid>").
    static EnrollmentResult<QString> profileIdentifier(storage::Database& db);

    /// Identifier, push topic, CA certificates. NotReady without a CA or a push certificate
    /// (the message says to run `quincectl push-cert import`).
    static EnrollmentResult<EnrollmentMaterial> loadMaterial(storage::Database& db);

    /// Creates a single-use SCEP challenge and the profile that carries it, signed by signer
    /// (unless options.sign is false). One transaction: on failure no challenge is left behind.
    static EnrollmentResult<IssuedProfile> issueProfile(
        storage::Database& db, const EnrollmentUrls& urls, const pki::CmsSigner& signer, const ProfileOptions& options);

    /// The trust profile (root only), unsigned: it is what makes a device trust our signatures.
    static EnrollmentResult<QByteArray> trustProfile(storage::Database& db);

    /// The profile signer from the database: the active TLS server identity — the device shows
    /// the host it enrolls with as the verified signer, and its chain (issuing CA, root) is the
    /// one the profile installs — or, in plain-HTTP mode where Quince has no TLS identity, the
    /// SCEP RA identity under the same chain. The key is opened with sealer.
    static EnrollmentResult<pki::CmsSigner> loadSigner(storage::Database& db, const pki::KeySealer& sealer);

    /// Links a certificate issued by SCEP (by its SHA-256, lower-case hex) to the challenge it
    /// was issued for, so the inventory can tell which enrollment profile a device came from.
    static EnrollmentResult<bool> linkIssuedCertificate(
        storage::Database& db, qint64 challengeId, const QString& certificateSha256Hex);
};

} // namespace quince::enrollment

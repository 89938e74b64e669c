// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/mdm/CheckInMessage.h"
#include "core/storage/Database.h"

#include <QString>

#include <variant>

namespace quince::mdm {

/// Why a check-in was refused on identity grounds. The HTTP layer answers 403 to all of them.
enum class IdentityRefusal {
    NoCertificate, ///< the caller found no client certificate (no TLS identity, no Mdm-Signature)
    UnknownCertificate, ///< not a device identity certificate Quince issued
    InactiveCertificate, ///< one Quince issued, but revoked or superseded
    NotBound, ///< never bound to a device, and the message is not the Authenticate that binds it
    BoundToAnotherDevice, ///< bound to another UDID: the UDID swap
    TopicMismatch, ///< the message's Topic is not the push topic this server expects
};

/// The stable enumerator name, e.g. "BoundToAnotherDevice".
QString refusalName(IdentityRefusal refusal);

/// A certificate that passed the check.
struct VerifiedIdentity {
    qint64 certificateId = 0;
    QString sha256;
    QString serialHex;
    /// True when this message (an Authenticate) is the one that binds the certificate.
    bool bindsNow = false;
};

/// The identity rule of the check-in: the client certificate (whose SHA-256 fingerprint the
/// transport hands over, from TLS or from the Mdm-Signature signer) must be an active
/// device_identity certificate from our certificates table, bound to the message's device on
/// the first Authenticate and presented by that device alone afterwards.
///
/// It runs inside the check-in's storage job, so the check and the binding are one transaction.
class DeviceIdentity {
public:
    /// The verdict: a verified identity, a refusal, or a storage error (never a refusal).
    using Verdict = std::variant<VerifiedIdentity, IdentityRefusal, storage::StorageError>;

    /// certificateSha256 is lowercase or uppercase hex; expectedTopic empty skips the topic check
    /// (no push certificate configured yet). Refusals are logged with the fingerprint and the
    /// device identifiers, never with tokens.
    static Verdict verify(storage::Database& db, const QString& certificateSha256, const CheckInMessage& message,
        const QString& expectedTopic);

    /// Binds a verified certificate to the message's device and its enrollment row.
    static storage::StorageStatus bind(
        storage::Database& db, const VerifiedIdentity& identity, const QString& deviceId, qint64 enrollmentId);
};

} // namespace quince::mdm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/mdm/CheckInMessage.h"
#include "core/mdm/DeviceIdentity.h"

#include <QByteArray>
#include <QFuture>
#include <QMutex>
#include <QString>

#include <optional>

namespace quince::pki {
class KeySealer;
}
namespace quince::storage {
class StorageWorker;
}

namespace quince::mdm {

/// What a check-in came to; the HTTP layer turns it into a status with httpStatus().
enum class CheckInOutcome {
    Ok, ///< 200, with CheckInResult::body when there is one (GetBootstrapToken)
    BadRequest, ///< 400: the body failed decoding or the schema (CheckInMessage::decode)
    Unmanaged, ///< 401: a TokenUpdate from a device Quince does not manage, or any message from a
               ///< device an operator marked for refusal; the device removes its profile
    IdentityRefused, ///< 403: see CheckInResult::refusal
    Declined, ///< 410: UserAuthenticate; Apple's answer for "no user channel for this user"
    NotSupported, ///< 501: DeclarativeManagement and GetToken, for now
    InternalError, ///< 500: a query failed, or a sealed token did not open
    StorageUnavailable, ///< 503: the database is busy or shutting down; the device retries
};

/// The HTTP status for an outcome. A storage problem is never 401: a 401 unenrolls the device.
int httpStatus(CheckInOutcome outcome);

/// The stable enumerator name, e.g. "Unmanaged".
QString outcomeName(CheckInOutcome outcome);

/// The result of processing one check-in.
struct CheckInResult {
    CheckInOutcome outcome = CheckInOutcome::InternalError;
    /// The response body (an XML plist) for Ok, empty otherwise or when there is nothing to say.
    QByteArray body;
    std::optional<IdentityRefusal> refusal;
    /// For the log; names no secret.
    QString reason;
};

/// Settings of the check-in that an operator may change.
struct CheckInPolicy {
    /// The push topic of our push certificate; a message with another Topic is refused.
    /// Empty while no push certificate is configured: the topic check is then skipped.
    QString expectedTopic;
    /// Answer 401 to a TokenUpdate from a device Quince does not manage (never enrolled, or
    /// checked out), so that a restored device drops a stale profile. When false, such a
    /// TokenUpdate enrolls the device as if it had authenticated.
    bool refuseUnmanagedTokenUpdate = true;
    /// Read the expected Topic from the active push certificate in the store at every message
    /// instead (expectedTopic is then ignored), so a certificate imported while the server runs
    /// is enforced at once.
    bool topicFromStore = false;
};

/// Applies check-in messages to the enrollment state, each in one storage job:
///
/// - Authenticate: device row (created, or back to pending) and device-channel enrollment in
///   status 'authenticated' with push token, push magic and UnlockToken cleared (not reachable
///   until TokenUpdate); binds the identity certificate to the UDID on first use.
/// - TokenUpdate: token, PushMagic, Topic, UnlockToken (sealed) on the device or user channel
///   row; status 'active', device 'enrolled', token_updated_at now, push_token_dead_since cleared.
/// - CheckOut: enrollment 'checked_out'; on the device channel also every user channel and the
///   device 'unenrolled'.
/// - Get/SetBootstrapToken: stored sealed, returned opened.
/// - UserAuthenticate: declined; DeclarativeManagement, GetToken: not supported.
/// Every message that passes the identity check updates last_seen_at and clears inactive_since;
/// a device marked by DeviceLifecycle::requestRefusal() gets Unmanaged (401) and is unenrolled.
///
/// Thread-safe: process() only queues a job on the worker.
class CheckInProcessor {
public:
    CheckInProcessor(storage::StorageWorker& worker, const pki::KeySealer& sealer, CheckInPolicy policy = {});

    /// Takes effect for the next process(); safe from any thread.
    void setPolicy(const CheckInPolicy& policy);
    CheckInPolicy policy() const;

    /// Decodes body and processes it; the future resolves after the job committed or rolled back.
    /// certificateSha256 is the hex SHA-256 of the client certificate (TLS or Mdm-Signature).
    QFuture<CheckInResult> process(const QByteArray& body, const QString& certificateSha256);
    /// Processes an already decoded message.
    QFuture<CheckInResult> process(const CheckInMessage& message, const QString& certificateSha256);
    /// process() and wait; for tests and tools, never from the storage thread.
    CheckInResult processAndWait(const QByteArray& body, const QString& certificateSha256);

    /// The sealing context of a secret of an enrollment, e.g. "enrollment/7/UnlockToken".
    static QString sealingContext(qint64 enrollmentId, const QString& what);

private:
    storage::StorageWorker& m_worker;
    const pki::KeySealer& m_sealer;
    mutable QMutex m_policyMutex; // guards m_policy
    CheckInPolicy m_policy;
};

} // namespace quince::mdm

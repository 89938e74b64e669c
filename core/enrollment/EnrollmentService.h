// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/enrollment/EnrollmentCodes.h"
#include "core/enrollment/EnrollmentError.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/EnrollmentUrls.h"
#include "core/enrollment/FailedAttemptLimiter.h"
#include "core/pki/CmsSigner.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>

#include <chrono>
#include <functional>

namespace quince::storage {
class StorageWorker;
}

namespace quince::enrollment {

Q_DECLARE_LOGGING_CATEGORY(lcEnrollment)

/// What the over-the-air routes and /MDMServiceConfig ask of the server: profiles for valid
/// codes and links, the trust profile, the anchor certificates. Transport-independent; its
/// methods block on the storage worker, so callers run them off the listener's I/O threads.
/// Thread-safe.
class EnrollmentService {
public:
    struct Config {
        /// The port the listener is bound to right now (0 when unknown): the public URLs use it
        /// unless enrollment.public_base_url is set.
        std::function<quint16()> listeningPort;
        /// Signs every profile (see EnrollmentStore::loadSigner for which identity); null: unsigned.
        pki::CmsSigner signer;
        /// A profile from the page is installed at once: its challenge need not live long.
        std::chrono::seconds challengeLifetime {3600};
        FailedAttemptLimiter::Limits limits;
    };

    /// storage must outlive the service.
    EnrollmentService(storage::StorageWorker& storage, Config config);

    /// The public URLs as of now.
    EnrollmentResult<EnrollmentUrls> urls() const;

    /// For a code typed on the page or a link's token, from peer (an address, the rate-limit
    /// key): checks the limit, uses the code up and makes a profile with a fresh challenge, all
    /// in one transaction — if the profile cannot be made, the code stays usable. A refused
    /// code is CodeRejected (or RateLimited) and counts against the peer.
    EnrollmentResult<IssuedProfile> profileFor(CodeKind kind, const QString& presented, const QString& peer);

    /// The trust profile (XML; unsigned by design, see EnrollmentStore::trustProfile).
    EnrollmentResult<QByteArray> trustProfile() const;
    /// The dep_anchor_certs_url body: a JSON array of base64 DER anchors (the root).
    EnrollmentResult<QByteArray> anchorCertificatesJson() const;
    /// The /MDMServiceConfig body.
    EnrollmentResult<QByteArray> serviceConfigJson() const;

    /// Links a certificate SCEP just issued to the challenge it was issued for (a
    /// CaScepIssuer::IssuedObserver). challengeId < 0 (a renewal) is ignored.
    void certificateIssued(const pki::Certificate& certificate, qint64 challengeId);

    const FailedAttemptLimiter& limiter() const { return m_limiter; }

private:
    storage::StorageWorker& m_storage;
    Config m_config;
    FailedAttemptLimiter m_limiter;
};

} // namespace quince::enrollment

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/scep/ScepIssuer.h"

#include <functional>
#include <optional>

namespace quince::pki {
class CertificateAuthority;
}

namespace quince::scep {

/// The production ScepIssuer: device identity certificates from Quince's CertificateAuthority,
/// recorded in the certificate inventory.
class CaScepIssuer : public ScepIssuer {
public:
    /// Which enrollment (row id) a request belongs to, from its context (typically the
    /// challenge's purpose); nullopt records none. Empty: none.
    using EnrollmentResolver = std::function<std::optional<qint64>(const IssueContext&)>;
    /// Whether a certificate may be renewed (e.g. still active in the inventory). Empty: any
    /// certificate that chains to the CA.
    using RenewalPolicy = std::function<bool(const pki::Certificate&)>;
    /// Told about every certificate issued (and recorded), with the request's context: how a
    /// certificate gets linked to the challenge, and so the enrollment profile, it came from.
    using IssuedObserver = std::function<void(const pki::Certificate&, const IssueContext&)>;

    /// ca must outlive the issuer.
    explicit CaScepIssuer(pki::CertificateAuthority& ca, EnrollmentResolver enrollmentFor = {},
        RenewalPolicy mayRenew = {}, IssuedObserver issued = {});

    pki::PkiResult<pki::Certificate> issue(
        const pki::CertificateRequest& request, const IssueContext& context) override;
    bool acceptsRenewalOf(const pki::Certificate& existing) override;

private:
    pki::CertificateAuthority& m_ca;
    EnrollmentResolver m_enrollmentFor;
    RenewalPolicy m_mayRenew;
    IssuedObserver m_issued;
};

} // namespace quince::scep

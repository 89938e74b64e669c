// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/CaScepIssuer.h"

#include "core/pki/CertificateAuthority.h"

namespace quince::scep {

CaScepIssuer::CaScepIssuer(
    pki::CertificateAuthority& ca, EnrollmentResolver enrollmentFor, RenewalPolicy mayRenew, IssuedObserver issued)
    : m_ca(ca), m_enrollmentFor(std::move(enrollmentFor)), m_mayRenew(std::move(mayRenew)), m_issued(std::move(issued))
{
}

pki::PkiResult<pki::Certificate> CaScepIssuer::issue(
    const pki::CertificateRequest& request, const IssueContext& context)
{
    pki::IssueOptions options;
    options.kind = pki::CertificateKind::DeviceIdentity;
    if (m_enrollmentFor)
        options.enrollmentId = m_enrollmentFor(context);
    pki::PkiResult<pki::Certificate> issued = m_ca.issueClientCertificate(request, options);
    if (issued && m_issued)
        m_issued(*issued, context);
    return issued;
}

bool CaScepIssuer::acceptsRenewalOf(const pki::Certificate& existing)
{
    return !m_mayRenew || m_mayRenew(existing);
}

} // namespace quince::scep

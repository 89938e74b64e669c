// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/PkiError.h"
#include "core/scep/ScepTypes.h"

#include <QByteArray>
#include <QString>

namespace quince::scep {

/// What the SCEP engine knows about a request when it asks for a certificate.
struct IssueContext {
    MessageType messageType = MessageType::PKCSReq;
    /// The client's transactionID (printable, at most 128 characters).
    QString transactionId;
    /// PKCSReq: the row of the consumed challenge and its purpose (e.g. an enrollment), so the
    /// issuer can record which enrollment the certificate belongs to. -1 / "" for RenewalReq.
    qint64 challengeId = -1;
    QString challengePurpose;
    /// RenewalReq: the certificate Quince issued earlier that signed this request; null for
    /// PKCSReq.
    pki::Certificate previousCertificate;
};

/// Issues certificates for verified SCEP requests. Implemented by the CA; tests use a CA made in
/// the test. The engine has already checked the request signature, the CSR's own signature and
/// the challenge (or the renewal certificate) before calling issue().
class ScepIssuer {
public:
    virtual ~ScepIssuer() = default;

    /// Issues a certificate for request (a PKCS#10 whose signature verified). The issuer
    /// decides subject, extensions and validity. A PkiErrorKind::UnsupportedAlgorithm error is
    /// answered with badAlg, any other error with badRequest.
    virtual pki::PkiResult<pki::Certificate> issue(const pki::CertificateRequest& request, const IssueContext& context)
        = 0;

    /// Whether existing, which chains to the CA and is within its validity, may be renewed
    /// (for example: it is still active in the certificate inventory, not revoked or
    /// superseded). A refusal is answered with badCertId.
    virtual bool acceptsRenewalOf(const pki::Certificate& existing)
    {
        Q_UNUSED(existing);
        return true;
    }
};

} // namespace quince::scep

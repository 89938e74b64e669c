// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/scep: building the signed answers.

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"
#include "core/scep/ScepTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace quince::scep {

/// A CertRep (RFC 8894 §3.3.2): a PKCS#7 SignedData by the SCEP signer (RA or CA) with the
/// attributes messageType=3, pkiStatus, failInfo (FAILURE only), transactionID (echoed),
/// recipientNonce (= the request's senderNonce) and a fresh senderNonce. On SUCCESS the content
/// is the EnvelopedData holding the issued certificate; otherwise the content is omitted.
struct CertRep {
    PkiStatus status = PkiStatus::Failure;
    std::optional<FailInfo> failInfo;
    QString transactionId;
    QByteArray recipientNonce;
    /// The DER EnvelopedData (SUCCESS only).
    QByteArray envelope;
    /// Digest for the signature: the request's when acceptable, else SHA-256.
    int digestNid = 0;

    /// Signs with signer/key; the result is DER. The senderNonce is 16 fresh random bytes.
    pki::PkiResult<QByteArray> sign(const pki::Certificate& signer, const pki::PrivateKey& key) const;
};

/// A degenerate ("certificates-only") PKCS#7 SignedData holding certificates, in DER: the
/// messageData of a successful CertRep and the GetCACert answer with an RA.
pki::PkiResult<QByteArray> certificatesOnly(const QList<pki::Certificate>& certificates);

} // namespace quince::scep

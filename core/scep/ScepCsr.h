// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/scep: the little PKCS#10 reading SCEP needs.
// TODO(dedup): fold into core/pki/CertificateRequest once the CA work lands it.

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/scep/Rejection.h"

#include <QByteArray>

#include <memory>

struct X509_req_st; // X509_REQ, without pulling OpenSSL's x509.h into this header

namespace quince::scep {

/// A PKCS#10 certification request whose own signature has verified.
class ScepCsr {
public:
    /// Parses der and verifies its self-signature. Not a CSR is badRequest; a signature that
    /// does not verify is badMessageCheck (it is an integrity failure like the outer one).
    static Result<ScepCsr, Rejection> parse(const QByteArray& der);

    /// The exact DER that was parsed (what the issuer receives).
    QByteArray der() const { return m_der; }
    /// The challengePassword attribute as UTF-8, or empty when absent. A secret: never log it.
    QByteArray challengePassword() const;
    /// The SubjectPublicKeyInfo (DER).
    QByteArray publicKeyDer() const;
    /// The subject in RFC 2253 form, for the log.
    QString subject() const;

private:
    ScepCsr() = default;

    std::shared_ptr<X509_req_st> m_request;
    QByteArray m_der;
};

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/DistinguishedName.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <openssl/types.h>

#include <memory>

// openssl/types.h does not name X509_REQ in OpenSSL 3.0; this matches openssl/x509.h.
typedef struct X509_req_st X509_REQ;

namespace quince::pki {

/// A PKCS#10 certificate signing request: what a device (by SCEP) or Quince itself (for the
/// push certificate) asks a CA to certify. Copies share the request; it is immutable.
///
/// Parsing does not check the self-signature: call verifySignature() before trusting anything
/// in it (SCEP answers a bad one with failInfo badMessageCheck).
class CertificateRequest {
public:
    /// An extension the requester asked for (PKCS#9 extensionRequest attribute).
    struct Extension {
        QByteArray oid; ///< dotted form, e.g. "2.5.29.17"
        bool critical = false;
        QByteArray value; ///< the DER contents of the extnValue OCTET STRING
    };

    CertificateRequest() = default;

    /// DER; Malformed for anything else, including trailing bytes.
    static PkiResult<CertificateRequest> fromDer(const QByteArray& der);
    /// The first "CERTIFICATE REQUEST" block of a PEM text.
    static PkiResult<CertificateRequest> fromPem(const QByteArray& pem);

    /// A request for key signed with SHA-256, with an optional challengePassword attribute and
    /// subjectAltName extension request (entries that parse as IP addresses become iPAddress
    /// names, the rest dNSName).
    static PkiResult<CertificateRequest> create(const PrivateKey& key, const DistinguishedName& subject,
        const QString& challengePassword = {}, const QStringList& subjectAltNames = {});

    bool isNull() const { return !m_request; }

    QByteArray toDer() const;
    QByteArray toPem() const;

    /// RFC 2253 form, like Certificate::subject().
    QString subject() const;
    DistinguishedName subjectName() const;
    QString subjectAttribute(const char* shortName) const;
    QString commonName() const { return subjectAttribute("CN"); }

    /// The SubjectPublicKeyInfo (DER) being certified.
    QByteArray publicKeyDer() const;
    /// The algorithm of that public key (PrivateKey::Type names the same families).
    PrivateKey::Type publicKeyType() const;
    int publicKeyBits() const;

    /// Whether the request's signature verifies with its own public key (proof of possession).
    bool verifySignature() const;

    /// The PKCS#9 challengePassword attribute ("" when absent).
    QString challengePassword() const;
    bool hasChallengePassword() const;

    /// Requested extensions, and the names of a requested subjectAltName.
    QList<Extension> requestedExtensions() const;
    QStringList dnsNames() const;
    QStringList ipAddresses() const;

    /// Borrowed pointer for core/pki internals; valid while a copy of this request lives.
    X509_REQ* native() const { return m_request.get(); }
    /// Takes ownership of request (nullptr gives a null request).
    static CertificateRequest adopt(X509_REQ* request);

private:
    std::shared_ptr<X509_REQ> m_request;
};

} // namespace quince::pki

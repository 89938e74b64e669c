// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <openssl/types.h>

#include <memory>

namespace quince::pki {

/// An X.509 certificate. Copies share the certificate; it is immutable once made.
class Certificate {
public:
    Certificate() = default;

    static PkiResult<Certificate> fromDer(const QByteArray& der);
    /// The first certificate of a PEM text.
    static PkiResult<Certificate> fromPem(const QByteArray& pem);
    /// Every certificate of a PEM text (at least one, or an error).
    static PkiResult<QList<Certificate>> listFromPem(const QByteArray& pem);

    bool isNull() const { return !m_cert; }

    QByteArray toDer() const;
    QByteArray toPem() const;

    /// Distinguished names in RFC 2253 form ("CN=Quince Root CA,O=Quince").
    QString subject() const;
    QString issuer() const;
    /// The first value of a subject attribute by its short name ("CN", "O", "UID"), or "".
    QString subjectAttribute(const char* shortName) const;
    QString commonName() const { return subjectAttribute("CN"); }

    /// The serial number as unsigned big-endian bytes, and as upper-case hex.
    QByteArray serialNumber() const;
    QString serialHex() const;

    QDateTime notBefore() const;
    QDateTime notAfter() const;
    bool isValidAt(const QDateTime& when) const;

    QByteArray sha256Fingerprint() const;
    QString sha256Hex() const;
    QByteArray sha1Fingerprint() const;

    /// Subject alternative names.
    QStringList dnsNames() const;
    QStringList ipAddresses() const;

    /// basicConstraints CA:TRUE.
    bool isCa() const;
    bool isSelfIssued() const;
    /// Whether the certificate's public key is the public half of key.
    bool matches(const PrivateKey& key) const;
    /// The SubjectPublicKeyInfo (DER).
    QByteArray publicKeyDer() const;
    /// The subjectKeyIdentifier and the keyIdentifier of the authorityKeyIdentifier ("" when
    /// absent): they link a certificate to its issuer when names repeat.
    QByteArray subjectKeyId() const;
    QByteArray authorityKeyId() const;
    /// Whether this certificate's signature verifies with issuer's public key.
    bool isSignedBy(const Certificate& issuer) const;

    bool operator==(const Certificate& other) const;
    bool operator!=(const Certificate& other) const { return !(*this == other); }

    /// Borrowed pointer for core/pki internals; valid while a copy of this certificate lives.
    X509* native() const { return m_cert.get(); }
    /// Takes ownership of cert (nullptr gives a null certificate).
    static Certificate adopt(X509* cert);
    /// Shares cert (increments its reference count).
    static Certificate share(X509* cert);

private:
    std::shared_ptr<X509> m_cert;
};

} // namespace quince::pki

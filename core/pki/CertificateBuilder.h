// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/DistinguishedName.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QDateTime>
#include <QFlags>
#include <QList>
#include <QStringList>

#include <openssl/types.h>

#include <memory>
#include <optional>

namespace quince::pki {

/// Makes and signs X.509 v3 certificates for the profiles Quince issues. Every certificate gets
/// SHA-256, a random 128-bit positive serial (unless one is set), a subjectKeyIdentifier and an
/// authorityKeyIdentifier. A profile fills in the extensions; the setters refine them.
///
/// A builder is a plain value: build one per certificate, on any thread.
class CertificateBuilder {
public:
    enum class Profile {
        Custom, ///< only what the setters say
        RootCa, ///< basicConstraints critical CA:TRUE (no path length), keyCertSign + cRLSign
        IssuingCa, ///< as RootCa with pathlen 0: it may issue leaves only
        TlsServer, ///< serverAuth; digitalSignature (+ keyEncipherment for RSA keys)
        TlsClient, ///< clientAuth; digitalSignature (+ keyEncipherment for RSA keys)
    };

    enum class KeyUsage {
        DigitalSignature = 0x01,
        KeyEncipherment = 0x02,
        KeyAgreement = 0x04,
        KeyCertSign = 0x08,
        CrlSign = 0x10,
    };
    Q_DECLARE_FLAGS(KeyUsages, KeyUsage)

    enum class ExtendedKeyUsage { ServerAuth, ClientAuth, EmailProtection, CodeSigning };

    explicit CertificateBuilder(Profile profile = Profile::Custom);

    CertificateBuilder& setSubject(const DistinguishedName& subject);
    /// Copies the request's subject exactly as encoded (SCEP clients look their certificate up
    /// by it) and its public key. Does not copy requested extensions: the profile decides.
    CertificateBuilder& setSubjectAndKey(const CertificateRequest& request);
    /// The SubjectPublicKeyInfo (DER) to certify.
    CertificateBuilder& setPublicKey(const QByteArray& subjectPublicKeyInfoDer);
    CertificateBuilder& setPublicKey(const PrivateKey& key);
    CertificateBuilder& setValidity(const QDateTime& notBefore, const QDateTime& notAfter);
    /// Unsigned big-endian bytes; the default is randomSerialNumber().
    CertificateBuilder& setSerialNumber(const QByteArray& serial);
    /// CA:TRUE with pathLength (-1: unlimited); replaces the profile's choice.
    CertificateBuilder& setCa(int pathLength = -1);
    /// Replaces the profile's key usage (whose RSA/EC choice is made at signing time).
    CertificateBuilder& setKeyUsage(KeyUsages usages);
    CertificateBuilder& setExtendedKeyUsage(const QList<ExtendedKeyUsage>& usages);
    /// subjectAltName entries; an empty list omits the extension.
    CertificateBuilder& setSubjectAltNames(const QStringList& dnsNames, const QStringList& ipAddresses = {});

    /// Signs with issuerKey, naming issuer as the issuer. KeyMismatch if issuerKey is not the key
    /// of issuer; InvalidArgument if something required is missing or the validity is empty;
    /// UnsupportedAlgorithm for a subject key that is neither RSA >= 2048 nor EC P-256/P-384.
    PkiResult<Certificate> sign(const Certificate& issuer, const PrivateKey& issuerKey) const;
    /// Signs with key, the certificate's own key (the public key set, if any, must match it).
    PkiResult<Certificate> selfSign(const PrivateKey& key) const;

    /// 16 random bytes with the top bit clear: positive, at most 16 octets, 127 bits of entropy.
    static QByteArray randomSerialNumber();

private:
    PkiResult<Certificate> build(X509* issuer, const PrivateKey& signingKey) const;

    Profile m_profile;
    DistinguishedName m_subject;
    std::shared_ptr<X509_NAME> m_exactSubject; // from a request, takes precedence over m_subject
    QByteArray m_publicKey;
    QDateTime m_notBefore;
    QDateTime m_notAfter;
    QByteArray m_serial;
    bool m_isCa = false;
    int m_pathLength = -1; // for a CA: -1 = no limit
    std::optional<KeyUsages> m_keyUsage; // unset: the profile's, decided by key type
    std::optional<QList<ExtendedKeyUsage>> m_extendedKeyUsage;
    QStringList m_dnsNames;
    QStringList m_ipAddresses;
};

} // namespace quince::pki

Q_DECLARE_OPERATORS_FOR_FLAGS(quince::pki::CertificateBuilder::KeyUsages)

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CertificateBuilder.h"

#include "core/pki/GeneralNames.h"
#include "core/pki/OpenSsl.h"

#include <QStringList>

#include <openssl/rand.h>

namespace quince::pki {

using namespace ossl;

namespace {

using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, Deleter<AUTHORITY_KEYID_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;

// RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING. Computed here rather
// than through OpenSSL's "hash" configuration value so root and issued certificates use one rule.
QByteArray keyIdentifier(X509* cert)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!X509_pubkey_digest(cert, EVP_sha1(), digest, &length))
        return {};
    return QByteArray(reinterpret_cast<const char*>(digest), static_cast<qsizetype>(length));
}

QByteArray subjectKeyIdentifierOf(X509* cert)
{
    const ASN1_OCTET_STRING* existing = X509_get0_subject_key_id(cert);
    clearErrors();
    if (existing)
        return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(existing)), ASN1_STRING_length(existing));
    return keyIdentifier(cert);
}

Asn1OctetStringPtr octetString(const QByteArray& bytes)
{
    Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
    if (!value
        || !ASN1_OCTET_STRING_set(
            value.get(), reinterpret_cast<const unsigned char*>(bytes.constData()), static_cast<int>(bytes.size())))
        return {};
    return value;
}

bool addConfExtension(X509* cert, int nid, const char* value)
{
    X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, nullptr, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

bool setTime(ASN1_TIME* field, const QDateTime& when)
{
    return ASN1_TIME_set(field, static_cast<time_t>(when.toSecsSinceEpoch())) != nullptr;
}

PkiStatus checkSubjectKey(EVP_PKEY* key)
{
    if (EVP_PKEY_is_a(key, "RSA")) {
        if (EVP_PKEY_get_bits(key) < 2048)
            return PkiError {PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("RSA keys need at least 2048 bits")};
        return {};
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length)) {
            const QByteArray name(group);
            if (name == "prime256v1" || name == "secp384r1")
                return {};
        }
        clearErrors();
        return PkiError {PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("EC keys must be P-256 or P-384")};
    }
    return PkiError {PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("Only RSA and EC keys are certified")};
}

QByteArray keyUsageText(CertificateBuilder::KeyUsages usages)
{
    using KeyUsage = CertificateBuilder::KeyUsage;
    QByteArrayList parts {"critical"};
    if (usages.testFlag(KeyUsage::DigitalSignature))
        parts.append("digitalSignature");
    if (usages.testFlag(KeyUsage::KeyEncipherment))
        parts.append("keyEncipherment");
    if (usages.testFlag(KeyUsage::KeyAgreement))
        parts.append("keyAgreement");
    if (usages.testFlag(KeyUsage::KeyCertSign))
        parts.append("keyCertSign");
    if (usages.testFlag(KeyUsage::CrlSign))
        parts.append("cRLSign");
    return parts.size() > 1 ? parts.join(',') : QByteArray();
}

QByteArray extendedKeyUsageText(const QList<CertificateBuilder::ExtendedKeyUsage>& usages)
{
    using ExtendedKeyUsage = CertificateBuilder::ExtendedKeyUsage;
    QByteArrayList parts;
    for (const ExtendedKeyUsage usage : usages) {
        switch (usage) {
        case ExtendedKeyUsage::ServerAuth:
            parts.append("serverAuth");
            break;
        case ExtendedKeyUsage::ClientAuth:
            parts.append("clientAuth");
            break;
        case ExtendedKeyUsage::EmailProtection:
            parts.append("emailProtection");
            break;
        case ExtendedKeyUsage::CodeSigning:
            parts.append("codeSigning");
            break;
        }
    }
    return parts.join(',');
}

} // namespace

CertificateBuilder::CertificateBuilder(Profile profile) : m_profile(profile)
{
    switch (profile) {
    case Profile::RootCa:
        m_isCa = true;
        m_pathLength = -1;
        m_keyUsage = KeyUsages(KeyUsage::KeyCertSign) | KeyUsage::CrlSign;
        break;
    case Profile::IssuingCa:
        m_isCa = true;
        m_pathLength = 0;
        m_keyUsage = KeyUsages(KeyUsage::KeyCertSign) | KeyUsage::CrlSign;
        break;
    case Profile::TlsServer:
        m_extendedKeyUsage = QList<ExtendedKeyUsage> {ExtendedKeyUsage::ServerAuth};
        break;
    case Profile::TlsClient:
        m_extendedKeyUsage = QList<ExtendedKeyUsage> {ExtendedKeyUsage::ClientAuth};
        break;
    case Profile::Custom:
        break;
    }
}

CertificateBuilder& CertificateBuilder::setSubject(const DistinguishedName& subject)
{
    m_subject = subject;
    m_exactSubject.reset();
    return *this;
}

CertificateBuilder& CertificateBuilder::setSubjectAndKey(const CertificateRequest& request)
{
    m_exactSubject.reset();
    if (!request.isNull()) {
        if (X509_NAME* copy = X509_NAME_dup(X509_REQ_get_subject_name(request.native())))
            m_exactSubject.reset(copy, X509_NAME_free);
        m_subject = request.subjectName();
    }
    m_publicKey = request.publicKeyDer();
    return *this;
}

CertificateBuilder& CertificateBuilder::setPublicKey(const QByteArray& subjectPublicKeyInfoDer)
{
    m_publicKey = subjectPublicKeyInfoDer;
    return *this;
}

CertificateBuilder& CertificateBuilder::setPublicKey(const PrivateKey& key)
{
    m_publicKey = key.publicKeyDer();
    return *this;
}

CertificateBuilder& CertificateBuilder::setValidity(const QDateTime& notBefore, const QDateTime& notAfter)
{
    m_notBefore = notBefore;
    m_notAfter = notAfter;
    return *this;
}

CertificateBuilder& CertificateBuilder::setSerialNumber(const QByteArray& serial)
{
    m_serial = serial;
    return *this;
}

CertificateBuilder& CertificateBuilder::setCa(int pathLength)
{
    m_isCa = true;
    m_pathLength = pathLength;
    return *this;
}

CertificateBuilder& CertificateBuilder::setKeyUsage(KeyUsages usages)
{
    m_keyUsage = usages;
    return *this;
}

CertificateBuilder& CertificateBuilder::setExtendedKeyUsage(const QList<ExtendedKeyUsage>& usages)
{
    m_extendedKeyUsage = usages;
    return *this;
}

CertificateBuilder& CertificateBuilder::setSubjectAltNames(const QStringList& dnsNames, const QStringList& ipAddresses)
{
    m_dnsNames = dnsNames;
    m_ipAddresses = ipAddresses;
    return *this;
}

QByteArray CertificateBuilder::randomSerialNumber()
{
    QByteArray serial(16, Qt::Uninitialized);
    do {
        if (RAND_bytes(reinterpret_cast<unsigned char*>(serial.data()), static_cast<int>(serial.size())) != 1)
            return {};
        serial[0] = static_cast<char>(serial[0] & 0x7f);
    } while (serial.count('\0') == serial.size());
    return serial;
}

PkiResult<Certificate> CertificateBuilder::sign(const Certificate& issuer, const PrivateKey& issuerKey) const
{
    if (issuer.isNull() || issuerKey.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Signing needs an issuer and its key")};
    if (!issuer.isCa())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The issuer is not a CA certificate")};
    if (!issuer.matches(issuerKey)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch, QStringLiteral("The signing key is not the issuer's key")};
    }
    return build(issuer.native(), issuerKey);
}

PkiResult<Certificate> CertificateBuilder::selfSign(const PrivateKey& key) const
{
    if (key.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Self-signing needs a key")};
    if (!m_publicKey.isEmpty() && m_publicKey != key.publicKeyDer())
        return PkiError {PkiErrorKind::KeyMismatch, QStringLiteral("The public key set is not the signing key's")};
    return build(nullptr, key);
}

PkiResult<Certificate> CertificateBuilder::build(X509* issuer, const PrivateKey& signingKey) const
{
    clearErrors();
    const QByteArray publicKeyDer = m_publicKey.isEmpty() && !issuer ? signingKey.publicKeyDer() : m_publicKey;
    if (publicKeyDer.isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The certificate needs a public key")};
    if (!m_notBefore.isValid() || !m_notAfter.isValid() || m_notAfter <= m_notBefore)
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The validity period is empty")};
    if (!m_exactSubject && m_subject.isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The certificate needs a subject")};

    const auto* keyData = reinterpret_cast<const unsigned char*>(publicKeyDer.constData());
    EvpPkeyPtr subjectKey(d2i_PUBKEY(nullptr, &keyData, static_cast<long>(publicKeyDer.size())));
    if (!subjectKey
        || keyData != reinterpret_cast<const unsigned char*>(publicKeyDer.constData()) + publicKeyDer.size())
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a DER SubjectPublicKeyInfo"));
    if (auto policy = checkSubjectKey(subjectKey.get()); !policy)
        return policy.error();

    X509Ptr cert(X509_new());
    if (!cert || !X509_set_version(cert.get(), X509_VERSION_3))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a certificate"));

    const QByteArray serial = m_serial.isEmpty() ? randomSerialNumber() : m_serial;
    BignumPtr serialBn(BN_bin2bn(
        reinterpret_cast<const unsigned char*>(serial.constData()), static_cast<int>(serial.size()), nullptr));
    if (serial.isEmpty() || !serialBn || BN_is_zero(serialBn.get())
        || !BN_to_ASN1_INTEGER(serialBn.get(), X509_get_serialNumber(cert.get())))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot set the serial number"));

    X509NamePtr ownedSubject;
    const X509_NAME* subject = m_exactSubject.get();
    if (!subject) {
        auto name = m_subject.toNative();
        if (!name)
            return name.error();
        ownedSubject.reset(name.value());
        subject = ownedSubject.get();
    }
    if (!X509_set_subject_name(cert.get(), subject)
        || !X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject)
        || !X509_set_pubkey(cert.get(), subjectKey.get()) || !setTime(X509_getm_notBefore(cert.get()), m_notBefore)
        || !setTime(X509_getm_notAfter(cert.get()), m_notAfter))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot fill in the certificate"));

    // basicConstraints: critical on CAs (RFC 5280 4.2.1.9); present and false on leaves so no
    // client ever mistakes one for a CA.
    QByteArray basicConstraints = m_isCa ? QByteArray("critical,CA:TRUE") : QByteArray("critical,CA:FALSE");
    if (m_isCa && m_pathLength >= 0)
        basicConstraints += ",pathlen:" + QByteArray::number(m_pathLength);
    if (!addConfExtension(cert.get(), NID_basic_constraints, basicConstraints.constData()))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot add basicConstraints"));

    KeyUsages usages;
    if (m_keyUsage) {
        usages = *m_keyUsage;
    } else if (m_profile == Profile::TlsServer || m_profile == Profile::TlsClient) {
        // RSA key exchange and CMS key transport encrypt to the key; EC keys only sign.
        usages = KeyUsage::DigitalSignature;
        if (EVP_PKEY_is_a(subjectKey.get(), "RSA"))
            usages |= KeyUsage::KeyEncipherment;
    }
    if (const QByteArray text = keyUsageText(usages); !text.isEmpty()) {
        if (!addConfExtension(cert.get(), NID_key_usage, text.constData()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add keyUsage"));
    }
    if (m_extendedKeyUsage && !m_extendedKeyUsage->isEmpty()) {
        const QByteArray text = extendedKeyUsageText(*m_extendedKeyUsage);
        if (!addConfExtension(cert.get(), NID_ext_key_usage, text.constData()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add extendedKeyUsage"));
    }

    if (!m_dnsNames.isEmpty() || !m_ipAddresses.isEmpty()) {
        auto names = makeGeneralNames(m_dnsNames, m_ipAddresses);
        if (!names)
            return names.error();
        if (X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names->get(), 0, X509V3_ADD_DEFAULT) != 1)
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add subjectAltName"));
    }

    const QByteArray subjectKeyId = keyIdentifier(cert.get());
    Asn1OctetStringPtr subjectKeyIdValue = octetString(subjectKeyId);
    if (subjectKeyId.isEmpty() || !subjectKeyIdValue
        || X509_add1_ext_i2d(cert.get(), NID_subject_key_identifier, subjectKeyIdValue.get(), 0, X509V3_ADD_DEFAULT)
            != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot add subjectKeyIdentifier"));

    const QByteArray authorityKeyId = issuer ? subjectKeyIdentifierOf(issuer) : subjectKeyId;
    AuthorityKeyIdPtr authorityKeyIdValue(AUTHORITY_KEYID_new());
    if (authorityKeyId.isEmpty() || !authorityKeyIdValue)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot compute authorityKeyIdentifier"));
    authorityKeyIdValue->keyid = octetString(authorityKeyId).release();
    if (!authorityKeyIdValue->keyid
        || X509_add1_ext_i2d(cert.get(), NID_authority_key_identifier, authorityKeyIdValue.get(), 0, X509V3_ADD_DEFAULT)
            != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot add authorityKeyIdentifier"));

    if (X509_sign(cert.get(), signingKey.native(), EVP_sha256()) <= 0)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot sign the certificate"));
    return Certificate::adopt(cert.release());
}

} // namespace quince::pki

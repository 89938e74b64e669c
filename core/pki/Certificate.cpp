// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/Certificate.h"

#include "core/pki/OpenSsl.h"

#include <QHostAddress>
#include <QtEndian>

#include <openssl/pem.h>

namespace quince::pki {

using namespace ossl;

namespace {

QString nameToString(const X509_NAME* name)
{
    BioPtr bio = memoryBio();
    if (!name || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(contents(bio.get()));
}

QDateTime asn1TimeToDateTime(const ASN1_TIME* time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
        QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QByteArray digest(const X509* cert, const EVP_MD* md)
{
    unsigned char buffer[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!cert || !X509_digest(cert, md, buffer, &length))
        return {};
    return QByteArray(reinterpret_cast<const char*>(buffer), static_cast<qsizetype>(length));
}

} // namespace

Certificate Certificate::adopt(X509* cert)
{
    Certificate result;
    if (cert)
        result.m_cert.reset(cert, X509_free);
    return result;
}

Certificate Certificate::share(X509* cert)
{
    if (!cert || !X509_up_ref(cert))
        return {};
    return adopt(cert);
}

PkiResult<Certificate> Certificate::fromDer(const QByteArray& der)
{
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    X509* cert = d2i_X509(nullptr, &data, static_cast<long>(der.size()));
    if (!cert)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a DER certificate"));
    // Trailing bytes would make two different encodings map to one certificate.
    if (data != reinterpret_cast<const unsigned char*>(der.constData()) + der.size()) {
        X509_free(cert);
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("Trailing bytes after the certificate")};
    }
    return adopt(cert);
}

PkiResult<Certificate> Certificate::fromPem(const QByteArray& pem)
{
    clearErrors();
    BioPtr bio = memoryBio(pem);
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (!cert)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a PEM certificate"));
    return adopt(cert);
}

PkiResult<QList<Certificate>> Certificate::listFromPem(const QByteArray& pem)
{
    clearErrors();
    BioPtr bio = memoryBio(pem);
    QList<Certificate> list;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        list.append(adopt(cert));
    clearErrors(); // the read that ends the loop always "fails" with no start line
    if (list.isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("No PEM certificate found")};
    return list;
}

QByteArray Certificate::toDer() const
{
    return m_cert ? ossl::toDer(m_cert.get(), i2d_X509) : QByteArray();
}

QByteArray Certificate::toPem() const
{
    if (!m_cert)
        return {};
    BioPtr bio = memoryBio();
    if (!PEM_write_bio_X509(bio.get(), m_cert.get()))
        return {};
    return contents(bio.get());
}

QString Certificate::subject() const
{
    return m_cert ? nameToString(X509_get_subject_name(m_cert.get())) : QString();
}

QString Certificate::issuer() const
{
    return m_cert ? nameToString(X509_get_issuer_name(m_cert.get())) : QString();
}

QString Certificate::subjectAttribute(const char* shortName) const
{
    if (!m_cert)
        return {};
    const int nid = OBJ_txt2nid(shortName);
    if (nid == NID_undef)
        return {};
    const X509_NAME* name = X509_get_subject_name(m_cert.get());
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0)
        return {};
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0)
        return {};
    const QString result = QString::fromUtf8(reinterpret_cast<const char*>(utf8), length);
    OPENSSL_free(utf8);
    return result;
}

QByteArray Certificate::serialNumber() const
{
    if (!m_cert)
        return {};
    BignumPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(m_cert.get()), nullptr));
    if (!bn)
        return {};
    QByteArray bytes(BN_num_bytes(bn.get()), Qt::Uninitialized);
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
    return bytes.isEmpty() ? QByteArray(1, '\0') : bytes;
}

QString Certificate::serialHex() const
{
    return QString::fromLatin1(serialNumber().toHex().toUpper());
}

QDateTime Certificate::notBefore() const
{
    return m_cert ? asn1TimeToDateTime(X509_get0_notBefore(m_cert.get())) : QDateTime();
}

QDateTime Certificate::notAfter() const
{
    return m_cert ? asn1TimeToDateTime(X509_get0_notAfter(m_cert.get())) : QDateTime();
}

bool Certificate::isValidAt(const QDateTime& when) const
{
    return m_cert && when >= notBefore() && when <= notAfter();
}

QByteArray Certificate::sha256Fingerprint() const
{
    return digest(m_cert.get(), EVP_sha256());
}

QString Certificate::sha256Hex() const
{
    return QString::fromLatin1(sha256Fingerprint().toHex());
}

QByteArray Certificate::sha1Fingerprint() const
{
    return digest(m_cert.get(), EVP_sha1());
}

QStringList Certificate::dnsNames() const
{
    QStringList names;
    if (!m_cert)
        return names;
    GeneralNamesPtr sans(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(m_cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
        if (name->type == GEN_DNS)
            names.append(QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                ASN1_STRING_length(name->d.dNSName)));
    }
    return names;
}

QStringList Certificate::ipAddresses() const
{
    QStringList addresses;
    if (!m_cert)
        return addresses;
    GeneralNamesPtr sans(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(m_cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
        if (name->type != GEN_IPADD)
            continue;
        const unsigned char* bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        const int length = ASN1_STRING_length(name->d.iPAddress);
        QHostAddress address;
        if (length == 4) {
            address.setAddress(qFromBigEndian<quint32>(bytes));
        } else if (length == 16) {
            address.setAddress(bytes);
        } else {
            continue;
        }
        addresses.append(address.toString());
    }
    return addresses;
}

bool Certificate::isCa() const
{
    return m_cert && X509_check_ca(m_cert.get()) >= 1 && (X509_get_extension_flags(m_cert.get()) & EXFLAG_CA);
}

bool Certificate::isSelfIssued() const
{
    return m_cert && X509_NAME_cmp(X509_get_subject_name(m_cert.get()), X509_get_issuer_name(m_cert.get())) == 0;
}

bool Certificate::matches(const PrivateKey& key) const
{
    const bool matching = m_cert && !key.isNull() && X509_check_private_key(m_cert.get(), key.native()) == 1;
    clearErrors(); // a mismatch leaves an error behind that would leak into a later message
    return matching;
}

QByteArray Certificate::publicKeyDer() const
{
    if (!m_cert)
        return {};
    return ossl::toDer(X509_get0_pubkey(m_cert.get()), i2d_PUBKEY);
}

QByteArray Certificate::subjectKeyId() const
{
    const ASN1_OCTET_STRING* id = m_cert ? X509_get0_subject_key_id(m_cert.get()) : nullptr;
    clearErrors();
    return id ? QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)), ASN1_STRING_length(id))
              : QByteArray();
}

QByteArray Certificate::authorityKeyId() const
{
    const ASN1_OCTET_STRING* id = m_cert ? X509_get0_authority_key_id(m_cert.get()) : nullptr;
    clearErrors();
    return id ? QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)), ASN1_STRING_length(id))
              : QByteArray();
}

bool Certificate::isSignedBy(const Certificate& issuer) const
{
    if (!m_cert || issuer.isNull())
        return false;
    EVP_PKEY* issuerKey = X509_get0_pubkey(issuer.native());
    const bool verified = issuerKey && X509_verify(m_cert.get(), issuerKey) == 1;
    clearErrors();
    return verified;
}

bool Certificate::operator==(const Certificate& other) const
{
    if (!m_cert || !other.m_cert)
        return !m_cert && !other.m_cert;
    return X509_cmp(m_cert.get(), other.m_cert.get()) == 0;
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CertificateRequest.h"

#include "core/pki/GeneralNames.h"
#include "core/pki/OpenSsl.h"

#include <QHostAddress>

#include <openssl/pem.h>

namespace quince::pki {

using namespace ossl;

namespace {

struct ExtensionStackDeleter {
    void operator()(STACK_OF(X509_EXTENSION) * stack) const { sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free); }
};
using ExtensionStackPtr = std::unique_ptr<STACK_OF(X509_EXTENSION), ExtensionStackDeleter>;

ExtensionStackPtr extensionsOf(X509_REQ* request)
{
    if (!request)
        return {};
    ExtensionStackPtr extensions(X509_REQ_get_extensions(request));
    clearErrors(); // a request without an extensionRequest attribute is not an error
    return extensions;
}

GeneralNamesPtr subjectAltNamesOf(X509_REQ* request)
{
    ExtensionStackPtr extensions = extensionsOf(request);
    if (!extensions)
        return {};
    GeneralNamesPtr names(
        static_cast<GENERAL_NAMES*>(X509V3_get_d2i(extensions.get(), NID_subject_alt_name, nullptr, nullptr)));
    clearErrors();
    return names;
}

} // namespace

CertificateRequest CertificateRequest::adopt(X509_REQ* request)
{
    CertificateRequest result;
    if (request)
        result.m_request.reset(request, X509_REQ_free);
    return result;
}

PkiResult<CertificateRequest> CertificateRequest::fromDer(const QByteArray& der)
{
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    X509ReqPtr request(d2i_X509_REQ(nullptr, &data, static_cast<long>(der.size())));
    if (!request)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a DER certificate request"));
    if (data != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("Trailing bytes after the certificate request")};
    if (!X509_REQ_get0_pubkey(request.get()))
        return error(PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("The request's public key cannot be read"));
    return adopt(request.release());
}

PkiResult<CertificateRequest> CertificateRequest::fromPem(const QByteArray& pem)
{
    clearErrors();
    BioPtr bio = memoryBio(pem);
    X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!request)
        return error(PkiErrorKind::Malformed, QStringLiteral("Not a PEM certificate request"));
    if (!X509_REQ_get0_pubkey(request.get()))
        return error(PkiErrorKind::UnsupportedAlgorithm, QStringLiteral("The request's public key cannot be read"));
    return adopt(request.release());
}

PkiResult<CertificateRequest> CertificateRequest::create(const PrivateKey& key, const DistinguishedName& subject,
    const QString& challengePassword, const QStringList& subjectAltNames)
{
    if (key.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("A certificate request needs a key")};
    clearErrors();
    X509ReqPtr request(X509_REQ_new());
    if (!request || !X509_REQ_set_version(request.get(), 0) || !X509_REQ_set_pubkey(request.get(), key.native()))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot start a certificate request"));

    auto name = subject.toNative();
    if (!name)
        return name.error();
    X509NamePtr ownedName(name.value());
    if (!X509_REQ_set_subject_name(request.get(), ownedName.get()))
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot set the request subject"));

    if (!challengePassword.isEmpty()) {
        const QByteArray utf8 = challengePassword.toUtf8();
        if (!X509_REQ_add1_attr_by_NID(request.get(), NID_pkcs9_challengePassword, MBSTRING_UTF8,
                reinterpret_cast<const unsigned char*>(utf8.constData()), static_cast<int>(utf8.size())))
            return error(PkiErrorKind::InvalidArgument, QStringLiteral("Cannot add the challenge password"));
    }

    if (!subjectAltNames.isEmpty()) {
        QStringList dns;
        QStringList ips;
        for (const QString& entry : subjectAltNames)
            (QHostAddress(entry).isNull() ? dns : ips).append(entry);
        auto names = makeGeneralNames(dns, ips);
        if (!names)
            return names.error();
        ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
        X509_EXTENSION* extension = X509V3_EXT_i2d(NID_subject_alt_name, 0, names->get());
        if (!extensions || !extension || !sk_X509_EXTENSION_push(extensions.get(), extension)) {
            X509_EXTENSION_free(extension);
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode the subjectAltName request"));
        }
        if (!X509_REQ_add_extensions(request.get(), extensions.get()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot add the extension request"));
    }

    if (X509_REQ_sign(request.get(), key.native(), EVP_sha256()) <= 0)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot sign the certificate request"));
    return adopt(request.release());
}

QByteArray CertificateRequest::toDer() const
{
    return m_request ? ossl::toDer(m_request.get(), i2d_X509_REQ) : QByteArray();
}

QByteArray CertificateRequest::toPem() const
{
    if (!m_request)
        return {};
    BioPtr bio = memoryBio();
    if (!PEM_write_bio_X509_REQ(bio.get(), m_request.get()))
        return {};
    return contents(bio.get());
}

QString CertificateRequest::subject() const
{
    if (!m_request)
        return {};
    BioPtr bio = memoryBio();
    if (X509_NAME_print_ex(
            bio.get(), X509_REQ_get_subject_name(m_request.get()), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB)
        < 0)
        return {};
    return QString::fromUtf8(contents(bio.get()));
}

DistinguishedName CertificateRequest::subjectName() const
{
    return m_request ? DistinguishedName::fromNative(X509_REQ_get_subject_name(m_request.get())) : DistinguishedName();
}

QString CertificateRequest::subjectAttribute(const char* shortName) const
{
    return subjectName().value(QString::fromLatin1(shortName));
}

QByteArray CertificateRequest::publicKeyDer() const
{
    if (!m_request)
        return {};
    return ossl::toDer(X509_REQ_get0_pubkey(m_request.get()), i2d_PUBKEY);
}

PrivateKey::Type CertificateRequest::publicKeyType() const
{
    EVP_PKEY* key = m_request ? X509_REQ_get0_pubkey(m_request.get()) : nullptr;
    if (!key)
        return PrivateKey::Type::Null;
    // PrivateKey::type() only reads public parameters, so a shared public key answers the same.
    if (!EVP_PKEY_up_ref(key))
        return PrivateKey::Type::Null;
    return PrivateKey::adopt(key).type();
}

int CertificateRequest::publicKeyBits() const
{
    EVP_PKEY* key = m_request ? X509_REQ_get0_pubkey(m_request.get()) : nullptr;
    return key ? EVP_PKEY_get_bits(key) : 0;
}

bool CertificateRequest::verifySignature() const
{
    EVP_PKEY* key = m_request ? X509_REQ_get0_pubkey(m_request.get()) : nullptr;
    const bool verified = key && X509_REQ_verify(m_request.get(), key) == 1;
    clearErrors();
    return verified;
}

bool CertificateRequest::hasChallengePassword() const
{
    return m_request && X509_REQ_get_attr_by_NID(m_request.get(), NID_pkcs9_challengePassword, -1) >= 0;
}

QString CertificateRequest::challengePassword() const
{
    if (!m_request)
        return {};
    const int index = X509_REQ_get_attr_by_NID(m_request.get(), NID_pkcs9_challengePassword, -1);
    if (index < 0)
        return {};
    X509_ATTRIBUTE* attribute = X509_REQ_get_attr(m_request.get(), index);
    // Clients encode it as PrintableString, UTF8String, IA5String or T61String.
    const ASN1_TYPE* value = attribute ? X509_ATTRIBUTE_get0_type(attribute, 0) : nullptr;
    if (!value)
        return {};
    switch (value->type) {
    case V_ASN1_PRINTABLESTRING:
    case V_ASN1_UTF8STRING:
    case V_ASN1_IA5STRING:
    case V_ASN1_T61STRING:
    case V_ASN1_BMPSTRING:
    case V_ASN1_UNIVERSALSTRING:
        break;
    default:
        return {};
    }
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value->value.asn1_string);
    if (length < 0) {
        clearErrors();
        return {};
    }
    QString result = QString::fromUtf8(reinterpret_cast<const char*>(utf8), length);
    OPENSSL_free(utf8);
    return result;
}

QList<CertificateRequest::Extension> CertificateRequest::requestedExtensions() const
{
    QList<Extension> result;
    ExtensionStackPtr extensions = extensionsOf(m_request.get());
    for (int i = 0; extensions && i < sk_X509_EXTENSION_num(extensions.get()); ++i) {
        X509_EXTENSION* extension = sk_X509_EXTENSION_value(extensions.get(), i);
        char oid[128] = {};
        OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(extension), 1);
        const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
        result.append(Extension {QByteArray(oid), X509_EXTENSION_get_critical(extension) != 0,
            QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data))});
    }
    return result;
}

QStringList CertificateRequest::dnsNames() const
{
    GeneralNamesPtr names = subjectAltNamesOf(m_request.get());
    return dnsNamesOf(names.get());
}

QStringList CertificateRequest::ipAddresses() const
{
    GeneralNamesPtr names = subjectAltNamesOf(m_request.get());
    return ipAddressesOf(names.get());
}

} // namespace quince::pki

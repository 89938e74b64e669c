// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepCsr.h"

#include "core/pki/OpenSsl.h"

namespace quince::scep {

using namespace pki::ossl;

Result<ScepCsr, Rejection> ScepCsr::parse(const QByteArray& der)
{
    clearErrors();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    X509ReqPtr request(d2i_X509_REQ(nullptr, &data, static_cast<long>(der.size())));
    clearErrors();
    if (!request || data != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return Rejection {FailInfo::BadRequest, QStringLiteral("the envelope does not hold a PKCS#10 request")};

    EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
    if (!key || X509_REQ_verify(request.get(), key) != 1) {
        const QString details = takeErrors();
        return Rejection {
            FailInfo::BadMessageCheck, QStringLiteral("the PKCS#10 signature does not verify ") + details};
    }

    ScepCsr csr;
    csr.m_request.reset(request.release(), X509_REQ_free);
    csr.m_der = der;
    return csr;
}

QByteArray ScepCsr::challengePassword() const
{
    const int index = X509_REQ_get_attr_by_NID(m_request.get(), NID_pkcs9_challengePassword, -1);
    if (index < 0)
        return {};
    X509_ATTRIBUTE* attribute = X509_REQ_get_attr(m_request.get(), index);
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
    if (!value)
        return {};
    // DirectoryString: clients use PrintableString, UTF8String and, rarely, BMPString.
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
    QByteArray result(reinterpret_cast<const char*>(utf8), length);
    OPENSSL_cleanse(utf8, static_cast<size_t>(length));
    OPENSSL_free(utf8);
    return result;
}

QByteArray ScepCsr::publicKeyDer() const
{
    return toDer(X509_REQ_get0_pubkey(m_request.get()), i2d_PUBKEY);
}

QString ScepCsr::subject() const
{
    BioPtr bio = memoryBio();
    const X509_NAME* name = X509_REQ_get_subject_name(m_request.get());
    if (!name || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(contents(bio.get()));
}

} // namespace quince::scep

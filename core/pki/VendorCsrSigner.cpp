// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/VendorCsrSigner.h"

#include "core/pki/CertificateRequest.h"
#include "core/pki/OpenSsl.h"
#include "core/plist/PlistCodec.h"

#include <QDateTime>

namespace quince::pki {

using namespace ossl;

namespace {

PkiResult<QByteArray> signSha256(const PrivateKey& key, const QByteArray& data)
{
    clearErrors();
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    // RSA's default padding is PKCS#1 v1.5, which is what Apple verifies.
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot start the vendor signature"));
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.constData());
    size_t length = 0;
    if (EVP_DigestSign(context.get(), nullptr, &length, bytes, static_cast<size_t>(data.size())) != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot size the vendor signature"));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes,
            static_cast<size_t>(data.size()))
        != 1)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot make the vendor signature"));
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

} // namespace

PkiResult<VendorCsrSigner> VendorCsrSigner::create(
    const Certificate& vendorCertificate, const PrivateKey& vendorKey, const QList<Certificate>& appleChain)
{
    if (vendorCertificate.isNull() || vendorKey.isNull())
        return PkiError {
            PkiErrorKind::InvalidArgument, QStringLiteral("The vendor certificate and key are both needed")};
    if (!vendorCertificate.matches(vendorKey)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The vendor key does not belong to the vendor certificate %1")
                .arg(vendorCertificate.subject())};
    }
    if (vendorKey.type() != PrivateKey::Type::Rsa)
        return PkiError {PkiErrorKind::UnsupportedAlgorithm,
            QStringLiteral("The vendor key must be RSA: Apple verifies an RSA SHA-256 signature")};
    if (!vendorCertificate.isValidAt(QDateTime::currentDateTimeUtc()))
        return PkiError {PkiErrorKind::Expired,
            QStringLiteral("The vendor certificate is not valid now (valid %1 to %2); Apple would refuse the request")
                .arg(vendorCertificate.notBefore().toString(Qt::ISODate),
                    vendorCertificate.notAfter().toString(Qt::ISODate))};
    // A misordered or unrelated chain would only be noticed by Apple's portal, with a vague error.
    Certificate child = vendorCertificate;
    for (const Certificate& issuer : appleChain) {
        if (!child.isSignedBy(issuer))
            return PkiError {PkiErrorKind::UntrustedChain,
                QStringLiteral("The chain is not in order: %1 is not issued by %2 (give Apple's intermediate first, "
                               "then the root)")
                    .arg(child.subject(), issuer.subject())};
        child = issuer;
    }
    VendorCsrSigner signer;
    signer.m_vendorCertificate = vendorCertificate;
    signer.m_vendorKey = vendorKey;
    signer.m_appleChain = appleChain;
    return signer;
}

PkiResult<VendorCsrSigner::SignedRequest> VendorCsrSigner::sign(const QByteArray& customerCsr) const
{
    // An operator's file may hold either form.
    PkiResult<CertificateRequest> csr = customerCsr.contains("-----BEGIN ") ? CertificateRequest::fromPem(customerCsr)
                                                                            : CertificateRequest::fromDer(customerCsr);
    if (!csr)
        return csr.error();
    // Countersigning a request its own key does not vouch for would put the vendor's name on
    // something the customer never made.
    if (!csr->verifySignature())
        return PkiError {PkiErrorKind::BadSignature,
            QStringLiteral("The CSR's signature does not verify: it was altered or is damaged")};
    if (csr->publicKeyType() != PrivateKey::Type::Rsa || csr->publicKeyBits() < 2048)
        return PkiError {PkiErrorKind::UnsupportedAlgorithm,
            QStringLiteral("The CSR's key must be RSA with at least 2048 bits for an MDM push certificate")};

    SignedRequest result;
    result.csrDer = csr->toDer();
    PkiResult<QByteArray> signature = signSha256(m_vendorKey, result.csrDer);
    if (!signature)
        return signature.error();
    result.signature = *signature;
    result.chainPem = m_vendorCertificate.toPem();
    for (const Certificate& certificate : m_appleChain)
        result.chainPem += certificate.toPem();

    const plist::Dict request {
        {QStringLiteral("PushCertRequestCSR"), QString::fromLatin1(result.csrDer.toBase64())},
        {QStringLiteral("PushCertCertificateChain"), QString::fromLatin1(result.chainPem)},
        {QStringLiteral("PushCertSignature"), QString::fromLatin1(result.signature.toBase64())},
    };
    Result<QByteArray, plist::PlistError> xml = plist::encodeXml(plist::Value(request));
    if (!xml)
        return PkiError {PkiErrorKind::Internal, QStringLiteral("Cannot encode the request plist")};
    result.plistXml = *xml;
    result.encoded = result.plistXml.toBase64();
    return result;
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>

namespace quince::pki {

/// Apple's "MDM vendor CSR signing" step. An MDM vendor (a member of Apple's MDM vendor program,
/// holding an "MDM CSR" signing certificate from Apple) countersigns a customer's push CSR; the
/// customer uploads the result to Apple's push certificate portal, which answers with the push
/// certificate.
///
/// The upload is the base64 of an XML property list with three strings:
/// - `PushCertRequestCSR`: the customer's CSR, base64 of its DER;
/// - `PushCertCertificateChain`: PEM of the vendor certificate followed by Apple's intermediate
///   and root certificates;
/// - `PushCertSignature`: base64 of the RSA PKCS#1 v1.5 SHA-256 signature, made with the vendor
///   key, over the CSR's DER bytes.
///
/// Apple's intermediate and root are not bundled with Quince: the operator downloads them from
/// Apple (https://www.apple.com/certificateauthority/) and passes them in as the chain.
class VendorCsrSigner {
public:
    /// Everything the step produces; encoded is the file to upload.
    struct SignedRequest {
        QByteArray csrDer;
        QByteArray signature;
        QByteArray chainPem;
        QByteArray plistXml;
        QByteArray encoded;
    };

    /// Checks the vendor identity once: KeyMismatch when vendorKey is not vendorCertificate's key,
    /// UnsupportedAlgorithm for a non-RSA vendor key (Apple's vendor certificates are RSA),
    /// Expired for a vendor certificate outside its validity, UntrustedChain when appleChain is
    /// not the vendor certificate's issuer chain in order (intermediate first, then root).
    static PkiResult<VendorCsrSigner> create(
        const Certificate& vendorCertificate, const PrivateKey& vendorKey, const QList<Certificate>& appleChain = {});

    /// Signs the customer's CSR (PEM or DER). Malformed for anything else, BadSignature when the
    /// CSR's own signature does not verify (altered after it was made), UnsupportedAlgorithm for
    /// a CSR key that is not RSA of at least 2048 bits (Apple's portal refuses those).
    PkiResult<SignedRequest> sign(const QByteArray& customerCsr) const;

    const Certificate& vendorCertificate() const { return m_vendorCertificate; }

private:
    VendorCsrSigner() = default;

    Certificate m_vendorCertificate;
    PrivateKey m_vendorKey;
    QList<Certificate> m_appleChain;
};

} // namespace quince::pki

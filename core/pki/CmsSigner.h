// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>

namespace quince::pki {

/// Produces CMS SignedData with one signer identity (certificate, private key and the
/// intermediates that lead to a root). The certificate and the chain are embedded in every
/// signature, so a verifier needs nothing but its trust anchors.
class CmsSigner {
public:
    enum class Digest { Sha256, Sha1 };
    /// Indefinite-length BER is what Apple devices send as Mdm-Signature; DER is canonical.
    enum class Encoding { Der, IndefiniteBer };

    CmsSigner() = default;

    /// A signer for certificate, whose public key must belong to key (KeyMismatch otherwise).
    /// chain holds the intermediates (the root may be included; it does no harm).
    static PkiResult<CmsSigner> create(
        const Certificate& certificate, const PrivateKey& key, const QList<Certificate>& chain = {});

    bool isNull() const { return m_certificate.isNull(); }
    const Certificate& certificate() const { return m_certificate; }
    const QList<Certificate>& chain() const { return m_chain; }

    /// Signs content as an attached SignedData (SHA-256, DER): the form of a signed
    /// .mobileconfig. The content is signed byte for byte (no MIME line-ending conversion).
    PkiResult<QByteArray> signAttached(const QByteArray& content) const;

    /// Signs content as a detached SignedData, the form of an Mdm-Signature header (before
    /// base64). SHA-1 and BER exist so tests can imitate every device generation.
    PkiResult<QByteArray> signDetached(
        const QByteArray& content, Digest digest = Digest::Sha256, Encoding encoding = Encoding::Der) const;

private:
    PkiResult<QByteArray> sign(const QByteArray& content, bool detached, Digest digest, Encoding encoding) const;

    Certificate m_certificate;
    PrivateKey m_key;
    QList<Certificate> m_chain;
};

} // namespace quince::pki

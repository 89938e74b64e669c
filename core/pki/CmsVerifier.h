// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace quince::pki {

/// What a verified CMS SignedData says about itself.
struct VerifiedSignature {
    /// The certificate whose key made the signature (taken from inside the CMS).
    Certificate signer;
    /// Every certificate the CMS carries, the signer included (intermediates a device sent).
    QList<Certificate> certificates;
    /// The digest the signer used: "SHA1", "SHA256", "SHA384" or "SHA512".
    QString digest;
    /// The signed content of an attached SignedData (empty for a detached one).
    QByteArray content;
};

/// Verifies CMS SignedData with exactly one signer whose certificate is inside the CMS: the
/// Mdm-Signature header of device requests, and signed profiles.
///
/// Two modes. The default verifier only checks that the embedded certificate's key signed the
/// content; deciding whether that certificate is one Quince issued is the caller's job (the MDM
/// layer looks it up, and must compare the whole certificate, e.g. its SHA-256 fingerprint: in
/// this mode anyone can embed a self-made certificate with any subject or serial). A verifier
/// made with trust anchors also requires the signer to chain to one of them, using the other
/// certificates in the CMS as intermediates.
///
/// Error kinds: Malformed (absent, oversized, not base64, not a single-signer SignedData),
/// UnsupportedAlgorithm (a digest other than SHA-1/SHA-2), BadSignature (content altered, signer
/// certificate absent or not the key that signed), UntrustedChain or Expired (chain mode).
class CmsVerifier {
public:
    /// Apple devices sign with one certificate and a few intermediates at most: a few KiB.
    static constexpr qsizetype DefaultMaxSignatureSize = 64 * 1024;
    /// Signed profiles with embedded payloads (fonts, certificates) may be large.
    static constexpr qsizetype DefaultMaxAttachedSize = 16 * 1024 * 1024;

    /// Signature-only mode: no chain verification.
    CmsVerifier() = default;
    /// Chain mode: the signer must chain to one of trustAnchors. An anchor may be an
    /// intermediate (partial chains are accepted: the caller trusts exactly what it passes).
    /// An empty list trusts nothing.
    explicit CmsVerifier(const QList<Certificate>& trustAnchors);

    bool verifiesChain() const { return m_verifyChain; }
    const QList<Certificate>& trustAnchors() const { return m_trustAnchors; }

    /// The largest decoded detached signature accepted; larger ones are refused before parsing.
    void setMaxSignatureSize(qsizetype bytes) { m_maxSignatureSize = bytes; }
    qsizetype maxSignatureSize() const { return m_maxSignatureSize; }
    /// The largest attached SignedData accepted by verifyAttached().
    void setMaxAttachedSize(qsizetype bytes) { m_maxAttachedSize = bytes; }
    /// Chain mode checks validity periods at this time (default: now).
    void setVerificationTime(const QDateTime& when) { m_verificationTime = when; }

    /// Verifies the value of an Mdm-Signature header (base64 of a detached SignedData, BER or
    /// DER; whitespace and line breaks inside are ignored) over the exact request body.
    PkiResult<VerifiedSignature> verifyMdmSignature(const QByteArray& headerValue, const QByteArray& body) const;

    /// Verifies a detached SignedData (BER or DER) over content.
    PkiResult<VerifiedSignature> verifyDetached(const QByteArray& signature, const QByteArray& content) const;

    /// Verifies an attached SignedData (a signed profile) and returns its content.
    PkiResult<VerifiedSignature> verifyAttached(const QByteArray& signedData) const;

private:
    PkiResult<VerifiedSignature> verify(const QByteArray& cms, const QByteArray* detachedContent) const;

    QList<Certificate> m_trustAnchors;
    QDateTime m_verificationTime;
    qsizetype m_maxSignatureSize = DefaultMaxSignatureSize;
    qsizetype m_maxAttachedSize = DefaultMaxAttachedSize;
    bool m_verifyChain = false;
};

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/scep: the outer layer of a SCEP request.

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/pki/OpenSsl.h"
#include "core/scep/Rejection.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace quince::scep {

/// A SCEP pkiMessage as received: a PKCS#7 SignedData whose signed attributes carry
/// messageType, transactionID and senderNonce, and whose content is an EnvelopedData.
///
/// parse() only establishes what is needed to answer at all (whom: transactionID and
/// senderNonce); everything it reads is unauthenticated until verify() has succeeded.
class PkiMessage {
public:
    /// Parses der. The error is a short reason for an HTTP 400: the bytes are not a SignedData
    /// with one signer and the two attributes a CertRep must echo.
    static Result<PkiMessage, QString> parse(const QByteArray& der);

    QString transactionId() const { return m_transactionId; }
    QByteArray senderNonce() const { return m_senderNonce; }
    /// The messageType number, or nullopt when absent or not a decimal number.
    std::optional<int> messageType() const { return m_messageType; }
    /// The signer's digest algorithm (NID), which the CertRep reuses when it is one we accept.
    int digestNid() const { return m_digestNid; }
    bool digestAccepted() const;

    /// Verifies the signature (and the messageDigest attribute) with the signer certificate
    /// carried in the message, without judging that certificate, and returns the signed
    /// content (the DER EnvelopedData). Refuses unsupported digests with badAlg first.
    Result<QByteArray, Rejection> verify() const;

    /// The certificate that signed (from the message's certificate set); null if absent.
    pki::Certificate signer() const;
    /// The signingTime attribute, when present (authenticated only after verify()).
    std::optional<QDateTime> signingTime() const { return m_signingTime; }

private:
    explicit PkiMessage(pki::ossl::Pkcs7Ptr pkcs7);

    std::shared_ptr<PKCS7> m_pkcs7;
    QString m_transactionId;
    QByteArray m_senderNonce;
    std::optional<int> m_messageType;
    std::optional<QDateTime> m_signingTime;
    int m_digestNid = 0;
};

/// The printable, length-bounded form of an untrusted string for a log line.
QString forLog(const QString& untrusted);

} // namespace quince::scep

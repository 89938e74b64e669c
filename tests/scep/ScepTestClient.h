// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A SCEP client written directly with OpenSSL, independent of the engine's code paths: it
// builds PKIMessages the way devices do (and the ways broken or hostile clients do) and reads
// CertReps.

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace quince::scep::test {

/// How to build one request.
struct RequestSpec {
    int messageType = 19; ///< PKCSReq; 17 RenewalReq, 20 CertPoll, ...; -1 omits the attribute
    QByteArray challenge; ///< empty: no challengePassword attribute
    QString subjectCommonName = QStringLiteral("scep-test-device");
    /// The envelope cipher, by OpenSSL name ("AES-128-CBC", "DES-CBC", "RC2-CBC", ...).
    QByteArray cipher = "AES-128-CBC";
    /// Replace the envelope's cipher OID after encryption (e.g. a bogus "1.3.6.1.4.1.99999.1").
    QByteArray overrideCipherOid;
    QByteArray digest = "SHA256"; ///< the signer's digest
    QByteArray transactionId; ///< empty: hex SHA-256 of the signer public key (as RFC 8894 suggests)
    QByteArray senderNonce; ///< empty: 16 random bytes
    std::optional<QDateTime> signingTime;
    enum class Tamper { None, Signature, SignedContent, CsrSignature };
    Tamper tamper = Tamper::None;
    /// The CSR's key; null: the signer's own key (PKCSReq style).
    pki::PrivateKey csrKey;
    /// Put something that is not a CSR in the envelope.
    QByteArray envelopeContentOverride;
};

/// What a CertRep said.
struct Reply {
    bool parsed = false;
    QString error; ///< why parsing/verification failed
    bool signatureValid = false; ///< signed by the expected SCEP signer
    int messageType = -1;
    int pkiStatus = -1;
    int failInfo = -1;
    QByteArray transactionId;
    QByteArray recipientNonce;
    QByteArray senderNonce;
    QByteArray envelope; ///< DER EnvelopedData (SUCCESS)
    QByteArray envelopeCipherOid; ///< dotted OID of the envelope's content cipher
    pki::Certificate issued;
};

class ScepTestClient {
public:
    /// A client with a fresh RSA key and a transient self-signed certificate.
    static ScepTestClient withTransientIdentity(int bits = 2048);
    /// A client that signs with an existing identity (for RenewalReq).
    ScepTestClient(pki::PrivateKey key, pki::Certificate certificate);

    const pki::PrivateKey& key() const { return m_key; }
    const pki::Certificate& certificate() const { return m_certificate; }

    /// A DER PKCS#10 for key with the spec's subject and challenge.
    static QByteArray makeCsr(const pki::PrivateKey& key, const RequestSpec& spec);

    /// A DER PKIMessage enveloped to recipient (the RA, or the CA without RA). Empty on error.
    QByteArray buildRequest(const RequestSpec& spec, const pki::Certificate& recipient) const;
    /// The senderNonce and transactionID the last buildRequest() used.
    QByteArray lastSenderNonce() const { return m_lastSenderNonce; }
    QByteArray lastTransactionId() const { return m_lastTransactionId; }

    /// Parses a CertRep, checks it is signed by expectedSigner, and decrypts the envelope with
    /// this client's key.
    Reply readReply(const QByteArray& der, const pki::Certificate& expectedSigner) const;

private:
    pki::PrivateKey m_key;
    pki::Certificate m_certificate;
    mutable QByteArray m_lastSenderNonce;
    mutable QByteArray m_lastTransactionId;
};

/// The dotted OID for an OpenSSL cipher name ("AES-128-CBC" -> "2.16.840.1.101.3.4.1.2").
QByteArray cipherOid(const QByteArray& cipherName);

} // namespace quince::scep::test

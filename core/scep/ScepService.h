// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"
#include "core/scep/ChallengeStore.h"
#include "core/scep/ReplayCache.h"
#include "core/scep/ScepIssuer.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <chrono>
#include <functional>
#include <memory>

namespace quince::scep {

class PkiMessage;
struct Rejection;

/// The HTTP methods the SCEP service tells apart.
enum class HttpMethod { Get, Post, Other };

/// An HTTP answer, independent of the listener that sends it.
struct ScepResponse {
    int statusCode = 200;
    QByteArray contentType;
    QByteArray body;
    /// The Allow header value for a 405; empty otherwise.
    QByteArray allow;
};

/// Who Quince is on the SCEP wire.
///
/// Quince uses a separate RA certificate (kind scep_ra, RSA, keyUsage digitalSignature +
/// keyEncipherment, issued by the issuing CA) to sign CertReps and decrypt requests:
/// - SCEP envelopes use RSA key transport, while the issuing CA may have a P-256 key;
/// - decrypting attacker-supplied PKCS#1 v1.5 envelopes is a padding-oracle surface that
///   belongs on a key that can be rotated at will, not on the key that signs certificates;
/// - the CA certificate can then keep a keyUsage of keyCertSign/cRLSign only.
/// The engine still works with signer == CA (an RSA CA), answering GetCACert with the single
/// CA certificate; the tests cover both.
struct ScepServiceConfig {
    /// The CA that issues the certificates (what clients pin and chain to).
    pki::Certificate caCertificate;
    /// The RA certificate and key, or the CA's own for a CA-only setup. Must be RSA.
    pki::Certificate signerCertificate;
    pki::PrivateKey signerKey;
    /// Certificates above the CA (the root), appended to a CA+RA GetCACert answer.
    QList<pki::Certificate> chain;
    /// PKIOperation messages larger than this are refused (413) before any parsing.
    qsizetype maxMessageBytes = 64 * 1024;
    /// How far a signingTime attribute may be from our clock (badTime beyond).
    std::chrono::seconds maxClockSkew {24 * 3600};
    /// The time source (UTC); the system clock when empty. Tests move it.
    std::function<QDateTime()> clock;
};

/// The RFC 8894 SCEP server, transport-independent: a listener mounts it under /scep by
/// passing each request's method, raw query string and body to handle() and sending back the
/// ScepResponse. handle() is thread-safe when the issuer and challenge store are.
///
/// Replays: a PKIOperation whose (transactionID, senderNonce) was already seen is refused with
/// badRequest (and so is a PKCSReq whose challenge is used), rather than answered with the
/// earlier certificate: a client that lost its answer starts over with a new challenge.
class ScepService {
public:
    /// Checks config (signer matches its key, is RSA, and is the CA or issued by it) and builds
    /// the service. issuer and challenges must outlive it.
    static Result<std::unique_ptr<ScepService>> create(
        ScepServiceConfig config, ScepIssuer& issuer, ChallengeStore& challenges);

    ~ScepService();

    /// Serves one request of /scep. rawQuery is the query string without '?', still
    /// percent-encoded. GetCACaps and GetCACert are GET only, PKIOperation GET or POST.
    ScepResponse handle(HttpMethod method, const QByteArray& rawQuery, const QByteArray& body);

    /// GetCACaps: text/plain, one capability per line.
    ScepResponse getCaCaps() const;
    /// GetCACert: the CA certificate (DER), or CA + RA (+ chain) as a certificates-only PKCS#7.
    ScepResponse getCaCert() const;
    /// PKIOperation with the DER message (from a POST body or a decoded GET message=).
    ScepResponse pkiOperation(const QByteArray& message);

    /// Whether a separate RA signs and decrypts.
    bool usesRa() const;
    /// The largest PKIOperation message accepted (for the listener's body limit).
    qsizetype maxMessageBytes() const { return m_config.maxMessageBytes; }
    /// The capabilities GetCACaps lists.
    static QByteArray capabilities();

private:
    ScepService(ScepServiceConfig config, ScepIssuer& issuer, ChallengeStore& challenges);

    QDateTime now() const;
    ScepResponse failure(const PkiMessage& message, const Rejection& rejection, const QString& type);
    ScepResponse answer(const PkiMessage& message, const QString& type);

    ScepServiceConfig m_config;
    ScepIssuer& m_issuer;
    ChallengeStore& m_challenges;
    ReplayCache m_replays;
    QByteArray m_caCertBody;
    QByteArray m_caCertContentType;
};

} // namespace quince::scep

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace quince::devsim {

class HttpsClient;

/// A device's side of RFC 8894, written directly with OpenSSL: GetCACert, then a PKCSReq
/// (CSR with the challenge, enveloped to the RA in AES-128-CBC, signed with a transient
/// self-signed certificate), then the CertRep read back and its certificate decrypted.
class ScepClient {
public:
    explicit ScepClient(HttpsClient& http);

    /// The certificates GetCACert returned: recipient() is the one to envelope to (the RA, or
    /// the CA when there is no RA).
    Status fetchCaCertificates(const QUrl& scepUrl);
    const QList<pki::Certificate>& caCertificates() const { return m_caCertificates; }
    const pki::Certificate& recipient() const { return m_recipient; }

    /// Enrolls key: returns the issued certificate, or why not (HTTP error, a CertRep FAILURE
    /// with its failInfo, a reply that does not verify).
    Result<pki::Certificate> enroll(const QUrl& scepUrl, const pki::PrivateKey& key,
        const QList<QPair<QString, QString>>& subject, const QByteArray& challenge);

private:
    HttpsClient& m_http;
    QList<pki::Certificate> m_caCertificates;
    pki::Certificate m_recipient;
};

/// A certificate for subjectKey signed by issuerKey (self-signed when issuer is null), with the
/// given common name; isCa makes a CA. For transient SCEP identities and for tests that need a
/// foreign CA. Null on failure.
pki::Certificate makeCertificate(const QString& commonName, const pki::PrivateKey& subjectKey,
    const pki::Certificate& issuer, const pki::PrivateKey& issuerKey, bool isCa = false);

} // namespace quince::devsim

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/CaStore.h"
#include "core/pki/Certificate.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/DistinguishedName.h"
#include "core/pki/KeySealer.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage

namespace quince::pki {

enum class KeyAlgorithm { Rsa2048, Rsa3072, EcP256 };

/// How the CA makes its keys and how long what it signs lives. The defaults are the shipped
/// policy; tests shorten or speed them up.
struct CaOptions {
    /// Shown in the CA names: "Quince Root CA (<label>)". Default: the machine's host name.
    QString label;
    /// The O attribute of every subject Quince makes.
    QString organization = QStringLiteral("Quince");
    /// RSA 3072 by default: SCEP clients encrypt their requests to the CA with RSA key transport,
    /// which an EC CA cannot receive, and every Apple OS version accepts RSA chains.
    KeyAlgorithm caKeyAlgorithm = KeyAlgorithm::Rsa3072;
    /// P-256: cheap handshakes; accepted by Apple's clients (RSA >= 2048 or P-256).
    KeyAlgorithm tlsKeyAlgorithm = KeyAlgorithm::EcP256;
    /// For identities Quince generates itself (PKCS#12 enrollments): RSA for the widest support.
    KeyAlgorithm clientKeyAlgorithm = KeyAlgorithm::Rsa2048;
    int rootValidityDays = 3650;
    int issuingValidityDays = 1825;
    /// A new issuing CA is made when the active one has fewer days left than this.
    int issuingRenewBeforeDays = 180;
    /// Apple accepts at most 825 days from a private root; 397 also satisfies the public limit.
    int tlsValidityDays = 397;
    int tlsRenewBeforeDays = 30;
    int clientValidityDays = 365;
    /// notBefore is set this far in the past, so a device whose clock lags a little still
    /// accepts a certificate issued a moment ago.
    int backdateSeconds = 300;
};

/// What to put in a client (device identity) certificate besides its key.
struct IssueOptions {
    /// The subject; if empty, the request's subject; if that is empty too, CN = commonName.
    DistinguishedName subject;
    QString commonName;
    /// 0: CaOptions::clientValidityDays. Never beyond the issuing CA's own expiry.
    int validityDays = 0;
    /// Recorded with the certificate. enrollmentId must name an existing enrollments row.
    QString deviceUdid;
    std::optional<qint64> enrollmentId;
    CertificateKind kind = CertificateKind::DeviceIdentity;
};

/// A certificate with its private key and the chain up to (not including) the root.
struct Identity {
    Certificate certificate;
    PrivateKey key;
    QList<Certificate> chain;

    /// The leaf followed by the chain, PEM (what a TLS listener presents).
    QByteArray certificateChainPem() const;
    /// The private key, unencrypted PKCS#8 PEM: hand it to QSslKey and drop it.
    QByteArray privateKeyPem() const;
};

/// Quince's own certificate authority: a root, an issuing (intermediate) CA below it, the TLS
/// server certificate of the listener, and device identities.
///
/// The root signs nothing but issuing CAs. Its key is sealed in the database and unsealed only
/// inside ensureInitialized() when an issuing CA must be made, then dropped; day-to-day
/// issuance uses the issuing CA's key, the only CA key held in memory. A compromise of the
/// running server therefore exposes the issuing key, which a new issuing CA replaces without
/// touching the trust every device has in the root.
///
/// Thread safety: every method may be called from any thread; a mutex serialises them. Methods
/// that record what they issue wait for the StorageWorker (writeAndWait), so they must not be
/// called from inside a storage job: a job that wants issuance in its own transaction calls
/// signClientCertificate() before and recordIssued() inside.
class CertificateAuthority {
public:
    CertificateAuthority(storage::StorageWorker& storage, const KeySealer& sealer, CaOptions options = {});

    /// Loads the CA from the database, creating the root and issuing CA on first start, and
    /// renewing the issuing CA when it nears expiry. Cheap once loaded: call it at start and
    /// from a daily timer.
    PkiStatus ensureInitialized();
    bool isInitialized() const;

    Certificate rootCertificate() const;
    /// The active issuing CA.
    Certificate issuingCertificate() const;
    /// Every issuing CA that is not revoked and not expired, active first: a listener verifying
    /// client certificates needs them all, since devices keep certificates from an older one.
    QList<Certificate> issuingCertificates() const;

    /// The listener's identity for hostNames (DNS names and IP addresses; the first is the CN).
    /// Issues a new certificate, marking the old one superseded, when there is none, the names
    /// changed, fewer than tlsRenewBeforeDays remain, or the issuing CA changed.
    PkiResult<Identity> ensureTlsServerIdentity(const QStringList& hostNames);

    /// The SCEP registration authority: an RSA identity issued by the issuing CA that signs
    /// CertReps and decrypts requests, so the CA key never handles untrusted envelopes. Renewed
    /// like the TLS certificate.
    PkiResult<Identity> ensureScepRaIdentity();

    /// A clientAuth certificate for the request's key: the request's signature must verify
    /// (BadSignature otherwise). Recorded in the database.
    PkiResult<Certificate> issueClientCertificate(const CertificateRequest& request, const IssueOptions& options);
    /// The same for a bare SubjectPublicKeyInfo (DER).
    PkiResult<Certificate> issueClientCertificate(
        const QByteArray& subjectPublicKeyInfoDer, const IssueOptions& options);
    /// A new key and clientAuth certificate for it (for a PKCS#12 enrollment). The key is not
    /// stored: once packaged for the device Quince has no use for it.
    PkiResult<Identity> issueClientIdentity(const IssueOptions& options);

    /// Signs without recording (see the class comment for when that is right).
    PkiResult<Certificate> signClientCertificate(const CertificateRequest& request, const IssueOptions& options) const;
    PkiResult<Certificate> signClientCertificate(
        const QByteArray& subjectPublicKeyInfoDer, const IssueOptions& options) const;
    /// Records a certificate signClientCertificate() made, inside the caller's job.
    static Result<qint64, storage::StorageError> recordIssued(
        storage::Database& db, const Certificate& certificate, const IssueOptions& options);

    /// Replaces the clock (tests simulate the passing of time with it).
    void setClock(std::function<QDateTime()> clock);

private:
    QDateTime now() const;
    PkiResult<Certificate> signClient(const std::optional<CertificateRequest>& request, const QByteArray& publicKey,
        const IssueOptions& options) const;
    PkiResult<Certificate> recordClient(const PkiResult<Certificate>& signedCertificate, const IssueOptions& options);
    PkiResult<QByteArray> sealKey(const PrivateKey& key, const Certificate& certificate) const;
    PkiResult<PrivateKey> openKey(const CertificateRecord& record) const;
    PkiResult<PrivateKey> generateKey(KeyAlgorithm algorithm) const;
    PkiResult<Identity> ensureServiceIdentity(CertificateKind kind, std::optional<Identity>& cache,
        KeyAlgorithm algorithm, const std::function<bool(const Certificate&, const QDateTime&)>& fits,
        const std::function<PkiResult<Certificate>(const PrivateKey&, const QDateTime&)>& issue);
    PkiStatus createRoot();
    PkiStatus createIssuing(const CertificateRecord& root);
    PkiStatus store(const QList<CertificateRecord>& records);
    QDateTime clampToIssuer(const QDateTime& notAfter) const;
    QString label() const;

    storage::StorageWorker& m_storage;
    const KeySealer& m_sealer;
    CaOptions m_options;
    std::function<QDateTime()> m_clock;

    mutable QMutex m_mutex;
    Certificate m_root;
    Certificate m_issuing;
    PrivateKey m_issuingKey;
    QList<Certificate> m_issuingHistory;
    std::optional<Identity> m_tls;
    std::optional<Identity> m_scepRa;
};

} // namespace quince::pki

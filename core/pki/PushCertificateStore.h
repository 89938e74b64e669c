// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/KeySealer.h"
#include "core/pki/PushCertificate.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace quince::storage {
class Database;
}

namespace quince::pki {

/// Why a push certificate step failed, so the console and quincectl can say what to do next.
enum class PushCertificateErrorKind {
    Malformed, ///< the file is not a PEM/DER certificate or a PKCS#12, or the request is broken
    WrongPassword, ///< the PKCS#12 (or encrypted key) does not open with the password given
    KeyMismatch, ///< no key we hold (nor the one in the file) belongs to the certificate
    NotPushCertificate, ///< no `com.apple.mgmt.External.<uuid>` UID in the subject
    Expired, ///< the certificate is already past its notAfter
    TopicChanged, ///< a renewal for another topic: it would orphan every enrolled device
    AlreadyImported, ///< this exact certificate is already in the database
    Sealing, ///< the key could not be sealed or opened (master key, tampering)
    Storage, ///< the database refused a read or a write
    Internal, ///< OpenSSL failed where it should not
};

struct PushCertificateError {
    PushCertificateErrorKind kind = PushCertificateErrorKind::Internal;
    QString message;
    /// For TopicChanged: the topic of the active certificate and of the refused one.
    QString activeTopic;
    QString newTopic;

    Error toError() const { return Error {message}; }
};

template <typename T> using PushResult = Result<T, PushCertificateError>;

/// A stable name for the kind, for logs, --json output and tests.
QString errorKindName(PushCertificateErrorKind kind);

/// The push certificate's life cycle in the database: a pending request (key sealed in
/// `certificate_requests`, kind 'push'), the import of Apple's answer as the active 'push' row of
/// `certificates`, and same-topic renewals that supersede it.
///
/// Stateless apart from the sealer: every call works on the Database it is given, in the caller's
/// thread — the StorageWorker's thread inside a write job, or quincectl's own connection. Writes
/// are one transaction each (a savepoint inside a job's transaction).
class PushCertificateStore {
public:
    /// The tables a write changes, for StorageWorker::write() and its committed() signal.
    static QStringList tables() { return {QStringLiteral("certificates"), QStringLiteral("certificate_requests")}; }

    explicit PushCertificateStore(const KeySealer& sealer);

    /// Generates the push key and its CSR and stores them as a pending request, the key sealed.
    /// The CSR goes to the vendor signing step and then to Apple's push certificate portal.
    PushResult<CertificateRequest> createRequest(storage::Database& db, const QString& organization) const;

    /// Imports what Apple issued (PEM, DER, or a PKCS#12 with password) as the active push
    /// certificate. The key is the one in the file, or that of the pending request (or earlier
    /// push certificate, when Apple renewed the same CSR) whose public key the certificate
    /// carries. A certificate for another topic than the active one is refused (TopicChanged)
    /// and nothing is written; a same-topic renewal marks the previous certificate superseded.
    PushResult<PushCertificate> importCertificate(
        storage::Database& db, const QByteArray& fileBytes, const QByteArray& password = {}) const;

    /// The active push identity with its key opened, or nullopt when none has been imported.
    PushResult<std::optional<PushCertificate>> activeIdentity(storage::Database& db) const;

    /// The active push certificate without its key (null key), or nullopt: for status screens
    /// and `quincectl push-cert show`, which must not need the master key.
    static PushResult<std::optional<PushCertificate>> activeCertificate(storage::Database& db);

    /// The SHA-256 (hex) of the active push certificate, "" when there is none: one indexed
    /// read, for noticing a change made by another process (quincectl) without loading the key.
    PushResult<QString> activeFingerprint(storage::Database& db) const;

    /// The context a push key is sealed under: bound to the key's public half, so a sealed key
    /// copied onto another row does not open.
    static QString sealingContext(const QByteArray& publicKeyDer);

private:
    PushResult<PrivateKey> openKey(const QByteArray& sealed, const QByteArray& publicKeyDer) const;

    const KeySealer& m_sealer;
};

} // namespace quince::pki

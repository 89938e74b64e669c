// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/storage/Database.h"
#include "core/storage/StorageError.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace quince::pki {

/// What a certificate is for; stored in certificates.kind.
enum class CertificateKind { RootCa, IssuingCa, TlsServer, DeviceIdentity, Push, ScepRa, Vendor, Other };
/// Where a certificate is in its life; stored in certificates.status.
enum class CertificateStatus { Active, Superseded, Revoked };

/// The column values ("root_ca", "active", ...) and back (nullopt for an unknown value).
QString toDbValue(CertificateKind kind);
QString toDbValue(CertificateStatus status);
std::optional<CertificateKind> certificateKindFromDb(const QString& value);
std::optional<CertificateStatus> certificateStatusFromDb(const QString& value);
/// A short label for people ("Root CA", "TLS server", ...).
QString displayName(CertificateKind kind);

/// One row of the certificates table.
struct CertificateRecord {
    qint64 id = 0; ///< 0 until inserted
    CertificateKind kind = CertificateKind::Other;
    CertificateStatus status = CertificateStatus::Active;
    Certificate certificate;
    /// The private key as the KeySealer sealed it under keyContext(certificate); empty when
    /// Quince does not hold the key (device keys made by SCEP stay on the device).
    QByteArray privateKeySealed;
    QString topic;
    QString deviceUdid;
    std::optional<qint64> enrollmentId;
    QDateTime createdAt;

    bool hasPrivateKey() const { return !privateKeySealed.isEmpty(); }
};

/// Reads and writes the certificates table. Stateless; every function works on the Database it
/// is given, so writes run inside a StorageWorker job (and share its transaction) and reads run
/// on a reader connection as well (quincectl, UI models).
///
/// Row format: der is the certificate's DER; subject, issuer (RFC 2253), serial_hex, sha256
/// (lower-case hex of the DER's SHA-256), not_before and not_after (ms UTC) are copies of what
/// the DER says, for queries and the inventory; private_key_sealed is the KeySealer's output
/// over the PKCS#8 DER of the key, with context keyContext(certificate).
class CaStore {
public:
    /// The sealing context of a certificate's private key: "certificate/<sha256>/private-key".
    /// Binding the key to the certificate means a sealed key moved to another row will not open.
    static QString keyContext(const Certificate& certificate);

    /// Inserts record (its id is ignored) and returns the new row id.
    static Result<qint64, storage::StorageError> insert(storage::Database& db, const CertificateRecord& record);
    /// Changes the status of one row.
    static storage::StorageStatus setStatus(storage::Database& db, qint64 id, CertificateStatus status);
    /// Marks every active row of kind superseded except keepId.
    static storage::StorageStatus supersedeActive(storage::Database& db, CertificateKind kind, qint64 keepId);

    /// Rows of kind (and status, if given), newest first.
    static Result<QList<CertificateRecord>, storage::StorageError> find(
        storage::Database& db, CertificateKind kind, std::optional<CertificateStatus> status = std::nullopt);
    /// Every row, oldest first.
    static Result<QList<CertificateRecord>, storage::StorageError> all(storage::Database& db);
    /// The row whose certificate has this SHA-256 (lower-case hex), if any.
    static Result<std::optional<CertificateRecord>, storage::StorageError> findBySha256(
        storage::Database& db, const QString& sha256Hex);
};

} // namespace quince::pki

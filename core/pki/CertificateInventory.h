// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/CaStore.h"
#include "core/pki/Certificate.h"
#include "core/storage/StorageError.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace quince::storage {
class Database;
} // namespace quince::storage

namespace quince::pki {

/// One certificate Quince holds or issued, with what breaks if it expires.
struct InventoryItem {
    qint64 id = 0;
    CertificateKind kind = CertificateKind::Other;
    CertificateStatus status = CertificateStatus::Active;
    Certificate certificate;
    bool hasPrivateKey = false;
    QString deviceUdid;
    std::optional<qint64> enrollmentId;
    QString topic;
    /// The row of the certificate that signed this one, when Quince holds it.
    std::optional<qint64> issuerId;
    /// How many stored, non-superseded certificates it signed directly.
    int issuedCount = 0;
    /// What depends on it, in words ("the HTTPS listener", "device 0000-…", "every device").
    QString dependents;

    QString subject() const { return certificate.subject(); }
    QString issuer() const { return certificate.issuer(); }
    QString serialHex() const { return certificate.serialHex(); }
    QDateTime notAfter() const { return certificate.notAfter(); }
    /// Whole days until notAfter, truncated toward zero (negative once a day past it).
    int daysLeft(const QDateTime& now) const;
};

enum class ExpirySeverity { Notice, Warning, Critical, Expired };

/// An active certificate within a warning threshold of its expiry (or past it).
struct ExpiryWarning {
    InventoryItem certificate;
    int daysLeft = 0;
    /// The smallest threshold crossed (0 for an expired certificate).
    int threshold = 0;
    ExpirySeverity severity = ExpirySeverity::Notice;
    /// One line for a log, a status bar or quincectl.
    QString message() const;
};

/// The list of every certificate in the database and the expiry warnings about them: what the
/// console's certificate page and `quincectl certs list` show.
class CertificateInventory {
public:
    static QList<int> defaultThresholds() { return {30, 14, 3}; }
    /// The settings key holding the operator's thresholds ("30,14,3").
    static QString thresholdsSettingKey() { return QStringLiteral("pki.expiry_warning_days"); }
    /// "45, 14,3" → {45, 14, 3}; nullopt unless 1 to 10 whole numbers of days from 1 to 3650.
    static std::optional<QList<int>> parseThresholds(const QString& text);
    /// The thresholds set in the settings table, or the defaults when unset or unreadable.
    static QList<int> thresholds(storage::Database& db);

    /// Reads every stored certificate (works on a read-only connection) and works out who
    /// issued what and what depends on each.
    static Result<QList<InventoryItem>, storage::StorageError> load(storage::Database& db);

    /// Builds the items from records (load() does this after reading them).
    static QList<InventoryItem> fromRecords(const QList<CertificateRecord>& records);

    /// Warnings for the active certificates whose days left are at most one of thresholds (days,
    /// any order), soonest first. With thresholds sorted descending, crossing the last (smallest)
    /// is Critical, the first is Notice and any other Warning; expired ones are Expired.
    static QList<ExpiryWarning> expiryWarnings(
        const QList<InventoryItem>& items, const QDateTime& now, const QList<int>& thresholds = defaultThresholds());
};

QString displayName(CertificateStatus status);
QString displayName(ExpirySeverity severity);

} // namespace quince::pki

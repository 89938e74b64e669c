// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CertificateInventory.h"

#include "core/storage/Database.h"

#include <QHash>

#include <algorithm>

namespace quince::pki {

namespace {

struct IssuedCounts {
    int devices = 0;
    int tls = 0;
    int issuing = 0;
};

QString describeDependents(const InventoryItem& item, const IssuedCounts& issued)
{
    if (item.status != CertificateStatus::Active) {
        // A superseded issuing CA still anchors the device certificates it signed.
        if (item.kind == CertificateKind::IssuingCa && item.status == CertificateStatus::Superseded
            && item.issuedCount > 0)
            return QStringLiteral("%1 certificate(s) it issued earlier").arg(item.issuedCount);
        return QStringLiteral("nothing (%1)").arg(displayName(item.status).toLower());
    }
    switch (item.kind) {
    case CertificateKind::RootCa:
        return QStringLiteral("everything: %1 issuing CA(s), the TLS server certificate, every device's trust")
            .arg(issued.issuing);
    case CertificateKind::IssuingCa:
        return QStringLiteral("%1 TLS server certificate(s), %2 device identity certificate(s)")
            .arg(issued.tls)
            .arg(issued.devices);
    case CertificateKind::TlsServer:
        return QStringLiteral("the HTTPS listener (enrollment, check-in, commands, SCEP)");
    case CertificateKind::DeviceIdentity:
        if (!item.deviceUdid.isEmpty() && item.enrollmentId)
            return QStringLiteral("device %1 (enrollment %2)").arg(item.deviceUdid).arg(*item.enrollmentId);
        if (!item.deviceUdid.isEmpty())
            return QStringLiteral("device %1").arg(item.deviceUdid);
        if (item.enrollmentId)
            return QStringLiteral("enrollment %1").arg(*item.enrollmentId);
        return QStringLiteral("a device not yet enrolled");
    case CertificateKind::Push:
        return QStringLiteral("push notifications to every enrolled device");
    case CertificateKind::ScepRa:
        return QStringLiteral("SCEP enrollment");
    case CertificateKind::Vendor:
        return QStringLiteral("push certificate requests");
    case CertificateKind::Other:
        return QStringLiteral("-");
    }
    return QStringLiteral("-");
}

} // namespace

int InventoryItem::daysLeft(const QDateTime& now) const
{
    // Whole days, truncated toward zero: "expires in 0 days" today, "expired 3 days ago" after.
    return static_cast<int>(now.secsTo(certificate.notAfter()) / 86400);
}

QString ExpiryWarning::message() const
{
    const QString name
        = certificate.certificate.commonName().isEmpty() ? certificate.subject() : certificate.certificate.commonName();
    if (severity == ExpirySeverity::Expired)
        return QStringLiteral("%1 certificate \"%2\" expired %3 day(s) ago; affects %4")
            .arg(displayName(certificate.kind), name)
            .arg(-daysLeft)
            .arg(certificate.dependents);
    return QStringLiteral("%1 certificate \"%2\" expires in %3 day(s); affects %4")
        .arg(displayName(certificate.kind), name)
        .arg(daysLeft)
        .arg(certificate.dependents);
}

Result<QList<InventoryItem>, storage::StorageError> CertificateInventory::load(storage::Database& db)
{
    auto records = CaStore::all(db);
    if (!records)
        return records.error();
    return fromRecords(records.value());
}

QList<InventoryItem> CertificateInventory::fromRecords(const QList<CertificateRecord>& records)
{
    QList<InventoryItem> items;
    items.reserve(records.size());
    for (const CertificateRecord& record : records) {
        InventoryItem item;
        item.id = record.id;
        item.kind = record.kind;
        item.status = record.status;
        item.certificate = record.certificate;
        item.hasPrivateKey = record.hasPrivateKey();
        item.deviceUdid = record.deviceUdid;
        item.enrollmentId = record.enrollmentId;
        item.topic = record.topic;
        items.append(item);
    }
    // The issuer is a stored CA whose name is the issuer name and whose key identifier is the
    // authority key identifier (the signature decides when either has none): names alone repeat
    // when an issuing CA is renewed. Only the few CAs are candidates and key identifiers are
    // compared rather than signatures verified, so 50,000 device certificates stay cheap.
    QList<qsizetype> caIndexes;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items.at(i).certificate.isCa())
            caIndexes.append(i);
    }
    for (InventoryItem& item : items) {
        if (item.certificate.isSelfIssued())
            continue;
        const QByteArray authorityKeyId = item.certificate.authorityKeyId();
        for (const qsizetype index : caIndexes) {
            const InventoryItem& candidate = items.at(index);
            if (candidate.id == item.id || candidate.certificate.subject() != item.certificate.issuer())
                continue;
            const QByteArray candidateKeyId = candidate.certificate.subjectKeyId();
            const bool sameKey = !authorityKeyId.isEmpty() && !candidateKeyId.isEmpty()
                ? authorityKeyId == candidateKeyId
                : item.certificate.isSignedBy(candidate.certificate);
            if (sameKey) {
                item.issuerId = candidate.id;
                break;
            }
        }
    }
    QHash<qint64, IssuedCounts> issued;
    for (const InventoryItem& item : items) {
        if (!item.issuerId || item.status == CertificateStatus::Superseded)
            continue;
        IssuedCounts& counts = issued[*item.issuerId];
        if (item.kind == CertificateKind::DeviceIdentity)
            ++counts.devices;
        else if (item.kind == CertificateKind::TlsServer)
            ++counts.tls;
        else if (item.kind == CertificateKind::IssuingCa)
            ++counts.issuing;
    }
    for (InventoryItem& item : items) {
        const IssuedCounts counts = issued.value(item.id);
        item.issuedCount = counts.devices + counts.tls + counts.issuing;
        item.dependents = describeDependents(item, counts);
    }
    return items;
}

std::optional<QList<int>> CertificateInventory::parseThresholds(const QString& text)
{
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    if (parts.isEmpty() || parts.size() > 10)
        return std::nullopt;
    QList<int> days;
    for (const QString& part : parts) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value < 1 || value > 3650)
            return std::nullopt;
        days.append(value);
    }
    return days;
}

QList<int> CertificateInventory::thresholds(storage::Database& db)
{
    auto row = db.exec(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {thresholdsSettingKey()});
    if (!row || !row->next())
        return defaultThresholds();
    return parseThresholds(row->value(0).toString()).value_or(defaultThresholds());
}

QList<ExpiryWarning> CertificateInventory::expiryWarnings(
    const QList<InventoryItem>& items, const QDateTime& now, const QList<int>& thresholds)
{
    QList<int> descending = thresholds;
    std::sort(descending.begin(), descending.end(), std::greater<int>());
    descending.erase(std::unique(descending.begin(), descending.end()), descending.end());

    QList<ExpiryWarning> warnings;
    for (const InventoryItem& item : items) {
        if (item.status != CertificateStatus::Active)
            continue;
        ExpiryWarning warning;
        warning.certificate = item;
        warning.daysLeft = item.daysLeft(now);
        if (item.certificate.notAfter() <= now) {
            warning.severity = ExpirySeverity::Expired;
            warning.threshold = 0;
            warnings.append(warning);
            continue;
        }
        int crossed = -1;
        for (int i = 0; i < descending.size(); ++i) {
            if (warning.daysLeft <= descending.at(i))
                crossed = i;
        }
        if (crossed < 0)
            continue;
        warning.threshold = descending.at(crossed);
        if (crossed == descending.size() - 1 && descending.size() > 1)
            warning.severity = ExpirySeverity::Critical;
        else if (crossed == 0)
            warning.severity = descending.size() == 1 ? ExpirySeverity::Warning : ExpirySeverity::Notice;
        else
            warning.severity = ExpirySeverity::Warning;
        warnings.append(warning);
    }
    std::stable_sort(warnings.begin(), warnings.end(), [](const ExpiryWarning& a, const ExpiryWarning& b) {
        return a.certificate.certificate.notAfter() < b.certificate.certificate.notAfter();
    });
    return warnings;
}

QString displayName(CertificateStatus status)
{
    switch (status) {
    case CertificateStatus::Active:
        return QStringLiteral("Active");
    case CertificateStatus::Superseded:
        return QStringLiteral("Superseded");
    case CertificateStatus::Revoked:
        return QStringLiteral("Revoked");
    }
    return QStringLiteral("Unknown");
}

QString displayName(ExpirySeverity severity)
{
    switch (severity) {
    case ExpirySeverity::Notice:
        return QStringLiteral("notice");
    case ExpirySeverity::Warning:
        return QStringLiteral("warning");
    case ExpirySeverity::Critical:
        return QStringLiteral("critical");
    case ExpirySeverity::Expired:
        return QStringLiteral("expired");
    }
    return QStringLiteral("unknown");
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/pki/CaStore.h"
#include "core/pki/CertificateInventory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSaveFile>
#include <QTextStream>

namespace quince::cli {

// `certs list [--json]`: every certificate Quince holds or issued, with its expiry and what
// depends on it, then the expiry warnings. Reads through a read-only connection, so it works
// while quince or quinced runs on the same directory.
int certsList(const QString& dataDirPath, bool json, const QString& warnDays)
{
    using namespace quince::pki;
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db) {
        err << tr("quincectl: %1").arg(db.error().message) << '\n';
        return 1;
    }
    auto items = CertificateInventory::load(*db);
    if (!items) {
        err << tr("quincectl: cannot read the certificates: %1").arg(items.error().toString()) << '\n';
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<int> thresholds = CertificateInventory::thresholds(*db);
    if (!warnDays.isEmpty()) {
        const auto given = CertificateInventory::parseThresholds(warnDays);
        if (!given) {
            err << tr("quincectl: --warn-days wants whole numbers of days separated by commas, e.g. 30,14,3") << '\n';
            return 2;
        }
        thresholds = *given;
    }
    const QList<ExpiryWarning> warnings = CertificateInventory::expiryWarnings(*items, now, thresholds);

    if (json) {
        QJsonArray certificates;
        for (const InventoryItem& item : *items) {
            QJsonObject entry {
                {QStringLiteral("id"), item.id},
                {QStringLiteral("kind"), toDbValue(item.kind)},
                {QStringLiteral("status"), toDbValue(item.status)},
                {QStringLiteral("subject"), item.subject()},
                {QStringLiteral("issuer"), item.issuer()},
                {QStringLiteral("serial"), item.serialHex()},
                {QStringLiteral("sha256"), item.certificate.sha256Hex()},
                {QStringLiteral("notBefore"), item.certificate.notBefore().toString(Qt::ISODate)},
                {QStringLiteral("notAfter"), item.notAfter().toString(Qt::ISODate)},
                {QStringLiteral("daysLeft"), item.daysLeft(now)},
                {QStringLiteral("hasPrivateKey"), item.hasPrivateKey},
                {QStringLiteral("dependents"), item.dependents},
            };
            if (item.issuerId)
                entry.insert(QStringLiteral("issuerId"), *item.issuerId);
            if (!item.deviceUdid.isEmpty())
                entry.insert(QStringLiteral("deviceUdid"), item.deviceUdid);
            if (item.enrollmentId)
                entry.insert(QStringLiteral("enrollmentId"), *item.enrollmentId);
            certificates.append(entry);
        }
        QJsonArray warningList;
        for (const ExpiryWarning& warning : warnings)
            warningList.append(QJsonObject {{QStringLiteral("id"), warning.certificate.id},
                {QStringLiteral("severity"), displayName(warning.severity)},
                {QStringLiteral("daysLeft"), warning.daysLeft}, {QStringLiteral("threshold"), warning.threshold},
                {QStringLiteral("message"), warning.message()}});
        out << QJsonDocument(
            QJsonObject {{QStringLiteral("certificates"), certificates}, {QStringLiteral("warnings"), warningList}})
                   .toJson(QJsonDocument::Indented);
        return 0;
    }

    const QStringList headers {
        tr("KIND"), tr("STATUS"), tr("NOT AFTER (UTC)"), tr("DAYS LEFT"), tr("SERIAL"), tr("SUBJECT")};
    QList<QStringList> rows;
    for (const InventoryItem& item : *items)
        rows.append({displayName(item.kind), toDbValue(item.status),
            item.notAfter().toString(QStringLiteral("yyyy-MM-dd HH:mm")), QString::number(item.daysLeft(now)),
            item.serialHex(), item.subject()});
    printTable(out, headers, rows);
    if (rows.isEmpty())
        out << tr("(no certificates yet: start quince or quinced once to create the certificate authority)") << '\n';
    for (const ExpiryWarning& warning : warnings)
        out << displayName(warning.severity).toUpper() << ": " << warning.message() << '\n';
    return 0;
}

/// ca export --out FILE: the root CA certificate (PEM), for devices and browsers to trust.
int caExport(const QString& dataDirPath, const QString& outPath)
{
    QTextStream err(stderr);
    if (outPath.isEmpty()) {
        err << tr("quincectl ca export: --out FILE is required") << '\n';
        return 2;
    }
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db) {
        err << tr("quincectl ca export: %1").arg(db.error().message) << '\n';
        return 1;
    }
    auto roots
        = quince::pki::CaStore::find(*db, quince::pki::CertificateKind::RootCa, quince::pki::CertificateStatus::Active);
    if (!roots) {
        err << tr("quincectl ca export: %1").arg(roots.error().toString()) << '\n';
        return 1;
    }
    if (roots->isEmpty()) {
        err << tr("quincectl ca export: the certificate authority is not created yet (start quince or quinced once)")
            << '\n';
        return 1;
    }
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(roots->first().certificate.toPem()) < 0 || !file.commit()) {
        err << tr("quincectl ca export: cannot write %1: %2").arg(outPath, file.errorString()) << '\n';
        return 1;
    }
    return 0;
}

} // namespace quince::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/certificates/CertificateListModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace quince::ui {

namespace {

// Light backgrounds that keep dark text readable; the same hues in both palettes.
QColor severityBackground(pki::ExpirySeverity severity)
{
    switch (severity) {
    case pki::ExpirySeverity::Notice:
        return QColor(0xfc, 0xf3, 0xcf);
    case pki::ExpirySeverity::Warning:
        return QColor(0xfd, 0xdf, 0xb8);
    case pki::ExpirySeverity::Critical:
    case pki::ExpirySeverity::Expired:
        return QColor(0xf6, 0xc4, 0xc4);
    }
    return {};
}

} // namespace

CertificateListModel::CertificateListModel(QObject* parent) : QAbstractTableModel(parent)
{
}

void CertificateListModel::setItems(
    const QList<pki::InventoryItem>& items, const QDateTime& now, const QList<int>& thresholds)
{
    beginResetModel();
    m_items = items;
    m_now = now;
    m_warnings = pki::CertificateInventory::expiryWarnings(items, now, thresholds);
    m_warningIndex.clear();
    for (int i = 0; i < m_warnings.size(); ++i)
        m_warningIndex.insert(m_warnings.at(i).certificate.id, i);
    endResetModel();
}

std::optional<pki::ExpiryWarning> CertificateListModel::warningFor(qint64 id) const
{
    const auto it = m_warningIndex.constFind(id);
    if (it == m_warningIndex.constEnd())
        return std::nullopt;
    return m_warnings.at(*it);
}

int CertificateListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int CertificateListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CertificateListModel::countdownText(int daysLeft)
{
    if (daysLeft == 0)
        return tr("today", "expires");
    if (daysLeft > 0)
        return tr("in %n day(s)", nullptr, daysLeft);
    return tr("%n day(s) ago", nullptr, -daysLeft);
}

QVariant CertificateListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Kind:
        return tr("Certificate");
    case Subject:
        return tr("Subject");
    case Status:
        return tr("Status", "certificate status");
    case Expires:
        return tr("Expires");
    case DaysLeft:
        return tr("Countdown");
    case Dependents:
        return tr("Depends on it");
    case Key:
        return tr("Key", "whether Quince holds the private key");
    default:
        return {};
    }
}

QVariant CertificateListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const pki::InventoryItem& item = m_items.at(index.row());
    const std::optional<pki::ExpiryWarning> warning = warningFor(item.id);
    const int days = item.daysLeft(m_now);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Kind:
            return pki::displayName(item.kind);
        case Subject: {
            const QString name = item.certificate.commonName();
            return name.isEmpty() ? item.subject() : name;
        }
        case Status:
            return pki::displayName(item.status);
        case Expires:
            return QLocale().toString(item.notAfter().toLocalTime().date(), QLocale::ShortFormat);
        case DaysLeft:
            return countdownText(days);
        case Dependents:
            return item.dependents;
        case Key:
            return item.hasPrivateKey ? tr("held (sealed)") : QString();
        default:
            return {};
        }
    case SortRole:
        switch (index.column()) {
        case Expires:
        case DaysLeft:
            return item.notAfter().toMSecsSinceEpoch();
        case Key:
            return item.hasPrivateKey ? 1 : 0;
        default:
            return data(index, Qt::DisplayRole);
        }
    case CertificateIdRole:
        return item.id;
    case KindRole:
        return int(item.kind);
    case SeverityRole:
        return warning ? QVariant(int(warning->severity)) : QVariant();
    case Qt::BackgroundRole:
        if (warning)
            return QBrush(severityBackground(warning->severity));
        return {};
    case Qt::ForegroundRole:
        if (warning)
            return QBrush(QColor(0x24, 0x1f, 0x31)); // dark on the light warning colors, in dark mode too
        if (item.status != pki::CertificateStatus::Active)
            return QBrush(QColor(0x88, 0x88, 0x88));
        return {};
    case Qt::FontRole:
        if (warning && index.column() == DaysLeft) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = tr("Subject: %1\nIssuer: %2\nSerial: %3\nSHA-256: %4")
                          .arg(item.subject(), item.issuer(), item.serialHex(), item.certificate.sha256Hex());
        if (!item.topic.isEmpty())
            tip += tr("\nTopic: %1").arg(item.topic);
        if (!item.deviceUdid.isEmpty())
            tip += tr("\nDevice: %1").arg(item.deviceUdid);
        if (warning)
            tip += u'\n' + warning->message();
        return tip;
    }
    default:
        return {};
    }
}

} // namespace quince::ui

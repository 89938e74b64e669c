// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/CertificateInventory.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace quince::ui {

/// Every certificate Quince holds or issued (pki::CertificateInventory) as a table: what it is,
/// whom it names, its status, expiry and the days left, what depends on it and whether Quince
/// holds its key. Active certificates within a warning threshold are colored by severity.
class CertificateListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Kind, Subject, Status, Expires, DaysLeft, Dependents, Key, ColumnCount };
    enum Role {
        CertificateIdRole = Qt::UserRole + 1,
        SeverityRole, ///< int(pki::ExpirySeverity), or invalid without a warning
        SortRole, ///< a value that sorts the column properly (dates and days as numbers)
        KindRole, ///< int(pki::CertificateKind)
    };

    explicit CertificateListModel(QObject* parent = nullptr);

    /// Replaces the rows; warnings are computed against now with thresholds (days).
    void setItems(const QList<pki::InventoryItem>& items, const QDateTime& now, const QList<int>& thresholds);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const QList<pki::InventoryItem>& items() const { return m_items; }
    const QList<pki::ExpiryWarning>& warnings() const { return m_warnings; }
    /// The warning about the certificate with this row id, if any.
    std::optional<pki::ExpiryWarning> warningFor(qint64 id) const;

    /// "in 23 days", "today", "3 days ago".
    static QString countdownText(int daysLeft);

private:
    QList<pki::InventoryItem> m_items;
    QList<pki::ExpiryWarning> m_warnings;
    QHash<qint64, int> m_warningIndex; // certificate id → index in m_warnings
    QDateTime m_now;
};

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <vector>

namespace quince::ui {

/// The device inventory as a table model over the store's `devices` table.
///
/// Built for tens of thousands of rows: the row count comes from one COUNT query, and rows are
/// read in pages only when the view asks for them, sorted and filtered by SQL (the columns it
/// sorts on are indexed). The model reads through a read-only connection of the GUI thread; the
/// writer lives elsewhere and calls refresh() after it commits.
class DeviceInventoryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, SerialNumber, Model, OsVersion, Platform, State, LastSeen, ColumnCount };
    enum Role { DeviceIdRole = Qt::UserRole + 1, UdidRole };

    explicit DeviceInventoryModel(QSqlDatabase reader, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// Shows only devices whose name, serial number, model or UDID contain the text.
    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }

    /// The total number of devices, ignoring the filter.
    int totalCount() const { return m_total; }

    /// The last database error, empty when the last query worked.
    QString lastError() const { return m_lastError; }

    static constexpr int kPageSize = 256;

public Q_SLOTS:
    /// Re-reads the count and drops cached pages (call after the store commits).
    void refresh();

Q_SIGNALS:
    void countsChanged(int shown, int total);

private:
    struct Row {
        qint64 id = 0;
        QString udid;
        QString name;
        QString serial;
        QString model;
        QString osVersion;
        QString platform;
        QString state;
        qint64 lastSeenMs = 0;
    };
    using Page = std::vector<Row>;

    const Row* rowAt(int row) const;
    QString whereClause() const;
    void bindFilter(class QSqlQuery& query) const;
    int queryCount(bool filtered) const;

    QSqlDatabase m_db;
    QString m_filter;
    int m_sortColumn = Name;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_rows = 0;
    int m_total = 0;
    mutable QHash<int, Page> m_pages;
    mutable std::vector<int> m_pageAge; // most recently used last, bounded cache
    mutable QString m_lastError;
};

} // namespace quince::ui

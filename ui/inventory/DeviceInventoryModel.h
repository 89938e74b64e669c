// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
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
    enum Column {
        Name,
        SerialNumber,
        Model,
        OsVersion,
        Platform,
        State,
        LastSeen,
        ModelName,
        Battery,
        Supervised,
        InactiveSince,
        PendingCommands,
        Udid,
        ColumnCount
    };
    enum Role { DeviceIdRole = Qt::UserRole + 1, UdidRole };

    /// Quick filters, combined with each other and with the text filter (all must hold).
    enum QuickFilter {
        NoQuickFilter = 0,
        InactiveOnly = 1, ///< inactive_since is set
        SupervisedOnly = 2, ///< the device reported IsSupervised = true
        PendingCommandsOnly = 4, ///< a command waits (queued, sent, NotNow or for approval)
        NonCompliantOnly = 8, ///< SecurityInfo said the passcode does not comply
    };

    explicit DeviceInventoryModel(QSqlDatabase reader, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// Shows only devices whose name, serial number, model, model name, OS version or UDID
    /// contain the text.
    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }
    /// A combination of QuickFilter flags.
    void setQuickFilters(int filters);
    int quickFilters() const { return m_quickFilters; }

    /// Writes every device of the current filter and order as CSV (RFC 4180, header line with
    /// the column titles) with the given columns; returns false and sets lastError() when the
    /// store cannot be read or the device cannot be written.
    bool writeCsv(class QIODevice& out, const QList<int>& columns) const;

    /// The total number of devices, ignoring the filter.
    int totalCount() const { return m_total; }

    /// The last database error, empty when the last query worked.
    QString lastError() const { return m_lastError; }

    static constexpr int kPageSize = 256;

public Q_SLOTS:
    /// Re-reads the count and drops cached pages (call after the store commits). When the
    /// number of rows is unchanged the model signals dataChanged instead of a reset, so views
    /// keep their selection.
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
        QString modelName;
        QVariant battery; ///< 0..1, null when not reported
        QVariant supervised; ///< 0/1, null when not reported
        qint64 inactiveSinceMs = 0;
        int pendingCommands = 0;
    };
    using Page = std::vector<Row>;

    void resetRows();
    const Row* rowAt(int row) const;
    QString selectStatement(bool paged) const;
    static Row rowFrom(const class QSqlQuery& query);
    QVariant displayText(const Row& row, int column) const;
    QString whereClause() const;
    void bindFilter(class QSqlQuery& query) const;
    int queryCount(bool filtered) const;

    QSqlDatabase m_db;
    QString m_filter;
    int m_quickFilters = NoQuickFilter;
    int m_sortColumn = Name;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_rows = 0;
    int m_total = 0;
    mutable QHash<int, Page> m_pages;
    mutable std::vector<int> m_pageAge; // most recently used last, bounded cache
    mutable QString m_lastError;
};

} // namespace quince::ui

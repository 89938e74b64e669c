// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/mdm/CommandQueueTypes.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>
#include <vector>

namespace quince::ui {

/// The command queue as a table model: one row per queue entry (command_queue ⋈ commands ⋈
/// enrollments ⋈ devices), newest first, with the last status a device sent for it.
///
/// Like DeviceInventoryModel it counts once and reads pages of rows only when the view asks,
/// through a read-only connection of the GUI thread; refresh() after the writer commits. It shows
/// every device's queue, or one device's (setDeviceUdid), and filters by state.
class CommandQueueModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { State, RequestType, Device, Age, NotNow, Expires, Result, ColumnCount };
    enum Role {
        CommandUuidRole = Qt::UserRole + 1,
        QueueIdRole,
        EnrollmentIdRole,
        StateRole, ///< the mdm::QueueState as int
        DeviceUdidRole,
    };

    /// reader: a read-only connection used on this thread only. deviceUdid: one device's queue,
    /// or every device's when empty.
    explicit CommandQueueModel(QSqlDatabase reader, const QString& deviceUdid = {}, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// One device's queue (its device and user channels), or every device's for an empty UDID.
    void setDeviceUdid(const QString& udid);
    QString deviceUdid() const { return m_udid; }
    /// Only entries in state, or all of them.
    void setStateFilter(std::optional<mdm::QueueState> state);
    std::optional<mdm::QueueState> stateFilter() const { return m_state; }

    /// The clock ages and countdowns are shown against (default: the current time, per refresh).
    void setNow(const QDateTime& now) { m_fixedNow = now; }

    /// The last database error, empty when the last query worked.
    QString lastError() const { return m_lastError; }

    /// A state as people read it ("Not now", "Format error"...).
    static QString stateText(mdm::QueueState state);

    static constexpr int kPageSize = 256;

public Q_SLOTS:
    /// Re-reads the count and drops cached pages (call after the store commits).
    void refresh();

private:
    struct Row {
        qint64 queueId = 0;
        qint64 enrollmentId = 0;
        QString commandUuid;
        QString requestType;
        mdm::QueueState state = mdm::QueueState::Queued;
        QString udid;
        QString deviceName;
        QString channel;
        QString userName;
        qint64 queuedAtMs = 0;
        int notNowCount = 0;
        int attempts = 0;
        qint64 expiresAtMs = 0; // 0: no TTL
        qint64 finishedAtMs = 0; // completed, canceled or expired
        QString lastStatus;
    };

    const Row* rowAt(int row) const;
    QString whereClause() const;
    QVariantList whereBindings() const;
    QVariant display(const Row& row, int column) const;
    qint64 nowMs() const;

    QSqlDatabase m_db;
    QString m_udid;
    std::optional<mdm::QueueState> m_state;
    std::optional<QDateTime> m_fixedNow;
    qint64 m_refreshedAtMs = 0;
    int m_rows = 0;
    mutable QHash<int, std::vector<Row>> m_pages;
    mutable QString m_lastError;
};

} // namespace quince::ui

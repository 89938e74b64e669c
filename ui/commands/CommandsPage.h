// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage

namespace quince::ui {

class CommandQueueModel;

/// The command queue page: every device's queue (or one device's), filtered by state, with
/// cancel, retry and the raw request/response plists. It refreshes itself whenever the storage
/// worker commits a change to the queue, so it follows devices as they answer.
///
/// Wiring (app/console/main.cpp):
///   storage — the StorageWorker; cancel and retry are jobs on it (never blocking the window).
///   reader  — the GUI thread's read-only storage::Database (Database::openReader); the page
///             reads the queue and a command's plists through it. Both must outlive the page.
class CommandsPage : public QWidget {
    Q_OBJECT

public:
    CommandsPage(storage::StorageWorker& storage, storage::Database& reader, QWidget* parent = nullptr);

    /// One device's queue (device and user channels), or every device's for an empty UDID.
    void setDeviceUdid(const QString& udid);

    CommandQueueModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* stateFilter() const { return m_stateFilter; }
    QAction* cancelAction() const { return m_cancel; }
    QAction* retryAction() const { return m_retry; }
    QAction* showAction() const { return m_show; }

public Q_SLOTS:
    /// Cancels the selected entries that are still open.
    void cancelSelected();
    /// Queues the selected entries' commands again, each for the same enrollment.
    void retrySelected();
    /// Opens the raw request and responses of the current entry.
    void showSelected();

Q_SIGNALS:
    /// A cancel or retry finished (ok) or failed; message says what happened, for people.
    void actionFinished(bool ok, const QString& message);

private:
    struct Selected {
        QString commandUuid;
        qint64 enrollmentId = 0;
        qint64 queueId = 0;
        int state = 0;
    };
    QList<Selected> selectedEntries() const;
    void updateActions();
    void report(bool ok, const QString& message);

    storage::StorageWorker& m_storage;
    storage::Database& m_reader;
    CommandQueueModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QComboBox* m_stateFilter = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_message = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_retry = nullptr;
    QAction* m_show = nullptr;
    QList<qint64> m_keptSelection; // queue ids selected before a refresh
};

} // namespace quince::ui

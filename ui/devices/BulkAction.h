// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/devices/DeviceActions.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QStringList>

#include <memory>

class QWidget;

namespace quince::storage {
class StorageWorker;
}

namespace quince::ui {

/// Runs one device job over many devices on the storage worker without blocking the window:
/// devices go in batches (one write job, one transaction each, a savepoint per device so one
/// device's failure leaves the others done), a progress dialog counts them, and Cancel stops
/// before the next batch. What was committed stays committed.
class BulkAction : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultBatchSize = 25;

    BulkAction(storage::StorageWorker& worker, const QString& title, QStringList udids, DeviceActions::DeviceJob job,
        QStringList tables, QObject* parent = nullptr);
    ~BulkAction() override;

    void setBatchSize(int size) { m_batchSize = qMax(1, size); }
    /// Starts the first batch; with a dialogParent, progress shows in a window-modal dialog
    /// (after a short delay, so a quick action does not flash one).
    void start(QWidget* dialogParent = nullptr);
    /// Stops before the next batch; the running batch finishes.
    void cancel();

    int total() const { return int(m_udids.size()); }
    int processed() const { return m_next; }
    int failed() const { return int(m_errors.size()); }
    bool wasCanceled() const { return m_canceled; }
    bool isFinished() const { return m_finished; }
    /// One line per device that failed ("udid: why").
    QStringList errors() const { return m_errors; }
    QProgressDialog* progressDialog() const { return m_dialog; }

Q_SIGNALS:
    void progressed(int processed, int total);
    void finished();

private:
    void runNextBatch();
    void batchDone();
    void finish();

    struct BatchOutcome {
        QStringList errors;
        QString jobError;
    };

    storage::StorageWorker& m_worker;
    QString m_title;
    QStringList m_udids;
    DeviceActions::DeviceJob m_job;
    QStringList m_tables;
    int m_batchSize = kDefaultBatchSize;
    int m_next = 0;
    int m_batchEnd = 0;
    bool m_canceled = false;
    bool m_finished = false;
    QStringList m_errors;
    std::shared_ptr<BatchOutcome> m_outcome;
    QFutureWatcher<storage::StorageStatus> m_watcher;
    QPointer<QProgressDialog> m_dialog;
};

} // namespace quince::ui

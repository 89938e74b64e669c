// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/devices/BulkAction.h"

#include "core/storage/StorageWorker.h"

#include <QProgressDialog>

namespace quince::ui {

BulkAction::BulkAction(storage::StorageWorker& worker, const QString& title, QStringList udids,
    DeviceActions::DeviceJob job, QStringList tables, QObject* parent)
    : QObject(parent),
      m_worker(worker),
      m_title(title),
      m_udids(std::move(udids)),
      m_job(std::move(job)),
      m_tables(std::move(tables))
{
    connect(&m_watcher, &QFutureWatcher<storage::StorageStatus>::finished, this, &BulkAction::batchDone);
}

BulkAction::~BulkAction()
{
    // The job captures only shared state, but its result must not arrive to a dead watcher.
    m_watcher.waitForFinished();
    delete m_dialog;
}

void BulkAction::start(QWidget* dialogParent)
{
    if (dialogParent) {
        m_dialog = new QProgressDialog(m_title, tr("Cancel"), 0, total(), dialogParent);
        m_dialog->setObjectName(QStringLiteral("bulkActionProgress"));
        m_dialog->setWindowTitle(m_title);
        m_dialog->setWindowModality(Qt::WindowModal);
        m_dialog->setMinimumDuration(300);
        m_dialog->setAutoClose(false);
        m_dialog->setAutoReset(false);
        m_dialog->setValue(0);
        connect(m_dialog, &QProgressDialog::canceled, this, &BulkAction::cancel);
    }
    runNextBatch();
}

void BulkAction::cancel()
{
    m_canceled = true;
    if (!m_watcher.isRunning() && !m_finished)
        finish();
}

void BulkAction::runNextBatch()
{
    if (m_dialog && m_dialog->wasCanceled())
        m_canceled = true;
    if (m_canceled || m_next >= total()) {
        finish();
        return;
    }
    m_batchEnd = qMin(total(), m_next + m_batchSize);
    const QStringList batch = m_udids.mid(m_next, m_batchEnd - m_next);
    auto outcome = std::make_shared<BatchOutcome>();
    m_outcome = outcome;
    const DeviceActions::DeviceJob job = m_job;
    m_watcher.setFuture(m_worker.write(
        [batch, job, outcome](storage::Database& db) -> storage::StorageStatus {
            for (const QString& udid : batch) {
                // A savepoint per device: its failure undoes only its own statements.
                const storage::StorageStatus done = db.transact([&] { return job(db, udid); });
                if (!done)
                    outcome->errors.append(done.error().message);
            }
            return {};
        },
        m_tables));
}

void BulkAction::batchDone()
{
    const storage::StorageStatus status = m_watcher.result();
    if (!status) {
        // The whole batch rolled back (the worker stopped, the disk is full): say so per device.
        for (int i = m_next; i < m_batchEnd; ++i)
            m_errors.append(tr("%1: %2").arg(m_udids.at(i), status.error().message));
    } else if (m_outcome) {
        m_errors += m_outcome->errors;
    }
    m_next = m_batchEnd;
    if (m_dialog)
        m_dialog->setValue(m_next);
    Q_EMIT progressed(m_next, total());
    if (!status && status.error().kind == storage::StorageErrorKind::NotRunning)
        m_canceled = true;
    runNextBatch();
}

void BulkAction::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_dialog)
        m_dialog->hide();
    Q_EMIT finished();
}

} // namespace quince::ui

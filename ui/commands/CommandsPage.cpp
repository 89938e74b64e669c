// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/CommandsPage.h"

#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/commands/CommandDetailDialog.h"
#include "ui/commands/CommandQueueModel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

namespace quince::ui {

namespace {

using mdm::QueueState;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

// The tables whose commits change what the page shows.
bool touchesQueue(const QStringList& tables)
{
    static const QStringList relevant {QStringLiteral("command_queue"), QStringLiteral("commands"),
        QStringLiteral("command_results"), QStringLiteral("devices"), QStringLiteral("enrollments")};
    if (tables.isEmpty())
        return true; // a job that did not say what it changed
    for (const QString& table : tables) {
        if (relevant.contains(table))
            return true;
    }
    return false;
}

StorageError jobFailed(const QString& message)
{
    return StorageError {StorageErrorKind::JobFailed, message, {}};
}

QString messageOf(const StorageError& error)
{
    return error.kind == StorageErrorKind::JobFailed ? error.message : error.toString();
}

// The `Command` dictionary of a stored body, without RequestType (enqueue() sets it again).
Result<QByteArray, StorageError> commandDictOf(const QByteArray& body)
{
    auto decoded = plist::decode(body);
    if (!decoded || !decoded->value(QStringLiteral("Command")).isDict())
        return jobFailed(CommandsPage::tr("The stored command is not a command plist."));
    plist::Dict command = decoded->value(QStringLiteral("Command")).toDict();
    command.remove(QStringLiteral("RequestType"));
    if (command.isEmpty())
        return QByteArray();
    auto encoded = plist::encodeXml(plist::Value(std::move(command)));
    if (!encoded)
        return jobFailed(encoded.error().toString());
    return *encoded;
}

} // namespace

CommandsPage::CommandsPage(storage::StorageWorker& storage, storage::Database& reader, QWidget* parent)
    : QWidget(parent), m_storage(storage), m_reader(reader)
{
    setObjectName(QStringLiteral("commandsPage"));
    m_model = new CommandQueueModel(reader.connection(), {}, this);

    m_stateFilter = new QComboBox(this);
    m_stateFilter->setObjectName(QStringLiteral("commandStateFilter"));
    m_stateFilter->addItem(tr("All states"), -1);
    for (const QueueState state : {QueueState::PendingApproval, QueueState::Queued, QueueState::Sent,
             QueueState::NotNow, QueueState::Acknowledged, QueueState::Error, QueueState::FormatError,
             QueueState::Canceled, QueueState::Expired})
        m_stateFilter->addItem(CommandQueueModel::stateText(state), int(state));
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int state = m_stateFilter->currentData().toInt();
        m_model->setStateFilter(state < 0 ? std::nullopt : std::optional<QueueState>(QueueState(state)));
    });
    auto* filterLabel = new QLabel(tr("&Show:"), this);
    filterLabel->setBuddy(m_stateFilter);

    m_cancel = new QAction(QIcon::fromTheme(QStringLiteral("process-stop")), tr("&Cancel Command"), this);
    m_cancel->setToolTip(tr("Cancel the selected commands that have no answer yet"));
    m_cancel->setShortcut(QKeySequence::Delete);
    m_retry = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Retry"), this);
    m_retry->setToolTip(tr("Queue the selected finished commands again for the same devices"));
    m_retry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_show = new QAction(QIcon::fromTheme(QStringLiteral("document-properties")), tr("Show &Plists…"), this);
    m_show->setToolTip(tr("Show the raw request and the device's responses"));
    m_show->setShortcut(QKeySequence(Qt::Key_Return));
    for (QAction* action : {m_cancel, m_retry, m_show})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({m_cancel, m_retry, m_show});
    connect(m_cancel, &QAction::triggered, this, &CommandsPage::cancelSelected);
    connect(m_retry, &QAction::triggered, this, &CommandsPage::retrySelected);
    connect(m_show, &QAction::triggered, this, &CommandsPage::showSelected);

    auto* bar = new QHBoxLayout;
    bar->addWidget(filterLabel);
    bar->addWidget(m_stateFilter);
    bar->addStretch(1);
    for (QAction* action : {m_cancel, m_retry, m_show}) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        bar->addWidget(button);
    }

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("commandQueueView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(CommandQueueModel::State, 150);
    m_view->setColumnWidth(CommandQueueModel::RequestType, 190);
    m_view->setColumnWidth(CommandQueueModel::Device, 200);
    m_view->setColumnWidth(CommandQueueModel::Age, 70);
    m_view->setColumnWidth(CommandQueueModel::NotNow, 70);
    m_view->setColumnWidth(CommandQueueModel::Expires, 110);
    connect(m_view, &QTableView::doubleClicked, this, &CommandsPage::showSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CommandsPage::updateActions);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("commandCountLabel"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("commandMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* foot = new QHBoxLayout;
    foot->addWidget(m_countLabel);
    foot->addStretch(1);
    foot->addWidget(m_message);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addLayout(foot);

    // A refresh resets the model: keep the operator's selection across it.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keptSelection.clear();
        for (const Selected& entry : selectedEntries())
            m_keptSelection.append(entry.queueId);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_countLabel->setText(tr("%n command(s)", nullptr, m_model->rowCount()));
        if (!m_keptSelection.isEmpty()) {
            const int scan = qMin(m_model->rowCount(), 2 * CommandQueueModel::kPageSize);
            for (int row = 0; row < scan; ++row) {
                const QModelIndex index = m_model->index(row, 0);
                if (m_keptSelection.contains(index.data(CommandQueueModel::QueueIdRole).toLongLong()))
                    m_view->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            }
        }
        updateActions();
    });
    connect(&m_storage, &storage::StorageWorker::committed, this, [this](const QStringList& tables) {
        if (touchesQueue(tables))
            m_model->refresh();
    });
    m_countLabel->setText(tr("%n command(s)", nullptr, m_model->rowCount()));
    updateActions();
}

void CommandsPage::setDeviceUdid(const QString& udid)
{
    m_model->setDeviceUdid(udid);
}

QList<CommandsPage::Selected> CommandsPage::selectedEntries() const
{
    QList<Selected> entries;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) {
        entries.append({index.data(CommandQueueModel::CommandUuidRole).toString(),
            index.data(CommandQueueModel::EnrollmentIdRole).toLongLong(),
            index.data(CommandQueueModel::QueueIdRole).toLongLong(), index.data(CommandQueueModel::StateRole).toInt()});
    }
    return entries;
}

void CommandsPage::updateActions()
{
    const QList<Selected> entries = selectedEntries();
    bool anyOpen = false;
    bool anyFinal = false;
    for (const Selected& entry : entries) {
        if (mdm::isFinal(QueueState(entry.state)))
            anyFinal = true;
        else
            anyOpen = true;
    }
    m_cancel->setEnabled(anyOpen);
    m_retry->setEnabled(anyFinal);
    m_show->setEnabled(m_view->selectionModel()->currentIndex().isValid() || entries.size() == 1);
}

void CommandsPage::report(bool ok, const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet(ok ? QString() : QStringLiteral("color: #c01c28;"));
    Q_EMIT actionFinished(ok, message);
}

void CommandsPage::cancelSelected()
{
    QList<Selected> open;
    for (const Selected& entry : selectedEntries()) {
        if (!mdm::isFinal(QueueState(entry.state)))
            open.append(entry);
    }
    if (open.isEmpty())
        return;
    auto canceled = std::make_shared<int>(0);
    QFuture<StorageStatus> job = m_storage.write(
        [open, canceled](storage::Database& db) -> StorageStatus {
            mdm::CommandQueue queue(db);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const Selected& entry : open) {
                auto count = queue.cancel(entry.commandUuid, entry.enrollmentId, now);
                if (!count)
                    return count.error();
                *canceled += *count;
            }
            return {};
        },
        {QStringLiteral("command_queue")});
    job.then(this, [this, canceled, requested = int(open.size())](const StorageStatus& status) {
        if (!status)
            report(false, tr("Could not cancel: %1").arg(messageOf(status.error())));
        else if (*canceled < requested)
            report(true,
                tr("Canceled %1 of %n command(s); the others were answered meanwhile.", nullptr, requested)
                    .arg(*canceled));
        else
            report(true, tr("Canceled %n command(s).", nullptr, *canceled));
    });
}

void CommandsPage::retrySelected()
{
    QList<Selected> finished;
    for (const Selected& entry : selectedEntries()) {
        if (mdm::isFinal(QueueState(entry.state)))
            finished.append(entry);
    }
    if (finished.isEmpty())
        return;
    auto queued = std::make_shared<QStringList>();
    QFuture<StorageStatus> job = m_storage.write(
        [finished, queued](storage::Database& db) -> StorageStatus {
            mdm::CommandQueue queue(db);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const Selected& entry : finished) {
                auto details = queue.show(entry.commandUuid);
                if (!details)
                    return details.error();
                if (!*details)
                    return jobFailed(tr("Command %1 no longer exists.").arg(entry.commandUuid));
                // Only an enrollment that is still active gets commands (the device would never
                // ask for it otherwise).
                auto enrollment
                    = db.exec(QStringLiteral("SELECT status FROM enrollments WHERE id = ?"), {entry.enrollmentId});
                if (!enrollment)
                    return enrollment.error();
                if (!enrollment->next() || enrollment->value(0).toString() != QLatin1String("active"))
                    return jobFailed(tr("The device of %1 is no longer enrolled.").arg(entry.commandUuid));
                auto dict = commandDictOf((*details)->body);
                if (!dict)
                    return dict.error();
                mdm::EnqueueOptions options;
                options.createdBy = QStringLiteral("console");
                options.requiresApproval = (*details)->requiresApproval;
                auto uuid = queue.enqueue({entry.enrollmentId}, (*details)->requestType, *dict, options, now);
                if (!uuid)
                    return uuid.error();
                queued->append(*uuid);
            }
            return {};
        },
        {QStringLiteral("commands"), QStringLiteral("command_queue")});
    job.then(this, [this, queued](const StorageStatus& status) {
        if (!status)
            report(false, tr("Could not retry: %1").arg(messageOf(status.error())));
        else
            report(true, tr("Queued %n command(s) again.", nullptr, int(queued->size())));
    });
}

void CommandsPage::showSelected()
{
    QModelIndex index = m_view->selectionModel()->currentIndex();
    if (!index.isValid()) {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        index = rows.first();
    }
    const QString uuid = index.data(CommandQueueModel::CommandUuidRole).toString();
    auto details = mdm::CommandQueue(m_reader).show(uuid);
    if (!details || !*details) {
        report(false,
            details ? tr("Command %1 no longer exists.").arg(uuid)
                    : tr("Could not read command %1: %2").arg(uuid, details.error().toString()));
        return;
    }
    auto* dialog = new CommandDetailDialog(**details, this);
    dialog->setObjectName(QStringLiteral("commandDetailDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace quince::ui

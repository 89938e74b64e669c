// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/CommandDetailDialog.h"

#include "ui/commands/CommandQueueModel.h"
#include "ui/commands/PlistTreeWidget.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quince::ui {

CommandDetailDialog::CommandDetailDialog(const mdm::CommandDetails& details, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("%1 — %2").arg(details.requestType, details.commandUuid));
    auto* layout = new QVBoxLayout(this);

    QStringList states;
    for (const mdm::QueueEntry& entry : details.entries)
        states << CommandQueueModel::stateText(entry.state);
    states.removeDuplicates();
    auto* summary
        = new QLabel(tr("<b>%1</b> · CommandUUID %2<br>Queued %3 by %4 for %n enrollment(s): %5", nullptr,
                         int(details.entries.size()))
                         .arg(details.requestType.toHtmlEscaped(), details.commandUuid,
                             QLocale().toString(details.createdAt.toLocalTime(), QLocale::ShortFormat),
                             details.createdBy.isEmpty() ? tr("(unknown)") : details.createdBy.toHtmlEscaped(),
                             states.join(QStringLiteral(", "))),
            this);
    summary->setObjectName(QStringLiteral("commandSummary"));
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary);

    m_tabs = new QTabWidget(this);
    auto* request = new PlistTreeWidget(m_tabs);
    request->setPlist(details.body);
    m_tabs->addTab(request, tr("Request"));
    for (const mdm::CommandResult& result : details.results) {
        auto* response = new PlistTreeWidget(m_tabs);
        response->setPlist(result.response);
        m_tabs->addTab(response,
            tr("%1 · %2", "response tab: status and time")
                .arg(result.status, QLocale().toString(result.receivedAt.toLocalTime(), QLocale::ShortFormat)));
    }
    layout->addWidget(m_tabs, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 520);
}

} // namespace quince::ui

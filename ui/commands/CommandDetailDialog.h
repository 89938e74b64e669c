// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/mdm/CommandQueueTypes.h"

#include <QDialog>

class QTabWidget;

namespace quince::ui {

/// One command's raw request and every response its devices sent, each as a plist tree in a
/// tab of its own (the request first), with the queue entries summarised on top.
class CommandDetailDialog : public QDialog {
    Q_OBJECT

public:
    explicit CommandDetailDialog(const mdm::CommandDetails& details, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }

private:
    QTabWidget* m_tabs = nullptr;
};

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;
class QTimer;

namespace quince::ui {

class DeviceInventoryModel;

/// The console's main window: the device inventory in the middle, a filter above it, and the
/// data directory and device counts in the status bar. It is given its models; it does not
/// open stores or start services itself.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(DeviceInventoryModel* inventory, const QString& dataDirectory, QWidget* parent = nullptr);

    /// How long typing in the filter must pause before the inventory is filtered.
    static constexpr int kFilterDelayMs = 200;

    QTableView* inventoryView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

    /// Shows whether the listener runs, and where, in the status bar.
    void setServerStatus(const QString& text, bool running);

public Q_SLOTS:
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void updateCounts(int shown, int total);

    DeviceInventoryModel* m_inventory;
    QString m_dataDirectory;
    QLineEdit* m_filter = nullptr;
    QTimer* m_filterDelay = nullptr;
    QTableView* m_view = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_serverLabel = nullptr;
};

} // namespace quince::ui

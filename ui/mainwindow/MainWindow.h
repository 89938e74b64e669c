// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace quince::ui {

class DeviceInventoryModel;

/// The console's main window: the device inventory in the middle, a filter above it, and the
/// data directory and device counts in the status bar. It is given its models; it does not
/// open stores or start services itself.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(DeviceInventoryModel* inventory, const QString& dataDirectory, QWidget* parent = nullptr);

    QTableView* inventoryView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

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
    QTableView* m_view = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_countLabel = nullptr;
};

} // namespace quince::ui

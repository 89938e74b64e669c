// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/devices/DeviceActions.h"

#include <QList>
#include <QMainWindow>

#include <QPointer>
#include <QStringList>
#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QListWidget;
class QSplitter;
class QStackedLayout;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage

namespace quince::ui {

class BulkAction;
class DeviceDetailDialog;
class DeviceInventoryModel;
struct NavigationCounts;

/// The console's main window: navigation on the left (with live counts), the selected page on
/// the right, the listener, push certificate and data directory in the status bar. It is given
/// its models and, through attachStore(), the read-only connection and the writer; it does not
/// open stores or start services itself.
///
/// Pages other than Devices are placeholders until a page widget is installed with setPage().
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// The navigation entries, in their order (Ctrl+1 .. Ctrl+7).
    enum class Page { Devices, Commands, Approvals, Profiles, Certificates, AuditLog, Settings };
    static constexpr int kPageCount = 7;

    /// How "Remove management" ends it.
    enum class Removal {
        RemoveProfile, ///< queue RemoveProfile for the enrollment profile (the device removes it)
        RefuseNextRequest, ///< answer the device's next request with 401
    };

    MainWindow(DeviceInventoryModel* inventory, const QString& dataDirectory, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// How long typing in the filter must pause before the inventory is filtered.
    static constexpr int kFilterDelayMs = 200;
    /// How often the "connected in the last minute" count is re-read without a commit.
    static constexpr int kCountsIntervalMs = 15'000;
    /// Commits arrive in bursts while devices check in: counts and open details are re-read
    /// at most this often.
    static constexpr int kCommitCoalesceMs = 250;

    QTableView* inventoryView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QListWidget* navigation() const { return m_navigation; }

    /// Installs widget as the page for page (the window takes ownership, the placeholder or
    /// the previous widget is deleted). Devices may not be replaced.
    void setPage(Page page, QWidget* widget);
    /// The widget shown for page (a placeholder QLabel until setPage()).
    QWidget* page(Page page) const;
    void showPage(Page page);
    Page currentPage() const;

    /// Gives the window the store: reader for counts and device details (used on the GUI
    /// thread only), writer for actions. Both must outlive the window. The inventory model,
    /// the counts and open detail dialogs follow writer's committed(), coalesced per
    /// kCommitCoalesceMs.
    void attachStore(storage::Database& reader, storage::StorageWorker& writer);

    /// Shows whether the listener runs, and where, in the status bar.
    void setServerStatus(const QString& text, bool running);

    /// Enables Devices > Enroll a Device… (Ctrl+E, also on the toolbar); open runs the
    /// enrollment wizard. Disabled until called (no store, no listener, no wizard).
    void setEnrollmentHandler(std::function<void()> open);
    QAction* enrollAction() const { return m_enrollAction; }

    /// UDIDs of the selected devices, in view order.
    QStringList selectedUdids() const;
    /// Opens (or raises) the detail of a device; nullptr without a store.
    DeviceDetailDialog* openDeviceDetail(const QString& udid);
    /// Queues the inventory requests for the devices, with progress; nullptr without a store
    /// or devices. The action deletes itself after finished() unless keepAction.
    BulkAction* refreshInventory(const QStringList& udids, bool keepAction = false);
    /// Ends management of the devices without asking; nullptr without a store or devices.
    BulkAction* removeManagement(const QStringList& udids, Removal how, bool keepAction = false);
    /// Writes the devices of the current filter, visible columns in view order, to path
    /// (atomically); false with error set when it cannot.
    bool exportCsv(const QString& path, QString* error = nullptr) const;

public Q_SLOTS:
    void showAbout();
    /// Re-reads the navigation counts and the status bar from the store.
    void refreshCounts();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* createDevicesPage();
    void createActions();
    void updateCounts(int shown, int total);
    void updateSelectionActions();
    void showInventoryMenu(const QPoint& position);
    void showColumnMenu(const QPoint& position);
    void applyQuickFilters();
    void confirmRemoveManagement();
    void chooseCsvFile();
    void committed(const QStringList& tables);
    void applyCommits();
    BulkAction* runBulk(const QString& title, const QStringList& udids, DeviceActions::DeviceJob job,
        const QString& doneMessage, bool keepAction);
    void restoreState();
    void saveState() const;
    static QString pageTitle(Page page);
    static QString placeholderText(Page page);

    DeviceInventoryModel* m_inventory;
    QString m_dataDirectory;
    storage::Database* m_reader = nullptr;
    storage::StorageWorker* m_writer = nullptr;

    QSplitter* m_splitter = nullptr;
    QListWidget* m_navigation = nullptr;
    QStackedLayout* m_pages = nullptr;
    QLineEdit* m_filter = nullptr;
    QTimer* m_filterDelay = nullptr;
    QTimer* m_countsTimer = nullptr;
    QTimer* m_commitDelay = nullptr;
    QStringList m_committedTables;
    bool m_committedEverything = false;
    QTableView* m_view = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_serverLabel = nullptr;
    QLabel* m_connectedLabel = nullptr;
    QLabel* m_pushLabel = nullptr;
    QToolButton* m_inactiveFilter = nullptr;
    QToolButton* m_supervisedFilter = nullptr;
    QToolButton* m_pendingFilter = nullptr;
    QToolButton* m_nonCompliantFilter = nullptr;
    QAction* m_enrollAction = nullptr;
    std::function<void()> m_openEnrollment;
    QAction* m_detailsAction = nullptr;
    QAction* m_refreshInventoryAction = nullptr;
    QAction* m_removeAction = nullptr;
    QAction* m_exportAction = nullptr;
    QList<QPointer<DeviceDetailDialog>> m_details;
};

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow/MainWindow.h"

#include "core/common/Version.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/devices/BulkAction.h"
#include "ui/devices/DeviceDetailDialog.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/NavigationCounts.h"
#include "ui/mainwindow/NavigationDelegate.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace quince::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kWindowStateKey = QStringLiteral("mainWindow/state");
const QString kSplitterKey = QStringLiteral("mainWindow/splitter");
const QString kPageKey = QStringLiteral("mainWindow/page");
const QString kHeaderKey = QStringLiteral("devices/header");
const QString kQuickFiltersKey = QStringLiteral("devices/quickFilters");

QString operatorName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("console") : QStringLiteral("console:") + user;
}

} // namespace

MainWindow::MainWindow(DeviceInventoryModel* inventory, const QString& dataDirectory, QWidget* parent)
    : QMainWindow(parent), m_inventory(inventory), m_dataDirectory(dataDirectory)
{
    setWindowTitle(tr("Quince"));
    setObjectName(QStringLiteral("MainWindow"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_navigation = new QListWidget(m_splitter);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setItemDelegate(new NavigationDelegate(m_navigation));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setMinimumWidth(190);
    m_navigation->setUniformItemSizes(true);
    m_navigation->setAutoFillBackground(true);
    m_navigation->setBackgroundRole(QPalette::Window);
    QFont navigationFont = m_navigation->font();
    navigationFont.setPointSizeF(navigationFont.pointSizeF() * 1.05);
    m_navigation->setFont(navigationFont);

    auto* pagesHost = new QWidget(m_splitter);
    m_pages = new QStackedLayout(pagesHost);
    for (int i = 0; i < kPageCount; ++i) {
        const auto page = Page(i);
        auto* item = new QListWidgetItem(pageTitle(page), m_navigation);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(pageTitle(page)).arg(i + 1));
        if (page == Page::Devices) {
            m_pages->addWidget(createDevicesPage());
        } else {
            auto* placeholder = new QLabel(placeholderText(page), pagesHost);
            placeholder->setObjectName(QStringLiteral("placeholder%1").arg(i));
            placeholder->setAlignment(Qt::AlignCenter);
            placeholder->setWordWrap(true);
            placeholder->setTextFormat(Qt::PlainText);
            placeholder->setEnabled(false);
            m_pages->addWidget(placeholder);
        }
    }
    m_splitter->addWidget(m_navigation);
    m_splitter->addWidget(pagesHost);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({200, 1000});
    setCentralWidget(m_splitter);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedLayout::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    auto* dirLabel = new QLabel(tr("Data: %1").arg(QDir::toNativeSeparators(m_dataDirectory)), this);
    dirLabel->setObjectName(QStringLiteral("dataDirectoryLabel"));
    dirLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(dirLabel, 1);
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverStatusLabel"));
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_serverLabel);
    m_connectedLabel = new QLabel(this);
    m_connectedLabel->setObjectName(QStringLiteral("connectedLabel"));
    statusBar()->addPermanentWidget(m_connectedLabel);
    m_pushLabel = new QLabel(this);
    m_pushLabel->setObjectName(QStringLiteral("pushStatusLabel"));
    statusBar()->addPermanentWidget(m_pushLabel);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("deviceCountLabel"));
    statusBar()->addPermanentWidget(m_countLabel);

    // A filter over 50,000 devices costs tens of milliseconds: wait for a pause in typing
    // rather than query on every key; Enter applies at once.
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] { m_inventory->setFilterText(m_filter->text()); });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_filterDelay->stop();
        m_inventory->setFilterText(m_filter->text());
    });
    connect(m_inventory, &DeviceInventoryModel::countsChanged, this, &MainWindow::updateCounts);

    m_countsTimer = new QTimer(this);
    m_countsTimer->setInterval(kCountsIntervalMs);
    connect(m_countsTimer, &QTimer::timeout, this, &MainWindow::refreshCounts);
    m_commitDelay = new QTimer(this);
    m_commitDelay->setSingleShot(true);
    m_commitDelay->setInterval(kCommitCoalesceMs);
    connect(m_commitDelay, &QTimer::timeout, this, &MainWindow::applyCommits);

    createActions();
    updateCounts(m_inventory->rowCount(), m_inventory->totalCount());
    refreshCounts();
    restoreState();
}

MainWindow::~MainWindow()
{
    for (const auto& dialog : std::as_const(m_details))
        delete dialog.data();
}

QWidget* MainWindow::createDevicesPage()
{
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("devicesPage"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 6, 6, 0);

    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(page);
    m_filter->setObjectName(QStringLiteral("inventoryFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, serial number, model, OS version or UDID (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    const auto quickFilter = [&](const QString& name, const QString& text, const QString& tip) {
        auto* button = new QToolButton(page);
        button->setObjectName(name);
        button->setText(text);
        button->setToolTip(tip);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        connect(button, &QToolButton::toggled, this, &MainWindow::applyQuickFilters);
        bar->addWidget(button);
        return button;
    };
    m_inactiveFilter = quickFilter(QStringLiteral("quickFilterInactive"), tr("&Inactive"),
        tr("Only devices that have not been seen for the inactivity period"));
    m_nonCompliantFilter = quickFilter(QStringLiteral("quickFilterNonCompliant"), tr("&Non-compliant"),
        tr("Only devices whose passcode does not comply (from their last SecurityInfo)"));
    m_supervisedFilter
        = quickFilter(QStringLiteral("quickFilterSupervised"), tr("S&upervised"), tr("Only supervised devices"));
    m_pendingFilter = quickFilter(QStringLiteral("quickFilterPending"), tr("Pending co&mmands"),
        tr("Only devices with commands waiting for them or for an approval"));
    layout->addLayout(bar);

    m_stack = new QStackedWidget(page);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(QStringLiteral("inventoryView"));
    m_view->setModel(m_inventory);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DeviceInventoryModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    // Uniform row heights: the view then never measures 50,000 rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView* header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    // Sized so the default columns fit a 1200-pixel window beside the navigation.
    header->resizeSection(DeviceInventoryModel::Name, 170);
    header->resizeSection(DeviceInventoryModel::SerialNumber, 100);
    header->resizeSection(DeviceInventoryModel::Model, 100);
    header->resizeSection(DeviceInventoryModel::OsVersion, 70);
    header->resizeSection(DeviceInventoryModel::Platform, 75);
    header->resizeSection(DeviceInventoryModel::State, 80);
    header->resizeSection(DeviceInventoryModel::LastSeen, 125);
    header->resizeSection(DeviceInventoryModel::ModelName, 110);
    header->resizeSection(DeviceInventoryModel::Battery, 58);
    header->resizeSection(DeviceInventoryModel::Supervised, 75);
    header->resizeSection(DeviceInventoryModel::InactiveSince, 100);
    header->resizeSection(DeviceInventoryModel::PendingCommands, 65);
    // The hardware identifier, the platform (the OS version and model name say it) and the UDID
    // are there for whoever wants them, not by default.
    header->hideSection(DeviceInventoryModel::Model);
    header->hideSection(DeviceInventoryModel::Platform);
    header->hideSection(DeviceInventoryModel::Udid);
    connect(header, &QWidget::customContextMenuRequested, this, &MainWindow::showColumnMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showInventoryMenu);
    // Enter and double-click both "activate" a row.
    connect(m_view, &QAbstractItemView::activated, this,
        [this](const QModelIndex& index) { openDeviceDetail(index.data(DeviceInventoryModel::UdidRole).toString()); });
    m_stack->addWidget(m_view);

    m_emptyLabel = new QLabel(m_stack);
    m_emptyLabel->setObjectName(QStringLiteral("inventoryEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_stack->addWidget(m_emptyLabel);
    layout->addWidget(m_stack, 1);
    return page;
}

void MainWindow::createActions()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    m_exportAction = fileMenu->addAction(tr("&Export Devices as CSV\u2026"), this, &MainWindow::chooseCsvFile);
    m_exportAction->setObjectName(QStringLiteral("actionExportCsv"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* find = viewMenu->addAction(tr("&Filter Devices"), this, [this] {
        showPage(Page::Devices);
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    find->setObjectName(QStringLiteral("actionFilter"));
    find->setShortcut(QKeySequence::Find);
    QAction* refresh = viewMenu->addAction(tr("&Refresh"), this, [this] {
        m_inventory->refresh();
        refreshCounts();
    });
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    viewMenu->addSeparator();
    for (int i = 0; i < kPageCount; ++i) {
        QAction* go = viewMenu->addAction(pageTitle(Page(i)), this, [this, i] { showPage(Page(i)); });
        go->setObjectName(QStringLiteral("actionPage%1").arg(i + 1));
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu* devicesMenu = menuBar()->addMenu(tr("&Devices"));
    m_enrollAction = devicesMenu->addAction(tr("&Enroll a Device\u2026"), this, [this] {
        if (m_openEnrollment)
            m_openEnrollment();
    });
    m_enrollAction->setObjectName(QStringLiteral("actionEnroll"));
    m_enrollAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_enrollAction->setToolTip(tr("Make an enrollment link, QR code or profile for a new device"));
    m_enrollAction->setEnabled(false);
    devicesMenu->addSeparator();
    m_detailsAction = devicesMenu->addAction(tr("Show &Details"), this, [this] {
        const QStringList udids = selectedUdids();
        if (!udids.isEmpty())
            openDeviceDetail(udids.first());
    });
    m_detailsAction->setObjectName(QStringLiteral("actionDetails"));
    m_detailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_refreshInventoryAction
        = devicesMenu->addAction(tr("Refresh &Inventory"), this, [this] { refreshInventory(selectedUdids()); });
    m_refreshInventoryAction->setObjectName(QStringLiteral("actionRefreshInventory"));
    m_refreshInventoryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_refreshInventoryAction->setToolTip(
        tr("Ask the selected devices for their information, security state, profiles, certificates and apps"));
    devicesMenu->addSeparator();
    m_removeAction = devicesMenu->addAction(tr("Remove &Management\u2026"), this, &MainWindow::confirmRemoveManagement);
    m_removeAction->setObjectName(QStringLiteral("actionRemoveManagement"));
    devicesMenu->addSeparator();
    devicesMenu->addAction(m_exportAction);

    auto* toolBar = addToolBar(tr("Devices"));
    toolBar->setObjectName(QStringLiteral("devicesToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addAction(m_enrollAction);
    toolBar->addSeparator();
    toolBar->addAction(m_detailsAction);
    toolBar->addAction(m_refreshInventoryAction);
    toolBar->addAction(m_removeAction);
    toolBar->addSeparator();
    toolBar->addAction(m_exportAction);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About Quince"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);

    connect(
        m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateSelectionActions);
    connect(m_inventory, &QAbstractItemModel::modelReset, this, &MainWindow::updateSelectionActions);
    connect(m_pages, &QStackedLayout::currentChanged, this, [this](int index) {
        m_navigation->setCurrentRow(index);
        updateSelectionActions();
    });
    updateSelectionActions();
}

QString MainWindow::pageTitle(Page page)
{
    switch (page) {
    case Page::Devices:
        return tr("Devices");
    case Page::Commands:
        return tr("Commands");
    case Page::Approvals:
        return tr("Approvals");
    case Page::Profiles:
        return tr("Profiles");
    case Page::Certificates:
        return tr("Certificates");
    case Page::AuditLog:
        return tr("Audit Log");
    case Page::Settings:
        return tr("Settings");
    }
    return QString();
}

QString MainWindow::placeholderText(Page page)
{
    switch (page) {
    case Page::Commands:
        return tr("The command queues arrive with the Commands page.\n"
                  "Until then: quincectl command list.");
    case Page::Approvals:
        return tr("Approvals arrive with the two-person rule.");
    case Page::Profiles:
        return tr("Profiles arrive with profile management.");
    case Page::Certificates:
        return tr("The certificates page arrives with certificate health.\n"
                  "Until then: quincectl push-cert show.");
    case Page::AuditLog:
        return tr("The audit log arrives with operator accounts.");
    case Page::Settings:
        return tr("Settings arrive with the settings page.\nUntil then: quincectl and the command line.");
    case Page::Devices:
        break;
    }
    return QString();
}

void MainWindow::setPage(Page page, QWidget* widget)
{
    if (page == Page::Devices || !widget)
        return;
    const int index = int(page);
    QWidget* old = m_pages->widget(index);
    const bool current = m_pages->currentIndex() == index;
    m_pages->insertWidget(index, widget);
    m_pages->removeWidget(old);
    delete old;
    if (current)
        m_pages->setCurrentIndex(index);
}

QWidget* MainWindow::page(Page page) const
{
    return m_pages->widget(int(page));
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::attachStore(storage::Database& reader, storage::StorageWorker& writer)
{
    m_reader = &reader;
    m_writer = &writer;
    connect(&writer, &storage::StorageWorker::committed, this, &MainWindow::committed);
    m_countsTimer->start();
    refreshCounts();
    updateSelectionActions();
}

void MainWindow::committed(const QStringList& tables)
{
    m_committedEverything = m_committedEverything || tables.isEmpty();
    for (const QString& table : tables)
        if (!m_committedTables.contains(table))
            m_committedTables.append(table);
    if (!m_commitDelay->isActive())
        m_commitDelay->start();
}

void MainWindow::applyCommits()
{
    const QStringList tables = std::exchange(m_committedTables, {});
    const bool everything = std::exchange(m_committedEverything, false);
    // A filtered inventory costs a table scan to re-count: once per burst, not per commit.
    if (everything || tables.contains(QStringLiteral("devices")) || tables.contains(QStringLiteral("command_queue")))
        m_inventory->refresh();
    refreshCounts();
    static const QStringList detailTables {QStringLiteral("devices"), QStringLiteral("enrollments"),
        QStringLiteral("command_queue"), QStringLiteral("command_results"), QStringLiteral("device_information"),
        QStringLiteral("device_security"), QStringLiteral("device_profiles"),
        QStringLiteral("device_provisioning_profiles"), QStringLiteral("device_certificates"),
        QStringLiteral("device_applications")};
    bool relevant = everything;
    for (const QString& table : tables)
        relevant = relevant || detailTables.contains(table);
    if (!relevant)
        return;
    for (const auto& dialog : std::as_const(m_details))
        if (dialog && dialog->isVisible())
            dialog->reload();
}

void MainWindow::refreshCounts()
{
    const auto item = [this](Page page) { return m_navigation->item(int(page)); };
    if (!m_reader) {
        item(Page::Devices)->setData(NavigationDelegate::BadgeRole, QLocale().toString(m_inventory->totalCount()));
        m_pushLabel->hide();
        m_connectedLabel->hide();
        return;
    }
    const NavigationCounts counts = NavigationCounts::read(m_reader->connection(), QDateTime::currentDateTimeUtc());
    const QLocale locale;
    QString devices = locale.toString(counts.devices);
    if (counts.inactive > 0)
        devices += tr(" \u00b7 %1 inactive").arg(locale.toString(counts.inactive));
    item(Page::Devices)->setData(NavigationDelegate::BadgeRole, devices);
    item(Page::Devices)
        ->setToolTip(
            tr("%n device(s), %1 inactive (Ctrl+1)", nullptr, counts.devices).arg(locale.toString(counts.inactive)));
    const auto badge = [&](Page page, int count, bool alert) {
        item(page)->setData(NavigationDelegate::BadgeRole, count > 0 ? locale.toString(count) : QString());
        item(page)->setData(NavigationDelegate::AlertRole, alert && count > 0);
    };
    badge(Page::Commands, counts.pendingCommands, false);
    badge(Page::Approvals, counts.pendingApprovals, true);
    badge(Page::Certificates, counts.expiringCertificates, true);
    item(Page::Commands)->setToolTip(tr("%n command(s) waiting for devices (Ctrl+2)", nullptr, counts.pendingCommands));
    item(Page::Approvals)
        ->setToolTip(tr("%n command(s) waiting for approval (Ctrl+3)", nullptr, counts.pendingApprovals));
    item(Page::Certificates)
        ->setToolTip(tr("%n certificate(s) expiring within %1 days (Ctrl+5)", nullptr, counts.expiringCertificates)
                         .arg(NavigationCounts::kExpiryWarningDays));
    m_inactiveFilter->setText(
        counts.inactive > 0 ? tr("&Inactive (%1)").arg(locale.toString(counts.inactive)) : tr("&Inactive"));

    m_connectedLabel->show();
    m_connectedLabel->setText(tr("%n device(s) connected in the last minute", nullptr, counts.seenLastMinute));
    m_pushLabel->show();
    m_pushLabel->setText(counts.pushState);
    m_pushLabel->setStyleSheet(counts.pushProblem ? QStringLiteral("color: #b00020;") : QString());
    if (!counts.error.isEmpty())
        statusBar()->showMessage(tr("Cannot read the counts: %1").arg(counts.error), 10'000);
}

void MainWindow::applyQuickFilters()
{
    int filters = DeviceInventoryModel::NoQuickFilter;
    if (m_inactiveFilter->isChecked())
        filters |= DeviceInventoryModel::InactiveOnly;
    if (m_supervisedFilter->isChecked())
        filters |= DeviceInventoryModel::SupervisedOnly;
    if (m_pendingFilter->isChecked())
        filters |= DeviceInventoryModel::PendingCommandsOnly;
    if (m_nonCompliantFilter->isChecked())
        filters |= DeviceInventoryModel::NonCompliantOnly;
    m_inventory->setQuickFilters(filters);
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("aboutBox"));
    box.setWindowTitle(tr("About Quince"));
    box.setIconPixmap(windowIcon().pixmap(64, 64));
    box.setTextFormat(Qt::RichText);
    box.setText(tr("<h3>Quince %1</h3><p>Apple device management for a small office: enroll, see and manage "
                   "your iPhones, iPads and Macs from one workstation.</p>")
                    .arg(versionString().toHtmlEscaped()));
    box.setInformativeText(tr("Data directory: %1").arg(QDir::toNativeSeparators(m_dataDirectory).toHtmlEscaped()));
    box.setStandardButtons(QMessageBox::Close);
    box.exec();
}

void MainWindow::setEnrollmentHandler(std::function<void()> open)
{
    m_openEnrollment = std::move(open);
    m_enrollAction->setEnabled(bool(m_openEnrollment));
}

void MainWindow::setServerStatus(const QString& text, bool running)
{
    m_serverLabel->setText(text);
    // Red only for trouble: a console that cannot serve devices must say so where it is seen.
    m_serverLabel->setStyleSheet(running ? QString() : QStringLiteral("color: #b00020;"));
}

void MainWindow::updateCounts(int shown, int total)
{
    if (shown == total)
        m_countLabel->setText(tr("%n device(s)", nullptr, total));
    else
        m_countLabel->setText(tr("%1 of %n device(s) shown", nullptr, total).arg(shown));

    if (total == 0) {
        m_emptyLabel->setText(tr("No devices yet.\nDevices appear here as soon as they enroll."));
        m_stack->setCurrentWidget(m_emptyLabel);
    } else if (shown == 0) {
        if (m_inventory->filterText().isEmpty())
            m_emptyLabel->setText(tr("No device matches the quick filters."));
        else
            m_emptyLabel->setText(tr("No device matches \u201c%1\u201d.").arg(m_inventory->filterText()));
        m_stack->setCurrentWidget(m_emptyLabel);
    } else {
        m_stack->setCurrentWidget(m_view);
    }
    if (!m_reader)
        m_navigation->item(int(Page::Devices))
            ->setData(NavigationDelegate::BadgeRole, QLocale().toString(m_inventory->totalCount()));
    if (!m_inventory->lastError().isEmpty())
        statusBar()->showMessage(tr("Cannot read the inventory: %1").arg(m_inventory->lastError()));
}

void MainWindow::updateSelectionActions()
{
    const bool onDevices = m_pages->currentIndex() == int(Page::Devices);
    const int selected = onDevices ? int(m_view->selectionModel()->selectedRows().size()) : 0;
    m_detailsAction->setEnabled(m_reader && selected > 0);
    m_refreshInventoryAction->setEnabled(m_writer && selected > 0);
    m_removeAction->setEnabled(m_writer && selected > 0);
    m_exportAction->setEnabled(m_inventory->rowCount() > 0);
    if (selected > 1)
        m_refreshInventoryAction->setText(tr("Refresh &Inventory (%n devices)", nullptr, selected));
    else
        m_refreshInventoryAction->setText(tr("Refresh &Inventory"));
}

QStringList MainWindow::selectedUdids() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList udids;
    udids.reserve(rows.size());
    for (const QModelIndex& index : rows) {
        const QString udid = index.data(DeviceInventoryModel::UdidRole).toString();
        if (!udid.isEmpty())
            udids.append(udid);
    }
    return udids;
}

void MainWindow::showInventoryMenu(const QPoint& position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row(), {}))
        m_view->selectRow(index.row());
    QMenu menu(this);
    menu.addAction(m_detailsAction);
    menu.addAction(m_refreshInventoryAction);
    menu.addSeparator();
    menu.addAction(m_removeAction);
    menu.addSeparator();
    menu.addAction(m_exportAction);
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void MainWindow::showColumnMenu(const QPoint& position)
{
    QHeaderView* header = m_view->horizontalHeader();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("columnMenu"));
    menu.addSection(tr("Columns"));
    int visible = 0;
    for (int column = 0; column < m_inventory->columnCount(); ++column)
        visible += header->isSectionHidden(column) ? 0 : 1;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        QAction* toggle = menu.addAction(m_inventory->headerData(column, Qt::Horizontal).toString());
        toggle->setCheckable(true);
        toggle->setChecked(!header->isSectionHidden(column));
        // The last visible column stays: a table without columns cannot be brought back.
        toggle->setEnabled(header->isSectionHidden(column) || visible > 1);
        connect(
            toggle, &QAction::toggled, header, [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
    menu.exec(header->viewport()->mapToGlobal(position));
}

DeviceDetailDialog* MainWindow::openDeviceDetail(const QString& udid)
{
    if (!m_reader || udid.isEmpty())
        return nullptr;
    m_details.removeAll(nullptr);
    for (const auto& dialog : std::as_const(m_details)) {
        if (dialog->udid() == udid) {
            dialog->reload();
            dialog->show();
            dialog->raise();
            dialog->activateWindow();
            return dialog;
        }
    }
    auto* dialog = new DeviceDetailDialog(*m_reader, udid, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_details.append(dialog);
    dialog->show();
    return dialog;
}

BulkAction* MainWindow::runBulk(const QString& title, const QStringList& udids, DeviceActions::DeviceJob job,
    const QString& doneMessage, bool keepAction)
{
    if (!m_writer || udids.isEmpty())
        return nullptr;
    auto* action = new BulkAction(*m_writer, title, udids, std::move(job), DeviceActions::changedTables(), this);
    connect(action, &BulkAction::finished, this, [this, action, doneMessage, keepAction] {
        QString message = doneMessage.arg(action->processed() - action->failed());
        if (action->wasCanceled())
            message += u' ' + tr("Canceled after %1 of %2.").arg(action->processed()).arg(action->total());
        if (action->failed() > 0) {
            message += u' ' + tr("%n device(s) failed.", nullptr, action->failed());
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Quince"), message, QMessageBox::Close, this);
            box->setObjectName(QStringLiteral("bulkActionErrors"));
            box->setDetailedText(action->errors().mid(0, 200).join(u'\n'));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        statusBar()->showMessage(message, 15'000);
        if (!keepAction)
            action->deleteLater();
    });
    action->start(this);
    return action;
}

BulkAction* MainWindow::refreshInventory(const QStringList& udids, bool keepAction)
{
    const QString who = operatorName();
    return runBulk(
        tr("Queuing inventory requests\u2026"), udids,
        [who](storage::Database& db, const QString& udid) {
            return DeviceActions::queueInventoryRefresh(db, udid, who, QDateTime::currentDateTimeUtc());
        },
        tr("Inventory requests queued for %1 device(s)."), keepAction);
}

BulkAction* MainWindow::removeManagement(const QStringList& udids, Removal how, bool keepAction)
{
    const QString who = operatorName();
    if (how == Removal::RemoveProfile)
        return runBulk(
            tr("Queuing RemoveProfile\u2026"), udids,
            [who](storage::Database& db, const QString& udid) {
                return DeviceActions::queueRemoveProfile(db, udid, who, QDateTime::currentDateTimeUtc());
            },
            tr("RemoveProfile queued for %1 device(s)."), keepAction);
    const QString reason = tr("Management removed from the console by %1").arg(who);
    return runBulk(
        tr("Marking devices for removal\u2026"), udids,
        [reason](storage::Database& db, const QString& udid) {
            return DeviceActions::refuseNextRequest(db, udid, reason, QDateTime::currentDateTimeUtc());
        },
        tr("%1 device(s) will be refused at their next request."), keepAction);
}

void MainWindow::confirmRemoveManagement()
{
    const QStringList udids = selectedUdids();
    if (udids.isEmpty() || !m_writer)
        return;
    QMessageBox box(QMessageBox::Warning, tr("Remove Management"),
        tr("Stop managing %n device(s)?", nullptr, int(udids.size())), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmRemoval"));
    box.setInformativeText(
        tr("Remove the enrollment profile: the device deletes it, with every profile and app Quince installed, "
           "when it next connects.\n\nRefuse the next request: for a device that no longer answers commands; it "
           "is told it is not managed (HTTP 401) and removes its profile.\n\nThis cannot be undone: the device "
           "must enroll again."));
    QPushButton* removeProfile = box.addButton(tr("Remove &Profile"), QMessageBox::DestructiveRole);
    QPushButton* refuse = box.addButton(tr("&Refuse Next Request"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == removeProfile)
        removeManagement(udids, Removal::RemoveProfile);
    else if (box.clickedButton() == refuse)
        removeManagement(udids, Removal::RefuseNextRequest);
}

bool MainWindow::exportCsv(const QString& path, QString* error) const
{
    QHeaderView* header = m_view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        if (!header->isSectionHidden(column))
            columns.append(column);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!m_inventory->writeCsv(file, columns)) {
        file.cancelWriting();
        if (error)
            *error = m_inventory->lastError();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void MainWindow::chooseCsvFile()
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(QStringLiteral("quince-devices.csv"));
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Devices"), suggested, tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool written = exportCsv(path, &error);
    QApplication::restoreOverrideCursor();
    if (written)
        statusBar()->showMessage(
            tr("%n device(s) exported to %1", nullptr, m_inventory->rowCount()).arg(QDir::toNativeSeparators(path)),
            10'000);
    else
        QMessageBox::warning(this, tr("Export Devices"), tr("The devices cannot be exported: %1").arg(error));
}

void MainWindow::restoreState()
{
    QSettings settings;
    resize(1200, 760);
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    QMainWindow::restoreState(settings.value(kWindowStateKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    QHeaderView* header = m_view->horizontalHeader();
    if (header->restoreState(settings.value(kHeaderKey).toByteArray()))
        m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    const int filters = settings.value(kQuickFiltersKey, 0).toInt();
    m_inactiveFilter->setChecked(filters & DeviceInventoryModel::InactiveOnly);
    m_supervisedFilter->setChecked(filters & DeviceInventoryModel::SupervisedOnly);
    m_pendingFilter->setChecked(filters & DeviceInventoryModel::PendingCommandsOnly);
    m_nonCompliantFilter->setChecked(filters & DeviceInventoryModel::NonCompliantOnly);
    showPage(Page(qBound(0, settings.value(kPageKey, 0).toInt(), kPageCount - 1)));
}

void MainWindow::saveState() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kWindowStateKey, QMainWindow::saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kHeaderKey, m_view->horizontalHeader()->saveState());
    settings.setValue(kQuickFiltersKey, m_inventory->quickFilters());
    settings.setValue(kPageKey, int(currentPage()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveState();
    for (const auto& dialog : std::as_const(m_details))
        if (dialog)
            dialog->close();
    event->accept();
}

} // namespace quince::ui

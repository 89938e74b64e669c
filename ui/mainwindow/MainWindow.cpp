// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow/MainWindow.h"

#include "core/common/Version.h"
#include "ui/inventory/DeviceInventoryModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace quince::ui {

MainWindow::MainWindow(DeviceInventoryModel* inventory, const QString& dataDirectory, QWidget* parent)
    : QMainWindow(parent), m_inventory(inventory), m_dataDirectory(dataDirectory)
{
    setWindowTitle(tr("Quince"));
    setObjectName(QStringLiteral("MainWindow"));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("inventoryFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, serial number, model or UDID"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_stack = new QStackedWidget(central);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(QStringLiteral("inventoryView"));
    m_view->setModel(m_inventory);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DeviceInventoryModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Uniform row heights: the view then never measures 50,000 rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->resizeSection(DeviceInventoryModel::Name, 220);
    m_view->horizontalHeader()->resizeSection(DeviceInventoryModel::SerialNumber, 140);
    m_view->horizontalHeader()->resizeSection(DeviceInventoryModel::Model, 210);
    m_stack->addWidget(m_view);

    m_emptyLabel = new QLabel(m_stack);
    m_emptyLabel->setObjectName(QStringLiteral("inventoryEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_stack->addWidget(m_emptyLabel);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    auto* dirLabel = new QLabel(tr("Data: %1").arg(QDir::toNativeSeparators(m_dataDirectory)), this);
    dirLabel->setObjectName(QStringLiteral("dataDirectoryLabel"));
    dirLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(dirLabel, 1);
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverStatusLabel"));
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_serverLabel);
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
    createActions();
    updateCounts(m_inventory->rowCount(), m_inventory->totalCount());

    resize(1100, 700);
    restoreGeometry(QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray());
}

void MainWindow::createActions()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* find = viewMenu->addAction(tr("&Filter Devices"), this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction* refresh = viewMenu->addAction(tr("&Refresh"), m_inventory, &DeviceInventoryModel::refresh);
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    refresh->setShortcut(QKeySequence::Refresh);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About Quince"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
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
        m_emptyLabel->setText(tr("No device matches \u201c%1\u201d.").arg(m_inventory->filterText()));
        m_stack->setCurrentWidget(m_emptyLabel);
    } else {
        m_stack->setCurrentWidget(m_view);
    }
    if (!m_inventory->lastError().isEmpty())
        statusBar()->showMessage(tr("Cannot read the inventory: %1").arg(m_inventory->lastError()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    event->accept();
}

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
// quince: the desktop console. Opens the data directory, starts the storage worker, and shows
// the main window over a read-only view of the store.
#include "app/common/DataDirOption.h"
#include "core/common/DataDirectory.h"
#include "core/common/TerminationSignals.h"
#include "core/common/Version.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/Translations.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>

namespace {

// Startup failures are told twice: on stderr for whoever started us from a terminal or a
// script, and in a dialog for whoever double-clicked.
int failStartup(const QString& what, const QString& why)
{
    std::fprintf(stderr, "quince: %s %s\n", qPrintable(what), qPrintable(why));
    QMessageBox::critical(nullptr, QApplication::translate("main", "Quince cannot start"), what + u'\n' + why);
    return 1;
}

// Parses the command line. --help and --version print and exit here, before a QApplication
// exists, so they work without a display (on a server, over ssh, in a package check).
QString parseDataDirectory(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quince"));
    QCoreApplication::setApplicationVersion(quince::versionString());
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Quince: Apple device management for a small office."));
    parser.addHelpOption();
    parser.addVersionOption();
    const quince::app::DataDirOption dataDirOption;
    dataDirOption.addTo(parser);
    parser.process(app);
    return dataDirOption.resolve(parser);
}

} // namespace

int main(int argc, char** argv)
{
    const QString dataDirPath = parseDataDirectory(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quince"));
    QApplication::setApplicationName(QStringLiteral("Quince"));
    QApplication::setApplicationVersion(quince::versionString());
    QApplication::setDesktopFileName(QStringLiteral("quince"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quince.svg")));
    quince::ui::installTranslations(app);

    auto dataDir = quince::DataDirectory::open(dataDirPath);
    if (!dataDir)
        return failStartup(
            QApplication::translate("main", "The data directory cannot be used."), dataDir.error().message);

    quince::storage::StorageWorker storage;
    if (const auto started = storage.start((*dataDir)->databasePath()); !started)
        return failStartup(
            QApplication::translate("main", "The database cannot be opened."), started.error().toString());

    // The writer has migrated the schema; the GUI reads through its own read-only connection.
    auto reader = quince::storage::Database::openReader((*dataDir)->databasePath());
    if (!reader)
        return failStartup(QApplication::translate("main", "The database cannot be read."), reader.error().toString());

    quince::ui::DeviceInventoryModel inventory(reader->connection());
    QObject::connect(
        &storage, &quince::storage::StorageWorker::committed, &inventory, [&inventory](const QStringList& tables) {
            if (tables.isEmpty() || tables.contains(QStringLiteral("devices")))
                inventory.refresh();
        });

    quince::ui::MainWindow window(&inventory, (*dataDir)->path());
    quince::TerminationSignals termination;
    QObject::connect(&termination, &quince::TerminationSignals::terminationRequested, &window, &QWidget::close);
    window.show();

    const int exitCode = app.exec();
    storage.stop(); // commit what is queued before the lock is released
    return exitCode;
}

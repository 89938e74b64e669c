// SPDX-License-Identifier: GPL-3.0-or-later
// quince: the desktop console. Opens the data directory, unlocks the master key (system keychain,
// or a passphrase asked in a dialog), starts the storage worker and the listener, and shows the
// main window over a read-only view of the store.
#include "app/common/DataDirOption.h"
#include "app/common/ServerCommandLine.h"
#include "core/common/DataDirectory.h"
#include "core/common/TerminationSignals.h"
#include "core/common/Version.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKeyFile.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/Translations.h"
#include "ui/certificates/CertificatesPage.h"
#include "ui/commands/CommandsPage.h"
#include "ui/enrollment/EnrollmentWizard.h"
#include "ui/inventory/DeviceInventoryModel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/unlock/PassphraseDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QProgressDialog>
#include <QThread>

#include <cstdio>
#include <memory>

namespace {

using quince::app::ServerCommandLine;
using namespace quince::secrets;
using quince::Result;

struct StartupOptions {
    QString dataDirectory;
    quince::runtime::ServerOptions server;
    ServerCommandLine::KeyOptions keys;
};

// Set when SIGTERM/SIGINT arrives during startup: we then stop without asking anyone anything.
bool g_terminationRequested = false;

// Startup failures are told twice: on stderr for whoever started us from a terminal or a
// script, and in a dialog for whoever double-clicked (unless we are being stopped).
int failStartup(const QString& what, const QString& why)
{
    std::fprintf(stderr, "quince: %s %s\n", qPrintable(what), qPrintable(why));
    if (g_terminationRequested)
        return 0;
    QMessageBox::critical(nullptr, QApplication::translate("main", "Quince cannot start"), what + u'\n' + why);
    return 1;
}

// Parses the command line. --help and --version print and exit here, before a QApplication
// exists, so they work without a display (on a server, over ssh, in a package check).
StartupOptions parseCommandLine(int argc, char** argv)
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
    const ServerCommandLine serverCommandLine;
    serverCommandLine.addTo(parser);
    parser.process(app);
    auto server = serverCommandLine.parse(parser);
    if (!server) {
        std::fprintf(stderr, "quince: %s\n", qPrintable(server.error().message));
        std::exit(2);
    }
    return {dataDirOption.resolve(parser), *server, serverCommandLine.keyOptions(parser)};
}

// The console's way to ask for the passphrase: a dialog instead of a terminal prompt.
Result<SecretBytes, SecretError> askInDialog(PassphraseSource::Purpose purpose, const QString& dataDirectory)
{
    quince::ui::PassphraseDialog dialog(purpose == PassphraseSource::Purpose::Create
            ? quince::ui::PassphraseDialog::Mode::Create
            : quince::ui::PassphraseDialog::Mode::Unlock,
        dataDirectory);
    if (dialog.exec() != QDialog::Accepted)
        return SecretError {
            SecretErrorKind::KeyUnavailable, QApplication::translate("main", "No passphrase was entered.")};
    QByteArray passphrase = dialog.takePassphrase();
    return SecretBytes::takeFrom(passphrase);
}

Result<std::unique_ptr<quince::pki::KeySealer>, SecretError> unlock(
    const StartupOptions& options, const QString& dataDirectory)
{
    const auto asker
        = [dataDirectory](PassphraseSource::Purpose purpose) { return askInDialog(purpose, dataDirectory); };
    auto sealer = ServerCommandLine::openSealer(options.keys, dataDirectory, KeyHost::Desktop, asker);
    // A new installation on a desktop without a reachable keychain (no Secret Service running):
    // protect the keys with a passphrase instead, after saying why. An existing installation
    // keeps the source it was made with.
    const bool newInstallation = !QFile::exists(MasterKeyFile::pathIn(dataDirectory));
    if (!sealer && sealer.error().kind == SecretErrorKind::KeyUnavailable && newInstallation
        && MasterKeyProviderFactory::parseKeySource(options.keys.keySource) == KeySource::Automatic) {
        std::fprintf(stderr, "quince: no system keychain (%s); asking for a passphrase instead\n",
            qPrintable(sealer.error().message));
        sealer = ServerCommandLine::openSealer(
            options.keys, dataDirectory, KeyHost::Desktop, asker, KeySource::Passphrase);
    }
    return sealer;
}

// On a new data directory the CA's keys take seconds to generate: do that off the GUI thread and
// show a busy indicator if it takes long enough to notice.
quince::Status prepareWithProgress(
    quince::runtime::ServerRuntime& runtime, const quince::runtime::ServerOptions& options)
{
    quince::Status prepared;
    std::unique_ptr<QThread> worker(
        QThread::create([&runtime, &options, &prepared] { prepared = runtime.prepare(options); }));
    QProgressDialog progress(QApplication::translate("main", "Preparing Quince's certificates\u2026"), QString(), 0, 0);
    progress.setWindowTitle(QApplication::translate("main", "Quince"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(400);
    progress.setCancelButton(nullptr);
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    return prepared;
}

} // namespace

int main(int argc, char** argv)
{
    const StartupOptions options = parseCommandLine(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quince"));
    QApplication::setApplicationName(QStringLiteral("Quince"));
    QApplication::setApplicationVersion(quince::versionString());
    QApplication::setDesktopFileName(QStringLiteral("quince"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quince.svg")));
    quince::ui::installTranslations(app);
    // Installed first: a SIGTERM during the seconds of first-start key generation is then kept
    // and handled as soon as the event loop runs (an orderly close), instead of killing us.
    quince::TerminationSignals termination;
    QObject::connect(&termination, &quince::TerminationSignals::terminationRequested, &app, [] {
        g_terminationRequested = true;
        if (QWidget* modal = QApplication::activeModalWidget())
            modal->close(); // e.g. the passphrase dialog: startup then gives up
    });

    auto dataDir = quince::DataDirectory::open(options.dataDirectory);
    if (!dataDir)
        return failStartup(
            QApplication::translate("main", "The data directory cannot be used."), dataDir.error().message);

    auto sealer = unlock(options, (*dataDir)->path());
    if (!sealer)
        return failStartup(
            QApplication::translate("main", "The master key cannot be unlocked."), sealer.error().message);

    quince::storage::StorageWorker storage;
    if (const auto started = storage.start((*dataDir)->databasePath()); !started)
        return failStartup(
            QApplication::translate("main", "The database cannot be opened."), started.error().toString());

    // The writer has migrated the schema; the GUI reads through its own read-only connection.
    auto reader = quince::storage::Database::openReader((*dataDir)->databasePath());
    if (!reader)
        return failStartup(QApplication::translate("main", "The database cannot be read."), reader.error().toString());

    quince::ui::DeviceInventoryModel inventory(reader->connection());

    quince::ui::MainWindow window(&inventory, (*dataDir)->path());
    window.attachStore(*reader, storage);
    window.setPage(quince::ui::MainWindow::Page::Commands, new quince::ui::CommandsPage(storage, *reader));
    window.setPage(
        quince::ui::MainWindow::Page::Certificates, new quince::ui::CertificatesPage(storage, *reader, **sealer));

    // The console is the server too. If the listener cannot start (port taken, bad address), the
    // console still opens: the inventory stays usable and the status bar says what is wrong.
    quince::runtime::ServerRuntime runtime(storage, **sealer);
    quince::Status started = prepareWithProgress(runtime, options.server);
    if (started)
        started = runtime.start();
    if (started) {
        window.setServerStatus(runtime.settings().plainHttp
                ? QApplication::translate("main", "Serving %1 (plain HTTP, no TLS)").arg(runtime.baseUrl())
                : QApplication::translate("main", "Serving %1 over TLS").arg(runtime.baseUrl()),
            true);
        window.setEnrollmentHandler([&] {
            quince::ui::EnrollmentWizard wizard(storage, *reader, **sealer, runtime.serverPort(), &window);
            wizard.exec();
        });
    } else {
        std::fprintf(stderr, "quince: the listener is not running: %s\n", qPrintable(started.error().message));
        window.setServerStatus(
            QApplication::translate("main", "Not serving devices: %1").arg(started.error().message), false);
    }

    QObject::connect(&termination, &quince::TerminationSignals::terminationRequested, &window, &QWidget::close);
    if (g_terminationRequested) { // asked to stop while starting: never show the window
        runtime.stop();
        storage.stop();
        return 0;
    }
    window.show();

    const int exitCode = app.exec();
    runtime.stop();
    storage.stop(); // commit what is queued before the lock is released
    return exitCode;
}

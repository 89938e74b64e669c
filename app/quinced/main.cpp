// SPDX-License-Identifier: GPL-3.0-or-later
// quinced: the headless server. The same core as the console, without a window: it owns the
// data directory, unlocks the master key, and serves the listener (TLS, SCEP) until SIGTERM.
#include "app/common/DataDirOption.h"
#include "app/common/ServerCommandLine.h"
#include "core/common/DataDirectory.h"
#include "core/common/TerminationSignals.h"
#include "core/common/Version.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKeyProviderFactory.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/StorageWorker.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "quinced: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quince"));
    QCoreApplication::setApplicationName(QStringLiteral("quinced"));
    QCoreApplication::setApplicationVersion(quince::versionString());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("quinced", "Quince headless server: runs the Quince core without a window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const quince::app::DataDirOption dataDirOption;
    dataDirOption.addTo(parser);
    const quince::app::ServerCommandLine serverOptions;
    serverOptions.addTo(parser);
    parser.process(app);

    // Installed before the slow first start (key generation): a SIGTERM meanwhile is handled
    // as soon as the event loop runs, in order, instead of killing the process mid-write.
    quince::TerminationSignals termination;
    QObject::connect(&termination, &quince::TerminationSignals::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "quinced: signal %d received, stopping\n", signalNumber);
        QCoreApplication::quit();
    });

    auto options = serverOptions.parse(parser);
    if (!options)
        return fail(options.error().message);

    auto dataDir = quince::DataDirectory::open(dataDirOption.resolve(parser));
    if (!dataDir)
        return fail(dataDir.error().message);

    // A service never blocks on a terminal: the passphrase comes from a file, or it fails.
    auto sealer = quince::app::ServerCommandLine::openSealer(
        serverOptions.keyOptions(parser), (*dataDir)->path(), quince::secrets::KeyHost::Headless);
    if (!sealer)
        return fail(QStringLiteral("the master key cannot be unlocked: ") + sealer.error().message);

    quince::storage::StorageWorker storage;
    if (const auto started = storage.start((*dataDir)->databasePath()); !started)
        return fail(QStringLiteral("cannot open the database: ") + started.error().toString());

    quince::runtime::ServerRuntime runtime(storage, **sealer);
    if (const auto started = runtime.start(*options); !started) {
        storage.stop();
        return fail(started.error().message);
    }

    std::fprintf(stderr, "quinced %s: serving %s (schema version %d) at %s\n", qPrintable(quince::versionString()),
        qPrintable(QDir::toNativeSeparators((*dataDir)->path())), storage.schemaVersion(),
        qPrintable(runtime.baseUrl()));
    std::fflush(stderr);

    const int exitCode = app.exec();
    runtime.stop();
    storage.stop();
    std::fprintf(stderr, "quinced: stopped\n");
    return exitCode;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// quinced: the headless server. The same core as the console, without a window: it owns the
// data directory, keeps the database migrated, and runs until SIGTERM or SIGINT.
#include "app/common/DataDirOption.h"
#include "core/common/DataDirectory.h"
#include "core/common/TerminationSignals.h"
#include "core/common/Version.h"
#include "core/storage/StorageWorker.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>

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
    parser.process(app);

    auto dataDir = quince::DataDirectory::open(dataDirOption.resolve(parser));
    if (!dataDir) {
        std::fprintf(stderr, "quinced: %s\n", qPrintable(dataDir.error().message));
        return 1;
    }

    quince::storage::StorageWorker storage;
    if (const auto started = storage.start((*dataDir)->databasePath()); !started) {
        std::fprintf(stderr, "quinced: cannot open the database: %s\n", qPrintable(started.error().toString()));
        return 1;
    }

    quince::TerminationSignals termination;
    QObject::connect(&termination, &quince::TerminationSignals::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "quinced: signal %d received, stopping\n", signalNumber);
        QCoreApplication::quit();
    });

    std::fprintf(stderr, "quinced %s: serving %s (schema version %d)\n", qPrintable(quince::versionString()),
        qPrintable(QDir::toNativeSeparators((*dataDir)->path())), storage.schemaVersion());
    std::fflush(stderr);

    const int exitCode = app.exec();
    storage.stop();
    std::fprintf(stderr, "quinced: stopped\n");
    return exitCode;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// quincectl: the command-line tool. Reads the data directory without taking its lock, so it
// works next to a running console or quinced.
#include "app/common/DataDirOption.h"
#include "core/common/DataDirectory.h"
#include "core/common/Version.h"
#include "core/storage/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("quincectl", text);
}

int status(const QString& dataDirPath)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString absolute = QFileInfo(dataDirPath).absoluteFilePath();
    out << tr("Data directory: %1").arg(QDir::toNativeSeparators(absolute)) << '\n';

    if (const auto owner = quince::DataDirectory::lockOwner(absolute))
        out << tr("Server: running (%1, process %2 on %3)")
                   .arg(owner->application, QString::number(owner->pid), owner->hostName)
            << '\n';
    else
        out << tr("Server: not running") << '\n';

    const QString databasePath = QDir(absolute).filePath(quince::storage::Database::databaseFileName());
    if (!QFileInfo::exists(databasePath)) {
        out.flush();
        err << tr("quincectl: no Quince database in %1 (start quince or quinced once to create one)")
                   .arg(QDir::toNativeSeparators(absolute))
            << '\n';
        return 1;
    }
    auto db = quince::storage::Database::openReader(databasePath);
    if (!db) {
        out.flush();
        err << tr("quincectl: cannot read the database: %1").arg(db.error().toString()) << '\n';
        return 1;
    }
    out << tr("Schema version: %1").arg(db->schemaVersion()) << '\n';

    auto counts = db->exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(CASE WHEN enrollment_state = 'enrolled'"
                                          " THEN 1 ELSE 0 END), 0) FROM devices"));
    if (!counts || !counts->next()) {
        out.flush();
        err << tr("quincectl: cannot count devices: %1").arg(counts ? QString() : counts.error().toString()) << '\n';
        return 1;
    }
    out << tr("Devices: %1 (%2 enrolled)").arg(counts->value(0).toLongLong()).arg(counts->value(1).toLongLong())
        << '\n';
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quince"));
    QCoreApplication::setApplicationName(QStringLiteral("quincectl"));
    QCoreApplication::setApplicationVersion(quince::versionString());

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Quince command-line tool.\n\nCommands:\n"
                                        "  status    show the data directory, the server and the device count"));
    parser.addHelpOption();
    parser.addVersionOption();
    const quince::app::DataDirOption dataDirOption;
    dataDirOption.addTo(parser);
    parser.addPositionalArgument(
        QStringLiteral("command"), tr("The command to run (see above)."), QStringLiteral("<command>"));
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        QTextStream(stderr) << tr("quincectl: no command given; try 'quincectl --help'") << '\n';
        return 2;
    }
    if (args.first() == QLatin1String("status") && args.size() == 1)
        return status(dataDirOption.resolve(parser));

    QTextStream(stderr) << tr("quincectl: unknown command '%1'; try 'quincectl --help'").arg(args.join(u' ')) << '\n';
    return 2;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// quincectl: the command-line tool. Reads the data directory without taking its lock, so it
// works next to a running console or quinced.
#include "app/common/DataDirOption.h"
#include "app/quincectl/Commands.h"
#include "core/common/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace quince::cli;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quince"));
    QCoreApplication::setApplicationName(QStringLiteral("quincectl"));
    QCoreApplication::setApplicationVersion(quince::versionString());

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Quince command-line tool.\n\nCommands:\n"
                                        "  status    show the data directory, the server and the device count\n"
                                        "  certs list [--json]\n"
                                        "            list the certificates with their expiry and what depends on them\n"
                                        "  ca export --out FILE\n"
                                        "            write the root CA certificate (PEM) that devices must trust"));
    parser.addHelpOption();
    parser.addVersionOption();
    const quince::app::DataDirOption dataDirOption;
    dataDirOption.addTo(parser);
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), tr("Print JSON instead of text (every command that lists or shows)."));
    parser.addOption(jsonOption);
    const QCommandLineOption warnDaysOption(QStringLiteral("warn-days"),
        tr("certs list: warn this many days before expiry (default: the setting pki.expiry_warning_days, "
           "else 30,14,3)."),
        tr("days,..."));
    parser.addOption(warnDaysOption);
    const PushCertOptions pushCertOptions;
    pushCertOptions.addTo(parser);
    parser.setApplicationDescription(parser.applicationDescription() + PushCertOptions::help());
    const QueueCommandOptions queueOptions;
    queueOptions.addTo(parser);
    parser.setApplicationDescription(parser.applicationDescription() + QueueCommandOptions::help());
    const DevicesOptions devicesOptions;
    devicesOptions.addTo(parser);
    parser.setApplicationDescription(parser.applicationDescription() + DevicesOptions::help());
    const EnrollmentOptions enrollmentOptions;
    enrollmentOptions.addTo(parser);
    parser.setApplicationDescription(parser.applicationDescription() + EnrollmentOptions::help());
    parser.setApplicationDescription(parser.applicationDescription() + pushHelp());
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
    if (args == QStringList {QStringLiteral("certs"), QStringLiteral("list")})
        return certsList(dataDirOption.resolve(parser), parser.isSet(jsonOption), parser.value(warnDaysOption));

    if (args == QStringList {QStringLiteral("ca"), QStringLiteral("export")})
        return caExport(dataDirOption.resolve(parser), parser.value(pushCertOptions.out));
    if (args.first() == QLatin1String("push-cert"))
        return pushCert(parser, pushCertOptions, args.mid(1), dataDirOption.resolve(parser));
    if (args.first() == QLatin1String("push"))
        return push(parser, args.mid(1), dataDirOption.resolve(parser));
    if (args.first() == QLatin1String("commands"))
        return queueCommands(parser, queueOptions, args.mid(1), dataDirOption.resolve(parser));
    if (args.first() == QLatin1String("devices"))
        return devices(parser, devicesOptions, args.mid(1), dataDirOption.resolve(parser));
    if (args.first() == QLatin1String("enrollment"))
        return enrollment(parser, enrollmentOptions, args.mid(1), dataDirOption.resolve(parser));

    QTextStream(stderr) << tr("quincectl: unknown command '%1'; try 'quincectl --help'").arg(args.join(u' ')) << '\n';
    return 2;
}

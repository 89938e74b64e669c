// SPDX-License-Identifier: GPL-3.0-or-later
// quince-devsim: enrolls one simulated device per enrollment profile given (each profile holds
// a single-use SCEP challenge), then runs connect sessions that acknowledge every command.
#include "SimulatedDevice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <cstdio>
#include <memory>
#include <vector>

using namespace quince::devsim;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quince-devsim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Simulated Apple devices for Quince: enroll from profiles, then "
                                                    "answer commands."));
    parser.addHelpOption();
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
        QStringLiteral("Devices working at once (default 16)."), QStringLiteral("C"), QStringLiteral("16"));
    const QCommandLineOption rounds(QStringLiteral("rounds"),
        QStringLiteral("Connect sessions per device after enrollment (default 1)."), QStringLiteral("R"),
        QStringLiteral("1"));
    const QCommandLineOption prefix(QStringLiteral("prefix"),
        QStringLiteral("Seed of the device UDIDs (the same prefix gives the same devices)."), QStringLiteral("text"),
        QStringLiteral("devsim"));
    const QCommandLineOption notNow(
        QStringLiteral("not-now"), QStringLiteral("Answer NotNow to this RequestType."), QStringLiteral("type"));
    parser.addOptions({concurrency, rounds, prefix, notNow});
    parser.addPositionalArgument(QStringLiteral("profiles"), QStringLiteral("Enrollment profiles, one per device."),
        QStringLiteral("profile.mobileconfig..."));
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        std::fprintf(stderr, "quince-devsim: give at least one enrollment profile\n");
        return 2;
    }
    QHash<QString, CommandAnswer> answers;
    for (const QString& type : parser.values(notNow))
        answers.insert(type, CommandAnswer {CommandAnswer::Status::NotNow, false});
    const CommandPolicy policy = answerByType(answers);

    std::vector<int> indexes(static_cast<std::size_t>(files.size()));
    for (std::size_t i = 0; i < indexes.size(); ++i)
        indexes[i] = static_cast<int>(i);
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, parser.value(concurrency).toInt()));
    const int roundCount = std::max(0, parser.value(rounds).toInt());
    std::atomic<int> failures {0};
    QtConcurrent::blockingMap(&pool, indexes, [&](int index) {
        QFile file(files.at(index));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "%s: cannot read\n", qPrintable(files.at(index)));
            ++failures;
            return;
        }
        SimulatedDevice device(DeviceInfo::numbered(index, parser.value(prefix)));
        if (const quince::Status enrolled = device.enroll(file.readAll()); !enrolled) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(device.info().udid), qPrintable(enrolled.error().message));
            ++failures;
            return;
        }
        int commands = 0;
        for (int round = 0; round < roundCount; ++round) {
            const ConnectSummary summary = device.connect(policy);
            commands += static_cast<int>(summary.received.size());
            if (!summary.ok()) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(device.info().udid), qPrintable(summary.error));
                ++failures;
                return;
            }
            device.disconnect();
        }
        std::printf("%s enrolled, %d command(s) answered\n", qPrintable(device.info().udid), commands);
    });
    return failures == 0 ? 0 : 1;
}

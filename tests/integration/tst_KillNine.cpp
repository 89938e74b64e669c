// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 of quinced in the middle of a connect storm, then a restart on the same data
// directory: every result a device was answered 200 for is stored exactly once, no command is
// handed out again after its final status was answered 200, and the database is sound.
#include "IntegrationPaths.h"
#include "QuincedProcess.h"
#include "ServerDatabase.h"
#include "SimulatedDevice.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace quince;
using namespace quince::devsim;

namespace {

constexpr int kDevices = 20;
constexpr int kCommandsPerDevice = 10;
constexpr int kThreads = 4;

const QStringList kRequestTypes {QStringLiteral("DeviceInformation"), QStringLiteral("SecurityInfo"),
    QStringLiteral("ProfileList"), QStringLiteral("CertificateList"), QStringLiteral("InstalledApplicationList"),
    QStringLiteral("ProvisioningProfileList")};

} // namespace

class TestKillNine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingAcknowledgedIsLostOrRepeated()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QuincedProcess server(QStringLiteral(QUINCED_BIN), dir.filePath(QStringLiteral("data")),
            dir.filePath(QStringLiteral("passphrase")));
        Status started = server.start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        ServerDatabase db;
        QVERIFY(db.open(server.databasePath()));
        QVERIFY(db.addPushCertificate());

        // 20 enrolled devices, 10 commands each.
        std::vector<std::unique_ptr<SimulatedDevice>> devices;
        int total = 0;
        for (int i = 0; i < kDevices; ++i) {
            // Half of them sign their messages.
            auto profile = server.enrollmentProfile(QStringLiteral(QUINCECTL_BIN), i % 2 == 1, true);
            QVERIFY2(profile, qPrintable(profile ? QString() : profile.error().message));
            auto device = std::make_unique<SimulatedDevice>(DeviceInfo::numbered(i, QStringLiteral("storm")));
            const Status enrolled = device->enroll(*profile);
            QVERIFY2(enrolled, qPrintable(enrolled ? QString() : enrolled.error().message));
            device->disconnect(); // the storm threads open their own connections
            auto id = db.enrollmentId(device->info().udid);
            QVERIFY(id);
            for (int c = 0; c < kCommandsPerDevice; ++c) {
                QVERIFY(db.enqueue({*id}, kRequestTypes.at((i + c) % kRequestTypes.size())));
                ++total;
            }
            devices.push_back(std::move(device));
        }

        // The storm: each thread drives its devices until their queues are empty, retrying
        // while the server is down. Some statuses are sent twice, as devices do.
        std::atomic<int> handled {0};
        std::atomic<bool> stop {false};
        std::atomic<int> finishedThreads {0};
        const CommandPolicy policy = [&handled](const ReceivedCommand& command) {
            ++handled;
            CommandAnswer answer;
            answer.duplicate = command.commandUuid.endsWith(QLatin1Char('7'));
            if (command.requestType == QLatin1String("ProvisioningProfileList"))
                answer.status = CommandAnswer::Status::Error;
            return answer;
        };
        std::vector<std::thread> threads;
        std::vector<int> drained(kThreads, 0);
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                QSet<int> done;
                const int mine = kDevices / kThreads;
                while (!stop && done.size() < mine) {
                    for (int k = 0; k < mine; ++k) {
                        const int index = t * mine + k;
                        if (done.contains(index))
                            continue;
                        SimulatedDevice& device = *devices[static_cast<std::size_t>(index)];
                        const ConnectSummary summary = device.connect(policy);
                        device.disconnect();
                        if (summary.ok() && summary.received.isEmpty())
                            done.insert(index);
                        else if (!summary.ok())
                            QThread::msleep(50); // the server is down: try again soon
                    }
                }
                drained[static_cast<std::size_t>(t)] = static_cast<int>(done.size());
                ++finishedThreads;
            });
        }

        // kill -9 when about a third of the commands went through, then restart on the same port.
        QDeadlineTimer deadline(40000);
        while (handled < total / 3 && !deadline.hasExpired())
            QThread::msleep(2);
        const int handledAtKill = handled;
        server.kill9();
        QThread::msleep(300); // devices meet a dead server for a while
        const quint16 port = server.port();
        started = server.start(port);
        if (!started) {
            stop = true;
            for (std::thread& thread : threads)
                thread.join();
            QFAIL(qPrintable(started.error().message));
        }
        while (finishedThreads < kThreads && !deadline.hasExpired())
            QThread::msleep(20);
        stop = true;
        for (std::thread& thread : threads)
            thread.join();
        QVERIFY2(handledAtKill > 0 && handledAtKill < total, "the kill must fall in the middle of the storm");
        int unanswered = 0;
        for (const auto& device : devices)
            for (const Exchange& exchange : device->journal())
                unanswered += exchange.httpStatus == 0 ? 1 : 0;
        QVERIFY2(unanswered > 0, "the devices must have met the dead server");
        for (int t = 0; t < kThreads; ++t)
            QCOMPARE(drained[static_cast<std::size_t>(t)], kDevices / kThreads);

        // What the devices were told is what the database holds.
        auto rows = db.query(QStringLiteral("SELECT c.command_uuid, q.state, COUNT(r.id) FROM commands c "
                                            "JOIN command_queue q ON q.command_id = c.id "
                                            "LEFT JOIN command_results r ON r.queue_id = q.id "
                                            "GROUP BY c.command_uuid, q.state"));
        QVERIFY(rows);
        QCOMPARE(rows->size(), total);
        QHash<QString, int> results;
        QHash<QString, QString> states;
        for (const QVariantList& row : *rows) {
            results.insert(row.at(0).toString(), row.at(2).toInt());
            states.insert(row.at(0).toString(), row.at(1).toString());
        }
        int confirmed = 0;
        for (const auto& device : devices) {
            QVERIFY2(device->redeliveredAfterConfirmation().isEmpty(),
                qPrintable(device->redeliveredAfterConfirmation().join(u' ')));
            for (const QString& uuid : device->confirmedResults()) {
                QCOMPARE(results.value(uuid, -1), 1);
                QVERIFY2(
                    states.value(uuid) == QLatin1String("acknowledged") || states.value(uuid) == QLatin1String("error"),
                    qPrintable(uuid + u' ' + states.value(uuid)));
                ++confirmed;
            }
        }
        QCOMPARE(confirmed, total); // every command ended, each confirmed to its device
        QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
        db.close();
        const Status stopped = server.stop();
        QVERIFY2(stopped, qPrintable(stopped ? QString() : stopped.error().message));
        qInfo("%d commands, %d handled before the kill -9, %d requests unanswered", total, handledAtKill, unanswered);
    }
};

QTEST_GUILESS_MAIN(TestKillNine)
#include "tst_KillNine.moc"

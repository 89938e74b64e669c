// SPDX-License-Identifier: GPL-3.0-or-later
// The MDM listener under N simulated devices (default 1,000) working C at a time (default 16),
// over TLS on 127.0.0.1: enrollment (GetCACert, SCEP PKCSReq, Authenticate, TokenUpdate), then
// a command session per device (Idle, K commands acknowledged, on one new connection), then an
// idle session per device (M Idle requests on one new connection). For each phase: requests per
// second, p50/p99 latency per request, and quinced's own CPU time (utime + stime from
// /proc/<pid>/stat) per request and per device, so the client's cost on the same cores does not
// count. Figures and the command: docs/benchmarks.md.
//   bench_listener [--devices N] [--concurrency C] [--commands K] [--idle M] [--quinced PATH]
//                  [--attach PID --data-dir DIR --url https://localhost:PORT]
#include "HttpsClient.h"
#include "QuincedProcess.h"
#include "ServerDatabase.h"
#include "SimulatedDevice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace quince;
using namespace quince::devsim;

namespace {

struct PhaseResult {
    QString name;
    int devices = 0;
    int failures = 0;
    QString firstFailure;
    int connections = 0;
    std::vector<double> latencies;
    double wallMs = 0;
    double serverCpuMs = 0;
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// Runs work(index) for every device on `concurrency` threads, measuring the server's CPU.
PhaseResult runPhase(
    const QString& name, int devices, int concurrency, qint64 serverPid, const std::function<QString(int)>& work)
{
    PhaseResult result;
    result.name = name;
    result.devices = devices;
    std::atomic<int> next {0};
    std::mutex mutex;
    const std::optional<double> cpuBefore = processCpuTimeMs(serverPid);
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> threads;
    for (int t = 0; t < concurrency; ++t) {
        threads.emplace_back([&] {
            std::vector<double> latencies;
            int connections = 0;
            HttpsClient::setThreadLatencySink(&latencies);
            HttpsClient::setThreadConnectionCounter(&connections);
            int failures = 0;
            QString firstFailure;
            for (int index = next++; index < devices; index = next++) {
                const QString failure = work(index);
                if (!failure.isEmpty()) {
                    ++failures;
                    if (firstFailure.isEmpty())
                        firstFailure = failure;
                }
            }
            HttpsClient::setThreadLatencySink(nullptr);
            HttpsClient::setThreadConnectionCounter(nullptr);
            std::lock_guard lock(mutex);
            result.latencies.insert(result.latencies.end(), latencies.begin(), latencies.end());
            result.connections += connections;
            result.failures += failures;
            if (result.firstFailure.isEmpty())
                result.firstFailure = firstFailure;
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    result.wallMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
    const std::optional<double> cpuAfter = processCpuTimeMs(serverPid);
    result.serverCpuMs = cpuBefore && cpuAfter ? *cpuAfter - *cpuBefore : -1;
    return result;
}

void print(const PhaseResult& phase)
{
    const auto requests = static_cast<double>(phase.latencies.size());
    std::printf("%-11s %7d %9.0f %8d %8.2f %9.0f %8.2f %8.2f %12.0f %10.3f %10.3f %6d\n", qPrintable(phase.name),
        phase.devices, requests, phase.connections, phase.wallMs / 1000.0, requests / (phase.wallMs / 1000.0),
        percentile(phase.latencies, 0.50), percentile(phase.latencies, 0.99), phase.serverCpuMs,
        requests > 0 ? phase.serverCpuMs / requests : 0.0, phase.serverCpuMs / phase.devices, phase.failures);
    if (!phase.firstFailure.isEmpty())
        std::printf("  first failure: %s\n", qPrintable(phase.firstFailure));
    std::fflush(stdout);
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown CPU");
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QStringLiteral("unknown CPU");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The MDM listener under simulated devices."));
    parser.addHelpOption();
    const QCommandLineOption devicesOption(QStringLiteral("devices"), QStringLiteral("Devices (default 1000)."),
        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
        QStringLiteral("Devices working at once (default 16)."), QStringLiteral("C"), QStringLiteral("16"));
    const QCommandLineOption commandsOption(QStringLiteral("commands"),
        QStringLiteral("Commands per device in the command session (default 2)."), QStringLiteral("K"),
        QStringLiteral("2"));
    const QCommandLineOption idleOption(QStringLiteral("idle"),
        QStringLiteral("Idle requests per device on one connection in the idle session (default 10)."),
        QStringLiteral("M"), QStringLiteral("10"));
    const QCommandLineOption quincedOption(QStringLiteral("quinced"), QStringLiteral("The quinced to start."),
        QStringLiteral("path"), QStringLiteral(QUINCED_BIN));
    const QCommandLineOption attachOption(QStringLiteral("attach"),
        QStringLiteral("Measure a running quinced with this PID instead (needs --data-dir and --url)."),
        QStringLiteral("pid"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"), QStringLiteral("The running server's data directory."), QStringLiteral("dir"));
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QStringLiteral("The running server's base URL."), QStringLiteral("url"));
    const QCommandLineOption keyPoolOption(QStringLiteral("key-pool"),
        QStringLiteral("Distinct RSA keys, reused round-robin by the devices (default 64; 0: one per device). RSA "
                       "key generation is the client's cost, and slow."),
        QStringLiteral("K"), QStringLiteral("64"));
    const QCommandLineOption workDirOption(QStringLiteral("work-dir"),
        QStringLiteral("Where the started quinced keeps its data directory (default: a temporary folder; /dev/shm "
                       "takes the disk's fsync out of the figures)."),
        QStringLiteral("dir"));
    parser.addOptions({keyPoolOption, workDirOption});
    parser.addOptions({devicesOption, concurrencyOption, commandsOption, idleOption, quincedOption, attachOption,
        dataDirOption, urlOption});
    parser.process(app);
    const int devices = std::max(1, parser.value(devicesOption).toInt());
    const int concurrency = std::max(1, parser.value(concurrencyOption).toInt());
    const int commands = std::max(0, parser.value(commandsOption).toInt());
    const int idleRequests = std::max(1, parser.value(idleOption).toInt());

    QTemporaryDir dir(parser.isSet(workDirOption)
            ? QDir(parser.value(workDirOption)).filePath(QStringLiteral("bench_listener-XXXXXX"))
            : QDir::temp().filePath(QStringLiteral("bench_listener-XXXXXX")));
    std::unique_ptr<QuincedProcess> server;
    qint64 pid = 0;
    QString baseUrl;
    QString databasePath;
    if (parser.isSet(attachOption)) {
        pid = parser.value(attachOption).toLongLong();
        baseUrl = parser.value(urlOption);
        databasePath = QDir(parser.value(dataDirOption)).filePath(QStringLiteral("quince.sqlite3"));
    } else {
        server = std::make_unique<QuincedProcess>(parser.value(quincedOption), dir.filePath(QStringLiteral("data")),
            dir.filePath(QStringLiteral("passphrase")));
        const Status started = server->start();
        if (!started) {
            std::fprintf(stderr, "bench_listener: %s\n", qPrintable(started.error().message));
            return 1;
        }
        pid = server->pid();
        baseUrl = server->baseUrl();
        databasePath = server->databasePath();
    }
    ServerDatabase db;
    if (const Status opened = db.open(databasePath); !opened) {
        std::fprintf(stderr, "bench_listener: %s\n", qPrintable(opened.error().message));
        return 1;
    }

    std::printf("bench_listener: %d devices, concurrency %d, %d commands, %d idle requests; quinced pid %lld at %s\n",
        devices, concurrency, commands, idleRequests, static_cast<long long>(pid), qPrintable(baseUrl));
    std::printf("machine: %s, %d logical CPUs (client and server share them); data directory in %s\n",
        qPrintable(cpuModel()), QThread::idealThreadCount(),
        qPrintable(server ? server->dataDir() : parser.value(dataDirOption)));

    // Not measured: one profile (its own challenge) and one RSA key per device, as a device
    // would have made its key before it speaks to the server.
    QElapsedTimer prep;
    prep.start();
    std::vector<std::unique_ptr<SimulatedDevice>> fleet;
    for (int i = 0; i < devices; ++i) {
        auto profile = db.makeProfile(baseUrl);
        if (!profile) {
            std::fprintf(stderr, "bench_listener: %s\n", qPrintable(profile.error().message));
            return 1;
        }
        auto device = std::make_unique<SimulatedDevice>(
            DeviceInfo::numbered(i, QStringLiteral("bench-%1").arg(QDateTime::currentMSecsSinceEpoch())));
        device->installProfile(*profile);
        fleet.push_back(std::move(device));
    }
    {
        const int keyPool = parser.value(keyPoolOption).toInt();
        const int keyCount = keyPool <= 0 ? devices : std::min(devices, keyPool);
        std::vector<pki::PrivateKey> keys(static_cast<std::size_t>(keyCount));
        std::atomic<int> next {0};
        std::vector<std::thread> keyThreads;
        for (int t = 0; t < QThread::idealThreadCount(); ++t)
            keyThreads.emplace_back([&] {
                for (int index = next++; index < keyCount; index = next++)
                    keys[static_cast<std::size_t>(index)] = pki::PrivateKey::generateRsa(2048).value();
            });
        for (std::thread& thread : keyThreads)
            thread.join();
        for (int i = 0; i < devices; ++i)
            fleet[static_cast<std::size_t>(i)]->useKey(keys[static_cast<std::size_t>(i % keyCount)]);
    }
    std::printf("preparation (profiles, challenges, RSA keys; not measured): %.1f s\n\n",
        static_cast<double>(prep.elapsed()) / 1000.0);
    std::printf("%-11s %7s %9s %8s %8s %9s %8s %8s %12s %10s %10s %6s\n", "phase", "devices", "requests", "conns",
        "wall s", "req/s", "p50 ms", "p99 ms", "srv CPU ms", "CPU ms/req", "CPU ms/dev", "fails");
    std::fflush(stdout);

    const PhaseResult enrollment = runPhase(QStringLiteral("enrollment"), devices, concurrency, pid, [&](int index) {
        SimulatedDevice& device = *fleet[static_cast<std::size_t>(index)];
        const Status enrolled = device.enroll(device.profile());
        device.disconnect();
        return enrolled ? QString() : enrolled.error().message;
    });
    print(enrollment);

    // Every device gets the same K commands, queued in K storage jobs (not measured).
    QList<qint64> enrollmentIds;
    auto ids = db.query(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                       "WHERE e.channel = 'device' AND e.status = 'active'"));
    if (ids)
        for (const QVariantList& row : *ids)
            enrollmentIds.append(row.first().toLongLong());
    const QStringList types {QStringLiteral("DeviceInformation"), QStringLiteral("SecurityInfo"),
        QStringLiteral("ProfileList"), QStringLiteral("CertificateList")};
    for (int k = 0; k < commands; ++k)
        if (!db.enqueue(enrollmentIds, types.at(k % types.size())))
            std::fprintf(stderr, "bench_listener: cannot queue commands\n");

    const PhaseResult commandPhase = runPhase(QStringLiteral("commands"), devices, concurrency, pid, [&](int index) {
        SimulatedDevice& device = *fleet[static_cast<std::size_t>(index)];
        const ConnectSummary summary = device.connect();
        device.disconnect();
        if (!summary.ok())
            return summary.error;
        return summary.received.size() == commands
            ? QString()
            : QStringLiteral("%1 commands received").arg(summary.received.size());
    });
    print(commandPhase);

    const PhaseResult idlePhase = runPhase(QStringLiteral("idle"), devices, concurrency, pid, [&](int index) {
        SimulatedDevice& device = *fleet[static_cast<std::size_t>(index)];
        for (int i = 0; i < idleRequests; ++i) {
            const ConnectSummary summary = device.connect();
            if (!summary.ok())
                return summary.error;
        }
        device.disconnect();
        return QString();
    });
    print(idlePhase);

    // Server CPU = handshakes * h + requests * r over the two connect phases: the request cost
    // without the TLS handshake, and the handshake's.
    const auto commandRequests = static_cast<double>(commandPhase.latencies.size());
    const auto idleRequestsDone = static_cast<double>(idlePhase.latencies.size());
    const double a1 = commandPhase.connections, b1 = commandRequests, c1 = commandPhase.serverCpuMs;
    const double a2 = idlePhase.connections, b2 = idleRequestsDone, c2 = idlePhase.serverCpuMs;
    const double determinant = a1 * b2 - a2 * b1;
    if (determinant != 0) {
        const double handshake = (c1 * b2 - c2 * b1) / determinant;
        const double request = (a1 * c2 - a2 * c1) / determinant;
        std::printf("\nserver CPU split over the two connect phases: %.3f ms per TLS handshake, %.3f ms per connect "
                    "request on an open connection\n",
            handshake, request);
    }
    std::printf("server CPU per enrollment (GetCACert + PKCSReq + Authenticate + TokenUpdate, 2 handshakes): "
                "%.3f ms\n",
        enrollment.serverCpuMs / devices);
    std::printf("server CPU per connect request (all connect phases, handshakes included): %.3f ms\n",
        (commandPhase.serverCpuMs + idlePhase.serverCpuMs) / (commandRequests + idleRequestsDone));

    db.close();
    if (server) {
        if (const Status stopped = server->stop(); !stopped)
            std::fprintf(stderr, "bench_listener: %s\n", qPrintable(stopped.error().message));
    }
    const int failures = enrollment.failures + commandPhase.failures + idlePhase.failures;
    return failures == 0 ? 0 : 1;
}

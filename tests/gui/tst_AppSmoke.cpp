// SPDX-License-Identifier: GPL-3.0-or-later
// Starts the real quince, quinced and quincectl executables the way a user or a service
// manager would, and checks what they say and do.
#include "AppPaths.h"
#include "core/common/DataDirectory.h"
#include "core/common/Version.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

// Settings and default data folders of the programs under test go to a scratch home.
const QTemporaryDir& scratchHome()
{
    static QTemporaryDir home;
    return home;
}

QProcessEnvironment environment(bool offscreen)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), scratchHome().filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), scratchHome().filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QUINCE_DATA_DIR"));
    if (offscreen)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    else
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Outcome runToEnd(const QString& program, const QStringList& args, bool offscreen = false)
{
    QProcess p;
    p.setProcessEnvironment(environment(offscreen));
    p.start(program, args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError()};
}

bool waitForOutput(QProcess& p, QByteArray& sink, const QByteArray& needle, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!sink.contains(needle) && timer.elapsed() < timeoutMs) {
        p.waitForReadyRead(100);
        sink += p.readAllStandardError();
        if (p.state() == QProcess::NotRunning)
            break;
    }
    return sink.contains(needle);
}

} // namespace

class TestAppSmoke : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelpNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("quince") << QStringLiteral(QUINCE_CONSOLE_BIN);
        QTest::newRow("quinced") << QStringLiteral(QUINCED_BIN);
        QTest::newRow("quincectl") << QStringLiteral(QUINCECTL_BIN);
    }

    void versionAndHelpNeedNoDisplay()
    {
        QFETCH(QString, program);
        const Outcome version = runToEnd(program, {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.contains(quince::versionString().toUtf8()), version.out.constData());
        const Outcome help = runToEnd(program, {QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains("--data-dir"), help.out.constData());
    }

    void consoleOpensAndClosesOffscreen()
    {
        QTemporaryDir tmp;
        const QString dataDir = tmp.filePath(QStringLiteral("data"));
        const QString passphrase = tmp.filePath(QStringLiteral("passphrase"));
        {
            QFile file(passphrase);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("console smoke passphrase\n");
            file.close();
            QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        }
        QProcess console;
        console.setProcessEnvironment(environment(true));
        console.start(QStringLiteral(QUINCE_CONSOLE_BIN),
            {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--passphrase-file"), passphrase,
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(console.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dataDir + QStringLiteral("/quince.sqlite3")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(quince::DataDirectory::lockOwner(dataDir).has_value(), 20000);
        QCOMPARE(quince::DataDirectory::lockOwner(dataDir)->pid, console.processId());

        // A second console on the same folder is refused and says by whom.
        QProcess second;
        second.setProcessEnvironment(environment(true));
        second.start(QStringLiteral(QUINCE_CONSOLE_BIN), {QStringLiteral("--data-dir"), dataDir});
        QByteArray secondErr;
        QVERIFY2(waitForOutput(second, secondErr, "in use", 20000), secondErr.constData());
        QVERIFY(secondErr.contains(QByteArray::number(console.processId())));
        second.kill(); // it now shows the same message in a dialog and waits for the user
        second.waitForFinished();

        QTest::qWait(500);
        QCOMPARE(console.state(), QProcess::Running);
        // SIGTERM closes the window in order: exit code 0, lock released.
        ::kill(static_cast<pid_t>(console.processId()), SIGTERM);
        QVERIFY(console.waitForFinished(20000));
        QCOMPARE(console.exitStatus(), QProcess::NormalExit);
        QCOMPARE(console.exitCode(), 0);
        QVERIFY(!quince::DataDirectory::lockOwner(dataDir).has_value());
    }

    void quincedServesUntilSigtermAndQuincectlReports()
    {
        QTemporaryDir tmp;
        const QString dataDir = tmp.filePath(QStringLiteral("srv"));

        const Outcome before
            = runToEnd(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("-d"), dataDir, QStringLiteral("status")});
        QCOMPARE(before.exitCode, 1);
        QVERIFY2(before.err.contains("no Quince database"), before.err.constData());

        const QString passphrase = tmp.filePath(QStringLiteral("passphrase"));
        {
            QFile file(passphrase);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("smoke test passphrase\n");
            file.close();
            QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        }
        QProcess server;
        server.setProcessEnvironment(environment(false));
        server.start(QStringLiteral(QUINCED_BIN),
            {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--passphrase-file"), passphrase,
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QByteArray serverErr;
        QVERIFY2(waitForOutput(server, serverErr, "serving", 20000), serverErr.constData());
        QVERIFY(serverErr.contains("schema version 1") || serverErr.contains("schema version"));

        const Outcome running
            = runToEnd(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("-d"), dataDir, QStringLiteral("status")});
        QCOMPARE(running.exitCode, 0);
        QVERIFY2(running.out.contains("Server: running"), running.out.constData());
        QVERIFY(running.out.contains(QByteArray::number(server.processId())));
        QVERIFY2(running.out.contains("Devices: 0 (0 enrolled)"), running.out.constData());

        const Outcome refused = runToEnd(QStringLiteral(QUINCED_BIN), {QStringLiteral("--data-dir"), dataDir});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("in use"), refused.err.constData());

        ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitCode(), 0);
        serverErr += server.readAllStandardError();
        QVERIFY2(serverErr.contains("stopped"), serverErr.constData());

        const Outcome after
            = runToEnd(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("-d"), dataDir, QStringLiteral("status")});
        QCOMPARE(after.exitCode, 0);
        QVERIFY2(after.out.contains("Server: not running"), after.out.constData());
    }

    void quincectlRejectsUnknownCommands()
    {
        const Outcome none = runToEnd(QStringLiteral(QUINCECTL_BIN), {});
        QCOMPARE(none.exitCode, 2);
        const Outcome unknown = runToEnd(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command"));
    }
};

QTEST_GUILESS_MAIN(TestAppSmoke)
#include "tst_AppSmoke.moc"

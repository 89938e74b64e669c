// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/PassphraseSource.h"

#include "SecretsTestSupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {
// Reads what arrives on a pty master until marker appears or timeoutMs pass.
QByteArray readUntil(int fd, const QByteArray& marker, int timeoutMs)
{
    QByteArray seen;
    QElapsedTimer timer;
    timer.start();
    while (!seen.contains(marker) && timer.elapsed() < timeoutMs) {
        pollfd p {fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        char buffer[256];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0)
            seen.append(buffer, n);
    }
    return seen;
}

PassphraseSource::Options noPrompt()
{
    PassphraseSource::Options options;
    options.allowPrompt = false;
    return options;
}
} // namespace

class TestPassphraseSource : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv(PassphraseSource::environmentVariable); }

    void fileContents_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("no newline") << QByteArray("correct horse") << QByteArray("correct horse");
        QTest::newRow("trailing newline") << QByteArray("correct horse\n") << QByteArray("correct horse");
        QTest::newRow("CRLF") << QByteArray("correct horse\r\n") << QByteArray("correct horse");
        QTest::newRow("only one newline stripped") << QByteArray("correct horse\n\n") << QByteArray("correct horse\n");
        QTest::newRow("spaces kept") << QByteArray(" correct horse \n") << QByteArray(" correct horse ");
        QTest::newRow("UTF-8") << QByteArray("pâté\n") << QByteArray("pâté");
    }

    void fileContents()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QByteArray, expected);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("passphrase"));
        QVERIFY(writeFile(path, contents, 0600));
        auto read = PassphraseSource::readFile(path);
        QVERIFY2(read.ok(), qPrintable(describe(read)));
        QCOMPARE(read->view(), QByteArrayView(expected));
    }

    void refusedFiles_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<int>("mode");
        QTest::addColumn<SecretErrorKind>("kind");
        QTest::newRow("world-readable") << QByteArray("pw\n") << 0644 << SecretErrorKind::InsecureSource;
        QTest::newRow("world-writable") << QByteArray("pw\n") << 0602 << SecretErrorKind::InsecureSource;
        QTest::newRow("empty") << QByteArray() << 0600 << SecretErrorKind::InvalidInput;
        QTest::newRow("just a newline") << QByteArray("\n") << 0600 << SecretErrorKind::InvalidInput;
        QTest::newRow("too large") << QByteArray(PassphraseSource::maxFileSize + 1, 'a') << 0600
                                   << SecretErrorKind::InvalidInput;
    }

    void refusedFiles()
    {
        QFETCH(QByteArray, contents);
        QFETCH(int, mode);
        QFETCH(SecretErrorKind, kind);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("passphrase"));
        QVERIFY(writeFile(path, contents, mode_t(mode)));
        auto read = PassphraseSource::readFile(path);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, kind);
        QVERIFY(read.error().message.contains(path));
        if (kind == SecretErrorKind::InsecureSource)
            QVERIFY2(read.error().message.contains(QStringLiteral("chmod 600")), qPrintable(read.error().message));
    }

    void groupReadableAccepted()
    {
        // A service account group (systemd credentials, a secrets mount) may read it; others may not.
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("passphrase"));
        QVERIFY(writeFile(path, "pw\n", 0640));
        QVERIFY(PassphraseSource::readFile(path).ok());
    }

    void missingFileIsKeyUnavailable()
    {
        QTemporaryDir tmp;
        auto read = PassphraseSource::readFile(tmp.filePath(QStringLiteral("nope")));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, SecretErrorKind::KeyUnavailable);
    }

    void optionFileWinsOverEnvironment()
    {
        QTemporaryDir tmp;
        const QString cli = tmp.filePath(QStringLiteral("cli"));
        const QString env = tmp.filePath(QStringLiteral("env"));
        QVERIFY(writeFile(cli, "from the option\n"));
        QVERIFY(writeFile(env, "from the environment\n"));
        qputenv(PassphraseSource::environmentVariable, QFile::encodeName(env));

        auto fromEnv
            = PassphraseSource(PassphraseSource::standardOptions(QString())).read(PassphraseSource::Purpose::Unlock);
        QVERIFY2(fromEnv.ok(), qPrintable(describe(fromEnv)));
        QCOMPARE(fromEnv->view(), QByteArrayView("from the environment"));

        auto fromCli = PassphraseSource(PassphraseSource::standardOptions(cli)).read(PassphraseSource::Purpose::Unlock);
        QVERIFY(fromCli.ok());
        QCOMPARE(fromCli->view(), QByteArrayView("from the option"));
    }

    void noSourceIsKeyUnavailable()
    {
        auto read = PassphraseSource(noPrompt()).read(PassphraseSource::Purpose::Unlock);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, SecretErrorKind::KeyUnavailable);
        // The message tells the operator what to do.
        QVERIFY(read.error().message.contains(QStringLiteral("--passphrase-file")));
        QVERIFY(read.error().message.contains(QStringLiteral("QUINCE_PASSPHRASE_FILE")));
    }

    // stdin of a service is /dev/null or a pipe: no prompt is written, nothing is read.
    void promptNeedsATerminal_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("/dev/null") << QStringLiteral("null");
        QTest::newRow("pipe") << QStringLiteral("pipe");
    }

    void promptNeedsATerminal()
    {
        QFETCH(QString, kind);
        int input = -1;
        int pipeFds[2] = {-1, -1};
        if (kind == QStringLiteral("null")) {
            input = ::open("/dev/null", O_RDONLY);
        } else {
            QCOMPARE(::pipe(pipeFds), 0);
            input = pipeFds[0];
            QVERIFY(::write(pipeFds[1], "typed\n", 6) == 6);
        }
        int outFds[2];
        QCOMPARE(::pipe(outFds), 0);
        PassphraseSource::Options options;
        options.terminalInput = input;
        options.terminalOutput = outFds[1];
        auto read = PassphraseSource(options).read(PassphraseSource::Purpose::Unlock);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, SecretErrorKind::KeyUnavailable);
        QVERIFY(read.error().message.contains(QStringLiteral("not a terminal")));
        QVERIFY(read.error().message.contains(QStringLiteral("--passphrase-file")));
        // No prompt text was written, and the pipe's content was not consumed.
        ::close(outFds[1]);
        char c;
        QCOMPARE(::read(outFds[0], &c, 1), ssize_t(0));
        if (pipeFds[1] >= 0) {
            char buffer[8];
            QCOMPARE(::read(input, buffer, sizeof buffer), ssize_t(6));
            ::close(pipeFds[1]);
        }
        ::close(outFds[0]);
        ::close(input);
    }

    // A real pseudo-terminal: the prompt is shown, echo is off while typing (the passphrase
    // does not come back on the master side) and restored afterwards.
    void promptOnATerminal()
    {
        int master = -1;
        int slave = -1;
        QCOMPARE(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
        termios before {};
        QCOMPARE(::tcgetattr(slave, &before), 0);
        QVERIFY(before.c_lflag & ECHO);

        quince::Result<SecretBytes, SecretError> result = SecretError {};
        std::thread reader([&] { result = PassphraseSource::prompt(slave, slave, QStringLiteral("Passphrase: ")); });
        const QByteArray shown = readUntil(master, "Passphrase: ", 5000);
        QVERIFY2(shown.contains("Passphrase: "), shown.constData());
        QVERIFY(::write(master, "tty secret\n", 11) == 11);
        reader.join();
        QVERIFY2(result.ok(), qPrintable(describe(result)));
        QCOMPARE(result->view(), QByteArrayView("tty secret"));

        const QByteArray echoed = readUntil(master, "never", 300);
        QVERIFY2(!echoed.contains("tty secret"), echoed.constData());
        termios after {};
        QCOMPARE(::tcgetattr(slave, &after), 0);
        QVERIFY(after.c_lflag & ECHO);
        ::close(slave);
        ::close(master);
    }

    void promptCreateAsksTwice()
    {
        int master = -1;
        int slave = -1;
        QCOMPARE(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
        PassphraseSource::Options options;
        options.terminalInput = slave;
        options.terminalOutput = slave;
        quince::Result<SecretBytes, SecretError> result = SecretError {};
        std::thread reader([&] { result = PassphraseSource(options).read(PassphraseSource::Purpose::Create); });
        QVERIFY(readUntil(master, "New master key passphrase: ", 5000).contains("passphrase"));
        QVERIFY(::write(master, "first\n", 6) == 6);
        QVERIFY(readUntil(master, "Repeat", 5000).contains("Repeat"));
        QVERIFY(::write(master, "second\n", 7) == 7);
        reader.join();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, SecretErrorKind::InvalidInput);
        ::close(slave);
        ::close(master);
    }
};

QTEST_GUILESS_MAIN(TestPassphraseSource)
#include "tst_PassphraseSource.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small helpers every test area needs: files, and running a program (openssl, our own
// executables) to its end.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace quince::test {

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// How a program ended and what it printed.
struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool ok() const { return exitCode == 0; }
    /// Both streams, for failure messages.
    QByteArray both() const { return out + err; }
};

/// The openssl command, or "" when it is not installed (tests then skip, saying why).
inline QString opensslPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

/// Runs a program to its end (30 s at most) in workingDirectory, with input on its stdin.
inline Outcome run(const QString& program, const QStringList& arguments, const QString& workingDirectory = {},
    const QByteArray& input = {})
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError()};
}

/// quincectl as an unattended script runs it: no passphrase or data directory from the
/// environment, no desktop keychain (no D-Bus session), HOME inside the test's own folder, stdin
/// closed so nothing can prompt. arguments follow `--data-dir dataDir [--passphrase-file F]`.
inline Outcome runQuincectl(const QString& binary, const QString& dataDir, const QString& passphraseFile,
    const QStringList& arguments, const QString& workDir, int timeoutMs = 60000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QUINCE_PASSPHRASE_FILE"));
    env.remove(QStringLiteral("QUINCE_DATA_DIR"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.insert(QStringLiteral("HOME"), workDir + QStringLiteral("/home"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workDir);
    QStringList all {QStringLiteral("--data-dir"), dataDir};
    if (!passphraseFile.isEmpty())
        all << QStringLiteral("--passphrase-file") << passphraseFile;
    process.start(binary, all + arguments);
    process.closeWriteChannel();
    Outcome outcome;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.err = "quincectl did not finish";
        return outcome;
    }
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return outcome;
}

} // namespace quince::test

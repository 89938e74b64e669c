// SPDX-License-Identifier: GPL-3.0-or-later
#include "QuincedProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryFile>
#include <QThread>

#include <csignal>
#include <unistd.h>

namespace quince::devsim {

QuincedProcess::QuincedProcess(QString binary, QString dataDir, QString passphraseFile)
    : m_binary(std::move(binary)),
      m_dataDir(std::move(dataDir)),
      m_passphraseFile(std::move(passphraseFile)),
      m_logFile(m_dataDir + QStringLiteral(".quinced.log"))
{
    if (!QFile::exists(m_passphraseFile)) {
        QFile file(m_passphraseFile);
        if (file.open(QIODevice::WriteOnly)) {
            file.write("device simulator passphrase, long enough\n");
            file.close();
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
}

QuincedProcess::~QuincedProcess()
{
    if (isRunning())
        kill9();
}

Status QuincedProcess::start(quint16 port, int timeoutMs)
{
    if (isRunning())
        return Error {QStringLiteral("quinced is already running")};
    const qint64 logStart = QFileInfo(m_logFile).size();
    if (port == 0) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return Error {QStringLiteral("no free port: ") + probe.errorString()};
        port = probe.serverPort();
    }
    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setStandardErrorFile(m_logFile, QIODevice::Append);
    m_process.start(m_binary,
        {QStringLiteral("-d"), m_dataDir, QStringLiteral("--passphrase-file"), m_passphraseFile,
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--host"),
            QStringLiteral("localhost")});
    if (!m_process.waitForStarted(10000))
        return Error {QStringLiteral("quinced did not start: ") + m_process.errorString()};
    m_pid = m_process.processId();
    const QRegularExpression served(QStringLiteral("at https://localhost:(\\d+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QByteArray text = log().mid(logStart);
        const auto match = served.match(QString::fromUtf8(text));
        if (match.hasMatch()) {
            m_port = static_cast<quint16>(match.captured(1).toUInt());
            return {};
        }
        if (m_process.waitForFinished(100))
            return Error {QStringLiteral("quinced exited: ") + QString::fromUtf8(text)};
    }
    kill9();
    return Error {QStringLiteral("quinced did not serve in time: ") + QString::fromUtf8(log().mid(logStart))};
}

Result<QByteArray> QuincedProcess::enrollmentProfile(
    const QString& quincectlBinary, bool signMessage, bool unsignedProfile) const
{
    QTemporaryFile out(m_dataDir + QStringLiteral(".profile-XXXXXX.mobileconfig"));
    if (!out.open())
        return Error {QStringLiteral("cannot make a temporary file")};
    QStringList args {QStringLiteral("-d"), m_dataDir, QStringLiteral("enrollment"), QStringLiteral("profile"),
        QStringLiteral("--out"), out.fileName(), QStringLiteral("--passphrase-file"), m_passphraseFile};
    if (signMessage)
        args << QStringLiteral("--sign-message");
    if (unsignedProfile)
        args << QStringLiteral("--unsigned");
    QProcess quincectl;
    quincectl.setStandardInputFile(QProcess::nullDevice());
    quincectl.start(quincectlBinary, args);
    if (!quincectl.waitForFinished(60000) || quincectl.exitStatus() != QProcess::NormalExit
        || quincectl.exitCode() != 0)
        return Error {QStringLiteral("quincectl enrollment profile failed: ")
            + QString::fromUtf8(quincectl.readAllStandardError())};
    // Read by name: the writer may have replaced the file rather than written into it.
    QFile written(out.fileName());
    if (!written.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("quincectl wrote no profile")};
    return written.readAll();
}

Status QuincedProcess::stop()
{
    if (!isRunning())
        return {};
    ::kill(static_cast<pid_t>(m_pid), SIGTERM);
    if (!m_process.waitForFinished(30000)) {
        kill9();
        return Error {QStringLiteral("quinced did not stop on SIGTERM")};
    }
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0)
        return Error {QStringLiteral("quinced exited with %1").arg(m_process.exitCode())};
    return {};
}

void QuincedProcess::kill9()
{
    if (!isRunning())
        return;
    ::kill(static_cast<pid_t>(m_pid), SIGKILL);
    m_process.waitForFinished(30000);
}

bool QuincedProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

QString QuincedProcess::baseUrl() const
{
    return QStringLiteral("https://localhost:%1").arg(m_port);
}

QString QuincedProcess::databasePath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("quince.sqlite3"));
}

QByteArray QuincedProcess::log() const
{
    QFile file(m_logFile);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::optional<double> QuincedProcess::cpuTimeMs() const
{
    if (!isRunning())
        return std::nullopt;
    return processCpuTimeMs(m_pid);
}

std::optional<double> processCpuTimeMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.readAll();
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
    if (fields.size() < 13)
        return std::nullopt;
    const double ticks = static_cast<double>(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace quince::devsim

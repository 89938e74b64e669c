// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QProcess>
#include <QString>

#include <optional>

namespace quince::devsim {

/// A real quinced process on 127.0.0.1 for tests and benchmarks: started on a data directory
/// with a passphrase file, its log written to a file (a full pipe would stall the server), and
/// stopped by SIGTERM or killed with SIGKILL.
class QuincedProcess {
public:
    /// Writes passphraseFile (owner-only) when it does not exist.
    QuincedProcess(QString binary, QString dataDir, QString passphraseFile);
    ~QuincedProcess();
    QuincedProcess(const QuincedProcess&) = delete;
    QuincedProcess& operator=(const QuincedProcess&) = delete;

    /// Starts quinced listening on 127.0.0.1:port (0: a free port, found first so that the
    /// settings, and so the profiles, name the real one; give the previous port to restart where
    /// the devices' profiles point) for the host name "localhost", and waits until it serves
    /// (first start: the CA keys and scrypt take seconds).
    Status start(quint16 port = 0, int timeoutMs = 120000);
    /// `quincectl enrollment profile` on this data directory: the .mobileconfig bytes (signed
    /// unless unsignedProfile; SignMessage when signMessage).
    Result<QByteArray> enrollmentProfile(
        const QString& quincectlBinary, bool signMessage = false, bool unsignedProfile = false) const;

    /// SIGTERM and wait: fails unless it exits 0.
    Status stop();
    /// SIGKILL: no shutdown code runs.
    void kill9();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    QString baseUrl() const;
    QString dataDir() const { return m_dataDir; }
    QString databasePath() const;
    /// Everything quinced wrote to stderr, over all its runs.
    QByteArray log() const;

    /// User + system CPU time of the running process so far, in milliseconds (from
    /// /proc/<pid>/stat: its own resource use, not the client's on the same cores).
    std::optional<double> cpuTimeMs() const;

private:
    QString m_binary;
    QString m_dataDir;
    QString m_passphraseFile;
    QString m_logFile;
    QProcess m_process;
    quint16 m_port = 0;
    qint64 m_pid = 0;
};

/// User + system CPU time of process pid so far, in milliseconds (/proc/<pid>/stat); nothing
/// when it cannot be read.
std::optional<double> processCpuTimeMs(qint64 pid);

} // namespace quince::devsim

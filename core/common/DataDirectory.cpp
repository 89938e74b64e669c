// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/common/DataDirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace quince {

namespace {
const auto kLockFileName = QStringLiteral("quince.lock");
const auto kDatabaseFileName = QStringLiteral("quince.sqlite3");
} // namespace

DataDirectory::DataDirectory(const QString& path) : m_path(path), m_lock(QDir(path).filePath(kLockFileName))
{
    // Never treat a lock as stale because of its age: a server may run for months. A lock
    // whose process is gone (crash, kill -9) is still recognised and taken over by QLockFile.
    m_lock.setStaleLockTime(0);
}

DataDirectory::~DataDirectory() = default;

Result<std::unique_ptr<DataDirectory>, DataDirectory::OpenError> DataDirectory::open(const QString& path)
{
    if (path.isEmpty())
        return OpenError {ErrorKind::CannotCreate, QObject::tr("No data directory was given."), 0};

    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(absolute);
    if (info.exists() && !info.isDir())
        return OpenError {ErrorKind::NotADirectory,
            QObject::tr("%1 exists but is not a directory.").arg(QDir::toNativeSeparators(absolute)), 0};
    if (!info.exists()) {
        if (!QDir().mkpath(absolute))
            return OpenError {ErrorKind::CannotCreate,
                QObject::tr("Cannot create the data directory %1.").arg(QDir::toNativeSeparators(absolute)), 0};
        // The folder holds the database and keys (sealed, but still): owner-only.
        QFile::setPermissions(absolute, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (!QFileInfo(absolute).isWritable())
        return OpenError {ErrorKind::NotWritable,
            QObject::tr("The data directory %1 is not writable.").arg(QDir::toNativeSeparators(absolute)), 0};

    std::unique_ptr<DataDirectory> dir(new DataDirectory(absolute));
    if (!dir->m_lock.tryLock(0)) {
        if (dir->m_lock.error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host;
            QString app;
            dir->m_lock.getLockInfo(&pid, &host, &app);
            return OpenError {ErrorKind::Locked,
                QObject::tr("The data directory %1 is in use by %2 (process %3 on %4).")
                    .arg(QDir::toNativeSeparators(absolute), app.isEmpty() ? QObject::tr("another program") : app,
                        QString::number(pid), host.isEmpty() ? QObject::tr("this computer") : host),
                pid};
        }
        return OpenError {ErrorKind::LockFailed,
            QObject::tr("Cannot create the lock file in %1.").arg(QDir::toNativeSeparators(absolute)), 0};
    }
    return dir;
}

std::optional<DataDirectory::LockOwner> DataDirectory::lockOwner(const QString& path)
{
    QLockFile probe(QDir(path).filePath(kLockFileName));
    probe.setStaleLockTime(0); // as in the constructor: age alone never makes a lock stale
    LockOwner owner;
    if (!probe.getLockInfo(&owner.pid, &owner.hostName, &owner.application))
        return std::nullopt;
    // A lock file left by a process that died is not an owner. Taking the lock is the one
    // reliable way to tell; release it at once (probe's destructor).
    if (probe.tryLock(0))
        return std::nullopt;
    return owner;
}

QString DataDirectory::defaultPath()
{
    // Not AppDataLocation: that depends on organisation/application names set by each
    // executable, and the console, quinced and quincectl must agree on one folder.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("Quince"));
}

QString DataDirectory::filePath(const QString& name) const
{
    return QDir(m_path).filePath(name);
}

QString DataDirectory::databasePath() const
{
    return filePath(kDatabaseFileName);
}

QString DataDirectory::lockFilePath() const
{
    return filePath(kLockFileName);
}

} // namespace quince

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QLockFile>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace quince {

/// The folder that holds one Quince installation's state: the database, and a lock file so
/// that two servers never own the same folder at once. Owning a DataDirectory object means
/// holding the lock; it is released when the object is destroyed (or the process dies: a lock
/// left by a dead process is recognised and taken over).
class DataDirectory {
public:
    enum class ErrorKind { CannotCreate, NotADirectory, NotWritable, Locked, LockFailed };
    struct OpenError {
        ErrorKind kind;
        QString message;
        qint64 ownerPid = 0; ///< for Locked: the process that holds the folder
    };

    /// Creates the folder if needed (owner-only permissions) and takes its lock.
    static Result<std::unique_ptr<DataDirectory>, OpenError> open(const QString& path);

    /// Who holds the lock of the folder at path, without taking it (for status tools).
    struct LockOwner {
        qint64 pid = 0;
        QString hostName;
        QString application;
    };
    static std::optional<LockOwner> lockOwner(const QString& path);

    /// The platform's per-user application data folder for Quince.
    static QString defaultPath();

    ~DataDirectory();
    DataDirectory(const DataDirectory&) = delete;
    DataDirectory& operator=(const DataDirectory&) = delete;

    QString path() const { return m_path; }
    QString filePath(const QString& name) const;
    QString databasePath() const;
    QString lockFilePath() const;

private:
    explicit DataDirectory(const QString& path);

    QString m_path;
    QLockFile m_lock;
};

} // namespace quince

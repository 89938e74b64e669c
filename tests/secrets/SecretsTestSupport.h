// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/secrets/MasterKey.h"
#include "core/secrets/Scrypt.h"
#include "core/secrets/SecretError.h"

#include <QFile>
#include <QString>
#include <QTest>

#include <sys/stat.h>

namespace quince::secrets::test {

/// Cheap scrypt for tests that create many key files (the floor MasterKeyFile accepts).
inline ScryptParameters fastScrypt()
{
    return ScryptParameters {quint64(1) << 10, 8, 1};
}

inline MasterKey freshKey()
{
    auto key = MasterKey::generate();
    if (!key)
        qFatal("MasterKey::generate failed: %s", qPrintable(key.error().toString()));
    return std::move(key).value();
}

/// Writes bytes to path with the given mode (chmod after writing, whatever the umask).
inline bool writeFile(const QString& path, const QByteArray& bytes, mode_t mode = 0600)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

inline QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline mode_t fileMode(const QString& path)
{
    struct stat info { };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

/// "kind: message" of a failed result, for QVERIFY2 messages.
template <typename R> QString describe(const R& result)
{
    return result.ok() ? QStringLiteral("ok") : result.error().toString();
}

} // namespace quince::secrets::test

Q_DECLARE_METATYPE(quince::secrets::SecretErrorKind)

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the certificate authority, PKCS#12 and inventory tests: the real openssl command,
// a test KeySealer, and a started StorageWorker on a database in a temporary directory.

#include "core/pki/KeySealer.h"
#include "core/pki/PkiError.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QMutex>
#include <QMutexLocker>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <atomic>
#include <memory>

#include "tests/support/TestSupport.h"

namespace quince::pki::test {

template <typename T> QByteArray why(const Result<T, PkiError>& result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

using quince::test::opensslPath;
using quince::test::Outcome;
using quince::test::readFile;
using quince::test::run;
using quince::test::writeFile;

inline Outcome openssl(const QStringList& arguments, const QString& workingDirectory = {}, const QByteArray& input = {})
{
    return run(opensslPath(), arguments, workingDirectory, input);
}

/// A date as openssl prints it ("Mar  1 12:00:00 2025 GMT"), in UTC.
inline QDateTime parseOpensslDate(const QByteArray& text)
{
    QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(text).simplified(), QStringLiteral("MMM d HH:mm:ss yyyy 'GMT'"));
    when.setTimeSpec(Qt::UTC); // the fields are GMT
    return when;
}

/// The value after "<label>" on the first line of text that holds it, trimmed.
inline QByteArray valueAfter(const QByteArray& text, const QByteArray& label)
{
    for (const QByteArray& line : text.split('\n')) {
        const qsizetype at = line.indexOf(label);
        if (at >= 0)
            return line.mid(at + label.size()).trimmed();
    }
    return {};
}

/// A KeySealer for tests: a SHA-256 counter-mode keystream under a random per-process key and
/// a random nonce, with a context digest that open() checks. Not a production cipher (no
/// integrity beyond the context check); the tests only need "not plaintext, context-bound".
class TestSealer : public KeySealer {
public:
    TestSealer() : m_key(32, Qt::Uninitialized)
    {
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_key.data()), 8);
    }

    Result<QByteArray> seal(const QByteArray& plaintext, const QString& context) const override
    {
        ++m_sealCount;
        QByteArray nonce(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(nonce.data()), 4);
        const QByteArray ciphertext = crypt(plaintext, nonce);
        return QByteArray(QByteArray("TST1") + nonce + contextTag(context) + tag(nonce, ciphertext) + ciphertext);
    }

    Result<QByteArray> open(const QByteArray& sealed, const QString& context) const override
    {
        ++m_openCount;
        {
            QMutexLocker lock(&m_mutex);
            m_openedContexts.append(context);
        }
        if (sealed.size() < 4 + 16 + 8 + 8 || !sealed.startsWith("TST1"))
            return Error {QStringLiteral("not sealed")};
        if (sealed.mid(20, 8) != contextTag(context))
            return Error {QStringLiteral("wrong context")};
        const QByteArray nonce = sealed.mid(4, 16);
        const QByteArray ciphertext = sealed.mid(36);
        if (sealed.mid(28, 8) != tag(nonce, ciphertext))
            return Error {QStringLiteral("wrong key or tampered")};
        return crypt(ciphertext, nonce);
    }

    int sealCount() const { return m_sealCount; }
    int openCount() const { return m_openCount; }
    /// The contexts open() was asked for, in order; reset with clearOpened().
    QStringList openedContexts() const
    {
        QMutexLocker lock(&m_mutex);
        return m_openedContexts;
    }
    void clearOpened()
    {
        QMutexLocker lock(&m_mutex);
        m_openedContexts.clear();
    }

private:
    static QByteArray contextTag(const QString& context)
    {
        return QCryptographicHash::hash(context.toUtf8(), QCryptographicHash::Sha256).left(8);
    }

    QByteArray tag(const QByteArray& nonce, const QByteArray& ciphertext) const
    {
        return QCryptographicHash::hash(QByteArray("tag" + m_key + nonce + ciphertext), QCryptographicHash::Sha256)
            .left(8);
    }

    QByteArray crypt(const QByteArray& input, const QByteArray& nonce) const
    {
        QByteArray output = input;
        QByteArray block;
        for (qsizetype i = 0; i < output.size(); ++i) {
            if (i % 32 == 0)
                block = QCryptographicHash::hash(
                    QByteArray(m_key + nonce + QByteArray::number(i / 32)), QCryptographicHash::Sha256);
            output[i] = static_cast<char>(output.at(i) ^ block.at(i % 32));
        }
        return output;
    }

    QByteArray m_key;
    mutable std::atomic<int> m_sealCount {0};
    mutable std::atomic<int> m_openCount {0};
    mutable QMutex m_mutex;
    mutable QStringList m_openedContexts;
};

/// A StorageWorker writing to dir/quince.sqlite3.
inline std::unique_ptr<storage::StorageWorker> startWorker(const QString& dir, QString* failure = nullptr)
{
    auto worker = std::make_unique<storage::StorageWorker>();
    const storage::StorageStatus started = worker->start(QDir(dir).filePath(storage::Database::databaseFileName()));
    if (!started) {
        if (failure)
            *failure = started.error().toString();
        return nullptr;
    }
    return worker;
}

} // namespace quince::pki::test

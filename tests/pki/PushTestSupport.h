// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the push certificate and vendor CSR tests: files, the real openssl command, and a
// test KeySealer (the production one adapts the SecretStore).

#include "core/pki/KeySealer.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include "tests/support/TestSupport.h"

namespace quince::pki::pushtest {

using quince::test::readFile;
using quince::test::writeFile;

/// One run of a program: whether it exited 0, and what it printed.
struct Run {
    bool ok = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const { return QString::fromUtf8(err.isEmpty() ? out : err); }
};

inline Run runProgram(const QString& program, const QStringList& arguments, const QString& workingDirectory = {})
{
    Run run;
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = "did not finish: " + program.toUtf8() + ' ' + arguments.join(u' ').toUtf8();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.ok = run.exitCode == 0;
    return run;
}

inline QString openSslProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

inline Run openSsl(const QStringList& arguments, const QString& workingDirectory)
{
    return runProgram(openSslProgram(), arguments, workingDirectory);
}

/// A stand-in for the SecretStore: a keystream derived from the context hides the plaintext (so
/// the database grep test is meaningful), and a tag over context and plaintext makes a wrong
/// context fail as the real store does. Not cryptography: tests only.
class TestSealer : public KeySealer {
public:
    Result<QByteArray> seal(const QByteArray& plaintext, const QString& context) const override
    {
        ++m_sealCount;
        return QByteArray(QByteArray("TSEAL") + tag(plaintext, context) + transform(plaintext, context));
    }

    Result<QByteArray> open(const QByteArray& sealed, const QString& context) const override
    {
        if (!sealed.startsWith("TSEAL") || sealed.size() < 5 + 8)
            return Error {QStringLiteral("not a test-sealed value")};
        const QByteArray plaintext = transform(sealed.mid(13), context);
        if (tag(plaintext, context) != sealed.mid(5, 8))
            return Error {QStringLiteral("wrong context or tampered")};
        return plaintext;
    }

    int sealCount() const { return m_sealCount; }

private:
    static QByteArray tag(const QByteArray& plaintext, const QString& context)
    {
        return QCryptographicHash::hash(QByteArray(context.toUtf8() + '\0' + plaintext), QCryptographicHash::Sha256)
            .left(8);
    }

    static QByteArray transform(const QByteArray& bytes, const QString& context)
    {
        QByteArray result = bytes;
        QByteArray block;
        for (qsizetype i = 0; i < result.size(); ++i) {
            if (i % 32 == 0)
                block = QCryptographicHash::hash(
                    QByteArray(context.toUtf8() + QByteArray::number(i / 32)), QCryptographicHash::Sha256);
            result[i] = static_cast<char>(result[i] ^ block[i % 32]);
        }
        return result;
    }

    mutable int m_sealCount = 0;
};

} // namespace quince::pki::pushtest

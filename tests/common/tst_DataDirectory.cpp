// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/common/DataDirectory.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>

using quince::DataDirectory;

// Re-executed as a child with "--hold-lock DIR": takes the lock, says so, and waits to be killed.
static int holdLockAndWait(const QString& path)
{
    auto dir = DataDirectory::open(path);
    if (!dir) {
        std::fprintf(stdout, "failed: %s\n", qPrintable(dir.error().message));
        return 1;
    }
    std::fprintf(stdout, "locked\n");
    std::fflush(stdout);
    QThread::sleep(60);
    return 0;
}

class TestDataDirectory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createsFolderWithOwnerOnlyPermissions()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("a/b/data"));
        auto dir = DataDirectory::open(path);
        QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error().message));
        QVERIFY(QFileInfo(path).isDir());
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
            QFileDevice::Permissions());
        QCOMPARE((*dir)->databasePath(), QFileInfo(path).absoluteFilePath() + QStringLiteral("/quince.sqlite3"));
        QVERIFY(QFile::exists((*dir)->lockFilePath()));
    }

    void refusesAFile()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("plainfile"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto dir = DataDirectory::open(path);
        QVERIFY(!dir.ok());
        QCOMPARE(dir.error().kind, DataDirectory::ErrorKind::NotADirectory);
    }

    void noOwnerWithoutALock()
    {
        QTemporaryDir tmp;
        QVERIFY(!DataDirectory::lockOwner(tmp.path()).has_value());
    }

    void lockIsReleasedOnDestruction()
    {
        QTemporaryDir tmp;
        {
            auto first = DataDirectory::open(tmp.path());
            QVERIFY(first.ok());
        }
        auto second = DataDirectory::open(tmp.path());
        QVERIFY(second.ok());
    }

    void secondProcessIsRefusedAndCrashedOwnerIsTakenOver()
    {
        QTemporaryDir tmp;
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({QStringLiteral("--hold-lock"), tmp.path()});
        child.start();
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(10000));
        QCOMPARE(child.readLine().trimmed(), QByteArray("locked"));

        // A server runs for months: the age of its lock must never make it look stale.
        {
            QFile lockFile(tmp.filePath(QStringLiteral("quince.lock")));
            QVERIFY(lockFile.open(QIODevice::ReadWrite));
            QVERIFY(lockFile.setFileTime(QDateTime::currentDateTime().addDays(-30), QFileDevice::FileModificationTime));
        }
        const auto owner = DataDirectory::lockOwner(tmp.path());
        QVERIFY(owner.has_value());
        QCOMPARE(owner->pid, child.processId());

        auto refused = DataDirectory::open(tmp.path());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, DataDirectory::ErrorKind::Locked);
        QCOMPARE(refused.error().ownerPid, child.processId());
        QVERIFY2(
            refused.error().message.contains(QString::number(child.processId())), qPrintable(refused.error().message));

        // kill -9 leaves the lock file behind; the next owner must recognise it as stale.
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("quince.lock"))));
        QVERIFY(!DataDirectory::lockOwner(tmp.path()).has_value());
        auto taken = DataDirectory::open(tmp.path());
        QVERIFY2(taken.ok(), qPrintable(taken.ok() ? QString() : taken.error().message));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == QStringLiteral("--hold-lock"))
        return holdLockAndWait(args.at(2));
    TestDataDirectory test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_DataDirectory.moc"

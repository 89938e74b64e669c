// SPDX-License-Identifier: GPL-3.0-or-later
// Durability: a writer process killed with SIGKILL in the middle of a stream of commits loses
// nothing it acknowledged, and the file it leaves behind passes integrity_check.

#include "StorageTestSupport.h"

#include "core/storage/Database.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::storage;
using namespace quince::storage::test;

class TestDurability : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void killedWriterLosesNoAcknowledgedRow_data();
    void killedWriterLosesNoAcknowledgedRow();
};

void TestDurability::killedWriterLosesNoAcknowledgedRow_data()
{
    // Kills at different moments: early (WAL barely used) and later (after auto-checkpoints).
    QTest::addColumn<int>("acksBeforeKill");
    QTest::newRow("after 20") << 20;
    QTest::newRow("after 300") << 300;
    QTest::newRow("after 1200") << 1200;
}

void TestDurability::killedWriterLosesNoAcknowledgedRow()
{
    QFETCH(int, acksBeforeKill);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(Database::databaseFileName());

    QProcess child;
    child.setProgram(QStringLiteral(QUINCE_CRASH_WRITER));
    child.setArguments({path});
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start();
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (output.count('\n') < acksBeforeKill + 1 && timer.elapsed() < 60000) {
        if (child.state() != QProcess::Running)
            QFAIL("the writer stopped on its own");
        child.waitForReadyRead(100);
        output += child.readAllStandardOutput();
    }
    child.kill(); // SIGKILL: no destructors, no close, no checkpoint
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    output += child.readAllStandardOutput();

    // Only complete lines are acknowledgements; a half-printed number was not.
    QList<QByteArray> lines = output.split('\n');
    lines.removeLast();
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.takeFirst(), QByteArray("ready"));
    QVERIFY2(lines.size() >= acksBeforeKill, qPrintable(QString::number(lines.size())));

    Result<Database, StorageError> db = Database::openWriter(path);
    QVERIFY2(db.ok(), db ? "" : qPrintable(db.error().toString()));
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_key_check")), QVariant());

    const QStringList devices = column(*db, QStringLiteral("SELECT udid FROM devices"));
    const QStringList audited = column(*db, QStringLiteral("SELECT target_id FROM audit_log"));
    const QSet<QString> deviceSet(devices.cbegin(), devices.cend());
    for (const QByteArray& line : lines) {
        const QString udid = QStringLiteral("acked-") + QString::fromLatin1(line);
        QVERIFY2(deviceSet.contains(udid), qPrintable(udid + QStringLiteral(" was acknowledged but is lost")));
    }
    // Every transaction is all or nothing: both tables hold the same writes, in sequence.
    QCOMPARE(audited.size(), devices.size());
    QVERIFY(devices.size() >= lines.size());
    QVERIFY(devices.size() <= lines.size() + 1); // at most the one in flight at the kill
    qInfo("acknowledged %lld, found %lld", qlonglong(lines.size()), qlonglong(devices.size()));
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_Durability.moc"

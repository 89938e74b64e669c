// SPDX-License-Identifier: GPL-3.0-or-later
// quinced pushing through the stand-in APNs as an operator runs it: --apns-url/--apns-ca, the
// push certificate imported by quincectl while quinced runs, a command queued by quincectl in
// another process, an operator push, and the history read back with quincectl.
#include "core/storage/Database.h"
#include "tests/apns/ApnsTestServer.h"
#include "tests/apns/ApnsTestSupport.h"
#include "tests/support/TestSupport.h"

#include "ApnsAppPaths.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace quince;
using namespace quince::apnstest;
using storage::Database;

class TestQuincedPush : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void quincedPushesWhatQuincectlQueues();

private:
    test::Outcome ctl(const QStringList& args) const
    {
        return test::run(QStringLiteral(QUINCECTL_BIN), QStringList {QStringLiteral("--data-dir"), m_dataDir} + args);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QProcess m_server;
};

void TestQuincedPush::cleanup()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished();
    }
    m_dir.reset();
}

void TestQuincedPush::quincedPushesWhatQuincectlQueues()
{
    if (opensslProgram().isEmpty())
        QSKIP("the openssl command is needed to make the test certificates");
    m_dir = std::make_unique<QTemporaryDir>();
    m_dataDir = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(m_dataDir));
    const QString pkiDir = m_dir->filePath(QStringLiteral("pki"));
    QVERIFY(QDir().mkpath(pkiDir));
    ApnsTestPki pki(pkiDir);
    const QString failed = pki.create();
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString topic = ApnsTestPki::randomTopic();
    const QString pushFile = pki.issuePush(topic, QStringLiteral("push"));
    QVERIFY(!pushFile.isEmpty());
    ApnsTestServer apns(pki.serverCertificate(), pki.serverKey(), pki.appleCa());
    QVERIFY2(apns.start(), qPrintable(apns.error()));

    const QString passphraseFile = m_dir->filePath(QStringLiteral("passphrase"));
    QVERIFY(test::writeFile(passphraseFile, QByteArrayLiteral("a long office passphrase\n")));
    QVERIFY(QFile::setPermissions(passphraseFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    m_server.setStandardInputFile(QProcess::nullDevice());
    m_server.start(QStringLiteral(QUINCED_BIN),
        {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"), passphraseFile,
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--host"),
            QStringLiteral("localhost"), QStringLiteral("--apns-url"), apns.url(), QStringLiteral("--apns-ca"),
            pki.serverCaPath()});
    QVERIFY(m_server.waitForStarted());
    QByteArray log;
    QElapsedTimer timer;
    timer.start();
    const QRegularExpression serving(QStringLiteral("at https://localhost:(\\d+)"));
    while (timer.elapsed() < 90000 && m_server.state() == QProcess::Running
        && !serving.match(QString::fromUtf8(log)).hasMatch()) {
        m_server.waitForReadyRead(200);
        log += m_server.readAllStandardError();
    }
    QVERIFY2(serving.match(QString::fromUtf8(log)).hasMatch(), log.constData());

    // The options became settings.
    const test::Outcome status = ctl({QStringLiteral("push"), QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(status.ok(), status.both().constData());
    QCOMPARE(QJsonDocument::fromJson(status.out).object().value(QStringLiteral("endpoint")).toString(), apns.url());

    // A device as its TokenUpdate leaves it.
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY2(db, db ? "" : qPrintable(db.error().toString()));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                        "VALUES ('UDID-1', 'enrolled', 0, 0)")));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, topic, push_token, "
                                        "push_magic, status, token_updated_at, last_seen_at, created_at, updated_at) "
                                        "SELECT id, 'device', '', ?, ?, 'MAGIC-1', 'active', 1, ?, 0, 0 FROM devices"),
            {topic, QByteArray::fromHex("aa11"), QDateTime::currentMSecsSinceEpoch()}));
    }

    // The push certificate arrives while quinced runs (quincectl, another process).
    const test::Outcome imported = ctl({QStringLiteral("push-cert"), QStringLiteral("import"), pushFile,
        QStringLiteral("--passphrase-file"), passphraseFile});
    QVERIFY2(imported.ok(), imported.both().constData());

    // A command queued by quincectl: quinced pushes the device.
    const test::Outcome sent = ctl({QStringLiteral("commands"), QStringLiteral("send"), QStringLiteral("DeviceLock"),
        QStringLiteral("--device"), QStringLiteral("UDID-1")});
    QVERIFY2(sent.ok(), sent.both().constData());
    QVERIFY2(apns.waitForRequests(1, 30000), log.constData());
    Received first = apns.received().value(0);
    QCOMPARE(first.path, QByteArray("/3/device/aa11"));
    QCOMPARE(first.headers.value("apns-topic"), topic.toUtf8());
    QCOMPARE(first.clientTopic, topic);
    QCOMPARE(QJsonDocument::fromJson(first.body).object().value(QStringLiteral("mdm")).toString(),
        QStringLiteral("MAGIC-1"));

    // The operator asks for a push.
    const test::Outcome pushed = ctl({QStringLiteral("push"), QStringLiteral("UDID-1")});
    QVERIFY2(pushed.ok(), pushed.both().constData());
    const test::Outcome unknown = ctl({QStringLiteral("push"), QStringLiteral("UDID-NONE")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.out.contains("no such enrolled device"));
    QVERIFY(apns.waitForRequests(2, 30000));
    QCOMPARE(apns.received().value(1).path, QByteArray("/3/device/aa11"));
    QCOMPARE(apns.connectionCount(), 1);

    // Both are in the device's history, with APNs' answer.
    QJsonArray history;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const test::Outcome shown = ctl({QStringLiteral("push"), QStringLiteral("history"),
                QStringLiteral("UDID-1"), QStringLiteral("--json")});
            history = QJsonDocument::fromJson(shown.out).object().value(QStringLiteral("history")).toArray();
            return history.size() == 2;
        },
        15000));
    QCOMPARE(history[0].toObject().value(QStringLiteral("trigger")).toString(), QStringLiteral("operator"));
    QCOMPARE(history[1].toObject().value(QStringLiteral("trigger")).toString(), QStringLiteral("command"));
    for (const QJsonValue& entry : history) {
        QCOMPARE(entry.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("accepted"));
        QCOMPARE(entry.toObject().value(QStringLiteral("httpStatus")).toInt(), 200);
        QVERIFY(!entry.toObject().value(QStringLiteral("apnsId")).toString().isEmpty());
    }
    const test::Outcome text = ctl({QStringLiteral("push"), QStringLiteral("history"), QStringLiteral("UDID-1")});
    QVERIFY2(text.ok(), text.both().constData());
    QVERIFY(text.out.contains("accepted"));

    // Nobody is inactive: an empty list, in the form other systems read.
    const test::Outcome inactive = ctl({QStringLiteral("push"), QStringLiteral("inactive"), QStringLiteral("--json")});
    QVERIFY2(inactive.ok(), inactive.both().constData());
    QVERIFY(QJsonDocument::fromJson(inactive.out).isArray());
    QCOMPARE(QJsonDocument::fromJson(inactive.out).array().size(), 0);
    const test::Outcome help = test::run(QStringLiteral(QUINCECTL_BIN), {QStringLiteral("--help")});
    QVERIFY(help.out.contains("push history UDID"));

    m_server.terminate();
    QVERIFY(m_server.waitForFinished(30000));
    QCOMPARE(m_server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestQuincedPush)
#include "tst_QuincedPush.moc"

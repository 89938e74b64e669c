// SPDX-License-Identifier: GPL-3.0-or-later
// `quincectl commands` as an operator runs it: the real executable on a real data directory,
// send / list / show / cancel with their text and JSON, one-line errors with a non-zero exit,
// and several concurrent sends while a real quinced serves the same directory.

#include "AppPaths.h"
#include "core/mdm/CommandQueue.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>

using namespace quince;
using storage::Database;

namespace {

const QRegularExpression kUuidLine(QStringLiteral("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\n$"));

const QByteArray kProfile
    = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>"
                        "<key>PayloadIdentifier</key><string>com.example.profile</string></dict></plist>\n");

// The rows check-ins leave: two enrolled devices with an active device channel (and a user
// channel on the first), and a third whose enrollment is checked out.
bool insertFleet(Database& db)
{
    const auto exec = [&db](const QString& sql) { return bool(db.exec(sql)); };
    return exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES "
                               "('UDID-1', 'enrolled', 0, 0), ('UDID-2', 'enrolled', 0, 0), "
                               "('UDID-3', 'unenrolled', 0, 0)"))
        && exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, status, created_at, updated_at) "
                               "SELECT id, 'device', '', CASE udid WHEN 'UDID-3' THEN 'checked_out' ELSE 'active' END, "
                               "0, 0 FROM devices"))
        && exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, status, created_at, updated_at) "
                               "SELECT id, 'user', 'USER-1', 'active', 0, 0 FROM devices WHERE udid = 'UDID-1'"));
}

QJsonObject jsonObject(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

class TestQuincectlCommands : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendListShowCancel();
    void sendReadsParameterFiles();
    void sendOnTheUserChannel();
    void failuresAreOneLine_data();
    void failuresAreOneLine();
    void concurrentSendsWhileQuincedServes();

private:
    test::Outcome ctl(const QStringList& args) const
    {
        return test::run(
            QStringLiteral(QUINCECTL_BIN), QStringList {QStringLiteral("--data-dir"), m_dataDir} + args, m_dir->path());
    }
    qint64 enrollmentOf(const QString& udid, const QString& channel = QStringLiteral("device"));

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QProcess m_server;
};

void TestQuincectlCommands::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_dataDir = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(m_dataDir));
}

void TestQuincectlCommands::cleanup()
{
    // A failed step must not leave its server holding the directory.
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished();
    }
    m_dir.reset();
}

qint64 TestQuincectlCommands::enrollmentOf(const QString& udid, const QString& channel)
{
    auto db = Database::openReader(QDir(m_dataDir).filePath(Database::databaseFileName()));
    if (!db)
        return -1;
    auto query = db->exec(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                         "WHERE d.udid = ? AND e.channel = ?"),
        {udid, channel});
    return query && query->next() ? query->value(0).toLongLong() : -1;
}

void TestQuincectlCommands::sendListShowCancel()
{
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY2(db, db ? "" : qPrintable(db.error().toString()));
        QVERIFY(insertFleet(*db));
    }

    // One command row for both devices: one CommandUUID.
    const test::Outcome sent = ctl({QStringLiteral("commands"), QStringLiteral("send"), QStringLiteral("DeviceLock"),
        QStringLiteral("--device"), QStringLiteral("UDID-1"), QStringLiteral("--device"), QStringLiteral("UDID-2"),
        QStringLiteral("--param"), QStringLiteral("Message=Return to IT")});
    QVERIFY2(sent.ok(), sent.both().constData());
    QVERIFY2(kUuidLine.match(QString::fromUtf8(sent.out)).hasMatch(), sent.out.constData());
    const QString uuid = QString::fromUtf8(sent.out).trimmed();

    const test::Outcome listed = ctl({QStringLiteral("commands"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(listed.ok(), listed.both().constData());
    const QJsonArray rows = jsonObject(listed.out).value(QStringLiteral("commands")).toArray();
    QCOMPARE(rows.size(), 2);
    QSet<QString> udids;
    for (const QJsonValue& row : rows) {
        QCOMPARE(row[QStringLiteral("commandUuid")].toString(), uuid);
        QCOMPARE(row[QStringLiteral("requestType")].toString(), QStringLiteral("DeviceLock"));
        QCOMPARE(row[QStringLiteral("state")].toString(), QStringLiteral("queued"));
        QCOMPARE(row[QStringLiteral("createdBy")].toString(), QStringLiteral("quincectl"));
        udids.insert(row[QStringLiteral("udid")].toString());
    }
    QCOMPARE(udids, (QSet<QString> {QStringLiteral("UDID-1"), QStringLiteral("UDID-2")}));

    // The device answers on its own enrollment: Acknowledged, with its raw response.
    const QByteArray response = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">"
                                                  "<dict><key>CommandUUID</key><string>")
        + uuid.toUtf8() + QByteArrayLiteral("</string><key>Status</key><string>Acknowledged</string></dict></plist>\n");
    const qint64 first = enrollmentOf(QStringLiteral("UDID-1"));
    QVERIFY(first > 0);
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY(db);
        mdm::CommandQueue queue(*db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto next = queue.next(first, {}, now);
        QVERIFY(next && next->has_value());
        QCOMPARE((*next)->commandUuid, uuid);
        auto recorded = queue.recordStatus(first, uuid, mdm::CommandStatus::Acknowledged, response, now);
        QVERIFY(recorded && *recorded == mdm::RecordOutcome::Recorded);
    }

    const test::Outcome onlyFirst = ctl({QStringLiteral("commands"), QStringLiteral("list"), QStringLiteral("--device"),
        QStringLiteral("UDID-1"), QStringLiteral("--json")});
    QVERIFY2(onlyFirst.ok(), onlyFirst.both().constData());
    const QJsonArray firstRows = jsonObject(onlyFirst.out).value(QStringLiteral("commands")).toArray();
    QCOMPARE(firstRows.size(), 1);
    QCOMPARE(firstRows.at(0)[QStringLiteral("state")].toString(), QStringLiteral("acknowledged"));
    const test::Outcome queuedOnly = ctl(
        {QStringLiteral("commands"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("queued")});
    QVERIFY2(queuedOnly.ok(), queuedOnly.both().constData());
    QVERIFY(queuedOnly.out.contains("UDID-2"));
    QVERIFY(!queuedOnly.out.contains("UDID-1"));
    QVERIFY(queuedOnly.out.contains("COMMAND UUID"));

    const test::Outcome shown
        = ctl({QStringLiteral("commands"), QStringLiteral("show"), uuid, QStringLiteral("--json")});
    QVERIFY2(shown.ok(), shown.both().constData());
    const QJsonObject details = jsonObject(shown.out);
    QCOMPARE(details.value(QStringLiteral("requestType")).toString(), QStringLiteral("DeviceLock"));
    const QString request = details.value(QStringLiteral("request")).toString();
    QVERIFY2(request.contains(QStringLiteral("<string>Return to IT</string>")), qPrintable(request));
    QVERIFY(request.contains(uuid));
    QCOMPARE(details.value(QStringLiteral("entries")).toArray().size(), 2);
    const QJsonArray results = details.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0)[QStringLiteral("status")].toString(), QStringLiteral("Acknowledged"));
    QCOMPARE(results.at(0)[QStringLiteral("udid")].toString(), QStringLiteral("UDID-1"));
    QCOMPARE(results.at(0)[QStringLiteral("response")].toString(), QString::fromUtf8(response));
    const test::Outcome shownText = ctl({QStringLiteral("commands"), QStringLiteral("show"), uuid});
    QVERIFY2(shownText.ok(), shownText.both().constData());
    QVERIFY(shownText.out.contains("Request:"));
    QVERIFY(shownText.out.contains("<key>Status</key><string>Acknowledged</string>"));

    // Cancel ends what is still open (UDID-2's entry), then there is nothing left.
    const test::Outcome canceled
        = ctl({QStringLiteral("commands"), QStringLiteral("cancel"), uuid, QStringLiteral("--json")});
    QVERIFY2(canceled.ok(), canceled.both().constData());
    QCOMPARE(jsonObject(canceled.out).value(QStringLiteral("canceled")).toInt(), 1);
    const test::Outcome again = ctl({QStringLiteral("commands"), QStringLiteral("cancel"), uuid});
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.err.count('\n'), 1);
    const test::Outcome after = ctl({QStringLiteral("commands"), QStringLiteral("list"), QStringLiteral("--state"),
        QStringLiteral("canceled"), QStringLiteral("--json")});
    QCOMPARE(jsonObject(after.out).value(QStringLiteral("commands")).toArray().size(), 1);

    // --json on send: the UUID and the targets.
    const test::Outcome sentJson
        = ctl({QStringLiteral("commands"), QStringLiteral("send"), QStringLiteral("SecurityInfo"),
            QStringLiteral("--device"), QStringLiteral("UDID-2"), QStringLiteral("--json")});
    QVERIFY2(sentJson.ok(), sentJson.both().constData());
    const QJsonObject sentObject = jsonObject(sentJson.out);
    QVERIFY(!sentObject.value(QStringLiteral("commandUuid")).toString().isEmpty());
    QCOMPARE(sentObject.value(QStringLiteral("targets")).toArray().at(0)[QStringLiteral("udid")].toString(),
        QStringLiteral("UDID-2"));
}

void TestQuincectlCommands::sendReadsParameterFiles()
{
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(insertFleet(*db));
    }
    QVERIFY(test::writeFile(m_dir->filePath(QStringLiteral("wifi.mobileconfig")), kProfile));
    // The path is relative to quincectl's working directory (the test's temporary folder).
    const test::Outcome sent = ctl({QStringLiteral("commands"), QStringLiteral("send"),
        QStringLiteral("InstallProfile"), QStringLiteral("--device"), QStringLiteral("UDID-1"),
        QStringLiteral("--param"), QStringLiteral("Payload=@wifi.mobileconfig")});
    QVERIFY2(sent.ok(), sent.both().constData());
    const test::Outcome shown = ctl({QStringLiteral("commands"), QStringLiteral("show"),
        QString::fromUtf8(sent.out).trimmed(), QStringLiteral("--json")});
    QVERIFY2(shown.ok(), shown.both().constData());
    QVERIFY(jsonObject(shown.out)
                .value(QStringLiteral("request"))
                .toString()
                .contains(QString::fromLatin1(kProfile.toBase64().left(40))));

    // Not a profile: refused before anything is queued, naming the key.
    QVERIFY(test::writeFile(m_dir->filePath(QStringLiteral("junk.mobileconfig")), QByteArrayLiteral("junk")));
    const test::Outcome junk = ctl({QStringLiteral("commands"), QStringLiteral("send"),
        QStringLiteral("InstallProfile"), QStringLiteral("--device"), QStringLiteral("UDID-1"),
        QStringLiteral("--param"), QStringLiteral("Payload=@junk.mobileconfig")});
    QVERIFY(!junk.ok());
    QVERIFY(junk.err.contains("Payload"));
}

void TestQuincectlCommands::sendOnTheUserChannel()
{
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(insertFleet(*db));
    }
    const test::Outcome sent = ctl({QStringLiteral("commands"), QStringLiteral("send"), QStringLiteral("ProfileList"),
        QStringLiteral("--device"), QStringLiteral("UDID-1"), QStringLiteral("--user"), QStringLiteral("USER-1"),
        QStringLiteral("--param"), QStringLiteral("ManagedOnly=true"), QStringLiteral("--json")});
    QVERIFY2(sent.ok(), sent.both().constData());
    QCOMPARE(qint64(jsonObject(sent.out)
                        .value(QStringLiteral("targets"))
                        .toArray()
                        .at(0)[QStringLiteral("enrollmentId")]
                        .toInteger()),
        enrollmentOf(QStringLiteral("UDID-1"), QStringLiteral("user")));
}

void TestQuincectlCommands::failuresAreOneLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const QString send = QStringLiteral("send");
    const QString device = QStringLiteral("--device");
    const QString param = QStringLiteral("--param");
    QTest::newRow("unknown device") << QStringList {send, QStringLiteral("DeviceLock"), device, QStringLiteral("NOPE")}
                                    << QStringLiteral("NOPE");
    QTest::newRow("one unknown among known") << QStringList {send, QStringLiteral("DeviceLock"), device,
        QStringLiteral("UDID-1"), device, QStringLiteral("NOPE")}
                                             << QStringLiteral("NOPE");
    QTest::newRow("checked out") << QStringList {send, QStringLiteral("DeviceLock"), device, QStringLiteral("UDID-3")}
                                 << QStringLiteral("UDID-3");
    QTest::newRow("unknown request type") << QStringList {send, QStringLiteral("MakeCoffee"), device,
        QStringLiteral("UDID-1")} << QStringLiteral("MakeCoffee");
    QTest::newRow("no device") << QStringList {send, QStringLiteral("DeviceLock")} << QStringLiteral("--device");
    QTest::newRow("bad parameter") << QStringList {send, QStringLiteral("EraseDevice"), device,
        QStringLiteral("UDID-1"), param, QStringLiteral("ObliterationBehavior=Sometimes")}
                                   << QStringLiteral("ObliterationBehavior");
    QTest::newRow("missing parameter") << QStringList {send, QStringLiteral("RemoveProfile"), device,
        QStringLiteral("UDID-1")} << QStringLiteral("Identifier");
    QTest::newRow("ClearPasscode") << QStringList {send, QStringLiteral("ClearPasscode"), device,
        QStringLiteral("UDID-1")} << QStringLiteral("approval");
    QTest::newRow("user channel not allowed") << QStringList {send, QStringLiteral("EraseDevice"), device,
        QStringLiteral("UDID-1"), QStringLiteral("--user"), QStringLiteral("USER-1")}
                                              << QStringLiteral("user channel");
    QTest::newRow("no such user channel") << QStringList {send, QStringLiteral("ProfileList"), device,
        QStringLiteral("UDID-2"), QStringLiteral("--user"), QStringLiteral("USER-1")}
                                          << QStringLiteral("USER-1");
    QTest::newRow("show unknown") << QStringList {QStringLiteral("show"), QStringLiteral("NOT-A-UUID")}
                                  << QStringLiteral("NOT-A-UUID");
    QTest::newRow("cancel unknown") << QStringList {QStringLiteral("cancel"), QStringLiteral("NOT-A-UUID")}
                                    << QStringLiteral("NOT-A-UUID");
    QTest::newRow("list unknown device") << QStringList {QStringLiteral("list"), device, QStringLiteral("NOPE")}
                                         << QStringLiteral("NOPE");
    QTest::newRow("list bad state") << QStringList {QStringLiteral("list"), QStringLiteral("--state"),
        QStringLiteral("lost")} << QStringLiteral("lost");
    QTest::newRow("unknown verb") << QStringList {QStringLiteral("frobnicate")} << QStringLiteral("frobnicate");
}

void TestQuincectlCommands::failuresAreOneLine()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(insertFleet(*db));
    }
    const test::Outcome outcome = ctl(QStringList {QStringLiteral("commands")} + args);
    QVERIFY2(outcome.exitCode > 0, outcome.both().constData());
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY2(outcome.err.contains(mentions.toUtf8()), outcome.err.constData());
    QVERIFY(outcome.out.isEmpty());

    // Nothing was queued by any of them.
    auto db = Database::openReader(QDir(m_dataDir).filePath(Database::databaseFileName()));
    QVERIFY(db);
    auto count = db->exec(QStringLiteral("SELECT COUNT(*) FROM commands"));
    QVERIFY(count && count->next());
    QCOMPARE(count->value(0).toInt(), 0);
}

void TestQuincectlCommands::concurrentSendsWhileQuincedServes()
{
    const QString passphraseFile = m_dir->filePath(QStringLiteral("passphrase"));
    QVERIFY(test::writeFile(passphraseFile, QByteArrayLiteral("a long office passphrase\n")));
    QVERIFY(QFile::setPermissions(passphraseFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    m_server.setStandardInputFile(QProcess::nullDevice());
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    m_server.start(QStringLiteral(QUINCED_BIN),
        {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"), passphraseFile,
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--host"),
            QStringLiteral("localhost")});
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

    // The fleet arrives while quinced holds its writer open, as check-ins would write it. The
    // senders start while this writer still holds its transaction (the write lock) for a moment:
    // they must wait on the busy timeout, not fail with "database is locked".
    constexpr int kSenders = 8;
    std::vector<std::unique_ptr<QProcess>> senders;
    {
        auto db = Database::openWriter(QDir(m_dataDir).filePath(Database::databaseFileName()));
        QVERIFY2(db, db ? "" : qPrintable(db.error().toString()));
        const storage::StorageStatus held = db->transact([&]() -> storage::StorageStatus {
            if (!insertFleet(*db))
                return storage::StorageError {storage::StorageErrorKind::JobFailed, QStringLiteral("fleet"), {}};
            for (int i = 0; i < kSenders; ++i) {
                auto process = std::make_unique<QProcess>();
                process->setStandardInputFile(QProcess::nullDevice());
                process->start(QStringLiteral(QUINCECTL_BIN),
                    {QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("commands"), QStringLiteral("send"),
                        QStringLiteral("DeviceInformation"), QStringLiteral("--device"), QStringLiteral("UDID-1"),
                        QStringLiteral("--device"), QStringLiteral("UDID-2"), QStringLiteral("--param"),
                        QStringLiteral("Queries=UDID"), QStringLiteral("--param"),
                        QStringLiteral("Queries=OSVersion")});
                senders.push_back(std::move(process));
            }
            for (const auto& process : senders)
                process->waitForStarted();
            QThread::msleep(500);
            return {};
        });
        QVERIFY2(held, held ? "" : qPrintable(held.error().toString()));
    }
    for (const auto& process : senders)
        process->waitForFinished(60000);
    QSet<QString> uuids;
    for (const auto& process : senders) {
        QCOMPARE(process->state(), QProcess::NotRunning);
        const QByteArray err = process->readAllStandardError();
        const QByteArray out = process->readAllStandardOutput();
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0, err.constData());
        QVERIFY2(!err.contains("locked"), err.constData());
        QVERIFY2(kUuidLine.match(QString::fromUtf8(out)).hasMatch(), out.constData());
        uuids.insert(QString::fromUtf8(out).trimmed());
    }
    QCOMPARE(uuids.size(), kSenders);

    const test::Outcome listed = ctl({QStringLiteral("commands"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(listed.ok(), listed.both().constData());
    QCOMPARE(jsonObject(listed.out).value(QStringLiteral("commands")).toArray().size(), 2 * kSenders);

    ::kill(static_cast<pid_t>(m_server.processId()), SIGTERM);
    QVERIFY(m_server.waitForFinished(30000));
    QCOMPARE(m_server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestQuincectlCommands)
#include "tst_QuincectlCommands.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory and the device lifecycle as devices drive them: check-ins through
// CheckInProcessor, command answers through ConnectProcessor, on a real SQLite file.

#include "InventoryTestSupport.h"

#include "core/inventory/DeviceInventory.h"
#include "core/inventory/DeviceLifecycle.h"
#include "core/mdm/CheckInProcessor.h"
#include "core/mdm/CommandQueue.h"
#include "core/mdm/ConnectProcessor.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"

#include <QFile>

using namespace quince;
using namespace quince::inventory;
using quince::test::acknowledged;
using quince::test::xml;

namespace {

const QString kTopic = QStringLiteral("com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9");
const QString kUdid = QStringLiteral("66ADE930-5FDF-5EC4-8429-15640684C489");
const QString kCert = QStringLiteral("aa00000000000000000000000000000000000000000000000000000000000001");
constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

plist::Dict checkIn(const QString& type)
{
    plist::Dict dict {
        {QStringLiteral("MessageType"), type}, {QStringLiteral("UDID"), kUdid}, {QStringLiteral("Topic"), kTopic}};
    if (type == QLatin1String("TokenUpdate")) {
        dict.insert(QStringLiteral("Token"), QByteArray(32, '\x42'));
        dict.insert(QStringLiteral("PushMagic"), QStringLiteral("MAGIC-1"));
    }
    return dict;
}

plist::Dict status(const QString& value, const QString& commandUuid = QString())
{
    plist::Dict dict {{QStringLiteral("Status"), value}, {QStringLiteral("UDID"), kUdid}};
    if (!commandUuid.isEmpty())
        dict.insert(QStringLiteral("CommandUUID"), commandUuid);
    return dict;
}

} // namespace

class TestLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void acknowledgedRealDeviceInformation();
    void acknowledgedAnswerAndInventoryTogether();
    void malformedAnswerIsStillAcknowledged();
    void errorStatusAppliesNothing();
    void hugeAnswerThroughTheListener();
    void inactiveSweepAndReturn();
    void idleWithNothingToDoCommitsNothing();
    void inactiveSettingParsed();
    void refuseNextOnCommandRequest();
    void refuseNextOnCheckIn();
    void refuseNeedsAKnownEnrolledDevice();
    void removeProfileNeedsTheIdentifier();
    void removeProfileQueuesTheCommand();

private:
    mdm::ConnectResult connect(const plist::Dict& dict);
    QString enqueue(const QString& requestType, const plist::Dict& parameters = {});
    qint64 enrollmentId() { return m_db.scalar(QStringLiteral("SELECT id FROM enrollments")).toLongLong(); }

    test::TestDatabase m_db;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::unique_ptr<mdm::CheckInProcessor> m_checkIn;
    std::unique_ptr<mdm::ConnectProcessor> m_connect;
};

void TestLifecycle::init()
{
    QVERIFY(m_db.open());
    auto key = secrets::MasterKey::generate();
    QVERIFY(key.ok());
    m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    m_checkIn = std::make_unique<mdm::CheckInProcessor>(m_db.worker(), *m_sealer, mdm::CheckInPolicy {kTopic, true});
    m_connect = std::make_unique<mdm::ConnectProcessor>(m_db.worker());
    m_db.scalar(
        QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                       "not_after, der, created_at) VALUES ('device_identity', 'active', 'CN=device', "
                       "'CN=Quince Device CA', '01', ?, 0, 1, ?, 0)"),
        {kCert, QByteArray("\x30\x00", 2)});
    QCOMPARE(m_checkIn->processAndWait(xml(checkIn(QStringLiteral("Authenticate"))), kCert).outcome,
        mdm::CheckInOutcome::Ok);
    QCOMPARE(
        m_checkIn->processAndWait(xml(checkIn(QStringLiteral("TokenUpdate"))), kCert).outcome, mdm::CheckInOutcome::Ok);
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("enrolled"));
}

void TestLifecycle::cleanup()
{
    m_connect.reset();
    m_checkIn.reset();
    m_db.close();
    m_sealer.reset();
}

mdm::ConnectResult TestLifecycle::connect(const plist::Dict& dict)
{
    QFuture<mdm::ConnectResult> future = m_connect->process(xml(dict), kCert, {});
    future.waitForFinished();
    return future.result();
}

QString TestLifecycle::enqueue(const QString& requestType, const plist::Dict& parameters)
{
    QString uuid;
    const qint64 enrollment = enrollmentId();
    const storage::StorageStatus status
        = m_db.worker().writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
              auto queued = mdm::CommandQueue(db).enqueue({enrollment}, requestType,
                  parameters.isEmpty() ? QByteArray() : xml(parameters), {}, QDateTime::currentDateTimeUtc());
              if (!queued)
                  return queued.error();
              uuid = *queued;
              return {};
          });
    if (!status)
        qWarning("%s", qPrintable(status.error().toString()));
    return uuid;
}

void TestLifecycle::acknowledgedRealDeviceInformation()
{
    const QString path = test::sharedFixture(QStringLiteral("DeviceInformation.1.plist"));
    if (!QFile::exists(path))
        QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    plist::Value capture = plist::decode(file.readAll()).value();
    const QString uuid = enqueue(QStringLiteral("DeviceInformation"),
        plist::Dict {{QStringLiteral("Queries"), plist::Array {QStringLiteral("HostName"), QStringLiteral("UDID")}}});
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    // The capture answered another command: only its CommandUUID is ours.
    capture.asDict()->insert(QStringLiteral("CommandUUID"), uuid);
    QCOMPARE(connect(capture.toDict()).status, 200);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value FROM device_facts WHERE name = 'HostName'")).toString(),
        QStringLiteral("fruit.example.com"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT state FROM command_queue")).toString(), QStringLiteral("acknowledged"));
}

void TestLifecycle::acknowledgedAnswerAndInventoryTogether()
{
    const QString uuid = enqueue(QStringLiteral("InstalledApplicationList"));
    const mdm::ConnectResult handed = connect(status(QStringLiteral("Idle")));
    QCOMPARE(handed.status, 200);
    QVERIFY(handed.body.contains(uuid.toUtf8()));
    const plist::Array apps {plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.notes")},
                                 {QStringLiteral("Name"), QStringLiteral("Notes")}},
        plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.maps")},
            {QStringLiteral("Name"), QStringLiteral("Maps")}}};
    const mdm::ConnectResult answered
        = connect(acknowledged(kUdid, uuid, QStringLiteral("InstalledApplicationList"), apps));
    QCOMPARE(answered.status, 200);
    QVERIFY(answered.body.isEmpty());
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM device_applications")).toInt(), 2);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT enrollment_id FROM device_applications LIMIT 1")).toLongLong(),
        enrollmentId());

    // Devices may repeat a status: the repeat changes nothing, not even the report time.
    const QVariant appliedAt = m_db.scalar(
        QStringLiteral("SELECT applied_at FROM inventory_reports WHERE request_type = 'InstalledApplicationList'"));
    QTest::qWait(5);
    QCOMPARE(
        connect(acknowledged(kUdid, uuid, QStringLiteral("InstalledApplicationList"), plist::Array {})).status, 200);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM device_applications")).toInt(), 2);
    QCOMPARE(m_db.scalar(QStringLiteral(
                 "SELECT applied_at FROM inventory_reports WHERE request_type = 'InstalledApplicationList'")),
        appliedAt);

    auto details = [&] {
        std::optional<DeviceDetails> found;
        m_db.run([&](storage::Database& db) -> storage::StorageStatus {
            auto shown = DeviceInventory::show(db, kUdid);
            if (!shown)
                return shown.error();
            found = *shown;
            return {};
        });
        return found;
    }();
    QVERIFY(details.has_value());
    QCOMPARE(details->applications.size(), 2);
    QCOMPARE(details->enrollments.size(), 1);
    QCOMPARE(details->reports.size(), 1);
    QVERIFY(!details->enrollments.first().contains(QStringLiteral("push_token")));
}

void TestLifecycle::malformedAnswerIsStillAcknowledged()
{
    const QString uuid = enqueue(QStringLiteral("DeviceInformation"));
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    const mdm::ConnectResult answered = connect(acknowledged(kUdid, uuid, QStringLiteral("QueryResponses"),
        plist::Dict {{QStringLiteral("OSVersion"), 17}, {QStringLiteral("DeviceName"), QStringLiteral("x")}}));
    // The device did execute the command: it is dequeued, and the answer recorded as malformed.
    QCOMPARE(answered.status, 200);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT state FROM command_queue")).toString(), QStringLiteral("acknowledged"));
    QVERIFY(m_db.scalar(QStringLiteral("SELECT error FROM inventory_reports"))
                .toString()
                .contains(QStringLiteral("OSVersion must be String")));
    QVERIFY(m_db.scalar(QStringLiteral("SELECT device_name FROM devices")).isNull());
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM device_facts")).toInt(), 0);
}

void TestLifecycle::errorStatusAppliesNothing()
{
    const QString uuid = enqueue(QStringLiteral("DeviceInformation"));
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    plist::Dict answer = acknowledged(kUdid, uuid, QStringLiteral("QueryResponses"),
        plist::Dict {{QStringLiteral("DeviceName"), QStringLiteral("should not be stored")}});
    answer.insert(QStringLiteral("Status"), QStringLiteral("Error"));
    QCOMPARE(connect(answer).status, 200);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT state FROM command_queue")).toString(), QStringLiteral("error"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM inventory_reports")).toInt(), 0);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT device_name FROM devices")).isNull());
}

void TestLifecycle::hugeAnswerThroughTheListener()
{
    const QString uuid = enqueue(QStringLiteral("InstalledApplicationList"));
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    plist::Array apps;
    for (int i = 0; i < 10'001; ++i)
        apps.append(plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.app%1").arg(i)}});
    const mdm::ConnectResult answered
        = connect(acknowledged(kUdid, uuid, QStringLiteral("InstalledApplicationList"), apps));
    QCOMPARE(answered.status, 200);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT state FROM command_queue")).toString(), QStringLiteral("acknowledged"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM device_applications")).toInt(), 0);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT error FROM inventory_reports"))
                .toString()
                .contains(QStringLiteral("10001 entries")));
    // Nesting beyond the codec's limit never reaches the inventory: the request itself is refused.
    plist::Value deep(QStringLiteral("bottom"));
    for (int i = 0; i < 100; ++i)
        deep = plist::Array {deep};
    const plist::Dict tooDeep = acknowledged(kUdid, uuid, QStringLiteral("InstalledApplicationList"), deep);
    QVERIFY(!xml(tooDeep).isEmpty());
    const mdm::ConnectResult refused = connect(tooDeep);
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.reason.contains(QStringLiteral("not a property list")), qPrintable(refused.reason));
}

void TestLifecycle::inactiveSweepAndReturn()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_db.scalar(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, '7', 0)"),
        {DeviceLifecycle::inactiveAfterDaysSettingKey()});
    // Seen six days ago: not inactive yet.
    m_db.scalar(QStringLiteral("UPDATE devices SET last_seen_at = ?"), {now - 6 * kDayMs});
    m_db.scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = ?"), {now - 6 * kDayMs});
    auto sweep = [&] {
        SweepResult result {-1, -1};
        m_db.run([&](storage::Database& db) -> storage::StorageStatus {
            auto swept = DeviceLifecycle::sweepInactive(db, QDateTime::currentDateTimeUtc());
            if (!swept)
                return swept.error();
            result = *swept;
            return {};
        });
        return result;
    };
    QCOMPARE(sweep().devices, 0);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT inactive_since FROM devices")).isNull());

    m_db.scalar(QStringLiteral("UPDATE devices SET last_seen_at = ?"), {now - 8 * kDayMs});
    m_db.scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = ?"), {now - 8 * kDayMs});
    const SweepResult first = sweep();
    QCOMPARE(first.devices, 1);
    QCOMPARE(first.enrollments, 1);
    const qint64 since = m_db.scalar(QStringLiteral("SELECT inactive_since FROM devices")).toLongLong();
    QVERIFY(since >= now);
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT inactive_since FROM enrollments")).isNull());
    // A second sweep keeps the first time.
    QCOMPARE(sweep().devices, 0);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT inactive_since FROM devices")).toLongLong(), since);
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("enrolled"));

    QList<DeviceSummary> inactive;
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        auto listed = DeviceInventory::list(db, DeviceListFilter {true, 100});
        if (!listed)
            return listed.error();
        inactive = *listed;
        return {};
    }));
    QCOMPARE(inactive.size(), 1);
    QVERIFY(inactive.first().inactive());

    // The device's next request makes it active again.
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT inactive_since FROM devices")).isNull());
    QVERIFY(m_db.scalar(QStringLiteral("SELECT inactive_since FROM enrollments")).isNull());
    QVERIFY(m_db.scalar(QStringLiteral("SELECT last_seen_at FROM devices")).toLongLong() >= now);

    // So does a check-in.
    m_db.scalar(QStringLiteral("UPDATE devices SET inactive_since = 5"));
    m_db.scalar(QStringLiteral("UPDATE enrollments SET inactive_since = 5"));
    QCOMPARE(
        m_checkIn->processAndWait(xml(checkIn(QStringLiteral("TokenUpdate"))), kCert).outcome, mdm::CheckInOutcome::Ok);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT inactive_since FROM devices")).isNull());
    QVERIFY(m_db.scalar(QStringLiteral("SELECT inactive_since FROM enrollments")).isNull());

    // An unenrolled device is never marked inactive.
    m_db.scalar(QStringLiteral("UPDATE devices SET last_seen_at = 1, enrollment_state = 'unenrolled'"));
    m_db.scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = 1, status = 'checked_out'"));
    const SweepResult none = sweep();
    QCOMPARE(none.devices, 0);
    QCOMPARE(none.enrollments, 0);
}

void TestLifecycle::inactiveSettingParsed()
{
    QCOMPARE(DeviceLifecycle::parseInactiveAfterDays(QStringLiteral(" 14 ")), std::optional<int>(14));
    QCOMPARE(DeviceLifecycle::parseInactiveAfterDays(QStringLiteral("0")), std::nullopt);
    QCOMPARE(DeviceLifecycle::parseInactiveAfterDays(QStringLiteral("3651")), std::nullopt);
    QCOMPARE(DeviceLifecycle::parseInactiveAfterDays(QStringLiteral("a week")), std::nullopt);
    int days = 0;
    auto read = [&] {
        m_db.run([&](storage::Database& db) -> storage::StorageStatus {
            days = DeviceLifecycle::inactiveAfterDays(db);
            return {};
        });
        return days;
    };
    QCOMPARE(read(), DeviceLifecycle::kDefaultInactiveAfterDays);
    m_db.scalar(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, 'soon', 0)"),
        {DeviceLifecycle::inactiveAfterDaysSettingKey()});
    QCOMPARE(read(), DeviceLifecycle::kDefaultInactiveAfterDays);
    m_db.scalar(QStringLiteral("UPDATE settings SET value = '3' WHERE key = ?"),
        {DeviceLifecycle::inactiveAfterDaysSettingKey()});
    QCOMPARE(read(), 3);
}

void TestLifecycle::refuseNextOnCommandRequest()
{
    Status marked;
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        marked = DeviceLifecycle::requestRefusal(
            db, kUdid, QStringLiteral("device stolen"), QDateTime::currentDateTimeUtc());
        return {};
    }));
    QVERIFY(marked.ok());
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT unenroll_requested_at FROM devices")).isNull());
    // Still enrolled until the device asks.
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("enrolled"));

    const mdm::ConnectResult refused = connect(status(QStringLiteral("Idle")));
    QCOMPARE(refused.status, 401);
    QVERIFY2(refused.reason.contains(QStringLiteral("device stolen")), qPrintable(refused.reason));
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("unenrolled"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("checked_out"));
    QVERIFY(m_db.scalar(QStringLiteral("SELECT unenroll_requested_at FROM devices")).isNull());
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT unenroll_reason FROM devices")).toString(), QStringLiteral("device stolen"));
    // And it stays unmanaged.
    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 401);
    QCOMPARE(m_checkIn->processAndWait(xml(checkIn(QStringLiteral("TokenUpdate"))), kCert).outcome,
        mdm::CheckInOutcome::Unmanaged);
}

void TestLifecycle::refuseNextOnCheckIn()
{
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        return DeviceLifecycle::requestRefusal(db, kUdid, QStringLiteral("retired"), QDateTime::currentDateTimeUtc())
                   .ok()
            ? storage::StorageStatus()
            : storage::StorageStatus(
                storage::StorageError {storage::StorageErrorKind::JobFailed, QStringLiteral("x"), {}});
    }));
    const mdm::CheckInResult result = m_checkIn->processAndWait(xml(checkIn(QStringLiteral("TokenUpdate"))), kCert);
    QCOMPARE(mdm::outcomeName(result.outcome), QStringLiteral("Unmanaged"));
    QCOMPARE(mdm::httpStatus(result.outcome), 401);
    QVERIFY(result.reason.contains(QStringLiteral("retired")));
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("unenrolled"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("checked_out"));
}

void TestLifecycle::refuseNeedsAKnownEnrolledDevice()
{
    QString unknown;
    QString twice;
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Status a = DeviceLifecycle::requestRefusal(db, QStringLiteral("no-such-udid"), QString(), now);
        unknown = a ? QString() : a.error().message;
        if (!db.exec(QStringLiteral("UPDATE devices SET enrollment_state = 'unenrolled'")))
            return storage::StorageError {storage::StorageErrorKind::JobFailed, QStringLiteral("update"), {}};
        Status b = DeviceLifecycle::requestRefusal(db, kUdid, QString(), now);
        twice = b ? QString() : b.error().message;
        return {};
    }));
    QVERIFY2(unknown.contains(QStringLiteral("no device with UDID no-such-udid")), qPrintable(unknown));
    QVERIFY2(twice.contains(QStringLiteral("unenrolled already")), qPrintable(twice));
}

void TestLifecycle::removeProfileNeedsTheIdentifier()
{
    QString error;
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        Result<QString> queued
            = DeviceLifecycle::enqueueRemoveProfile(db, kUdid, QStringLiteral("test"), QDateTime::currentDateTimeUtc());
        error = queued ? QString() : queued.error().message;
        return {};
    }));
    QVERIFY2(error.contains(QStringLiteral("quincectl enrollment profile")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("enrollment.profile_identifier")), qPrintable(error));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM commands")).toInt(), 0);
}

void TestLifecycle::removeProfileQueuesTheCommand()
{
    const QString identifier = QStringLiteral("com.example.quince.enrollment");
    m_db.scalar(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)"),
        {DeviceLifecycle::profileIdentifierSettingKey(), identifier});
    QString uuid;
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        Result<QString> queued
            = DeviceLifecycle::enqueueRemoveProfile(db, kUdid, QStringLiteral("test"), QDateTime::currentDateTimeUtc());
        if (queued)
            uuid = *queued;
        return {};
    }));
    QVERIFY(!uuid.isEmpty());
    const mdm::ConnectResult handed = connect(status(QStringLiteral("Idle")));
    QCOMPARE(handed.status, 200);
    const plist::Value body = plist::decode(handed.body).value();
    QCOMPARE(body.value(QStringLiteral("CommandUUID")).toString(), uuid);
    QCOMPARE(body.value(QStringLiteral("Command")).value(QStringLiteral("RequestType")).toString(),
        QStringLiteral("RemoveProfile"));
    QCOMPARE(body.value(QStringLiteral("Command")).value(QStringLiteral("Identifier")).toString(), identifier);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT created_by FROM commands")).toString(), QStringLiteral("test"));
}

void TestLifecycle::idleWithNothingToDoCommitsNothing()
{
    // PRAGMA data_version, read by one connection, changes when another connection commits.
    auto reader = storage::Database::openReader(m_db.path());
    QVERIFY(reader);
    const auto dataVersion = [&reader]() {
        auto row = reader->exec(QStringLiteral("PRAGMA data_version"));
        return row && row->next() ? row->value(0).toLongLong() : -1;
    };

    QCOMPARE(connect(status(QStringLiteral("Idle"))).status, 200);
    const qint64 seenAt = m_db.scalar(QStringLiteral("SELECT last_seen_at FROM devices")).toLongLong();
    const qint64 before = dataVersion();
    QVERIFY(before >= 0);
    // Seen less than a minute ago, no command waiting: answered without writing anything.
    for (int i = 0; i < 3; ++i) {
        const mdm::ConnectResult idle = connect(status(QStringLiteral("Idle")));
        QCOMPARE(idle.status, 200);
        QVERIFY(idle.body.isEmpty());
    }
    QCOMPARE(dataVersion(), before);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT last_seen_at FROM devices")).toLongLong(), seenAt);

    // A queued command is handed out (a write), and a last-seen older than a minute is renewed.
    const QString uuid = enqueue(QStringLiteral("DeviceInformation"));
    const qint64 queued = dataVersion();
    const mdm::ConnectResult handed = connect(status(QStringLiteral("Idle")));
    QCOMPARE(handed.status, 200);
    QVERIFY(handed.body.contains(uuid.toUtf8()));
    QVERIFY(dataVersion() != queued);
    m_db.scalar(QStringLiteral("UPDATE devices SET last_seen_at = ?"), {seenAt - 61 * 1000});
    m_db.scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = ?"), {seenAt - 61 * 1000});
    QCOMPARE(connect(status(QStringLiteral("NotNow"), uuid)).status, 200);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT last_seen_at FROM devices")).toLongLong() >= seenAt);
    QVERIFY(m_db.scalar(QStringLiteral("SELECT last_seen_at FROM enrollments")).toLongLong() >= seenAt);
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_Lifecycle.moc"

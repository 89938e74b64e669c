// SPDX-License-Identifier: GPL-3.0-or-later
// `quincectl devices ...` as an operator runs it: the real executable on a real data directory.

#include "AppPaths.h"
#include "InventoryTestSupport.h"

#include "../support/TestSupport.h"
#include "core/inventory/DeviceLifecycle.h"
#include "core/inventory/InventoryUpdater.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace quince;
using namespace quince::inventory;
using quince::test::acknowledged;

namespace {

const QString kUdid = QStringLiteral("00008030-000A1C2E0C41802E");
const QString kOther = QStringLiteral("00008030-000B00000000002F");
const QString kCommand = QStringLiteral("5B1F4E0A-6C0A-4B62-9C5C-2F6AF6C40E11");

} // namespace

class TestDevicesCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listJson();
    void listText();
    void listInactive();
    void showJson();
    void showText();
    void showUnknownDevice();
    void noDatabase();
    void usageErrors();
    void unenrollRefuseNext();
    void unenrollRemoveProfileNeedsIdentifier();
    void unenrollRemoveProfile();

private:
    test::Outcome ctl(const QStringList& arguments);
    QJsonObject ctlJson(const QStringList& arguments);
    /// A value read after the CLI wrote, through a reader of our own.
    QVariant read(const QString& sql);
    void apply(const QString& requestType, const QString& key, const plist::Value& value);

    test::TestDatabase m_db;
    qint64 m_enrollment = 0;
};

void TestDevicesCli::init()
{
    QVERIFY(m_db.open());
    m_enrollment = m_db.addDevice(kUdid);
    m_db.addDevice(kOther, QStringLiteral("pending"));
    apply(QStringLiteral("DeviceInformation"), QStringLiteral("QueryResponses"),
        plist::Dict {{QStringLiteral("DeviceName"), QStringLiteral("Kim's iPad")},
            {QStringLiteral("OSVersion"), QStringLiteral("17.4.1")},
            {QStringLiteral("ProductName"), QStringLiteral("iPad12,1")}, {QStringLiteral("BatteryLevel"), 0.5},
            {QStringLiteral("SerialNumber"), QStringLiteral("F5JM992LF193")}});
    apply(QStringLiteral("InstalledApplicationList"), QStringLiteral("InstalledApplicationList"),
        plist::Array {plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.notes")},
                          {QStringLiteral("Name"), QStringLiteral("Notes")}},
            plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.maps")},
                {QStringLiteral("Name"), QStringLiteral("Maps")}}});
    m_db.scalar(QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE udid = ?"),
        {QDateTime::currentMSecsSinceEpoch(), kUdid});
    m_db.close();
}

void TestDevicesCli::cleanup()
{
    m_db.close();
}

void TestDevicesCli::apply(const QString& requestType, const QString& key, const plist::Value& value)
{
    QVERIFY(m_db.run([&](storage::Database& db) -> storage::StorageStatus {
        auto applied = InventoryUpdater(db).apply(
            m_enrollment, requestType, acknowledged(kUdid, kCommand, key, value), QDateTime::currentDateTimeUtc());
        if (!applied)
            return applied.error();
        return applied->outcome == ApplyOutcome::Applied
            ? storage::StorageStatus()
            : storage::StorageStatus(storage::StorageError {storage::StorageErrorKind::JobFailed, applied->error, {}});
    }));
}

test::Outcome TestDevicesCli::ctl(const QStringList& arguments)
{
    return test::run(QStringLiteral(QUINCECTL_BIN), QStringList {QStringLiteral("--data-dir"), m_db.dir()} + arguments);
}

QJsonObject TestDevicesCli::ctlJson(const QStringList& arguments)
{
    const test::Outcome outcome = ctl(arguments);
    if (!outcome.ok())
        qWarning("%s", outcome.both().constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(outcome.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", outcome.out.constData());
    return document.object();
}

QVariant TestDevicesCli::read(const QString& sql)
{
    auto db = storage::Database::openReader(m_db.path());
    if (!db)
        return {};
    auto query = db->exec(sql);
    return query && query->next() ? query->value(0) : QVariant();
}

void TestDevicesCli::listJson()
{
    const QJsonObject object = ctlJson({QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--json")});
    const QJsonArray devices = object.value(QStringLiteral("devices")).toArray();
    QCOMPARE(devices.size(), 2);
    // Most recently seen first.
    const QJsonObject first = devices.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("udid")).toString(), kUdid);
    QCOMPARE(first.value(QStringLiteral("deviceName")).toString(), QStringLiteral("Kim's iPad"));
    QCOMPARE(first.value(QStringLiteral("osVersion")).toString(), QStringLiteral("17.4.1"));
    QCOMPARE(first.value(QStringLiteral("enrollmentState")).toString(), QStringLiteral("enrolled"));
    QCOMPARE(first.value(QStringLiteral("batteryLevel")).toDouble(), 0.5);
    QCOMPARE(first.value(QStringLiteral("inactive")).toBool(), false);
    QVERIFY(first.value(QStringLiteral("inactiveSince")).isNull());
    QVERIFY(!first.value(QStringLiteral("factsReportedAt")).toString().isEmpty());
    QCOMPARE(devices.at(1).toObject().value(QStringLiteral("enrollmentState")).toString(), QStringLiteral("pending"));
}

void TestDevicesCli::listText()
{
    const test::Outcome outcome = ctl({QStringLiteral("devices"), QStringLiteral("list")});
    QVERIFY2(outcome.ok(), outcome.both().constData());
    QVERIFY(outcome.out.startsWith("UDID"));
    QVERIFY(outcome.out.contains(kUdid.toUtf8()));
    QVERIFY(outcome.out.contains("F5JM992LF193"));
    QVERIFY(outcome.out.contains("Kim's iPad"));
}

void TestDevicesCli::listInactive()
{
    QVERIFY(m_db.open()); // a fresh directory: only what this test sets up
    m_db.addDevice(kUdid);
    m_db.addDevice(kOther);
    m_db.scalar(QStringLiteral("UPDATE devices SET inactive_since = 1000 WHERE udid = ?"), {kOther});
    m_db.close();
    const QJsonArray inactive = ctlJson(
        {QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--inactive"), QStringLiteral("--json")})
                                    .value(QStringLiteral("devices"))
                                    .toArray();
    QCOMPARE(inactive.size(), 1);
    QCOMPARE(inactive.at(0).toObject().value(QStringLiteral("udid")).toString(), kOther);
    QCOMPARE(inactive.at(0).toObject().value(QStringLiteral("inactive")).toBool(), true);
    QCOMPARE(inactive.at(0).toObject().value(QStringLiteral("inactiveSince")).toString(),
        QStringLiteral("1970-01-01T00:00:01Z"));
    const test::Outcome text = ctl({QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--inactive")});
    QVERIFY(text.ok());
    QVERIFY(text.out.contains("(inactive)"));
    QVERIFY(!text.out.contains(kUdid.toUtf8()));
}

void TestDevicesCli::showJson()
{
    const QJsonObject device
        = ctlJson({QStringLiteral("devices"), QStringLiteral("show"), kUdid, QStringLiteral("--json")});
    QCOMPARE(device.value(QStringLiteral("udid")).toString(), kUdid);
    QCOMPARE(device.value(QStringLiteral("productName")).toString(), QStringLiteral("iPad12,1"));
    const QJsonArray applications = device.value(QStringLiteral("applications")).toArray();
    QCOMPARE(applications.size(), 2);
    QVERIFY(!applications.at(0).toObject().value(QStringLiteral("reportedAt")).toString().isEmpty());
    QCOMPARE(applications.at(0).toObject().value(QStringLiteral("identifier")).toString(),
        QStringLiteral("com.example.maps"));
    QCOMPARE(device.value(QStringLiteral("facts")).toArray().size(), 5);
    QCOMPARE(device.value(QStringLiteral("enrollments")).toArray().size(), 1);
    QCOMPARE(device.value(QStringLiteral("reports")).toArray().size(), 2);
    QVERIFY(device.value(QStringLiteral("security")).isNull());
    QCOMPARE(device.value(QStringLiteral("profiles")).toArray().size(), 0);
    QCOMPARE(device.value(QStringLiteral("certificates")).toArray().size(), 0);
    QCOMPARE(device.value(QStringLiteral("provisioningProfiles")).toArray().size(), 0);
}

void TestDevicesCli::showText()
{
    const test::Outcome outcome = ctl({QStringLiteral("devices"), QStringLiteral("show"), kUdid});
    QVERIFY2(outcome.ok(), outcome.both().constData());
    QVERIFY(outcome.out.contains("Kim's iPad"));
    QVERIFY(outcome.out.contains("Applications (2), reported "));
    QVERIFY(outcome.out.contains("com.example.maps"));
    QVERIFY(outcome.out.contains("Security (not reported)"));
    QVERIFY(outcome.out.contains("Battery:         50%"));
}

void TestDevicesCli::showUnknownDevice()
{
    const test::Outcome outcome = ctl({QStringLiteral("devices"), QStringLiteral("show"), QStringLiteral("nope")});
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY(outcome.err.contains("no device with UDID nope"));
}

void TestDevicesCli::noDatabase()
{
    QTemporaryDir empty;
    const test::Outcome outcome = test::run(QStringLiteral(QUINCECTL_BIN),
        {QStringLiteral("--data-dir"), empty.path(), QStringLiteral("devices"), QStringLiteral("list"),
            QStringLiteral("--json")});
    QCOMPARE(outcome.exitCode, 1);
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY(outcome.err.contains("no Quince database"));
}

void TestDevicesCli::usageErrors()
{
    QCOMPARE(ctl({QStringLiteral("devices")}).exitCode, 2);
    QCOMPARE(ctl({QStringLiteral("devices"), QStringLiteral("show")}).exitCode, 2);
    const test::Outcome neither = ctl({QStringLiteral("devices"), QStringLiteral("unenroll"), kUdid});
    QCOMPARE(neither.exitCode, 2);
    QVERIFY(neither.err.contains("exactly one of --remove-profile and --refuse-next"));
    QCOMPARE(ctl({QStringLiteral("devices"), QStringLiteral("unenroll"), kUdid, QStringLiteral("--remove-profile"),
                     QStringLiteral("--refuse-next")})
                 .exitCode,
        2);
    QVERIFY(read(QStringLiteral("SELECT unenroll_requested_at FROM devices WHERE unenroll_requested_at IS NOT NULL"))
                .isNull());
}

void TestDevicesCli::unenrollRefuseNext()
{
    const QJsonObject done = ctlJson({QStringLiteral("devices"), QStringLiteral("unenroll"), kUdid,
        QStringLiteral("--refuse-next"), QStringLiteral("--reason"), QStringLiteral("lost"), QStringLiteral("--json")});
    QCOMPARE(done.value(QStringLiteral("method")).toString(), QStringLiteral("refuse-next"));
    QVERIFY(!read(QStringLiteral("SELECT unenroll_requested_at FROM devices WHERE udid = '") + kUdid + u'\'').isNull());
    QCOMPARE(read(QStringLiteral("SELECT unenroll_reason FROM devices WHERE udid = '") + kUdid + u'\'').toString(),
        QStringLiteral("lost"));
    const QJsonObject shown
        = ctlJson({QStringLiteral("devices"), QStringLiteral("show"), kUdid, QStringLiteral("--json")});
    QVERIFY(!shown.value(QStringLiteral("unenrollRequestedAt")).toString().isEmpty());

    const test::Outcome unknown = ctl({QStringLiteral("devices"), QStringLiteral("unenroll"), QStringLiteral("nope"),
        QStringLiteral("--refuse-next")});
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(unknown.err.count('\n'), 1);
    QVERIFY(unknown.err.contains("no device with UDID nope"));
}

void TestDevicesCli::unenrollRemoveProfileNeedsIdentifier()
{
    const test::Outcome outcome
        = ctl({QStringLiteral("devices"), QStringLiteral("unenroll"), kUdid, QStringLiteral("--remove-profile")});
    QCOMPARE(outcome.exitCode, 1);
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY2(outcome.err.contains("quincectl enrollment profile"), outcome.err.constData());
    QCOMPARE(read(QStringLiteral("SELECT COUNT(*) FROM commands")).toInt(), 0);
}

void TestDevicesCli::unenrollRemoveProfile()
{
    QVERIFY(m_db.open());
    m_db.addDevice(kUdid);
    m_db.scalar(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, 'com.example.mdm', 0)"),
        {DeviceLifecycle::profileIdentifierSettingKey()});
    m_db.close();
    const QJsonObject done = ctlJson({QStringLiteral("devices"), QStringLiteral("unenroll"), kUdid,
        QStringLiteral("--remove-profile"), QStringLiteral("--json")});
    const QString uuid = done.value(QStringLiteral("commandUuid")).toString();
    QVERIFY(!uuid.isEmpty());
    QCOMPARE(read(QStringLiteral("SELECT request_type FROM commands WHERE command_uuid = '") + uuid + u'\'').toString(),
        QStringLiteral("RemoveProfile"));
    QCOMPARE(read(QStringLiteral("SELECT created_by FROM commands")).toString(), QStringLiteral("quincectl"));
    QCOMPARE(read(QStringLiteral("SELECT state FROM command_queue")).toString(), QStringLiteral("queued"));
    const QByteArray payload = read(QStringLiteral("SELECT payload FROM commands")).toByteArray();
    QVERIFY(payload.contains("<string>com.example.mdm</string>"));
}

QTEST_GUILESS_MAIN(TestDevicesCli)
#include "tst_DevicesCli.moc"

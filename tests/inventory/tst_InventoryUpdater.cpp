// SPDX-License-Identifier: GPL-3.0-or-later
// InventoryUpdater and ResponseParser on a real SQLite file: what each inventory response
// stores, and hostile responses (wrong types, huge lists, deep nesting) refused whole.

#include "InventoryTestSupport.h"

#include "core/inventory/InventoryUpdater.h"
#include "core/inventory/ResponseParser.h"
#include "core/pki/CertificateBuilder.h"
#include "core/pki/DistinguishedName.h"
#include "core/pki/PrivateKey.h"

#include <QFile>
#include <QRegularExpression>

using namespace quince;
using namespace quince::inventory;
using quince::test::acknowledged;

namespace {

const QString kUdid = QStringLiteral("00008030-000A1C2E0C41802E");
const QString kCommand = QStringLiteral("5B1F4E0A-6C0A-4B62-9C5C-2F6AF6C40E11");

plist::Dict app(int i)
{
    return plist::Dict {{QStringLiteral("Identifier"), QStringLiteral("com.example.app%1").arg(i)},
        {QStringLiteral("Name"), QStringLiteral("App %1").arg(i)},
        {QStringLiteral("ShortVersion"), QStringLiteral("1.0")}, {QStringLiteral("Version"), QStringLiteral("100")},
        {QStringLiteral("BundleSize"), 123456}, {QStringLiteral("IsValidated"), true}};
}

plist::Array apps(int count)
{
    plist::Array list;
    list.reserve(count);
    for (int i = 0; i < count; ++i)
        list.append(app(i));
    return list;
}

plist::Dict profile(const QString& identifier)
{
    return plist::Dict {{QStringLiteral("PayloadIdentifier"), identifier},
        {QStringLiteral("PayloadUUID"), QStringLiteral("0F2C3D4E-1111-2222-3333-444455556666")},
        {QStringLiteral("PayloadVersion"), 1}, {QStringLiteral("PayloadDisplayName"), QStringLiteral("Wi-Fi")},
        {QStringLiteral("IsManaged"), true}, {QStringLiteral("PayloadRemovalDisallowed"), false},
        {QStringLiteral("PayloadContent"),
            plist::Array {plist::Dict {{QStringLiteral("PayloadType"), QStringLiteral("com.apple.wifi.managed")}},
                plist::Dict {{QStringLiteral("PayloadType"), QStringLiteral("com.apple.security.root")}}}}};
}

plist::Dict queryResponses()
{
    return plist::Dict {{QStringLiteral("DeviceName"), QStringLiteral("Kim's iPad")},
        {QStringLiteral("OSVersion"), QStringLiteral("17.4.1")},
        {QStringLiteral("BuildVersion"), QStringLiteral("21E236")},
        {QStringLiteral("ModelName"), QStringLiteral("iPad")}, {QStringLiteral("Model"), QStringLiteral("MK2K3LL/A")},
        {QStringLiteral("ProductName"), QStringLiteral("iPad12,1")},
        {QStringLiteral("SerialNumber"), QStringLiteral("F5JM992LF193")}, {QStringLiteral("DeviceCapacity"), 64},
        {QStringLiteral("AvailableDeviceCapacity"), 40.5}, {QStringLiteral("BatteryLevel"), 0.81},
        {QStringLiteral("IsSupervised"), true}, {QStringLiteral("WiFiMAC"), QStringLiteral("a4:83:e7:00:00:01")},
        {QStringLiteral("PushToken"), QByteArray(32, '\x01')},
        {QStringLiteral("OSUpdateSettings"), plist::Dict {{QStringLiteral("AutoCheckEnabled"), true}}}};
}

plist::Value deepValue(int depth)
{
    plist::Value value(QStringLiteral("bottom"));
    for (int i = 0; i < depth; ++i)
        value = plist::Dict {{QStringLiteral("n"), value}};
    return value;
}

} // namespace

class TestInventoryUpdater : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void realDeviceInformationCapture();
    void deviceInformationColumnsAndMerge();
    void binaryResponseAccepted();
    void securityInfoStoresNoRecoveryKey();
    void listsReplaceTheEnrollmentsSet();
    void certificatesParsedFromTheirData();
    void hostileResponses_data();
    void hostileResponses();
    void applicationLimitIsExact();
    void notInventoryWritesNothing();
    void typesMatchAppleSchema();

private:
    ApplyResult apply(const QString& requestType, const plist::Value& response);
    ApplyResult applyBytes(const QString& requestType, const QByteArray& response);
    int count(const QString& table) { return m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM ") + table).toInt(); }

    test::TestDatabase m_db;
    qint64 m_enrollment = 0;
};

void TestInventoryUpdater::init()
{
    QVERIFY(m_db.open());
    m_enrollment = m_db.addDevice(kUdid);
    QVERIFY(m_enrollment > 0);
}

void TestInventoryUpdater::cleanup()
{
    m_db.close();
}

ApplyResult TestInventoryUpdater::apply(const QString& requestType, const plist::Value& response)
{
    ApplyResult result;
    const storage::StorageStatus status
        = m_db.worker().writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
              auto applied = InventoryUpdater(db).apply(
                  m_enrollment, requestType, response, QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC));
              if (!applied)
                  return applied.error();
              result = *applied;
              return {};
          });
    if (!status)
        qWarning("%s", qPrintable(status.error().toString()));
    return result;
}

ApplyResult TestInventoryUpdater::applyBytes(const QString& requestType, const QByteArray& response)
{
    ApplyResult result;
    const storage::StorageStatus status
        = m_db.worker().writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
              auto applied
                  = InventoryUpdater(db).apply(m_enrollment, requestType, response, QDateTime::currentDateTimeUtc());
              if (!applied)
                  return applied.error();
              result = *applied;
              return {};
          });
    if (!status)
        qWarning("%s", qPrintable(status.error().toString()));
    return result;
}

void TestInventoryUpdater::realDeviceInformationCapture()
{
    const QString path = test::sharedFixture(QStringLiteral("DeviceInformation.1.plist"));
    if (!QFile::exists(path))
        QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const ApplyResult result = applyBytes(QStringLiteral("DeviceInformation"), file.readAll());
    QCOMPARE(int(result.outcome), int(ApplyOutcome::Applied));
    QCOMPARE(result.itemCount, 2);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value FROM device_facts WHERE name = 'HostName'")).toString(),
        QStringLiteral("fruit.example.com"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value FROM device_facts WHERE name = 'UDID'")).toString(),
        QStringLiteral("66ADE930-5FDF-5EC4-8429-15640684C489"));
    QVERIFY(m_db.scalar(QStringLiteral("SELECT query_responses FROM device_information"))
                .toByteArray()
                .contains("fruit.example.com"));
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT facts_reported_at FROM devices")).isNull());
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT item_count FROM inventory_reports WHERE request_type = "
                                        "'DeviceInformation'"))
                 .toInt(),
        2);
}

void TestInventoryUpdater::deviceInformationColumnsAndMerge()
{
    QCOMPARE(int(apply(QStringLiteral("DeviceInformation"),
                 acknowledged(kUdid, kCommand, QStringLiteral("QueryResponses"), queryResponses()))
                     .outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT device_name FROM devices")).toString(), QStringLiteral("Kim's iPad"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT os_version FROM devices")).toString(), QStringLiteral("17.4.1"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT product_name FROM devices")).toString(), QStringLiteral("iPad12,1"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT model_name FROM devices")).toString(), QStringLiteral("iPad"));
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT serial_number FROM devices")).toString(), QStringLiteral("F5JM992LF193"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT device_capacity_gb FROM devices")).toDouble(), 64.0);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT battery_level FROM devices")).toDouble(), 0.81);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT is_supervised FROM devices")).toInt(), 1);
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT wifi_mac FROM devices")).toString(), QStringLiteral("a4:83:e7:00:00:01"));
    // Scalars become facts with their type; data and dictionaries stay in the raw copy only.
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value_type FROM device_facts WHERE name = 'IsSupervised'")).toString(),
        QStringLiteral("Boolean"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value FROM device_facts WHERE name = 'IsSupervised'")).toString(),
        QStringLiteral("true"));
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT 1 FROM device_facts WHERE name = 'PushToken'")).isValid());
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT 1 FROM device_facts WHERE name = 'OSUpdateSettings'")).isValid());

    // A later query for one key updates it and keeps everything else.
    QCOMPARE(int(apply(QStringLiteral("DeviceInformation"),
                 acknowledged(kUdid, kCommand, QStringLiteral("QueryResponses"),
                     plist::Dict {{QStringLiteral("BatteryLevel"), 0.25}}))
                     .outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT battery_level FROM devices")).toDouble(), 0.25);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT os_version FROM devices")).toString(), QStringLiteral("17.4.1"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT value FROM device_facts WHERE name = 'OSVersion'")).toString(),
        QStringLiteral("17.4.1"));
    const QByteArray raw = m_db.scalar(QStringLiteral("SELECT query_responses FROM device_information")).toByteArray();
    const plist::Value merged = plist::decode(raw).value();
    QCOMPARE(merged.value(QStringLiteral("BatteryLevel")).toReal(), 0.25);
    QCOMPARE(merged.value(QStringLiteral("DeviceName")).toString(), QStringLiteral("Kim's iPad"));
}

void TestInventoryUpdater::binaryResponseAccepted()
{
    const plist::Dict response = acknowledged(kUdid, kCommand, QStringLiteral("QueryResponses"), queryResponses());
    const QByteArray binary = plist::encodeBinary(plist::Value(response)).value();
    QCOMPARE(int(applyBytes(QStringLiteral("DeviceInformation"), binary).outcome), int(ApplyOutcome::Applied));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT model FROM devices")).toString(), QStringLiteral("MK2K3LL/A"));
    // Bytes that are no property list are recorded as malformed.
    const ApplyResult garbage = applyBytes(QStringLiteral("DeviceInformation"), QByteArray("not a plist"));
    QCOMPARE(int(garbage.outcome), int(ApplyOutcome::Malformed));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT model FROM devices")).toString(), QStringLiteral("MK2K3LL/A"));
}

void TestInventoryUpdater::securityInfoStoresNoRecoveryKey()
{
    const QByteArray recoveryKey("personal-recovery-key-cms-0123456789");
    const plist::Dict info {{QStringLiteral("PasscodePresent"), true}, {QStringLiteral("PasscodeCompliant"), false},
        {QStringLiteral("PasscodeCompliantWithProfiles"), true}, {QStringLiteral("HardwareEncryptionCaps"), 3},
        {QStringLiteral("FDE_Enabled"), true}, {QStringLiteral("FDE_PersonalRecoveryKeyCMS"), recoveryKey},
        {QStringLiteral("FDE_PersonalRecoveryKeyDeviceKey"), QStringLiteral("ABCD-EFGH")},
        {QStringLiteral("FirewallSettings"), plist::Dict {{QStringLiteral("FirewallEnabled"), true}}},
        {QStringLiteral("ManagementStatus"),
            plist::Dict {{QStringLiteral("EnrolledViaDEP"), false}, {QStringLiteral("UserApprovedEnrollment"), true}}},
        {QStringLiteral("SecureBoot"), plist::Dict {{QStringLiteral("SecureBootLevel"), QStringLiteral("full")}}}};
    const ApplyResult result
        = apply(QStringLiteral("SecurityInfo"), acknowledged(kUdid, kCommand, QStringLiteral("SecurityInfo"), info));
    QCOMPARE(int(result.outcome), int(ApplyOutcome::Applied));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT passcode_present FROM device_security")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT passcode_compliant FROM device_security")).toInt(), 0);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT passcode_compliant_with_profiles FROM device_security")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT hardware_encryption_caps FROM device_security")).toInt(), 3);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT fde_enabled FROM device_security")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT firewall_enabled FROM device_security")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT user_approved_enrollment FROM device_security")).toInt(), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT secure_boot_level FROM device_security")).toString(),
        QStringLiteral("full"));
    QVERIFY(m_db.scalar(QStringLiteral("SELECT is_user_enrollment FROM device_security")).isNull());
    const QByteArray raw = m_db.scalar(QStringLiteral("SELECT security_info FROM device_security")).toByteArray();
    QVERIFY(raw.contains("PasscodePresent"));
    QVERIFY(!raw.contains("FDE_PersonalRecoveryKey"));
    QVERIFY(!raw.contains(recoveryKey.toBase64().left(16)));
    QVERIFY(!raw.contains("ABCD-EFGH"));
}

void TestInventoryUpdater::listsReplaceTheEnrollmentsSet()
{
    const QString profiles = QStringLiteral("ProfileList");
    QCOMPARE(int(apply(profiles,
                 acknowledged(kUdid, kCommand, profiles,
                     plist::Array {profile(QStringLiteral("com.example.a")), profile(QStringLiteral("com.example.b"))}))
                     .outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(count(QStringLiteral("device_profiles")), 2);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT payload_types FROM device_profiles WHERE payload_identifier = ?"),
                     {QStringLiteral("com.example.a")})
                 .toString(),
        QStringLiteral("com.apple.wifi.managed,com.apple.security.root"));
    QCOMPARE(int(apply(profiles,
                 acknowledged(kUdid, kCommand, profiles, plist::Array {profile(QStringLiteral("com.example.c"))}))
                     .outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(count(QStringLiteral("device_profiles")), 1);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT payload_identifier FROM device_profiles")).toString(),
        QStringLiteral("com.example.c"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT is_managed FROM device_profiles")).toInt(), 1);

    const QString provisioning = QStringLiteral("ProvisioningProfileList");
    const QDateTime expiry = QDateTime(QDate(2027, 3, 1), QTime(12, 0), Qt::UTC);
    QCOMPARE(int(apply(provisioning,
                 acknowledged(kUdid, kCommand, provisioning,
                     plist::Array {plist::Dict {{QStringLiteral("Name"), QStringLiteral("In-house")},
                         {QStringLiteral("UUID"), QStringLiteral("A-B-C")}, {QStringLiteral("ExpiryDate"), expiry}}}))
                     .outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT expiry_date FROM device_provisioning_profiles")).toLongLong(),
        expiry.toMSecsSinceEpoch());

    const QString applications = QStringLiteral("InstalledApplicationList");
    QCOMPARE(int(apply(applications, acknowledged(kUdid, kCommand, applications, apps(3))).outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(count(QStringLiteral("device_applications")), 3);
    QCOMPARE(int(apply(applications, acknowledged(kUdid, kCommand, applications, plist::Array {})).outcome),
        int(ApplyOutcome::Applied));
    QCOMPARE(count(QStringLiteral("device_applications")), 0);
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT item_count FROM inventory_reports WHERE request_type = ?"), {applications})
            .toInt(),
        0);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM inventory_reports")).toInt(), 3);
}

void TestInventoryUpdater::certificatesParsedFromTheirData()
{
    auto key = pki::PrivateKey::generateEcP256();
    QVERIFY(key.ok());
    const QDateTime notAfter = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
    auto certificate = pki::CertificateBuilder()
                           .setSubject(pki::DistinguishedName {}.add(QStringLiteral("CN"), QStringLiteral("Wi-Fi CA")))
                           .setPublicKey(*key)
                           .setValidity(QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC), notAfter)
                           .setCa()
                           .selfSign(*key);
    QVERIFY2(certificate.ok(), certificate.ok() ? "" : qPrintable(certificate.error().message));
    const plist::Array list {plist::Dict {{QStringLiteral("CommonName"), QStringLiteral("Wi-Fi CA")},
                                 {QStringLiteral("IsIdentity"), false}, {QStringLiteral("Data"), certificate->toDer()}},
        plist::Dict {{QStringLiteral("CommonName"), QStringLiteral("garbage")}, {QStringLiteral("IsIdentity"), true},
            {QStringLiteral("Data"), QByteArray("\x30\x03\x02\x01\x01", 5)}}};
    const QString type = QStringLiteral("CertificateList");
    QCOMPARE(int(apply(type, acknowledged(kUdid, kCommand, type, list)).outcome), int(ApplyOutcome::Applied));
    QCOMPARE(count(QStringLiteral("device_certificates")), 2);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT subject FROM device_certificates WHERE common_name = 'Wi-Fi CA'"))
                 .toString(),
        QStringLiteral("CN=Wi-Fi CA"));
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT issuer FROM device_certificates WHERE common_name = 'Wi-Fi CA'")).toString(),
        QStringLiteral("CN=Wi-Fi CA"));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT not_after FROM device_certificates WHERE common_name = 'Wi-Fi CA'"))
                 .toLongLong(),
        notAfter.toMSecsSinceEpoch());
    QCOMPARE(
        m_db.scalar(QStringLiteral("SELECT sha256 FROM device_certificates WHERE common_name = 'Wi-Fi CA'")).toString(),
        certificate->sha256Hex());
    // Data that is no certificate is kept as reported, with the reason it did not parse.
    QVERIFY(!m_db.scalar(QStringLiteral("SELECT parse_error FROM device_certificates WHERE common_name = 'garbage'"))
                 .toString()
                 .isEmpty());
    QVERIFY(
        m_db.scalar(QStringLiteral("SELECT subject FROM device_certificates WHERE common_name = 'garbage'")).isNull());
}

void TestInventoryUpdater::hostileResponses_data()
{
    QTest::addColumn<QString>("requestType");
    QTest::addColumn<plist::Value>("response");
    QTest::addColumn<QString>("expected");

    const QString info = QStringLiteral("DeviceInformation");
    const QString qr = QStringLiteral("QueryResponses");
    const auto withFact = [&](const QString& key, const plist::Value& value) {
        plist::Dict responses = queryResponses();
        responses.insert(key, value);
        return plist::Value(acknowledged(kUdid, kCommand, qr, responses));
    };
    QTest::newRow("DeviceName integer") << info << withFact(QStringLiteral("DeviceName"), 5)
                                        << QStringLiteral("QueryResponses.DeviceName must be String, not Integer");
    QTest::newRow("IsSupervised string") << info << withFact(QStringLiteral("IsSupervised"), QStringLiteral("yes"))
                                         << QStringLiteral("IsSupervised must be Boolean");
    QTest::newRow("BatteryLevel string") << info << withFact(QStringLiteral("BatteryLevel"), QStringLiteral("80%"))
                                         << QStringLiteral("BatteryLevel must be Real");
    QTest::newRow("OSUpdateSettings array") << info << withFact(QStringLiteral("OSUpdateSettings"), plist::Array {})
                                            << QStringLiteral("OSUpdateSettings must be Dict");
    QTest::newRow("huge string") << info << withFact(QStringLiteral("DeviceName"), QString(5000, u'x'))
                                 << QStringLiteral("longer than 4096");
    QTest::newRow("deep nesting") << info << withFact(QStringLiteral("Vendor"), deepValue(40))
                                  << QStringLiteral("nested deeper than");
    QTest::newRow("UID") << info << withFact(QStringLiteral("Vendor"), plist::Value(plist::Uid {7}))
                         << QStringLiteral("UID");
    plist::Dict manyKeys;
    for (int i = 0; i < 501; ++i)
        manyKeys.insert(QStringLiteral("Key%1").arg(i), i);
    QTest::newRow("too many facts") << info << plist::Value(acknowledged(kUdid, kCommand, qr, manyKeys))
                                    << QStringLiteral("more than the 500 accepted");
    QTest::newRow("QueryResponses missing") << info << plist::Value(acknowledged(kUdid, kCommand, QString(), 0))
                                            << QStringLiteral("QueryResponses is missing");
    QTest::newRow("QueryResponses array") << info << plist::Value(acknowledged(kUdid, kCommand, qr, plist::Array {}))
                                          << QStringLiteral("QueryResponses must be Dict, not Array");
    QTest::newRow("response not a dict") << info << plist::Value(plist::Array {}) << QStringLiteral("must be Dict");

    const QString security = QStringLiteral("SecurityInfo");
    QTest::newRow("PasscodePresent integer")
        << security
        << plist::Value(acknowledged(kUdid, kCommand, security, plist::Dict {{QStringLiteral("PasscodePresent"), 1}}))
        << QStringLiteral("SecurityInfo.PasscodePresent must be Boolean, not Integer");
    QTest::newRow("FirewallEnabled string")
        << security
        << plist::Value(acknowledged(kUdid, kCommand, security,
               plist::Dict {{QStringLiteral("FirewallSettings"),
                   plist::Dict {{QStringLiteral("FirewallEnabled"), QStringLiteral("on")}}}}))
        << QStringLiteral("SecurityInfo.FirewallSettings.FirewallEnabled must be Boolean");

    const QString profiles = QStringLiteral("ProfileList");
    QTest::newRow("ProfileList dict") << profiles
                                      << plist::Value(acknowledged(kUdid, kCommand, profiles, plist::Dict {}))
                                      << QStringLiteral("ProfileList must be Array, not Dict");
    QTest::newRow("profile item string") << profiles
                                         << plist::Value(acknowledged(kUdid, kCommand, profiles,
                                                plist::Array {profile(QStringLiteral("ok")), QStringLiteral("x")}))
                                         << QStringLiteral("ProfileList[1] must be Dict, not String");
    plist::Dict noIdentifier = profile(QStringLiteral("x"));
    noIdentifier.remove(QStringLiteral("PayloadIdentifier"));
    QTest::newRow("profile without identifier")
        << profiles << plist::Value(acknowledged(kUdid, kCommand, profiles, plist::Array {noIdentifier}))
        << QStringLiteral("ProfileList[0].PayloadIdentifier is missing");
    plist::Array manyProfiles;
    for (int i = 0; i < 1001; ++i)
        manyProfiles.append(profile(QStringLiteral("p%1").arg(i)));
    QTest::newRow("1001 profiles") << profiles << plist::Value(acknowledged(kUdid, kCommand, profiles, manyProfiles))
                                   << QStringLiteral("1001 entries, more than the 1000 accepted");

    const QString applications = QStringLiteral("InstalledApplicationList");
    plist::Array badSize = apps(5);
    badSize[4].asDict()->insert(QStringLiteral("BundleSize"), QStringLiteral("12 MB"));
    QTest::newRow("BundleSize string") << applications
                                       << plist::Value(acknowledged(kUdid, kCommand, applications, badSize))
                                       << QStringLiteral("InstalledApplicationList[4].BundleSize must be Integer");
    QTest::newRow("10001 applications") << applications
                                        << plist::Value(acknowledged(kUdid, kCommand, applications, apps(10'001)))
                                        << QStringLiteral("more than the 10000 accepted");
    plist::Array hugeSize = apps(1);
    hugeSize[0].asDict()->insert(
        QStringLiteral("BundleSize"), plist::Value::fromUnsigned(18'000'000'000'000'000'000ULL));
    QTest::newRow("BundleSize beyond int64")
        << applications << plist::Value(acknowledged(kUdid, kCommand, applications, hugeSize))
        << QStringLiteral("out of range");

    const QString certificates = QStringLiteral("CertificateList");
    QTest::newRow("certificate Data string")
        << certificates
        << plist::Value(acknowledged(kUdid, kCommand, certificates,
               plist::Array {plist::Dict {{QStringLiteral("Data"), QStringLiteral("MIIB")}}}))
        << QStringLiteral("CertificateList[0].Data must be Data, not String");
    QTest::newRow("certificate too large")
        << certificates
        << plist::Value(acknowledged(kUdid, kCommand, certificates,
               plist::Array {plist::Dict {{QStringLiteral("Data"), QByteArray(70'000, '\x30')}}}))
        << QStringLiteral("larger than 65536 bytes");
    QTest::newRow("certificate without Data")
        << certificates
        << plist::Value(acknowledged(kUdid, kCommand, certificates,
               plist::Array {plist::Dict {{QStringLiteral("CommonName"), QStringLiteral("x")}}}))
        << QStringLiteral("CertificateList[0].Data is missing");
}

void TestInventoryUpdater::hostileResponses()
{
    QFETCH(QString, requestType);
    QFETCH(plist::Value, response);
    QFETCH(QString, expected);

    // What a good answer stored must survive a bad one untouched.
    const QString key
        = requestType == QLatin1String("DeviceInformation") ? QStringLiteral("QueryResponses") : requestType;
    plist::Value good;
    if (requestType == QLatin1String("DeviceInformation"))
        good = queryResponses();
    else if (requestType == QLatin1String("SecurityInfo"))
        good = plist::Dict {{QStringLiteral("PasscodePresent"), true}};
    else if (requestType == QLatin1String("ProfileList"))
        good = plist::Array {profile(QStringLiteral("com.example.kept"))};
    else if (requestType == QLatin1String("InstalledApplicationList"))
        good = apps(2);
    else
        good = plist::Array {};
    QCOMPARE(int(apply(requestType, acknowledged(kUdid, kCommand, key, good)).outcome), int(ApplyOutcome::Applied));
    const QStringList tables {QStringLiteral("device_facts"), QStringLiteral("device_information"),
        QStringLiteral("device_security"), QStringLiteral("device_profiles"), QStringLiteral("device_applications"),
        QStringLiteral("device_certificates")};
    QList<int> before;
    for (const QString& table : tables)
        before.append(count(table));
    const QString deviceName = m_db.scalar(QStringLiteral("SELECT device_name FROM devices")).toString();

    const ApplyResult result = apply(requestType, response);
    QCOMPARE(int(result.outcome), int(ApplyOutcome::Malformed));
    QVERIFY2(result.error.contains(expected), qPrintable(result.error));

    for (qsizetype i = 0; i < tables.size(); ++i)
        QCOMPARE(count(tables.at(i)), before.at(i));
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT device_name FROM devices")).toString(), deviceName);
    QVERIFY(
        !m_db.scalar(QStringLiteral("SELECT malformed_at FROM inventory_reports WHERE request_type = ?"), {requestType})
             .isNull());
    QVERIFY(
        !m_db.scalar(QStringLiteral("SELECT applied_at FROM inventory_reports WHERE request_type = ?"), {requestType})
             .isNull());
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT error FROM inventory_reports WHERE request_type = ?"), {requestType})
                 .toString(),
        result.error);
}

void TestInventoryUpdater::applicationLimitIsExact()
{
    const QString type = QStringLiteral("InstalledApplicationList");
    const ApplyResult result = apply(type, acknowledged(kUdid, kCommand, type, apps(10'000)));
    QCOMPARE(int(result.outcome), int(ApplyOutcome::Applied));
    QCOMPARE(result.itemCount, 10'000);
    QCOMPARE(count(QStringLiteral("device_applications")), 10'000);
    QCOMPARE(m_db.scalar(QStringLiteral("SELECT bundle_size FROM device_applications WHERE identifier = ?"),
                     {QStringLiteral("com.example.app9999")})
                 .toLongLong(),
        123456);
}

void TestInventoryUpdater::notInventoryWritesNothing()
{
    const ApplyResult result = apply(QStringLiteral("RestartDevice"), acknowledged(kUdid, kCommand, QString(), 0));
    QCOMPARE(int(result.outcome), int(ApplyOutcome::NotInventory));
    QCOMPARE(count(QStringLiteral("inventory_reports")), 0);
    QCOMPARE(inventoryKindFromRequestType(QStringLiteral("deviceinformation")), std::nullopt);
    QCOMPARE(requestTypeName(*inventoryKindFromRequestType(QStringLiteral("CertificateList"))),
        QStringLiteral("CertificateList"));
}

// Every scalar key Apple's schema lists under QueryResponses is accepted with its own type and
// refused with another, so the parser's table cannot drift from the schema unnoticed.
void TestInventoryUpdater::typesMatchAppleSchema()
{
    QFile yaml(
        QStringLiteral(QUINCE_SHARED_DIR "/reference/apple-device-management/mdm/commands/information.device.yaml"));
    if (!yaml.open(QIODevice::ReadOnly))
        QSKIP("the shared reference folder is absent (../shared/reference/apple-device-management)");
    const QStringList lines = QString::fromUtf8(yaml.readAll()).split(u'\n');
    bool inResponses = false;
    QString key;
    QList<QPair<QString, QString>> keys;
    const QRegularExpression keyLine(QStringLiteral("^  - key: (\\S+)\\s*$"));
    const QRegularExpression typeLine(QStringLiteral("^    type: <(\\w+)>"));
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("- key: ")))
            inResponses = line == QLatin1String("- key: QueryResponses");
        if (!inResponses)
            continue;
        if (const auto match = keyLine.match(line); match.hasMatch())
            key = match.captured(1);
        else if (const auto type = typeLine.match(line); type.hasMatch() && !key.isEmpty()) {
            keys.append({key, type.captured(1)});
            key.clear();
        }
    }
    QVERIFY2(keys.size() > 80, qPrintable(QString::number(keys.size())));
    int checked = 0;
    for (const auto& [name, type] : keys) {
        plist::Value right;
        plist::Value wrong = QStringLiteral("wrong");
        if (type == QLatin1String("string")) {
            right = QStringLiteral("text");
            wrong = 1;
        } else if (type == QLatin1String("boolean"))
            right = true;
        else if (type == QLatin1String("integer"))
            right = 3;
        else if (type == QLatin1String("real"))
            right = 2.5;
        else if (type == QLatin1String("date"))
            right = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC);
        else if (type == QLatin1String("data"))
            right = QByteArray("bytes");
        else if (type == QLatin1String("dictionary"))
            right = plist::Dict {};
        else if (type == QLatin1String("array"))
            right = plist::Array {};
        else
            continue;
        const auto parse = [&](const plist::Value& value) {
            return ResponseParser::parse(InventoryKind::DeviceInformation,
                acknowledged(kUdid, kCommand, QStringLiteral("QueryResponses"), plist::Dict {{name, value}}));
        };
        QVERIFY2(parse(right).ok(), qPrintable(name + QStringLiteral(" as ") + type));
        QVERIFY2(!parse(wrong).ok(), qPrintable(name + QStringLiteral(" with the wrong type")));
        ++checked;
    }
    QVERIFY(checked > 80);
}

QTEST_GUILESS_MAIN(TestInventoryUpdater)
#include "tst_InventoryUpdater.moc"

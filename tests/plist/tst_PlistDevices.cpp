// SPDX-License-Identifier: GPL-3.0-or-later
// The codec against messages captured from real devices (shared/fixtures/devices).
#include "core/plist/PlistCodec.h"

#include "PlistTestSupport.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace quince::plist;

class tst_PlistDevices : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyFixtureRoundTrips_data();
    void everyFixtureRoundTrips();
    void authenticate();
    void tokenUpdate();
    void deviceInformation();

private:
    Value load(const QString& name);
    QDir m_dir;
};

void tst_PlistDevices::initTestCase()
{
    m_dir = QDir(QStringLiteral(QUINCE_SHARED_DIR "/fixtures/devices"));
    if (!m_dir.exists())
        QSKIP(qPrintable(QStringLiteral("device fixtures not found at %1 (the shared/ folder is not beside the "
                                        "checkout); set QUINCE_SHARED_DIR to run these tests")
                             .arg(m_dir.path())));
}

Value tst_PlistDevices::load(const QString& name)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    auto result = decode(file.readAll());
    if (!result) {
        qWarning().noquote() << name << result.error().toString();
        return {};
    }
    return *result;
}

void tst_PlistDevices::everyFixtureRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = m_dir.entryList({QStringLiteral("*.plist")}, QDir::Files, QDir::Name);
    QVERIFY(!names.isEmpty());
    for (const QString& name : names)
        QTest::newRow(qPrintable(name)) << name;
}

void tst_PlistDevices::everyFixtureRoundTrips()
{
    QFETCH(QString, name);
    const Value original = load(name);
    QVERIFY2(original.isDict(), qPrintable(name));
    QVERIFY(original.toDict().size() > 0);

    const auto binary = encodeBinary(original);
    QVERIFY(binary.ok());
    QCOMPARE(decode(*binary).value(), original);
    const auto xml = encodeXml(original);
    QVERIFY(xml.ok());
    QCOMPARE(decode(*xml).value(), original);
    // A device's document comes back byte for byte as libplist writes it (tabs, DOCTYPE, order).
    QCOMPARE(encodeXml(decode(*xml).value()).value(), *xml);
    QCOMPARE(encodeBinary(decode(*binary).value()).value(), *binary);
}

void tst_PlistDevices::authenticate()
{
    const Value msg = load(QStringLiteral("Authenticate.1.plist"));
    QCOMPARE(msg.value(QStringLiteral("MessageType")).toString(), QStringLiteral("Authenticate"));
    QCOMPARE(msg.value(QStringLiteral("UDID")).toString(), QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"));
    QCOMPARE(msg.value(QStringLiteral("Topic")).toString(),
        QStringLiteral("com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9"));
    QCOMPARE(msg.value(QStringLiteral("OSVersion")).toString(), QStringLiteral("9.3.5"));
    QCOMPARE(msg.toDict().keys(),
        (QStringList {QStringLiteral("BuildVersion"), QStringLiteral("MessageType"), QStringLiteral("OSVersion"),
            QStringLiteral("ProductName"), QStringLiteral("SerialNumber"), QStringLiteral("Topic"),
            QStringLiteral("UDID")}));
}

void tst_PlistDevices::tokenUpdate()
{
    const Value msg = load(QStringLiteral("TokenUpdate.1.plist"));
    QCOMPARE(msg.value(QStringLiteral("MessageType")).toString(), QStringLiteral("TokenUpdate"));
    const Value token = msg.value(QStringLiteral("Token"));
    QVERIFY(token.isData());
    QCOMPARE(token.toString(), QString()); // data is never a string
    QCOMPARE(token.toData(), QByteArray::fromBase64("R+juwGLC9ynsFwPBs+GPGXHYXwC+dkRdNAgLqnAbX1E="));
    QCOMPARE(token.toData().size(), 32);
    QCOMPARE(msg.value(QStringLiteral("PushMagic")).toString(), QStringLiteral("CEFDF0BD-E342-4A27-8742-E930EA116B0A"));
    QVERIFY(msg.value(QStringLiteral("AwaitingConfiguration")).isBool());
    QCOMPARE(msg.value(QStringLiteral("AwaitingConfiguration")).toBool(true), false);
    const QByteArray unlock = msg.value(QStringLiteral("UnlockToken")).toData();
    QVERIFY(unlock.startsWith("DATA"));
    QVERIFY(unlock.size() > 1000);
}

void tst_PlistDevices::deviceInformation()
{
    const Value msg = load(QStringLiteral("DeviceInformation.1.plist"));
    QCOMPARE(msg.value(QStringLiteral("RequestType")).toString(), QStringLiteral("DeviceInformation"));
    QCOMPARE(msg.value(QStringLiteral("Status")).toString(), QStringLiteral("Acknowledged"));
    QCOMPARE(
        msg.value(QStringLiteral("CommandUUID")).toString(), QStringLiteral("76eda240-5488-4989-8339-f2ae160113c4"));
    const Value responses = msg.value(QStringLiteral("QueryResponses"));
    QVERIFY(responses.isDict());
    QCOMPARE(responses.value(QStringLiteral("HostName")).toString(), QStringLiteral("fruit.example.com"));
    QCOMPARE(
        responses.value(QStringLiteral("UDID")).toString(), QStringLiteral("66ADE930-5FDF-5EC4-8429-15640684C489"));
}

QTEST_GUILESS_MAIN(tst_PlistDevices)
#include "tst_PlistDevices.moc"

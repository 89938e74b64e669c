// SPDX-License-Identifier: GPL-3.0-or-later
// The command builder and the CLI parameter parser: every error kind names its key, Settings
// items are checked by their Item, profiles must be profiles (a plist, or CMS signed by the real
// openssl command), the UnlockToken comes only from the server, and what the builder makes
// round-trips through the plist codec and is what CommandQueue::enqueue takes.

#include "core/commands/CommandBuilder.h"
#include "core/commands/CommandCatalogue.h"
#include "core/commands/ParameterParser.h"
#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::commands;
using plist::Array;
using plist::Dict;
using plist::Value;

Q_DECLARE_METATYPE(quince::commands::CommandErrorKind)
Q_DECLARE_METATYPE(quince::plist::Dict)

namespace {

const QByteArray kProfile = QByteArrayLiteral(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\"><dict><key>PayloadIdentifier</key><string>com.example.wifi</string>"
    "<key>PayloadType</key><string>Configuration</string><key>PayloadVersion</key><integer>1</integer>"
    "</dict></plist>\n");

Dict settingsWith(Dict item)
{
    return Dict {{QStringLiteral("Settings"), Array {Value(std::move(item))}}};
}

Value decodeBuilt(const QByteArray& bytes)
{
    Result<Value, plist::PlistError> decoded = plist::decode(bytes);
    return decoded ? *decoded : Value();
}

} // namespace

class TestCommandBuilder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void buildsAndRoundTrips();
    void keysComeOutInCatalogueOrder();
    void errorsNameTheirKey_data();
    void errorsNameTheirKey();
    void settingsItemsAreCheckedByItem();
    void openConfigurationKeepsAnything();
    void installProfileWantsAProfile();
    void signedProfilesAreAccepted();
    void clearPasscodeTakesTheTokenFromTheServerOnly();
    void enableLostModeNeedsSomethingToShow();
    void commandQueueTakesWhatTheBuilderMakes();

    void parserTypesValues();
    void parserArraysAndDictionaries();
    void parserReadsDataFiles();
    void parserErrors_data();
    void parserErrors();
};

void TestCommandBuilder::buildsAndRoundTrips()
{
    const Dict parameters {
        {QStringLiteral("Queries"), Array {Value(QStringLiteral("UDID")), Value(QStringLiteral("OSVersion"))}},
        {QStringLiteral("DeviceAttestationNonce"), Value(QByteArray(32, 'n'))}};
    Result<QByteArray, CommandError> built = CommandBuilder::build(request::DeviceInformation, parameters);
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    const Value decoded = decodeBuilt(*built);
    QVERIFY(decoded.isDict());
    QCOMPARE(decoded.toDict().entryAt(0).key, QStringLiteral("RequestType"));
    QCOMPARE(decoded.value(QStringLiteral("RequestType")).toString(), QStringLiteral("DeviceInformation"));
    QCOMPARE(decoded.value(QStringLiteral("Queries")).toArray(), parameters.value(QStringLiteral("Queries")).toArray());
    QCOMPARE(decoded.value(QStringLiteral("DeviceAttestationNonce")).toData(), QByteArray(32, 'n'));
    QVERIFY(!decoded.toDict().contains(QStringLiteral("CommandUUID")));

    // No parameters at all: just the RequestType.
    Result<QByteArray, CommandError> bare = CommandBuilder::build(request::SecurityInfo, {});
    QVERIFY(bare);
    QCOMPARE(decodeBuilt(*bare), Value(Dict {{QStringLiteral("RequestType"), Value(QStringLiteral("SecurityInfo"))}}));

    // A RequestType among the parameters is fine when it agrees, refused when it does not.
    QVERIFY(CommandBuilder::build(
        request::SecurityInfo, Dict {{QStringLiteral("RequestType"), Value(QStringLiteral("SecurityInfo"))}}));
    QVERIFY(!CommandBuilder::build(
        request::SecurityInfo, Dict {{QStringLiteral("RequestType"), Value(QStringLiteral("DeviceLock"))}}));
}

void TestCommandBuilder::keysComeOutInCatalogueOrder()
{
    const Dict parameters {{QStringLiteral("ObliterationBehavior"), Value(QStringLiteral("DoNotObliterate"))},
        {QStringLiteral("PreserveDataPlan"), Value(true)}};
    Result<Dict, CommandError> validated = CommandBuilder::validate(request::EraseDevice, parameters);
    QVERIFY(validated);
    QCOMPARE(validated->keys(),
        (QStringList {QStringLiteral("RequestType"), QStringLiteral("PreserveDataPlan"),
            QStringLiteral("ObliterationBehavior")}));
}

void TestCommandBuilder::errorsNameTheirKey_data()
{
    QTest::addColumn<QString>("requestType");
    QTest::addColumn<Dict>("parameters");
    QTest::addColumn<CommandErrorKind>("kind");
    QTest::addColumn<QString>("key");

    QTest::newRow("unknown request type")
        << QStringLiteral("MakeCoffee") << Dict {} << CommandErrorKind::UnknownRequestType << QString();
    QTest::newRow("unknown key") << QStringLiteral("DeviceLock")
                                 << Dict {{QStringLiteral("Mesage"), Value(QStringLiteral("x"))}}
                                 << CommandErrorKind::UnknownKey << QStringLiteral("Mesage");
    QTest::newRow("missing key") << QStringLiteral("RemoveProfile") << Dict {} << CommandErrorKind::MissingKey
                                 << QStringLiteral("Identifier");
    QTest::newRow("wrong type: string for boolean")
        << QStringLiteral("ProfileList") << Dict {{QStringLiteral("ManagedOnly"), Value(QStringLiteral("true"))}}
        << CommandErrorKind::WrongType << QStringLiteral("ManagedOnly");
    QTest::newRow("wrong type: string for array")
        << QStringLiteral("DeviceInformation") << Dict {{QStringLiteral("Queries"), Value(QStringLiteral("UDID"))}}
        << CommandErrorKind::WrongType << QStringLiteral("Queries");
    QTest::newRow("wrong type: array element")
        << QStringLiteral("DeviceInformation") << Dict {{QStringLiteral("Queries"), Array {Value(qint64(1))}}}
        << CommandErrorKind::WrongType << QStringLiteral("Queries[0]");
    QTest::newRow("rangelist of strings")
        << QStringLiteral("EraseDevice")
        << Dict {{QStringLiteral("ObliterationBehavior"), Value(QStringLiteral("Sometimes"))}}
        << CommandErrorKind::OutOfRange << QStringLiteral("ObliterationBehavior");
    QTest::newRow("rangelist of an array's elements")
        << QStringLiteral("InstalledApplicationList")
        << Dict {{QStringLiteral("Items"), Array {Value(QStringLiteral("Name")), Value(QStringLiteral("Colour"))}}}
        << CommandErrorKind::OutOfRange << QStringLiteral("Items[1]");
    QTest::newRow("PIN length") << QStringLiteral("DeviceLock")
                                << Dict {{QStringLiteral("PIN"), Value(QStringLiteral("12345"))}}
                                << CommandErrorKind::OutOfRange << QStringLiteral("PIN");
    QTest::newRow("nonce length") << QStringLiteral("DeviceInformation")
                                  << Dict {{QStringLiteral("Queries"), Array {Value(QStringLiteral("UDID"))}},
                                         {QStringLiteral("DeviceAttestationNonce"), Value(QByteArray(33, 'n'))}}
                                  << CommandErrorKind::OutOfRange << QStringLiteral("DeviceAttestationNonce");
    QTest::newRow("nested: missing required subkey")
        << QStringLiteral("EraseDevice") << Dict {{QStringLiteral("ReturnToService"), Dict {}}}
        << CommandErrorKind::MissingKey << QStringLiteral("ReturnToService.Enabled");
    QTest::newRow("nested: unknown subkey")
        << QStringLiteral("EraseDevice")
        << Dict {{QStringLiteral("ReturnToService"),
               Dict {{QStringLiteral("Enabled"), Value(true)}, {QStringLiteral("Wifi"), Value(QByteArray("x"))}}}}
        << CommandErrorKind::UnknownKey << QStringLiteral("ReturnToService.Wifi");
    QTest::newRow("data too large") << QStringLiteral("InstallProvisioningProfile")
                                    << Dict {{QStringLiteral("ProvisioningProfile"),
                                           Value(QByteArray(CommandBuilder::kMaxDataBytes + 1, '0'))}}
                                    << CommandErrorKind::OutOfRange << QStringLiteral("ProvisioningProfile");
    QTest::newRow("server-supplied key") << QStringLiteral("ClearPasscode")
                                         << Dict {{QStringLiteral("UnlockToken"), Value(QByteArray("token"))}}
                                         << CommandErrorKind::ServerSupplied << QStringLiteral("UnlockToken");
}

void TestCommandBuilder::errorsNameTheirKey()
{
    QFETCH(QString, requestType);
    QFETCH(Dict, parameters);
    QFETCH(CommandErrorKind, kind);
    QFETCH(QString, key);
    Result<QByteArray, CommandError> built = CommandBuilder::build(requestType, parameters);
    QVERIFY(!built);
    QCOMPARE(built.error().kind, kind);
    QCOMPARE(built.error().key, key);
    QVERIFY2(built.error().message.contains(key.isEmpty() ? requestType : key), qPrintable(built.error().message));
    QVERIFY(!commandErrorKindName(kind).isEmpty());
}

void TestCommandBuilder::settingsItemsAreCheckedByItem()
{
    const Dict deviceName {{QStringLiteral("Item"), Value(QStringLiteral("DeviceName"))},
        {QStringLiteral("DeviceName"), Value(QStringLiteral("Front desk"))}};
    const Dict wallpaper {{QStringLiteral("Item"), Value(QStringLiteral("Wallpaper"))},
        {QStringLiteral("Where"), Value(qint64(3))}, {QStringLiteral("Image"), Value(QByteArray("\x89PNG"))}};
    const Dict organization {{QStringLiteral("Item"), Value(QStringLiteral("OrganizationInfo"))},
        {QStringLiteral("OrganizationInfo"),
            Dict {{QStringLiteral("OrganizationName"), Value(QStringLiteral("Quince"))}}}};
    const Dict parameters {
        {QStringLiteral("Settings"), Array {Value(deviceName), Value(wallpaper), Value(organization)}}};
    Result<QByteArray, CommandError> built = CommandBuilder::build(request::Settings, parameters);
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    const Value decoded = decodeBuilt(*built);
    const Value& items = decoded.value(QStringLiteral("Settings"));
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(0), Value(deviceName));
    // The wallpaper's keys in Apple's order: Item, Image, Where.
    QCOMPARE(items.at(1).toDict().keys(),
        (QStringList {QStringLiteral("Item"), QStringLiteral("Image"), QStringLiteral("Where")}));
    QCOMPARE(items.at(2).value(QStringLiteral("OrganizationInfo")).value(QStringLiteral("OrganizationName")).toString(),
        QStringLiteral("Quince"));

    const auto errorOf = [](const Dict& item) {
        Result<QByteArray, CommandError> result = CommandBuilder::build(request::Settings, settingsWith(item));
        return result ? CommandError {CommandErrorKind::EncodingFailed, QStringLiteral("(built)"), {}} : result.error();
    };
    CommandError error = errorOf(Dict {{QStringLiteral("DeviceName"), Value(QStringLiteral("x"))}});
    QCOMPARE(error.kind, CommandErrorKind::MissingKey);
    QCOMPARE(error.key, QStringLiteral("Settings[0].Item"));
    error = errorOf(Dict {{QStringLiteral("Item"), Value(QStringLiteral("Brightness"))}});
    QCOMPARE(error.kind, CommandErrorKind::OutOfRange);
    QCOMPARE(error.key, QStringLiteral("Settings[0].Item"));
    QVERIFY(error.message.contains(QStringLiteral("DeviceName")));
    error = errorOf(Dict {{QStringLiteral("Item"), Value(qint64(1))}});
    QCOMPARE(error.kind, CommandErrorKind::WrongType);
    error = errorOf(Dict {{QStringLiteral("Item"), Value(QStringLiteral("DeviceName"))}});
    QCOMPARE(error.kind, CommandErrorKind::MissingKey);
    QCOMPARE(error.key, QStringLiteral("Settings[0].DeviceName"));
    error = errorOf(Dict {{QStringLiteral("Item"), Value(QStringLiteral("DeviceName"))},
        {QStringLiteral("DeviceName"), Value(QStringLiteral("x"))}, {QStringLiteral("Enabled"), Value(true)}});
    QCOMPARE(error.kind, CommandErrorKind::UnknownKey);
    QCOMPARE(error.key, QStringLiteral("Settings[0].Enabled"));
    error = errorOf(Dict {{QStringLiteral("Item"), Value(QStringLiteral("Wallpaper"))},
        {QStringLiteral("Image"), Value(QByteArray("x"))}, {QStringLiteral("Where"), Value(qint64(4))}});
    QCOMPARE(error.kind, CommandErrorKind::OutOfRange);
    QCOMPARE(error.key, QStringLiteral("Settings[0].Where"));
    error = errorOf(Dict {{QStringLiteral("Item"), Value(QStringLiteral("OrganizationInfo"))},
        {QStringLiteral("OrganizationInfo"),
            Dict {{QStringLiteral("OrganizationPhone"), Value(QStringLiteral("1"))}}}});
    QCOMPARE(error.kind, CommandErrorKind::MissingKey);
    QCOMPARE(error.key, QStringLiteral("Settings[0].OrganizationInfo.OrganizationName"));
}

void TestCommandBuilder::openConfigurationKeepsAnything()
{
    const Dict configuration {{QStringLiteral("ServerURL"), Value(QStringLiteral("https://example.com"))},
        {QStringLiteral("Retries"), Value(qint64(3))},
        {QStringLiteral("Nested"), Dict {{QStringLiteral("On"), Value(true)}}}};
    const Dict item {{QStringLiteral("Item"), Value(QStringLiteral("ApplicationConfiguration"))},
        {QStringLiteral("Identifier"), Value(QStringLiteral("com.example.app"))},
        {QStringLiteral("Configuration"), configuration}};
    Result<QByteArray, CommandError> built = CommandBuilder::build(request::Settings, settingsWith(item));
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    QCOMPARE(decodeBuilt(*built).value(QStringLiteral("Settings")).at(0).value(QStringLiteral("Configuration")),
        Value(configuration));
}

void TestCommandBuilder::installProfileWantsAProfile()
{
    QVERIFY(CommandBuilder::build(request::InstallProfile, Dict {{QStringLiteral("Payload"), Value(kProfile)}}));

    Result<QByteArray, CommandError> junk = CommandBuilder::build(
        request::InstallProfile, Dict {{QStringLiteral("Payload"), Value(QByteArray("not a profile at all"))}});
    QVERIFY(!junk);
    QCOMPARE(junk.error().kind, CommandErrorKind::InvalidValue);
    QCOMPARE(junk.error().key, QStringLiteral("Payload"));

    Result<QByteArray, CommandError> array = CommandBuilder::build(request::InstallProfile,
        Dict {{QStringLiteral("Payload"), Value(*plist::encodeXml(Value(Array {Value(qint64(1))})))}});
    QVERIFY(!array);
    QCOMPARE(array.error().kind, CommandErrorKind::InvalidValue);

    // A provisioning profile is always signed: a bare plist is not one.
    Result<QByteArray, CommandError> provisioning = CommandBuilder::build(
        request::InstallProvisioningProfile, Dict {{QStringLiteral("ProvisioningProfile"), Value(kProfile)}});
    QVERIFY(!provisioning);
    QCOMPARE(provisioning.error().kind, CommandErrorKind::InvalidValue);
}

void TestCommandBuilder::signedProfilesAreAccepted()
{
    const QString openssl = test::opensslPath();
    if (openssl.isEmpty())
        QSKIP("the openssl command is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("profile.plist")), kProfile));
    test::Outcome made = test::run(openssl,
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), QStringLiteral("key.pem"), QStringLiteral("-out"), QStringLiteral("cert.pem"),
            QStringLiteral("-subj"), QStringLiteral("/CN=Profile Signer"), QStringLiteral("-days"),
            QStringLiteral("1")},
        dir.path());
    QVERIFY2(made.ok(), made.both().constData());
    test::Outcome signedProfile = test::run(openssl,
        {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-in"), QStringLiteral("profile.plist"),
            QStringLiteral("-signer"), QStringLiteral("cert.pem"), QStringLiteral("-inkey"), QStringLiteral("key.pem"),
            QStringLiteral("-nodetach"), QStringLiteral("-binary"), QStringLiteral("-outform"), QStringLiteral("DER"),
            QStringLiteral("-out"), QStringLiteral("signed.der")},
        dir.path());
    QVERIFY2(signedProfile.ok(), signedProfile.both().constData());
    const QByteArray der = test::readFile(dir.filePath(QStringLiteral("signed.der")));
    QVERIFY(!der.isEmpty());

    Result<QByteArray, CommandError> built
        = CommandBuilder::build(request::InstallProfile, Dict {{QStringLiteral("Payload"), Value(der)}});
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    QCOMPARE(decodeBuilt(*built).value(QStringLiteral("Payload")).toData(), der);
    QVERIFY(CommandBuilder::build(
        request::InstallProvisioningProfile, Dict {{QStringLiteral("ProvisioningProfile"), Value(der)}}));
    // A truncated signature is neither a plist nor a SignedData.
    QVERIFY(!CommandBuilder::build(
        request::InstallProfile, Dict {{QStringLiteral("Payload"), Value(der.left(der.size() - 10))}}));
}

void TestCommandBuilder::clearPasscodeTakesTheTokenFromTheServerOnly()
{
    Result<QByteArray, CommandError> without = CommandBuilder::build(request::ClearPasscode, {});
    QVERIFY(!without);
    QCOMPARE(without.error().kind, CommandErrorKind::MissingKey);
    QCOMPARE(without.error().key, QStringLiteral("UnlockToken"));

    ServerSuppliedValues server;
    server.unlockToken = QByteArray::fromHex("00112233445566778899");
    Result<QByteArray, CommandError> built = CommandBuilder::build(request::ClearPasscode, {}, server);
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    QCOMPARE(decodeBuilt(*built).value(QStringLiteral("UnlockToken")).toData(), server.unlockToken);

    // Even with the server's token, a caller-given one is refused rather than preferred.
    Result<QByteArray, CommandError> smuggled = CommandBuilder::build(
        request::ClearPasscode, Dict {{QStringLiteral("UnlockToken"), Value(QByteArray("mine"))}}, server);
    QVERIFY(!smuggled);
    QCOMPARE(smuggled.error().kind, CommandErrorKind::ServerSupplied);
}

void TestCommandBuilder::enableLostModeNeedsSomethingToShow()
{
    Result<QByteArray, CommandError> nothing = CommandBuilder::build(
        request::EnableLostMode, Dict {{QStringLiteral("Footnote"), Value(QStringLiteral("Call us"))}});
    QVERIFY(!nothing);
    QCOMPARE(nothing.error().kind, CommandErrorKind::MissingKey);
    QVERIFY(nothing.error().message.contains(QStringLiteral("PhoneNumber")));
    QVERIFY(CommandBuilder::build(
        request::EnableLostMode, Dict {{QStringLiteral("PhoneNumber"), Value(QStringLiteral("+33 1 23 45 67 89"))}}));
}

void TestCommandBuilder::commandQueueTakesWhatTheBuilderMakes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto db = storage::Database::openWriter(dir.filePath(storage::Database::databaseFileName()));
    QVERIFY2(db, db ? "" : qPrintable(db.error().toString()));
    QVERIFY(db->exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                    "VALUES ('UDID-1', 'enrolled', 0, 0)")));
    auto enrollment = db->exec(QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, status, "
                                              "created_at, updated_at) VALUES (1, 'device', '', 'active', 0, 0)"));
    QVERIFY(enrollment);
    const qint64 enrollmentId = enrollment->lastInsertId().toLongLong();

    Result<QByteArray, CommandError> built = CommandBuilder::build(
        request::DeviceLock, Dict {{QStringLiteral("Message"), Value(QStringLiteral("Return to IT"))}});
    QVERIFY(built);
    mdm::CommandQueue queue(*db);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto uuid = queue.enqueue({enrollmentId}, request::DeviceLock, *built, {}, now);
    QVERIFY2(uuid, uuid ? "" : qPrintable(uuid.error().toString()));
    auto next = queue.next(enrollmentId, {}, now);
    QVERIFY(next && next->has_value());
    const Value body = decodeBuilt((*next)->body);
    QCOMPARE(body.value(QStringLiteral("CommandUUID")).toString(), *uuid);
    QCOMPARE(body.value(QStringLiteral("Command")),
        Value(Dict {{QStringLiteral("RequestType"), Value(QStringLiteral("DeviceLock"))},
            {QStringLiteral("Message"), Value(QStringLiteral("Return to IT"))}}));
}

void TestCommandBuilder::parserTypesValues()
{
    Result<Dict, CommandError> erase = ParameterParser::parse(request::EraseDevice,
        {QStringLiteral("PreserveDataPlan=true"), QStringLiteral("DisallowProximitySetup=FALSE"),
            QStringLiteral("PIN=123456"), QStringLiteral("ObliterationBehavior=Always")});
    QVERIFY2(erase, erase ? "" : qPrintable(erase.error().message));
    QCOMPARE(erase->value(QStringLiteral("PreserveDataPlan")), Value(true));
    QCOMPARE(erase->value(QStringLiteral("DisallowProximitySetup")), Value(false));
    QCOMPARE(erase->value(QStringLiteral("PIN")), Value(QStringLiteral("123456"))); // a string, by the catalogue
    QVERIFY(CommandBuilder::build(request::EraseDevice, *erase));

    Result<Dict, CommandError> nonce = ParameterParser::parse(request::DeviceInformation,
        {QStringLiteral("Queries=UDID"), QStringLiteral("DeviceAttestationNonce=base64:AAECAw==")});
    QVERIFY(nonce);
    QCOMPARE(nonce->value(QStringLiteral("DeviceAttestationNonce")).toData(), QByteArray::fromHex("00010203"));

    // Dates: ISO 8601, UTC unless a zone is written (no catalogue key is a date yet).
    Parameter date;
    date.key = QStringLiteral("When");
    date.type = ValueType::Date;
    Result<Value, CommandError> when
        = ParameterParser::parseValue(date, QStringLiteral("2026-11-28T12:00:00"), date.key, {});
    QVERIFY(when);
    QCOMPARE(when->toDateTime(), QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
    Parameter real;
    real.key = QStringLiteral("Latitude");
    real.type = ValueType::Real;
    Result<Value, CommandError> latitude = ParameterParser::parseValue(real, QStringLiteral("48.85"), real.key, {});
    QVERIFY(latitude && latitude->isReal());
}

void TestCommandBuilder::parserArraysAndDictionaries()
{
    // Repeated keys and a JSON array add up, in order.
    Result<Dict, CommandError> queries = ParameterParser::parse(request::DeviceInformation,
        {QStringLiteral("Queries=UDID"), QStringLiteral("Queries=[\"OSVersion\",\"SerialNumber\"]"),
            QStringLiteral("Queries=DeviceName")});
    QVERIFY2(queries, queries ? "" : qPrintable(queries.error().message));
    QCOMPARE(queries->value(QStringLiteral("Queries")),
        Value(Array {Value(QStringLiteral("UDID")), Value(QStringLiteral("OSVersion")),
            Value(QStringLiteral("SerialNumber")), Value(QStringLiteral("DeviceName"))}));

    // Settings as JSON: each item typed by its own Item (Where is an integer, Image data).
    Result<Dict, CommandError> settings = ParameterParser::parse(request::Settings,
        {QStringLiteral("Settings=[{\"Item\":\"DeviceName\",\"DeviceName\":\"Kiosk 3\"},"
                        "{\"Item\":\"Wallpaper\",\"Where\":2,\"Image\":\"base64:iVBORw==\"},"
                        "{\"Item\":\"ApplicationConfiguration\",\"Identifier\":\"com.example.app\","
                        "\"Configuration\":{\"Level\":2,\"Ratio\":0.5,\"Tags\":[\"a\"]}}]")});
    QVERIFY2(settings, settings ? "" : qPrintable(settings.error().message));
    Result<QByteArray, CommandError> built = CommandBuilder::build(request::Settings, *settings);
    QVERIFY2(built, built ? "" : qPrintable(built.error().message));
    const Value items = decodeBuilt(*built).value(QStringLiteral("Settings"));
    QCOMPARE(items.at(1).value(QStringLiteral("Where")), Value(qint64(2)));
    QCOMPARE(items.at(1).value(QStringLiteral("Image")).toData(), QByteArray::fromBase64("iVBORw=="));
    const Value configuration = items.at(2).value(QStringLiteral("Configuration"));
    QCOMPARE(configuration.value(QStringLiteral("Level")), Value(qint64(2)));
    QCOMPARE(configuration.value(QStringLiteral("Ratio")), Value(0.5));
    QCOMPARE(configuration.value(QStringLiteral("Tags")), Value(Array {Value(QStringLiteral("a"))}));

    // A dictionary parameter from a JSON object.
    Result<Dict, CommandError> erase
        = ParameterParser::parse(request::EraseDevice, {QStringLiteral("ReturnToService={\"Enabled\":true}")});
    QVERIFY(erase);
    QCOMPARE(erase->value(QStringLiteral("ReturnToService")), Value(Dict {{QStringLiteral("Enabled"), Value(true)}}));
}

void TestCommandBuilder::parserReadsDataFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("wifi.mobileconfig")), kProfile));
    ParameterParser::Options options;
    options.baseDirectory = dir.path();
    Result<Dict, CommandError> parsed
        = ParameterParser::parse(request::InstallProfile, {QStringLiteral("Payload=@wifi.mobileconfig")}, options);
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->value(QStringLiteral("Payload")).toData(), kProfile);
    QVERIFY(CommandBuilder::build(request::InstallProfile, *parsed));

    Result<Dict, CommandError> absolute = ParameterParser::parse(
        request::InstallProfile, {QStringLiteral("Payload=@") + dir.filePath(QStringLiteral("wifi.mobileconfig"))});
    QVERIFY(absolute);

    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("huge")), QByteArray(CommandBuilder::kMaxDataBytes + 1, 'x')));
    Result<Dict, CommandError> huge
        = ParameterParser::parse(request::InstallProfile, {QStringLiteral("Payload=@huge")}, options);
    QVERIFY(!huge);
    QCOMPARE(huge.error().kind, CommandErrorKind::OutOfRange);

    Result<Dict, CommandError> missing
        = ParameterParser::parse(request::InstallProfile, {QStringLiteral("Payload=@absent")}, options);
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, CommandErrorKind::InvalidValue);
    QVERIFY(missing.error().message.contains(QStringLiteral("absent")));

    options.allowFiles = false;
    QVERIFY(!ParameterParser::parse(request::InstallProfile, {QStringLiteral("Payload=@wifi.mobileconfig")}, options));
}

void TestCommandBuilder::parserErrors_data()
{
    QTest::addColumn<QString>("requestType");
    QTest::addColumn<QStringList>("assignments");
    QTest::addColumn<CommandErrorKind>("kind");
    QTest::addColumn<QString>("key");

    QTest::newRow("unknown request type")
        << QStringLiteral("MakeCoffee") << QStringList {} << CommandErrorKind::UnknownRequestType << QString();
    QTest::newRow("no equals sign") << QStringLiteral("RemoveProfile") << QStringList {QStringLiteral("Identifier")}
                                    << CommandErrorKind::InvalidValue << QStringLiteral("Identifier");
    QTest::newRow("unknown key") << QStringLiteral("RemoveProfile") << QStringList {QStringLiteral("Id=x")}
                                 << CommandErrorKind::UnknownKey << QStringLiteral("Id");
    QTest::newRow("bad boolean") << QStringLiteral("ProfileList") << QStringList {QStringLiteral("ManagedOnly=yes")}
                                 << CommandErrorKind::WrongType << QStringLiteral("ManagedOnly");
    QTest::newRow("data without a form") << QStringLiteral("InstallProfile")
                                         << QStringList {QStringLiteral("Payload=profile.mobileconfig")}
                                         << CommandErrorKind::WrongType << QStringLiteral("Payload");
    QTest::newRow("bad base64") << QStringLiteral("InstallProfile")
                                << QStringList {QStringLiteral("Payload=base64:%%%")} << CommandErrorKind::InvalidValue
                                << QStringLiteral("Payload");
    QTest::newRow("scalar given twice") << QStringLiteral("RemoveProfile")
                                        << QStringList {QStringLiteral("Identifier=a"), QStringLiteral("Identifier=b")}
                                        << CommandErrorKind::InvalidValue << QStringLiteral("Identifier");
    QTest::newRow("bad JSON") << QStringLiteral("Settings") << QStringList {QStringLiteral("Settings=[{\"Item\":")}
                              << CommandErrorKind::InvalidValue << QStringLiteral("Settings");
    QTest::newRow("JSON number for a string")
        << QStringLiteral("Settings")
        << QStringList {QStringLiteral("Settings=[{\"Item\":\"DeviceName\",\"DeviceName\":7}]")}
        << CommandErrorKind::WrongType << QStringLiteral("Settings[0].DeviceName");
    QTest::newRow("JSON fraction for an integer")
        << QStringLiteral("Settings")
        << QStringList {QStringLiteral("Settings=[{\"Item\":\"Wallpaper\",\"Where\":1.5,\"Image\":\"base64:AA==\"}]")}
        << CommandErrorKind::WrongType << QStringLiteral("Settings[0].Where");
    QTest::newRow("JSON unknown subkey") << QStringLiteral("EraseDevice")
                                         << QStringList {QStringLiteral("ReturnToService={\"Enable\":true}")}
                                         << CommandErrorKind::UnknownKey << QStringLiteral("ReturnToService.Enable");
    QTest::newRow("dictionary not an object")
        << QStringLiteral("EraseDevice") << QStringList {QStringLiteral("ReturnToService=[true]")}
        << CommandErrorKind::WrongType << QStringLiteral("ReturnToService");
    QTest::newRow("UnlockToken from text")
        << QStringLiteral("ClearPasscode") << QStringList {QStringLiteral("UnlockToken=base64:AAAA")}
        << CommandErrorKind::ServerSupplied << QStringLiteral("UnlockToken");
}

void TestCommandBuilder::parserErrors()
{
    QFETCH(QString, requestType);
    QFETCH(QStringList, assignments);
    QFETCH(CommandErrorKind, kind);
    QFETCH(QString, key);
    Result<Dict, CommandError> parsed = ParameterParser::parse(requestType, assignments);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, kind);
    QCOMPARE(parsed.error().key, key);
    QVERIFY2(parsed.error().message.contains(key.isEmpty() ? requestType : key), qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(TestCommandBuilder)
#include "tst_CommandBuilder.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The MDM listener end to end: a real quinced on 127.0.0.1, simulated devices that enroll from a
// profile (SCEP, Authenticate, TokenUpdate) and take commands over mutual TLS or Mdm-Signature,
// the queue's rules as a device sees them, identity attacks refused, and real captured device
// messages accepted.
#include "IntegrationPaths.h"
#include "QuincedProcess.h"
#include "ScepClient.h"
#include "ServerDatabase.h"
#include "SimulatedDevice.h"

#include "core/pki/CmsSigner.h"
#include "core/plist/PlistCodec.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <chrono>
#include <memory>

using namespace quince;
using namespace quince::devsim;

namespace {

QByteArray statusBody(
    const QString& udid, const QString& status, const QString& commandUuid = {}, const QString& userId = {})
{
    plist::Dict dict {{QStringLiteral("UDID"), udid}, {QStringLiteral("Status"), status}};
    if (!commandUuid.isEmpty())
        dict.insert(QStringLiteral("CommandUUID"), commandUuid);
    if (!userId.isEmpty())
        dict.insert(QStringLiteral("UserID"), userId);
    auto encoded = plist::encodeXml(plist::Value(dict));
    return encoded ? *encoded : QByteArray();
}

QByteArray readFixture(const QString& name)
{
    QFile file(QDir(QStringLiteral(QUINCE_SHARED_DIR "/fixtures/devices")).filePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMdmListener : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<QuincedProcess>(QStringLiteral(QUINCED_BIN), m_dir.filePath(QStringLiteral("data")),
            m_dir.filePath(QStringLiteral("passphrase")));
        Status started = m_server->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        const Status opened = m_db.open(m_server->databasePath());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        // The operator imports the push certificate; from the restart on, its Topic is enforced.
        QVERIFY(m_db.addPushCertificate());
        QVERIFY(m_server->stop());
        started = m_server->start(m_server->port());
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    }

    void cleanupTestCase()
    {
        m_db.close();
        if (m_server) {
            const Status stopped = m_server->stop();
            QVERIFY2(stopped, qPrintable(stopped ? QString() : stopped.error().message));
        }
    }

    void fullEnrollmentOverMutualTls()
    {
        // The signed profile quincectl writes, as an operator would mail it.
        auto bytes = m_server->enrollmentProfile(QStringLiteral(QUINCECTL_BIN));
        QVERIFY2(bytes, qPrintable(bytes ? QString() : bytes.error().message));
        auto profile = EnrollmentProfile::parse(*bytes);
        QVERIFY2(profile, qPrintable(profile ? QString() : profile.error().message));
        QVERIFY(profile->wasSigned);
        QVERIFY(!profile->signMessage);
        QCOMPARE(profile->topic, ServerDatabase::kTopic);
        QCOMPARE(profile->serverUrl.port(), int(m_server->port()));
        // A device refuses a signed profile altered on the way.
        QByteArray altered = *bytes;
        const qsizetype at = altered.indexOf("/mdm/connect");
        QVERIFY(at > 0);
        altered[at + 1] = 'n';
        const auto refusedProfile = EnrollmentProfile::parse(altered);
        QVERIFY(!refusedProfile);
        QVERIFY2(refusedProfile.error().message.contains(QLatin1String("signature")),
            qPrintable(refusedProfile.error().message));
        SimulatedDevice device(DeviceInfo::numbered(1, QStringLiteral("lifecycle")));
        const Status enrolled = device.enroll(*bytes);
        QVERIFY2(enrolled, qPrintable(enrolled ? QString() : enrolled.error().message));
        QVERIFY(device.certificate().isSignedBy(issuingCa()));

        auto state
            = m_db.query(QStringLiteral("SELECT e.status, d.enrollment_state, d.serial_number FROM enrollments e "
                                        "JOIN devices d ON d.id = e.device_id WHERE d.udid = ?"),
                {device.info().udid});
        QVERIFY(state);
        QCOMPARE(state->size(), 1);
        QCOMPARE(state->first().at(0).toString(), QStringLiteral("active"));
        QCOMPARE(state->first().at(1).toString(), QStringLiteral("enrolled"));
        QCOMPARE(state->first().at(2).toString(), device.info().serialNumber);
        // The certificate SCEP issued is the one bound to this UDID.
        auto bound = m_db.scalar(QStringLiteral("SELECT device_udid FROM certificates WHERE sha256 = ?"),
            {device.certificate().sha256Hex().toLower()});
        QVERIFY2(bound, qPrintable(bound ? QString() : bound.error().message));
        QCOMPARE(bound->toString(), device.info().udid);

        // Nothing queued: Idle gets an empty 200.
        const ConnectSummary idle = device.connect();
        QVERIFY2(idle.ok(), qPrintable(idle.error));
        QCOMPARE(idle.requests, 1);
        QVERIFY(idle.received.isEmpty());

        // The challenge was single-use: a second device with the same profile is refused by SCEP.
        SimulatedDevice second(DeviceInfo::numbered(2, QStringLiteral("lifecycle")));
        const Status refused = second.enroll(*profile);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("refused")), qPrintable(refused.error().message));
    }

    void fullEnrollmentWithSignMessage()
    {
        auto bytes = m_server->enrollmentProfile(QStringLiteral(QUINCECTL_BIN), true);
        QVERIFY2(bytes, qPrintable(bytes ? QString() : bytes.error().message));
        auto profile = EnrollmentProfile::parse(*bytes);
        QVERIFY2(profile, qPrintable(profile ? QString() : profile.error().message));
        QVERIFY(profile->signMessage);
        SimulatedDevice device(DeviceInfo::numbered(3, QStringLiteral("lifecycle")));
        const Status enrolled = device.enroll(*profile);
        QVERIFY2(enrolled, qPrintable(enrolled ? QString() : enrolled.error().message));
        QCOMPARE(device.identityMode(), SimulatedDevice::IdentityMode::MdmSignature);
        auto id = m_db.enrollmentId(device.info().udid);
        QVERIFY(id);
        auto uuid = m_db.enqueue({*id}, QStringLiteral("SecurityInfo"));
        QVERIFY(uuid);
        const ConnectSummary summary = device.connect();
        QVERIFY2(summary.ok(), qPrintable(summary.error));
        QCOMPARE(summary.received, QStringList {*uuid});
        auto stored = m_db.scalar(QStringLiteral("SELECT r.response FROM command_results r JOIN command_queue q "
                                                 "ON q.id = r.queue_id JOIN commands c ON c.id = q.command_id "
                                                 "WHERE c.command_uuid = ?"),
            {*uuid});
        QVERIFY(stored);
        QVERIFY(stored->toByteArray().contains("PasscodeCompliant"));

        // Older devices sign with SHA-1: accepted as well.
        device.setSignatureDigest(pki::CmsSigner::Digest::Sha1);
        auto next = m_db.enqueue({*id}, QStringLiteral("ProfileList"));
        QVERIFY(next);
        const ConnectSummary sha1 = device.connect();
        QVERIFY2(sha1.ok(), qPrintable(sha1.error));
        QCOMPARE(sha1.received, QStringList {*next});
    }

    void eachCheckInType()
    {
        SimulatedDevice device(DeviceInfo::numbered(4, QStringLiteral("lifecycle")));
        QVERIFY(enroll(device));
        const auto type = [&](const QString& messageType, plist::Dict extra = {}) {
            extra.insert(QStringLiteral("MessageType"), messageType);
            return device.checkIn(extra).status;
        };
        QCOMPARE(
            type(QStringLiteral("Authenticate"), {{QStringLiteral("SerialNumber"), device.info().serialNumber}}), 200);
        QCOMPARE(device.tokenUpdate().status, 200);
        QCOMPARE(
            type(QStringLiteral("SetBootstrapToken"), {{QStringLiteral("BootstrapToken"), QByteArray(32, 'b')}}), 200);
        const HttpReply bootstrap
            = device.checkIn({{QStringLiteral("MessageType"), QStringLiteral("GetBootstrapToken")}});
        QCOMPARE(bootstrap.status, 200);
        QVERIFY2(bootstrap.body.contains(QByteArray(32, 'b').toBase64()), bootstrap.body.constData());
        // No user authentication service: 410 tells the device not to make a user channel.
        QCOMPARE(type(QStringLiteral("UserAuthenticate"), {{QStringLiteral("UserID"), QStringLiteral("U1")}}), 410);
        QCOMPARE(
            type(QStringLiteral("DeclarativeManagement"), {{QStringLiteral("Endpoint"), QStringLiteral("tokens")}}),
            501);
        QCOMPARE(type(QStringLiteral("GetToken"), {{QStringLiteral("TokenServiceType"), QStringLiteral("x")}}), 501);
        QCOMPARE(type(QStringLiteral("NoSuchMessage")), 400);
        QCOMPARE(device.checkOut().status, 200);
        auto state = m_db.scalar(QStringLiteral("SELECT e.status FROM enrollments e JOIN devices d ON d.id = "
                                                "e.device_id WHERE d.udid = ? AND e.channel = 'device'"),
            {device.info().udid});
        QVERIFY(state);
        QCOMPARE(state->toString(), QStringLiteral("checked_out"));
        // Checked out: the ServerURL no longer serves it; a TokenUpdate is from an unmanaged device.
        QCOMPARE(device.connect().lastHttpStatus, 401);
        QCOMPARE(device.tokenUpdate().status, 401);
    }

    void queueSemantics()
    {
        SimulatedDevice device(DeviceInfo::numbered(5, QStringLiteral("lifecycle")));
        QVERIFY(enroll(device));
        auto id = m_db.enrollmentId(device.info().udid);
        QVERIFY(id);
        const auto queue = [&](const QString& type, const mdm::EnqueueOptions& options = {}) {
            auto uuid = m_db.enqueue({*id}, type, {}, options);
            return uuid ? *uuid : QString();
        };
        const QString info = queue(QStringLiteral("DeviceInformation"));
        const QString profiles = queue(QStringLiteral("ProfileList"));
        const QString apps = queue(QStringLiteral("InstalledApplicationList"));
        const QString certs = queue(QStringLiteral("CertificateList"));
        const QString canceled = queue(QStringLiteral("ProvisioningProfileList"));
        mdm::EnqueueOptions shortLived;
        shortLived.ttl = std::chrono::seconds(1);
        const QString expiring = queue(QStringLiteral("SecurityInfo"), shortLived);
        QVERIFY(!info.isEmpty() && !expiring.isEmpty());
        auto canceledRows = m_db.cancel(canceled);
        QVERIFY(canceledRows);
        QCOMPARE(*canceledRows, 1);
        QThread::msleep(1100); // the TTL passes

        // NotNow for ProfileList, an Error for the app list, a duplicated Acknowledged for the
        // certificate list: FIFO order, the NotNow one not offered again on this connection, the
        // canceled and the expired ones never.
        const CommandPolicy policy = answerByType({
            {QStringLiteral("ProfileList"), {CommandAnswer::Status::NotNow, false}},
            {QStringLiteral("InstalledApplicationList"), {CommandAnswer::Status::Error, false}},
            {QStringLiteral("CertificateList"), {CommandAnswer::Status::Acknowledged, true}},
        });
        const ConnectSummary first = device.connect(policy);
        QVERIFY2(first.ok(), qPrintable(first.error));
        QCOMPARE(first.received, (QStringList {info, profiles, apps, certs}));
        // The NotNow command comes back on the next connection.
        device.disconnect();
        const ConnectSummary second = device.connect();
        QVERIFY2(second.ok(), qPrintable(second.error));
        QCOMPARE(second.received, QStringList {profiles});
        QVERIFY(device.redeliveredAfterConfirmation().isEmpty());

        const auto state = [&](const QString& uuid) {
            auto value = m_db.scalar(QStringLiteral("SELECT q.state FROM command_queue q JOIN commands c ON c.id = "
                                                    "q.command_id WHERE c.command_uuid = ?"),
                {uuid});
            return value ? value->toString() : value.error().message;
        };
        QCOMPARE(state(info), QStringLiteral("acknowledged"));
        QCOMPARE(state(profiles), QStringLiteral("acknowledged"));
        QCOMPARE(state(apps), QStringLiteral("error"));
        QCOMPARE(state(certs), QStringLiteral("acknowledged"));
        QCOMPARE(state(canceled), QStringLiteral("canceled"));
        QCOMPARE(state(expiring), QStringLiteral("expired"));
        const auto results = [&](const QString& uuid) {
            auto value = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM command_results r JOIN command_queue q ON "
                                                    "q.id = r.queue_id JOIN commands c ON c.id = q.command_id "
                                                    "WHERE c.command_uuid = ?"),
                {uuid});
            return value ? value->toInt() : -1;
        };
        QCOMPARE(results(certs), 1); // the duplicate status stored once
        QCOMPARE(results(apps), 1);
        QCOMPARE(results(canceled), 0);
        auto notNow
            = m_db.scalar(QStringLiteral("SELECT q.not_now_count FROM command_queue q JOIN commands c ON c.id = "
                                         "q.command_id WHERE c.command_uuid = ?"),
                {profiles});
        QVERIFY(notNow);
        QCOMPARE(notNow->toInt(), 1);
        auto response = m_db.scalar(QStringLiteral("SELECT r.response FROM command_results r JOIN command_queue q ON "
                                                   "q.id = r.queue_id JOIN commands c ON c.id = q.command_id "
                                                   "WHERE c.command_uuid = ?"),
            {info});
        QVERIFY(response);
        QVERIFY(response->toByteArray().contains(device.info().serialNumber.toUtf8()));
    }

    void operatorQueuesWithQuincectl()
    {
        SimulatedDevice device(DeviceInfo::numbered(9, QStringLiteral("lifecycle")));
        QVERIFY(enroll(device));
        const QString dataDir = m_server->dataDir();
        const auto quincectl = [&](const QStringList& args) {
            return test::run(QStringLiteral(QUINCECTL_BIN), QStringList {QStringLiteral("-d"), dataDir} + args);
        };
        const test::Outcome sent = quincectl({QStringLiteral("commands"), QStringLiteral("send"),
            QStringLiteral("DeviceInformation"), QStringLiteral("--device"), device.info().udid,
            QStringLiteral("--param"), QStringLiteral("Queries=SerialNumber"), QStringLiteral("--param"),
            QStringLiteral("Queries=OSVersion")});
        QVERIFY2(sent.ok(), sent.both().constData());
        const QString information = QString::fromLatin1(sent.out.trimmed());
        const test::Outcome second = quincectl({QStringLiteral("commands"), QStringLiteral("send"),
            QStringLiteral("ProfileList"), QStringLiteral("--device"), device.info().udid});
        QVERIFY2(second.ok(), second.both().constData());
        const QString withdrawn = QString::fromLatin1(second.out.trimmed());
        const test::Outcome canceled = quincectl({QStringLiteral("commands"), QStringLiteral("cancel"), withdrawn});
        QVERIFY2(canceled.ok(), canceled.both().constData());

        // While quincectl wrote to its database, quinced served: the device gets the one left.
        const ConnectSummary summary = device.connect();
        QVERIFY2(summary.ok(), qPrintable(summary.error));
        QCOMPARE(summary.received, QStringList {information});

        const test::Outcome shown
            = quincectl({QStringLiteral("commands"), QStringLiteral("show"), information, QStringLiteral("--json")});
        QVERIFY2(shown.ok(), shown.both().constData());
        const QJsonObject command = QJsonDocument::fromJson(shown.out).object();
        QCOMPARE(command.value(QStringLiteral("entries")).toArray().first().toObject().value(QStringLiteral("state")),
            QStringLiteral("acknowledged"));
        const QJsonObject result = command.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("Acknowledged"));
        // The device answered exactly the queries asked.
        const QString response = result.value(QStringLiteral("response")).toString();
        QVERIFY2(response.contains(device.info().serialNumber), qPrintable(response));
        QVERIFY(response.contains(device.info().osVersion));
        QVERIFY(!response.contains(QLatin1String("ModelName")));
    }

    void devsimCommandLine()
    {
        // quince-devsim, as an operator runs it by hand: one device per profile, a connect
        // session that answers what is queued.
        QStringList profiles;
        for (int i = 0; i < 2; ++i) {
            auto bytes = m_server->enrollmentProfile(QStringLiteral(QUINCECTL_BIN), i == 1, true);
            QVERIFY(bytes);
            profiles.append(m_dir.filePath(QStringLiteral("cli-%1.mobileconfig").arg(i)));
            QVERIFY(test::writeFile(profiles.last(), *bytes));
        }
        const test::Outcome ran = test::run(QStringLiteral(QUINCE_DEVSIM_BIN),
            QStringList {
                QStringLiteral("--prefix"), QStringLiteral("cli"), QStringLiteral("--concurrency"), QStringLiteral("2")}
                + profiles);
        QVERIFY2(ran.ok(), ran.both().constData());
        QCOMPARE(ran.out.count("enrolled, 0 command(s) answered"), 2);
        for (int i = 0; i < 2; ++i) {
            auto state = m_db.scalar(QStringLiteral("SELECT enrollment_state FROM devices WHERE udid = ?"),
                {DeviceInfo::numbered(i, QStringLiteral("cli")).udid});
            QVERIFY(state);
            QCOMPARE(state->toString(), QStringLiteral("enrolled"));
        }
        // The same profiles again: their challenges are spent, and the program says so.
        const test::Outcome again = test::run(QStringLiteral(QUINCE_DEVSIM_BIN), profiles);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("refused"), again.err.constData());
    }

    void userChannelHasItsOwnQueue()
    {
        SimulatedDevice device(DeviceInfo::numbered(6, QStringLiteral("lifecycle")));
        QVERIFY(enroll(device));
        const UserChannel user {QStringLiteral("A1B2C3D4-0000-4000-8000-00000000A11C"), QStringLiteral("alice"),
            QStringLiteral("Alice Example")};
        QCOMPARE(device.userTokenUpdate(user).status, 200);
        auto deviceChannel = m_db.enrollmentId(device.info().udid);
        auto userChannel = m_db.enrollmentId(device.info().udid, user.userId);
        QVERIFY2(userChannel, qPrintable(userChannel ? QString() : userChannel.error().message));
        QVERIFY(*deviceChannel != *userChannel);
        auto forUser = m_db.enqueue({*userChannel}, QStringLiteral("ProfileList"));
        auto forDevice = m_db.enqueue({*deviceChannel}, QStringLiteral("DeviceInformation"));
        QVERIFY(forUser && forDevice);

        const ConnectSummary asUser = device.connect(acknowledgeAll(), user.userId);
        QVERIFY2(asUser.ok(), qPrintable(asUser.error));
        QCOMPARE(asUser.received, QStringList {*forUser});
        const ConnectSummary asDevice = device.connect();
        QVERIFY2(asDevice.ok(), qPrintable(asDevice.error));
        QCOMPARE(asDevice.received, QStringList {*forDevice});
    }

    void identityAttacksAreRefused()
    {
        SimulatedDevice victim(DeviceInfo::numbered(7, QStringLiteral("lifecycle")));
        SimulatedDevice attacker(DeviceInfo::numbered(8, QStringLiteral("lifecycle")));
        QVERIFY(enroll(victim));
        QVERIFY(enroll(attacker));
        auto victimId = m_db.enrollmentId(victim.info().udid);
        QVERIFY(victimId);
        auto secret = m_db.enqueue({*victimId}, QStringLiteral("DeviceInformation"));
        QVERIFY(secret);
        const QByteArray idle = statusBody(victim.info().udid, QStringLiteral("Idle"));

        // A certificate from a CA of the attacker's own making: no TLS session at all, or, as
        // Mdm-Signature, refused.
        auto foreignCaKey = pki::PrivateKey::generateRsa(2048);
        auto foreignKey = pki::PrivateKey::generateRsa(2048);
        QVERIFY(foreignCaKey && foreignKey);
        const pki::Certificate foreignCa
            = makeCertificate(QStringLiteral("Quince Issuing CA"), *foreignCaKey, {}, *foreignCaKey, true);
        const pki::Certificate foreign
            = makeCertificate(victim.info().deviceName, *foreignKey, foreignCa, *foreignCaKey);
        QVERIFY(!foreign.isNull());
        SimulatedDevice forger(victim.info());
        forger.installProfile(victim.profile());
        forger.setIdentity(foreign, *foreignKey);
        const HttpReply overTls = forger.putConnect(idle);
        QVERIFY2(overTls.status == 0 || overTls.status == 403, qPrintable(overTls.error));
        forger.setIdentityMode(SimulatedDevice::IdentityMode::MdmSignature);
        QCOMPARE(forger.putConnect(idle).status, 403);
        QCOMPARE(forger.checkIn({{QStringLiteral("MessageType"), QStringLiteral("Authenticate")}}).status, 403);

        // UDID swap: the attacker's own valid certificate, the victim's UDID, both ways.
        QCOMPARE(attacker.putConnect(idle).status, 403);
        QCOMPARE(attacker.putCheckIn(statusBody(victim.info().udid, QStringLiteral("Idle"))).status, 400);
        plist::Dict swapped {{QStringLiteral("MessageType"), QStringLiteral("TokenUpdate")},
            {QStringLiteral("UDID"), victim.info().udid}, {QStringLiteral("Token"), QByteArray(32, 't')},
            {QStringLiteral("PushMagic"), QStringLiteral("stolen")}};
        QCOMPARE(attacker.checkIn(swapped).status, 403);
        attacker.setIdentityMode(SimulatedDevice::IdentityMode::MdmSignature);
        QCOMPARE(attacker.putConnect(idle).status, 403);

        // The attacker's own UDID but another server's push Topic.
        attacker.setIdentityMode(SimulatedDevice::IdentityMode::MutualTls);
        QCOMPARE(attacker
                     .checkIn({{QStringLiteral("MessageType"), QStringLiteral("Authenticate")},
                         {QStringLiteral("Topic"), QStringLiteral("com.apple.mgmt.External.someone-else")}})
                     .status,
            403);

        // A replayed Mdm-Signature: the victim's valid signature over one body, sent with another.
        SimulatedDevice signer(victim.info());
        signer.installProfile(victim.profile());
        signer.setIdentityMode(SimulatedDevice::IdentityMode::MdmSignature);
        signer.setIdentity(victim.certificate(), victim.key());
        const QByteArray signedIdle = signer.mdmSignature(idle);
        const QByteArray other = statusBody(victim.info().udid, QStringLiteral("Acknowledged"), *secret);
        QCOMPARE(
            signer.putUnsigned(victim.profile().serverUrl, other, "Mdm-Signature: " + signedIdle + "\r\n").status, 403);
        // A bad signature: the right one with a byte changed, and garbage.
        QByteArray corrupted = QByteArray::fromBase64(signedIdle);
        corrupted[corrupted.size() - 20] = static_cast<char>(corrupted.at(corrupted.size() - 20) ^ 0x5a);
        QCOMPARE(signer.putUnsigned(victim.profile().serverUrl, idle, "Mdm-Signature: " + corrupted.toBase64() + "\r\n")
                     .status,
            403);
        QCOMPARE(signer.putUnsigned(victim.profile().serverUrl, idle, "Mdm-Signature: bm90IGEgc2lnbmF0dXJl\r\n").status,
            403);
        // No identity at all.
        QCOMPARE(signer.putUnsigned(victim.profile().serverUrl, idle).status, 403);

        // None of that touched the victim's queue: its command is still waiting for it.
        auto state = m_db.scalar(QStringLiteral("SELECT q.state FROM command_queue q JOIN commands c ON c.id = "
                                                "q.command_id WHERE c.command_uuid = ?"),
            {*secret});
        QVERIFY(state);
        QCOMPARE(state->toString(), QStringLiteral("queued"));
        // And the genuine signature is accepted: the refusals were about the attacks.
        QCOMPARE(
            signer.putUnsigned(victim.profile().serverUrl, idle, "Mdm-Signature: " + signedIdle + "\r\n").status, 200);
    }

    void realDeviceMessagesAreAccepted()
    {
        const QByteArray authenticate = readFixture(QStringLiteral("Authenticate.1.plist"));
        const QByteArray tokenUpdate = readFixture(QStringLiteral("TokenUpdate.1.plist"));
        const QByteArray information = readFixture(QStringLiteral("DeviceInformation.1.plist"));
        if (authenticate.isEmpty() || tokenUpdate.isEmpty() || information.isEmpty())
            QSKIP("the device captures in " QUINCE_SHARED_DIR "/fixtures/devices are absent");

        // The captured iPad: a simulated device with its UDID gets an identity, then sends the
        // captured bytes unchanged, signed as a device signs them.
        DeviceInfo ipad;
        ipad.udid = QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69");
        ipad.serialNumber = QStringLiteral("F5JM992LF193");
        SimulatedDevice device(ipad);
        auto bytes = m_server->enrollmentProfile(QStringLiteral(QUINCECTL_BIN), true, true);
        QVERIFY(bytes);
        auto profile = EnrollmentProfile::parse(*bytes);
        QVERIFY(profile);
        device.installProfile(*profile);
        QVERIFY(device.obtainIdentity());
        QCOMPARE(device.putCheckIn(authenticate).status, 200);
        QCOMPARE(device.putCheckIn(tokenUpdate).status, 200);
        auto serial = m_db.scalar(QStringLiteral("SELECT serial_number FROM devices WHERE udid = ?"), {ipad.udid});
        QVERIFY(serial);
        QCOMPARE(serial->toString(), ipad.serialNumber);

        // The captured DeviceInformation answer, from its own device, for a command really queued
        // for it (the CommandUUID is the one thing changed).
        DeviceInfo mac;
        mac.udid = QStringLiteral("66ADE930-5FDF-5EC4-8429-15640684C489");
        mac.serialNumber = QStringLiteral("C02FIXTURE01");
        SimulatedDevice second(mac);
        QVERIFY(enroll(second));
        auto id = m_db.enrollmentId(mac.udid);
        QVERIFY(id);
        auto uuid = m_db.enqueue({*id}, QStringLiteral("DeviceInformation"));
        QVERIFY(uuid);
        const HttpReply handed = second.putConnect(statusBody(mac.udid, QStringLiteral("Idle")));
        QCOMPARE(handed.status, 200);
        QVERIFY(handed.body.contains(uuid->toLatin1()));
        QByteArray answer = information;
        answer.replace("76eda240-5488-4989-8339-f2ae160113c4", uuid->toLatin1());
        QCOMPARE(second.putConnect(answer).status, 200);
        auto stored = m_db.scalar(QStringLiteral("SELECT r.response FROM command_results r JOIN command_queue q ON "
                                                 "q.id = r.queue_id JOIN commands c ON c.id = q.command_id "
                                                 "WHERE c.command_uuid = ?"),
            {*uuid});
        QVERIFY(stored);
        QCOMPARE(stored->toByteArray(), answer);
    }

private:
    bool enroll(SimulatedDevice& device)
    {
        auto profile = m_server->enrollmentProfile(QStringLiteral(QUINCECTL_BIN), false, true);
        if (!profile) {
            qWarning("%s", qPrintable(profile.error().message));
            return false;
        }
        const Status enrolled = device.enroll(*profile);
        if (!enrolled)
            qWarning("%s", qPrintable(enrolled.error().message));
        return enrolled.ok();
    }

    pki::Certificate issuingCa()
    {
        auto der = m_db.scalar(
            QStringLiteral("SELECT der FROM certificates WHERE kind = 'issuing_ca' AND status = 'active' LIMIT 1"));
        return der ? pki::Certificate::fromDer(der->toByteArray()).value() : pki::Certificate();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<QuincedProcess> m_server;
    ServerDatabase m_db;
};

QTEST_GUILESS_MAIN(TestMdmListener)
#include "tst_MdmListener.moc"

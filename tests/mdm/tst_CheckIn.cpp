// SPDX-License-Identifier: GPL-3.0-or-later
// Check-in decoding, enrollment state changes and the identity rule, on real SQLite files
// through the StorageWorker, with the real SecretStore sealing the tokens.

#include "core/mdm/CheckInMessage.h"
#include "core/mdm/CheckInProcessor.h"
#include "core/mdm/DeviceIdentity.h"
#include "core/plist/PlistCodec.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/StorageWorker.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace quince;
using namespace quince::mdm;

namespace {

const QString kTopic = QStringLiteral("com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9");
const QString kUdid = QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69");
const QString kOtherUdid = QStringLiteral("0000000000000000000000000000000000000b0b");
const QString kCertA = QStringLiteral("aa00000000000000000000000000000000000000000000000000000000000001");
const QString kCertB = QStringLiteral("bb00000000000000000000000000000000000000000000000000000000000002");
const QString kCertRevoked = QStringLiteral("cc00000000000000000000000000000000000000000000000000000000000003");
const QString kCertUnknown = QStringLiteral("dd00000000000000000000000000000000000000000000000000000000000004");

QString fixturePath(const QString& name)
{
    return QStringLiteral(QUINCE_SHARED_DIR "/fixtures/devices/") + name;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray toXml(const plist::Dict& dict)
{
    Result<QByteArray, plist::PlistError> xml = plist::encodeXml(plist::Value(dict));
    return xml ? *xml : QByteArray();
}

/// A message of type with the device identified by udid and the keys in extra.
plist::Dict message(const QString& type, const QString& udid = kUdid, const plist::Dict& extra = {})
{
    plist::Dict dict;
    dict.insert(QStringLiteral("MessageType"), type);
    if (!udid.isEmpty())
        dict.insert(QStringLiteral("UDID"), udid);
    for (const plist::DictEntry& entry : extra)
        dict.insert(entry.key, entry.value);
    return dict;
}

plist::Dict authenticate(const QString& udid = kUdid, const QString& topic = kTopic)
{
    return message(QStringLiteral("Authenticate"), udid,
        {{QStringLiteral("Topic"), topic}, {QStringLiteral("SerialNumber"), QStringLiteral("F5JM992LF193")}});
}

plist::Dict tokenUpdate(const QString& udid = kUdid, const QByteArray& token = QByteArray(32, '\x42'),
    const QByteArray& unlockToken = QByteArray("unlock-token-secret-0123456789abcdef"))
{
    plist::Dict dict = message(QStringLiteral("TokenUpdate"), udid,
        {{QStringLiteral("Topic"), kTopic}, {QStringLiteral("Token"), token},
            {QStringLiteral("PushMagic"), QStringLiteral("MAGIC-1")}});
    if (!unlockToken.isEmpty())
        dict.insert(QStringLiteral("UnlockToken"), unlockToken);
    return dict;
}

} // namespace

class TestCheckIn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void decodeRealFixtures();
    void decodeBinaryFixtures();
    void decodeEveryMessageType_data();
    void decodeEveryMessageType();
    void decodeErrors_data();
    void decodeErrors();
    void decodeHostileFiles_data();
    void decodeHostileFiles();

    void realFixturesEnrollAndSealUnlockToken();
    void authenticateRestartsEnrollment();
    void duplicateTokenUpdateIsIdempotent();
    void userChannelTokenUpdateIsSeparateEnrollment();
    void tokenUpdateFromUnmanagedDeviceGets401();
    void unmanagedPolicyOffAdoptsDevice();
    void topicFromStoreFollowsAPushCertificateImportedLater();
    void restoredDeviceWithForeignCertificateGets401();
    void checkOutUnenrolls();
    void bootstrapTokenSealedAndReturned();
    void declinedAndNotSupported();
    void identityRefusals_data();
    void identityRefusals();
    void storageFailureIsNever401();
    void httpStatusMapping();

private:
    CheckInResult send(const plist::Dict& dict, const QString& cert = kCertA);
    QVariant scalar(const QString& sql, const QVariantList& bindings = {});
    void addCertificate(
        const QString& sha256, const QString& status = QStringLiteral("active"), const QString& boundUdid = QString());

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::StorageWorker> m_worker;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::unique_ptr<CheckInProcessor> m_processor;
};

void TestCheckIn::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_worker = std::make_unique<storage::StorageWorker>();
    storage::StorageStatus started = m_worker->start(m_dir->filePath(storage::Database::databaseFileName()));
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().toString()));
    Result<secrets::MasterKey, secrets::SecretError> key = secrets::MasterKey::generate();
    QVERIFY(key.ok());
    m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    m_processor = std::make_unique<CheckInProcessor>(*m_worker, *m_sealer, CheckInPolicy {kTopic, true});
    addCertificate(kCertA);
    addCertificate(kCertB);
    addCertificate(kCertRevoked, QStringLiteral("revoked"));
}

void TestCheckIn::cleanup()
{
    m_processor.reset();
    if (m_worker)
        m_worker->stop();
    m_worker.reset();
    m_sealer.reset();
    m_dir.reset();
}

CheckInResult TestCheckIn::send(const plist::Dict& dict, const QString& cert)
{
    return m_processor->processAndWait(toXml(dict), cert);
}

QVariant TestCheckIn::scalar(const QString& sql, const QVariantList& bindings)
{
    QVariant value;
    storage::StorageStatus status = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        Result<QSqlQuery, storage::StorageError> query = db.exec(sql, bindings);
        if (!query)
            return query.error();
        if (query->next())
            value = query->value(0);
        return {};
    });
    if (!status)
        qWarning("%s", qPrintable(status.error().toString()));
    return value;
}

void TestCheckIn::addCertificate(const QString& sha256, const QString& status, const QString& boundUdid)
{
    storage::StorageStatus added = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        Result<QSqlQuery, storage::StorageError> insert = db.exec(
            QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                           "not_after, der, device_udid, created_at) VALUES ('device_identity', ?, 'CN=device', "
                           "'CN=Quince Device CA', ?, ?, 0, 1, ?, ?, 0)"),
            {status, sha256.left(8), sha256, QByteArray("\x30\x00", 2),
                boundUdid.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(boundUdid)});
        if (!insert)
            return insert.error();
        return {};
    });
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().toString()));
}

void TestCheckIn::decodeRealFixtures()
{
    if (!QFile::exists(fixturePath(QStringLiteral("Authenticate.1.plist"))))
        QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
    Result<CheckInMessage, CheckInError> auth
        = CheckInMessage::decode(readFile(fixturePath(QStringLiteral("Authenticate.1.plist"))));
    QVERIFY2(auth.ok(), auth.ok() ? "" : qPrintable(auth.error().message));
    QCOMPARE(auth->type, CheckInMessageType::Authenticate);
    QCOMPARE(auth->udid, kUdid);
    QCOMPARE(auth->deviceId, kUdid);
    QCOMPARE(auth->topic, kTopic);
    QCOMPARE(auth->as<Authenticate>().serialNumber, QStringLiteral("F5JM992LF193"));
    QCOMPARE(auth->as<Authenticate>().osVersion, QStringLiteral("9.3.5"));
    QVERIFY(!auth->isUserChannel());

    Result<CheckInMessage, CheckInError> update
        = CheckInMessage::decode(readFile(fixturePath(QStringLiteral("TokenUpdate.1.plist"))));
    QVERIFY2(update.ok(), update.ok() ? "" : qPrintable(update.error().message));
    QCOMPARE(update->type, CheckInMessageType::TokenUpdate);
    QCOMPARE(update->as<TokenUpdate>().token.size(), 32);
    QCOMPARE(update->as<TokenUpdate>().pushMagic, QStringLiteral("CEFDF0BD-E342-4A27-8742-E930EA116B0A"));
    QVERIFY(update->as<TokenUpdate>().unlockToken.has_value());
    QVERIFY(update->as<TokenUpdate>().unlockToken->startsWith("DATA"));
    QCOMPARE(update->as<TokenUpdate>().awaitingConfiguration, false);
}

void TestCheckIn::decodeBinaryFixtures()
{
    if (!QFile::exists(fixturePath(QStringLiteral("TokenUpdate.1.plist"))))
        QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
    for (const QString& name : {QStringLiteral("Authenticate.1.plist"), QStringLiteral("TokenUpdate.1.plist")}) {
        Result<plist::Value, plist::PlistError> tree = plist::decode(readFile(fixturePath(name)));
        QVERIFY(tree.ok());
        Result<QByteArray, plist::PlistError> binary = plist::encodeBinary(*tree);
        QVERIFY(binary.ok());
        QVERIFY(binary->startsWith("bplist00"));
        Result<CheckInMessage, CheckInError> fromBinary = CheckInMessage::decode(*binary);
        QVERIFY2(fromBinary.ok(), fromBinary.ok() ? "" : qPrintable(fromBinary.error().message));
        Result<CheckInMessage, CheckInError> fromXml = CheckInMessage::fromPlist(*tree);
        QVERIFY(fromXml.ok());
        QCOMPARE(fromBinary->type, fromXml->type);
        QCOMPARE(fromBinary->udid, fromXml->udid);
        QCOMPARE(fromBinary->topic, fromXml->topic);
    }
}

void TestCheckIn::decodeEveryMessageType_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<CheckInMessageType>("type");
    QTest::addColumn<bool>("userChannel");

    QTest::newRow("Authenticate") << toXml(authenticate()) << CheckInMessageType::Authenticate << false;
    QTest::newRow("TokenUpdate") << toXml(tokenUpdate()) << CheckInMessageType::TokenUpdate << false;
    QTest::newRow("CheckOut") << toXml(message(QStringLiteral("CheckOut"), kUdid, {{QStringLiteral("Topic"), kTopic}}))
                              << CheckInMessageType::CheckOut << false;
    QTest::newRow("UserAuthenticate") << toXml(
        message(QStringLiteral("UserAuthenticate"), kUdid, {{QStringLiteral("UserID"), QStringLiteral("u1")}}))
                                      << CheckInMessageType::UserAuthenticate << true;
    QTest::newRow("GetBootstrapToken") << toXml(
        message(QStringLiteral("GetBootstrapToken"), kUdid, {{QStringLiteral("AwaitingConfiguration"), true}}))
                                       << CheckInMessageType::GetBootstrapToken << false;
    QTest::newRow("SetBootstrapToken") << toXml(
        message(QStringLiteral("SetBootstrapToken"), kUdid, {{QStringLiteral("BootstrapToken"), QByteArray("bt")}}))
                                       << CheckInMessageType::SetBootstrapToken << false;
    QTest::newRow("DeclarativeManagement") << toXml(message(
        QStringLiteral("DeclarativeManagement"), kUdid, {{QStringLiteral("Endpoint"), QStringLiteral("tokens")}}))
                                           << CheckInMessageType::DeclarativeManagement << false;
    QTest::newRow("GetToken") << toXml(message(
        QStringLiteral("GetToken"), kUdid, {{QStringLiteral("TokenServiceType"), QStringLiteral("com.apple.maid")}}))
                              << CheckInMessageType::GetToken << false;
    // User Enrollment: no UDID, EnrollmentID identifies the device, EnrollmentUserID the user.
    QTest::newRow("TokenUpdate, User Enrollment") << toXml(message(QStringLiteral("TokenUpdate"), QString(),
        {{QStringLiteral("EnrollmentID"), QStringLiteral("E1")},
            {QStringLiteral("EnrollmentUserID"), QStringLiteral("EU1")}, {QStringLiteral("Topic"), kTopic},
            {QStringLiteral("Token"), QByteArray("t")}, {QStringLiteral("PushMagic"), QStringLiteral("m")}}))
                                                  << CheckInMessageType::TokenUpdate << true;
}

void TestCheckIn::decodeEveryMessageType()
{
    QFETCH(QByteArray, body);
    QFETCH(CheckInMessageType, type);
    QFETCH(bool, userChannel);
    Result<CheckInMessage, CheckInError> decoded = CheckInMessage::decode(body);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    QCOMPARE(decoded->type, type);
    QCOMPARE(decoded->isUserChannel(), userChannel);
    QVERIFY(!decoded->deviceId.isEmpty());
}

void TestCheckIn::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<CheckInErrorKind>("kind");
    QTest::addColumn<QString>("key");

    const QString none;
    plist::Dict noType = authenticate();
    noType.remove(QStringLiteral("MessageType"));
    plist::Dict noTopic = authenticate();
    noTopic.remove(QStringLiteral("Topic"));
    plist::Dict noToken = tokenUpdate();
    noToken.remove(QStringLiteral("Token"));
    plist::Dict noMagic = tokenUpdate();
    noMagic.remove(QStringLiteral("PushMagic"));
    plist::Dict emptyToken = tokenUpdate();
    emptyToken.insert(QStringLiteral("Token"), QByteArray());
    plist::Dict unlockString = tokenUpdate();
    unlockString.insert(QStringLiteral("UnlockToken"), QStringLiteral("DATA"));
    plist::Dict awaitingString = tokenUpdate();
    awaitingString.insert(QStringLiteral("AwaitingConfiguration"), QStringLiteral("false"));
    plist::Dict typeInteger = authenticate();
    typeInteger.insert(QStringLiteral("MessageType"), 3);
    plist::Dict udidData = authenticate();
    udidData.insert(QStringLiteral("UDID"), QByteArray("x"));

    QTest::newRow("unknown type") << toXml(message(QStringLiteral("Enroll"))) << CheckInErrorKind::UnknownMessageType
                                  << QStringLiteral("MessageType");
    QTest::newRow("no MessageType") << toXml(noType) << CheckInErrorKind::MissingKey << QStringLiteral("MessageType");
    QTest::newRow("MessageType integer") << toXml(typeInteger) << CheckInErrorKind::WrongType
                                         << QStringLiteral("MessageType");
    QTest::newRow("no UDID nor EnrollmentID")
        << toXml(message(QStringLiteral("Authenticate"), QString(), {{QStringLiteral("Topic"), kTopic}}))
        << CheckInErrorKind::MissingKey << QStringLiteral("UDID");
    QTest::newRow("UDID as data") << toXml(udidData) << CheckInErrorKind::WrongType << QStringLiteral("UDID");
    QTest::newRow("Authenticate without Topic")
        << toXml(noTopic) << CheckInErrorKind::MissingKey << QStringLiteral("Topic");
    QTest::newRow("TokenUpdate without Token")
        << toXml(noToken) << CheckInErrorKind::MissingKey << QStringLiteral("Token");
    QTest::newRow("TokenUpdate empty Token")
        << toXml(emptyToken) << CheckInErrorKind::MissingKey << QStringLiteral("Token");
    QTest::newRow("TokenUpdate without PushMagic")
        << toXml(noMagic) << CheckInErrorKind::MissingKey << QStringLiteral("PushMagic");
    QTest::newRow("UnlockToken as string")
        << toXml(unlockString) << CheckInErrorKind::WrongType << QStringLiteral("UnlockToken");
    QTest::newRow("AwaitingConfiguration as string")
        << toXml(awaitingString) << CheckInErrorKind::WrongType << QStringLiteral("AwaitingConfiguration");
    QTest::newRow("UserAuthenticate without UserID") << toXml(message(QStringLiteral("UserAuthenticate")))
                                                     << CheckInErrorKind::MissingKey << QStringLiteral("UserID");
    QTest::newRow("DeclarativeManagement without Endpoint")
        << toXml(message(QStringLiteral("DeclarativeManagement"))) << CheckInErrorKind::MissingKey
        << QStringLiteral("Endpoint");
    QTest::newRow("top level array") << plist::encodeXml(plist::Value(plist::Array {plist::Value(1)})).value()
                                     << CheckInErrorKind::NotADictionary << none;
    QTest::newRow("not a plist") << QByteArray("PUT /mdm HTTP/1.1") << CheckInErrorKind::MalformedPlist << none;
    QTest::newRow("empty") << QByteArray() << CheckInErrorKind::MalformedPlist << none;
    QTest::newRow("over 256 KiB") << QByteArray(300 * 1024, ' ') << CheckInErrorKind::PlistTooLarge << none;
}

void TestCheckIn::decodeErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(CheckInErrorKind, kind);
    QFETCH(QString, key);
    Result<CheckInMessage, CheckInError> decoded = CheckInMessage::decode(body);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorKindName(decoded.error().kind), errorKindName(kind));
    QCOMPARE(decoded.error().key, key);
    if (!key.isEmpty())
        QVERIFY2(decoded.error().message.contains(key), qPrintable(decoded.error().message));
    // And the processor answers 400 without touching storage.
    QCOMPARE(m_processor->processAndWait(body, kCertA).outcome, CheckInOutcome::BadRequest);
}

void TestCheckIn::decodeHostileFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<CheckInErrorKind>("kind");
    QTest::newRow("unknown type") << QStringLiteral("UnknownMessageType.plist") << CheckInErrorKind::UnknownMessageType;
    QTest::newRow("Token as string") << QStringLiteral("TokenUpdate.token-as-string.plist")
                                     << CheckInErrorKind::WrongType;
    QTest::newRow("too deep") << QStringLiteral("Authenticate.too-deep.plist") << CheckInErrorKind::MalformedPlist;
}

void TestCheckIn::decodeHostileFiles()
{
    QFETCH(QString, file);
    QFETCH(CheckInErrorKind, kind);
    const QByteArray body = readFile(QStringLiteral(QUINCE_TEST_DATA_DIR "/mdm/checkin/") + file);
    QVERIFY(!body.isEmpty());
    Result<CheckInMessage, CheckInError> decoded = CheckInMessage::decode(body);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorKindName(decoded.error().kind), errorKindName(kind));
}

void TestCheckIn::realFixturesEnrollAndSealUnlockToken()
{
    if (!QFile::exists(fixturePath(QStringLiteral("TokenUpdate.1.plist"))))
        QSKIP("the shared fixtures folder is absent (../shared/fixtures/devices)");
    const QByteArray authBody = readFile(fixturePath(QStringLiteral("Authenticate.1.plist")));
    const QByteArray updateBody = readFile(fixturePath(QStringLiteral("TokenUpdate.1.plist")));

    CheckInResult auth = m_processor->processAndWait(authBody, kCertA);
    QCOMPARE(outcomeName(auth.outcome), QStringLiteral("Ok"));
    QCOMPARE(scalar(QStringLiteral("SELECT enrollment_state FROM devices WHERE udid = ?"), {kUdid}).toString(),
        QStringLiteral("pending"));
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("authenticated"));
    QVERIFY(scalar(QStringLiteral("SELECT push_token FROM enrollments")).isNull());
    QCOMPARE(
        scalar(QStringLiteral("SELECT device_udid FROM certificates WHERE sha256 = ?"), {kCertA}).toString(), kUdid);

    CheckInResult update = m_processor->processAndWait(updateBody, kCertA);
    QCOMPARE(outcomeName(update.outcome), QStringLiteral("Ok"));
    const CheckInMessage decoded = CheckInMessage::decode(updateBody).value();
    const TokenUpdate& sent = decoded.as<TokenUpdate>();
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT push_token FROM enrollments")).toByteArray(), sent.token);
    QCOMPARE(scalar(QStringLiteral("SELECT push_magic FROM enrollments")).toString(), sent.pushMagic);
    QCOMPARE(scalar(QStringLiteral("SELECT topic FROM enrollments")).toString(), kTopic);
    QVERIFY(!scalar(QStringLiteral("SELECT token_updated_at FROM enrollments")).isNull());
    QVERIFY(!scalar(QStringLiteral("SELECT last_seen_at FROM enrollments")).isNull());
    QCOMPARE(scalar(QStringLiteral("SELECT identity_cert_sha256 FROM enrollments")).toString(), kCertA);
    QCOMPARE(scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("enrolled"));

    // Sealed: not the raw bytes, and it opens under its own context only.
    const qint64 enrollmentId = scalar(QStringLiteral("SELECT id FROM enrollments")).toLongLong();
    const QByteArray sealed = scalar(QStringLiteral("SELECT unlock_token_sealed FROM enrollments")).toByteArray();
    QVERIFY(!sealed.isEmpty());
    QVERIFY(sealed != *sent.unlockToken);
    Result<QByteArray> opened
        = m_sealer->open(sealed, CheckInProcessor::sealingContext(enrollmentId, QStringLiteral("UnlockToken")));
    QVERIFY(opened.ok());
    QCOMPARE(*opened, *sent.unlockToken);
    QVERIFY(!m_sealer->open(sealed, CheckInProcessor::sealingContext(enrollmentId + 1, QStringLiteral("UnlockToken")))
                 .ok());

    // The raw UnlockToken is nowhere in the database files (main file and WAL).
    m_worker->stop();
    const QString dbPath = m_dir->filePath(storage::Database::databaseFileName());
    for (const QString& path : QStringList {dbPath, dbPath + QStringLiteral("-wal")}) {
        const QByteArray bytes = readFile(path);
        QVERIFY2(!bytes.contains(sent.unlockToken->left(64)), qPrintable(path));
        QVERIFY2(!bytes.contains(sent.unlockToken->mid(200, 64)), qPrintable(path));
    }
    QVERIFY(!readFile(dbPath).isEmpty());
}

void TestCheckIn::authenticateRestartsEnrollment()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("active"));
    // A second Authenticate (re-enrollment, new certificate) makes the device unreachable again.
    QCOMPARE(send(authenticate(), kCertB).outcome, CheckInOutcome::Ok);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("authenticated"));
    QVERIFY(scalar(QStringLiteral("SELECT push_token FROM enrollments")).isNull());
    QVERIFY(scalar(QStringLiteral("SELECT push_magic FROM enrollments")).isNull());
    QVERIFY(scalar(QStringLiteral("SELECT unlock_token_sealed FROM enrollments")).isNull());
    QCOMPARE(scalar(QStringLiteral("SELECT identity_cert_sha256 FROM enrollments")).toString(), kCertB);
    QCOMPARE(scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("pending"));
    QCOMPARE(scalar(QStringLiteral("SELECT serial_number FROM devices")).toString(), QStringLiteral("F5JM992LF193"));
}

void TestCheckIn::duplicateTokenUpdateIsIdempotent()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    // Mark the token dead, as an APNs 410 would; the next TokenUpdate revives it.
    scalar(QStringLiteral("UPDATE enrollments SET push_token_dead_since = 5"));
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    // Later TokenUpdates carry no UnlockToken: the stored one stays.
    QCOMPARE(send(tokenUpdate(kUdid, QByteArray(32, '\x42'), QByteArray())).outcome, CheckInOutcome::Ok);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT push_token FROM enrollments")).toByteArray(), QByteArray(32, '\x42'));
    QVERIFY(scalar(QStringLiteral("SELECT push_token_dead_since FROM enrollments")).isNull());
    const qint64 id = scalar(QStringLiteral("SELECT id FROM enrollments")).toLongLong();
    Result<QByteArray> opened
        = m_sealer->open(scalar(QStringLiteral("SELECT unlock_token_sealed FROM enrollments")).toByteArray(),
            CheckInProcessor::sealingContext(id, QStringLiteral("UnlockToken")));
    QVERIFY(opened.ok());
    QCOMPARE(*opened, QByteArray("unlock-token-secret-0123456789abcdef"));
}

void TestCheckIn::userChannelTokenUpdateIsSeparateEnrollment()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    const QByteArray userBody
        = readFile(QStringLiteral(QUINCE_TEST_DATA_DIR "/mdm/checkin/TokenUpdate.user-channel.plist"));
    QCOMPARE(outcomeName(m_processor->processAndWait(userBody, kCertA).outcome), QStringLiteral("Ok"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 2);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT user_id FROM enrollments WHERE channel = 'user'")).toString(),
        QStringLiteral("A1B2C3D4-0000-4000-8000-00000000501F"));
    QCOMPARE(scalar(QStringLiteral("SELECT user_short_name FROM enrollments WHERE channel = 'user'")).toString(),
        QStringLiteral("tuser"));
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments WHERE channel = 'user'")).toString(),
        QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT push_token FROM enrollments WHERE channel = 'user'")).toByteArray(),
        QByteArray("user-channel-push-token-32-bytes"));
    // The device channel kept its own token.
    QCOMPARE(scalar(QStringLiteral("SELECT push_token FROM enrollments WHERE channel = 'device'")).toByteArray(),
        QByteArray(32, '\x42'));
}

void TestCheckIn::tokenUpdateFromUnmanagedDeviceGets401()
{
    // A certificate bound to this UDID (say, before a CheckOut) but no live enrollment.
    addCertificate(kCertUnknown, QStringLiteral("active"), kOtherUdid);
    CheckInResult result = send(tokenUpdate(kOtherUdid), kCertUnknown);
    QCOMPARE(outcomeName(result.outcome), QStringLiteral("Unmanaged"));
    QCOMPARE(httpStatus(result.outcome), 401);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments")).toInt(), 0);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 0);

    // After CheckOut the device is no longer managed either.
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(message(QStringLiteral("CheckOut"), kUdid, {{QStringLiteral("Topic"), kTopic}})).outcome,
        CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Unmanaged);
}

void TestCheckIn::unmanagedPolicyOffAdoptsDevice()
{
    m_processor->setPolicy(CheckInPolicy {kTopic, false});
    addCertificate(kCertUnknown, QStringLiteral("active"), kOtherUdid);
    QCOMPARE(outcomeName(send(tokenUpdate(kOtherUdid), kCertUnknown).outcome), QStringLiteral("Ok"));
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("enrolled"));
}

// A push certificate imported while the server runs must count at the next message, not at the
// next restart: with topicFromStore the Topic is read from the active push certificate row.
void TestCheckIn::topicFromStoreFollowsAPushCertificateImportedLater()
{
    CheckInPolicy policy;
    policy.topicFromStore = true;
    m_processor->setPolicy(policy);
    const QString foreign = QStringLiteral("com.apple.mgmt.External.00000000-0000-0000-0000-000000000000");
    // No push certificate yet: no Topic check.
    QCOMPARE(send(authenticate(kUdid, foreign)).outcome, CheckInOutcome::Ok);

    scalar(QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                          "not_after, der, topic, created_at) VALUES ('push', 'active', 'CN=APSP', 'CN=Apple', "
                          "'01', 'push-sha', 0, 1, ?, ?, 0)"),
        {QByteArray("\x30\x00", 2), kTopic});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused .*TopicMismatch")));
    CheckInResult refused = send(authenticate(kUdid, foreign));
    QCOMPARE(outcomeName(refused.outcome), QStringLiteral("IdentityRefused"));
    QVERIFY(refused.refusal.has_value());
    QCOMPARE(refusalName(*refused.refusal), QStringLiteral("TopicMismatch"));
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
}

void TestCheckIn::restoredDeviceWithForeignCertificateGets401()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    // Another device restored from this one's backup: this one's certificate, its own UDID,
    // which Quince never enrolled. 401 makes it drop the stale profile.
    CheckInResult result = send(tokenUpdate(kOtherUdid), kCertA);
    QCOMPARE(outcomeName(result.outcome), QStringLiteral("Unmanaged"));
    // The original device is untouched.
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM enrollments")).toString(), QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).toInt(), 1);
}

void TestCheckIn::checkOutUnenrolls()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    const QByteArray userBody
        = readFile(QStringLiteral(QUINCE_TEST_DATA_DIR "/mdm/checkin/TokenUpdate.user-channel.plist"));
    QCOMPARE(m_processor->processAndWait(userBody, kCertA).outcome, CheckInOutcome::Ok);
    CheckInResult result = send(message(QStringLiteral("CheckOut"), kUdid, {{QStringLiteral("Topic"), kTopic}}));
    QCOMPARE(result.outcome, CheckInOutcome::Ok);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments WHERE status = 'checked_out'")).toInt(), 2);
    QCOMPARE(scalar(QStringLiteral("SELECT enrollment_state FROM devices")).toString(), QStringLiteral("unenrolled"));
}

void TestCheckIn::bootstrapTokenSealedAndReturned()
{
    const QByteArray token("bootstrap-token-secret-value-42");
    auto set = [&](const QByteArray& value) {
        plist::Dict extra;
        if (!value.isNull())
            extra.insert(QStringLiteral("BootstrapToken"), value);
        return send(message(QStringLiteral("SetBootstrapToken"), kUdid, extra));
    };
    auto get = [&] { return send(message(QStringLiteral("GetBootstrapToken"))); };

    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(set(token).outcome, CheckInOutcome::Ok);
    const QByteArray stored = scalar(QStringLiteral("SELECT bootstrap_token_sealed FROM enrollments")).toByteArray();
    QVERIFY(!stored.isEmpty());
    QVERIFY(!stored.contains(token));

    CheckInResult got = get();
    QCOMPARE(got.outcome, CheckInOutcome::Ok);
    Result<plist::Value, plist::PlistError> reply = plist::decode(got.body);
    QVERIFY(reply.ok());
    QCOMPARE(reply->value(QStringLiteral("BootstrapToken")).toData(), token);

    // Absent BootstrapToken removes it; Get then answers an empty dictionary.
    QCOMPARE(set(QByteArray()).outcome, CheckInOutcome::Ok);
    QVERIFY(scalar(QStringLiteral("SELECT bootstrap_token_sealed FROM enrollments")).isNull());
    got = get();
    QCOMPARE(got.outcome, CheckInOutcome::Ok);
    reply = plist::decode(got.body);
    QVERIFY(reply.ok());
    QVERIFY(reply->isDict());
    QCOMPARE(reply->size(), 0);

    // Checked out, there is nowhere to keep it: 400, never 401.
    QCOMPARE(send(message(QStringLiteral("CheckOut"), kUdid, {{QStringLiteral("Topic"), kTopic}})).outcome,
        CheckInOutcome::Ok);
    QCOMPARE(set(token).outcome, CheckInOutcome::BadRequest);
}

void TestCheckIn::declinedAndNotSupported()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    scalar(QStringLiteral("UPDATE devices SET last_seen_at = 1"));
    scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = 1"));

    CheckInResult user
        = send(message(QStringLiteral("UserAuthenticate"), kUdid, {{QStringLiteral("UserID"), QStringLiteral("u1")}}));
    QCOMPARE(outcomeName(user.outcome), QStringLiteral("Declined"));
    QCOMPARE(httpStatus(user.outcome), 410);
    CheckInResult declarative = send(message(
        QStringLiteral("DeclarativeManagement"), kUdid, {{QStringLiteral("Endpoint"), QStringLiteral("tokens")}}));
    QCOMPARE(outcomeName(declarative.outcome), QStringLiteral("NotSupported"));
    QCOMPARE(httpStatus(declarative.outcome), 501);
    CheckInResult token = send(message(
        QStringLiteral("GetToken"), kUdid, {{QStringLiteral("TokenServiceType"), QStringLiteral("com.apple.maid")}}));
    QCOMPARE(outcomeName(token.outcome), QStringLiteral("NotSupported"));
    // Still seen: the device talked to us with a valid identity.
    QVERIFY(scalar(QStringLiteral("SELECT last_seen_at FROM devices")).toLongLong() > 1);
    QVERIFY(scalar(QStringLiteral("SELECT last_seen_at FROM enrollments WHERE channel = 'device'")).toLongLong() > 1);
}

void TestCheckIn::identityRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("refusal");

    const plist::Dict checkOut = message(QStringLiteral("CheckOut"), kUdid, {{QStringLiteral("Topic"), kTopic}});
    QTest::newRow("unknown certificate, Authenticate")
        << toXml(authenticate()) << kCertUnknown << QStringLiteral("UnknownCertificate");
    QTest::newRow("unknown certificate, TokenUpdate")
        << toXml(tokenUpdate()) << kCertUnknown << QStringLiteral("UnknownCertificate");
    QTest::newRow("no certificate") << toXml(tokenUpdate()) << QString() << QStringLiteral("NoCertificate");
    QTest::newRow("revoked certificate") << toXml(authenticate()) << kCertRevoked
                                         << QStringLiteral("InactiveCertificate");
    // kCertA is bound to kUdid by init's enrollment; kOtherUdid is enrolled with kCertB.
    QTest::newRow("UDID swap, TokenUpdate to a managed device")
        << toXml(tokenUpdate(kOtherUdid)) << kCertA << QStringLiteral("BoundToAnotherDevice");
    QTest::newRow("UDID swap, Authenticate")
        << toXml(authenticate(kOtherUdid)) << kCertA << QStringLiteral("BoundToAnotherDevice");
    QTest::newRow("topic mismatch") << toXml(authenticate(kUdid, QStringLiteral("com.apple.mgmt.External.other")))
                                    << kCertA << QStringLiteral("TopicMismatch");
    QTest::newRow("unbound certificate, CheckOut") << toXml(checkOut) << kCertUnknown << QStringLiteral("NotBound");
}

void TestCheckIn::identityRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, certificate);
    QFETCH(QString, refusal);

    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(authenticate(kOtherUdid), kCertB).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate(kOtherUdid, QByteArray(32, 'o')), kCertB).outcome, CheckInOutcome::Ok);
    if (refusal == QLatin1String("NotBound"))
        addCertificate(kCertUnknown); // issued by Quince, never bound
    scalar(QStringLiteral("UPDATE enrollments SET last_seen_at = 1"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused .*") + refusal));
    CheckInResult result = m_processor->processAndWait(body, certificate);
    QCOMPARE(outcomeName(result.outcome), QStringLiteral("IdentityRefused"));
    QCOMPARE(httpStatus(result.outcome), 403);
    QVERIFY(result.refusal.has_value());
    QCOMPARE(refusalName(*result.refusal), refusal);
    // Nothing changed: both enrollments still active with their tokens, not even seen.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrollments WHERE status = 'active'")).toInt(), 2);
    QCOMPARE(scalar(QStringLiteral("SELECT MAX(last_seen_at) FROM enrollments")).toLongLong(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT push_token FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                   "WHERE d.udid = ?"),
                 {kOtherUdid})
                 .toByteArray(),
        QByteArray(32, 'o'));
    QCOMPARE(
        scalar(QStringLiteral("SELECT device_udid FROM certificates WHERE sha256 = ?"), {kCertA}).toString(), kUdid);
}

void TestCheckIn::storageFailureIsNever401()
{
    QCOMPARE(send(authenticate()).outcome, CheckInOutcome::Ok);
    QCOMPARE(send(tokenUpdate()).outcome, CheckInOutcome::Ok);
    m_worker->stop();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("check-in failed in storage")));
    CheckInResult result = send(tokenUpdate());
    QCOMPARE(outcomeName(result.outcome), QStringLiteral("StorageUnavailable"));
    QCOMPARE(httpStatus(result.outcome), 503);
}

void TestCheckIn::httpStatusMapping()
{
    QCOMPARE(httpStatus(CheckInOutcome::Ok), 200);
    QCOMPARE(httpStatus(CheckInOutcome::BadRequest), 400);
    QCOMPARE(httpStatus(CheckInOutcome::Unmanaged), 401);
    QCOMPARE(httpStatus(CheckInOutcome::IdentityRefused), 403);
    QCOMPARE(httpStatus(CheckInOutcome::Declined), 410);
    QCOMPARE(httpStatus(CheckInOutcome::NotSupported), 501);
    QCOMPARE(httpStatus(CheckInOutcome::InternalError), 500);
    QCOMPARE(httpStatus(CheckInOutcome::StorageUnavailable), 503);
}

QTEST_GUILESS_MAIN(TestCheckIn)
#include "tst_CheckIn.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Over-the-air enrollment on the running server: real TLS on 127.0.0.1 trusting only Quince's
// root, the enrollment page, codes and links, the trust profile and /MDMServiceConfig, the rate
// limit, and a real SCEP enrollment with the profile's challenge linked back to the code.
#include "EnrollmentFixture.h"
#include "ScepTestClient.h"

#include "core/enrollment/EnrollmentCodes.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/plist/PlistCodec.h"
#include "core/runtime/ServerRuntime.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::enrollment;
using namespace quince::enrollment::test;

namespace {

struct Answer {
    int status = 0;
    QList<QByteArray> headerLines;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const QByteArray& line : headerLines)
            if (line.toLower().startsWith(QByteArray(name.toLower() + ':')))
                return line.mid(name.size() + 1).trimmed();
        return {};
    }
};

// One request on a fresh TLS connection that trusts only root, as a device's browser would
// once the trust profile is installed.
Answer request(quint16 port, const QSslCertificate& root, const QByteArray& method, const QByteArray& path,
    const QByteArray& body = {}, const QByteArray& contentType = {})
{
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({root});
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
    if (!socket.waitForEncrypted(10000))
        return {};
    QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    if (!body.isEmpty() || method == "POST")
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    socket.write(head + "\r\n" + body);
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000) {
        const qsizetype end = response.indexOf("\r\n\r\n");
        if (end >= 0) {
            Answer answer;
            const QList<QByteArray> lines = response.left(end).split('\n');
            answer.status = lines.first().split(' ').value(1).toInt();
            for (const QByteArray& line : lines.mid(1))
                answer.headerLines.append(line.trimmed());
            const qsizetype length = answer.header("Content-Length").toLongLong();
            if (response.size() >= end + 4 + length) {
                answer.body = response.mid(end + 4, length);
                return answer;
            }
        }
        if (!socket.waitForReadyRead(1000) && socket.state() != QAbstractSocket::ConnectedState) {
            response += socket.readAll();
            if (response.indexOf("\r\n\r\n") < 0)
                break;
            continue;
        }
        response += socket.readAll();
    }
    return {};
}

} // namespace

class TestEnrollmentRoutes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void serviceConfigAnchorsAndTrustProfile();
    void enrollmentPage();
    void codeGivesASignedProfileOnce();
    void expiredMalformedAndBadForms();
    void oneTimeLink();
    void failedCodesAreRateLimited();
    void scepCertificateIsLinkedToTheCode();
    void noPushCertificateKeepsTheCode();

private:
    NewEnrollmentCode makeCode(CodeKind kind, std::chrono::seconds lifetime = std::chrono::hours(1),
        const QDateTime& createdAt = QDateTime::currentDateTimeUtc());
    plist::Value openProfile(const QByteArray& signedProfile);
    QByteArray baseUrl() const { return "https://localhost:" + QByteArray::number(m_runtime->serverPort()); }
    Answer get(const QByteArray& path) { return request(m_runtime->serverPort(), m_root, "GET", path); }
    Answer postCode(const QByteArray& form, const QByteArray& type = "application/x-www-form-urlencoded")
    {
        return request(m_runtime->serverPort(), m_root, "POST", "/enroll", form, type);
    }

    QTemporaryDir m_dir;
    int m_round = 0;
    std::unique_ptr<storage::StorageWorker> m_storage;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
    std::unique_ptr<runtime::ServerRuntime> m_runtime;
    QSslCertificate m_root;
    QString m_rootPath;
};

void TestEnrollmentRoutes::init()
{
    QVERIFY(m_dir.isValid());
    m_storage = std::make_unique<storage::StorageWorker>();
    QVERIFY(m_storage->start(m_dir.filePath(QStringLiteral("routes-%1.sqlite3").arg(++m_round))));
    auto key = secrets::MasterKey::generate();
    QVERIFY(key);
    m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    const QString pushed = addPushCertificate(*m_storage);
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
    m_runtime = std::make_unique<runtime::ServerRuntime>(*m_storage, *m_sealer, fastCaOptions());
    runtime::ServerOptions options;
    options.listenAddress = QHostAddress(QHostAddress::LocalHost);
    options.port = 0;
    options.hostNames = {QStringLiteral("localhost")};
    const Status started = m_runtime->start(options);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    const pki::Certificate root = m_runtime->certificateAuthority().rootCertificate();
    m_root = QSslCertificate(root.toDer(), QSsl::Der);
    m_rootPath = m_dir.filePath(QStringLiteral("root-%1.pem").arg(m_round));
    QVERIFY(quince::test::writeFile(m_rootPath, root.toPem()));
}

void TestEnrollmentRoutes::cleanup()
{
    m_runtime.reset();
    m_storage->stop();
    m_storage.reset();
    m_sealer.reset();
}

NewEnrollmentCode TestEnrollmentRoutes::makeCode(
    CodeKind kind, std::chrono::seconds lifetime, const QDateTime& createdAt)
{
    NewEnrollmentCode made;
    const storage::StorageStatus status = m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto code = EnrollmentCodes::create(db, kind, lifetime, QStringLiteral("test"), createdAt);
        if (!code)
            return code.error();
        made = *code;
        return {};
    });
    if (!status)
        qWarning("no code: %s", qPrintable(status.error().toString()));
    return made;
}

plist::Value TestEnrollmentRoutes::openProfile(const QByteArray& signedProfile)
{
    const QString path = m_dir.filePath(QStringLiteral("served.mobileconfig"));
    if (!quince::test::writeFile(path, signedProfile))
        return {};
    const quince::test::Outcome verified = quince::test::run(quince::test::opensslPath(),
        {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"), QStringLiteral("DER"),
            QStringLiteral("-in"), path, QStringLiteral("-CAfile"), m_rootPath, QStringLiteral("-purpose"),
            QStringLiteral("any"), QStringLiteral("-binary")});
    if (!verified.ok()) {
        qWarning("openssl: %s", verified.both().constData());
        return {};
    }
    auto decoded = plist::decode(verified.out);
    return decoded ? *decoded : plist::Value();
}

void TestEnrollmentRoutes::serviceConfigAnchorsAndTrustProfile()
{
    const Answer config = get("/MDMServiceConfig");
    QCOMPARE(config.status, 200);
    QVERIFY(config.header("Content-Type").startsWith("application/json"));
    const QJsonObject json = QJsonDocument::fromJson(config.body).object();
    QCOMPARE(json.value(QStringLiteral("dep_enrollment_url")).toString().toLatin1(), baseUrl() + "/enroll");
    QCOMPARE(
        json.value(QStringLiteral("dep_anchor_certs_url")).toString().toLatin1(), baseUrl() + "/enroll/anchor-certs");
    QCOMPARE(
        json.value(QStringLiteral("trust_profile_url")).toString().toLatin1(), baseUrl() + "/enroll/trust-profile");

    const Answer anchors = get("/enroll/anchor-certs");
    QCOMPARE(anchors.status, 200);
    const QJsonArray list = QJsonDocument::fromJson(anchors.body).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(QByteArray::fromBase64(list.at(0).toString().toLatin1()),
        m_runtime->certificateAuthority().rootCertificate().toDer());

    const Answer trust = get("/enroll/trust-profile");
    QCOMPARE(trust.status, 200);
    QCOMPARE(trust.header("Content-Type"), QByteArray("application/x-apple-aspen-config"));
    auto profile = plist::decode(trust.body);
    QVERIFY(profile);
    const plist::Array& content = profile->value(QStringLiteral("PayloadContent")).toArray();
    QCOMPARE(content.size(), 1);
    for (const plist::Value& payload : content)
        QCOMPARE(payload.value(QStringLiteral("PayloadType")).toString(), QStringLiteral("com.apple.security.root"));
    QCOMPARE(content.at(0).value(QStringLiteral("PayloadContent")).toData(),
        m_runtime->certificateAuthority().rootCertificate().toDer());
    // Its own identifier: installing it must not replace the enrollment profile.
    QString enrollmentIdentifier;
    QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto identifier = EnrollmentStore::profileIdentifier(db);
        if (identifier)
            enrollmentIdentifier = *identifier;
        return {};
    }));
    QCOMPARE(profile->value(QStringLiteral("PayloadIdentifier")).toString(),
        enrollmentIdentifier + QStringLiteral(".trust"));

    // GET only.
    QCOMPARE(request(m_runtime->serverPort(), m_root, "POST", "/MDMServiceConfig", "x", "text/plain").status, 405);
}

void TestEnrollmentRoutes::enrollmentPage()
{
    const Answer page = get("/enroll");
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(page.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(page.body.contains("<form method=\"post\" action=\"/enroll\">"));
    QVERIFY(page.body.contains("name=\"code\""));
    QVERIFY(page.body.contains(QByteArray("href=\"" + baseUrl() + "/enroll/trust-profile\"")));
    // Self-contained: no script, no external resource.
    QVERIFY(!page.body.contains("<script"));
    QVERIFY(!page.body.contains("src="));
    QVERIFY(!page.body.contains("<link"));
}

void TestEnrollmentRoutes::codeGivesASignedProfileOnce()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    const NewEnrollmentCode code = makeCode(CodeKind::Code);
    QVERIFY(code.id > 0);
    // Typed the way people type: lower case, a space instead of the dash.
    const QByteArray typed = code.secret.toLower().replace(u'-', u' ').toLatin1();
    const Answer answer = postCode("code=" + QByteArray(typed).replace(' ', '+'));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/x-apple-aspen-config"));
    const plist::Value profile = openProfile(answer.body);
    QVERIFY(profile.isDict());
    const plist::Value& mdm = profile.value(QStringLiteral("PayloadContent")).at(3);
    QCOMPARE(mdm.value(QStringLiteral("ServerURL")).toString().toLatin1(), baseUrl() + "/mdm/connect");
    QCOMPARE(mdm.value(QStringLiteral("CheckInURL")).toString().toLatin1(), baseUrl() + "/mdm/checkin");
    QCOMPARE(mdm.value(QStringLiteral("Topic")).toString(), kTestTopic);
    const QByteArray challenge = profile.value(QStringLiteral("PayloadContent"))
                                     .at(2)
                                     .value(QStringLiteral("PayloadContent"))
                                     .value(QStringLiteral("Challenge"))
                                     .toString()
                                     .toLatin1();

    // The code is used up and names the challenge its profile carries.
    QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto row = db.exec(QStringLiteral("SELECT c.used_at, c.used_by, s.purpose, s.challenge_sha256 "
                                          "FROM enrollment_codes c JOIN scep_challenges s ON s.id = c.challenge_id "
                                          "WHERE c.id = ?"),
            {code.id});
        if (!row || !row->next())
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("no row"), {}};
        if (row->value(0).isNull() || row->value(1).toString() != QLatin1String("127.0.0.1")
            || row->value(2).toString() != QStringLiteral("enrollment:code:%1").arg(code.id)
            || row->value(3).toString() != scep::StorageChallengeStore::digestOf(challenge))
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("wrong row"), {}};
        return {};
    }));

    const Answer again = postCode("code=" + code.secret.toLatin1());
    QCOMPARE(again.status, 403);
    QVERIFY(again.header("Content-Type").startsWith("text/html"));
    QVERIFY2(again.body.contains("already been used"), again.body.constData());
    QVERIFY(again.body.contains("<form"));
}

void TestEnrollmentRoutes::expiredMalformedAndBadForms()
{
    const NewEnrollmentCode expired
        = makeCode(CodeKind::Code, std::chrono::hours(1), QDateTime::currentDateTimeUtc().addSecs(-7200));
    Answer answer = postCode("code=" + expired.secret.toLatin1());
    QCOMPARE(answer.status, 403);
    QVERIFY2(answer.body.contains("expired"), answer.body.constData());

    answer = postCode("code=%3Cscript%3E");
    QCOMPARE(answer.status, 403);
    QVERIFY(answer.body.contains("not an enrollment code"));
    QVERIFY(!answer.body.contains("<script>"));

    answer = postCode("nothing=here");
    QCOMPARE(answer.status, 400);
    answer = postCode("code=AAAAA-AAAAA&code=BBBBB-BBBBB");
    QCOMPARE(answer.status, 400);
    answer = postCode("code=AAAAA-AAAAA", "text/plain");
    QCOMPARE(answer.status, 415);
    answer = postCode("MIAGCSqGSIb3DQEHAqCAMIACAQExDzAN", "application/pkcs7-signature");
    QCOMPARE(answer.status, 501);
    // The form is size-bounded.
    answer = postCode("code=" + QByteArray(4096, 'A'));
    QCOMPARE(answer.status, 413);
}

void TestEnrollmentRoutes::oneTimeLink()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    const NewEnrollmentCode link = makeCode(CodeKind::Link);
    const Answer answer = get("/enroll/" + link.secret.toLatin1());
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/x-apple-aspen-config"));
    QVERIFY(openProfile(answer.body).isDict());
    const Answer again = get("/enroll/" + link.secret.toLatin1());
    QCOMPARE(again.status, 403);
    QVERIFY(again.body.contains("already been used"));
    QCOMPARE(get("/enroll/not-a-token").status, 403);
    // A code is not a link.
    const NewEnrollmentCode code = makeCode(CodeKind::Code);
    QCOMPARE(get("/enroll/" + code.secret.toLatin1()).status, 403);
}

void TestEnrollmentRoutes::failedCodesAreRateLimited()
{
    const NewEnrollmentCode good = makeCode(CodeKind::Code);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(postCode("code=0000000000").status, 403);
    const Answer limited = postCode("code=0000000000");
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.header("Retry-After").toInt() > 0);
    QVERIFY(limited.body.contains("Too many wrong codes"));
    // Even a good code waits: the limit is on the peer, not on the code...
    QCOMPARE(postCode("code=" + good.secret.toLatin1()).status, 429);
    // ...and the good code was not used up by being refused.
    QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto row = db.exec(QStringLiteral("SELECT used_at FROM enrollment_codes WHERE id = ?"), {good.id});
        if (!row || !row->next() || !row->value(0).isNull())
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("used"), {}};
        return {};
    }));
}

void TestEnrollmentRoutes::scepCertificateIsLinkedToTheCode()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    const NewEnrollmentCode code = makeCode(CodeKind::Code);
    const Answer answer = postCode("code=" + code.secret.toLatin1());
    QCOMPARE(answer.status, 200);
    const plist::Value profile = openProfile(answer.body);
    const plist::Value& scepPayload
        = profile.value(QStringLiteral("PayloadContent")).at(2).value(QStringLiteral("PayloadContent"));
    QCOMPARE(scepPayload.value(QStringLiteral("URL")).toString().toLatin1(), baseUrl() + "/scep");

    // What the device does next: SCEP with the profile's challenge, over the same TLS.
    auto ra = m_runtime->certificateAuthority().ensureScepRaIdentity();
    QVERIFY(ra);
    scep::test::ScepTestClient client = scep::test::ScepTestClient::withTransientIdentity();
    scep::test::RequestSpec spec;
    spec.challenge = scepPayload.value(QStringLiteral("Challenge")).toString().toLatin1();
    const QByteArray pkiMessage = client.buildRequest(spec, ra->certificate);
    QVERIFY(!pkiMessage.isEmpty());
    const Answer scep = request(m_runtime->serverPort(), m_root, "POST", "/scep?operation=PKIOperation", pkiMessage,
        "application/x-pki-message");
    QCOMPARE(scep.status, 200);
    const scep::test::Reply reply = client.readReply(scep.body, ra->certificate);
    QVERIFY2(reply.parsed, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, 0);
    QVERIFY(!reply.issued.isNull());

    // certificate → challenge → code: the inventory can tell where the device came from.
    QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto row = db.exec(QStringLiteral("SELECT c.id FROM certificates cert "
                                          "JOIN scep_challenges s ON s.certificate_id = cert.id "
                                          "JOIN enrollment_codes c ON c.challenge_id = s.id WHERE cert.sha256 = ?"),
            {reply.issued.sha256Hex()});
        if (!row || !row->next() || row->value(0).toLongLong() != code.id)
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("not linked"), {}};
        return {};
    }));
}

void TestEnrollmentRoutes::noPushCertificateKeepsTheCode()
{
    QVERIFY(m_storage->writeAndWait([](storage::Database& db) -> storage::StorageStatus {
        auto done = db.exec(QStringLiteral("UPDATE certificates SET status = 'superseded' WHERE kind = 'push'"));
        if (!done)
            return done.error();
        return {};
    }));
    const NewEnrollmentCode code = makeCode(CodeKind::Code);
    const Answer answer = postCode("code=" + code.secret.toLatin1());
    QCOMPARE(answer.status, 503);
    QVERIFY(answer.body.contains("cannot enroll devices yet"));
    // Rolled back with the failed profile: the code still works once the operator fixes it.
    QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto row
            = db.exec(QStringLiteral("SELECT used_at, challenge_id FROM enrollment_codes WHERE id = ?"), {code.id});
        if (!row || !row->next() || !row->value(0).isNull() || !row->value(1).isNull())
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("used"), {}};
        auto challenges = db.exec(QStringLiteral("SELECT COUNT(*) FROM scep_challenges"));
        if (!challenges || !challenges->next() || challenges->value(0).toInt() != 0)
            return storage::StorageError {storage::StorageErrorKind::QueryFailed, QStringLiteral("challenge left"), {}};
        return {};
    }));
}

QTEST_GUILESS_MAIN(TestEnrollmentRoutes)
#include "tst_EnrollmentRoutes.moc"

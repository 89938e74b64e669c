// SPDX-License-Identifier: GPL-3.0-or-later
// The enrollment commands as an operator runs them: the real quincectl on a real data directory
// (master key from a passphrase file), the real openssl verifying the profile's signature, and
// the profile checked key by key against Apple's schemas.
#include "AppPaths.h"
#include "EnrollmentFixture.h"
#include "ProfileSchema.h"

#include "app/common/ServerCommandLine.h"
#include "core/enrollment/EnrollmentCodes.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/plist/PlistCodec.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::enrollment;
using namespace quince::enrollment::test;
using quince::test::Outcome;

class TestEnrollmentCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signedProfileVerifiesWithOpenSsl();
    void profileConformsToAppleSchemas();
    void profilesShareTheirIdentifierNotTheirChallenge();
    void unsignedAndSignMessage();
    void codeAndLink();
    void failuresAreOneLineAndNonZero();
    void publicUrlBehindAProxy();
    void withoutTlsIdentityTheRaSigns();

private:
    Outcome quincectl(const QStringList& arguments, bool withPassphrase = true) const;
    QString path(const QString& name) const { return m_work.filePath(name); }
    std::optional<storage::Database> reader() const;
    plist::Value makeProfile(const QStringList& extra);

    QTemporaryDir m_work;
    QString m_dataDir;
    QString m_root;
};

Outcome TestEnrollmentCli::quincectl(const QStringList& arguments, bool withPassphrase) const
{
    return quince::test::runQuincectl(QStringLiteral(QUINCECTL_BIN), m_dataDir,
        withPassphrase ? path(QStringLiteral("passphrase.txt")) : QString(), arguments, m_work.path());
}

std::optional<storage::Database> TestEnrollmentCli::reader() const
{
    auto db = storage::Database::openReader(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
    if (!db)
        return std::nullopt;
    return std::move(db).value();
}

void TestEnrollmentCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(QUINCECTL_BIN)));
    QVERIFY(m_work.isValid());
    QVERIFY(QDir(m_work.path()).mkpath(QStringLiteral("home")));
    m_dataDir = path(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(m_dataDir));
    QVERIFY(quince::test::writeFile(path(QStringLiteral("passphrase.txt")), "correct horse battery staple\n"));
    QVERIFY(QFile::setPermissions(path(QStringLiteral("passphrase.txt")), QFile::ReadOwner | QFile::WriteOwner));

    // What quinced does on first start: the master key from the passphrase, the CA, the TLS
    // identity; then an operator imports a push certificate.
    auto sealer = app::ServerCommandLine::openSealer(
        {path(QStringLiteral("passphrase.txt")), QStringLiteral("passphrase")}, m_dataDir, secrets::KeyHost::Headless);
    QVERIFY2(sealer, qPrintable(sealer ? QString() : sealer.error().toString()));
    storage::StorageWorker worker;
    QVERIFY(worker.start(QDir(m_dataDir).filePath(storage::Database::databaseFileName())));
    const QString prepared = prepareCertificateAuthority(worker, **sealer);
    QVERIFY2(prepared.isEmpty(), qPrintable(prepared));
    const QString pushed = addPushCertificate(worker);
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
    worker.stop();

    m_root = path(QStringLiteral("root.pem"));
    const Outcome exported
        = quincectl({QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--out"), m_root});
    QVERIFY2(exported.ok(), exported.both().constData());
}

plist::Value TestEnrollmentCli::makeProfile(const QStringList& extra)
{
    const QString out = path(QStringLiteral("profile-%1.mobileconfig").arg(QDateTime::currentMSecsSinceEpoch()));
    const Outcome made = quincectl(
        QStringList {QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"), out} + extra);
    if (!made.ok()) {
        qWarning("quincectl: %s", made.both().constData());
        return {};
    }
    QByteArray bytes = quince::test::readFile(out);
    if (!extra.contains(QStringLiteral("--unsigned"))) {
        const Outcome verified = quince::test::run(quince::test::opensslPath(),
            {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"), QStringLiteral("DER"),
                QStringLiteral("-in"), out, QStringLiteral("-CAfile"), m_root, QStringLiteral("-purpose"),
                QStringLiteral("any"), QStringLiteral("-binary")});
        if (!verified.ok()) {
            qWarning("openssl: %s", verified.both().constData());
            return {};
        }
        bytes = verified.out;
    }
    auto decoded = plist::decode(bytes);
    return decoded ? *decoded : plist::Value();
}

void TestEnrollmentCli::signedProfileVerifiesWithOpenSsl()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    const QString out = path(QStringLiteral("enroll.mobileconfig"));
    const Outcome made = quincectl({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
        out, QStringLiteral("--json")});
    QVERIFY2(made.ok(), made.both().constData());
    const QJsonObject json = QJsonDocument::fromJson(made.out).object();
    QCOMPARE(json.value(QStringLiteral("signed")).toBool(), true);
    QVERIFY(json.value(QStringLiteral("profileIdentifier")).toString().startsWith(QStringLiteral("com.quince-mdm.")));
    QCOMPARE(json.value(QStringLiteral("serverUrl")).toString(), QStringLiteral("https://localhost:8443/mdm/connect"));
    // It carries a live challenge: owner-only.
    QCOMPARE(QFileInfo(out).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

    // Verified with the root alone: the signer (the TLS server identity) and the issuing CA
    // travel in the signature. -purpose any: openssl checks S/MIME key usage by default, which a
    // serverAuth certificate does not claim; devices do not ask for it.
    const QString inner = path(QStringLiteral("inner.plist"));
    const Outcome verified = quince::test::run(quince::test::opensslPath(),
        {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"), QStringLiteral("DER"),
            QStringLiteral("-in"), out, QStringLiteral("-CAfile"), m_root, QStringLiteral("-purpose"),
            QStringLiteral("any"), QStringLiteral("-binary"), QStringLiteral("-out"), inner});
    QVERIFY2(verified.ok(), verified.both().constData());
    const Outcome signer = quince::test::run(quince::test::opensslPath(),
        {QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"), QStringLiteral("-noout"),
            QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), out});
    QVERIFY2(signer.ok(), signer.both().constData());
    QVERIFY(signer.out.contains("CN=localhost"));
    QVERIFY(signer.out.contains("algorithm: sha256"));

    auto profile = plist::decode(quince::test::readFile(inner));
    QVERIFY(profile);
    QCOMPARE(profile->value(QStringLiteral("PayloadIdentifier")).toString(),
        json.value(QStringLiteral("profileIdentifier")).toString());
    const plist::Array& content = profile->value(QStringLiteral("PayloadContent")).toArray();
    QCOMPARE(content.size(), 4); // root, issuing CA, SCEP, MDM
    QCOMPARE(content.at(0).value(QStringLiteral("PayloadType")).toString(), QStringLiteral("com.apple.security.root"));
    QCOMPARE(quince::test::readFile(m_root).contains("BEGIN CERTIFICATE"), true);
    auto root = pki::Certificate::fromPem(quince::test::readFile(m_root));
    QVERIFY(root);
    QCOMPARE(content.at(0).value(QStringLiteral("PayloadContent")).toData(), root->toDer());
    QCOMPARE(content.at(1).value(QStringLiteral("PayloadType")).toString(), QStringLiteral("com.apple.security.pkcs1"));
    auto intermediate = pki::Certificate::fromDer(content.at(1).value(QStringLiteral("PayloadContent")).toData());
    QVERIFY(intermediate);
    QVERIFY(intermediate->isSignedBy(*root));

    const plist::Value& scep = content.at(2);
    const plist::Value& mdm = content.at(3);
    QCOMPARE(scep.value(QStringLiteral("PayloadType")).toString(), QStringLiteral("com.apple.security.scep"));
    QCOMPARE(mdm.value(QStringLiteral("PayloadType")).toString(), QStringLiteral("com.apple.mdm"));
    const plist::Value& scepContent = scep.value(QStringLiteral("PayloadContent"));
    QCOMPARE(scepContent.value(QStringLiteral("URL")).toString(), QStringLiteral("https://localhost:8443/scep"));
    QCOMPARE(scepContent.value(QStringLiteral("Keysize")).toInteger(), 2048);
    QCOMPARE(scepContent.value(QStringLiteral("Key Usage")).toInteger(), 5);
    QCOMPARE(scepContent.value(QStringLiteral("Key Type")).toString(), QStringLiteral("RSA"));
    QCOMPARE(mdm.value(QStringLiteral("IdentityCertificateUUID")).toString(),
        scep.value(QStringLiteral("PayloadUUID")).toString());
    QCOMPARE(mdm.value(QStringLiteral("Topic")).toString(), kTestTopic);
    QCOMPARE(mdm.value(QStringLiteral("ServerURL")).toString(), QStringLiteral("https://localhost:8443/mdm/connect"));
    QCOMPARE(mdm.value(QStringLiteral("CheckInURL")).toString(), QStringLiteral("https://localhost:8443/mdm/checkin"));
    QCOMPARE(mdm.value(QStringLiteral("CheckOutWhenRemoved")).toBool(), true);
    QCOMPARE(mdm.value(QStringLiteral("SignMessage")).toBool(true), false);
    QCOMPARE(mdm.value(QStringLiteral("AccessRights")).toInteger(), 8191);

    // The challenge is stored hashed, unused, for the CLI's purpose, and nowhere in clear.
    const QByteArray challenge = scepContent.value(QStringLiteral("Challenge")).toString().toLatin1();
    QCOMPARE(challenge.size(), 40);
    auto db = reader();
    QVERIFY(db);
    auto row = db->exec(
        QStringLiteral(
            "SELECT purpose, used_at, expires_at - created_at FROM scep_challenges WHERE challenge_sha256 = ?"),
        {scep::StorageChallengeStore::digestOf(challenge)});
    QVERIFY(row && row->next());
    QCOMPARE(row->value(0).toString(), QStringLiteral("enrollment:cli"));
    QVERIFY(row->value(1).isNull());
    QCOMPARE(row->value(2).toLongLong(), qint64(24) * 3600 * 1000);
    QVERIFY(
        !quince::test::readFile(QDir(m_dataDir).filePath(storage::Database::databaseFileName())).contains(challenge));
}

void TestEnrollmentCli::profileConformsToAppleSchemas()
{
    const QString profilesDir
        = QStringLiteral(QUINCE_SHARED_DIR) + QStringLiteral("/reference/apple-device-management/mdm/profiles");
    if (!QFileInfo::exists(profilesDir + QStringLiteral("/com.apple.mdm.yaml")))
        QSKIP("Apple's profile schemas (QUINCE_SHARED_DIR/reference/apple-device-management) are not here");
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to open the signed profile");
    ProfileSchema schema(profilesDir);
    for (const QStringList& extra :
        {QStringList {}, QStringList {QStringLiteral("--sign-message")}, QStringList {QStringLiteral("--unsigned")}}) {
        const plist::Value profile = makeProfile(extra);
        QVERIFY(profile.isDict());
        const QStringList problems = schema.checkProfile(profile);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
    // And the trust profile, through the same store the server answers from.
    auto db = reader();
    QVERIFY(db);
    // (The reader cannot create the identifier; it exists since the profiles above.)
    auto trust = EnrollmentStore::trustProfile(*db);
    QVERIFY2(trust, qPrintable(trust ? QString() : trust.error().message));
    auto decoded = plist::decode(*trust);
    QVERIFY(decoded);
    const QStringList problems = schema.checkProfile(*decoded);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestEnrollmentCli::profilesShareTheirIdentifierNotTheirChallenge()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to open the signed profile");
    const plist::Value first = makeProfile({});
    const plist::Value second = makeProfile({});
    QVERIFY(first.isDict() && second.isDict());
    const QString identifier = first.value(QStringLiteral("PayloadIdentifier")).toString();
    QCOMPARE(second.value(QStringLiteral("PayloadIdentifier")).toString(), identifier);
    QVERIFY(first.value(QStringLiteral("PayloadUUID")) != second.value(QStringLiteral("PayloadUUID")));
    const auto challengeOf = [](const plist::Value& profile) {
        return profile.value(QStringLiteral("PayloadContent"))
            .at(2)
            .value(QStringLiteral("PayloadContent"))
            .value(QStringLiteral("Challenge"))
            .toString();
    };
    QVERIFY(challengeOf(first) != challengeOf(second));
    auto db = reader();
    QVERIFY(db);
    auto row = db->exec(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {profileIdentifierKey()});
    QVERIFY(row && row->next());
    QCOMPARE(row->value(0).toString(), identifier);
}

void TestEnrollmentCli::unsignedAndSignMessage()
{
    const QString out = path(QStringLiteral("unsigned.mobileconfig"));
    const Outcome made = quincectl({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
                                       out, QStringLiteral("--unsigned"), QStringLiteral("--sign-message")},
        false); // no master key needed for an unsigned profile
    QVERIFY2(made.ok(), made.both().constData());
    const QByteArray bytes = quince::test::readFile(out);
    QVERIFY(bytes.startsWith("<?xml"));
    auto profile = plist::decode(bytes);
    QVERIFY(profile);
    QCOMPARE(
        profile->value(QStringLiteral("PayloadContent")).at(3).value(QStringLiteral("SignMessage")).toBool(), true);
}

void TestEnrollmentCli::codeAndLink()
{
    const Outcome code
        = quincectl({QStringLiteral("enrollment"), QStringLiteral("code"), QStringLiteral("create"),
                        QStringLiteral("--expires-hours"), QStringLiteral("2"), QStringLiteral("--json")},
            false);
    QVERIFY2(code.ok(), code.both().constData());
    const QJsonObject codeJson = QJsonDocument::fromJson(code.out).object();
    const QString secret = codeJson.value(QStringLiteral("code")).toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")).match(secret).hasMatch(),
        qPrintable(secret));
    QCOMPARE(codeJson.value(QStringLiteral("enrollUrl")).toString(), QStringLiteral("https://localhost:8443/enroll"));
    const QDateTime expires
        = QDateTime::fromString(codeJson.value(QStringLiteral("expiresAt")).toString(), Qt::ISODate);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - 7200) < 120);

    const Outcome link
        = quincectl({QStringLiteral("enrollment"), QStringLiteral("link"), QStringLiteral("--json")}, false);
    QVERIFY2(link.ok(), link.both().constData());
    const QString url = QJsonDocument::fromJson(link.out).object().value(QStringLiteral("url")).toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^https://localhost:8443/enroll/[A-Za-z0-9_-]{43}$")).match(url).hasMatch(),
        qPrintable(url));

    // Text mode prints the code on its first line.
    const Outcome text
        = quincectl({QStringLiteral("enrollment"), QStringLiteral("code"), QStringLiteral("create")}, false);
    QVERIFY2(text.ok(), text.both().constData());
    const QString firstLine = QString::fromUtf8(text.out).section(u'\n', 0, 0);
    QCOMPARE(firstLine.size(), 11);

    // Stored hashed: the digest is there, the code is not.
    auto db = reader();
    QVERIFY(db);
    auto row = db->exec(QStringLiteral("SELECT kind, used_at FROM enrollment_codes WHERE secret_sha256 = ?"),
        {EnrollmentCodes::digestOf(EnrollmentCodes::normalize(CodeKind::Code, secret))});
    QVERIFY(row && row->next());
    QCOMPARE(row->value(0).toString(), QStringLiteral("code"));
    QVERIFY(row->value(1).isNull());
    const QString token = url.section(u'/', -1);
    row = db->exec(QStringLiteral("SELECT kind FROM enrollment_codes WHERE secret_sha256 = ?"),
        {EnrollmentCodes::digestOf(token)});
    QVERIFY(row && row->next());
    QCOMPARE(row->value(0).toString(), QStringLiteral("link"));
    const QByteArray file = quince::test::readFile(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
    QVERIFY(!file.contains(token.toLatin1()));
}

void TestEnrollmentCli::failuresAreOneLineAndNonZero()
{
    const auto expectFailure = [this](const QStringList& arguments, const QByteArray& says, bool withPassphrase) {
        const Outcome outcome = quincectl(arguments, withPassphrase);
        QVERIFY2(outcome.exitCode == 1, outcome.both().constData());
        QVERIFY2(outcome.err.startsWith("quincectl: enrollment "), outcome.err.constData());
        QCOMPARE(outcome.err.count('\n'), 1);
        QVERIFY2(outcome.err.contains(says), outcome.err.constData());
        QVERIFY(outcome.out.isEmpty());
    };
    expectFailure({QStringLiteral("enrollment"), QStringLiteral("profile")}, "--out", true);
    expectFailure({QStringLiteral("enrollment"), QStringLiteral("code"), QStringLiteral("create"),
                      QStringLiteral("--expires-hours"), QStringLiteral("0")},
        "--expires-hours", false);
    expectFailure({QStringLiteral("enrollment"), QStringLiteral("link"), QStringLiteral("--expires-hours"),
                      QStringLiteral("100000")},
        "--expires-hours", false);

    // A wrong passphrase opens no key.
    QVERIFY(quince::test::writeFile(path(QStringLiteral("wrong.txt")), "not the passphrase\n"));
    expectFailure({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
                      path(QStringLiteral("never.mobileconfig")), QStringLiteral("--passphrase-file"),
                      path(QStringLiteral("wrong.txt"))},
        "master key", false);
    QVERIFY(!QFile::exists(path(QStringLiteral("never.mobileconfig"))));

    // Without a push certificate there is no Topic: refused, and the way out named.
    {
        auto db = storage::Database::openWriter(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(db->exec(QStringLiteral("UPDATE certificates SET status = 'superseded' WHERE kind = 'push'")));
    }
    expectFailure({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
                      path(QStringLiteral("never.mobileconfig")), QStringLiteral("--unsigned")},
        "quincectl push-cert import", false);
    QVERIFY(!QFile::exists(path(QStringLiteral("never.mobileconfig"))));
    {
        auto db = storage::Database::openWriter(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(db->exec(QStringLiteral("UPDATE certificates SET status = 'active' WHERE kind = 'push'")));
    }

    const Outcome usage = quincectl({QStringLiteral("enrollment"), QStringLiteral("nonsense")}, false);
    QCOMPARE(usage.exitCode, 2);
}

void TestEnrollmentCli::publicUrlBehindAProxy()
{
    const auto publicUrl = [this](const QStringList& extra) {
        return quincectl(QStringList {QStringLiteral("enrollment"), QStringLiteral("public-url")} + extra
                + QStringList {QStringLiteral("--json")},
            false);
    };
    Outcome shown = publicUrl({});
    QVERIFY2(shown.ok(), shown.both().constData());
    QJsonObject json = QJsonDocument::fromJson(shown.out).object();
    QCOMPARE(json.value(QStringLiteral("baseUrl")).toString(), QStringLiteral("https://localhost:8443"));
    QCOMPARE(json.value(QStringLiteral("configured")).toBool(), false);

    const Outcome refused = publicUrl({QStringLiteral("set"), QStringLiteral("http://mdm.example.com")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(refused.err.startsWith("quincectl: enrollment public-url: "));

    shown = publicUrl({QStringLiteral("set"), QStringLiteral("https://mdm.example.com/")});
    QVERIFY2(shown.ok(), shown.both().constData());
    json = QJsonDocument::fromJson(shown.out).object();
    QCOMPARE(json.value(QStringLiteral("serverUrl")).toString(), QStringLiteral("https://mdm.example.com/mdm/connect"));
    QCOMPARE(json.value(QStringLiteral("configured")).toBool(), true);
    const QString out = path(QStringLiteral("proxied.mobileconfig"));
    const Outcome made = quincectl({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
                                       out, QStringLiteral("--unsigned")},
        false);
    QVERIFY2(made.ok(), made.both().constData());
    auto profile = plist::decode(quince::test::readFile(out));
    QVERIFY(profile);
    QCOMPARE(profile->value(QStringLiteral("PayloadContent")).at(3).value(QStringLiteral("CheckInURL")).toString(),
        QStringLiteral("https://mdm.example.com/mdm/checkin"));

    shown = publicUrl({QStringLiteral("clear")});
    QVERIFY2(shown.ok(), shown.both().constData());
    QCOMPARE(QJsonDocument::fromJson(shown.out).object().value(QStringLiteral("baseUrl")).toString(),
        QStringLiteral("https://localhost:8443"));
}

void TestEnrollmentCli::withoutTlsIdentityTheRaSigns()
{
    if (quince::test::opensslPath().isEmpty())
        QSKIP("the openssl command is needed to verify the profile's signature");
    // Plain-HTTP mode behind a proxy: Quince holds no TLS identity of its own.
    {
        auto db = storage::Database::openWriter(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
        QVERIFY(db);
        QVERIFY(db->exec(QStringLiteral("UPDATE certificates SET status = 'superseded' WHERE kind = 'tls_server'")));
        auto left = db->exec(
            QStringLiteral("SELECT COUNT(*) FROM certificates WHERE kind = 'tls_server' AND status = 'active'"));
        QVERIFY(left && left->next());
        QCOMPARE(left->value(0).toInt(), 0);
    }
    const QString out = path(QStringLiteral("ra-signed.mobileconfig"));
    const Outcome made = quincectl({QStringLiteral("enrollment"), QStringLiteral("profile"), QStringLiteral("--out"),
        out, QStringLiteral("--json")});
    QVERIFY2(made.ok(), made.both().constData());
    QVERIFY(QJsonDocument::fromJson(made.out)
                .object()
                .value(QStringLiteral("signer"))
                .toString()
                .contains(QStringLiteral("SCEP RA")));
    // The RA certificate claims no extended key usage, so openssl's default S/MIME check passes too.
    const Outcome verified = quince::test::run(quince::test::opensslPath(),
        {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-inform"), QStringLiteral("DER"),
            QStringLiteral("-in"), out, QStringLiteral("-CAfile"), m_root, QStringLiteral("-binary")});
    QVERIFY2(verified.ok(), verified.both().constData());
    QVERIFY(plist::decode(verified.out));
}

QTEST_GUILESS_MAIN(TestEnrollmentCli)
#include "tst_EnrollmentCli.moc"

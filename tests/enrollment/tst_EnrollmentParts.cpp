// SPDX-License-Identifier: GPL-3.0-or-later
// The pieces of enrollment on their own: code normalisation and single use, the rate limiter's
// window and memory bound, the public URLs from settings, and the profile builder's tree
// against Apple's schemas.
#include "EnrollmentFixture.h"
#include "ProfileSchema.h"

#include "core/enrollment/EnrollmentCodes.h"
#include "core/enrollment/EnrollmentProfileBuilder.h"
#include "core/enrollment/EnrollmentUrls.h"
#include "core/enrollment/FailedAttemptLimiter.h"
#include "core/storage/Database.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;
using namespace quince::enrollment;
using namespace quince::enrollment::test;

class TestEnrollmentParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void normalize_data();
    void normalize();
    void codesAreSingleUseAndExpire();
    void limiterWindow();
    void limiterMemoryIsBounded();
    void publicBaseUrl();
    void urlsFromSettings();
    void builtProfileConformsToAppleSchemas();

private:
    storage::Database& db() { return *m_db; }

    QTemporaryDir m_dir;
    std::optional<storage::Database> m_db;
};

void TestEnrollmentParts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto db = storage::Database::openWriter(m_dir.filePath(QStringLiteral("parts.sqlite3")));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().toString()));
    m_db.emplace(std::move(db).value());
}

void TestEnrollmentParts::normalize_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("presented");
    QTest::addColumn<QString>("canonical");
    const int code = int(CodeKind::Code);
    const int link = int(CodeKind::Link);
    QTest::newRow("as printed") << code << QStringLiteral("7KQ2M-X9D4R") << QStringLiteral("7KQ2MX9D4R");
    QTest::newRow("lower case, spaces") << code << QStringLiteral(" 7kq2m x9d4r ") << QStringLiteral("7KQ2MX9D4R");
    QTest::newRow("O read as 0, I and L as 1") << code << QStringLiteral("OIL2M-X9D4R") << QStringLiteral("0112MX9D4R");
    QTest::newRow("U is not in the alphabet") << code << QStringLiteral("UKQ2M-X9D4R") << QString();
    QTest::newRow("too short") << code << QStringLiteral("7KQ2M") << QString();
    QTest::newRow("too long") << code << QStringLiteral("7KQ2M-X9D4R-A") << QString();
    QTest::newRow("markup") << code << QStringLiteral("<script>") << QString();
    QTest::newRow("non-ASCII") << code << QStringLiteral("7KQ2M-X9D4\u00c9") << QString();
    QTest::newRow("empty") << code << QString() << QString();
    QTest::newRow("huge") << code << QString(10000, u'A') << QString();
    const QString token(43, u'a');
    QTest::newRow("link token") << link << token << token;
    QTest::newRow("link with a slash") << link << QString(token).replace(5, 1, u'/') << QString();
    QTest::newRow("link too short") << link << token.left(42) << QString();
}

void TestEnrollmentParts::normalize()
{
    QFETCH(int, kind);
    QFETCH(QString, presented);
    QFETCH(QString, canonical);
    QCOMPARE(EnrollmentCodes::normalize(CodeKind(kind), presented), canonical);
}

void TestEnrollmentParts::codesAreSingleUseAndExpire()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto code = EnrollmentCodes::create(db(), CodeKind::Code, std::chrono::hours(1), QStringLiteral("test"), now);
    QVERIFY(code);
    QCOMPARE(code->secret.size(), 11);
    QCOMPARE(code->expiresAt, now.addSecs(3600));

    // A link check never accepts a code, even the right one.
    auto asLink = EnrollmentCodes::consume(db(), CodeKind::Link, code->secret, QStringLiteral("peer"), now);
    QVERIFY(asLink);
    QCOMPARE(asLink->status, CodeCheck::Status::Malformed);
    auto wrong
        = EnrollmentCodes::consume(db(), CodeKind::Code, QStringLiteral("00000-00000"), QStringLiteral("peer"), now);
    QVERIFY(wrong);
    QCOMPARE(wrong->status, CodeCheck::Status::Unknown);
    auto used = EnrollmentCodes::consume(db(), CodeKind::Code, code->secret.toLower(), QStringLiteral("peer"), now);
    QVERIFY(used);
    QCOMPARE(used->status, CodeCheck::Status::Accepted);
    QCOMPARE(used->id, code->id);
    auto again = EnrollmentCodes::consume(db(), CodeKind::Code, code->secret, QStringLiteral("peer"), now);
    QVERIFY(again);
    QCOMPARE(again->status, CodeCheck::Status::AlreadyUsed);

    auto link = EnrollmentCodes::create(db(), CodeKind::Link, std::chrono::hours(1), QString(), now);
    QVERIFY(link);
    QCOMPARE(link->secret.size(), 43);
    auto late = EnrollmentCodes::consume(db(), CodeKind::Link, link->secret, QStringLiteral("peer"), now.addSecs(3600));
    QVERIFY(late);
    QCOMPARE(late->status, CodeCheck::Status::Expired);

    // Stored as digests only.
    auto rows = db().exec(QStringLiteral("SELECT secret_sha256 FROM enrollment_codes"));
    QVERIFY(rows);
    while (rows->next()) {
        QCOMPARE(rows->value(0).toString().size(), 64);
        QVERIFY(rows->value(0).toString() != code->secret && rows->value(0).toString() != link->secret);
    }
}

void TestEnrollmentParts::limiterWindow()
{
    FailedAttemptLimiter limiter({3, std::chrono::seconds(60), 100});
    const QDateTime start = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("a"), start), 0);
        limiter.recordFailure(QStringLiteral("a"), start);
    }
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("a"), start), 60);
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("a"), start.addSecs(59)), 1);
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("b"), start), 0); // per peer
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("a"), start.addSecs(60)), 0); // the window ended
    limiter.recordFailure(QStringLiteral("a"), start.addSecs(61)); // a new window, one failure
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("a"), start.addSecs(61)), 0);
}

void TestEnrollmentParts::limiterMemoryIsBounded()
{
    FailedAttemptLimiter limiter({2, std::chrono::seconds(60), 10});
    const QDateTime start = QDateTime::currentDateTimeUtc();
    limiter.recordFailure(QStringLiteral("blocked"), start);
    limiter.recordFailure(QStringLiteral("blocked"), start);
    for (int i = 0; i < 1000; ++i)
        limiter.recordFailure(QStringLiteral("peer-%1").arg(i), start.addMSecs(i + 1));
    QVERIFY(limiter.trackedPeers() <= 10);
    // Past the window, expired entries make room before anything younger is evicted.
    for (int i = 0; i < 5; ++i)
        limiter.recordFailure(QStringLiteral("later-%1").arg(i), start.addSecs(120));
    QVERIFY(limiter.trackedPeers() <= 10);
    QCOMPARE(limiter.retryAfterSeconds(QStringLiteral("later-0"), start.addSecs(120)), 0);
}

void TestEnrollmentParts::publicBaseUrl()
{
    QCOMPARE(EnrollmentUrls::publicBaseUrl({QStringLiteral("mdm.example.lan")}, 8443),
        QStringLiteral("https://mdm.example.lan:8443"));
    QCOMPARE(EnrollmentUrls::publicBaseUrl({QStringLiteral("mdm.example.lan"), QStringLiteral("10.0.0.1")}, 443),
        QStringLiteral("https://mdm.example.lan"));
    QCOMPARE(
        EnrollmentUrls::publicBaseUrl({QStringLiteral("fd00::1")}, 8443), QStringLiteral("https://[fd00::1]:8443"));
    const EnrollmentUrls urls(QStringLiteral("https://mdm.example.lan/"));
    QCOMPARE(urls.server(), QStringLiteral("https://mdm.example.lan/mdm/connect"));
    QCOMPARE(urls.checkIn(), QStringLiteral("https://mdm.example.lan/mdm/checkin"));
    QCOMPARE(urls.scep(), QStringLiteral("https://mdm.example.lan/scep"));
    QCOMPARE(urls.enrollLink(QStringLiteral("t")), QStringLiteral("https://mdm.example.lan/enroll/t"));
    QCOMPARE(urls.serviceConfig(), QStringLiteral("https://mdm.example.lan/MDMServiceConfig"));
}

void TestEnrollmentParts::urlsFromSettings()
{
    const auto set = [this](const QString& key, const QString& value) {
        return bool(db().exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0) "
                                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            {key, value}));
    };
    QVERIFY(set(QStringLiteral("listener.hosts"), QStringLiteral("mdm.example.lan,10.1.2.3")));
    auto urls = EnrollmentUrls::fromSettings(db());
    QVERIFY(urls);
    QCOMPARE(urls->base(), QStringLiteral("https://mdm.example.lan:8443")); // the default port
    QVERIFY(set(QStringLiteral("listener.port"), QStringLiteral("0")));
    urls = EnrollmentUrls::fromSettings(db());
    QVERIFY(!urls);
    QCOMPARE(urls.error().kind, EnrollmentErrorKind::NotReady);
    urls = EnrollmentUrls::fromSettings(db(), 40123); // the bound port wins
    QVERIFY(urls);
    QCOMPARE(urls->base(), QStringLiteral("https://mdm.example.lan:40123"));

    QVERIFY(set(publicBaseUrlKey(), QStringLiteral("https://mdm.example.com/")));
    urls = EnrollmentUrls::fromSettings(db(), 40123);
    QVERIFY(urls);
    QCOMPARE(urls->base(), QStringLiteral("https://mdm.example.com"));
    QVERIFY(set(publicBaseUrlKey(), QStringLiteral("http://mdm.example.com")));
    urls = EnrollmentUrls::fromSettings(db());
    QVERIFY(!urls);
    QVERIFY(urls.error().message.contains(publicBaseUrlKey()));
    QVERIFY(db().exec(QStringLiteral("DELETE FROM settings")));
}

void TestEnrollmentParts::builtProfileConformsToAppleSchemas()
{
    const QString profilesDir
        = QStringLiteral(QUINCE_SHARED_DIR) + QStringLiteral("/reference/apple-device-management/mdm/profiles");
    if (!QFileInfo::exists(profilesDir + QStringLiteral("/TopLevel.yaml")))
        QSKIP("Apple's profile schemas (QUINCE_SHARED_DIR/reference/apple-device-management) are not here");
    auto key = pki::PrivateKey::generateEcP256();
    QVERIFY(key);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto root = pki::CertificateBuilder(pki::CertificateBuilder::Profile::RootCa)
                    .setSubject({{QStringLiteral("CN"), QStringLiteral("Test Root")}})
                    .setValidity(now.addDays(-1), now.addDays(30))
                    .selfSign(*key);
    QVERIFY(root);

    EnrollmentProfileSpec spec;
    spec.profileIdentifier = QStringLiteral("com.example.enrollment");
    spec.urls = EnrollmentUrls(QStringLiteral("https://mdm.example.lan:8443"));
    spec.root = *root;
    spec.intermediates = {*root};
    spec.topic = kTestTopic;
    spec.challenge = "0123456789abcdef0123456789abcdef01234567";
    spec.organization = QStringLiteral("Example");
    const plist::Value profile = EnrollmentProfileBuilder::enrollmentProfile(spec);
    ProfileSchema schema(profilesDir);
    QStringList problems = schema.checkProfile(profile);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    // The checker itself catches what it must: a wrong type, an unknown key, a missing key.
    plist::Value broken = profile;
    plist::Dict* top = broken.asDict();
    top->insert(QStringLiteral("PayloadVersion"), QStringLiteral("1"));
    top->insert(QStringLiteral("NotAnAppleKey"), true);
    top->remove(QStringLiteral("PayloadUUID"));
    problems = schema.checkProfile(broken);
    QVERIFY2(problems.size() == 3, qPrintable(problems.join(u'\n')));

    // Payload identifiers are unique within the profile and below the top-level one.
    QSet<QString> identifiers;
    for (const plist::Value& payload : profile.value(QStringLiteral("PayloadContent")).toArray()) {
        const QString identifier = payload.value(QStringLiteral("PayloadIdentifier")).toString();
        QVERIFY(identifier.startsWith(spec.profileIdentifier + u'.'));
        identifiers.insert(identifier);
    }
    QCOMPARE(identifiers.size(), 4);
}

QTEST_GUILESS_MAIN(TestEnrollmentParts)
#include "tst_EnrollmentParts.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The push settings: defaults, the endpoint choice, --apns-url/--apns-ca becoming settings, and
// a precise error for a value that cannot be used.
#include "core/apns/ApnsSettings.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace quince;
using namespace quince::apns;
using storage::Database;

class TestApnsSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void defaults();
    void sandboxAndCustomEndpoint();
    void optionsBecomeSettings();
    void badValuesNameTheirKey_data();
    void badValuesNameTheirKey();
    void caFileMustHoldCertificates();

private:
    void set(const QString& key, const QString& value);

    std::optional<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
};

void TestApnsSettings::init()
{
    m_dir.emplace();
    auto db = Database::openWriter(m_dir->filePath(Database::databaseFileName()));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().toString()));
    m_db.emplace(std::move(*db));
}

void TestApnsSettings::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestApnsSettings::set(const QString& key, const QString& value)
{
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)"), {key, value}));
}

void TestApnsSettings::defaults()
{
    auto settings = ApnsSettings::load(*m_db);
    QVERIFY2(settings, qPrintable(settings ? QString() : settings.error().message));
    QCOMPARE(settings->environment, QStringLiteral("production"));
    QCOMPARE(settings->livenessIntervalHours, 24);
    QCOMPARE(settings->inactiveAfterDays, 7);
    QCOMPARE(settings->maxInFlight, 500);
    auto config = settings->clientConfig();
    QVERIFY(config);
    QCOMPARE(config->endpoint, QUrl(QStringLiteral("https://api.push.apple.com")));
    QVERIFY(config->caCertificates.isEmpty());
}

void TestApnsSettings::sandboxAndCustomEndpoint()
{
    set(QStringLiteral("apns.environment"), QStringLiteral("sandbox"));
    auto sandbox = ApnsSettings::load(*m_db);
    QVERIFY(sandbox);
    QCOMPARE(sandbox->clientConfig()->endpoint, QUrl(QStringLiteral("https://api.sandbox.push.apple.com")));
    // An explicit URL wins over the environment.
    set(QStringLiteral("apns.url"), QStringLiteral("https://push-proxy.example:8443"));
    auto custom = ApnsSettings::load(*m_db);
    QVERIFY(custom);
    QCOMPARE(custom->clientConfig()->endpoint, QUrl(QStringLiteral("https://push-proxy.example:8443")));
}

void TestApnsSettings::optionsBecomeSettings()
{
    const QString ca = m_dir->filePath(QStringLiteral("none.pem"));
    auto applied = ApnsSettings::apply(*m_db, QStringLiteral("https://127.0.0.1:9443"), ca);
    QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().message));
    auto reloaded = ApnsSettings::load(*m_db);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->url, QStringLiteral("https://127.0.0.1:9443"));
    QCOMPARE(reloaded->caFile, ca);
    // Not given: kept. "" : back to Apple's.
    QVERIFY(ApnsSettings::apply(*m_db, std::nullopt, std::nullopt));
    QCOMPARE(ApnsSettings::load(*m_db)->url, QStringLiteral("https://127.0.0.1:9443"));
    QVERIFY(ApnsSettings::apply(*m_db, QString(), QString()));
    QCOMPARE(ApnsSettings::load(*m_db)->clientConfig()->endpoint, QUrl(QStringLiteral("https://api.push.apple.com")));
    // Plain HTTP is refused: APNs is HTTP/2 over TLS with a client certificate.
    auto plain = ApnsSettings::apply(*m_db, QStringLiteral("http://127.0.0.1:9443"), std::nullopt);
    QVERIFY(!plain);
    QVERIFY(plain.error().message.contains(QLatin1String("https://")));
}

void TestApnsSettings::badValuesNameTheirKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("environment") << QStringLiteral("apns.environment") << QStringLiteral("staging");
    QTest::newRow("window zero") << QStringLiteral("apns.max_in_flight") << QStringLiteral("0");
    QTest::newRow("liveness text") << QStringLiteral("apns.liveness_interval_hours") << QStringLiteral("daily");
    QTest::newRow("inactive negative") << QStringLiteral("apns.inactive_after_days") << QStringLiteral("-1");
    QTest::newRow("history huge") << QStringLiteral("apns.history_limit") << QStringLiteral("99999999");
}

void TestApnsSettings::badValuesNameTheirKey()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    set(key, value);
    auto settings = ApnsSettings::load(*m_db);
    QVERIFY(!settings);
    QVERIFY2(settings.error().message.contains(key), qPrintable(settings.error().message));
}

void TestApnsSettings::caFileMustHoldCertificates()
{
    const QString missing = m_dir->filePath(QStringLiteral("missing.pem"));
    set(QStringLiteral("apns.ca_file"), missing);
    auto settings = ApnsSettings::load(*m_db);
    QVERIFY(settings);
    auto config = settings->clientConfig();
    QVERIFY(!config);
    QVERIFY(config.error().message.contains(missing));
    QVERIFY(test::writeFile(missing, QByteArrayLiteral("not a certificate\n")));
    QVERIFY(!settings->clientConfig());
}

QTEST_GUILESS_MAIN(TestApnsSettings)
#include "tst_ApnsSettings.moc"

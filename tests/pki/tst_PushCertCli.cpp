// SPDX-License-Identifier: GPL-3.0-or-later
// The push certificate steps as an operator runs them: the real quincectl, the real openssl as
// Apple's portal and as the vendor-signature checker, a real data directory with a master key
// from a passphrase file.
#include "PushCliPaths.h"
#include "PushTestSupport.h"

#include "core/pki/Certificate.h"
#include "core/pki/PushCertificate.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/Database.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace quince;
using namespace quince::pki;
using namespace quince::pki::pushtest;

class TestPushCertCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void requestSignImportShow();
    void failuresAreOneLineAndNonZero();
    void noMasterKeyMeansNothingStored();

private:
    Run quincectl(const QStringList& arguments, bool withPassphrase = true) const;
    bool openssl(const QStringList& arguments) const;
    QString path(const QString& name) const { return m_work.filePath(name); }
    QString issue(const QString& csr, const QString& topic, const QString& out) const;
    int requestCount() const;

    QTemporaryDir m_work;
    QString m_dataDir;
};

Run TestPushCertCli::quincectl(const QStringList& arguments, bool withPassphrase) const
{
    const quince::test::Outcome outcome = quince::test::runQuincectl(QStringLiteral(QUINCECTL_BIN), m_dataDir,
        withPassphrase ? path(QStringLiteral("passphrase.txt")) : QString(), arguments, m_work.path(), 120000);
    Run run;
    run.out = outcome.out;
    run.err = outcome.err;
    run.exitCode = outcome.exitCode;
    run.ok = run.exitCode == 0;
    return run;
}

bool TestPushCertCli::openssl(const QStringList& arguments) const
{
    const Run run = openSsl(arguments, m_work.path());
    if (!run.ok)
        qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')), qPrintable(run.describe()));
    return run.ok;
}

QString TestPushCertCli::issue(const QString& csr, const QString& topic, const QString& out) const
{
    const QString uuid = topic.mid(PushCertificate::topicPrefix().size());
    const bool ok = openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
        QStringLiteral("-CA"), QStringLiteral("apple.pem"), QStringLiteral("-CAkey"), QStringLiteral("apple.key"),
        QStringLiteral("-set_serial"), QString::number(QRandomGenerator::global()->bounded(1000, 1000000)),
        QStringLiteral("-days"), QStringLiteral("365"), QStringLiteral("-subj"),
        QStringLiteral("/UID=%1/CN=APSP:%2/C=US").arg(topic, uuid), QStringLiteral("-out"), out});
    return ok ? path(out) : QString();
}

int TestPushCertCli::requestCount() const
{
    auto db = storage::Database::openReader(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
    if (!db)
        return -1;
    auto query = db->exec(QStringLiteral("SELECT COUNT(*) FROM certificate_requests"));
    return query && query->next() ? query->value(0).toInt() : -1;
}

void TestPushCertCli::initTestCase()
{
    if (openSslProgram().isEmpty())
        QSKIP("the openssl command is needed to play Apple's portal");
    QVERIFY(QFile::exists(QStringLiteral(QUINCECTL_BIN)));
    QVERIFY(m_work.isValid());
    QVERIFY(QDir(m_work.path()).mkpath(QStringLiteral("home")));
    m_dataDir = path(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(m_dataDir));
    {
        // What quince or quinced does on first start: create and migrate the database.
        auto db = storage::Database::openWriter(QDir(m_dataDir).filePath(storage::Database::databaseFileName()));
        QVERIFY2(db, qPrintable(db ? QString() : db.error().toString()));
    }
    QVERIFY(writeFile(path(QStringLiteral("passphrase.txt")), "correct horse battery staple\n"));
    QVERIFY(QFile::setPermissions(path(QStringLiteral("passphrase.txt")), QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
        QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("apple.key"),
        QStringLiteral("-out"), QStringLiteral("apple.pem"), QStringLiteral("-subj"),
        QStringLiteral("/CN=Test Apple Push CA"), QStringLiteral("-days"), QStringLiteral("30")}));
    // The vendor identity, self-signed: the chain is optional for the CLI.
    QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
        QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("vendor.key"),
        QStringLiteral("-out"), QStringLiteral("vendor.pem"), QStringLiteral("-subj"),
        QStringLiteral("/CN=MDM Vendor: Test"), QStringLiteral("-days"), QStringLiteral("30")}));
    QVERIFY(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("vendor.key"),
        QStringLiteral("-pubout"), QStringLiteral("-out"), QStringLiteral("vendor_pub.pem")}));
}

void TestPushCertCli::requestSignImportShow()
{
    // 1. The customer makes the request.
    const Run request = quincectl({QStringLiteral("push-cert"), QStringLiteral("request"), QStringLiteral("--out"),
        QStringLiteral("push.csr"), QStringLiteral("--organization"), QStringLiteral("Test Org")});
    QVERIFY2(request.ok, qPrintable(request.describe()));
    QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-in"), QStringLiteral("push.csr"),
        QStringLiteral("-verify"), QStringLiteral("-noout")}));
    QCOMPARE(requestCount(), 1);

    // 2. The vendor signs it; the signature verifies with openssl.
    const Run signRequest = quincectl({QStringLiteral("push-cert"), QStringLiteral("sign-request"),
        QStringLiteral("--vendor-cert"), QStringLiteral("vendor.pem"), QStringLiteral("--vendor-key"),
        QStringLiteral("vendor.key"), QStringLiteral("--csr"), QStringLiteral("push.csr"), QStringLiteral("--out"),
        QStringLiteral("request.b64")});
    QVERIFY2(signRequest.ok, qPrintable(signRequest.describe()));
    auto decoded = plist::decode(QByteArray::fromBase64(readFile(path(QStringLiteral("request.b64")))));
    QVERIFY(decoded && decoded->isDict());
    const QByteArray csrDer
        = QByteArray::fromBase64(decoded->value(QStringLiteral("PushCertRequestCSR")).toString().toLatin1());
    QVERIFY(writeFile(path(QStringLiteral("csr.der")), csrDer));
    QVERIFY(writeFile(path(QStringLiteral("sig.bin")),
        QByteArray::fromBase64(decoded->value(QStringLiteral("PushCertSignature")).toString().toLatin1())));
    QVERIFY(openssl(
        {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), QStringLiteral("vendor_pub.pem"),
            QStringLiteral("-signature"), QStringLiteral("sig.bin"), QStringLiteral("csr.der")}));

    // 3. "Apple" issues the certificate for the CSR the plist carries; the customer imports it.
    QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
        QStringLiteral("csr.der"), QStringLiteral("-out"), QStringLiteral("uploaded.csr")}));
    const QString topic = PushCertificate::topicPrefix() + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(!issue(QStringLiteral("uploaded.csr"), topic, QStringLiteral("push.pem")).isEmpty());
    const Run imported = quincectl(
        {QStringLiteral("push-cert"), QStringLiteral("import"), QStringLiteral("push.pem"), QStringLiteral("--json")});
    QVERIFY2(imported.ok, qPrintable(imported.describe()));
    const QJsonObject importedJson = QJsonDocument::fromJson(imported.out).object();
    QCOMPARE(importedJson.value(QStringLiteral("topic")).toString(), topic);
    const QDateTime notAfter = Certificate::fromPem(readFile(path(QStringLiteral("push.pem"))))->notAfter();
    QCOMPARE(QDateTime::fromString(importedJson.value(QStringLiteral("notAfter")).toString(), Qt::ISODate), notAfter);

    // 4. show reads it back (without the master key), as text and as JSON.
    const Run shown = quincectl({QStringLiteral("push-cert"), QStringLiteral("show")}, false);
    QVERIFY2(shown.ok, qPrintable(shown.describe()));
    QVERIFY(shown.out.contains(topic.toUtf8()));
    const Run shownJson
        = quincectl({QStringLiteral("push-cert"), QStringLiteral("show"), QStringLiteral("--json")}, false);
    QVERIFY2(shownJson.ok, qPrintable(shownJson.describe()));
    QCOMPARE(QJsonDocument::fromJson(shownJson.out)
                 .object()
                 .value(QStringLiteral("active"))
                 .toObject()
                 .value(QStringLiteral("topic"))
                 .toString(),
        topic);

    // 5. A certificate for another topic is refused, naming both topics, exit code 1.
    const Run otherRequest = quincectl({QStringLiteral("push-cert"), QStringLiteral("request"), QStringLiteral("--out"),
        QStringLiteral("second.csr")});
    QVERIFY2(otherRequest.ok, qPrintable(otherRequest.describe()));
    const QString otherTopic = PushCertificate::topicPrefix() + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(!issue(QStringLiteral("second.csr"), otherTopic, QStringLiteral("second.pem")).isEmpty());
    const Run refused
        = quincectl({QStringLiteral("push-cert"), QStringLiteral("import"), QStringLiteral("second.pem")});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.err.count('\n'), 1);
    QVERIFY2(refused.err.contains("TopicChanged") && refused.err.contains(topic.toUtf8())
            && refused.err.contains(otherTopic.toUtf8()),
        refused.err.constData());
}

void TestPushCertCli::failuresAreOneLineAndNonZero()
{
    const QList<QStringList> cases {
        {QStringLiteral("push-cert"), QStringLiteral("request")},
        {QStringLiteral("push-cert"), QStringLiteral("import"), QStringLiteral("does-not-exist.pem")},
        {QStringLiteral("push-cert"), QStringLiteral("sign-request"), QStringLiteral("--vendor-cert"),
            QStringLiteral("vendor.pem"), QStringLiteral("--vendor-key"), QStringLiteral("apple.key"),
            QStringLiteral("--csr"), QStringLiteral("vendor.pem"), QStringLiteral("--out"), QStringLiteral("x.b64")},
    };
    for (const QStringList& arguments : cases) {
        const Run run = quincectl(arguments);
        QVERIFY2(run.exitCode == 1, qPrintable(arguments.join(u' ')));
        QVERIFY2(run.err.count('\n') == 1 && run.err.startsWith("quincectl: push-cert "), run.err.constData());
    }
    QVERIFY(!QFile::exists(path(QStringLiteral("x.b64"))));
    QCOMPARE(quincectl({QStringLiteral("push-cert"), QStringLiteral("frobnicate")}).exitCode, 2);
}

void TestPushCertCli::noMasterKeyMeansNothingStored()
{
    // No passphrase file, no environment variable, no terminal: refuse rather than store a key
    // under a weaker protection.
    const int before = requestCount();
    const Run run = quincectl(
        {QStringLiteral("push-cert"), QStringLiteral("request"), QStringLiteral("--out"), QStringLiteral("nokey.csr")},
        false);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("master key"), run.err.constData());
    QCOMPARE(requestCount(), before);
    QVERIFY(!QFile::exists(path(QStringLiteral("nokey.csr"))));
}

QTEST_GUILESS_MAIN(TestPushCertCli)
#include "tst_PushCertCli.moc"

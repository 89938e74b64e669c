// SPDX-License-Identifier: GPL-3.0-or-later
// The server assembly in-process: settings remembered, the served TLS identity chains to the
// root, and the daily maintenance renews a certificate near expiry and serves the new one on the
// same port without a restart of the program.
#include "core/pki/Certificate.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/StorageWorker.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace quince;

namespace {

// The certificate the listener presents, seen by a client that trusts only root (or, with a
// null root, one that checks nothing: a certificate dated by the test's moved clock is "not yet
// valid" to the real one).
QSslCertificate servedCertificate(quint16 port, const QSslCertificate& root)
{
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({root});
    config.setPeerVerifyMode(root.isNull() ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
    if (!socket.waitForEncrypted(10000))
        return QSslCertificate();
    return socket.peerCertificate();
}

} // namespace

class TestServerRuntime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_storage = std::make_unique<storage::StorageWorker>();
        QVERIFY(m_storage->start(m_dir.filePath(QStringLiteral("runtime-%1.sqlite3").arg(++m_round))));
        auto key = secrets::MasterKey::generate();
        QVERIFY(key);
        m_sealer = std::make_unique<secrets::SecretStoreKeySealer>(secrets::SecretStore(std::move(key).value()));
    }

    void cleanup()
    {
        m_storage->stop();
        m_storage.reset();
        m_sealer.reset();
    }

    void settingsAreRememberedAndDefaulted()
    {
        auto defaults = runtime::ServerRuntime::resolveSettings(*m_storage, {});
        QVERIFY(defaults);
        QCOMPARE(defaults->port, runtime::ServerRuntime::kDefaultPort);
        QCOMPARE(defaults->listenAddress, QHostAddress(QHostAddress::Any));
        QCOMPARE(defaults->hostNames.size(), 1);
        QVERIFY(!defaults->plainHttp);

        runtime::ServerOptions given;
        given.listenAddress = QHostAddress(QStringLiteral("127.0.0.1"));
        given.port = 9443;
        given.hostNames = {QStringLiteral("mdm.example.lan"), QStringLiteral("10.1.2.3")};
        auto explicitSettings = runtime::ServerRuntime::resolveSettings(*m_storage, given);
        QVERIFY(explicitSettings);
        auto remembered = runtime::ServerRuntime::resolveSettings(*m_storage, {});
        QVERIFY(remembered);
        QCOMPARE(remembered->port, quint16(9443));
        QCOMPARE(remembered->listenAddress, QHostAddress(QStringLiteral("127.0.0.1")));
        QCOMPARE(remembered->hostNames, given.hostNames);
    }

    void servesTheCaIssuedIdentityAndRenewsItInPlace()
    {
        runtime::ServerRuntime runtime(*m_storage, *m_sealer);
        QDateTime clock = QDateTime::currentDateTimeUtc();
        runtime.certificateAuthority().setClock([&clock] { return clock; });
        runtime::ServerOptions options;
        options.listenAddress = QHostAddress(QHostAddress::LocalHost);
        options.port = 0;
        options.hostNames = {QStringLiteral("localhost")};
        const Status started = runtime.start(options);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        QVERIFY(runtime.isRunning());
        const quint16 port = runtime.serverPort();
        QVERIFY(port != 0);
        QCOMPARE(runtime.baseUrl(), QStringLiteral("https://localhost:%1").arg(port));

        const QSslCertificate root(runtime.certificateAuthority().rootCertificate().toDer(), QSsl::Der);
        const QSslCertificate first = servedCertificate(port, root);
        QVERIFY(!first.isNull());
        QCOMPARE(first.subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("localhost"));

        // Nothing near expiry: maintenance changes nothing.
        auto idle = runtime.maintain();
        QVERIFY(idle);
        QVERIFY(!*idle);
        QCOMPARE(servedCertificate(port, root), first);

        // 380 days on, the 397-day TLS certificate has under 30 days left: renewed and served on
        // the same port, issued by the same CA.
        clock = clock.addDays(380);
        auto renewed = runtime.maintain();
        QVERIFY2(renewed, qPrintable(renewed ? QString() : renewed.error().message));
        QVERIFY(*renewed);
        QCOMPARE(runtime.serverPort(), port);
        const QSslCertificate second = servedCertificate(port, QSslCertificate());
        QVERIFY(!second.isNull());
        QVERIFY(second != first);
        QVERIFY(second.expiryDate() > first.expiryDate());
        auto served = pki::Certificate::fromDer(second.toDer());
        QVERIFY(served);
        QVERIFY(served->isSignedBy(runtime.certificateAuthority().issuingCertificate()));
        runtime.stop();
        QVERIFY(!runtime.isRunning());
    }

    void aTakenPortIsAClearError()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        runtime::ServerRuntime runtime(*m_storage, *m_sealer);
        runtime::ServerOptions options;
        options.listenAddress = QHostAddress(QHostAddress::LocalHost);
        options.port = squatter.serverPort();
        const Status started = runtime.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QString::number(squatter.serverPort())),
            qPrintable(started.error().message));
        QVERIFY(!runtime.isRunning());
    }

private:
    QTemporaryDir m_dir;
    int m_round = 0;
    std::unique_ptr<storage::StorageWorker> m_storage;
    std::unique_ptr<secrets::SecretStoreKeySealer> m_sealer;
};

QTEST_GUILESS_MAIN(TestServerRuntime)
#include "tst_ServerRuntime.moc"

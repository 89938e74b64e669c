// SPDX-License-Identifier: GPL-3.0-or-later
// The server assembly in-process: settings remembered, the served TLS identity chains to the
// root, and the daily maintenance renews a certificate near expiry and serves the new one on the
// same port without a restart of the program.
#include "core/mdm/CommandQueue.h"
#include "core/pki/Certificate.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/CmsSigner.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/StorageWorker.h"

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QSslKey>
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

struct HttpAnswer {
    int status = 0;
    QByteArray body;
};

// A device's HTTPS connection (kept open across requests, as devices do), presenting a client
// identity when given one; each answer is read to its Content-Length.
class DeviceConnection {
public:
    DeviceConnection(
        quint16 port, const QSslCertificate& root, const pki::Certificate& cert = {}, const pki::PrivateKey& key = {})
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({root});
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!cert.isNull()) {
            config.setLocalCertificate(QSslCertificate(cert.toDer(), QSsl::Der));
            config.setPrivateKey(QSslKey(key.toPem(), QSsl::Rsa, QSsl::Pem));
        }
        m_socket.setSslConfiguration(config);
        m_socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
        m_socket.waitForEncrypted(10000);
    }

    HttpAnswer send(
        const QByteArray& method, const QByteArray& path, const QByteArray& body, const QByteArray& extraHeaders = {})
    {
        if (!m_socket.isEncrypted())
            return {};
        m_socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body);
        QByteArray response;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            const qsizetype end = response.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QList<QByteArray> lines = response.left(end).split('\n');
                qsizetype length = 0;
                for (const QByteArray& line : lines)
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                if (response.size() >= end + 4 + length)
                    return {lines.first().split(' ').value(1).toInt(), response.mid(end + 4, length)};
            }
            if (!m_socket.waitForReadyRead(1000) && m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            response += m_socket.readAll();
        }
        return {};
    }

    HttpAnswer put(const QByteArray& path, const QByteArray& body) { return send("PUT", path, body); }

private:
    QSslSocket m_socket;
};

QByteArray statusPlist(const QByteArray& udid, const QByteArray& status, const QByteArray& commandUuid = {})
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict><key>UDID</key><string>" + udid
        + "</string><key>Status</key><string>" + status + "</string>"
        + (commandUuid.isEmpty() ? QByteArray() : "<key>CommandUUID</key><string>" + commandUuid + "</string>")
        + "</dict></plist>\n";
}

// One check-in request on a fresh connection.
HttpAnswer request(quint16 port, const QSslCertificate& root, const QByteArray& method, const QByteArray& body,
    const QByteArray& extraHeaders = {}, const pki::Certificate& clientCert = {}, const pki::PrivateKey& clientKey = {})
{
    return DeviceConnection(port, root, clientCert, clientKey).send(method, "/mdm/checkin", body, extraHeaders);
}

QByteArray checkInPlist(const QByteArray& messageType, const QByteArray& udid, const QByteArray& extra = {})
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>"
           "<key>MessageType</key><string>"
        + messageType + "</string><key>UDID</key><string>" + udid
        + "</string><key>Topic</key><string>com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9</string>"
        + extra + "</dict></plist>\n";
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

        // Nothing near expiry: maintenance changes nothing, but sweeps devices not seen for long.
        QVERIFY(m_storage->writeAndWait([](storage::Database& db) -> storage::StorageStatus {
            auto stale = db.exec(QStringLiteral("INSERT INTO devices (udid, enrollment_state, last_seen_at, "
                                                "created_at, updated_at) VALUES ('STALE', 'enrolled', 1, 1, 1)"));
            return stale ? storage::StorageStatus() : storage::StorageStatus(stale.error());
        }));
        auto idle = runtime.maintain();
        QVERIFY(idle);
        QVERIFY(!*idle);
        QVariant inactiveSince;
        // Jobs run in order: the sweep maintain() queued has committed before this one runs.
        QVERIFY(m_storage->writeAndWait([&inactiveSince](storage::Database& db) -> storage::StorageStatus {
            auto row = db.exec(QStringLiteral("SELECT inactive_since FROM devices WHERE udid = 'STALE'"));
            if (!row)
                return row.error();
            if (row->next())
                inactiveSince = row->value(0);
            return {};
        }));
        QVERIFY(inactiveSince.isValid() && !inactiveSince.isNull());
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

    void enrollThenTakeCommandsOverTlsAndMdmSignature()
    {
        runtime::ServerRuntime runtime(*m_storage, *m_sealer);
        runtime::ServerOptions options;
        options.listenAddress = QHostAddress(QHostAddress::LocalHost);
        options.port = 0;
        options.hostNames = {QStringLiteral("localhost")};
        QVERIFY(runtime.start(options));
        const quint16 port = runtime.serverPort();
        const QSslCertificate root(runtime.certificateAuthority().rootCertificate().toDer(), QSsl::Der);

        // A device identity as SCEP would issue it.
        auto key = pki::PrivateKey::generateRsa(2048);
        QVERIFY(key);
        auto csr = pki::CertificateRequest::create(*key, {{QStringLiteral("CN"), QStringLiteral("Test iPad")}});
        QVERIFY(csr);
        auto device = runtime.certificateAuthority().issueClientCertificate(*csr, pki::IssueOptions {});
        QVERIFY(device);
        const QByteArray udid = "663b07bb783e9ade1dae4fbb92ea12afc0ce5b69";

        // Authenticate then TokenUpdate over mutual TLS: the device is enrolled.
        HttpAnswer answer = request(port, root, "PUT", checkInPlist("Authenticate", udid), {}, *device, *key);
        QCOMPARE(answer.status, 200);
        const QByteArray tokenKeys = "<key>Token</key><data>AAECAw==</data><key>PushMagic</key>"
                                     "<string>magic-1</string><key>UnlockToken</key><data>c2VjcmV0</data>";
        answer = request(port, root, "PUT", checkInPlist("TokenUpdate", udid, tokenKeys), {}, *device, *key);
        QCOMPARE(answer.status, 200);
        QString state;
        QVERIFY(m_storage->writeAndWait([&state](storage::Database& db) -> storage::StorageStatus {
            auto row = db.exec(QStringLiteral("SELECT e.status, d.enrollment_state FROM enrollments e"
                                              " JOIN devices d ON d.id = e.device_id WHERE d.udid = ?"),
                {QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69")});
            if (!row)
                return row.error();
            if (row->next())
                state = row->value(0).toString() + u'/' + row->value(1).toString();
            return {};
        }));
        QCOMPARE(state, QStringLiteral("active/enrolled"));

        // Without any identity: refused. Garbage: 400. Wrong method: 405.
        QCOMPARE(request(port, root, "PUT", checkInPlist("TokenUpdate", udid, tokenKeys)).status, 403);
        QCOMPARE(request(port, root, "PUT", "not a plist", {}, *device, *key).status, 400);
        QCOMPARE(request(port, root, "POST", checkInPlist("Authenticate", udid), {}, *device, *key).status, 405);

        // Behind a TLS-terminating proxy the same device signs its body instead.
        auto signer = pki::CmsSigner::create(*device, *key);
        QVERIFY(signer);
        const QByteArray body = checkInPlist("TokenUpdate", udid, tokenKeys);
        auto signature
            = signer->signDetached(body, pki::CmsSigner::Digest::Sha256, pki::CmsSigner::Encoding::IndefiniteBer);
        QVERIFY(signature);
        const QByteArray header = "Mdm-Signature: " + signature->toBase64() + "\r\n";
        QCOMPARE(request(port, root, "PUT", body, header).status, 200);
        // One changed byte and the signature no longer holds.
        QByteArray altered = body;
        altered.replace("magic-1", "magic-2");
        QCOMPARE(request(port, root, "PUT", altered, header).status, 403);

        // The ServerURL: two commands queued; the device takes them on one connection.
        qint64 enrollmentId = 0;
        QStringList uuids;
        QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
            auto row = db.exec(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id"
                                              " WHERE d.udid = ? AND e.channel = 'device'"),
                {QString::fromLatin1(udid)});
            if (!row)
                return row.error();
            if (!row->next())
                return storage::StorageError {
                    storage::StorageErrorKind::JobFailed, QStringLiteral("no enrollment"), {}};
            enrollmentId = row->value(0).toLongLong();
            mdm::CommandQueue queue(db);
            for (const char* type : {"DeviceInformation", "SecurityInfo"}) {
                auto queued
                    = queue.enqueue({enrollmentId}, QString::fromLatin1(type), {}, {}, QDateTime::currentDateTimeUtc());
                if (!queued)
                    return queued.error();
                uuids.append(*queued);
            }
            return {};
        }));
        {
            DeviceConnection connection(port, root, *device, *key);
            HttpAnswer idle = connection.put("/mdm/connect", statusPlist(udid, "Idle"));
            QCOMPARE(idle.status, 200);
            QVERIFY2(idle.body.contains(uuids.at(0).toLatin1()), idle.body.constData());
            QVERIFY(idle.body.contains("DeviceInformation"));
            // NotNow: kept, and not offered again on this connection; the next one comes.
            HttpAnswer afterNotNow
                = connection.put("/mdm/connect", statusPlist(udid, "NotNow", uuids.at(0).toLatin1()));
            QCOMPARE(afterNotNow.status, 200);
            QVERIFY2(afterNotNow.body.contains(uuids.at(1).toLatin1()), afterNotNow.body.constData());
            HttpAnswer done = connection.put("/mdm/connect", statusPlist(udid, "Acknowledged", uuids.at(1).toLatin1()));
            QCOMPARE(done.status, 200);
            QVERIFY2(done.body.isEmpty(), done.body.constData()); // the NotNow one waits for a new connection
            // The same status again is harmless; an unknown CommandUUID is ignored.
            QCOMPARE(
                connection.put("/mdm/connect", statusPlist(udid, "Acknowledged", uuids.at(1).toLatin1())).status, 200);
            QCOMPARE(connection.put("/mdm/connect", statusPlist(udid, "Error", "NO-SUCH-UUID")).status, 200);
            QCOMPARE(connection.put("/mdm/connect", "garbage").status, 400);
        }
        {
            DeviceConnection connection(port, root, *device, *key);
            HttpAnswer again = connection.put("/mdm/connect", statusPlist(udid, "Idle"));
            QCOMPARE(again.status, 200);
            QVERIFY2(again.body.contains(uuids.at(0).toLatin1()), again.body.constData());
            QCOMPARE(
                connection.put("/mdm/connect", statusPlist(udid, "Acknowledged", uuids.at(0).toLatin1())).status, 200);
        }
        int results = 0;
        QVERIFY(m_storage->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
            auto row = db.exec(QStringLiteral("SELECT COUNT(*) FROM command_results r JOIN command_queue q"
                                              " ON q.id = r.queue_id WHERE q.enrollment_id = ? AND q.state = ?"),
                {enrollmentId, QStringLiteral("acknowledged")});
            if (!row)
                return row.error();
            row->next();
            results = row->value(0).toInt();
            return {};
        }));
        QCOMPARE(results, 2); // one result per command, the duplicate not stored twice

        // Another device's certificate cannot speak for this UDID.
        auto otherKey = pki::PrivateKey::generateRsa(2048);
        QVERIFY(otherKey);
        auto otherCsr = pki::CertificateRequest::create(*otherKey, {{QStringLiteral("CN"), QStringLiteral("Other")}});
        QVERIFY(otherCsr);
        auto other = runtime.certificateAuthority().issueClientCertificate(*otherCsr, pki::IssueOptions {});
        QVERIFY(other);
        DeviceConnection impostor(port, root, *other, *otherKey);
        QCOMPARE(impostor.put("/mdm/connect", statusPlist(udid, "Idle")).status, 403);
        runtime.stop();
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

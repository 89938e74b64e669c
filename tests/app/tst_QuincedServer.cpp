// SPDX-License-Identifier: GPL-3.0-or-later
// quinced end to end: unlocks its master key from a passphrase file, creates its CA, serves
// TLS that chains to the root quincectl exports, answers SCEP, restarts with the same CA, and
// leaves no private key in plain text in its database or its log.
#include "AppPaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Outcome run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice()); // never a terminal: no prompt may block us
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError()};
}

// Unencrypted PKCS#8 headers (version 0, then the algorithm): RSA and EC P-256. Any private key
// Quince stored in plain text would contain one of them.
const QByteArray kPkcs8Rsa = QByteArray::fromHex("020100300d06092a864886f70d0101010500");
const QByteArray kPkcs8Ec = QByteArray::fromHex("020100301306072a8648ce3d020106082a8648ce3d030107");

} // namespace

class TestQuincedServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        m_passphraseFile = m_dir.filePath(QStringLiteral("passphrase"));
        QFile file(m_passphraseFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a long office passphrase\n");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void refusesToStartWithoutAPassphrase()
    {
        QTemporaryDir other;
        const Outcome outcome = run(QStringLiteral(QUINCED_BIN),
            {QStringLiteral("-d"), other.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains("passphrase"), outcome.err.constData());
        QCOMPARE(outcome.err.count('\n'), 1); // one line, no prompt
    }

    void rejectsBadListenOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no port") << QStringList {QStringLiteral("--listen"), QStringLiteral("127.0.0.1")};
        QTest::newRow("name, not address")
            << QStringList {QStringLiteral("--listen"), QStringLiteral("example.com:80")};
        QTest::newRow("port too big") << QStringList {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")};
        QTest::newRow("two hosts in one")
            << QStringList {QStringLiteral("--host"), QStringLiteral("a.example,b.example")};
    }

    void rejectsBadListenOptions()
    {
        QFETCH(QStringList, args);
        QTemporaryDir other;
        const Outcome outcome
            = run(QStringLiteral(QUINCED_BIN), QStringList {QStringLiteral("-d"), other.path()} + args);
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.startsWith("quinced: --"), outcome.err.constData());
    }

    void servesTlsThatChainsToTheExportedRoot()
    {
        QByteArray log;
        const quint16 port = startServer(&log);
        QVERIFY(port != 0);

        const Outcome exported = run(QStringLiteral(QUINCECTL_BIN),
            {QStringLiteral("-d"), m_dataDir, QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--out"),
                m_dir.filePath(QStringLiteral("root.pem"))});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const QList<QSslCertificate> roots
            = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("root.pem")), QSsl::Pem);
        QCOMPARE(roots.size(), 1);
        QVERIFY(roots.first()
                    .subjectInfo(QSslCertificate::CommonName)
                    .value(0)
                    .startsWith(QStringLiteral("Quince Root CA")));
        m_rootFingerprint = roots.first().digest(QCryptographicHash::Sha256);

        // A client that trusts only that root, checking the name "localhost".
        const QByteArray health = httpsGet(port, roots, "/health");
        QVERIFY2(health.startsWith("HTTP/1.1 200"), health.constData());
        QVERIFY(health.endsWith("{\"status\":\"ok\"}"));
        const QByteArray caps = httpsGet(port, roots, "/scep?operation=GetCACaps");
        QVERIFY2(caps.startsWith("HTTP/1.1 200"), caps.constData());
        QVERIFY(caps.contains("POSTPKIOperation"));
        QVERIFY(caps.contains("AES"));
        // GetCACert: CA + RA, as a degenerate PKCS#7 the openssl command can read.
        const QByteArray caCert = httpsGet(port, roots, "/scep?operation=GetCACert");
        QVERIFY2(caCert.contains("Content-Type: application/x-x509-ca-ra-cert"), caCert.constData());
        const QByteArray pkcs7 = caCert.mid(caCert.indexOf("\r\n\r\n") + 4);
        const QString opensslPath = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (!opensslPath.isEmpty()) {
            QFile p7(m_dir.filePath(QStringLiteral("cacert.p7")));
            QVERIFY(p7.open(QIODevice::WriteOnly));
            p7.write(pkcs7);
            p7.close();
            const Outcome printed = run(opensslPath,
                {QStringLiteral("pkcs7"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                    p7.fileName(), QStringLiteral("-print_certs"), QStringLiteral("-noout")});
            QCOMPARE(printed.exitCode, 0);
            QVERIFY2(printed.out.contains("Quince Issuing CA"), printed.out.constData());
            QVERIFY2(printed.out.contains("Quince SCEP RA"), printed.out.constData());
        }

        // A client that does not trust the root gets no connection.
        QSslSocket untrusting;
        untrusting.connectToHostEncrypted(QStringLiteral("localhost"), port);
        QVERIFY(!untrusting.waitForEncrypted(10000));

        stopServer(&log);
        QVERIFY2(log.contains("stopped"), log.constData());
        m_log += log;
    }

    void restartKeepsTheSameCa()
    {
        QByteArray log;
        const quint16 port = startServer(&log, false); // the listen settings were remembered
        QVERIFY(port != 0);
        const Outcome exported = run(QStringLiteral(QUINCECTL_BIN),
            {QStringLiteral("-d"), m_dataDir, QStringLiteral("ca"), QStringLiteral("export"), QStringLiteral("--out"),
                m_dir.filePath(QStringLiteral("root2.pem"))});
        QCOMPARE(exported.exitCode, 0);
        const QList<QSslCertificate> roots
            = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("root2.pem")), QSsl::Pem);
        QCOMPARE(roots.size(), 1);
        QCOMPARE(roots.first().digest(QCryptographicHash::Sha256), m_rootFingerprint);
        QVERIFY(httpsGet(port, roots, "/health").startsWith("HTTP/1.1 200"));

        const Outcome listed = run(QStringLiteral(QUINCECTL_BIN),
            {QStringLiteral("-d"), m_dataDir, QStringLiteral("certs"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(listed.out.count("TLS server"), 1); // reloaded, not issued again
        stopServer(&log);
        m_log += log;
    }

    void wrongPassphraseIsRefused()
    {
        const QString wrong = m_dir.filePath(QStringLiteral("wrong"));
        QFile file(wrong);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not the passphrase\n");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Outcome outcome = run(
            QStringLiteral(QUINCED_BIN), {QStringLiteral("-d"), m_dataDir, QStringLiteral("--passphrase-file"), wrong});
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains("passphrase"), outcome.err.constData());
    }

    void noPrivateKeyInPlainTextOnDiskOrInTheLog()
    {
        QByteArray stored;
        for (const QString& name : QDir(m_dataDir).entryList(QDir::Files)) {
            QFile f(QDir(m_dataDir).filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            stored += f.readAll();
        }
        QVERIFY(stored.size() > 10000); // the database really holds the CA
        QVERIFY(stored.contains("Quince Root CA")); // and the search reads it
        QVERIFY(!stored.contains(kPkcs8Rsa));
        QVERIFY(!stored.contains(kPkcs8Ec));
        QVERIFY(!stored.contains("PRIVATE KEY"));
        QVERIFY(!stored.contains("a long office passphrase"));
        QVERIFY(!m_log.isEmpty());
        QVERIFY(!m_log.contains("PRIVATE KEY"));
        QVERIFY(!m_log.contains("a long office passphrase"));
    }

    void cleanup()
    {
        // A failed step must not leave its server holding the data directory for the next.
        if (m_server.state() != QProcess::NotRunning) {
            m_server.kill();
            m_server.waitForFinished();
        }
    }

private:
    quint16 startServer(QByteArray* log, bool withListenOptions = true)
    {
        QStringList args {QStringLiteral("-d"), m_dataDir, QStringLiteral("--passphrase-file"), m_passphraseFile};
        if (withListenOptions)
            args += {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--host"),
                QStringLiteral("localhost"), QStringLiteral("--host"), QStringLiteral("127.0.0.1")};
        m_server.setStandardInputFile(QProcess::nullDevice());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("quince.*=true")); // the whole log is checked
        m_server.setProcessEnvironment(env);
        m_server.start(QStringLiteral(QUINCED_BIN), args);
        if (!m_server.waitForStarted())
            return 0;
        const QRegularExpression url(QStringLiteral("at https://localhost:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000 && m_server.state() == QProcess::Running) {
            m_server.waitForReadyRead(200);
            *log += m_server.readAllStandardError();
            const auto match = url.match(QString::fromUtf8(*log));
            if (match.hasMatch())
                return static_cast<quint16>(match.captured(1).toUInt());
        }
        qWarning("quinced did not start: %s", log->constData());
        return 0;
    }

    void stopServer(QByteArray* log)
    {
        ::kill(static_cast<pid_t>(m_server.processId()), SIGTERM);
        m_server.waitForFinished(30000);
        *log += m_server.readAllStandardError();
        QCOMPARE(m_server.exitCode(), 0);
    }

    static QByteArray httpsGet(quint16 port, const QList<QSslCertificate>& roots, const QByteArray& target)
    {
        QSslSocket socket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(roots);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket.setSslConfiguration(config);
        socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
        if (!socket.waitForEncrypted(10000))
            return "no TLS: " + socket.errorString().toUtf8();
        socket.write("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        // Read one response: the headers, then Content-Length bytes of body.
        QByteArray response;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            const qsizetype headerEnd = response.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QRegularExpression length(
                    QStringLiteral("Content-Length: (\\d+)"), QRegularExpression::CaseInsensitiveOption);
                const auto match = length.match(QString::fromLatin1(response.left(headerEnd)));
                if (match.hasMatch() && response.size() >= headerEnd + 4 + match.captured(1).toLongLong())
                    break;
            }
            if (!socket.waitForReadyRead(1000) && socket.state() != QAbstractSocket::ConnectedState)
                break;
            response += socket.readAll();
        }
        return response;
    }

    QTemporaryDir m_dir;
    QString m_dataDir;
    QString m_passphraseFile;
    QProcess m_server;
    QByteArray m_rootFingerprint;
    QByteArray m_log;
};

QTEST_GUILESS_MAIN(TestQuincedServer)
#include "tst_QuincedServer.moc"

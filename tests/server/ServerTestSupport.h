// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the server tests: certificates made by the real openssl command, and blocking
// clients on loopback (the listener runs on its own threads, so the test thread may block).
#pragma once

#include "core/server/HttpListener.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <optional>

namespace quince::server::test {

/// A CA, a server certificate for localhost/127.0.0.1 and a client certificate it signed, plus a
/// client certificate from an unrelated CA; all P-256, generated in a temporary directory.
struct TestPki {
    QTemporaryDir dir;
    QString error;
    QSslCertificate ca;
    QSslCertificate serverCertificate;
    QSslKey serverKey;
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    QSslCertificate otherCa;
    QSslCertificate foreignClientCertificate;
    QSslKey foreignClientKey;

    bool ok() const { return error.isEmpty(); }

    static QString openssl() { return QStandardPaths::findExecutable(QStringLiteral("openssl")); }

    bool run(const QStringList& arguments)
    {
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.start(openssl(), arguments);
        if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            error = QStringLiteral("openssl %1 failed: %2")
                        .arg(arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

    QByteArray read(const QString& name) const
    {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    bool makeCa(const QString& name, const QString& commonName)
    {
        return run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), QStringLiteral("o.cnf"),
            QStringLiteral("-extensions"), QStringLiteral("ca_ext"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
            name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
            QStringLiteral("/CN=") + commonName});
    }

    bool makeLeaf(
        const QString& name, const QString& commonName, const QString& issuer, const QString& extensions, int serial)
    {
        return run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"), QStringLiteral("o.cnf"),
                   QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   name + QStringLiteral(".key"), QStringLiteral("-out"), name + QStringLiteral(".csr"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName})
            && run(
                {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), name + QStringLiteral(".csr"),
                    QStringLiteral("-CA"), issuer + QStringLiteral(".pem"), QStringLiteral("-CAkey"),
                    issuer + QStringLiteral(".key"), QStringLiteral("-set_serial"), QString::number(serial),
                    QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-extfile"), QStringLiteral("o.cnf"),
                    QStringLiteral("-extensions"), extensions, QStringLiteral("-out"), name + QStringLiteral(".pem")});
    }

    QSslKey key(const QString& name) const { return QSslKey(read(name + QStringLiteral(".key")), QSsl::Ec); }
    QSslCertificate certificate(const QString& name) const
    {
        return QSslCertificate(read(name + QStringLiteral(".pem")), QSsl::Pem);
    }

    /// Generates everything; on failure error says why (the caller QSKIPs without openssl).
    static std::unique_ptr<TestPki> create()
    {
        auto pki = std::make_unique<TestPki>();
        if (openssl().isEmpty()) {
            pki->error = QStringLiteral("the openssl command is not installed");
            return pki;
        }
        QFile config(pki->dir.filePath(QStringLiteral("o.cnf")));
        if (!config.open(QIODevice::WriteOnly)) {
            pki->error = QStringLiteral("cannot write the openssl configuration");
            return pki;
        }
        config.write("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n"
                     "[ca_ext]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                     "subjectKeyIdentifier = hash\n"
                     "[server_ext]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
                     "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost,IP:127.0.0.1\n"
                     "[client_ext]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
                     "extendedKeyUsage = clientAuth\n");
        config.close();
        if (!pki->makeCa(QStringLiteral("ca"), QStringLiteral("Quince Test CA"))
            || !pki->makeLeaf(QStringLiteral("server"), QStringLiteral("localhost"), QStringLiteral("ca"),
                QStringLiteral("server_ext"), 2)
            || !pki->makeLeaf(QStringLiteral("client"), QStringLiteral("Test Device"), QStringLiteral("ca"),
                QStringLiteral("client_ext"), 3)
            || !pki->makeCa(QStringLiteral("other"), QStringLiteral("Some Other CA"))
            || !pki->makeLeaf(QStringLiteral("foreign"), QStringLiteral("Foreign Device"), QStringLiteral("other"),
                QStringLiteral("client_ext"), 4))
            return pki;
        pki->ca = pki->certificate(QStringLiteral("ca"));
        pki->serverCertificate = pki->certificate(QStringLiteral("server"));
        pki->serverKey = pki->key(QStringLiteral("server"));
        pki->clientCertificate = pki->certificate(QStringLiteral("client"));
        pki->clientKey = pki->key(QStringLiteral("client"));
        pki->otherCa = pki->certificate(QStringLiteral("other"));
        pki->foreignClientCertificate = pki->certificate(QStringLiteral("foreign"));
        pki->foreignClientKey = pki->key(QStringLiteral("foreign"));
        if (pki->ca.isNull() || pki->serverKey.isNull() || pki->clientKey.isNull() || pki->foreignClientKey.isNull())
            pki->error = QStringLiteral("generated certificates or keys do not load");
        return pki;
    }

    TlsSettings tlsSettings(ClientCertificateMode mode = ClientCertificateMode::None) const
    {
        TlsSettings tls;
        tls.certificateChain = {serverCertificate};
        tls.privateKey = serverKey;
        tls.clientCertificateMode = mode;
        if (mode != ClientCertificateMode::None)
            tls.clientCaCertificates = {ca};
        return tls;
    }
};

/// A parsed response, or as much as arrived.
struct Response {
    bool complete = false;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
};

/// A blocking client for one connection, plain or TLS.
class Client {
public:
    /// Connects (and, with pki, completes the TLS handshake trusting pki->ca). With a client
    /// certificate and key, presents them.
    bool connectTo(quint16 port, const TestPki* pki = nullptr, const QSslCertificate& certificate = QSslCertificate(),
        const QSslKey& key = QSslKey(), int timeoutMs = 5000)
    {
        if (pki == nullptr) {
            m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
            return m_socket.waitForConnected(timeoutMs);
        }
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates({pki->ca});
        if (!certificate.isNull()) {
            ssl.setLocalCertificate(certificate);
            ssl.setPrivateKey(key);
        }
        m_socket.setSslConfiguration(ssl);
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForEncrypted(timeoutMs);
    }

    /// Connects without TLS to a port (for junk to a TLS listener, or silence).
    bool connectRaw(quint16 port, int timeoutMs = 5000)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return m_socket.waitForConnected(timeoutMs);
    }

    void send(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
        while (m_socket.bytesToWrite() > 0 && m_socket.waitForBytesWritten(2000)) { }
    }

    /// Reads one response (Content-Length delimited, as the listener always sends; no body for
    /// HEAD).
    Response readResponse(int timeoutMs = 5000, bool head = false)
    {
        Response response;
        QElapsedTimer timer;
        timer.start();
        while (true) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                parseHead(m_buffer.left(headerEnd), response);
                const qint64 length = head ? 0 : response.headers.value("Content-Length", "0").toLongLong();
                if (m_buffer.size() >= headerEnd + 4 + length) {
                    response.body = m_buffer.mid(headerEnd + 4, length);
                    m_buffer.remove(0, headerEnd + 4 + length);
                    response.complete = true;
                    return response;
                }
            }
            if (!waitForMore(timeoutMs - timer.elapsed()))
                return response;
        }
    }

    /// Waits until the server closes the connection; true if it did within the time.
    bool waitClosed(int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_socket.state() != QAbstractSocket::UnconnectedState) {
            if (timer.elapsed() > timeoutMs)
                return false;
            if (!m_socket.waitForReadyRead(50))
                continue;
            m_buffer += m_socket.readAll();
        }
        m_buffer += m_socket.readAll();
        return true;
    }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QSslSocket& socket() { return m_socket; }
    const QByteArray& buffered() const { return m_buffer; }

private:
    bool waitForMore(qint64 remainingMs)
    {
        if (remainingMs <= 0)
            return false;
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(static_cast<int>(remainingMs)))
            return false;
        m_buffer += m_socket.readAll();
        return true;
    }

    static void parseHead(const QByteArray& head, Response& response)
    {
        const QList<QByteArray> lines = head.split('\n');
        response.headers = {};
        if (lines.isEmpty())
            return;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        response.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }
    }

    QSslSocket m_socket;
    QByteArray m_buffer;
};

/// "GET /health HTTP/1.1" with a Host field and any extra lines.
inline QByteArray request(const QByteArray& method, const QByteArray& target, const QByteArray& extraHeaders = {},
    const QByteArray& body = {})
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders;
    if (!body.isEmpty() || method == "PUT" || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

/// Resident memory of this process in KiB (the listener runs in-process).
inline qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace quince::server::test

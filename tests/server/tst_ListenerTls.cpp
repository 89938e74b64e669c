// SPDX-License-Identifier: GPL-3.0-or-later
// Mutual TLS: which client certificates get through, and the verified chain a handler sees.
#include "TestServer.h"

#include "core/server/ClientCertificateVerifier.h"

#include <QtTest>

using namespace quince::server;
using namespace quince::server::test;

class TestListenerTls : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;

    // True if an /echo request over a TLS connection presenting certificate/key got a 200.
    bool requestSucceeds(
        TestServer& server, const QSslCertificate& certificate, const QSslKey& key, Response* out = nullptr)
    {
        Client client;
        // With TLS 1.3 the client may finish its side of the handshake before the server has
        // judged its certificate; a refusal then shows as a closed connection instead.
        if (!client.connectTo(server.port(), m_pki.get(), certificate, key))
            return false;
        client.send(request("GET", "/echo"));
        const Response response = client.readResponse(3000);
        if (out != nullptr)
            *out = response;
        return response.complete && response.status == 200;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = TestPki::create();
        if (!m_pki->ok())
            QSKIP(qPrintable(m_pki->error));
    }

    void verifierRemembersOnlyVerifiedChains()
    {
        const ClientCertificateVerifier verifier({m_pki->ca});
        // Refused every time: a refusal is never remembered.
        for (int i = 0; i < 2; ++i)
            QVERIFY(!verifier.verify({m_pki->foreignClientCertificate}));
        const auto first = verifier.verify({m_pki->clientCertificate});
        QVERIFY2(first.ok(), first ? "" : qPrintable(first.error().message));
        QCOMPARE(first->size(), 2);
        QCOMPARE(first->first(), m_pki->clientCertificate.toDer());
        QCOMPARE(first->last(), m_pki->ca.toDer());
        // The second time it comes from memory, the same chain.
        const auto second = verifier.verify({m_pki->clientCertificate});
        QVERIFY(second.ok());
        QCOMPARE(*second, *first);
        // A verifier with other anchors knows nothing of it.
        QVERIFY(!ClientCertificateVerifier({m_pki->otherCa}).verify({m_pki->clientCertificate}));
    }

    void requiredClientCertificateReachesTheHandler()
    {
        TestServer server(TestServer::withTls(*m_pki, ClientCertificateMode::Require));
        QVERIFY(server.start());
        Response response;
        QVERIFY(requestSucceeds(server, m_pki->clientCertificate, m_pki->clientKey, &response));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("2"));
        QMutexLocker lock(&server.mutex);
        const QList<QByteArray> chain = server.lastRequest->clientCertificateChain;
        QCOMPARE(chain.size(), qsizetype(2));
        QCOMPARE(chain.at(0), m_pki->clientCertificate.toDer());
        QCOMPARE(chain.at(1), m_pki->ca.toDer());
    }

    void requiredModeRefusesAMissingCertificate()
    {
        TestServer server(TestServer::withTls(*m_pki, ClientCertificateMode::Require));
        QVERIFY(server.start());
        QVERIFY(!requestSucceeds(server, QSslCertificate(), QSslKey()));
        QTRY_COMPARE(server.counters().rejected(RejectReason::HandshakeFailed)
                + server.counters().rejected(RejectReason::ClientCertificateRejected),
            quint64(1));
        QCOMPARE(server.handled.load(), 0);
    }

    void requiredModeRefusesACertificateFromAnotherCa()
    {
        TestServer server(TestServer::withTls(*m_pki, ClientCertificateMode::Require));
        QVERIFY(server.start());
        QVERIFY(!requestSucceeds(server, m_pki->foreignClientCertificate, m_pki->foreignClientKey));
        QTRY_COMPARE(server.counters().rejected(RejectReason::HandshakeFailed)
                + server.counters().rejected(RejectReason::ClientCertificateRejected),
            quint64(1));
        QCOMPARE(server.handled.load(), 0);
        // And the right certificate still gets in afterwards.
        QVERIFY(requestSucceeds(server, m_pki->clientCertificate, m_pki->clientKey));
    }

    void requestedModeExposesOnlyAVerifiedChain()
    {
        TestServer server(TestServer::withTls(*m_pki, ClientCertificateMode::Request));
        QVERIFY(server.start());
        Response response;
        QVERIFY(requestSucceeds(server, QSslCertificate(), QSslKey(), &response));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("0"));
        // A certificate from another CA is not an identity: the request proceeds without one.
        QVERIFY(requestSucceeds(server, m_pki->foreignClientCertificate, m_pki->foreignClientKey, &response));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("0"));
        QVERIFY(requestSucceeds(server, m_pki->clientCertificate, m_pki->clientKey, &response));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("2"));
        QMutexLocker lock(&server.mutex);
        QCOMPARE(server.lastRequest->clientCertificateChain.first(), m_pki->clientCertificate.toDer());
    }

    void noClientCertificateModeIgnoresOne()
    {
        TestServer server(TestServer::withTls(*m_pki, ClientCertificateMode::None));
        QVERIFY(server.start());
        Response response;
        QVERIFY(requestSucceeds(server, m_pki->clientCertificate, m_pki->clientKey, &response));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("0"));
    }

    void clientsThatDistrustTheServerGetNoResponse()
    {
        TestServer server(TestServer::withTls(*m_pki));
        QVERIFY(server.start());
        QSslSocket socket;
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates({m_pki->otherCa});
        socket.setSslConfiguration(ssl);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(!socket.waitForEncrypted(3000));
        QTRY_COMPARE(server.counters().openConnections, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestListenerTls)
#include "tst_ListenerTls.moc"

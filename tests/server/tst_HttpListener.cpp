// SPDX-License-Identifier: GPL-3.0-or-later
// The listener's normal work on real sockets: TLS round trips, keep-alive and ordering,
// asynchronous handlers answering from other threads, routing, and start/stop.
#include "TestServer.h"

#include <QtTest>

using namespace quince::server;
using namespace quince::server::test;

class TestHttpListener : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = TestPki::create();
        if (!m_pki->ok())
            QSKIP(qPrintable(m_pki->error));
    }

    void getAndPutRoundTripOverTls()
    {
        TestServer server(TestServer::withTls(*m_pki));
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port(), m_pki.get()));
        client.send(request("GET", "/echo?a=b%20c&a=2"));
        Response response = client.readResponse();
        QVERIFY(response.complete);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("X-Method"), QByteArray("GET"));
        QCOMPARE(response.headers.value("X-Query-A"), QByteArray("b c"));
        QCOMPARE(response.headers.value("X-Tls"), QByteArray("1"));
        QCOMPARE(response.headers.value("X-Chain"), QByteArray("0"));

        QByteArray body(100 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = static_cast<char>(i * 7);
        client.send(request("PUT", "/echo", "Content-Type: application/octet-stream\r\n", body));
        response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("X-Method"), QByteArray("PUT"));
        QCOMPARE(response.body.size(), body.size());
        QCOMPARE(response.body, body);
        QCOMPARE(server.counters().requestsServed, quint64(2));
        QCOMPARE(server.counters().acceptedConnections, quint64(1));
        QMutexLocker lock(&server.mutex);
        QCOMPARE(server.lastRequest->headers.value("content-type"), QByteArray("application/octet-stream"));
        QCOMPARE(server.lastRequest->peerAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(server.lastRequest->peerPort, client.socket().localPort());
    }

    void connectionCloseResponseArrivesOverTls_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("status");
        QTest::newRow("handler") << QByteArray("/echo") << 200;
        QTest::newRow("built-in") << QByteArray("/health") << 200;
        QTest::newRow("error") << QByteArray("/no-such-route") << 404;
    }

    void connectionCloseResponseArrivesOverTls()
    {
        // The response must leave OpenSSL before the sending side is shut: it once did not.
        QFETCH(QByteArray, target);
        QFETCH(int, status);
        TestServer server(TestServer::withTls(*m_pki));
        QVERIFY(server.start());
        for (int i = 0; i < 10; ++i) {
            Client client;
            QVERIFY(client.connectTo(server.port(), m_pki.get()));
            client.send(request("GET", target, "Connection: close\r\n"));
            const Response response = client.readResponse();
            QVERIFY2(response.complete, qPrintable(QStringLiteral("round %1").arg(i)));
            QCOMPARE(response.status, status);
            QCOMPARE(response.headers.value("Connection"), QByteArray("close"));
            QVERIFY(client.waitClosed());
        }
    }

    void keepAliveServesSeveralRequestsInOrder()
    {
        TestServer server(TestServer::withTls(*m_pki));
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port(), m_pki.get()));
        for (int i = 0; i < 5; ++i) {
            client.send(request("GET", "/echo?a=" + QByteArray::number(i)));
            const Response response = client.readResponse();
            QCOMPARE(response.status, 200);
            QCOMPARE(response.headers.value("X-Query-A"), QByteArray::number(i));
            QVERIFY(!response.headers.contains("Connection"));
        }
        QVERIFY(client.isConnected());
        QCOMPARE(server.counters().acceptedConnections, quint64(1));
        QCOMPARE(server.counters().requestsServed, quint64(5));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        // The first answer comes last from its thread; the others must still wait for it.
        client.send(request("GET", "/slow?ms=300") + request("GET", "/echo?a=2") + request("GET", "/echo?a=3"));
        const Response first = client.readResponse();
        const Response second = client.readResponse();
        const Response third = client.readResponse();
        QCOMPARE(first.status, 200);
        QCOMPARE(first.headers.value("X-Target"), QByteArray("/slow?ms=300"));
        QCOMPARE(second.headers.value("X-Query-A"), QByteArray("2"));
        QCOMPARE(third.headers.value("X-Query-A"), QByteArray("3"));
    }

    void asyncHandlerCompletesFromAnotherThread()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        QElapsedTimer timer;
        timer.start();
        client.send(request("GET", "/slow?ms=250"));
        const Response response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("slow"));
        QVERIFY2(timer.elapsed() >= 240, QByteArray::number(timer.elapsed()).constData());
        QThread* handler = server.handlerThread.load();
        QThread* completion = server.completionThread.load();
        QVERIFY(handler != nullptr && completion != nullptr);
        // Never the test's (GUI) thread; the answer came from elsewhere and was marshalled back.
        QVERIFY(handler != QThread::currentThread());
        QVERIFY(completion != handler);
    }

    void completingAfterTheClientLeftIsHarmless()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        {
            Client client;
            QVERIFY(client.connectTo(server.port()));
            client.send(request("GET", "/hold"));
            QTRY_VERIFY(server.hasHeld());
            client.socket().abort();
        }
        QTRY_COMPARE(server.counters().openConnections, qint64(0));
        server.releaseHeld(HttpResponse::text(200, "too late"));
        QThreadPool::globalInstance()->waitForDone();
        QTest::qWait(100);
        QCOMPARE(server.counters().requestsServed, quint64(0));
        Client next;
        QVERIFY(next.connectTo(server.port()));
        next.send(request("GET", "/health"));
        QCOMPARE(next.readResponse().status, 200);
    }

    void completingWhileTheListenerStopsIsHarmless()
    {
        auto server = std::make_unique<TestServer>(TestServer::plain());
        QVERIFY(server->start());
        Client client;
        QVERIFY(client.connectTo(server->port()));
        client.send(request("GET", "/hold"));
        QTRY_VERIFY(server->hasHeld());
        std::shared_ptr<HttpResponder> responder = server->takeHeld();
        QVERIFY(responder);
        server->listener.stop();
        QVERIFY(client.waitClosed());
        responder->send(HttpResponse::text(200, "after stop"));
        server.reset();
        responder.reset();
    }

    void aDroppedResponderOrAThrowingHandlerGives500()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/drop"));
        QCOMPARE(client.readResponse().status, 500);
        client.send(request("GET", "/throw"));
        QCOMPARE(client.readResponse().status, 500);
        client.send(request("GET", "/health"));
        QCOMPARE(client.readResponse().status, 200);
        QCOMPARE(server.counters().rejected(RejectReason::HandlerFailed), quint64(2));
    }

    void routingAndHealth()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/nothing-here"));
        Response response = client.readResponse();
        QCOMPARE(response.status, 404);
        // A 404 without a body keeps the connection.
        client.send(request("GET", "/health"));
        response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("Content-Type"), QByteArray("application/json"));
        QCOMPARE(response.body, QByteArray(R"({"status":"ok"})"));
        client.send(request("DELETE", "/health"));
        response = client.readResponse();
        QCOMPARE(response.status, 405);
        QCOMPARE(response.headers.value("Allow"), QByteArray("GET, HEAD"));
        client.send(request("HEAD", "/health"));
        response = client.readResponse(5000, true);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("Content-Length"), QByteArray("15"));
        QVERIFY(response.body.isEmpty());
        client.send(request("GET", "/scep/pkiclient.exe?operation=GetCACaps"));
        QCOMPARE(client.readResponse().body, QByteArray("scep:/scep/pkiclient.exe"));
        client.send(request("GET", "/scep"));
        QCOMPARE(client.readResponse().body, QByteArray("scep:/scep"));
        client.send(request("GET", "/scepx"));
        QCOMPARE(client.readResponse().status, 404);
        client.send(request("GET", "/scep/../health"));
        QCOMPARE(client.readResponse().status, 400);
        QCOMPARE(server.counters().rejected(RejectReason::NotFound), quint64(2));
        QCOMPARE(server.counters().rejected(RejectReason::MethodNotAllowed), quint64(1));
        // A 405 with a body is answered before the body, and the connection closes.
        Client withBody;
        QVERIFY(withBody.connectTo(server.port()));
        withBody.send(request("PUT", "/health", {}, "{}"));
        response = withBody.readResponse();
        QCOMPARE(response.status, 405);
        QCOMPARE(response.headers.value("Connection"), QByteArray("close"));
        QVERIFY(withBody.waitClosed());
    }

    void expectContinueGetsAnInterimResponse()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("PUT /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        QCOMPARE(client.readResponse().status, 100);
        client.send("hello");
        const Response response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("hello"));
    }

    void connectionClosesAfterTheRequestLimit()
    {
        ListenerLimits limits;
        limits.maxRequestsPerConnection = 3;
        TestServer server(TestServer::plain(limits));
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        for (int i = 1; i <= 3; ++i) {
            client.send(request("GET", "/health"));
            const Response response = client.readResponse();
            QCOMPARE(response.status, 200);
            QCOMPARE(response.headers.value("Connection"), i == 3 ? QByteArray("close") : QByteArray());
        }
        QVERIFY(client.waitClosed());
        QCOMPARE(server.counters().requestsServed, quint64(3));
    }

    void plainHttpMode()
    {
        TestServer server(TestServer::plain());
        QVERIFY(server.start());
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("POST", "/echo", {}, "plain"));
        const Response response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("plain"));
        QCOMPARE(response.headers.value("X-Tls"), QByteArray("0"));
        client.send("GET /health HTTP/1.0\r\n\r\n");
        QCOMPARE(client.readResponse().headers.value("Connection"), QByteArray("close"));
    }

    void startStopAndRestart()
    {
        ListenerConfig config = TestServer::plain();
        config.ioThreads = 0;
        TestServer server(config);
        QVERIFY(server.start());
        const quint16 port = server.port();
        QVERIFY(port != 0);
        QVERIFY(server.listener.ioThreadCount() >= 2);
        QVERIFY(!server.listener.start());
        QVERIFY(
            !server.listener.addRoute(QStringLiteral("/late"), {HttpMethod::Get}, [](HttpRequest, HttpResponder) {}));
        Client client;
        QVERIFY(client.connectTo(port));
        server.listener.stop();
        QCOMPARE(server.port(), quint16(0));
        QVERIFY(client.waitClosed());
        QCOMPARE(server.counters().openConnections, qint64(0));
        server.listener.stop();
        QVERIFY(server.start());
        Client again;
        QVERIFY(again.connectTo(server.port()));
        again.send(request("GET", "/health"));
        QCOMPARE(again.readResponse().status, 200);
    }

    void invalidConfigurationsAreRefused()
    {
        ListenerConfig config = TestServer::plain();
        config.tls = TlsSettings {};
        HttpListener noCertificate(config);
        QVERIFY(!noCertificate.start());
        config.tls = m_pki->tlsSettings(ClientCertificateMode::Require);
        config.tls->clientCaCertificates.clear();
        HttpListener noClientCa(config);
        QVERIFY(!noClientCa.start());
        HttpListener listener(TestServer::plain());
        RouteOptions tooBig;
        tooBig.maxBodyBytes = listener.config().limits.maxRouteBodyBytes + 1;
        QVERIFY(!listener.addRoute(
            QStringLiteral("/x"), {HttpMethod::Put}, [](HttpRequest, HttpResponder) {}, tooBig));
        QVERIFY(!listener.addRoute(QStringLiteral("/health"), {HttpMethod::Get}, [](HttpRequest, HttpResponder) {}));
        QVERIFY(!listener.addRoute(QStringLiteral("relative"), {HttpMethod::Get}, [](HttpRequest, HttpResponder) {}));
    }
};

QTEST_GUILESS_MAIN(TestHttpListener)
#include "tst_HttpListener.moc"

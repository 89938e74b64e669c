// SPDX-License-Identifier: GPL-3.0-or-later
// SCEP over real HTTP on 127.0.0.1: the ScepService mounted on the Quince listener under /scep,
// driven by QNetworkAccessManager and the OpenSSL test client, once per envelope cipher, plus the
// refusals a device can meet on the wire (failInfo in a CertRep, or an HTTP status).

#include "ScepFixture.h"

#include "core/scep/ScepRoute.h"
#include "core/server/HttpListener.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <memory>

using namespace quince;
using namespace quince::scep;
using namespace quince::scep::test;

namespace {

struct HttpResult {
    int status = 0;
    QByteArray contentType;
    QByteArray allow;
    QByteArray body;
    QString error;
};

} // namespace

class TestScepHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void getCaCapsAndCaCert();
    void roundTrip_data();
    void roundTrip();
    void pkiOperationByGet_data();
    void pkiOperationByGet();
    void legacyPkiclientPath();
    void refusalsAnsweredWithFailInfo();
    void refusalsAnsweredWithHttpStatus();
    void oversizedBodyRefusedByTheListener();

private:
    HttpResult exchange(const QByteArray& method, const QByteArray& pathAndQuery, const QByteArray& body = {});
    Reply enrollOverHttp(const ScepTestClient& client, const RequestSpec& spec);

    ScepFixture m_f;
    QThreadPool m_pool;
    std::unique_ptr<server::HttpListener> m_listener;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestScepHttp::initTestCase()
{
    QVERIFY(m_f.createPki());
    m_pool.setMaxThreadCount(4);
}

void TestScepHttp::init()
{
    const QString problem = m_f.setUp();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    server::ListenerConfig config;
    config.ioThreads = 2;
    m_listener = std::make_unique<server::HttpListener>(config);
    const Status mounted = mountScepService(*m_listener, *m_f.service, m_pool);
    QVERIFY2(mounted.ok(), mounted ? "" : qPrintable(mounted.error().message));
    const Status started = m_listener->start();
    QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().message));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestScepHttp::cleanup()
{
    m_network.reset();
    m_listener.reset(); // stops and joins the I/O threads
    m_pool.waitForDone(); // then no SCEP request is still running against the service
    QVERIFY2(m_f.tearDown(), "a challenge reached the log");
}

HttpResult TestScepHttp::exchange(const QByteArray& method, const QByteArray& pathAndQuery, const QByteArray& body)
{
    const QUrl url = QUrl::fromEncoded(
        QByteArrayLiteral("http://127.0.0.1:") + QByteArray::number(m_listener->serverPort()) + pathAndQuery);
    QNetworkRequest request(url);
    if (method == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-pki-message"));
    QNetworkReply* reply = m_network->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();

    HttpResult result;
    if (!reply->isFinished()) {
        result.error = QStringLiteral("timed out");
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->rawHeader("Content-Type");
    result.allow = reply->rawHeader("Allow");
    result.body = reply->readAll();
    if (result.status == 0)
        result.error = reply->errorString();
    reply->deleteLater();
    return result;
}

Reply TestScepHttp::enrollOverHttp(const ScepTestClient& client, const RequestSpec& spec)
{
    const HttpResult http = exchange("POST", "/scep?operation=PKIOperation", client.buildRequest(spec, m_f.pki.raCert));
    if (http.status != 200 || http.contentType != "application/x-pki-message") {
        Reply broken;
        broken.error
            = QStringLiteral("HTTP %1 %2 %3").arg(http.status).arg(QString::fromLatin1(http.contentType), http.error);
        return broken;
    }
    return client.readReply(http.body, m_f.pki.raCert);
}

void TestScepHttp::getCaCapsAndCaCert()
{
    const HttpResult caps = exchange("GET", "/scep?operation=GetCACaps");
    QCOMPARE(caps.status, 200);
    QCOMPARE(caps.contentType, QByteArray("text/plain"));
    QCOMPARE(caps.body, ScepService::capabilities());

    const HttpResult caCert = exchange("GET", "/scep?operation=GetCACert&message=quince");
    QCOMPARE(caCert.status, 200);
    QCOMPARE(caCert.contentType, QByteArray("application/x-x509-ca-ra-cert"));
    QCOMPARE(caCert.body, m_f.service->getCaCert().body);
}

void TestScepHttp::roundTrip_data()
{
    QTest::addColumn<QByteArray>("cipher");
    QTest::newRow("AES-128") << QByteArray("AES-128-CBC");
    QTest::newRow("AES-256") << QByteArray("AES-256-CBC");
    QTest::newRow("DES3") << QByteArray("DES-EDE3-CBC");
    QTest::newRow("DES") << QByteArray("DES-CBC");
}

void TestScepHttp::roundTrip()
{
    QFETCH(QByteArray, cipher);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    spec.cipher = cipher;
    const Reply reply = enrollOverHttp(client, spec);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, kSuccess);
    QCOMPARE(reply.transactionId, client.lastTransactionId());
    QCOMPARE(reply.recipientNonce, client.lastSenderNonce());
    QCOMPARE(reply.envelopeCipherOid, cipherOid(cipher));
    QCOMPARE(reply.issued.publicKeyDer(), client.key().publicKeyDer());
    QVERIFY(reply.issued.isSignedBy(m_f.pki.caCert));
}

void TestScepHttp::pkiOperationByGet_data()
{
    QTest::addColumn<bool>("urlSafe");
    QTest::newRow("standard base64, percent-encoded") << false;
    QTest::newRow("URL-safe base64, unpadded") << true;
}

void TestScepHttp::pkiOperationByGet()
{
    QFETCH(bool, urlSafe);
    ScepTestClient client = ScepTestClient::withTransientIdentity();
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    const QByteArray der = client.buildRequest(spec, m_f.pki.raCert);
    const QByteArray message = urlSafe ? der.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                                       : der.toBase64().toPercentEncoding();
    const HttpResult http = exchange("GET", "/scep?operation=PKIOperation&message=" + message);
    QCOMPARE(http.status, 200);
    const Reply reply = client.readReply(http.body, m_f.pki.raCert);
    QVERIFY2(reply.signatureValid, qPrintable(reply.error));
    QCOMPARE(reply.pkiStatus, kSuccess);
}

void TestScepHttp::legacyPkiclientPath()
{
    const HttpResult caps = exchange("GET", "/scep/pkiclient.exe?operation=GetCACaps");
    QCOMPARE(caps.status, 200);
    QCOMPARE(caps.body, ScepService::capabilities());
    QCOMPARE(exchange("GET", "/scepx?operation=GetCACaps").status, 404);
}

void TestScepHttp::refusalsAnsweredWithFailInfo()
{
    RequestSpec spec;
    spec.challenge = m_f.newChallenge();
    ScepTestClient first = ScepTestClient::withTransientIdentity();
    QCOMPARE(enrollOverHttp(first, spec).pkiStatus, kSuccess);

    ScepTestClient replaying = ScepTestClient::withTransientIdentity();
    expectFailure(replaying, enrollOverHttp(replaying, spec), FailInfo::BadRequest);

    RequestSpec wrong;
    wrong.challenge = "not-the-challenge";
    expectFailure(replaying, enrollOverHttp(replaying, wrong), FailInfo::BadRequest);

    RequestSpec tampered;
    tampered.challenge = m_f.newChallenge();
    tampered.tamper = RequestSpec::Tamper::Signature;
    expectFailure(replaying, enrollOverHttp(replaying, tampered), FailInfo::BadMessageCheck);

    RequestSpec rc2;
    rc2.challenge = m_f.newChallenge();
    rc2.cipher = "RC2-CBC";
    expectFailure(replaying, enrollOverHttp(replaying, rc2), FailInfo::BadAlg);
    QCOMPARE(m_f.issuer->issued().size(), 1);
}

void TestScepHttp::refusalsAnsweredWithHttpStatus()
{
    const HttpResult garbage = exchange("POST", "/scep?operation=PKIOperation", QByteArray("garbage body"));
    QCOMPARE(garbage.status, 400);
    QCOMPARE(garbage.contentType, QByteArray("text/plain"));
    QCOMPARE(exchange("POST", "/scep?operation=PKIOperation", QByteArray()).status, 400);
    QCOMPARE(exchange("GET", "/scep?operation=PKIOperation&message=%25%25").status, 400);
    QCOMPARE(exchange("GET", "/scep?operation=Bogus").status, 400);
    QCOMPARE(exchange("GET", "/scep").status, 400);
    const HttpResult post = exchange("POST", "/scep?operation=GetCACaps", QByteArray("x"));
    QCOMPARE(post.status, 405);
    QCOMPARE(post.allow, QByteArray("GET"));
    QCOMPARE(exchange("PUT", "/scep?operation=PKIOperation", QByteArray("x")).status, 405);
}

void TestScepHttp::oversizedBodyRefusedByTheListener()
{
    // Announced too large: refused from the header, before the body is read or parsed.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_listener->serverPort());
    QVERIFY(socket.waitForConnected(5000));
    const qsizetype length = m_f.service->maxMessageBytes() + 1;
    socket.write("POST /scep?operation=PKIOperation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
        + QByteArray::number(length) + "\r\n\r\n");
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(m_f.issuer->issued().isEmpty());
}

QTEST_GUILESS_MAIN(TestScepHttp)
#include "tst_ScepHttp.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The sans-I/O parser on bytes: limits that hold however the bytes are split, the stops after
// the header block and after the message, and the hostile request fixtures.
#include "core/server/RequestParser.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace quince::server;

namespace {

struct Outcome {
    RequestParser::State state = RequestParser::State::Headers;
    int status = 0;
    RejectReason reason = RejectReason::BadRequest;
    QByteArray body;
    qsizetype consumed = 0;
    qint64 contentLengthAtHeaders = -2;
    HttpHeaders headers;
    QByteArray target;
};

// Feeds bytes in pieces of step (0: all at once) until the request completes, fails, or the
// bytes run out; accepts the body up to bodyLimit at the header block.
Outcome parse(
    const QByteArray& bytes, const ListenerLimits& limits = {}, qint64 bodyLimit = 1024 * 1024, qsizetype step = 0)
{
    RequestParser parser(limits);
    Outcome outcome;
    qsizetype offset = 0;
    while (offset < bytes.size()) {
        const qsizetype size = step > 0 ? qMin(step, bytes.size() - offset) : bytes.size() - offset;
        const qsizetype used = parser.feed(bytes.constData() + offset, size);
        offset += used;
        if (parser.state() == RequestParser::State::HeadersComplete) {
            outcome.contentLengthAtHeaders = parser.contentLength();
            parser.beginBody(bodyLimit);
            continue;
        }
        if (parser.state() == RequestParser::State::Complete || parser.state() == RequestParser::State::Failed)
            break;
        if (used == 0)
            break;
    }
    outcome.state = parser.state();
    outcome.consumed = offset;
    if (parser.state() == RequestParser::State::Failed) {
        outcome.status = parser.failure().status;
        outcome.reason = parser.failure().reason;
    } else if (parser.state() == RequestParser::State::Complete) {
        outcome.status = 200;
        outcome.body = parser.takeBody();
        outcome.headers = parser.headers();
        outcome.target = parser.target();
    }
    return outcome;
}

} // namespace

class TestRequestParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesASimpleGet()
    {
        const Outcome outcome = parse("GET /health?x=1 HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n");
        QCOMPARE(outcome.state, RequestParser::State::Complete);
        QCOMPARE(outcome.target, QByteArray("/health?x=1"));
        QCOMPARE(outcome.headers.value("host"), QByteArray("a"));
        QCOMPARE(outcome.headers.values("X-MULTI"), QList<QByteArray>({"1", "2"}));
        QVERIFY(outcome.body.isEmpty());
    }

    void byteByByteGivesTheSameRequest()
    {
        const QByteArray bytes = "PUT /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        const Outcome whole = parse(bytes);
        const Outcome trickled = parse(bytes, {}, 1024, 1);
        QCOMPARE(whole.state, RequestParser::State::Complete);
        QCOMPARE(trickled.state, RequestParser::State::Complete);
        QCOMPARE(whole.body, QByteArray("hello world"));
        QCOMPARE(trickled.body, whole.body);
        QCOMPARE(trickled.consumed, bytes.size());
    }

    void stopsAfterTheHeaderBlockBeforeAnyBodyByte()
    {
        const QByteArray head = "PUT /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10485760\r\n\r\n";
        RequestParser parser(ListenerLimits {});
        const QByteArray bytes = head + QByteArray(4096, 'x');
        const qsizetype used = parser.feed(bytes.constData(), bytes.size());
        QCOMPARE(parser.state(), RequestParser::State::HeadersComplete);
        QCOMPARE(parser.contentLength(), qint64(10485760));
        // Everything but the final LF of the header block: the body is untouched.
        QCOMPARE(used, head.size() - 1);
    }

    void stopsAtTheEndOfAPipelinedRequest()
    {
        const QByteArray first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        const QByteArray bytes = first + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n";
        const Outcome outcome = parse(bytes);
        QCOMPARE(outcome.state, RequestParser::State::Complete);
        QCOMPARE(outcome.target, QByteArray("/a"));
        QCOMPARE(outcome.consumed, first.size());
    }

    void headerBudgetHoldsHoweverSplit_data()
    {
        QTest::addColumn<qsizetype>("step");
        QTest::newRow("whole") << qsizetype(0);
        QTest::newRow("1 byte") << qsizetype(1);
        QTest::newRow("7 bytes") << qsizetype(7);
        QTest::newRow("4 KiB") << qsizetype(4096);
    }

    void headerBudgetHoldsHoweverSplit()
    {
        QFETCH(qsizetype, step);
        ListenerLimits limits;
        limits.maxHeaderBytes = 1024;
        const QByteArray bytes = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n";
        const Outcome outcome = parse(bytes, limits, 0, step);
        QCOMPARE(outcome.state, RequestParser::State::Failed);
        QCOMPARE(outcome.status, 431);
        QCOMPARE(outcome.reason, RejectReason::HeadersTooLarge);
        QVERIFY2(outcome.consumed <= 1024, QByteArray::number(outcome.consumed).constData());
        // Just under the limit passes.
        const QByteArray fits = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(900, 'a') + "\r\n\r\n";
        QCOMPARE(parse(fits, limits, 0, step).state, RequestParser::State::Complete);
    }

    void overlongRequestLineIs414()
    {
        ListenerLimits limits;
        limits.maxHeaderBytes = 512;
        const Outcome outcome = parse("GET /" + QByteArray(1000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", limits);
        QCOMPARE(outcome.status, 414);
        QCOMPARE(outcome.reason, RejectReason::UriTooLong);
    }

    void tooManyHeaderFieldsIs431()
    {
        ListenerLimits limits;
        limits.maxHeaderCount = 10;
        QByteArray bytes = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 10; ++i)
            bytes += "X-" + QByteArray::number(i) + ": v\r\n";
        const Outcome outcome = parse(bytes + "\r\n", limits);
        QCOMPARE(outcome.status, 431);
        QCOMPARE(outcome.reason, RejectReason::TooManyHeaders);
        bytes = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 9; ++i)
            bytes += "X-" + QByteArray::number(i) + ": v\r\n";
        QCOMPARE(parse(bytes + "\r\n", limits).state, RequestParser::State::Complete);
    }

    void chunkedBodyIsRefusedAtTheChunkHeader()
    {
        // The declared chunk size is over the limit: refused before its data is read.
        const QByteArray head = "PUT /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray bytes = head + "400\r\n" + QByteArray(1024, 'x') + "\r\n0\r\n\r\n";
        const Outcome outcome = parse(bytes, {}, 1000);
        QCOMPARE(outcome.status, 413);
        QCOMPARE(outcome.reason, RejectReason::BodyTooLarge);
        QVERIFY(outcome.consumed < head.size() + 6 + 1024);
    }

    void manySmallChunksAreCountedAsTheyStream()
    {
        QByteArray bytes = "PUT /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 200; ++i)
            bytes += "a\r\n0123456789\r\n";
        const Outcome outcome = parse(bytes + "0\r\n\r\n", {}, 1000, 100);
        QCOMPARE(outcome.status, 413);
        QCOMPARE(outcome.reason, RejectReason::BodyTooLarge);
        const Outcome fits = parse(bytes + "0\r\n\r\n", {}, 2000, 100);
        QCOMPARE(fits.state, RequestParser::State::Complete);
        QCOMPARE(fits.body.size(), qsizetype(2000));
    }

    void contentLengthBodyOverTheLimitFailsWhileStreaming()
    {
        // The caller normally refuses on the declaration; the parser still holds the limit.
        const Outcome outcome
            = parse("PUT /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n" + QByteArray(2000, 'x'), {}, 1000);
        QCOMPARE(outcome.contentLengthAtHeaders, qint64(2000));
        QCOMPARE(outcome.status, 413);
    }

    void requestFixtures_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(QUINCE_TEST_DATA_DIR "/server/requests"));
        const QStringList files = dir.entryList({QStringLiteral("*.http")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 20);
        for (const QString& file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void requestFixtures()
    {
        QFETCH(QString, file);
        QFile fixture(file);
        QVERIFY(fixture.open(QIODevice::ReadOnly));
        const QByteArray bytes = fixture.readAll();
        const int expected = QFileInfo(file).fileName().left(3).toInt();
        for (const qsizetype step : {qsizetype(0), qsizetype(1)}) {
            const Outcome outcome = parse(bytes, {}, 1024 * 1024, step);
            QCOMPARE(outcome.status, expected);
            // Two framings or several lengths are a smuggling shape, not mere bad syntax.
            if (file.contains(QLatin1String("-cl-")) || file.contains(QLatin1String("-te-"))
                || file.contains(QLatin1String("content-length")))
                QCOMPARE(outcome.reason, RejectReason::AmbiguousLength);
        }
    }

    void keepAliveFollowsVersionAndConnection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << false;
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void keepAliveFollowsVersionAndConnection()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, keepAlive);
        RequestParser parser(ListenerLimits {});
        parser.feed(bytes.constData(), bytes.size());
        QCOMPARE(parser.state(), RequestParser::State::HeadersComplete);
        QCOMPARE(parser.keepAlive(), keepAlive);
    }

    void resetAllowsTheNextRequest()
    {
        RequestParser parser(ListenerLimits {});
        const QByteArray bytes = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n";
        qsizetype offset = parser.feed(bytes.constData(), bytes.size());
        parser.beginBody(0);
        offset += parser.feed(bytes.constData() + offset, bytes.size() - offset);
        QCOMPARE(parser.state(), RequestParser::State::Complete);
        parser.reset();
        offset += parser.feed(bytes.constData() + offset, bytes.size() - offset);
        parser.beginBody(0);
        offset += parser.feed(bytes.constData() + offset, bytes.size() - offset);
        QCOMPARE(parser.state(), RequestParser::State::Complete);
        QCOMPARE(parser.target(), QByteArray("/b"));
        QCOMPARE(offset, bytes.size());
    }
};

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_RequestParser.moc"

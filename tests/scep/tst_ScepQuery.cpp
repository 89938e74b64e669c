// SPDX-License-Identifier: GPL-3.0-or-later
// The GET side of SCEP: query splitting and the message= decoding real clients need (standard
// and URL-safe base64, padded or not, percent-encoded or not, line-wrapped), with limits.

#include "core/scep/ScepQuery.h"

#include <QTest>

using namespace quince;
using namespace quince::scep;

class TestScepQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void decode_data();
    void decode();
    void decodeRefuses_data();
    void decodeRefuses();
};

void TestScepQuery::parse_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("message");

    QTest::newRow("caps") << QByteArray("operation=GetCACaps") << true << QStringLiteral("GetCACaps") << QByteArray();
    QTest::newRow("ident ignored") << QByteArray("operation=GetCACert&message=MyCA") << true
                                   << QStringLiteral("GetCACert") << QByteArray("MyCA");
    QTest::newRow("plus kept") << QByteArray("message=ab+c/d==&operation=PKIOperation") << true
                               << QStringLiteral("PKIOperation") << QByteArray("ab+c/d==");
    QTest::newRow("encoded operation") << QByteArray("operation=PKI%4Fperation&x=1") << true
                                       << QStringLiteral("PKIOperation") << QByteArray();
    QTest::newRow("empty pairs") << QByteArray("&&operation=GetCACaps&") << true << QStringLiteral("GetCACaps")
                                 << QByteArray();
    QTest::newRow("missing") << QByteArray("message=abc") << false << QString() << QByteArray();
    QTest::newRow("empty") << QByteArray() << false << QString() << QByteArray();
    QTest::newRow("twice") << QByteArray("operation=GetCACaps&operation=GetCACert") << false << QString()
                           << QByteArray();
    QTest::newRow("message twice") << QByteArray("operation=PKIOperation&message=a&message=b") << false << QString()
                                   << QByteArray();
}

void TestScepQuery::parse()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, ok);
    QFETCH(QString, operation);
    QFETCH(QByteArray, message);
    Result<ScepQuery, QString> query = ScepQuery::parse(raw);
    QCOMPARE(query.ok(), ok);
    if (!ok)
        return;
    QCOMPARE(query->operation, operation);
    QCOMPARE(query->message, message);
}

void TestScepQuery::decode_data()
{
    QTest::addColumn<QByteArray>("value");
    // Bytes whose base64 uses '+' and '/' and needs padding: 0xfb 0xff 0xbf -> "+/+/", plus a tail.
    const QByteArray payload = QByteArray::fromHex("fbffbffbffbf00010203");
    const QByteArray standard = payload.toBase64();
    QVERIFY(standard.contains('+') && standard.contains('/') && standard.endsWith('='));
    const QByteArray urlSafe = payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

    QTest::newRow("standard raw") << standard;
    QTest::newRow("standard percent-encoded") << standard.toPercentEncoding();
    QTest::newRow("standard unpadded") << payload.toBase64(QByteArray::OmitTrailingEquals);
    QTest::newRow("url-safe unpadded") << urlSafe;
    QTest::newRow("url-safe padded") << payload.toBase64(QByteArray::Base64UrlEncoding);
    QTest::newRow("url-safe percent-encoded") << payload.toBase64(QByteArray::Base64UrlEncoding).toPercentEncoding();
    QTest::newRow("plus as space") << QByteArray(standard).replace('+', ' ');
    QTest::newRow("line-wrapped") << QByteArray(standard).insert(8, "%0D%0A");
}

void TestScepQuery::decode()
{
    QFETCH(QByteArray, value);
    auto decoded = ScepQuery::decodeMessage(value, 1024);
    QVERIFY2(decoded.ok(), decoded ? "" : qPrintable(decoded.error().reason));
    QCOMPARE(decoded.value(), QByteArray::fromHex("fbffbffbffbf00010203"));
}

void TestScepQuery::decodeRefuses_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("tooLarge");

    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("only padding") << QByteArray("==") << false;
    QTest::newRow("bad character") << QByteArray("abc*defg") << false;
    QTest::newRow("bad length") << QByteArray("abcde") << false;
    QTest::newRow("padding inside") << QByteArray("ab==cdef") << false;
    QTest::newRow("over the limit") << QByteArray(2000, 'A') << true;
    QTest::newRow("way over the limit") << QByteArray(100000, 'A') << true;
}

void TestScepQuery::decodeRefuses()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, tooLarge);
    auto decoded = ScepQuery::decodeMessage(value, 1024);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().tooLarge, tooLarge);
}

QTEST_GUILESS_MAIN(TestScepQuery)
#include "tst_ScepQuery.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/PlistCodec.h"

#include "PlistTestSupport.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace quince::plist;

Q_DECLARE_METATYPE(quince::plist::Value)
Q_DECLARE_METATYPE(quince::plist::PlistErrorKind)

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}

Value nested(int levels)
{
    Value v = QStringLiteral("bottom");
    for (int i = 0; i < levels; ++i)
        v = (i % 2) ? Value(Array {v}) : Value(Dict {{QStringLiteral("level%1").arg(i), v}});
    return v;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Value decodeOk(const QByteArray& bytes)
{
    auto result = decode(bytes);
    if (!result) {
        qWarning().noquote() << result.error().toString();
        return {};
    }
    return *result;
}

QByteArray xmlDoc(const QByteArray& body)
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">") + body
        + QByteArrayLiteral("</plist>\n");
}

} // namespace

class tst_PlistCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void xmlBytesSurviveDecodeEncode_data();
    void xmlBytesSurviveDecodeEncode();
    void integersFromXmlText_data();
    void integersFromXmlText();
    void integersFromBinaryWidths_data();
    void integersFromBinaryWidths();
    void uidIsBinaryOnly();
    void datePrecision();
    void keyOrderSurvivesBothFormats();
    void independentWriterFixtures_data();
    void independentWriterFixtures();
    void keyedArchiveUids();
    void encodeRefuses_data();
    void encodeRefuses();
    void byteOrderMarkAccepted();
    void commentsCdataAndInstructionsAreNotContent();
    void detectsFormat();
};

void tst_PlistCodec::roundTrip_data()
{
    QTest::addColumn<Value>("value");

    QTest::newRow("true") << Value(true);
    QTest::newRow("false") << Value(false);
    QTest::newRow("0") << Value(0);
    QTest::newRow("-1") << Value(-1);
    QTest::newRow("INT64_MIN") << Value(std::numeric_limits<qint64>::min());
    QTest::newRow("INT64_MAX") << Value(std::numeric_limits<qint64>::max());
    QTest::newRow("INT64_MAX+1") << Value(quint64(std::numeric_limits<qint64>::max()) + 1);
    QTest::newRow("UINT64_MAX") << Value(std::numeric_limits<quint64>::max());
    QTest::newRow("255") << Value(255);
    QTest::newRow("65536") << Value(65536);
    QTest::newRow("0.5") << Value(0.5);
    QTest::newRow("1e300") << Value(1e300);
    QTest::newRow("-2.25e-300") << Value(-2.25e-300);
    QTest::newRow("0.1") << Value(0.1);
    QTest::newRow("infinity") << Value(std::numeric_limits<double>::infinity());
    QTest::newRow("-infinity") << Value(-std::numeric_limits<double>::infinity());
    QTest::newRow("nan") << Value(std::nan(""));
    QTest::newRow("empty string") << Value(QString());
    QTest::newRow("ascii string") << Value(QStringLiteral("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"));
    QTest::newRow("unicode string") << Value(QStringLiteral("Grüße, 日本, emoji 😀👍🏽"));
    QTest::newRow("markup string") << Value(QStringLiteral("<key>&amp;</key> ]]> \"'"));
    QTest::newRow("whitespace string") << Value(QStringLiteral("  tab\tnewline\n  "));
    QTest::newRow("empty data") << Value(QByteArray());
    QTest::newRow("all bytes") << Value([] {
        QByteArray b;
        for (int i = 0; i < 256; ++i)
            b.append(char(i));
        return b;
    }());
    QTest::newRow("large data") << Value([] {
        QByteArray b(3 * 1024 * 1024 + 7, Qt::Uninitialized);
        for (qsizetype i = 0; i < b.size(); ++i)
            b[i] = char((i * 131) ^ (i >> 8));
        return b;
    }());
    QTest::newRow("date 2001") << Value(utc(2001, 1, 1));
    QTest::newRow("date before 2001") << Value(utc(1999, 12, 31, 23, 59, 59));
    QTest::newRow("date 1970") << Value(utc(1970, 1, 1));
    QTest::newRow("date 1900 (beyond int32)") << Value(utc(1900, 1, 1, 12));
    QTest::newRow("date 2100 (beyond int32)") << Value(utc(2100, 7, 4, 1, 2, 3));
    QTest::newRow("date 1000") << Value(utc(1000, 1, 1));
    QTest::newRow("date 9999") << Value(utc(9999, 12, 31, 23, 59, 59));
    QTest::newRow("empty array") << Value(Array {});
    QTest::newRow("empty dict") << Value(Dict {});
    QTest::newRow("nested 10 deep") << nested(10);
    QTest::newRow("nested 60 deep") << nested(60);
    QTest::newRow("key order") << Value(Dict {{QStringLiteral("zeta"), 1}, {QStringLiteral("alpha"), 2},
        {QStringLiteral("Mu"), 3}, {QString(), 4}, {QStringLiteral("ü"), 5}});
    QTest::newRow("mixed") << Value(Array {true, -5, 0.5, QStringLiteral("s"), QByteArray("d"), utc(2020, 2, 29, 12),
        Array {Dict {}}, Dict {{QStringLiteral("a"), Array {}}}});
}

void tst_PlistCodec::roundTrip()
{
    QFETCH(Value, value);

    const auto xml = encodeXml(value);
    QVERIFY2(xml.ok(), qPrintable(xml ? QString() : xml.error().toString()));
    const auto fromXml = decode(*xml);
    QVERIFY2(fromXml.ok(), qPrintable(fromXml ? QString() : fromXml.error().toString()));
    QCOMPARE(fromXml->debugDescription(), value.debugDescription());
    QVERIFY(*fromXml == value);

    const auto binary = encodeBinary(value);
    QVERIFY2(binary.ok(), qPrintable(binary ? QString() : binary.error().toString()));
    QVERIFY(binary->startsWith("bplist00"));
    const auto fromBinary = decode(*binary);
    QVERIFY2(fromBinary.ok(), qPrintable(fromBinary ? QString() : fromBinary.error().toString()));
    QCOMPARE(fromBinary->debugDescription(), value.debugDescription());
    QVERIFY(*fromBinary == value);

    // XML → tree → binary → tree, and each format's bytes are stable through a decode/encode.
    const auto viaBinary = encodeBinary(*fromXml);
    QVERIFY(viaBinary.ok());
    QCOMPARE(decodeOk(*viaBinary), value);
    QCOMPARE(encodeXml(*fromXml).value(), *xml);
    QCOMPARE(encodeBinary(*fromBinary).value(), *binary);
}

void tst_PlistCodec::xmlBytesSurviveDecodeEncode_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("dict") << QByteArrayLiteral(
        "<dict>\n\t<key>b</key>\n\t<integer>-5</integer>\n\t<key>a</key>\n\t<true/>\n</dict>");
    QTest::newRow("date") << QByteArrayLiteral("<date>1999-12-31T23:59:59Z</date>");
    QTest::newRow("big unsigned") << QByteArrayLiteral("<integer>18446744073709551615</integer>");
}

void tst_PlistCodec::xmlBytesSurviveDecodeEncode()
{
    QFETCH(QByteArray, body);
    const QByteArray doc = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                             "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                             "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                                             "<plist version=\"1.0\">\n")
        + body + QByteArrayLiteral("\n</plist>\n");
    QCOMPARE(encodeXml(decodeOk(doc)).value(), doc);
}

void tst_PlistCodec::integersFromXmlText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("asInteger");
    QTest::addColumn<quint64>("asUnsigned");
    QTest::addColumn<bool>("large");

    QTest::newRow("-5") << QByteArray("-5") << qint64(-5) << quint64(0) << false;
    QTest::newRow("-1") << QByteArray("-1") << qint64(-1) << quint64(0) << false;
    QTest::newRow("+7") << QByteArray("+7") << qint64(7) << quint64(7) << false;
    QTest::newRow(" 8 ") << QByteArray(" 8 ") << qint64(8) << quint64(8) << false;
    QTest::newRow("0x10") << QByteArray("0x10") << qint64(16) << quint64(16) << false;
    QTest::newRow("INT64_MIN") << QByteArray("-9223372036854775808") << std::numeric_limits<qint64>::min() << quint64(0)
                               << false;
    QTest::newRow("2^63") << QByteArray("9223372036854775808") << qint64(0) << (quint64(1) << 63) << true;
    QTest::newRow("UINT64_MAX") << QByteArray("18446744073709551615") << qint64(0)
                                << std::numeric_limits<quint64>::max() << true;
    QTest::newRow("0xFFFFFFFFFFFFFFFF") << QByteArray("0xFFFFFFFFFFFFFFFF") << qint64(0)
                                        << std::numeric_limits<quint64>::max() << true;
}

void tst_PlistCodec::integersFromXmlText()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, asInteger);
    QFETCH(quint64, asUnsigned);
    QFETCH(bool, large);
    const Value v = decodeOk(xmlDoc(QByteArrayLiteral("<integer>") + text + QByteArrayLiteral("</integer>")));
    QCOMPARE(typeName(v.type()), QStringLiteral("Integer"));
    QCOMPARE(v.toInteger(0), asInteger);
    QCOMPARE(v.toUnsigned(0), asUnsigned);
    QCOMPARE(v.isLargeUnsigned(), large);
}

void tst_PlistCodec::integersFromBinaryWidths_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<QString>("description");

    // bplist00 integers: 1, 2, 4 bytes unsigned; 8 bytes signed; 16 bytes for > INT64_MAX.
    QTest::newRow("1 byte 255") << QByteArray::fromHex("10ff") << QStringLiteral("255");
    QTest::newRow("2 bytes") << QByteArray::fromHex("11ffff") << QStringLiteral("65535");
    QTest::newRow("4 bytes") << QByteArray::fromHex("12ffffffff") << QStringLiteral("4294967295");
    QTest::newRow("8 bytes -1") << QByteArray::fromHex("13ffffffffffffffff") << QStringLiteral("-1");
    QTest::newRow("8 bytes INT64_MIN") << QByteArray::fromHex("138000000000000000")
                                       << QStringLiteral("-9223372036854775808");
    QTest::newRow("16 bytes UINT64_MAX") << QByteArray::fromHex("140000000000000000ffffffffffffffff")
                                         << QStringLiteral("18446744073709551615");
    QTest::newRow("16 bytes small") << QByteArray::fromHex("14000000000000000000000000000000ff")
                                    << QStringLiteral("255");
}

void tst_PlistCodec::integersFromBinaryWidths()
{
    QFETCH(QByteArray, object);
    QFETCH(QString, description);
    QByteArray doc = QByteArrayLiteral("bplist00") + object;
    const char offsetTable = 8;
    const qsizetype tableAt = doc.size();
    doc.append(offsetTable);
    QByteArray trailer(32, '\0');
    trailer[6] = 1;
    trailer[7] = 1;
    trailer[15] = 1; // one object
    trailer[31] = char(tableAt);
    doc += trailer;
    QCOMPARE(decodeOk(doc).debugDescription(), description);
}

void tst_PlistCodec::uidIsBinaryOnly()
{
    const Value archive = Dict {{QStringLiteral("root"), Uid {1}}, {QStringLiteral("big"), Uid {0xFEDCBA98}}};
    const auto binary = encodeBinary(archive);
    QVERIFY(binary.ok());
    const Value back = decodeOk(*binary);
    QCOMPARE(back.value(QStringLiteral("root")).toUid().value, quint64(1));
    QCOMPARE(back.value(QStringLiteral("big")).toUid().value, quint64(0xFEDCBA98));
    QVERIFY(back == archive);

    const auto xml = encodeXml(archive);
    QVERIFY(!xml.ok());
    QCOMPARE(errorKindName(xml.error().kind), QStringLiteral("NotRepresentable"));
}

void tst_PlistCodec::datePrecision()
{
    // Binary keeps milliseconds (libplist hands back microseconds; we round to QDateTime's ms).
    for (const int ms : {1, 123, 500, 999}) {
        for (const QDateTime& base : {utc(2021, 6, 1, 12, 34, 56), utc(2000, 12, 31, 23, 59, 59),
                 utc(1999, 12, 31, 23, 59, 58), utc(1900, 1, 1), utc(2100, 1, 1)}) {
            const Value v(base.addMSecs(ms));
            QCOMPARE(decodeOk(encodeBinary(v).value()).toDateTime(), base.addMSecs(ms));
        }
    }
    // XML dates have one-second resolution: the fraction is dropped, the second kept.
    const Value fractional(utc(2021, 6, 1, 12, 34, 56, 789));
    QCOMPARE(decodeOk(encodeXml(fractional).value()).toDateTime(), utc(2021, 6, 1, 12, 34, 56));
    const Value beforeEpoch(utc(1999, 12, 31, 23, 59, 59, 500));
    QCOMPARE(decodeOk(encodeXml(beforeEpoch).value()).toDateTime(), utc(1999, 12, 31, 23, 59, 59));
    QVERIFY(encodeXml(fractional)->contains("<date>2021-06-01T12:34:56Z</date>"));
}

void tst_PlistCodec::keyOrderSurvivesBothFormats()
{
    const QByteArray doc
        = xmlDoc("<dict><key>zebra</key><true/><key>apple</key><false/><key>mango</key><integer>1</integer>"
                 "</dict>");
    const Value v = decodeOk(doc);
    const QStringList order {QStringLiteral("zebra"), QStringLiteral("apple"), QStringLiteral("mango")};
    QCOMPARE(v.toDict().keys(), order);
    QCOMPARE(decodeOk(encodeBinary(v).value()).toDict().keys(), order);
    QCOMPARE(decodeOk(encodeXml(v).value()).toDict().keys(), order);
}

void tst_PlistCodec::independentWriterFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("xml") << QStringLiteral("all-types.xml.plist");
    QTest::newRow("binary") << QStringLiteral("all-types.binary.plist");
}

void tst_PlistCodec::independentWriterFixtures()
{
    // Written by Python's plistlib (tests/data/plist/generate_good.py), not by libplist.
    QFETCH(QString, file);
    const QByteArray bytes = readFile(QStringLiteral(QUINCE_TEST_DATA_DIR "/plist/good/") + file);
    QVERIFY2(!bytes.isEmpty(), qPrintable(file));
    const Value v = decodeOk(bytes);
    QByteArray all;
    for (int i = 0; i < 256; ++i)
        all.append(char(i));
    const Value expected = Dict {
        {QStringLiteral("Bool"), true},
        {QStringLiteral("False"), false},
        {QStringLiteral("Zero"), 0},
        {QStringLiteral("MinusOne"), -1},
        {QStringLiteral("Int64Min"), std::numeric_limits<qint64>::min()},
        {QStringLiteral("Int64Max"), std::numeric_limits<qint64>::max()},
        {QStringLiteral("UInt64Max"), std::numeric_limits<quint64>::max()},
        {QStringLiteral("Half"), 0.5},
        {QStringLiteral("Big"), 1e300},
        {QStringLiteral("Empty"), QString()},
        {QStringLiteral("Unicode"), QStringLiteral("Grüße, 日本 😀")},
        {QStringLiteral("Data"), all},
        {QStringLiteral("EmptyData"), QByteArray()},
        {QStringLiteral("Date"), utc(2021, 6, 1, 12, 34, 56)},
        {QStringLiteral("OldDate"), utc(1999, 12, 31, 23, 59, 59)},
        {QStringLiteral("Array"), Array {1, QStringLiteral("two"), Array {3.25, Dict {}}, Array {}}},
        {QStringLiteral("Nested"),
            Dict {{QStringLiteral("z"), 1}, {QStringLiteral("a"), 2},
                {QStringLiteral("m"), Dict {{QStringLiteral("k"), QStringLiteral("v")}}}}},
    };
    QCOMPARE(v.debugDescription(), expected.debugDescription());
    QVERIFY(v == expected);
    QVERIFY(decodeOk(encodeBinary(v).value()) == expected);
    QVERIFY(decodeOk(encodeXml(v).value()) == expected);
}

void tst_PlistCodec::keyedArchiveUids()
{
    const Value v = decodeOk(readFile(QStringLiteral(QUINCE_TEST_DATA_DIR "/plist/good/keyed-archive.binary.plist")));
    QCOMPARE(v.value(QStringLiteral("$archiver")).toString(), QStringLiteral("NSKeyedArchiver"));
    QVERIFY(v.value(QStringLiteral("$top")).value(QStringLiteral("root")).isUid());
    QCOMPARE(v.value(QStringLiteral("$top")).value(QStringLiteral("root")).toUid().value, quint64(1));
    QCOMPARE(v.value(QStringLiteral("$objects")).at(2).toUid().value, quint64(300));
    QCOMPARE(v.value(QStringLiteral("$version")).toInteger(), qint64(100000));
    QVERIFY(decodeOk(encodeBinary(v).value()) == v);
}

void tst_PlistCodec::encodeRefuses_data()
{
    QTest::addColumn<Value>("value");
    QTest::addColumn<bool>("binaryOk");
    QTest::addColumn<PlistErrorKind>("kind");

    QTest::newRow("invalid") << Value() << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("invalid in array") << Value(Array {1, Value()}) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("NUL in string") << Value(QStringLiteral("a") + QChar(0) + QStringLiteral("b")) << false
                                   << PlistErrorKind::NotRepresentable;
    QTest::newRow("NUL in key") << Value(Dict {{QString(QChar(0)), 1}}) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("lone surrogate") << Value(QString(QChar(0xD800))) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("control char") << Value(QStringLiteral("a\x01")) << true << PlistErrorKind::NotRepresentable;
    QTest::newRow("uid") << Value(Uid {1}) << true << PlistErrorKind::NotRepresentable;
    QTest::newRow("uid above 32 bits") << Value(Uid {0x100000000}) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("year 999") << Value(utc(999, 12, 31)) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("invalid date") << Value(QDateTime()) << false << PlistErrorKind::NotRepresentable;
    QTest::newRow("too deep") << nested(Limits::kHardMaxDepth + 1) << false << PlistErrorKind::TooDeep;
}

void tst_PlistCodec::encodeRefuses()
{
    QFETCH(Value, value);
    QFETCH(bool, binaryOk);
    QFETCH(PlistErrorKind, kind);
    const auto xml = encodeXml(value);
    QVERIFY(!xml.ok());
    QCOMPARE(errorKindName(xml.error().kind), errorKindName(kind));
    QVERIFY(!xml.error().message.isEmpty());
    const auto binary = encodeBinary(value);
    QCOMPARE(binary.ok(), binaryOk);
    if (binaryOk)
        QCOMPARE(decodeOk(*binary), value);
    else
        QCOMPARE(errorKindName(binary.error().kind), errorKindName(kind));
}

void tst_PlistCodec::byteOrderMarkAccepted()
{
    const Value v = decodeOk(QByteArrayLiteral("\xEF\xBB\xBF") + xmlDoc("<string>x</string>"));
    QCOMPARE(v.toString(), QStringLiteral("x"));
}

void tst_PlistCodec::commentsCdataAndInstructionsAreNotContent()
{
    const Value v = decodeOk(xmlDoc("<!-- <array><array> --><dict><key>a</key><!-- c --><string><![CDATA[<array>]]>"
                                    "&amp;&#x1F600;</string><?pi <array> ?><key>b</key><integer>1</integer></dict>"));
    QCOMPARE(v.debugDescription(), QStringLiteral("{\"a\": \"<array>&😀\", \"b\": 1}"));
}

void tst_PlistCodec::detectsFormat()
{
    QCOMPARE(detectFormat(QByteArrayLiteral("bplist00...")), Format::Binary);
    QCOMPARE(detectFormat(QByteArrayLiteral("<?xml")), Format::Xml);
    QCOMPARE(detectFormat(QByteArray()), Format::Xml);
}

QTEST_GUILESS_MAIN(tst_PlistCodec)
#include "tst_PlistCodec.moc"

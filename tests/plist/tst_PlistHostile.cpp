// SPDX-License-Identifier: GPL-3.0-or-later
// Broken and hostile input: every case must end in the specific typed error, never a crash.
// Run under -DQUINCE_SANITIZERS=ON to check that neither our scan nor libplist touches memory
// it should not.
#include "core/plist/PlistCodec.h"

#include "BinaryPlistBuilder.h"
#include "PlistTestSupport.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace quince::plist;
using quince::plist::test::BinaryPlistBuilder;

Q_DECLARE_METATYPE(quince::plist::PlistErrorKind)
Q_DECLARE_METATYPE(quince::plist::Limits)

namespace {

const QString kHostileDir = QStringLiteral(QUINCE_TEST_DATA_DIR "/plist/hostile");

// Every file in tests/data/plist/hostile and the error it must produce. A file without a row
// here fails the test, so a new fixture cannot be added without saying what it should do.
const QHash<QString, PlistErrorKind>& expectations()
{
    using K = PlistErrorKind;
    static const QHash<QString, PlistErrorKind> table {
        {QStringLiteral("empty.plist"), K::Empty},
        {QStringLiteral("whitespace-only.plist"), K::Empty},
        {QStringLiteral("not-a-plist.txt"), K::Malformed},
        {QStringLiteral("xml-truncated.plist"), K::Malformed},
        {QStringLiteral("xml-wrong-root.plist"), K::Malformed},
        {QStringLiteral("xml-no-value.plist"), K::Malformed},
        {QStringLiteral("xml-two-values.plist"), K::Malformed},
        {QStringLiteral("xml-unknown-element.plist"), K::Malformed},
        {QStringLiteral("xml-text-in-dict.plist"), K::Malformed},
        {QStringLiteral("xml-key-without-value.plist"), K::Malformed},
        {QStringLiteral("xml-key-outside-dict.plist"), K::Malformed},
        {QStringLiteral("xml-element-in-string.plist"), K::Malformed},
        {QStringLiteral("xml-attribute-quoting.plist"), K::Malformed},
        {QStringLiteral("xml-control-character.plist"), K::Malformed},
        {QStringLiteral("xml-duplicate-key.plist"), K::DuplicateKey},
        {QStringLiteral("xml-billion-laughs.plist"), K::ForbiddenEntity},
        {QStringLiteral("xml-external-entity.plist"), K::ForbiddenEntity},
        {QStringLiteral("xml-undeclared-entity.plist"), K::ForbiddenEntity},
        {QStringLiteral("xml-deep-nesting.plist"), K::TooDeep},
        {QStringLiteral("xml-invalid-utf8-string.plist"), K::InvalidUtf8},
        {QStringLiteral("xml-overlong-utf8.plist"), K::InvalidUtf8},
        {QStringLiteral("xml-utf8-surrogate.plist"), K::InvalidUtf8},
        {QStringLiteral("xml-latin1-encoding.plist"), K::InvalidUtf8},
        {QStringLiteral("xml-invalid-base64.plist"), K::InvalidValue},
        {QStringLiteral("xml-unpadded-base64.plist"), K::InvalidValue},
        {QStringLiteral("xml-integer-overflow.plist"), K::IntegerOutOfRange},
        {QStringLiteral("xml-integer-negative-overflow.plist"), K::IntegerOutOfRange},
        {QStringLiteral("xml-integer-garbage.plist"), K::InvalidValue},
        {QStringLiteral("xml-integer-octal.plist"), K::InvalidValue},
        {QStringLiteral("xml-integer-empty.plist"), K::InvalidValue},
        {QStringLiteral("xml-real-garbage.plist"), K::InvalidValue},
        {QStringLiteral("xml-real-overflow.plist"), K::InvalidValue},
        {QStringLiteral("xml-date-garbage.plist"), K::InvalidValue},
        {QStringLiteral("xml-date-fractional.plist"), K::InvalidValue},
        {QStringLiteral("xml-date-invalid-day.plist"), K::InvalidValue},
        {QStringLiteral("bin-wrong-version.plist"), K::UnsupportedType},
        {QStringLiteral("bin-magic-only.plist"), K::Malformed},
        {QStringLiteral("bin-truncated.plist"), K::Malformed},
        {QStringLiteral("bin-garbage-trailer.plist"), K::Malformed},
        {QStringLiteral("bin-offset-size-zero.plist"), K::Malformed},
        {QStringLiteral("bin-top-object-missing.plist"), K::Malformed},
        {QStringLiteral("bin-offset-table-past-end.plist"), K::Malformed},
        {QStringLiteral("bin-offset-into-table.plist"), K::Malformed},
        {QStringLiteral("bin-offset-into-trailer.plist"), K::Malformed},
        {QStringLiteral("bin-offset-past-end.plist"), K::Malformed},
        {QStringLiteral("bin-offset-into-header.plist"), K::Malformed},
        {QStringLiteral("bin-self-referencing-array.plist"), K::CyclicReference},
        {QStringLiteral("bin-cycle-two-arrays.plist"), K::CyclicReference},
        {QStringLiteral("bin-dict-contains-itself.plist"), K::CyclicReference},
        {QStringLiteral("bin-huge-array-count.plist"), K::Malformed},
        {QStringLiteral("bin-huge-string-length.plist"), K::StringTooLong},
        {QStringLiteral("bin-declared-count-beyond-file.plist"), K::Malformed},
        {QStringLiteral("bin-deep-nesting.plist"), K::TooDeep},
        {QStringLiteral("bin-reference-bomb.plist"), K::TooManyObjects},
        {QStringLiteral("bin-reference-out-of-range.plist"), K::Malformed},
        {QStringLiteral("bin-utf16-lone-surrogate.plist"), K::InvalidUtf8},
        {QStringLiteral("bin-utf16-lone-low-surrogate.plist"), K::InvalidUtf8},
        {QStringLiteral("bin-ascii-high-byte.plist"), K::InvalidUtf8},
        {QStringLiteral("bin-string-past-end.plist"), K::Malformed},
        {QStringLiteral("bin-set.plist"), K::UnsupportedType},
        {QStringLiteral("bin-null-object.plist"), K::UnsupportedType},
        {QStringLiteral("bin-int128-high-bits.plist"), K::IntegerOutOfRange},
        {QStringLiteral("bin-date-nan.plist"), K::InvalidValue},
        {QStringLiteral("bin-date-huge.plist"), K::InvalidValue},
        {QStringLiteral("bin-integer-key.plist"), K::Malformed},
        {QStringLiteral("bin-container-key.plist"), K::Malformed},
        {QStringLiteral("bin-duplicate-key.plist"), K::DuplicateKey},
        {QStringLiteral("bin-unknown-marker.plist"), K::Malformed},
        {QStringLiteral("bin-uid-64bit.plist"), K::UnsupportedType},
        {QStringLiteral("bin-utf8-string-type.plist"), K::UnsupportedType},
    };
    return table;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QByteArray xmlDoc(const QByteArray& body)
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">") + body
        + QByteArrayLiteral("</plist>\n");
}

Value sample()
{
    return Dict {{QStringLiteral("UDID"), QStringLiteral("663b07bb")}, {QStringLiteral("Token"), QByteArray(40, 'x')},
        {QStringLiteral("List"),
            Array {1, -1, 0.5, QStringLiteral("Grüße 😀"), true,
                QDateTime::fromSecsSinceEpoch(1600000000, QTimeZone::utc()), Uid {3},
                Dict {{QStringLiteral("k"), Array {}}}}}};
}

} // namespace

class tst_PlistHostile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void everyExpectationHasAFile();
    void generated_data();
    void generated();
    void everyBinaryPrefixFails();
    void everyXmlPrefixFails();
    void mutatedBinaryNeverCrashes();
    void mutatedXmlNeverCrashes();
    void tighterLimitsStillAcceptWhatFits();
};

void tst_PlistHostile::fixtures_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(kHostileDir).entryList(QDir::Files, QDir::Name);
    QVERIFY2(
        files.size() >= 60, qPrintable(QStringLiteral("only %1 fixtures in %2").arg(files.size()).arg(kHostileDir)));
    for (const QString& file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void tst_PlistHostile::fixtures()
{
    QFETCH(QString, file);
    const auto expected = expectations().constFind(file);
    if (expected == expectations().constEnd())
        QFAIL(qPrintable(QStringLiteral("%1 has no expected error kind in tst_PlistHostile.cpp").arg(file)));

    const auto result = decode(readFile(kHostileDir + u'/' + file));
    if (result.ok())
        QFAIL(qPrintable(QStringLiteral("%1 decoded to %2").arg(file, result->debugDescription().left(200))));
    QCOMPARE(result.error().kind, *expected);
    QVERIFY(!result.error().message.isEmpty());
    qDebug().noquote() << file << "→" << result.error().toString();
}

void tst_PlistHostile::everyExpectationHasAFile()
{
    for (auto it = expectations().constBegin(); it != expectations().constEnd(); ++it)
        QVERIFY2(QFile::exists(kHostileDir + u'/' + it.key()), qPrintable(it.key()));
}

void tst_PlistHostile::generated_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Limits>("limits");
    QTest::addColumn<PlistErrorKind>("kind");

    const Limits defaults;
    QTest::newRow("oversized (32 MiB + 1)")
        << QByteArray(32 * 1024 * 1024 + 1, ' ') << defaults << PlistErrorKind::TooLarge;
    QTest::newRow("oversized for a tight limit")
        << xmlDoc("<string>0123456789</string>") << Limits {.maxSize = 20} << PlistErrorKind::TooLarge;

    QByteArray deepXml = xmlDoc(QByteArray());
    deepXml.insert(
        deepXml.indexOf("</plist>"), QByteArray("<array>").repeated(100000) + QByteArray("</array>").repeated(100000));
    QTest::newRow("XML 100k levels") << deepXml << defaults << PlistErrorKind::TooDeep;
    QTest::newRow("XML 100k levels, huge depth asked")
        << deepXml << Limits {.maxDepth = 1'000'000} << PlistErrorKind::TooDeep;

    {
        BinaryPlistBuilder b;
        constexpr int levels = 100000;
        for (int i = 0; i < levels; ++i)
            b.add(BinaryPlistBuilder::array({quint64(i + 1)}, 4));
        b.add(BinaryPlistBuilder::integer(1));
        QTest::newRow("binary 100k levels") << b.build(0, 4) << defaults << PlistErrorKind::TooDeep;
        QTest::newRow("binary 100k levels, huge depth asked")
            << b.build(0, 4) << Limits {.maxDepth = 1'000'000} << PlistErrorKind::TooDeep;
    }
    {
        // 60 levels of "two references to the next": 61 objects, 2^61 values once expanded.
        BinaryPlistBuilder b;
        for (int i = 0; i < 60; ++i)
            b.add(BinaryPlistBuilder::array({quint64(i + 1), quint64(i + 1)}, 1));
        b.add(BinaryPlistBuilder::ascii("boom"));
        QTest::newRow("binary reference bomb") << b.build(0, 1) << defaults << PlistErrorKind::TooManyObjects;
    }
    {
        BinaryPlistBuilder b;
        b.add(BinaryPlistBuilder::countMarker(0xA0, quint64(1) << 60) + QByteArray(8, '\0'));
        QTest::newRow("array claiming 2^60 elements") << b.build(0, 1) << defaults << PlistErrorKind::Malformed;
    }
    {
        // 2000 distinct objects, fine by default, too many for a limit of 1000.
        BinaryPlistBuilder b;
        QList<quint64> refs;
        for (int i = 1; i <= 1999; ++i)
            refs.append(quint64(i));
        b.add(BinaryPlistBuilder::array(refs, 2));
        for (int i = 1; i <= 1999; ++i)
            b.add(BinaryPlistBuilder::integer(quint8(i)));
        QTest::newRow("binary objects over a tight limit")
            << b.build(0, 2) << Limits {.maxObjects = 1000} << PlistErrorKind::TooManyObjects;
    }
    QTest::newRow("XML objects over a tight limit")
        << xmlDoc(QByteArray("<array>") + QByteArray("<true/>").repeated(50) + QByteArray("</array>"))
        << Limits {.maxObjects = 10} << PlistErrorKind::TooManyObjects;
    QTest::newRow("XML string over a tight limit") << xmlDoc("<string>0123456789abcdef</string>")
                                                   << Limits {.maxStringLength = 8} << PlistErrorKind::StringTooLong;
    QTest::newRow("XML key over a tight limit") << xmlDoc("<dict><key>0123456789abcdef</key><true/></dict>")
                                                << Limits {.maxStringLength = 8} << PlistErrorKind::StringTooLong;
    QTest::newRow("XML data over a tight limit")
        << xmlDoc("<data>QUJDREVGR0hJSktM</data>") << Limits {.maxStringLength = 8} << PlistErrorKind::StringTooLong;
    {
        BinaryPlistBuilder b;
        b.add(BinaryPlistBuilder::ascii("0123456789abcdef"));
        QTest::newRow("binary string over a tight limit")
            << b.build(0, 1) << Limits {.maxStringLength = 8} << PlistErrorKind::StringTooLong;
    }
    QTest::newRow("XML depth over a tight limit") << xmlDoc("<array><array><array><true/></array></array></array>")
                                                  << Limits {.maxDepth = 3} << PlistErrorKind::TooDeep;
    QTest::newRow("zero bytes") << QByteArray() << defaults << PlistErrorKind::Empty;
    QTest::newRow("NUL bytes") << QByteArray(16, '\0') << defaults << PlistErrorKind::Malformed;
    QTest::newRow("XML character reference to NUL")
        << xmlDoc("<string>&#0;</string>") << defaults << PlistErrorKind::Malformed;
}

void tst_PlistHostile::generated()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Limits, limits);
    QFETCH(PlistErrorKind, kind);
    const auto result = decode(bytes, limits);
    if (result.ok())
        QFAIL(qPrintable(QStringLiteral("decoded to %1").arg(result->debugDescription().left(200))));
    QCOMPARE(result.error().kind, kind);
    qDebug().noquote() << result.error().toString();
}

void tst_PlistHostile::everyBinaryPrefixFails()
{
    const QByteArray full = encodeBinary(sample()).value();
    QVERIFY(decode(full).ok());
    for (qsizetype n = 0; n < full.size(); ++n) {
        const auto result = decode(full.left(n));
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(n)));
    }
}

void tst_PlistHostile::everyXmlPrefixFails()
{
    const QByteArray full = encodeXml(Dict {{QStringLiteral("A"), sample().value(QStringLiteral("Token"))},
                                          {QStringLiteral("B"), Array {1, QStringLiteral("Grüße 😀")}}})
                                .value();
    QVERIFY(decode(full).ok());
    for (qsizetype n = 0; n < full.size() - 9; ++n) { // the last bytes are "</plist>\n"
        const auto result = decode(full.left(n));
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(n)));
    }
}

void tst_PlistHostile::mutatedBinaryNeverCrashes()
{
    // Every byte of a real document set to a few interesting values, plus random multi-byte
    // damage. Decoding may succeed or fail; it must not crash, hang or (under ASan) misbehave.
    const QByteArray full = encodeBinary(sample()).value();
    int failures = 0;
    int successes = 0;
    for (qsizetype i = 0; i < full.size(); ++i) {
        for (const quint8 v : {quint8(0x00), quint8(0x01), quint8(0x0F), quint8(0x7F), quint8(0x80), quint8(0xFF),
                 quint8(full[i] ^ 0x10)}) {
            QByteArray mutated = full;
            mutated[i] = char(v);
            const auto result = decode(mutated);
            result.ok() ? ++successes : ++failures;
            // Our scan must be at least as strict as libplist: whatever passes it, libplist parses.
            if (!result.ok())
                QVERIFY2(result.error().kind != PlistErrorKind::LibraryFailure, qPrintable(result.error().toString()));
        }
    }
    QRandomGenerator rng(20240601); // fixed seed: reproducible
    for (int round = 0; round < 3000; ++round) {
        QByteArray mutated = full;
        const int changes = 1 + int(rng.bounded(6));
        for (int c = 0; c < changes; ++c)
            mutated[rng.bounded(int(mutated.size()))] = char(rng.bounded(256));
        const auto result = decode(mutated);
        result.ok() ? ++successes : ++failures;
        if (!result.ok())
            QVERIFY2(result.error().kind != PlistErrorKind::LibraryFailure, qPrintable(result.error().toString()));
    }
    QVERIFY(failures > 0);
    QVERIFY(successes > 0);
}

void tst_PlistHostile::mutatedXmlNeverCrashes()
{
    const QByteArray full = encodeXml(
        Dict {{QStringLiteral("UDID"), QStringLiteral("663b07bb")}, {QStringLiteral("Token"), QByteArray(20, 'x')},
            {QStringLiteral("List"), Array {1, -1, 0.5, QStringLiteral("Grüße"), true}}})
                                .value();
    QRandomGenerator rng(7);
    const QByteArray alphabet("<>/&;#x0123456789abcdefghijklmnopqrstuvwxyz =\"'!?[]-\t\n\x80\xc3\xff");
    int successes = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray mutated = full;
        const int changes = 1 + int(rng.bounded(3));
        for (int c = 0; c < changes; ++c)
            mutated[rng.bounded(int(mutated.size()))] = alphabet[rng.bounded(int(alphabet.size()))];
        const auto result = decode(mutated);
        if (result.ok())
            ++successes;
        else
            QVERIFY2(result.error().kind != PlistErrorKind::LibraryFailure, qPrintable(result.error().toString()));
    }
    QVERIFY(successes > 0);
}

void tst_PlistHostile::tighterLimitsStillAcceptWhatFits()
{
    // The limits are bounds, not guesses: a document exactly at each limit still decodes.
    const QByteArray doc = xmlDoc("<array><array><string>01234567</string></array></array>");
    const Limits limits {.maxSize = doc.size(), .maxDepth = 3, .maxObjects = 3, .maxStringLength = 8};
    const auto result = decode(doc, limits);
    QVERIFY2(result.ok(), qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(result->at(0).at(0).toString(), QStringLiteral("01234567"));

    const QByteArray binary = encodeBinary(result.value()).value();
    const Limits binaryLimits {.maxSize = binary.size(), .maxDepth = 3, .maxObjects = 3, .maxStringLength = 8};
    QVERIFY(decode(binary, binaryLimits).ok());
    QCOMPARE(decode(binary, Limits {.maxObjects = 2}).error().kind, PlistErrorKind::TooManyObjects);
    QCOMPARE(decode(binary, Limits {.maxDepth = 2}).error().kind, PlistErrorKind::TooDeep);
}

QTEST_GUILESS_MAIN(tst_PlistHostile)
#include "tst_PlistHostile.moc"

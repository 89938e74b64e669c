// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/PlistValue.h"

#include "PlistTestSupport.h"

#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace quince::plist;

Q_DECLARE_METATYPE(quince::plist::Value)
Q_DECLARE_METATYPE(quince::plist::Type)

class tst_PlistValue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void typeOfEachConstructor_data();
    void typeOfEachConstructor();
    void integerRange_data();
    void integerRange();
    void accessorsDoNotConvertBetweenTypes();
    void dictKeepsInsertionOrder();
    void dictInsertReplacesInPlace();
    void dictRemoveReindexes();
    void lookupsChainThroughMissingKeys();
    void equality_data();
    void equality();
    void debugDescription_data();
    void debugDescription();
    void toVariant();
};

void tst_PlistValue::typeOfEachConstructor_data()
{
    QTest::addColumn<Value>("value");
    QTest::addColumn<Type>("type");

    QTest::newRow("default") << Value() << Type::Invalid;
    QTest::newRow("bool") << Value(true) << Type::Boolean;
    QTest::newRow("int") << Value(5) << Type::Integer;
    QTest::newRow("qint64") << Value(qint64(-5)) << Type::Integer;
    QTest::newRow("quint64") << Value(std::numeric_limits<quint64>::max()) << Type::Integer;
    QTest::newRow("double") << Value(0.5) << Type::Real;
    QTest::newRow("string") << Value(QStringLiteral("x")) << Type::String;
    QTest::newRow("data") << Value(QByteArray("x")) << Type::Data;
    QTest::newRow("date") << Value(QDateTime::fromSecsSinceEpoch(0, QTimeZone::utc())) << Type::Date;
    QTest::newRow("uid") << Value(Uid {3}) << Type::Uid;
    QTest::newRow("array") << Value(Array {}) << Type::Array;
    QTest::newRow("dict") << Value(Dict {}) << Type::Dict;
}

void tst_PlistValue::typeOfEachConstructor()
{
    QFETCH(Value, value);
    QFETCH(Type, type);
    QCOMPARE(typeName(value.type()), typeName(type));
    QCOMPARE(value.isValid(), type != Type::Invalid);
    QCOMPARE(value.isDict(), type == Type::Dict);
    QCOMPARE(value.isData(), type == Type::Data);
    QCOMPARE(value.isString(), type == Type::String);
}

void tst_PlistValue::integerRange_data()
{
    QTest::addColumn<Value>("value");
    QTest::addColumn<qint64>("asInteger"); // with default -42
    QTest::addColumn<quint64>("asUnsigned"); // with default 42
    QTest::addColumn<bool>("largeUnsigned");

    constexpr qint64 i64min = std::numeric_limits<qint64>::min();
    constexpr qint64 i64max = std::numeric_limits<qint64>::max();
    constexpr quint64 u64max = std::numeric_limits<quint64>::max();
    QTest::newRow("0") << Value(0) << qint64(0) << quint64(0) << false;
    QTest::newRow("-1") << Value(-1) << qint64(-1) << quint64(42) << false;
    QTest::newRow("INT64_MIN") << Value(i64min) << i64min << quint64(42) << false;
    QTest::newRow("INT64_MAX") << Value(i64max) << i64max << quint64(i64max) << false;
    QTest::newRow("INT64_MAX+1") << Value(quint64(i64max) + 1) << qint64(-42) << quint64(i64max) + 1 << true;
    QTest::newRow("UINT64_MAX") << Value(u64max) << qint64(-42) << u64max << true;
    QTest::newRow("small unsigned") << Value::fromUnsigned(7) << qint64(7) << quint64(7) << false;
    QTest::newRow("not an integer") << Value(7.0) << qint64(-42) << quint64(42) << false;
}

void tst_PlistValue::integerRange()
{
    QFETCH(Value, value);
    QFETCH(qint64, asInteger);
    QFETCH(quint64, asUnsigned);
    QFETCH(bool, largeUnsigned);
    QCOMPARE(value.toInteger(-42), asInteger);
    QCOMPARE(value.toUnsigned(42), asUnsigned);
    QCOMPARE(value.isLargeUnsigned(), largeUnsigned);
}

void tst_PlistValue::accessorsDoNotConvertBetweenTypes()
{
    const Value data(QByteArray("abc"));
    QCOMPARE(data.toString(), QString());
    QCOMPARE(data.toData(), QByteArray("abc"));
    const Value text(QStringLiteral("abc"));
    QCOMPARE(text.toData(), QByteArray());
    QCOMPARE(Value(1).toBool(), false);
    QCOMPARE(Value(true).toInteger(-1), qint64(-1));
    QCOMPARE(Value(5).toReal(-1.0), -1.0);
    QCOMPARE(Value(Uid {9}).toUnsigned(1), quint64(1));
    QCOMPARE(Value(Uid {9}).toUid().value, quint64(9));
}

void tst_PlistValue::dictKeepsInsertionOrder()
{
    Dict dict;
    dict.insert(QStringLiteral("z"), 1).insert(QStringLiteral("a"), 2).insert(QStringLiteral("m"), 3);
    QCOMPARE(dict.keys(), (QStringList {QStringLiteral("z"), QStringLiteral("a"), QStringLiteral("m")}));
    QCOMPARE(dict.value(QStringLiteral("a")).toInteger(), qint64(2));
    QCOMPARE(dict.entryAt(2).key, QStringLiteral("m"));

    const Dict literal {
        {QStringLiteral("UDID"), QStringLiteral("abc")}, {QStringLiteral("Status"), QStringLiteral("Idle")}};
    QCOMPARE(literal.keys(), (QStringList {QStringLiteral("UDID"), QStringLiteral("Status")}));
}

void tst_PlistValue::dictInsertReplacesInPlace()
{
    Dict dict {{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}, {QStringLiteral("c"), 3}};
    dict.insert(QStringLiteral("a"), QStringLiteral("one"));
    QCOMPARE(dict.size(), 3);
    QCOMPARE(dict.keys().first(), QStringLiteral("a"));
    QCOMPARE(dict.value(QStringLiteral("a")).toString(), QStringLiteral("one"));
}

void tst_PlistValue::dictRemoveReindexes()
{
    Dict dict {{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}, {QStringLiteral("c"), 3}};
    QVERIFY(dict.remove(QStringLiteral("a")));
    QVERIFY(!dict.remove(QStringLiteral("a")));
    QCOMPARE(dict.keys(), (QStringList {QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(dict.value(QStringLiteral("c")).toInteger(), qint64(3));
    QVERIFY(!dict.contains(QStringLiteral("a")));
    QVERIFY(dict.find(QStringLiteral("b")));
    *dict.find(QStringLiteral("b")) = 20;
    QCOMPARE(dict.value(QStringLiteral("b")).toInteger(), qint64(20));
}

void tst_PlistValue::lookupsChainThroughMissingKeys()
{
    const Value message = Dict {
        {QStringLiteral("QueryResponses"), Dict {{QStringLiteral("UDID"), QStringLiteral("66ADE930")}}},
        {QStringLiteral("List"), Array {1, 2}},
    };
    QCOMPARE(message.value(QStringLiteral("QueryResponses")).value(QStringLiteral("UDID")).toString(),
        QStringLiteral("66ADE930"));
    QCOMPARE(message.value(QStringLiteral("Missing")).value(QStringLiteral("UDID")).type(), Type::Invalid);
    QCOMPARE(message.value(QStringLiteral("List")).at(1).toInteger(), qint64(2));
    QCOMPARE(message.value(QStringLiteral("List")).at(2).isValid(), false);
    QCOMPARE(message.value(QStringLiteral("List")).at(-1).isValid(), false);
    QCOMPARE(message.size(), 2);
}

void tst_PlistValue::equality_data()
{
    QTest::addColumn<Value>("a");
    QTest::addColumn<Value>("b");
    QTest::addColumn<bool>("equal");

    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1000, QTimeZone::utc());
    QTest::newRow("int same") << Value(5) << Value(qint64(5)) << true;
    QTest::newRow("signed vs unsigned small") << Value(5) << Value::fromUnsigned(5) << true;
    QTest::newRow("-1 vs UINT64_MAX") << Value(-1) << Value(std::numeric_limits<quint64>::max()) << false;
    QTest::newRow("int vs real") << Value(1) << Value(1.0) << false;
    QTest::newRow("bool vs int") << Value(true) << Value(1) << false;
    QTest::newRow("data vs string") << Value(QByteArray("abc")) << Value(QStringLiteral("abc")) << false;
    QTest::newRow("uid vs int") << Value(Uid {1}) << Value(1) << false;
    QTest::newRow("nan") << Value(std::nan("")) << Value(std::nan("")) << true;
    QTest::newRow("dates") << Value(t) << Value(t.toOffsetFromUtc(3600)) << true;
    QTest::newRow("dates differ by 1 ms") << Value(t) << Value(t.addMSecs(1)) << false;
    QTest::newRow("dict order matters") << Value(Dict {{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}})
                                        << Value(Dict {{QStringLiteral("b"), 2}, {QStringLiteral("a"), 1}}) << false;
    QTest::newRow("nested equal") << Value(Array {Dict {{QStringLiteral("a"), Array {1, 2.5}}}})
                                  << Value(Array {Dict {{QStringLiteral("a"), Array {1, 2.5}}}}) << true;
    QTest::newRow("nested differ") << Value(Array {Dict {{QStringLiteral("a"), Array {1, 2.5}}}})
                                   << Value(Array {Dict {{QStringLiteral("a"), Array {1, 2.25}}}}) << false;
    QTest::newRow("invalid") << Value() << Value() << true;
    QTest::newRow("empty array vs dict") << Value(Array {}) << Value(Dict {}) << false;
}

void tst_PlistValue::equality()
{
    QFETCH(Value, a);
    QFETCH(Value, b);
    QFETCH(bool, equal);
    QCOMPARE(a == b, equal);
    QCOMPARE(b == a, equal);
    QCOMPARE(a != b, !equal);
}

void tst_PlistValue::debugDescription_data()
{
    QTest::addColumn<Value>("value");
    QTest::addColumn<QString>("text");

    QTest::newRow("dict") << Value(Dict {{QStringLiteral("UDID"), QStringLiteral("ab\"c")}, {QStringLiteral("N"), -5},
        {QStringLiteral("R"), 0.5}, {QStringLiteral("B"), false}})
                          << QStringLiteral("{\"UDID\": \"ab\\\"c\", \"N\": -5, \"R\": 0.5r, \"B\": false}");
    QTest::newRow("array") << Value(Array {QByteArray("\x01\xff", 2), Uid {7}, std::numeric_limits<quint64>::max()})
                           << QStringLiteral("[<01 ff>, UID(7), 18446744073709551615]");
    QTest::newRow("date") << Value(QDateTime::fromMSecsSinceEpoch(978307200123, QTimeZone::utc()))
                          << QStringLiteral("@2001-01-01T00:00:00.123Z");
    QTest::newRow("long data") << Value(QByteArray(40, 'A'))
                               << QStringLiteral("<") + QString::fromLatin1(QByteArray(32, 'A').toHex(' '))
            + QStringLiteral(" … 40 bytes>");
    QTest::newRow("invalid") << Value() << QStringLiteral("<invalid>");
}

void tst_PlistValue::debugDescription()
{
    QFETCH(Value, value);
    QFETCH(QString, text);
    QCOMPARE(value.debugDescription(), text);
}

void tst_PlistValue::toVariant()
{
    const Value value = Dict {{QStringLiteral("z"), Array {1, QStringLiteral("s")}},
        {QStringLiteral("d"), QByteArray("x")}, {QStringLiteral("u"), std::numeric_limits<quint64>::max()}};
    const QVariantMap map = value.toVariant().toMap();
    QCOMPARE(map.value(QStringLiteral("z")).toList().size(), 2);
    QCOMPARE(map.value(QStringLiteral("z")).toList().at(1).toString(), QStringLiteral("s"));
    QCOMPARE(map.value(QStringLiteral("d")).typeId(), QMetaType::QByteArray);
    QCOMPARE(map.value(QStringLiteral("u")).toULongLong(), std::numeric_limits<quint64>::max());
}

QTEST_GUILESS_MAIN(tst_PlistValue)
#include "tst_PlistValue.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <QVariant>

#include <concepts>
#include <initializer_list>
#include <limits>
#include <variant>
#include <vector>

class QDebug;

namespace quince::plist {

class Value;
struct DictEntry;

/// Every property-list type, kept distinct (data is never a string, a UID never an integer).
/// Invalid is the default-constructed value and what lookups return for a missing key.
enum class Type { Invalid, Boolean, Integer, Real, String, Data, Date, Uid, Array, Dict };

/// A keyed-archive object reference (bplist type 0x8). Binary plists only.
struct Uid {
    quint64 value = 0;
    friend bool operator==(const Uid&, const Uid&) = default;
};

/// An ordered list of values.
class Array {
public:
    Array() = default;
    Array(std::initializer_list<Value> values);

    qsizetype size() const;
    bool isEmpty() const;
    /// The value at index, or an Invalid value when out of range.
    const Value& at(qsizetype index) const;
    /// Mutable access; index must be in range.
    Value& operator[](qsizetype index);
    Array& append(Value value);
    void reserve(qsizetype n);

    std::vector<Value>::const_iterator begin() const;
    std::vector<Value>::const_iterator end() const;

    friend bool operator==(const Array& a, const Array& b);

private:
    std::vector<Value> m_items;
};

/// A dictionary that keeps its keys in insertion order, because re-encoding a device message must
/// give back the same document (libplist preserves order too). Lookup is by a hash index.
class Dict {
public:
    Dict() = default;
    Dict(std::initializer_list<DictEntry> entries);

    qsizetype size() const;
    bool isEmpty() const;
    bool contains(const QString& key) const { return m_index.contains(key); }
    /// The value for key, or an Invalid value when absent, so lookups chain:
    /// `msg.value(u"QueryResponses"_s).value(u"UDID"_s).toString()`.
    const Value& value(const QString& key) const;
    /// Mutable access; nullptr when absent.
    Value* find(const QString& key);
    /// Sets key to value: in place when the key exists, appended otherwise.
    Dict& insert(const QString& key, Value value);
    /// Removes key; returns whether it was present.
    bool remove(const QString& key);
    QStringList keys() const;
    /// The entry at position index (insertion order).
    const DictEntry& entryAt(qsizetype index) const;

    std::vector<DictEntry>::const_iterator begin() const;
    std::vector<DictEntry>::const_iterator end() const;

    /// Order-sensitive: the same keys in another order are a different document.
    friend bool operator==(const Dict& a, const Dict& b);

private:
    void reindex();

    std::vector<DictEntry> m_items;
    QHash<QString, qsizetype> m_index;
};

/// A property-list value: one node of a typed tree. Integers keep the full plist range
/// [INT64_MIN, UINT64_MAX]: values above INT64_MAX are stored as unsigned, everything else signed,
/// so 5 built either way compares equal. Dates are UTC with millisecond precision.
class Value {
public:
    Value() = default;
    Value(bool b) : m_data(b) { }
    template <std::integral T>
    requires(!std::same_as<T, bool>) Value(T v) : m_data(integerFrom(v)) { }
    Value(double d) : m_data(d) { }
    Value(const QString& s) : m_data(s) { }
    Value(QString&& s) : m_data(std::move(s)) { }
    Value(const QByteArray& data) : m_data(data) { }
    Value(const QDateTime& dt) : m_data(dt.toUTC()) { }
    Value(Uid uid) : m_data(uid) { }
    Value(Array array) : m_data(std::move(array)) { }
    Value(Dict dict) : m_data(std::move(dict)) { }
    // A string literal would otherwise silently become a bool.
    Value(const char*) = delete;

    static Value fromUnsigned(quint64 v);

    Type type() const { return Type(m_data.index()); }
    bool isValid() const { return type() != Type::Invalid; }
    bool isBool() const { return type() == Type::Boolean; }
    bool isInteger() const { return type() == Type::Integer; }
    bool isReal() const { return type() == Type::Real; }
    bool isString() const { return type() == Type::String; }
    bool isData() const { return type() == Type::Data; }
    bool isDate() const { return type() == Type::Date; }
    bool isUid() const { return type() == Type::Uid; }
    bool isArray() const { return type() == Type::Array; }
    bool isDict() const { return type() == Type::Dict; }

    bool toBool(bool defaultValue = false) const;
    /// The integer if it is one and fits qint64 (not an unsigned above INT64_MAX).
    qint64 toInteger(qint64 defaultValue = 0) const;
    /// The integer if it is one and not negative.
    quint64 toUnsigned(quint64 defaultValue = 0) const;
    /// True for an integer above INT64_MAX (only reachable as unsigned).
    bool isLargeUnsigned() const;
    double toReal(double defaultValue = 0.0) const;
    /// The string; empty for any other type (data is never converted).
    QString toString() const;
    QByteArray toData() const;
    QDateTime toDateTime() const;
    Uid toUid() const;
    /// The array or dict; an empty one for any other type.
    const Array& toArray() const;
    const Dict& toDict() const;
    /// Mutable access for building; nullptr when the value is of another type.
    Array* asArray() { return std::get_if<Array>(&m_data); }
    Dict* asDict() { return std::get_if<Dict>(&m_data); }

    /// Dict lookup (Invalid when not a dict or absent) and array index (Invalid when out of range).
    const Value& value(const QString& key) const { return toDict().value(key); }
    const Value& at(qsizetype index) const { return toArray().at(index); }
    /// Element count of an array or dict, 0 otherwise.
    qsizetype size() const;

    /// A QVariant (QVariantMap loses key order, data stays QByteArray; Uid becomes quint64).
    QVariant toVariant() const;
    /// A compact, single-line, human-readable rendering for logs and test failures.
    QString debugDescription() const;

    /// Type and value equality; reals compare NaN equal to NaN so round trips can be asserted.
    friend bool operator==(const Value& a, const Value& b);

private:
    struct Integer {
        qint64 bits = 0;
        bool largeUnsigned = false; ///< bits hold a quint64 above INT64_MAX
        friend bool operator==(const Integer&, const Integer&) = default;
    };

    template <std::integral T> static Integer integerFrom(T v)
    {
        if constexpr (std::is_signed_v<T>)
            return Integer {qint64(v), false};
        else
            return Integer {qint64(v), quint64(v) > quint64(std::numeric_limits<qint64>::max())};
    }

    // Alternative order matches Type.
    std::variant<std::monostate, bool, Integer, double, QString, QByteArray, QDateTime, Uid, Array, Dict> m_data;
};

/// A dictionary entry: key and value, in the order they were inserted.
struct DictEntry {
    QString key;
    Value value;
    friend bool operator==(const DictEntry&, const DictEntry&) = default;
};

inline std::vector<DictEntry>::const_iterator Dict::begin() const
{
    return m_items.begin();
}

inline std::vector<DictEntry>::const_iterator Dict::end() const
{
    return m_items.end();
}

/// The type's name, e.g. "Dict".
QString typeName(Type type);

QDebug operator<<(QDebug debug, const Value& value);

} // namespace quince::plist

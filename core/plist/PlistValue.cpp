// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/PlistValue.h"

#include <QDebug>
#include <QVariantList>
#include <QVariantMap>

#include <cmath>

namespace quince::plist {

namespace {

const Value& invalidValue()
{
    static const Value invalid;
    return invalid;
}

} // namespace

// --- Array ---------------------------------------------------------------------------------------

Array::Array(std::initializer_list<Value> values) : m_items(values)
{
}

qsizetype Array::size() const
{
    return qsizetype(m_items.size());
}

bool Array::isEmpty() const
{
    return m_items.empty();
}

const Value& Array::at(qsizetype index) const
{
    if (index < 0 || index >= size())
        return invalidValue();
    return m_items[size_t(index)];
}

Value& Array::operator[](qsizetype index)
{
    Q_ASSERT(index >= 0 && index < size());
    return m_items[size_t(index)];
}

Array& Array::append(Value value)
{
    m_items.push_back(std::move(value));
    return *this;
}

void Array::reserve(qsizetype n)
{
    m_items.reserve(size_t(qMax(qsizetype(0), n)));
}

std::vector<Value>::const_iterator Array::begin() const
{
    return m_items.begin();
}

std::vector<Value>::const_iterator Array::end() const
{
    return m_items.end();
}

bool operator==(const Array& a, const Array& b)
{
    return a.m_items == b.m_items;
}

// --- Dict ----------------------------------------------------------------------------------------

Dict::Dict(std::initializer_list<DictEntry> entries)
{
    for (const DictEntry& entry : entries)
        insert(entry.key, entry.value);
}

qsizetype Dict::size() const
{
    return qsizetype(m_items.size());
}

bool Dict::isEmpty() const
{
    return m_items.empty();
}

const Value& Dict::value(const QString& key) const
{
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return invalidValue();
    return m_items[size_t(*it)].value;
}

Value* Dict::find(const QString& key)
{
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return nullptr;
    return &m_items[size_t(*it)].value;
}

Dict& Dict::insert(const QString& key, Value value)
{
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return *this;
    }
    m_index.insert(key, size());
    m_items.push_back(DictEntry {key, std::move(value)});
    return *this;
}

bool Dict::remove(const QString& key)
{
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return false;
    m_items.erase(m_items.begin() + *it);
    reindex();
    return true;
}

QStringList Dict::keys() const
{
    QStringList result;
    result.reserve(size());
    for (const DictEntry& entry : m_items)
        result.append(entry.key);
    return result;
}

const DictEntry& Dict::entryAt(qsizetype index) const
{
    Q_ASSERT(index >= 0 && index < size());
    return m_items[size_t(index)];
}

void Dict::reindex()
{
    m_index.clear();
    m_index.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        m_index.insert(m_items[size_t(i)].key, i);
}

bool operator==(const Dict& a, const Dict& b)
{
    // The index is derived from m_items, so comparing the entries is enough.
    return a.m_items == b.m_items;
}

// --- Value ---------------------------------------------------------------------------------------

Value Value::fromUnsigned(quint64 v)
{
    return Value(v);
}

bool Value::toBool(bool defaultValue) const
{
    const bool* b = std::get_if<bool>(&m_data);
    return b ? *b : defaultValue;
}

qint64 Value::toInteger(qint64 defaultValue) const
{
    const Integer* i = std::get_if<Integer>(&m_data);
    return (i && !i->largeUnsigned) ? i->bits : defaultValue;
}

quint64 Value::toUnsigned(quint64 defaultValue) const
{
    const Integer* i = std::get_if<Integer>(&m_data);
    if (!i || (!i->largeUnsigned && i->bits < 0))
        return defaultValue;
    return quint64(i->bits);
}

bool Value::isLargeUnsigned() const
{
    const Integer* i = std::get_if<Integer>(&m_data);
    return i && i->largeUnsigned;
}

double Value::toReal(double defaultValue) const
{
    const double* d = std::get_if<double>(&m_data);
    return d ? *d : defaultValue;
}

QString Value::toString() const
{
    const QString* s = std::get_if<QString>(&m_data);
    return s ? *s : QString();
}

QByteArray Value::toData() const
{
    const QByteArray* d = std::get_if<QByteArray>(&m_data);
    return d ? *d : QByteArray();
}

QDateTime Value::toDateTime() const
{
    const QDateTime* d = std::get_if<QDateTime>(&m_data);
    return d ? *d : QDateTime();
}

Uid Value::toUid() const
{
    const Uid* u = std::get_if<Uid>(&m_data);
    return u ? *u : Uid {};
}

const Array& Value::toArray() const
{
    static const Array empty;
    const Array* a = std::get_if<Array>(&m_data);
    return a ? *a : empty;
}

const Dict& Value::toDict() const
{
    static const Dict empty;
    const Dict* d = std::get_if<Dict>(&m_data);
    return d ? *d : empty;
}

qsizetype Value::size() const
{
    if (const Array* a = std::get_if<Array>(&m_data))
        return a->size();
    if (const Dict* d = std::get_if<Dict>(&m_data))
        return d->size();
    return 0;
}

QVariant Value::toVariant() const
{
    switch (type()) {
    case Type::Invalid:
        return {};
    case Type::Boolean:
        return toBool();
    case Type::Integer:
        return isLargeUnsigned() ? QVariant(toUnsigned()) : QVariant(toInteger());
    case Type::Real:
        return toReal();
    case Type::String:
        return toString();
    case Type::Data:
        return toData();
    case Type::Date:
        return toDateTime();
    case Type::Uid:
        return toUid().value;
    case Type::Array: {
        QVariantList list;
        list.reserve(size());
        for (const Value& v : toArray())
            list.append(v.toVariant());
        return list;
    }
    case Type::Dict: {
        QVariantMap map;
        for (const DictEntry& e : toDict())
            map.insert(e.key, e.value.toVariant());
        return map;
    }
    }
    return {};
}

namespace {

QString quoted(const QString& s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out + u'"';
}

void describe(const Value& v, QString& out)
{
    switch (v.type()) {
    case Type::Invalid:
        out += QStringLiteral("<invalid>");
        return;
    case Type::Boolean:
        out += v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return;
    case Type::Integer:
        out += v.isLargeUnsigned() ? QString::number(v.toUnsigned()) : QString::number(v.toInteger());
        return;
    case Type::Real:
        out += QString::number(v.toReal(), 'g', 17) + QStringLiteral("r");
        return;
    case Type::String:
        out += quoted(v.toString());
        return;
    case Type::Data: {
        // Long blobs (tokens, certificates) are elided: the length matters more than the bytes.
        const QByteArray data = v.toData();
        out += QStringLiteral("<") + QString::fromLatin1(data.left(32).toHex(' '))
            + (data.size() > 32 ? QStringLiteral(" … %1 bytes>").arg(data.size()) : QStringLiteral(">"));
        return;
    }
    case Type::Date:
        out += QStringLiteral("@") + v.toDateTime().toString(Qt::ISODateWithMs);
        return;
    case Type::Uid:
        out += QStringLiteral("UID(%1)").arg(v.toUid().value);
        return;
    case Type::Array: {
        out += u'[';
        bool first = true;
        for (const Value& child : v.toArray()) {
            if (!first)
                out += QStringLiteral(", ");
            first = false;
            describe(child, out);
        }
        out += u']';
        return;
    }
    case Type::Dict: {
        out += u'{';
        bool first = true;
        for (const DictEntry& e : v.toDict()) {
            if (!first)
                out += QStringLiteral(", ");
            first = false;
            out += quoted(e.key) + QStringLiteral(": ");
            describe(e.value, out);
        }
        out += u'}';
        return;
    }
    }
}

} // namespace

QString Value::debugDescription() const
{
    QString out;
    describe(*this, out);
    return out;
}

bool operator==(const Value& a, const Value& b)
{
    if (a.isReal() && b.isReal()) {
        const double x = a.toReal();
        const double y = b.toReal();
        return x == y || (std::isnan(x) && std::isnan(y));
    }
    return a.m_data == b.m_data;
}

QString typeName(Type type)
{
    switch (type) {
    case Type::Invalid:
        return QStringLiteral("Invalid");
    case Type::Boolean:
        return QStringLiteral("Boolean");
    case Type::Integer:
        return QStringLiteral("Integer");
    case Type::Real:
        return QStringLiteral("Real");
    case Type::String:
        return QStringLiteral("String");
    case Type::Data:
        return QStringLiteral("Data");
    case Type::Date:
        return QStringLiteral("Date");
    case Type::Uid:
        return QStringLiteral("Uid");
    case Type::Array:
        return QStringLiteral("Array");
    case Type::Dict:
        return QStringLiteral("Dict");
    }
    return QStringLiteral("Unknown");
}

QDebug operator<<(QDebug debug, const Value& value)
{
    QDebugStateSaver saver(debug);
    debug.noquote().nospace() << "plist::Value(" << value.debugDescription() << ')';
    return debug;
}

} // namespace quince::plist

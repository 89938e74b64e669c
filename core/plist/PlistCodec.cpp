// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/PlistCodec.h"

#include "core/plist/BinaryPlistScanner.h"
#include "core/plist/PlistText.h"
#include "core/plist/XmlPlistScanner.h"

#include <QTimeZone>

#include <plist/plist.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace quince::plist {

namespace {

using detail::kAppleEpochOffsetSecs;

struct NodeDeleter {
    void operator()(plist_t node) const { plist_free(node); }
};
// Owns a libplist node (and its children) until it is handed to a parent or converted.
using Node = std::unique_ptr<void, NodeDeleter>;

constexpr qint64 kMSecsPerSec = 1000;

PlistError libraryFailure(const QString& what)
{
    return PlistError {PlistErrorKind::LibraryFailure, what, -1};
}

PlistError notRepresentable(const QString& what)
{
    return PlistError {PlistErrorKind::NotRepresentable, what, -1};
}

// A node libplist 2.2.0's public API cannot build directly (an integer above INT64_MAX, which must
// be flagged as a 16-byte integer; a date outside the int32 seconds plist_new_date takes) is
// obtained by letting libplist parse a one-value XML document we wrote ourselves.
Node parseSnippet(const QByteArray& element)
{
    const QByteArray xml = QByteArrayLiteral("<plist version=\"1.0\">") + element + QByteArrayLiteral("</plist>");
    plist_t node = nullptr;
    plist_from_xml(xml.constData(), uint32_t(xml.size()), &node);
    return Node(node);
}

// --- libplist → Value ----------------------------------------------------------------------------

Result<Value, PlistError> dateFromNode(plist_t node)
{
    // plist_get_date_val() is unusable in 2.2.0: it squeezes the stored 64-bit seconds into int32
    // (INT32_MIN for anything outside 1901-2038) and loses the sign of the fraction before 2001
    // (-0.5 s comes back as +0.5 s). The node itself holds the right value, and the binary writer
    // emits it as the float64 seconds the format defines, so read it from there.
    char* bin = nullptr;
    uint32_t length = 0;
    plist_to_bin(node, &bin, &length);
    const QByteArray bytes(bin, bin ? qsizetype(length) : 0);
    plist_to_bin_free(bin);
    // "bplist00", the 0x33 date marker, 8 bytes of big-endian float64.
    if (bytes.size() < 17 || quint8(bytes[8]) != 0x33)
        return libraryFailure(QStringLiteral("libplist did not write a date node as a date"));
    quint64 bits = 0;
    for (int i = 9; i < 17; ++i)
        bits = (bits << 8) | quint8(bytes[i]);
    double secs = 0;
    std::memcpy(&secs, &bits, sizeof secs);
    if (!std::isfinite(secs) || secs < double(detail::minDateSecsSince2001())
        || secs >= double(detail::maxDateSecsSince2001() + 1))
        return libraryFailure(QStringLiteral("libplist produced date %1 s from 2001").arg(secs));
    // Doubles carry 0.123 s as 0.12299999...; round to the millisecond QDateTime keeps.
    const qint64 msecs = std::llround(secs * double(kMSecsPerSec));
    return Value(QDateTime::fromMSecsSinceEpoch(msecs + kAppleEpochOffsetSecs * kMSecsPerSec, QTimeZone::utc()));
}

Result<Value, PlistError> fromNode(plist_t node)
{
    switch (plist_get_node_type(node)) {
    case PLIST_BOOLEAN: {
        uint8_t b = 0;
        plist_get_bool_val(node, &b);
        return Value(b != 0);
    }
    case PLIST_UINT: {
        uint64_t v = 0;
        plist_get_uint_val(node, &v);
        if (v <= uint64_t(std::numeric_limits<qint64>::max()))
            return Value(qint64(v));
        // libplist stores every integer as uint64 plus a hidden width: 8 bytes for signed (so
        // -1 is 0xFFFF...), 16 for unsigned above INT64_MAX. The width is not exposed, but
        // plist_compare_node_value() compares it, and plist_new_uint() always makes width 8.
        const Node probe(plist_new_uint(v));
        if (plist_compare_node_value(node, probe.get()))
            return Value(qint64(v));
        return Value::fromUnsigned(v);
    }
    case PLIST_REAL: {
        double d = 0;
        plist_get_real_val(node, &d);
        return Value(d);
    }
    case PLIST_STRING: {
        uint64_t length = 0;
        const char* text = plist_get_string_ptr(node, &length);
        const QByteArrayView bytes(text, text ? qsizetype(length) : 0);
        // Our scans only admit valid text; this guards libplist's own UTF-16 conversion.
        if (detail::invalidUtf8Offset(bytes) >= 0)
            return libraryFailure(QStringLiteral("libplist produced a string that is not valid UTF-8"));
        return Value(QString::fromUtf8(bytes));
    }
    case PLIST_DATA: {
        uint64_t length = 0;
        const char* data = plist_get_data_ptr(node, &length);
        return Value(QByteArray(data, data ? qsizetype(length) : 0));
    }
    case PLIST_DATE:
        return dateFromNode(node);
    case PLIST_UID: {
        uint64_t v = 0;
        plist_get_uid_val(node, &v);
        return Value(Uid {v});
    }
    case PLIST_ARRAY: {
        Array array;
        const uint32_t size = plist_array_get_size(node);
        array.reserve(size);
        for (uint32_t i = 0; i < size; ++i) {
            auto child = fromNode(plist_array_get_item(node, i));
            if (!child)
                return child.error();
            array.append(std::move(*child));
        }
        return Value(std::move(array));
    }
    case PLIST_DICT: {
        Dict dict;
        plist_dict_iter it = nullptr;
        plist_dict_new_iter(node, &it);
        const std::unique_ptr<void, decltype(&std::free)> iterOwner(it, &std::free);
        for (;;) {
            char* key = nullptr;
            plist_t child = nullptr;
            plist_dict_next_item(node, it, &key, &child);
            const std::unique_ptr<char, decltype(&std::free)> keyOwner(key, &std::free);
            if (!child)
                break;
            const QByteArrayView keyBytes(key ? key : "");
            if (detail::invalidUtf8Offset(keyBytes) >= 0)
                return libraryFailure(QStringLiteral("libplist produced a key that is not valid UTF-8"));
            auto value = fromNode(child);
            if (!value)
                return value.error();
            dict.insert(QString::fromUtf8(keyBytes), std::move(*value));
        }
        return Value(std::move(dict));
    }
    default:
        return PlistError {
            PlistErrorKind::UnsupportedType, QStringLiteral("libplist returned an unexpected node type"), -1};
    }
}

// --- Value → libplist ----------------------------------------------------------------------------

Result<void, PlistError> checkText(const QString& text, Format format, const char* what)
{
    if (detail::hasLoneSurrogate(text))
        return notRepresentable(
            QStringLiteral("%1 has a lone surrogate, which UTF-8 cannot carry").arg(QLatin1String(what)));
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0)
            return notRepresentable(
                QStringLiteral("%1 contains NUL, which libplist cannot carry").arg(QLatin1String(what)));
        // XML 1.0 has no way to write these, not even as character references.
        if (format == Format::Xml
            && ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0xFFFE || u == 0xFFFF)) {
            return notRepresentable(QStringLiteral("%1 contains U+%2, which XML cannot carry")
                                        .arg(QLatin1String(what))
                                        .arg(uint(u), 4, 16, QLatin1Char('0')));
        }
    }
    return {};
}

Result<Node, PlistError> dateNode(const QDateTime& dt, Format format)
{
    if (!dt.isValid())
        return notRepresentable(QStringLiteral("invalid date"));
    qint64 msecs = dt.toMSecsSinceEpoch() - kAppleEpochOffsetSecs * kMSecsPerSec;
    if (format == Format::Xml) {
        // XML plist dates have one-second resolution (Apple's writer truncates too): floor so the
        // second stays the same one.
        msecs = (msecs >= 0 ? msecs / kMSecsPerSec : -((-msecs + kMSecsPerSec - 1) / kMSecsPerSec)) * kMSecsPerSec;
    }
    const double secs = double(msecs) / double(kMSecsPerSec);
    if (secs < double(detail::minDateSecsSince2001()) || secs >= double(detail::maxDateSecsSince2001() + 1))
        return notRepresentable(QStringLiteral("date %1 is outside years 1000-9999").arg(dt.toString(Qt::ISODate)));
    // plist_new_date() takes int32 seconds (1901-2038 only), so the node comes from a one-object
    // bplist holding the float64 directly: exact for every date and fraction.
    quint64 bits = 0;
    std::memcpy(&bits, &secs, sizeof bits);
    QByteArray doc = QByteArrayLiteral("bplist00\x33");
    for (int shift = 56; shift >= 0; shift -= 8)
        doc.append(char((bits >> shift) & 0xFF));
    doc.append(char(8)); // offset table: the object is at 8
    doc.append(QByteArray(6, '\0'));
    doc.append(char(1)); // offset size
    doc.append(char(1)); // reference size
    doc.append(QByteArray(7, '\0')).append(char(1)); // one object
    doc.append(QByteArray(8, '\0')); // top object 0
    doc.append(QByteArray(7, '\0')).append(char(17)); // offset table at 17
    plist_t node = nullptr;
    plist_from_bin(doc.constData(), uint32_t(doc.size()), &node);
    if (!node)
        return libraryFailure(QStringLiteral("libplist could not build date %1").arg(dt.toString(Qt::ISODateWithMs)));
    return Node(node);
}

Result<Node, PlistError> toNode(const Value& value, Format format, int depth)
{
    if (depth > Limits::kHardMaxDepth) {
        return PlistError {PlistErrorKind::TooDeep,
            QStringLiteral("nesting deeper than %1 cannot be encoded").arg(Limits::kHardMaxDepth), -1};
    }
    switch (value.type()) {
    case Type::Invalid:
        return notRepresentable(QStringLiteral("an Invalid value has no plist form"));
    case Type::Boolean:
        return Node(plist_new_bool(value.toBool() ? 1 : 0));
    case Type::Integer: {
        if (!value.isLargeUnsigned())
            return Node(plist_new_uint(uint64_t(value.toInteger())));
        Node node = parseSnippet(
            QByteArrayLiteral("<integer>") + QByteArray::number(value.toUnsigned()) + QByteArrayLiteral("</integer>"));
        if (!node)
            return libraryFailure(QStringLiteral("libplist could not build integer %1").arg(value.toUnsigned()));
        return node;
    }
    case Type::Real:
        return Node(plist_new_real(value.toReal()));
    case Type::String: {
        const QString text = value.toString();
        if (auto ok = checkText(text, format, "string"); !ok)
            return ok.error();
        return Node(plist_new_string(text.toUtf8().constData()));
    }
    case Type::Data: {
        const QByteArray data = value.toData();
        return Node(plist_new_data(data.constData(), uint64_t(data.size())));
    }
    case Type::Date:
        return dateNode(value.toDateTime(), format);
    case Type::Uid:
        if (format == Format::Xml)
            return notRepresentable(QStringLiteral("UIDs exist only in binary plists"));
        // libplist 2.2.0 writes UIDs in at most 4 bytes, silently dropping the rest.
        if (value.toUid().value > std::numeric_limits<quint32>::max())
            return notRepresentable(QStringLiteral("UID %1 is wider than 32 bits").arg(value.toUid().value));
        return Node(plist_new_uid(value.toUid().value));
    case Type::Array: {
        Node array(plist_new_array());
        for (const Value& element : value.toArray()) {
            auto child = toNode(element, format, depth + 1);
            if (!child)
                return child.error();
            plist_array_append_item(array.get(), child->release());
        }
        return array;
    }
    case Type::Dict: {
        Node dict(plist_new_dict());
        for (const DictEntry& entry : value.toDict()) {
            if (auto ok = checkText(entry.key, format, "key"); !ok)
                return ok.error();
            auto child = toNode(entry.value, format, depth + 1);
            if (!child)
                return child.error();
            plist_dict_set_item(dict.get(), entry.key.toUtf8().constData(), child->release());
        }
        return dict;
    }
    }
    return notRepresentable(QStringLiteral("unknown value type"));
}

bool isXmlSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

Format detectFormat(const QByteArray& bytes)
{
    return bytes.startsWith("bplist") ? Format::Binary : Format::Xml;
}

Result<Value, PlistError> decode(const QByteArray& bytes, const Limits& requested)
{
    const Limits limits = requested.effective();
    if (bytes.isEmpty())
        return PlistError {PlistErrorKind::Empty, QStringLiteral("empty input"), 0};
    if (bytes.size() > limits.maxSize) {
        return PlistError {PlistErrorKind::TooLarge,
            QStringLiteral("input of %1 bytes exceeds the limit of %2").arg(bytes.size()).arg(limits.maxSize), 0};
    }

    plist_t root = nullptr;
    if (detectFormat(bytes) == Format::Binary) {
        if (!bytes.startsWith("bplist00")) {
            return PlistError {PlistErrorKind::UnsupportedType,
                QStringLiteral("binary plist version \"%1\" is not supported (bplist00 is)")
                    .arg(QString::fromLatin1(bytes.mid(6, 2).toHex())),
                6};
        }
        if (auto ok = detail::BinaryPlistScanner(bytes, limits).scan(); !ok)
            return ok.error();
        plist_from_bin(bytes.constData(), uint32_t(bytes.size()), &root);
    } else {
        QByteArrayView text(bytes);
        // libplist 2.2.0 rejects a byte-order mark, which XML allows.
        if (text.startsWith("\xEF\xBB\xBF"))
            text = text.sliced(3);
        qsizetype first = 0;
        while (first < text.size() && isXmlSpace(text[first]))
            ++first;
        if (first == text.size())
            return PlistError {PlistErrorKind::Empty, QStringLiteral("input is only whitespace"), 0};
        if (text[first] != '<') {
            return PlistError {PlistErrorKind::Malformed,
                QStringLiteral("neither a binary plist (bplist00) nor XML: starts with byte 0x%1")
                    .arg(quint8(text[first]), 2, 16, QLatin1Char('0')),
                first};
        }
        if (auto ok = detail::XmlPlistScanner(bytes, limits).scan(); !ok)
            return ok.error();
        plist_from_xml(text.data(), uint32_t(text.size()), &root);
    }
    if (!root)
        return libraryFailure(QStringLiteral("libplist rejected input that passed validation"));
    const Node owner(root);
    return fromNode(root);
}

Result<QByteArray, PlistError> encode(const Value& value, Format format)
{
    auto root = toNode(value, format, 1);
    if (!root)
        return root.error();
    char* out = nullptr;
    uint32_t length = 0;
    if (format == Format::Xml)
        plist_to_xml(root->get(), &out, &length);
    else
        plist_to_bin(root->get(), &out, &length);
    if (!out)
        return libraryFailure(QStringLiteral("libplist produced no output"));
    QByteArray result(out, qsizetype(length));
    if (format == Format::Xml)
        plist_to_xml_free(out);
    else
        plist_to_bin_free(out);
    return result;
}

Result<QByteArray, PlistError> encodeXml(const Value& value)
{
    return encode(value, Format::Xml);
}

Result<QByteArray, PlistError> encodeBinary(const Value& value)
{
    return encode(value, Format::Binary);
}

} // namespace quince::plist

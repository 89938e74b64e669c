// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/BinaryPlistScanner.h"

#include "core/plist/PlistText.h"

#include <cmath>
#include <cstring>

namespace quince::plist::detail {

namespace {

constexpr quint64 kHeaderSize = 8;
constexpr quint64 kTrailerSize = 32;

enum State : quint8 { Unseen = 0, ScalarChecked = 1, OnPath = 2, Done = 3 };

QString hex(quint64 v)
{
    return QStringLiteral("0x") + QString::number(v, 16);
}

bool isPowerOfTwoSize(int size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

// libplist itself writes 3-byte offsets for files between 64 KiB and 16 MiB, so any width from
// 1 to 8 is legitimate for offsets and references.
bool isIntegerWidth(int size)
{
    return size >= 1 && size <= 8;
}

} // namespace

BinaryPlistScanner::BinaryPlistScanner(QByteArrayView bytes, const Limits& limits)
    : m_bytes(bytes), m_limits(limits.effective())
{
}

quint64 BinaryPlistScanner::readUInt(quint64 pos, int size) const
{
    // Callers have bounds-checked [pos, pos + size).
    quint64 v = 0;
    for (int i = 0; i < size; ++i)
        v = (v << 8) | quint8(m_bytes[qsizetype(pos) + i]);
    return v;
}

PlistError BinaryPlistScanner::error(PlistErrorKind kind, const QString& message, quint64 object) const
{
    if (object < m_offsets.size()) {
        return PlistError {kind,
            message + QStringLiteral(" (object #%1 at offset %2)").arg(object).arg(hex(m_offsets[object])),
            qint64(m_offsets[object])};
    }
    return PlistError {kind, message, -1};
}

Result<void, PlistError> BinaryPlistScanner::readTrailer()
{
    const quint64 size = quint64(m_bytes.size());
    if (size < kHeaderSize + 1 + kTrailerSize) {
        return PlistError {PlistErrorKind::Malformed,
            QStringLiteral("binary plist of %1 bytes is too short for header, one object and trailer").arg(size), 0};
    }
    const quint64 trailer = size - kTrailerSize;
    m_offsetSize = quint8(m_bytes[qsizetype(trailer) + 6]);
    m_refSize = quint8(m_bytes[qsizetype(trailer) + 7]);
    m_numObjects = readUInt(trailer + 8, 8);
    m_topObject = readUInt(trailer + 16, 8);
    m_tableOffset = readUInt(trailer + 24, 8);

    const auto trailerError = [&](PlistErrorKind kind, const QString& what) {
        return PlistError {kind, QStringLiteral("binary plist trailer: ") + what, qint64(trailer)};
    };
    if (!isIntegerWidth(m_offsetSize))
        return trailerError(
            PlistErrorKind::Malformed, QStringLiteral("offset size %1 is not 1 to 8").arg(m_offsetSize));
    if (!isIntegerWidth(m_refSize))
        return trailerError(
            PlistErrorKind::Malformed, QStringLiteral("reference size %1 is not 1 to 8").arg(m_refSize));
    if (m_numObjects == 0)
        return trailerError(PlistErrorKind::Malformed, QStringLiteral("declares no objects"));
    if (m_topObject >= m_numObjects) {
        return trailerError(PlistErrorKind::Malformed,
            QStringLiteral("top object #%1 does not exist (%2 objects)").arg(m_topObject).arg(m_numObjects));
    }
    if (m_tableOffset < kHeaderSize + 1 || m_tableOffset > trailer) {
        return trailerError(PlistErrorKind::Malformed,
            QStringLiteral("offset table at %1 is outside the file").arg(hex(m_tableOffset)));
    }
    if (m_numObjects > (trailer - m_tableOffset) / quint64(m_offsetSize)) {
        return trailerError(PlistErrorKind::Malformed,
            QStringLiteral("offset table of %1 entries of %2 bytes does not fit between %3 and the trailer")
                .arg(m_numObjects)
                .arg(m_offsetSize)
                .arg(hex(m_tableOffset)));
    }
    // Only now that the table is known to fit (so the count is not trailer garbage) is the count
    // a limit question rather than a malformed file.
    if (m_numObjects > quint64(m_limits.maxObjects)) {
        return trailerError(PlistErrorKind::TooManyObjects,
            QStringLiteral("declares %1 objects, the limit is %2").arg(m_numObjects).arg(m_limits.maxObjects));
    }
    m_offsets.resize(m_numObjects);
    for (quint64 i = 0; i < m_numObjects; ++i) {
        const quint64 offset = readUInt(m_tableOffset + i * quint64(m_offsetSize), m_offsetSize);
        // Objects live between the header and the offset table; anything else would make libplist
        // read the header, the table or the trailer as an object, or past the end.
        if (offset < kHeaderSize || offset >= m_tableOffset) {
            return PlistError {PlistErrorKind::Malformed,
                QStringLiteral("offset of object #%1 is %2, outside the object area [0x8, %3)")
                    .arg(i)
                    .arg(hex(offset))
                    .arg(hex(m_tableOffset)),
                qint64(m_tableOffset + i * quint64(m_offsetSize))};
        }
        m_offsets[i] = offset;
    }
    return {};
}

Result<quint64, PlistError> BinaryPlistScanner::readLength(quint64 object, quint64 pos, quint8 nibble, quint64& payload)
{
    if (nibble != 0xF) {
        payload = pos + 1;
        return quint64(nibble);
    }
    // A nibble of 15 means the length follows as an integer object of 1, 2, 4 or 8 bytes.
    if (pos + 2 > m_tableOffset)
        return error(PlistErrorKind::Malformed, QStringLiteral("length marker runs into the offset table"), object);
    const quint8 intMarker = quint8(m_bytes[qsizetype(pos + 1)]);
    if ((intMarker & 0xF0) != 0x10 || (intMarker & 0x0F) > 3) {
        return error(PlistErrorKind::Malformed,
            QStringLiteral("length is not a 1-8 byte integer (marker %1)").arg(hex(intMarker)), object);
    }
    const int size = 1 << (intMarker & 0x0F);
    if (pos + 2 + quint64(size) > m_tableOffset)
        return error(PlistErrorKind::Malformed, QStringLiteral("length integer runs into the offset table"), object);
    payload = pos + 2 + quint64(size);
    return readUInt(pos + 2, size);
}

Result<void, PlistError> BinaryPlistScanner::checkString(quint64 object, quint8 marker, quint64 payload, quint64 length)
{
    if (marker == 0x5) {
        for (quint64 i = 0; i < length; ++i) {
            const quint8 c = quint8(m_bytes[qsizetype(payload + i)]);
            if (c == 0) {
                return error(PlistErrorKind::InvalidValue,
                    QStringLiteral("ASCII string contains NUL at byte %1; libplist cannot carry it").arg(i), object);
            }
            if (c >= 0x80) {
                return error(PlistErrorKind::InvalidUtf8,
                    QStringLiteral("ASCII string has non-ASCII byte %1 at byte %2").arg(hex(c)).arg(i), object);
            }
        }
        return {};
    }
    // UTF-16BE: surrogates must pair up, or libplist's converter reads or writes garbage.
    quint64 utf8Bytes = 0;
    for (quint64 i = 0; i < length; ++i) {
        const char16_t unit = char16_t(readUInt(payload + 2 * i, 2));
        if (unit == 0) {
            return error(PlistErrorKind::InvalidValue,
                QStringLiteral("UTF-16 string contains NUL at unit %1; libplist cannot carry it").arg(i), object);
        }
        if (QChar::isHighSurrogate(unit)) {
            if (i + 1 >= length || !QChar::isLowSurrogate(char16_t(readUInt(payload + 2 * (i + 1), 2)))) {
                return error(PlistErrorKind::InvalidUtf8,
                    QStringLiteral("UTF-16 string has a lone high surrogate at unit %1").arg(i), object);
            }
            utf8Bytes += 4;
            ++i;
        } else if (QChar::isLowSurrogate(unit)) {
            return error(PlistErrorKind::InvalidUtf8,
                QStringLiteral("UTF-16 string has a lone low surrogate at unit %1").arg(i), object);
        } else {
            utf8Bytes += unit < 0x80 ? 1 : (unit < 0x800 ? 2 : 3);
        }
    }
    if (utf8Bytes > quint64(m_limits.maxStringLength)) {
        return error(PlistErrorKind::StringTooLong,
            QStringLiteral("string of %1 UTF-8 bytes exceeds the limit of %2")
                .arg(utf8Bytes)
                .arg(m_limits.maxStringLength),
            object);
    }
    return {};
}

Result<BinaryPlistScanner::Object, PlistError> BinaryPlistScanner::inspect(quint64 object)
{
    const quint64 pos = offsetOf(object);
    const quint64 end = m_tableOffset;
    const quint8 marker = quint8(m_bytes[qsizetype(pos)]);
    const quint8 type = marker >> 4;
    const quint8 nibble = marker & 0x0F;
    const quint64 available = end - pos - 1; // bytes after the marker, inside the object area
    const auto needFixed = [&](quint64 size) -> Result<void, PlistError> {
        if (size > available) {
            return error(
                PlistErrorKind::Malformed, QStringLiteral("%1-byte value runs past the object area").arg(size), object);
        }
        return {};
    };

    Object info;
    switch (type) {
    case 0x0:
        if (nibble == 0x8 || nibble == 0x9)
            return info;
        return error(PlistErrorKind::UnsupportedType,
            QStringLiteral("marker %1 (null, fill or unknown singleton) is not supported").arg(hex(marker)), object);
    case 0x1: {
        if (nibble > 4)
            return error(PlistErrorKind::Malformed, QStringLiteral("integer of 2^%1 bytes").arg(nibble), object);
        const quint64 size = quint64(1) << nibble;
        if (auto ok = needFixed(size); !ok)
            return ok.error();
        // 16-byte integers are how unsigned values above INT64_MAX are written; the high half must
        // be zero, anything else is outside the range a plist integer can hold.
        if (size == 16 && readUInt(pos + 1, 8) != 0) {
            return error(
                PlistErrorKind::IntegerOutOfRange, QStringLiteral("128-bit integer does not fit in 64 bits"), object);
        }
        return info;
    }
    case 0x2: {
        if (nibble != 2 && nibble != 3)
            return error(PlistErrorKind::Malformed, QStringLiteral("real of 2^%1 bytes").arg(nibble), object);
        if (auto ok = needFixed(quint64(1) << nibble); !ok)
            return ok.error();
        return info;
    }
    case 0x3: {
        if (marker != 0x33)
            return error(PlistErrorKind::Malformed, QStringLiteral("date marker %1").arg(hex(marker)), object);
        if (auto ok = needFixed(8); !ok)
            return ok.error();
        const quint64 bits = readUInt(pos + 1, 8);
        double secs = 0;
        std::memcpy(&secs, &bits, sizeof secs);
        // libplist casts the double to time_t: NaN or a huge value would be undefined behaviour.
        if (!std::isfinite(secs) || secs < double(minDateSecsSince2001())
            || secs >= double(maxDateSecsSince2001() + 1)) {
            return error(PlistErrorKind::InvalidValue,
                QStringLiteral("date %1 s from 2001 is outside years 1000-9999").arg(secs), object);
        }
        return info;
    }
    case 0x4:
    case 0x5:
    case 0x6: {
        quint64 payload = 0;
        auto length = readLength(object, pos, nibble, payload);
        if (!length)
            return length.error();
        const quint64 unit = type == 0x6 ? 2 : 1;
        // Cheap, overflow-free limit check first: UTF-16 units give at least one UTF-8 byte each.
        if (*length > quint64(m_limits.maxStringLength)) {
            return error(PlistErrorKind::StringTooLong,
                QStringLiteral("%1 of length %2 exceeds the limit of %3")
                    .arg(type == 0x4 ? QStringLiteral("data") : QStringLiteral("string"))
                    .arg(*length)
                    .arg(m_limits.maxStringLength),
                object);
        }
        if (*length > (end - payload) / unit) {
            return error(
                PlistErrorKind::Malformed, QStringLiteral("length %1 runs past the object area").arg(*length), object);
        }
        if (type != 0x4) {
            info.isString = true;
            if (auto ok = checkString(object, type, payload, *length); !ok)
                return ok.error();
        }
        return info;
    }
    case 0x7:
        return error(PlistErrorKind::UnsupportedType, QStringLiteral("UTF-8 string objects are not bplist00"), object);
    case 0x8: {
        const int size = nibble + 1;
        if (!isPowerOfTwoSize(size))
            return error(PlistErrorKind::Malformed, QStringLiteral("UID of %1 bytes").arg(size), object);
        // libplist 2.2.0 refuses 8-byte UIDs (and writes at most 4): keyed archives never need more.
        if (size > 4)
            return error(PlistErrorKind::UnsupportedType, QStringLiteral("UID wider than 32 bits"), object);
        if (auto ok = needFixed(quint64(size)); !ok)
            return ok.error();
        return info;
    }
    case 0xA:
    case 0xD: {
        quint64 payload = 0;
        auto count = readLength(object, pos, nibble, payload);
        if (!count)
            return count.error();
        const quint64 refsPerEntry = type == 0xD ? 2 : 1;
        if (*count > (end - payload) / quint64(m_refSize) / refsPerEntry) {
            return error(PlistErrorKind::Malformed,
                QStringLiteral("%1 declares %2 entries, more than the file holds")
                    .arg(type == 0xD ? QStringLiteral("dict") : QStringLiteral("array"))
                    .arg(*count),
                object);
        }
        info.kind = type == 0xD ? Kind::Dict : Kind::Array;
        info.count = *count;
        info.refsOffset = payload;
        return info;
    }
    case 0xC:
        return error(PlistErrorKind::UnsupportedType, QStringLiteral("sets are not supported"), object);
    default:
        return error(PlistErrorKind::Malformed, QStringLiteral("unknown object marker %1").arg(hex(marker)), object);
    }
}

QString BinaryPlistScanner::keyText(quint64 object)
{
    // Only called for string objects that inspect() has validated.
    if (const auto it = m_keyCache.constFind(object); it != m_keyCache.constEnd())
        return *it;
    const quint64 pos = offsetOf(object);
    const quint8 marker = quint8(m_bytes[qsizetype(pos)]);
    quint64 payload = 0;
    const quint64 length = readLength(object, pos, marker & 0x0F, payload).value();
    QString text;
    if ((marker >> 4) == 0x5) {
        text = QString::fromLatin1(m_bytes.data() + payload, qsizetype(length));
    } else {
        text.resize(qsizetype(length));
        for (quint64 i = 0; i < length; ++i)
            text[qsizetype(i)] = QChar(char16_t(readUInt(payload + 2 * i, 2)));
    }
    m_keyCache.insert(object, text);
    return text;
}

Result<void, PlistError> BinaryPlistScanner::countExpanded(quint64 n, quint64 object)
{
    m_expanded += n;
    if (m_expanded > quint64(m_limits.maxObjects)) {
        return error(PlistErrorKind::TooManyObjects,
            QStringLiteral("the tree expands to more than %1 values").arg(m_limits.maxObjects), object);
    }
    return {};
}

Result<void, PlistError> BinaryPlistScanner::visit(std::vector<Frame>& stack, quint64 child, bool asKey)
{
    const quint64 parent = stack.empty() ? child : stack.back().object;
    if (child >= m_numObjects) {
        return error(PlistErrorKind::Malformed,
            QStringLiteral("reference to object #%1, but there are only %2").arg(child).arg(m_numObjects), parent);
    }
    const int depth = int(stack.size()) + 1;
    if (depth > m_limits.maxDepth) {
        return error(PlistErrorKind::TooDeep,
            QStringLiteral("nesting depth %1 exceeds the limit of %2").arg(depth).arg(m_limits.maxDepth), child);
    }

    quint64 count = 1;
    int height = 1;
    switch (m_state[child]) {
    case OnPath:
        return error(PlistErrorKind::CyclicReference,
            QStringLiteral("container #%1 contains itself (via #%2)").arg(child).arg(parent), child);
    case Done:
        // A shared container: account for everything it expands to, as libplist will copy it.
        count = m_subtreeCount[child];
        height = m_height[child];
        if (depth + height - 1 > m_limits.maxDepth) {
            return error(PlistErrorKind::TooDeep,
                QStringLiteral("nesting depth %1 exceeds the limit of %2")
                    .arg(depth + height - 1)
                    .arg(m_limits.maxDepth),
                child);
        }
        if (asKey)
            return error(PlistErrorKind::Malformed, QStringLiteral("dictionary key is a container"), parent);
        if (auto ok = countExpanded(count, child); !ok)
            return ok;
        break;
    case ScalarChecked:
        if (auto ok = countExpanded(1, child); !ok)
            return ok;
        break;
    default: {
        auto info = inspect(child);
        if (!info)
            return info.error();
        if (auto ok = countExpanded(1, child); !ok)
            return ok;
        if (info->kind != Kind::Scalar) {
            if (asKey)
                return error(PlistErrorKind::Malformed, QStringLiteral("dictionary key is a container"), parent);
            m_state[child] = OnPath;
            Frame frame;
            frame.object = child;
            frame.info = *info;
            stack.push_back(std::move(frame));
            return {}; // accounted to the parent when it is finished
        }
        m_state[child] = ScalarChecked;
        if (asKey && !info->isString)
            return error(PlistErrorKind::Malformed, QStringLiteral("dictionary key is not a string"), child);
        break;
    }
    }

    if (asKey) {
        // Keys are checked here: inspect() recorded isString only on first sight, so re-check.
        const quint8 type = quint8(m_bytes[qsizetype(offsetOf(child))]) >> 4;
        if (type != 0x5 && type != 0x6)
            return error(PlistErrorKind::Malformed, QStringLiteral("dictionary key is not a string"), child);
        const QString key = keyText(child);
        Frame& owner = stack.back();
        if (owner.keys.contains(key)) {
            return error(PlistErrorKind::DuplicateKey,
                QStringLiteral("key \"%1\" appears twice in dict #%2").arg(key.left(80)).arg(owner.object), child);
        }
        owner.keys.insert(key);
    }
    if (!stack.empty()) {
        Frame& owner = stack.back();
        owner.subtreeCount += count;
        owner.height = qMax(owner.height, height + 1);
    }
    return {};
}

Result<void, PlistError> BinaryPlistScanner::scan()
{
    if (auto ok = readTrailer(); !ok)
        return ok;
    m_state.assign(m_numObjects, Unseen);
    m_subtreeCount.assign(m_numObjects, 0);
    m_height.assign(m_numObjects, 0);

    std::vector<Frame> stack;
    stack.reserve(size_t(m_limits.maxDepth));
    if (auto ok = visit(stack, m_topObject, false); !ok)
        return ok;
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const quint64 total = frame.info.kind == Kind::Dict ? 2 * frame.info.count : frame.info.count;
        if (frame.next < total) {
            const quint64 index = frame.next++;
            const quint64 child = readUInt(frame.info.refsOffset + index * quint64(m_refSize), m_refSize);
            const bool asKey = frame.info.kind == Kind::Dict && index < frame.info.count;
            if (auto ok = visit(stack, child, asKey); !ok)
                return ok; // `frame` may dangle after visit() pushed; it is not used again
            continue;
        }
        const quint64 object = frame.object;
        m_state[object] = Done;
        m_subtreeCount[object] = frame.subtreeCount;
        m_height[object] = frame.height;
        const quint64 count = frame.subtreeCount;
        const int height = frame.height;
        stack.pop_back();
        if (!stack.empty()) {
            Frame& owner = stack.back();
            owner.subtreeCount += count;
            owner.height = qMax(owner.height, height + 1);
        }
    }
    return {};
}

} // namespace quince::plist::detail

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plist/XmlPlistScanner.h"

#include "core/plist/PlistText.h"

#include <QDate>
#include <QSet>
#include <QTime>
#include <QXmlStreamReader>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <vector>

namespace quince::plist::detail {

namespace {

enum class Element { Plist, Array, Dict, Key, String, Integer, Real, Date, Data, True, False };

struct Frame {
    Element element = Element::Plist;
    QString text; ///< collected for key, integer, real, date and data
    qint64 textLength = 0; ///< UTF-8 bytes, for strings and keys
    qint64 children = 0;
    bool expectKey = true; ///< dict: the next child must be a <key>
    QString lastKey; ///< dict: for duplicate detection and error paths
    QSet<QString> keys;
};

// Longer integer, real or date text is wrong whatever it says; stop collecting early.
constexpr qsizetype kMaxScalarText = 256;

std::optional<Element> elementFor(QStringView name)
{
    static const QHash<QString, Element> names {
        {QStringLiteral("plist"), Element::Plist},
        {QStringLiteral("array"), Element::Array},
        {QStringLiteral("dict"), Element::Dict},
        {QStringLiteral("key"), Element::Key},
        {QStringLiteral("string"), Element::String},
        {QStringLiteral("integer"), Element::Integer},
        {QStringLiteral("real"), Element::Real},
        {QStringLiteral("date"), Element::Date},
        {QStringLiteral("data"), Element::Data},
        {QStringLiteral("true"), Element::True},
        {QStringLiteral("false"), Element::False},
    };
    const auto it = names.constFind(name.toString());
    if (it == names.constEnd())
        return std::nullopt;
    return *it;
}

bool isContainer(Element e)
{
    return e == Element::Array || e == Element::Dict || e == Element::Plist;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

struct Problem {
    PlistErrorKind kind;
    QString message;
};

std::optional<Problem> checkInteger(QStringView raw)
{
    const QStringView text = raw.trimmed();
    if (text.isEmpty())
        return Problem {PlistErrorKind::InvalidValue, QStringLiteral("empty <integer>")};
    const auto invalid = [&] {
        return Problem {PlistErrorKind::InvalidValue, QStringLiteral("\"%1\" is not an integer").arg(text.left(40))};
    };
    const auto outOfRange = [&] {
        return Problem {PlistErrorKind::IntegerOutOfRange,
            QStringLiteral("integer %1 is outside [-2^63, 2^64-1]").arg(text.left(40))};
    };
    if (text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        const QStringView digits = text.mid(2);
        if (digits.isEmpty())
            return invalid();
        int significant = 0;
        for (const QChar c : digits) {
            const bool hex = isAsciiDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
            if (!hex)
                return invalid();
            if (significant > 0 || c != u'0')
                ++significant;
        }
        if (significant > 16)
            return outOfRange();
        return std::nullopt;
    }
    qsizetype i = 0;
    bool negative = false;
    if (text[0] == u'+' || text[0] == u'-') {
        negative = text[0] == u'-';
        i = 1;
    }
    const QStringView digits = text.mid(i);
    if (digits.isEmpty())
        return invalid();
    // libplist reads with base 0, so "010" would silently become 8.
    if (digits.size() > 1 && digits[0] == u'0') {
        return Problem {PlistErrorKind::InvalidValue,
            QStringLiteral("integer \"%1\" has a leading zero (would be read as octal)").arg(text.left(40))};
    }
    quint64 magnitude = 0;
    bool overflow = false;
    for (const QChar c : digits) {
        if (!isAsciiDigit(c))
            return invalid();
        const quint64 d = quint64(c.unicode() - u'0');
        if (magnitude > (std::numeric_limits<quint64>::max() - d) / 10)
            overflow = true;
        else
            magnitude = magnitude * 10 + d;
    }
    if (overflow || (negative && magnitude > quint64(1) << 63))
        return outOfRange();
    return std::nullopt;
}

std::optional<Problem> checkReal(QStringView raw)
{
    const QStringView text = raw.trimmed();
    const auto invalid = [&] {
        return Problem {PlistErrorKind::InvalidValue, QStringLiteral("\"%1\" is not a real").arg(text.left(40))};
    };
    if (text.isEmpty())
        return Problem {PlistErrorKind::InvalidValue, QStringLiteral("empty <real>")};
    QStringView body = text;
    if (body[0] == u'+' || body[0] == u'-')
        body = body.mid(1);
    for (const char* special : {"nan", "inf", "infinity"}) {
        if (body.compare(QLatin1String(special), Qt::CaseInsensitive) == 0)
            return std::nullopt;
    }
    // [digits][.digits][e[+-]digits], at least one mantissa digit; no hex floats.
    qsizetype i = 0;
    int mantissaDigits = 0;
    while (i < body.size() && isAsciiDigit(body[i])) {
        ++i;
        ++mantissaDigits;
    }
    if (i < body.size() && body[i] == u'.') {
        ++i;
        while (i < body.size() && isAsciiDigit(body[i])) {
            ++i;
            ++mantissaDigits;
        }
    }
    if (mantissaDigits == 0)
        return invalid();
    if (i < body.size() && (body[i] == u'e' || body[i] == u'E')) {
        ++i;
        if (i < body.size() && (body[i] == u'+' || body[i] == u'-'))
            ++i;
        int exponentDigits = 0;
        while (i < body.size() && isAsciiDigit(body[i])) {
            ++i;
            ++exponentDigits;
        }
        if (exponentDigits == 0)
            return invalid();
    }
    if (i != body.size())
        return invalid();
    const QByteArray latin1 = text.toLatin1();
    if (std::isinf(std::strtod(latin1.constData(), nullptr)))
        return Problem {PlistErrorKind::InvalidValue, QStringLiteral("real %1 overflows a double").arg(text.left(40))};
    return std::nullopt;
}

std::optional<Problem> checkDate(QStringView raw)
{
    // Apple's form, exactly: YYYY-MM-DDTHH:MM:SSZ. libplist 2.2.0 drops fractional seconds and
    // turns anything unparsable into 1970-01-01, so both are refused here.
    const QStringView text = raw.trimmed();
    const auto invalid = [&] {
        return Problem {PlistErrorKind::InvalidValue,
            QStringLiteral("date \"%1\" is not YYYY-MM-DDTHH:MM:SSZ (years 1000-9999)").arg(text.left(40))};
    };
    static constexpr char kPattern[] = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != qsizetype(sizeof kPattern - 1))
        return invalid();
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char p = kPattern[i];
        if (p == 'd' ? !isAsciiDigit(text[i]) : text[i] != QLatin1Char(p))
            return invalid();
    }
    const auto number = [&](qsizetype from, qsizetype length) { return text.mid(from, length).toInt(); };
    const QDate date(number(0, 4), number(5, 2), number(8, 2));
    const QTime time(number(11, 2), number(14, 2), number(17, 2));
    if (!date.isValid() || !time.isValid() || date.year() < 1000)
        return invalid();
    return std::nullopt;
}

bool isBase64Space(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

std::optional<Problem> checkBase64(QStringView text, qint64 maxLength)
{
    // libplist 2.2.0 skips invalid characters and drops an unpadded tail without a word.
    qint64 chars = 0;
    int padding = 0;
    for (const QChar c : text) {
        if (isBase64Space(c))
            continue;
        const bool alphabet
            = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || isAsciiDigit(c) || c == u'+' || c == u'/';
        if (c == u'=') {
            ++padding;
        } else if (!alphabet || padding > 0) {
            return Problem {PlistErrorKind::InvalidValue,
                QStringLiteral("invalid base64 character '%1' in <data>")
                    .arg(c == u'=' ? QStringLiteral("=") : QString(c))};
        }
        ++chars;
    }
    if (chars % 4 != 0 || padding > 2) {
        return Problem {PlistErrorKind::InvalidValue,
            QStringLiteral("base64 in <data> has %1 characters, not a padded multiple of 4").arg(chars)};
    }
    const qint64 decoded = chars / 4 * 3 - padding;
    if (decoded > maxLength) {
        return Problem {PlistErrorKind::StringTooLong,
            QStringLiteral("data of %1 bytes exceeds the limit of %2").arg(decoded).arg(maxLength)};
    }
    return std::nullopt;
}

QString elementPath(const std::vector<Frame>& stack)
{
    // The innermost steps locate the problem; a path 500 levels long would bury the message.
    constexpr size_t kShownSteps = 8;
    QString path;
    const size_t first = stack.size() > kShownSteps ? stack.size() - kShownSteps : 0;
    if (first > 0)
        path += QStringLiteral("…");
    for (size_t i = first; i < stack.size(); ++i) {
        const Frame& frame = stack[i];
        if (frame.element == Element::Dict && !frame.lastKey.isNull())
            path += QStringLiteral("/") + frame.lastKey.left(60);
        else if (frame.element == Element::Array && frame.children > 0)
            path += QStringLiteral("[%1]").arg(frame.children - 1);
    }
    return path.isEmpty() ? QStringLiteral("/") : path;
}

} // namespace

XmlPlistScanner::XmlPlistScanner(QByteArrayView bytes, const Limits& limits)
    : m_bytes(bytes), m_limits(limits.effective())
{
}

Result<void, PlistError> XmlPlistScanner::scan()
{
    if (const qint64 bad = invalidUtf8Offset(m_bytes); bad >= 0) {
        const qint64 line = QByteArrayView(m_bytes.data(), bad).count('\n') + 1;
        return PlistError {
            PlistErrorKind::InvalidUtf8, QStringLiteral("invalid UTF-8 at byte %1 (line %2)").arg(bad).arg(line), bad};
    }

    QXmlStreamReader reader(QByteArray::fromRawData(m_bytes.data(), m_bytes.size()));
    std::vector<Frame> stack;
    qint64 objects = 0;
    bool sawRoot = false;

    const auto fail = [&](PlistErrorKind kind, const QString& message) {
        return PlistError {kind,
            message
                + QStringLiteral(" (line %1, column %2, at %3)")
                      .arg(reader.lineNumber())
                      .arg(reader.columnNumber())
                      .arg(elementPath(stack)),
            reader.characterOffset()};
    };

    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        switch (token) {
        case QXmlStreamReader::StartDocument: {
            const QStringView encoding = reader.documentEncoding();
            if (!encoding.isEmpty() && encoding.compare(QLatin1String("UTF-8"), Qt::CaseInsensitive) != 0)
                return fail(PlistErrorKind::UnsupportedType,
                    QStringLiteral("XML encoding \"%1\" is not supported, plists are UTF-8").arg(encoding));
            break;
        }
        case QXmlStreamReader::DTD:
            // The Apple DOCTYPE names an external DTD that nobody fetches. An internal subset is
            // where entity declarations (billion laughs, external entities) live: refuse it.
            if (reader.text().contains(u'[') || !reader.entityDeclarations().isEmpty()
                || !reader.notationDeclarations().isEmpty())
                return fail(PlistErrorKind::ForbiddenEntity,
                    QStringLiteral("DOCTYPE with an internal subset (entity declarations) is not allowed"));
            if (reader.dtdName() != QLatin1String("plist"))
                return fail(PlistErrorKind::Malformed,
                    QStringLiteral("DOCTYPE \"%1\" is not a plist").arg(reader.dtdName().left(40)));
            break;
        case QXmlStreamReader::EntityReference:
            return fail(PlistErrorKind::ForbiddenEntity,
                QStringLiteral("reference to undeclared entity &%1;").arg(reader.name().left(40)));
        case QXmlStreamReader::StartElement: {
            const auto element = elementFor(reader.name());
            if (!element)
                return fail(
                    PlistErrorKind::Malformed, QStringLiteral("unknown element <%1>").arg(reader.name().left(40)));
            // Apple plists carry one attribute, <plist version>. Refusing the rest keeps libplist's
            // hand-written tag parser away from quoting corners where it could read a different tree.
            for (const QXmlStreamAttribute& attribute : reader.attributes()) {
                if (*element != Element::Plist || attribute.name() != QLatin1String("version"))
                    return fail(PlistErrorKind::Malformed,
                        QStringLiteral("unexpected attribute \"%1\" on <%2>")
                            .arg(attribute.name().left(40), reader.name().left(40)));
            }
            if (stack.empty()) {
                if (*element != Element::Plist || sawRoot)
                    return fail(PlistErrorKind::Malformed, QStringLiteral("the root element must be a single <plist>"));
                sawRoot = true;
                stack.push_back(Frame {});
                break;
            }
            Frame& parent = stack.back();
            const QString name = reader.name().toString();
            if (!isContainer(parent.element))
                return fail(PlistErrorKind::Malformed, QStringLiteral("element <%1> inside a scalar").arg(name));
            if (*element == Element::Plist)
                return fail(PlistErrorKind::Malformed, QStringLiteral("nested <plist>"));
            if (parent.element == Element::Plist && parent.children > 0)
                return fail(PlistErrorKind::Malformed, QStringLiteral("more than one value in <plist>"));
            if (parent.element == Element::Dict) {
                if (parent.expectKey && *element != Element::Key)
                    return fail(
                        PlistErrorKind::Malformed, QStringLiteral("<dict> expects <key>, found <%1>").arg(name));
                if (!parent.expectKey && *element == Element::Key)
                    return fail(PlistErrorKind::Malformed,
                        QStringLiteral("key \"%1\" has no value").arg(parent.lastKey.left(60)));
            } else if (*element == Element::Key) {
                return fail(PlistErrorKind::Malformed, QStringLiteral("<key> outside a <dict>"));
            }
            ++parent.children;
            if (++objects > m_limits.maxObjects) {
                return fail(
                    PlistErrorKind::TooManyObjects, QStringLiteral("more than %1 values").arg(m_limits.maxObjects));
            }
            // The <plist> frame does not count: the top value is at depth 1.
            const int depth = int(stack.size());
            if (*element != Element::Key && depth > m_limits.maxDepth) {
                return fail(PlistErrorKind::TooDeep,
                    QStringLiteral("nesting depth %1 exceeds the limit of %2").arg(depth).arg(m_limits.maxDepth));
            }
            Frame frame;
            frame.element = *element;
            stack.push_back(std::move(frame));
            break;
        }
        case QXmlStreamReader::Characters: {
            if (stack.empty() || isContainer(stack.back().element) || stack.back().element == Element::True
                || stack.back().element == Element::False) {
                if (!reader.isWhitespace())
                    return fail(PlistErrorKind::Malformed, QStringLiteral("text outside a value"));
                break;
            }
            Frame& frame = stack.back();
            const QStringView text = reader.text();
            switch (frame.element) {
            case Element::Key:
            case Element::String:
                frame.textLength += utf8Length(text);
                if (frame.textLength > m_limits.maxStringLength) {
                    return fail(PlistErrorKind::StringTooLong,
                        QStringLiteral("string longer than %1 bytes").arg(m_limits.maxStringLength));
                }
                if (frame.element == Element::Key)
                    frame.text += text;
                break;
            case Element::Data:
                frame.text += text;
                break;
            default:
                if (frame.text.size() + text.size() > kMaxScalarText)
                    return fail(PlistErrorKind::InvalidValue, QStringLiteral("value text is too long"));
                frame.text += text;
                break;
            }
            break;
        }
        case QXmlStreamReader::EndElement: {
            if (stack.empty())
                break;
            Frame frame = std::move(stack.back());
            std::optional<Problem> problem;
            switch (frame.element) {
            case Element::Plist:
                if (frame.children != 1)
                    return fail(PlistErrorKind::Malformed, QStringLiteral("<plist> must hold exactly one value"));
                break;
            case Element::Dict:
                if (!frame.expectKey)
                    return fail(PlistErrorKind::Malformed,
                        QStringLiteral("key \"%1\" has no value").arg(frame.lastKey.left(60)));
                break;
            case Element::Integer:
                problem = checkInteger(frame.text);
                break;
            case Element::Real:
                problem = checkReal(frame.text);
                break;
            case Element::Date:
                problem = checkDate(frame.text);
                break;
            case Element::Data:
                problem = checkBase64(frame.text, m_limits.maxStringLength);
                break;
            default:
                break;
            }
            if (problem)
                return fail(problem->kind, problem->message);
            stack.pop_back();
            if (stack.empty())
                break;
            Frame& parent = stack.back();
            if (parent.element != Element::Dict)
                break;
            if (frame.element == Element::Key) {
                if (parent.keys.contains(frame.text)) {
                    return fail(PlistErrorKind::DuplicateKey,
                        QStringLiteral("key \"%1\" appears twice").arg(frame.text.left(60)));
                }
                parent.keys.insert(frame.text);
                parent.lastKey = frame.text;
                parent.expectKey = false;
            } else {
                parent.expectKey = true;
            }
            break;
        }
        default:
            break; // comments, processing instructions, end of document
        }
    }
    if (reader.hasError()) {
        const bool truncated = reader.error() == QXmlStreamReader::PrematureEndOfDocumentError;
        return fail(PlistErrorKind::Malformed,
            (truncated ? QStringLiteral("truncated XML: ") : QStringLiteral("not well-formed XML: "))
                + reader.errorString());
    }
    if (!sawRoot)
        return fail(PlistErrorKind::Malformed, QStringLiteral("no <plist> element"));
    return {};
}

} // namespace quince::plist::detail

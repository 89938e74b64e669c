// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepQuery.h"

#include <QList>

namespace quince::scep {

Result<ScepQuery, QString> ScepQuery::parse(const QByteArray& rawQuery)
{
    ScepQuery query;
    bool hasOperation = false;
    const QList<QByteArray> pairs = rawQuery.split('&');
    for (const QByteArray& pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArray key = QByteArray::fromPercentEncoding(equals < 0 ? pair : pair.left(equals));
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        if (key == "operation") {
            if (hasOperation)
                return QStringLiteral("operation given twice");
            hasOperation = true;
            query.operation = QString::fromUtf8(QByteArray::fromPercentEncoding(value));
        } else if (key == "message") {
            if (query.hasMessage)
                return QStringLiteral("message given twice");
            query.hasMessage = true;
            query.message = value;
        }
        // Other parameters are ignored, as RFC 8894 clients may add their own.
    }
    if (!hasOperation)
        return QStringLiteral("missing operation");
    return query;
}

Result<QByteArray, ScepQuery::DecodeError> ScepQuery::decodeMessage(const QByteArray& value, qsizetype maxBytes)
{
    // Bound before any work: base64 of maxBytes is 4/3 longer, and percent-encoding can triple
    // every character.
    const qsizetype maxEncoded = (maxBytes + 2) / 3 * 4;
    if (value.size() > maxEncoded * 3 + 16)
        return DecodeError {true, QStringLiteral("message too large")};

    QByteArray text = QByteArray::fromPercentEncoding(value);
    QByteArray normalised;
    normalised.reserve(text.size() + 3);
    for (const char c : std::as_const(text)) {
        switch (c) {
        case '\r':
        case '\n':
        case '\t':
            continue; // line-wrapped base64 from some clients
        case ' ':
            normalised.append('+'); // a '+' that went through form decoding somewhere
            break;
        case '-':
            normalised.append('+'); // URL-safe alphabet
            break;
        case '_':
            normalised.append('/');
            break;
        default:
            normalised.append(c);
        }
    }
    while (normalised.endsWith('='))
        normalised.chop(1);
    if (normalised.isEmpty())
        return DecodeError {false, QStringLiteral("empty message")};
    if (normalised.size() % 4 == 1)
        return DecodeError {false, QStringLiteral("message is not base64 (bad length)")};
    if (normalised.size() > maxEncoded)
        return DecodeError {true, QStringLiteral("message too large")};
    while (normalised.size() % 4 != 0)
        normalised.append('=');

    QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        normalised, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return DecodeError {false, QStringLiteral("message is not base64")};
    if (decoded.decoded.size() > maxBytes)
        return DecodeError {true, QStringLiteral("message too large")};
    return std::move(decoded.decoded);
}

} // namespace quince::scep

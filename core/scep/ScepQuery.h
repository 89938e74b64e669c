// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QString>

namespace quince::scep {

/// The query string of a SCEP request: `operation=...` and, for PKIOperation by GET,
/// `message=<base64>`.
struct ScepQuery {
    QString operation;
    /// The raw (still percent-encoded) value of message=, empty when absent.
    QByteArray message;
    bool hasMessage = false;

    /// Splits rawQuery (without '?'). '+' is kept as '+' (it is a base64 character, and a
    /// query string is not a form). A repeated operation or message is an error.
    static Result<ScepQuery, QString> parse(const QByteArray& rawQuery);

    /// Decodes a PKIOperation message= value: percent-decoding, then base64 in the standard or
    /// URL-safe alphabet, padded or not, with line breaks tolerated. maxBytes bounds the decoded
    /// size, checked before decoding. The error says why (and whether it was too large).
    struct DecodeError {
        bool tooLarge = false;
        QString reason;
    };
    static Result<QByteArray, DecodeError> decodeMessage(const QByteArray& value, qsizetype maxBytes);
};

} // namespace quince::scep

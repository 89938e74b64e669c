// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to core/plist: text checks shared by the XML and binary pre-scans and the codec.

#include <QByteArrayView>
#include <QStringView>

namespace quince::plist::detail {

/// Offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong forms,
/// surrogates and code points above U+10FFFF are rejected), or -1 when all of bytes is valid.
qint64 invalidUtf8Offset(QByteArrayView bytes);

/// Length in UTF-8 bytes of a UTF-16 string (lone surrogates count as 3, like U+FFFD).
qint64 utf8Length(QStringView text);

/// Whether text has a lone surrogate, which UTF-8 cannot carry.
bool hasLoneSurrogate(QStringView text);

/// Seconds from the Unix epoch to Apple's reference date, 2001-01-01T00:00:00Z.
inline constexpr qint64 kAppleEpochOffsetSecs = 978307200;

/// Dates outside years 1000..9999 are refused: libplist 2.2.0 writes years below 1000 without
/// padding (so they would not parse back) and the XML date form has four year digits.
qint64 minDateSecsSince2001();
qint64 maxDateSecsSince2001();

} // namespace quince::plist::detail

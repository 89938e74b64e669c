// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/plist/PlistError.h"
#include "core/plist/PlistLimits.h"
#include "core/plist/PlistValue.h"

#include <QByteArray>

namespace quince::plist {

/// The two on-the-wire forms.
enum class Format { Xml, Binary };

/// Which form bytes are in, by the `bplist` magic; anything else is treated as XML.
Format detectFormat(const QByteArray& bytes);

/// Decodes an XML or binary (bplist00) property list, detected by its magic. The bytes are checked
/// against limits by our own bounded, non-recursive scan before libplist parses them, and the
/// libplist result is checked again; any problem is a typed error, never a crash.
Result<Value, PlistError> decode(const QByteArray& bytes, const Limits& limits = {});

/// Encodes value as an XML plist (UTF-8, Apple's DOCTYPE). Fails with NotRepresentable for what
/// XML cannot carry back faithfully: UIDs, control characters, NUL, lone surrogates, Invalid
/// values, dates outside years 1000-9999. Dates are written to the second, as Apple does.
Result<QByteArray, PlistError> encodeXml(const Value& value);

/// Encodes value as a bplist00. Fails with NotRepresentable for NUL in strings, lone surrogates,
/// Invalid values and dates libplist 2.2.0 cannot write; TooDeep beyond Limits::kHardMaxDepth.
Result<QByteArray, PlistError> encodeBinary(const Value& value);

/// encodeXml() or encodeBinary().
Result<QByteArray, PlistError> encode(const Value& value, Format format);

} // namespace quince::plist

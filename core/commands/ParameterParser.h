// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/commands/CommandError.h"
#include "core/commands/CommandSpec.h"
#include "core/common/Result.h"
#include "core/plist/PlistValue.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace quince::commands {

/// Turns an operator's `KEY=VALUE` text into typed parameters, by the catalogue's types:
///   string   as written
///   integer  decimal (`Where=3`)
///   real     decimal (`1.5`)
///   boolean  `true` or `false`
///   data     `@path` (a file, at most CommandBuilder::kMaxDataBytes) or `base64:...`
///   date     ISO 8601 (`2026-11-28T12:00:00Z`; no zone means UTC)
///   array    the key repeated (`Queries=UDID Queries=OSVersion`) and/or a JSON array
///   dictionary  a JSON object; inside JSON, data and dates are strings in the forms above
/// The result goes to CommandBuilder, which does the remaining checks (required keys, ranges).
/// Keys the server supplies (ClearPasscode's UnlockToken) are refused here, whatever the text.
class ParameterParser {
public:
    struct Options {
        /// What `@path` is relative to; empty: the current directory.
        QString baseDirectory;
        /// Whether `@path` may read files at all.
        bool allowFiles = true;
    };

    static Result<plist::Dict, CommandError> parse(
        const QString& requestType, const QStringList& assignments, const Options& options);
    static Result<plist::Dict, CommandError> parse(const QString& requestType, const QStringList& assignments)
    {
        return parse(requestType, assignments, Options {});
    }

    /// One value of parameter's type from text (an array's text is one element or a JSON array).
    static Result<plist::Value, CommandError> parseValue(
        const Parameter& parameter, const QString& text, const QString& path, const Options& options);

    /// A JSON value converted by parameter's type (dictionaries by their subkeys or variants).
    static Result<plist::Value, CommandError> fromJson(
        const Parameter& parameter, const QJsonValue& json, const QString& path, const Options& options);
};

} // namespace quince::commands

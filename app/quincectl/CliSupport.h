// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every quincectl command needs: translated messages, files, the database of an existing
// data directory, and the master key.

#include "core/common/Result.h"
#include "core/pki/KeySealer.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace quince::cli {

QString tr(const char* text);

std::optional<QByteArray> readWholeFile(const QString& path, QString* error);
bool writeWholeFile(const QString& path, const QByteArray& bytes, QString* error);
/// A password file's contents without one trailing newline, as editors leave it.
std::optional<QByteArray> readPasswordFile(const QString& path, QString* error);

/// Columns padded to their widest cell, two spaces apart, the headers first.
void printTable(QTextStream& out, const QStringList& headers, const QList<QStringList>& rows);

/// The database of an existing data directory (quincectl never creates one): read-only, or the
/// writer (which waits on the busy timeout while a running server writes).
Result<storage::Database> openExistingDatabase(const QString& dataDirPath, bool writer);

/// The data directory's sealer: the master key from the passphrase file, the environment or a
/// prompt (or the keychain the directory was created with). Never a plain-text fallback.
Result<std::unique_ptr<pki::KeySealer>> openSealer(const QString& dataDirPath, const QString& passphraseFile);

} // namespace quince::cli

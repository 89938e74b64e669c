// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"

#include "app/common/ServerCommandLine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace quince::cli {

QString tr(const char* text)
{
    return QCoreApplication::translate("quincectl", text);
}

std::optional<QByteArray> readWholeFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

bool writeWholeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

std::optional<QByteArray> readPasswordFile(const QString& path, QString* error)
{
    std::optional<QByteArray> password = readWholeFile(path, error);
    if (password && password->endsWith('\n'))
        password->chop(password->endsWith("\r\n") ? 2 : 1);
    return password;
}

Result<storage::Database> openExistingDatabase(const QString& dataDirPath, bool writer)
{
    const QString absolute = QFileInfo(dataDirPath).absoluteFilePath();
    const QString path = QDir(absolute).filePath(storage::Database::databaseFileName());
    if (!QFileInfo::exists(path))
        return Error {tr("no Quince database in %1 (start quince or quinced once to create one)")
                          .arg(QDir::toNativeSeparators(absolute))};
    auto db = writer ? storage::Database::openWriter(path) : storage::Database::openReader(path);
    if (!db)
        return Error {tr("cannot open the database: %1").arg(db.error().toString())};
    return std::move(db).value();
}

Result<std::unique_ptr<pki::KeySealer>> openSealer(const QString& dataDirPath, const QString& passphraseFile)
{
    auto sealer = app::ServerCommandLine::openSealer(
        {passphraseFile, QStringLiteral("auto")}, dataDirPath, secrets::KeyHost::Headless);
    if (!sealer)
        return Error {tr("no master key: %1").arg(sealer.error().toString())};
    return std::move(sealer).value();
}

void printTable(QTextStream& out, const QStringList& headers, const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QString& header : headers)
        widths.append(header.size());
    for (const QStringList& row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row.at(column).size());
    }
    const auto printRow = [&](const QStringList& row) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column)
            line += column + 1 < row.size() ? row.at(column).leftJustified(widths.at(column) + 2) : row.at(column);
        out << line << '\n';
    };
    printRow(headers);
    for (const QStringList& row : rows)
        printRow(row);
}

} // namespace quince::cli

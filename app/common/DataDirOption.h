// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/DataDirectory.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace quince::app {

/// The --data-dir option shared by quince, quinced and quincectl, so all three agree on where
/// an installation lives: the option, else QUINCE_DATA_DIR, else the platform default.
class DataDirOption {
public:
    DataDirOption()
        : m_option(QStringList {QStringLiteral("d"), QStringLiteral("data-dir")},
            QCoreApplication::translate("DataDirOption",
                "Keep the database and keys in <dir> (default: %1, or "
                "$QUINCE_DATA_DIR).")
                .arg(QDir::toNativeSeparators(DataDirectory::defaultPath())),
            QCoreApplication::translate("DataDirOption", "dir"))
    {
    }

    void addTo(QCommandLineParser& parser) const { parser.addOption(m_option); }

    QString resolve(const QCommandLineParser& parser) const
    {
        if (parser.isSet(m_option))
            return parser.value(m_option);
        const QString fromEnv = qEnvironmentVariable("QUINCE_DATA_DIR");
        return fromEnv.isEmpty() ? DataDirectory::defaultPath() : fromEnv;
    }

private:
    QCommandLineOption m_option;
};

} // namespace quince::app

// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/common/DataDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSaveFile>
#include <QTextStream>

namespace quince::cli {

int status(const QString& dataDirPath)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString absolute = QFileInfo(dataDirPath).absoluteFilePath();
    out << tr("Data directory: %1").arg(QDir::toNativeSeparators(absolute)) << '\n';

    if (const auto owner = quince::DataDirectory::lockOwner(absolute))
        out << tr("Server: running (%1, process %2 on %3)")
                   .arg(owner->application, QString::number(owner->pid), owner->hostName)
            << '\n';
    else
        out << tr("Server: not running") << '\n';

    auto db = openExistingDatabase(absolute, false);
    if (!db) {
        out.flush();
        err << tr("quincectl: %1").arg(db.error().message) << '\n';
        return 1;
    }
    out << tr("Schema version: %1").arg(db->schemaVersion()) << '\n';

    auto counts = db->exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(CASE WHEN enrollment_state = 'enrolled'"
                                          " THEN 1 ELSE 0 END), 0) FROM devices"));
    if (!counts || !counts->next()) {
        out.flush();
        err << tr("quincectl: cannot count devices: %1").arg(counts ? QString() : counts.error().toString()) << '\n';
        return 1;
    }
    out << tr("Devices: %1 (%2 enrolled)").arg(counts->value(0).toLongLong()).arg(counts->value(1).toLongLong())
        << '\n';
    return 0;
}

} // namespace quince::cli

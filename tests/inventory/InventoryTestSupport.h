// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the inventory tests share: a real SQLite file behind a StorageWorker, device rows, and
// command responses built as plists.

#include "core/plist/PlistCodec.h"
#include "core/storage/StorageWorker.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace quince::test {

inline QString sharedFixture(const QString& name)
{
    return QStringLiteral(QUINCE_SHARED_DIR "/fixtures/devices/") + name;
}

inline QByteArray xml(const plist::Value& value)
{
    Result<QByteArray, plist::PlistError> bytes = plist::encodeXml(value);
    return bytes ? *bytes : QByteArray();
}

/// An Acknowledged response of requestType carrying key: value, as devices send it.
inline plist::Dict acknowledged(
    const QString& udid, const QString& commandUuid, const QString& key, const plist::Value& value)
{
    plist::Dict dict;
    dict.insert(QStringLiteral("CommandUUID"), commandUuid);
    if (!key.isEmpty())
        dict.insert(key, value);
    dict.insert(QStringLiteral("Status"), QStringLiteral("Acknowledged"));
    dict.insert(QStringLiteral("UDID"), udid);
    return dict;
}

/// A database in a temporary folder, opened by a StorageWorker.
class TestDatabase {
public:
    bool open()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return false;
        m_worker = std::make_unique<storage::StorageWorker>();
        const storage::StorageStatus started = m_worker->start(path());
        if (!started)
            qWarning("%s", qPrintable(started.error().toString()));
        return started.ok();
    }
    void close()
    {
        if (m_worker)
            m_worker->stop();
        m_worker.reset();
    }
    QString dir() const { return m_dir->path(); }
    QString path() const { return m_dir->filePath(storage::Database::databaseFileName()); }
    storage::StorageWorker& worker() { return *m_worker; }

    /// Runs job on the writer; false (and a warning) when it failed.
    bool run(const storage::StorageWorker::Job& job)
    {
        const storage::StorageStatus status = m_worker->writeAndWait(job);
        if (!status)
            qWarning("%s", qPrintable(status.error().toString()));
        return status.ok();
    }

    /// The first column of the first row (invalid when no row).
    QVariant scalar(const QString& sql, const QVariantList& bindings = {})
    {
        QVariant value;
        const storage::StorageStatus status
            = m_worker->writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
                  Result<QSqlQuery, storage::StorageError> query = db.exec(sql, bindings);
                  if (!query)
                      return query.error();
                  if (query->next())
                      value = query->value(0);
                  return {};
              });
        if (!status)
            qWarning("%s", qPrintable(status.error().toString()));
        return value;
    }

    /// A device row and its device-channel enrollment (active); returns the enrollment id.
    qint64 addDevice(const QString& udid, const QString& state = QStringLiteral("enrolled"))
    {
        scalar(
            QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) VALUES (?, ?, 1, 1)"),
            {udid, state});
        scalar(QStringLiteral("INSERT INTO enrollments (device_id, channel, status, created_at, updated_at) "
                              "SELECT id, 'device', 'active', 1, 1 FROM devices WHERE udid = ?"),
            {udid});
        return scalar(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                     "WHERE d.udid = ? AND e.channel = 'device'"),
            {udid})
            .toLongLong();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::StorageWorker> m_worker;
};

} // namespace quince::test

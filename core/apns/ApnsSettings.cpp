// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/apns/ApnsSettings.h"

#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QFile>
#include <QHash>
#include <QObject>

namespace quince::apns {

namespace {

const auto kEnvironment = QStringLiteral("apns.environment");
const auto kUrl = QStringLiteral("apns.url");
const auto kCaFile = QStringLiteral("apns.ca_file");
const auto kMaxInFlight = QStringLiteral("apns.max_in_flight");
const auto kExpiration = QStringLiteral("apns.expiration_seconds");
const auto kPoll = QStringLiteral("apns.poll_seconds");
const auto kLiveness = QStringLiteral("apns.liveness_interval_hours");
const auto kInactive = QStringLiteral("apns.inactive_after_days");
const auto kHistory = QStringLiteral("apns.history_limit");
const auto kExport = QStringLiteral("apns.inactive_export_file");

Result<qint64> number(
    const QHash<QString, QString>& stored, const QString& key, qint64 fallback, qint64 min, qint64 max)
{
    if (!stored.contains(key))
        return fallback;
    bool ok = false;
    const qint64 value = stored.value(key).trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        return Error {QObject::tr("The setting %1 = \u201c%2\u201d is not a number from %3 to %4.")
                          .arg(key, stored.value(key))
                          .arg(min)
                          .arg(max)};
    return value;
}

} // namespace

Result<ApnsSettings> ApnsSettings::load(storage::Database& db)
{
    auto rows = db.exec(QStringLiteral("SELECT key, value FROM settings WHERE key LIKE 'apns.%'"));
    if (!rows)
        return Error {QObject::tr("Cannot read the push settings: %1").arg(rows.error().toString())};
    QHash<QString, QString> stored;
    while (rows->next())
        stored.insert(rows->value(0).toString(), rows->value(1).toString());

    ApnsSettings settings;
    settings.environment = stored.value(kEnvironment, settings.environment);
    if (settings.environment != QLatin1String("production") && settings.environment != QLatin1String("sandbox"))
        return Error {QObject::tr("The setting %1 wants production or sandbox, not \u201c%2\u201d.")
                          .arg(kEnvironment, settings.environment)};
    settings.url = stored.value(kUrl);
    settings.caFile = stored.value(kCaFile);
    settings.inactiveExportFile = stored.value(kExport);
    const struct {
        const QString& key;
        qint64 min;
        qint64 max;
        std::function<void(qint64)> set;
        qint64 fallback;
    } numbers[] = {
        {kMaxInFlight, 1, 10000, [&](qint64 v) { settings.maxInFlight = static_cast<int>(v); }, settings.maxInFlight},
        {kExpiration, 0, 30LL * 24 * 3600, [&](qint64 v) { settings.expirationSeconds = v; },
            settings.expirationSeconds},
        {kPoll, 1, 3600, [&](qint64 v) { settings.pollSeconds = static_cast<int>(v); }, settings.pollSeconds},
        {kLiveness, 1, 24 * 365, [&](qint64 v) { settings.livenessIntervalHours = static_cast<int>(v); },
            settings.livenessIntervalHours},
        {kInactive, 1, 3650, [&](qint64 v) { settings.inactiveAfterDays = static_cast<int>(v); },
            settings.inactiveAfterDays},
        {kHistory, 1, 10000, [&](qint64 v) { settings.historyLimit = static_cast<int>(v); }, settings.historyLimit},
    };
    for (const auto& n : numbers) {
        auto value = number(stored, n.key, n.fallback, n.min, n.max);
        if (!value)
            return value.error();
        n.set(*value);
    }
    return settings;
}

Result<ApnsSettings> ApnsSettings::apply(
    storage::Database& db, const std::optional<QString>& url, const std::optional<QString>& caFile)
{
    const auto save = [&db](const QString& key, const QString& value) -> Status {
        auto saved = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                            " updated_at = excluded.updated_at"),
            {key, value, storage::nowDbTimestamp()});
        if (!saved)
            return Error {saved.error().toString()};
        return {};
    };
    if (url) {
        const QUrl parsed(*url, QUrl::StrictMode);
        if (!url->isEmpty()
            && (!parsed.isValid() || parsed.scheme() != QLatin1String("https") || parsed.host().isEmpty()))
            return Error {QObject::tr("--apns-url wants an https:// URL, not \u201c%1\u201d.").arg(*url)};
        if (auto s = save(kUrl, *url); !s)
            return s.error();
    }
    if (caFile)
        if (auto s = save(kCaFile, *caFile); !s)
            return s.error();
    return load(db);
}

Result<ApnsClientConfig> ApnsSettings::clientConfig() const
{
    ApnsClientConfig config;
    config.endpoint = !url.isEmpty()              ? QUrl(url)
        : environment == QLatin1String("sandbox") ? ApnsClientConfig::sandboxUrl()
                                                  : ApnsClientConfig::productionUrl();
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly))
            return Error {QObject::tr("Cannot read the APNs CA file %1: %2").arg(caFile, file.errorString())};
        config.caCertificates = QSslCertificate::fromData(file.read(4 * 1024 * 1024), QSsl::Pem);
        if (config.caCertificates.isEmpty())
            return Error {QObject::tr("The APNs CA file %1 holds no PEM certificate.").arg(caFile)};
    }
    config.maxInFlight = maxInFlight;
    config.expirationSeconds = expirationSeconds;
    return config;
}

} // namespace quince::apns

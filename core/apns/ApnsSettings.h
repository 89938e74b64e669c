// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/apns/ApnsClient.h"
#include "core/common/Result.h"

#include <QString>

#include <optional>

namespace quince::storage {
class Database;
}

namespace quince::apns {

/// The push settings of an installation, from the data directory's `settings` table:
///
/// | key | meaning | default |
/// |---|---|---|
/// | apns.environment | production or sandbox | production |
/// | apns.url | the endpoint instead of Apple's (a test server, a proxy) | unset |
/// | apns.ca_file | PEM file of the CAs to trust for the endpoint | the system's |
/// | apns.max_in_flight | streams in flight on the connection | 500 |
/// | apns.expiration_seconds | apns-expiration, from now | 259200 |
/// | apns.poll_seconds | how often queued commands and push requests are looked for | 2 |
/// | apns.liveness_interval_hours | push devices quiet for longer than this | 24 |
/// | apns.inactive_after_days | unanswered pushes for this long make a device inactive | 7 |
/// | apns.history_limit | push attempts kept per enrollment | 50 |
/// | apns.inactive_export_file | write the inactive devices (JSON, "restricted") here | unset |
struct ApnsSettings {
    QString environment = QStringLiteral("production");
    QString url;
    QString caFile;
    int maxInFlight = 500;
    qint64 expirationSeconds = 3 * 24 * 3600;
    int pollSeconds = 2;
    int livenessIntervalHours = 24;
    int inactiveAfterDays = 7;
    int historyLimit = 50;
    QString inactiveExportFile;

    /// Reads the settings (missing keys keep their defaults); an unusable value is an error
    /// naming the key.
    static Result<ApnsSettings> load(storage::Database& db);
    /// Stores url and caFile when given (quinced --apns-url / --apns-ca), then loads.
    static Result<ApnsSettings> apply(
        storage::Database& db, const std::optional<QString>& url, const std::optional<QString>& caFile);

    /// The client configuration: the endpoint and, when apns.ca_file is set, its CAs.
    Result<ApnsClientConfig> clientConfig() const;
};

} // namespace quince::apns

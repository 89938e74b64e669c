// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/enrollment/EnrollmentError.h"

#include <QString>
#include <QStringList>

namespace quince::storage {
class Database;
}

namespace quince::enrollment {

/// The settings key of an operator-set public base URL ("https://mdm.example.com"), for a
/// server behind a TLS proxy whose public port or scheme differs from the listener's. Optional.
inline QString publicBaseUrlKey()
{
    return QStringLiteral("enrollment.public_base_url");
}

/// The URLs devices are given (in the enrollment profile, /MDMServiceConfig and the enrollment
/// page), all below one public base URL, so the routes and the profile cannot disagree.
class EnrollmentUrls {
public:
    // The paths the runtime mounts. The MDM paths are MdmRoutes' defaults (MdmPaths).
    static QString scepPath() { return QStringLiteral("/scep"); }
    static QString checkInPath() { return QStringLiteral("/mdm/checkin"); }
    static QString serverPath() { return QStringLiteral("/mdm/connect"); }
    static QString enrollPath() { return QStringLiteral("/enroll"); }
    /// One-time links are enrollPath() + "/" + token.
    static QString enrollLinkPrefix() { return QStringLiteral("/enroll/"); }
    static QString trustProfilePath() { return QStringLiteral("/enroll/trust-profile"); }
    static QString anchorCertsPath() { return QStringLiteral("/enroll/anchor-certs"); }
    static QString serviceConfigPath() { return QStringLiteral("/MDMServiceConfig"); }

    EnrollmentUrls() = default;
    /// base without a trailing slash ("https://mdm.example.lan:8443").
    explicit EnrollmentUrls(QString base);

    /// "https://<first host name>:<port>" — always https: a device only talks MDM over TLS, and
    /// in plain-HTTP mode the proxy in front of Quince provides it. IPv6 literals are bracketed.
    static QString publicBaseUrl(const QStringList& hostNames, quint16 port);

    /// The URLs from the settings table: enrollment.public_base_url when set, otherwise
    /// listener.hosts and listener.port (listeningPort, when non-zero, is the port actually
    /// bound and wins over the setting). Defaults are ServerRuntime's: the machine's host name
    /// and port 8443. Fails (NotReady) when no port is known (setting 0 and not listening).
    static EnrollmentResult<EnrollmentUrls> fromSettings(storage::Database& db, quint16 listeningPort = 0);

    bool isNull() const { return m_base.isEmpty(); }
    const QString& base() const { return m_base; }
    QString scep() const { return m_base + scepPath(); }
    QString checkIn() const { return m_base + checkInPath(); }
    QString server() const { return m_base + serverPath(); }
    QString enroll() const { return m_base + enrollPath(); }
    QString enrollLink(const QString& token) const { return m_base + enrollLinkPrefix() + token; }
    QString trustProfile() const { return m_base + trustProfilePath(); }
    QString anchorCerts() const { return m_base + anchorCertsPath(); }
    QString serviceConfig() const { return m_base + serviceConfigPath(); }

private:
    QString m_base;
};

} // namespace quince::enrollment

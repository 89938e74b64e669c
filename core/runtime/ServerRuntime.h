// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/CertificateAuthority.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

class QThread;
class QThreadPool;
class QTimer;

namespace quince::storage {
class StorageWorker;
}
namespace quince::server {
class HttpListener;
}
namespace quince::mdm {
class CheckInProcessor;
class ConnectProcessor;
} // namespace quince::mdm
namespace quince::pki {
class CmsVerifier;
class PushCertificateStore;
class PushIdentityMonitor;
} // namespace quince::pki
namespace quince::enrollment {
class EnrollmentService;
}
namespace quince::apns {
class ApnsClient;
class PushService;
} // namespace quince::apns
namespace quince::scep {
class CaScepIssuer;
class ScepService;
class StorageChallengeStore;
} // namespace quince::scep

namespace quince::runtime {

/// What the operator asked for on the command line; unset fields come from the data
/// directory's settings, then from defaults. Set fields are saved as the new settings.
struct ServerOptions {
    std::optional<QHostAddress> listenAddress;
    std::optional<quint16> port;
    /// DNS names and IP addresses devices use to reach Quince (TLS certificate, profile URLs).
    QStringList hostNames;
    std::optional<bool> plainHttp;
    int ioThreads = 0;
    /// The APNs endpoint and the CA file to trust for it (settings apns.url, apns.ca_file).
    std::optional<QString> apnsUrl;
    std::optional<QString> apnsCaFile;
};

/// The settings in force after merging options, stored settings and defaults.
struct ServerSettings {
    QHostAddress listenAddress;
    quint16 port = 0;
    QStringList hostNames;
    bool plainHttp = false;
};

/// The server side of Quince, assembled once for the console and for quinced: the certificate
/// authority, the TLS identity, the SCEP service and the HTTPS listener they are served on.
/// It is given the storage worker and the key sealer; it starts no thread of its own besides
/// the listener's I/O threads and the pool that runs blocking SCEP work.
class ServerRuntime {
public:
    static constexpr quint16 kDefaultPort = 8443;

    ServerRuntime(storage::StorageWorker& storage, const pki::KeySealer& sealer, pki::CaOptions caOptions = {});
    ~ServerRuntime();
    ServerRuntime(const ServerRuntime&) = delete;
    ServerRuntime& operator=(const ServerRuntime&) = delete;

    /// The slow part of starting, safe to run on any thread while the caller shows progress
    /// (nothing else may use the runtime meanwhile): resolves the settings (saving the options
    /// given) and creates or reloads the CA, SCEP RA and TLS identities (key generation on a new
    /// data directory takes seconds).
    Status prepare(const ServerOptions& options);
    /// Mounts the routes and starts listening on what prepare() made ready, and the daily
    /// maintenance. On failure nothing keeps running.
    Status start();
    /// prepare() then start().
    Status start(const ServerOptions& options);
    void stop();

    /// The daily check a long-running server needs: renews the issuing CA, the SCEP RA and the
    /// TLS certificate when they near expiry (or the host names changed), and restarts the
    /// listener on the new identity when one changed. Returns whether it restarted. start()
    /// runs it every kMaintenanceInterval from the thread that called start().
    Result<bool> maintain();
    static constexpr std::chrono::hours kMaintenanceInterval {24};
    bool isRunning() const;

    const ServerSettings& settings() const { return m_settings; }
    /// The port actually listened on (differs from settings().port when that was 0).
    quint16 serverPort() const;
    /// "https://first-host:port" (or http:// in plain mode).
    QString baseUrl() const;

    pki::CertificateAuthority& certificateAuthority() { return m_ca; }
    scep::StorageChallengeStore& challenges() { return *m_challenges; }
    server::HttpListener* listener() const { return m_listener.get(); }
    /// The push service (APNs), running after start(); nullptr before.
    apns::PushService* push() const { return m_push.get(); }

    /// Reads the settings a start() with these options would use, without starting.
    static Result<ServerSettings> resolveSettings(storage::StorageWorker& storage, const ServerOptions& options);

private:
    Status startListener();
    void teardownListener();
    Status startPush();
    void stopPush();

    storage::StorageWorker& m_storage;
    const pki::KeySealer& m_sealer;
    pki::CertificateAuthority m_ca;
    ServerSettings m_settings;
    ServerOptions m_options;
    bool m_prepared = false;
    QByteArray m_servedTlsFingerprint;
    QByteArray m_servedRaFingerprint;
    std::unique_ptr<QTimer> m_maintenanceTimer;
    std::unique_ptr<scep::StorageChallengeStore> m_challenges;
    std::unique_ptr<scep::CaScepIssuer> m_issuer;
    std::unique_ptr<scep::ScepService> m_scep;
    std::unique_ptr<QThreadPool> m_blockingPool;
    std::unique_ptr<mdm::CheckInProcessor> m_checkIn;
    std::unique_ptr<mdm::ConnectProcessor> m_connect;
    std::unique_ptr<pki::CmsVerifier> m_signatureVerifier;
    std::unique_ptr<enrollment::EnrollmentService> m_enrollment;
    std::unique_ptr<server::HttpListener> m_listener;
    std::unique_ptr<pki::PushCertificateStore> m_pushStore;
    std::unique_ptr<pki::PushIdentityMonitor> m_pushIdentity;
    std::unique_ptr<apns::ApnsClient> m_apnsClient;
    std::unique_ptr<apns::PushService> m_push;
    std::unique_ptr<QThread> m_pushThread; // the client's TLS and HTTP/2 work stays off the GUI thread
    std::unique_ptr<QObject> m_pushContext; // lives on m_pushThread: where push objects are destroyed
};

} // namespace quince::runtime

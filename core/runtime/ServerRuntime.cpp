// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/ServerRuntime.h"

#include "core/apns/ApnsClient.h"
#include "core/apns/ApnsSettings.h"
#include "core/apns/PushService.h"
#include "core/enrollment/EnrollmentService.h"
#include "core/inventory/DeviceLifecycle.h"
#include "core/mdm/CheckInProcessor.h"
#include "core/mdm/ConnectProcessor.h"
#include "core/pki/CmsVerifier.h"
#include "core/pki/PushCertificateStore.h"
#include "core/pki/PushIdentityMonitor.h"
#include "core/runtime/EnrollmentRoutes.h"
#include "core/runtime/MdmRoutes.h"
#include "core/scep/CaScepIssuer.h"
#include "core/scep/ScepRoute.h"
#include "core/scep/ScepService.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/server/HttpListener.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QSysInfo>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

namespace quince::runtime {

namespace {

Q_LOGGING_CATEGORY(lcRuntime, "quince.runtime")

const auto kAddressKey = QStringLiteral("listener.address");
const auto kPortKey = QStringLiteral("listener.port");
const auto kHostsKey = QStringLiteral("listener.hosts");
const auto kPlainHttpKey = QStringLiteral("listener.plain_http");

using storage::Database;
using storage::StorageStatus;

StorageStatus saveSetting(Database& db, const QString& key, const QString& value)
{
    auto saved = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                        " updated_at = excluded.updated_at"),
        {key, value, storage::nowDbTimestamp()});
    if (!saved)
        return saved.error();
    return {};
}

QString defaultHostName()
{
    const QString host = QSysInfo::machineHostName();
    return host.isEmpty() ? QStringLiteral("localhost") : host;
}

} // namespace

ServerRuntime::ServerRuntime(storage::StorageWorker& storage, const pki::KeySealer& sealer, pki::CaOptions caOptions)
    : m_storage(storage), m_sealer(sealer), m_ca(storage, sealer, std::move(caOptions))
{
}

ServerRuntime::~ServerRuntime()
{
    stop();
}

Result<ServerSettings> ServerRuntime::resolveSettings(storage::StorageWorker& storage, const ServerOptions& options)
{
    QHash<QString, QString> stored;
    const StorageStatus merged = storage.writeAndWait(
        [&](Database& db) -> StorageStatus {
            // What the operator says now becomes the installation's setting.
            if (options.listenAddress)
                if (auto s = saveSetting(db, kAddressKey, options.listenAddress->toString()); !s)
                    return s;
            if (options.port)
                if (auto s = saveSetting(db, kPortKey, QString::number(*options.port)); !s)
                    return s;
            if (!options.hostNames.isEmpty())
                if (auto s = saveSetting(db, kHostsKey, options.hostNames.join(u',')); !s)
                    return s;
            if (options.plainHttp)
                if (auto s
                    = saveSetting(db, kPlainHttpKey, *options.plainHttp ? QStringLiteral("1") : QStringLiteral("0"));
                    !s)
                    return s;
            auto rows = db.exec(QStringLiteral("SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?)"),
                {kAddressKey, kPortKey, kHostsKey, kPlainHttpKey});
            if (!rows)
                return rows.error();
            while (rows->next())
                stored.insert(rows->value(0).toString(), rows->value(1).toString());
            return {};
        },
        {QStringLiteral("settings")});
    if (!merged)
        return Error {QObject::tr("Cannot read the listener settings: %1").arg(merged.error().toString())};

    ServerSettings settings;
    settings.listenAddress = QHostAddress(QHostAddress::Any);
    if (stored.contains(kAddressKey) && !settings.listenAddress.setAddress(stored.value(kAddressKey)))
        return Error {QObject::tr("The stored listen address \u201c%1\u201d is not an IP address.")
                          .arg(stored.value(kAddressKey))};
    bool portOk = true;
    settings.port = stored.contains(kPortKey) ? stored.value(kPortKey).toUShort(&portOk) : kDefaultPort;
    if (!portOk)
        return Error {QObject::tr("The stored port \u201c%1\u201d is not a port number.").arg(stored.value(kPortKey))};
    settings.hostNames = stored.contains(kHostsKey) ? stored.value(kHostsKey).split(u',', Qt::SkipEmptyParts)
                                                    : QStringList {defaultHostName()};
    settings.plainHttp = stored.value(kPlainHttpKey) == QLatin1String("1");
    return settings;
}

Status ServerRuntime::prepare(const ServerOptions& options)
{
    m_prepared = false;
    auto settings = resolveSettings(m_storage, options);
    if (!settings)
        return settings.error();
    m_settings = *settings;
    m_options = options;
    if (auto initialized = m_ca.ensureInitialized(); !initialized)
        return Error {
            QObject::tr("The certificate authority cannot be initialised: %1").arg(initialized.error().message)};
    if (auto ra = m_ca.ensureScepRaIdentity(); !ra)
        return Error {QObject::tr("The SCEP identity cannot be issued: %1").arg(ra.error().message)};
    if (!m_settings.plainHttp) {
        if (auto tls = m_ca.ensureTlsServerIdentity(m_settings.hostNames); !tls)
            return Error {QObject::tr("The TLS certificate cannot be issued: %1").arg(tls.error().message)};
    }
    m_prepared = true;
    return {};
}

Status ServerRuntime::start(const ServerOptions& options)
{
    if (auto prepared = prepare(options); !prepared)
        return prepared;
    return start();
}

Status ServerRuntime::start()
{
    if (!m_prepared)
        return Error {QObject::tr("The server was not prepared, or preparing it failed.")};
    if (auto started = startListener(); !started)
        return started;
    if (auto pushing = startPush(); !pushing) {
        teardownListener();
        return pushing;
    }
    m_maintenanceTimer = std::make_unique<QTimer>();
    m_maintenanceTimer->setInterval(kMaintenanceInterval);
    QObject::connect(m_maintenanceTimer.get(), &QTimer::timeout, [this] {
        if (auto done = maintain(); !done)
            qCWarning(lcRuntime, "certificate maintenance failed: %s", qPrintable(done.error().message));
    });
    m_maintenanceTimer->start();
    return {};
}

Result<bool> ServerRuntime::maintain()
{
    // Devices not seen for devices.inactive_after_days become inactive (a job of its own, logged).
    inventory::DeviceLifecycle::scheduleSweep(m_storage);
    if (auto initialized = m_ca.ensureInitialized(); !initialized)
        return Error {QObject::tr("The certificate authority cannot be renewed: %1").arg(initialized.error().message)};
    auto ra = m_ca.ensureScepRaIdentity();
    if (!ra)
        return Error {QObject::tr("The SCEP identity cannot be renewed: %1").arg(ra.error().message)};
    bool changed = ra->certificate.sha256Fingerprint() != m_servedRaFingerprint;
    if (!m_settings.plainHttp) {
        auto tls = m_ca.ensureTlsServerIdentity(m_settings.hostNames);
        if (!tls)
            return Error {QObject::tr("The TLS certificate cannot be renewed: %1").arg(tls.error().message)};
        changed = changed || tls->certificate.sha256Fingerprint() != m_servedTlsFingerprint;
    }
    if (!changed)
        return false;
    qCInfo(lcRuntime, "a served identity was renewed; restarting the listener on it");
    if (auto restarted = startListener(); !restarted)
        return restarted.error();
    return true;
}

Status ServerRuntime::startListener()
{
    // Only the listener side is rebuilt here; the CA and the maintenance timer stay. A restart
    // keeps the port it had (which matters when the setting is 0, "any free port").
    const quint16 previousPort = m_listener ? m_listener->serverPort() : 0;
    teardownListener();

    auto ra = m_ca.ensureScepRaIdentity();
    if (!ra)
        return Error {QObject::tr("The SCEP identity cannot be issued: %1").arg(ra.error().message)};

    server::ListenerConfig config;
    config.address = m_settings.listenAddress;
    config.port = m_settings.port != 0 ? m_settings.port : previousPort;
    config.ioThreads = m_options.ioThreads;
    QByteArray tlsFingerprint;
    pki::Identity profileSigner = *ra; // see EnrollmentStore::loadSigner for the choice
    if (!m_settings.plainHttp) {
        auto tls = m_ca.ensureTlsServerIdentity(m_settings.hostNames);
        if (!tls)
            return Error {QObject::tr("The TLS certificate cannot be issued: %1").arg(tls.error().message)};
        server::TlsSettings tlsSettings;
        tlsSettings.certificateChain = QSslCertificate::fromData(tls->certificateChainPem(), QSsl::Pem);
        tlsSettings.privateKey = QSslKey(
            tls->privateKeyPem(), tls->key.type() == pki::PrivateKey::Type::Rsa ? QSsl::Rsa : QSsl::Ec, QSsl::Pem);
        if (tlsSettings.certificateChain.isEmpty() || tlsSettings.privateKey.isNull())
            return Error {QObject::tr("The TLS identity cannot be loaded into the listener.")};
        // Devices present their identity certificate where it matters (the MDM routes); SCEP and
        // enrollment pages are reached without one, so ask but do not require.
        tlsSettings.clientCertificateMode = server::ClientCertificateMode::Request;
        for (const pki::Certificate& ca : m_ca.issuingCertificates() + QList<pki::Certificate> {m_ca.rootCertificate()})
            tlsSettings.clientCaCertificates += QSslCertificate(ca.toDer(), QSsl::Der);
        config.tls = std::move(tlsSettings);
        tlsFingerprint = tls->certificate.sha256Fingerprint();
        profileSigner = *tls;
    }

    m_challenges = std::make_unique<scep::StorageChallengeStore>(m_storage);
    enrollment::EnrollmentService::Config enrollmentConfig;
    enrollmentConfig.listeningPort = [this] { return serverPort(); };
    auto signer = pki::CmsSigner::create(profileSigner.certificate, profileSigner.key, profileSigner.chain);
    if (!signer) {
        teardownListener();
        return Error {QObject::tr("The profile signer cannot be loaded: %1").arg(signer.error().message)};
    }
    enrollmentConfig.signer = std::move(signer).value();
    m_enrollment = std::make_unique<enrollment::EnrollmentService>(m_storage, std::move(enrollmentConfig));
    // A certificate issued for an enrollment profile's challenge is linked to it.
    m_issuer = std::make_unique<scep::CaScepIssuer>(m_ca, scep::CaScepIssuer::EnrollmentResolver {},
        scep::CaScepIssuer::RenewalPolicy {},
        [this](const pki::Certificate& issued, const scep::IssueContext& context) {
            m_enrollment->certificateIssued(issued, context.challengeId);
        });
    scep::ScepServiceConfig scepConfig;
    scepConfig.caCertificate = m_ca.issuingCertificate();
    scepConfig.signerCertificate = ra->certificate;
    scepConfig.signerKey = ra->key;
    scepConfig.chain = {m_ca.rootCertificate()};
    auto scepService = scep::ScepService::create(std::move(scepConfig), *m_issuer, *m_challenges);
    if (!scepService)
        return Error {QObject::tr("The SCEP service cannot start: %1").arg(scepService.error().message)};
    m_scep = std::move(scepService).value();

    // Check-in: identity by TLS client certificate or Mdm-Signature (chained to our CAs); the
    // expected Topic is the active push certificate's, read at each message, so one imported
    // while the server runs (quincectl, the certificates page) counts at once.
    mdm::CheckInPolicy policy;
    policy.topicFromStore = true;
    m_checkIn = std::make_unique<mdm::CheckInProcessor>(m_storage, m_sealer, policy);
    m_connect = std::make_unique<mdm::ConnectProcessor>(m_storage);
    m_signatureVerifier = std::make_unique<pki::CmsVerifier>(
        m_ca.issuingCertificates() + QList<pki::Certificate> {m_ca.rootCertificate()});

    m_blockingPool = std::make_unique<QThreadPool>();
    m_blockingPool->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_listener = std::make_unique<server::HttpListener>(std::move(config));
    if (auto mounted = scep::mountScepService(*m_listener, *m_scep, *m_blockingPool); !mounted) {
        teardownListener(); // not stop(): maintain() runs in the timer stop() would delete
        return mounted.error();
    }
    if (auto mounted = mountMdmRoutes(*m_listener, *m_checkIn, *m_connect, *m_signatureVerifier); !mounted) {
        teardownListener();
        return mounted.error();
    }
    if (auto mounted = mountEnrollmentRoutes(*m_listener, *m_enrollment, *m_blockingPool); !mounted) {
        teardownListener();
        return mounted.error();
    }
    if (auto started = m_listener->start(); !started) {
        const Error failure = started.error(); // names the address and the system's reason
        teardownListener();
        return failure;
    }
    m_servedTlsFingerprint = tlsFingerprint;
    m_servedRaFingerprint = ra->certificate.sha256Fingerprint();
    qCInfo(lcRuntime, "listening on %s (%s)", qPrintable(baseUrl()),
        m_settings.plainHttp ? "plain HTTP behind a TLS proxy" : "TLS");
    return {};
}

void ServerRuntime::stop()
{
    m_maintenanceTimer.reset();
    stopPush();
    teardownListener();
}

Status ServerRuntime::startPush()
{
    stopPush();
    Result<apns::ApnsSettings> settings = Error {};
    (void)m_storage.writeAndWait(
        [&](storage::Database& db) -> storage::StorageStatus {
            settings = apns::ApnsSettings::apply(db, m_options.apnsUrl, m_options.apnsCaFile);
            return {};
        },
        {QStringLiteral("settings")});
    if (!settings)
        return Error {QObject::tr("Push (APNs) cannot start: %1").arg(settings.error().message)};
    auto clientConfig = settings->clientConfig();
    if (!clientConfig)
        return Error {QObject::tr("Push (APNs) cannot start: %1").arg(clientConfig.error().message)};
    m_pushStore = std::make_unique<pki::PushCertificateStore>(m_sealer);
    m_pushIdentity = std::make_unique<pki::PushIdentityMonitor>(*m_pushStore);
    // A push certificate that cannot be opened leaves push off until one can; the rest runs.
    (void)m_storage.writeAndWait([this](storage::Database& db) -> storage::StorageStatus {
        if (auto loaded = m_pushIdentity->reload(db); !loaded)
            qCWarning(lcRuntime, "the push certificate cannot be loaded: %s", qPrintable(loaded.error().message));
        return {};
    });
    m_apnsClient = std::make_unique<apns::ApnsClient>(*clientConfig);
    apns::PushServiceConfig config;
    config.pollIntervalMs = settings->pollSeconds * 1000LL;
    config.livenessIntervalMs = settings->livenessIntervalHours * 3600LL * 1000;
    config.inactiveAfterMs = settings->inactiveAfterDays * 24LL * 3600 * 1000;
    config.historyLimit = settings->historyLimit;
    config.inactiveExportPath = settings->inactiveExportFile;
    m_push = std::make_unique<apns::PushService>(m_storage, *m_pushIdentity, *m_apnsClient, config);
    m_pushThread = std::make_unique<QThread>();
    m_pushThread->setObjectName(QStringLiteral("apns"));
    m_pushContext = std::make_unique<QObject>();
    m_pushContext->moveToThread(m_pushThread.get());
    m_apnsClient->moveToThread(m_pushThread.get());
    m_push->moveToThread(m_pushThread.get());
    m_pushThread->start();
    QMetaObject::invokeMethod(m_push.get(), &apns::PushService::start, Qt::QueuedConnection);
    qCInfo(lcRuntime, "push: %s", qPrintable(clientConfig->endpoint.toString()));
    return {};
}

void ServerRuntime::stopPush()
{
    if (m_push) {
        // Stopped and destroyed on their own thread, where their timers and sockets live.
        QMetaObject::invokeMethod(
            m_pushContext.get(),
            [this] {
                m_push->stop();
                m_push.reset();
                m_apnsClient.reset();
            },
            Qt::BlockingQueuedConnection);
        m_pushThread->quit();
        m_pushThread->wait();
        // The service's jobs still queued use the identity monitor: let them finish first.
        (void)m_storage.writeAndWait([](storage::Database&) -> storage::StorageStatus { return {}; });
    }
    m_pushContext.reset();
    m_pushThread.reset();
    m_push.reset();
    m_apnsClient.reset();
    m_pushIdentity.reset();
    m_pushStore.reset();
}

void ServerRuntime::teardownListener()
{
    if (m_listener)
        m_listener->stop();
    if (m_blockingPool)
        m_blockingPool->waitForDone(); // SCEP jobs still running hold references to the service
    m_listener.reset();
    m_blockingPool.reset();
    m_scep.reset();
    m_issuer.reset();
    m_enrollment.reset();
    m_challenges.reset();
    m_checkIn.reset();
    m_connect.reset();
    m_signatureVerifier.reset();
}

bool ServerRuntime::isRunning() const
{
    return m_listener && m_listener->isListening();
}

quint16 ServerRuntime::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString ServerRuntime::baseUrl() const
{
    QString host = m_settings.hostNames.value(0, QStringLiteral("localhost"));
    if (QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    return (m_settings.plainHttp ? QStringLiteral("http://") : QStringLiteral("https://")) + host + u':'
        + QString::number(serverPort());
}

} // namespace quince::runtime

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/CertificateAuthority.h"

#include "core/pki/CertificateBuilder.h"
#include "core/storage/StorageWorker.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QSysInfo>

#include <openssl/crypto.h>

#include <algorithm>

namespace quince::pki {

using storage::Database;
using storage::StorageError;
using storage::StorageStatus;

namespace {

constexpr qint64 secondsPerDay = 86400;

PkiError storageFailure(const QString& what, const StorageError& error)
{
    return PkiError {PkiErrorKind::Internal, what + QStringLiteral(": ") + error.toString()};
}

// Plaintext key material is wiped as soon as it has been sealed or parsed.
void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

struct HostNames {
    QString first;
    QStringList dnsNames;
    QStringList ipAddresses;
};

// DNS names lower-cased, addresses in QHostAddress's canonical text (what Certificate reads
// back), duplicates dropped, order kept so that the first name stays the CN.
PkiResult<HostNames> normalizeHostNames(const QStringList& hostNames)
{
    HostNames result;
    for (const QString& raw : hostNames) {
        const QString name = raw.trimmed();
        if (name.isEmpty())
            continue;
        QHostAddress address;
        QString canonical;
        if (address.setAddress(name)) {
            canonical = address.toString();
            if (!result.ipAddresses.contains(canonical))
                result.ipAddresses.append(canonical);
        } else {
            canonical = name.toLower();
            if (canonical.endsWith(u'.'))
                canonical.chop(1);
            if (!result.dnsNames.contains(canonical))
                result.dnsNames.append(canonical);
        }
        if (result.first.isEmpty())
            result.first = canonical;
    }
    if (result.first.isEmpty())
        return PkiError {
            PkiErrorKind::InvalidArgument, QStringLiteral("The TLS certificate needs at least one host name")};
    return result;
}

} // namespace

QByteArray Identity::certificateChainPem() const
{
    QByteArray pem = certificate.toPem();
    for (const Certificate& cert : chain)
        pem += cert.toPem();
    return pem;
}

QByteArray Identity::privateKeyPem() const
{
    return key.toPem();
}

CertificateAuthority::CertificateAuthority(storage::StorageWorker& storage, const KeySealer& sealer, CaOptions options)
    : m_storage(storage),
      m_sealer(sealer),
      m_options(std::move(options)),
      m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

void CertificateAuthority::setClock(std::function<QDateTime()> clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

QDateTime CertificateAuthority::now() const
{
    return m_clock().toUTC();
}

QString CertificateAuthority::label() const
{
    if (!m_options.label.isEmpty())
        return m_options.label;
    const QString host = QSysInfo::machineHostName();
    return host.isEmpty() ? QStringLiteral("localhost") : host;
}

bool CertificateAuthority::isInitialized() const
{
    QMutexLocker lock(&m_mutex);
    return !m_issuing.isNull();
}

Certificate CertificateAuthority::rootCertificate() const
{
    QMutexLocker lock(&m_mutex);
    return m_root;
}

Certificate CertificateAuthority::issuingCertificate() const
{
    QMutexLocker lock(&m_mutex);
    return m_issuing;
}

QList<Certificate> CertificateAuthority::issuingCertificates() const
{
    QMutexLocker lock(&m_mutex);
    return m_issuingHistory;
}

PkiResult<PrivateKey> CertificateAuthority::generateKey(KeyAlgorithm algorithm) const
{
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        return PrivateKey::generateRsa(2048);
    case KeyAlgorithm::Rsa3072:
        return PrivateKey::generateRsa(3072);
    case KeyAlgorithm::EcP256:
        return PrivateKey::generateEcP256();
    }
    return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Unknown key algorithm")};
}

PkiResult<QByteArray> CertificateAuthority::sealKey(const PrivateKey& key, const Certificate& certificate) const
{
    QByteArray plaintext = key.toPkcs8Der();
    if (plaintext.isEmpty())
        return PkiError {PkiErrorKind::Internal, QStringLiteral("Cannot encode the private key")};
    auto sealed = m_sealer.seal(plaintext, CaStore::keyContext(certificate));
    wipe(plaintext);
    if (!sealed)
        return PkiError {
            PkiErrorKind::Internal, QStringLiteral("Cannot seal the private key: ") + sealed.error().message};
    return sealed.value();
}

PkiResult<PrivateKey> CertificateAuthority::openKey(const CertificateRecord& record) const
{
    if (!record.hasPrivateKey())
        return PkiError {PkiErrorKind::InvalidArgument,
            QStringLiteral("No private key is stored for %1").arg(record.certificate.subject())};
    auto opened = m_sealer.open(record.privateKeySealed, CaStore::keyContext(record.certificate));
    if (!opened)
        return PkiError {PkiErrorKind::Internal,
            QStringLiteral("Cannot unseal the key of %1: %2")
                .arg(record.certificate.subject(), opened.error().message)};
    QByteArray plaintext = std::move(opened.value());
    auto key = PrivateKey::fromDer(plaintext);
    wipe(plaintext);
    if (!key)
        return PkiError {PkiErrorKind::Malformed,
            QStringLiteral("The stored key of %1 is not a private key").arg(record.certificate.subject())};
    if (!record.certificate.matches(key.value()))
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The stored key of %1 does not match it").arg(record.certificate.subject())};
    return key;
}

PkiStatus CertificateAuthority::store(const QList<CertificateRecord>& records)
{
    const StorageStatus stored = m_storage.writeAndWait(
        [&records](Database& db) -> StorageStatus {
            for (const CertificateRecord& record : records) {
                auto id = CaStore::insert(db, record);
                if (!id)
                    return id.error();
                // One active root, issuing CA, TLS and SCEP RA certificate at a time; the older ones
                // stay as history (and, for issuing CAs, to verify what they signed).
                if (record.status == CertificateStatus::Active
                    && (record.kind == CertificateKind::RootCa || record.kind == CertificateKind::IssuingCa
                        || record.kind == CertificateKind::TlsServer || record.kind == CertificateKind::ScepRa)) {
                    if (auto superseded = CaStore::supersedeActive(db, record.kind, id.value()); !superseded)
                        return superseded.error();
                }
            }
            return {};
        },
        {QStringLiteral("certificates")});
    if (!stored)
        return storageFailure(QStringLiteral("Cannot store the certificates"), stored.error());
    return {};
}

PkiStatus CertificateAuthority::createRoot()
{
    const QDateTime notBefore = now().addSecs(-m_options.backdateSeconds);
    auto rootKey = generateKey(m_options.caKeyAlgorithm);
    if (!rootKey)
        return rootKey.error();
    const DistinguishedName rootName {{QStringLiteral("O"), m_options.organization},
        {QStringLiteral("CN"), QStringLiteral("Quince Root CA (%1)").arg(label())}};
    auto root = CertificateBuilder(CertificateBuilder::Profile::RootCa)
                    .setSubject(rootName)
                    .setValidity(notBefore, notBefore.addDays(m_options.rootValidityDays))
                    .selfSign(rootKey.value());
    if (!root)
        return root.error();
    auto sealedRoot = sealKey(rootKey.value(), root.value());
    if (!sealedRoot)
        return sealedRoot.error();
    CertificateRecord record;
    record.kind = CertificateKind::RootCa;
    record.certificate = root.value();
    record.privateKeySealed = sealedRoot.value();
    record.createdAt = now();
    return store({record});
}

PkiStatus CertificateAuthority::createIssuing(const CertificateRecord& root)
{
    // The only place the root key is unsealed; it goes out of scope at the end of this function.
    auto rootKey = openKey(root);
    if (!rootKey)
        return rootKey.error();
    auto issuingKey = generateKey(m_options.caKeyAlgorithm);
    if (!issuingKey)
        return issuingKey.error();
    const QDateTime notBefore = now().addSecs(-m_options.backdateSeconds);
    const QDateTime notAfter = std::min(notBefore.addDays(m_options.issuingValidityDays), root.certificate.notAfter());
    const DistinguishedName issuingName {{QStringLiteral("O"), m_options.organization},
        {QStringLiteral("CN"), QStringLiteral("Quince Issuing CA (%1)").arg(label())}};
    auto issuing = CertificateBuilder(CertificateBuilder::Profile::IssuingCa)
                       .setSubject(issuingName)
                       .setPublicKey(issuingKey.value())
                       .setValidity(notBefore, notAfter)
                       .sign(root.certificate, rootKey.value());
    if (!issuing)
        return issuing.error();
    auto sealed = sealKey(issuingKey.value(), issuing.value());
    if (!sealed)
        return sealed.error();
    CertificateRecord record;
    record.kind = CertificateKind::IssuingCa;
    record.certificate = issuing.value();
    record.privateKeySealed = sealed.value();
    record.createdAt = now();
    return store({record});
}

PkiStatus CertificateAuthority::ensureInitialized()
{
    QMutexLocker lock(&m_mutex);
    const qint64 renewSeconds = qint64(m_options.issuingRenewBeforeDays) * secondsPerDay;
    if (!m_issuing.isNull() && now().secsTo(m_issuing.notAfter()) > renewSeconds)
        return {};

    // Each pass loads what is stored and creates what is missing; the next pass loads it again,
    // so the in-memory state always comes from the database.
    for (int pass = 0; pass < 3; ++pass) {
        QList<CertificateRecord> roots;
        QList<CertificateRecord> issuing;
        const StorageStatus loaded = m_storage.writeAndWait([&](Database& db) -> StorageStatus {
            auto rootRows = CaStore::find(db, CertificateKind::RootCa, CertificateStatus::Active);
            if (!rootRows)
                return rootRows.error();
            auto issuingRows = CaStore::find(db, CertificateKind::IssuingCa);
            if (!issuingRows)
                return issuingRows.error();
            roots = rootRows.value();
            issuing = issuingRows.value();
            return {};
        });
        if (!loaded)
            return storageFailure(QStringLiteral("Cannot load the certificate authority"), loaded.error());

        if (roots.isEmpty()) {
            if (auto created = createRoot(); !created)
                return created;
            continue;
        }
        const CertificateRecord& root = roots.first();
        if (!root.certificate.isCa() || !root.certificate.isSelfIssued()
            || !root.certificate.isSignedBy(root.certificate))
            return PkiError {PkiErrorKind::Malformed, QStringLiteral("The stored root CA is not a self-signed CA")};
        const QDateTime current = now();
        if (root.certificate.notAfter() <= current)
            return PkiError {PkiErrorKind::Expired,
                QStringLiteral("The root CA expired on %1; every device must be enrolled again under a new root")
                    .arg(root.certificate.notAfter().toString(Qt::ISODate))};

        const CertificateRecord* active = nullptr;
        QList<Certificate> history;
        for (const CertificateRecord& record : issuing) {
            if (record.status == CertificateStatus::Revoked || record.certificate.notAfter() <= current
                || !record.certificate.isSignedBy(root.certificate))
                continue;
            if (record.status == CertificateStatus::Active && !active)
                active = &record;
            history.append(record.certificate);
        }
        // Renew when the active issuing CA nears its end, unless the root ends even sooner:
        // then a new issuing CA would not live longer, and only the expiry warning can help.
        const QDateTime possibleEnd
            = std::min(current.addSecs(-m_options.backdateSeconds).addDays(m_options.issuingValidityDays),
                root.certificate.notAfter());
        const bool needsNew = !active
            || (current.secsTo(active->certificate.notAfter()) <= renewSeconds
                && possibleEnd.secsTo(active->certificate.notAfter()) < -secondsPerDay);
        if (needsNew) {
            if (auto created = createIssuing(root); !created)
                return created;
            continue;
        }

        auto key = openKey(*active);
        if (!key)
            return key.error();
        m_root = root.certificate;
        m_issuing = active->certificate;
        m_issuingKey = key.value();
        history.removeAll(m_issuing);
        history.prepend(m_issuing);
        m_issuingHistory = history;
        if (m_tls && !m_tls->certificate.isSignedBy(m_issuing))
            m_tls.reset();
        return {};
    }
    return PkiError {PkiErrorKind::Internal, QStringLiteral("The certificate authority could not be initialised")};
}

QDateTime CertificateAuthority::clampToIssuer(const QDateTime& notAfter) const
{
    return std::min(notAfter, m_issuing.notAfter());
}

PkiResult<Identity> CertificateAuthority::ensureTlsServerIdentity(const QStringList& hostNames)
{
    auto names = normalizeHostNames(hostNames);
    if (!names)
        return names.error();
    QMutexLocker lock(&m_mutex);
    const qint64 renewSeconds = qint64(m_options.tlsRenewBeforeDays) * secondsPerDay;
    const auto fits = [&](const Certificate& cert, const QDateTime& current) {
        return cert.commonName() == names->first && sorted(cert.dnsNames()) == sorted(names->dnsNames)
            && sorted(cert.ipAddresses()) == sorted(names->ipAddresses)
            && current.secsTo(cert.notAfter()) > renewSeconds;
    };
    const auto issue = [&](const PrivateKey& key, const QDateTime& notBefore) {
        return CertificateBuilder(CertificateBuilder::Profile::TlsServer)
            .setSubject({{QStringLiteral("O"), m_options.organization}, {QStringLiteral("CN"), names->first}})
            .setPublicKey(key)
            .setSubjectAltNames(names->dnsNames, names->ipAddresses)
            .setValidity(notBefore, clampToIssuer(notBefore.addDays(m_options.tlsValidityDays)))
            .sign(m_issuing, m_issuingKey);
    };
    return ensureServiceIdentity(CertificateKind::TlsServer, m_tls, m_options.tlsKeyAlgorithm, fits, issue);
}

PkiResult<Identity> CertificateAuthority::ensureScepRaIdentity()
{
    QMutexLocker lock(&m_mutex);
    const qint64 renewSeconds = qint64(m_options.tlsRenewBeforeDays) * secondsPerDay;
    const auto fits = [&](const Certificate& cert, const QDateTime& current) {
        return current.secsTo(cert.notAfter()) > renewSeconds;
    };
    const auto issue = [&](const PrivateKey& key, const QDateTime& notBefore) {
        // Signs CertReps and receives the requests' RSA key transport: digitalSignature and
        // keyEncipherment, no EKU (SCEP defines none) and never a CA.
        return CertificateBuilder(CertificateBuilder::Profile::Custom)
            .setSubject({{QStringLiteral("O"), m_options.organization},
                {QStringLiteral("CN"), QStringLiteral("Quince SCEP RA (%1)").arg(label())}})
            .setPublicKey(key)
            .setKeyUsage(CertificateBuilder::KeyUsage::DigitalSignature | CertificateBuilder::KeyUsage::KeyEncipherment)
            .setValidity(notBefore, clampToIssuer(notBefore.addDays(m_options.tlsValidityDays)))
            .sign(m_issuing, m_issuingKey);
    };
    return ensureServiceIdentity(CertificateKind::ScepRa, m_scepRa, KeyAlgorithm::Rsa2048, fits, issue);
}

PkiResult<Identity> CertificateAuthority::ensureServiceIdentity(CertificateKind kind, std::optional<Identity>& cache,
    KeyAlgorithm algorithm, const std::function<bool(const Certificate&, const QDateTime&)>& fits,
    const std::function<PkiResult<Certificate>(const PrivateKey&, const QDateTime&)>& issue)
{
    if (m_issuing.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The certificate authority is not initialised")};

    const QDateTime current = now();
    // A certificate from an older issuing CA is replaced too: the chain we serve names the active one.
    const auto usable = [&](const Certificate& cert) { return cert.isSignedBy(m_issuing) && fits(cert, current); };
    if (cache && usable(cache->certificate))
        return *cache;

    QList<CertificateRecord> stored;
    const StorageStatus loaded = m_storage.writeAndWait([&stored, kind](Database& db) -> StorageStatus {
        auto rows = CaStore::find(db, kind, CertificateStatus::Active);
        if (!rows)
            return rows.error();
        stored = rows.value();
        return {};
    });
    if (!loaded)
        return storageFailure(QStringLiteral("Cannot load the %1 certificate").arg(displayName(kind)), loaded.error());
    if (!stored.isEmpty() && usable(stored.first().certificate)) {
        auto key = openKey(stored.first());
        if (key) {
            cache = Identity {stored.first().certificate, key.value(), {m_issuing}};
            return *cache;
        }
        // An unreadable key is no reason to stay without the service: issue a new certificate below.
    }

    auto key = generateKey(algorithm);
    if (!key)
        return key.error();
    auto cert = issue(key.value(), current.addSecs(-m_options.backdateSeconds));
    if (!cert)
        return cert.error();
    auto sealed = sealKey(key.value(), cert.value());
    if (!sealed)
        return sealed.error();
    CertificateRecord record;
    record.kind = kind;
    record.certificate = cert.value();
    record.privateKeySealed = sealed.value();
    record.createdAt = current;
    if (auto saved = store({record}); !saved)
        return saved.error();
    cache = Identity {cert.value(), key.value(), {m_issuing}};
    return *cache;
}

PkiResult<Certificate> CertificateAuthority::signClient(
    const std::optional<CertificateRequest>& request, const QByteArray& publicKey, const IssueOptions& options) const
{
    if (m_issuing.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The certificate authority is not initialised")};
    CertificateBuilder builder(CertificateBuilder::Profile::TlsClient);
    if (request) {
        if (!request->verifySignature())
            return PkiError {
                PkiErrorKind::BadSignature, QStringLiteral("The certificate request's signature is invalid")};
        builder.setSubjectAndKey(*request);
    } else {
        builder.setPublicKey(publicKey);
    }
    if (!options.subject.isEmpty())
        builder.setSubject(options.subject);
    else if ((!request || request->subjectName().isEmpty()) && !options.commonName.isEmpty())
        builder.setSubject({{QStringLiteral("O"), m_options.organization}, {QStringLiteral("CN"), options.commonName}});
    else if (!request || request->subjectName().isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("The client certificate needs a subject")};

    const int days = options.validityDays > 0 ? options.validityDays : m_options.clientValidityDays;
    const QDateTime notBefore = now().addSecs(-m_options.backdateSeconds);
    builder.setValidity(notBefore, clampToIssuer(notBefore.addDays(days)));
    return builder.sign(m_issuing, m_issuingKey);
}

PkiResult<Certificate> CertificateAuthority::signClientCertificate(
    const CertificateRequest& request, const IssueOptions& options) const
{
    QMutexLocker lock(&m_mutex);
    return signClient(request, {}, options);
}

PkiResult<Certificate> CertificateAuthority::signClientCertificate(
    const QByteArray& subjectPublicKeyInfoDer, const IssueOptions& options) const
{
    QMutexLocker lock(&m_mutex);
    return signClient(std::nullopt, subjectPublicKeyInfoDer, options);
}

Result<qint64, StorageError> CertificateAuthority::recordIssued(
    Database& db, const Certificate& certificate, const IssueOptions& options)
{
    CertificateRecord record;
    record.kind = options.kind;
    record.certificate = certificate;
    record.deviceUdid = options.deviceUdid;
    record.enrollmentId = options.enrollmentId;
    record.createdAt = QDateTime::currentDateTimeUtc();
    return CaStore::insert(db, record);
}

PkiResult<Certificate> CertificateAuthority::recordClient(
    const PkiResult<Certificate>& signedCertificate, const IssueOptions& options)
{
    if (!signedCertificate)
        return signedCertificate;
    const Certificate cert = signedCertificate.value();
    const StorageStatus stored = m_storage.writeAndWait(
        [&](Database& db) -> StorageStatus {
            auto id = recordIssued(db, cert, options);
            if (!id)
                return id.error();
            return {};
        },
        {QStringLiteral("certificates")});
    if (!stored)
        return storageFailure(QStringLiteral("Cannot record the issued certificate"), stored.error());
    return cert;
}

PkiResult<Certificate> CertificateAuthority::issueClientCertificate(
    const CertificateRequest& request, const IssueOptions& options)
{
    QMutexLocker lock(&m_mutex);
    return recordClient(signClient(request, {}, options), options);
}

PkiResult<Certificate> CertificateAuthority::issueClientCertificate(
    const QByteArray& subjectPublicKeyInfoDer, const IssueOptions& options)
{
    QMutexLocker lock(&m_mutex);
    return recordClient(signClient(std::nullopt, subjectPublicKeyInfoDer, options), options);
}

PkiResult<Identity> CertificateAuthority::issueClientIdentity(const IssueOptions& options)
{
    auto key = generateKey(m_options.clientKeyAlgorithm);
    if (!key)
        return key.error();
    QMutexLocker lock(&m_mutex);
    auto cert = recordClient(signClient(std::nullopt, key->publicKeyDer(), options), options);
    if (!cert)
        return cert.error();
    return Identity {cert.value(), key.value(), {m_issuing}};
}

} // namespace quince::pki

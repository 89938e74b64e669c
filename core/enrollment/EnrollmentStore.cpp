// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentStore.h"

#include "core/enrollment/EnrollmentProfileBuilder.h"
#include "core/pki/CaStore.h"
#include "core/pki/KeySealer.h"
#include "core/pki/PushCertificateStore.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/secrets/SecretBytes.h"
#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QObject>
#include <QSqlQuery>
#include <QUuid>

#include <optional>

namespace quince::enrollment {

using pki::CaStore;
using pki::CertificateKind;
using pki::CertificateRecord;
using pki::CertificateStatus;
using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

EnrollmentError storageError(const QString& what, const StorageError& error)
{
    return EnrollmentError {EnrollmentErrorKind::Storage, what + QStringLiteral(": ") + error.toString()};
}

EnrollmentResult<std::optional<CertificateRecord>> newestActive(Database& db, CertificateKind kind)
{
    auto rows = CaStore::find(db, kind, CertificateStatus::Active);
    if (!rows)
        return storageError(QObject::tr("Cannot read the certificates"), rows.error());
    if (rows->isEmpty())
        return std::optional<CertificateRecord>();
    return std::optional<CertificateRecord>(rows->first());
}

} // namespace

EnrollmentResult<QString> EnrollmentStore::profileIdentifier(Database& db)
{
    const auto read = [&db]() -> EnrollmentResult<QString> {
        auto row = db.exec(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {profileIdentifierKey()});
        if (!row)
            return storageError(QObject::tr("Cannot read the profile identifier"), row.error());
        return row->next() ? row->value(0).toString() : QString();
    };
    auto stored = read();
    if (!stored || !stored->isEmpty())
        return stored;
    const QString candidate
        = QStringLiteral("com.quince-mdm.enrollment.") + QUuid::createUuid().toString(QUuid::WithoutBraces).toLower();
    // Insert-if-absent, then read again: two processes making their first profile at once agree.
    auto inserted = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                           "ON CONFLICT (key) DO NOTHING"),
        {profileIdentifierKey(), candidate, storage::nowDbTimestamp()});
    if (!inserted)
        return storageError(QObject::tr("Cannot store the profile identifier"), inserted.error());
    stored = read();
    if (stored && stored->isEmpty())
        return EnrollmentError {EnrollmentErrorKind::Storage, QObject::tr("The profile identifier setting is empty.")};
    return stored;
}

EnrollmentResult<EnrollmentMaterial> EnrollmentStore::loadMaterial(Database& db)
{
    EnrollmentMaterial material;
    auto root = newestActive(db, CertificateKind::RootCa);
    if (!root)
        return root.error();
    auto issuing = newestActive(db, CertificateKind::IssuingCa);
    if (!issuing)
        return issuing.error();
    if (!*root || !*issuing)
        return EnrollmentError {EnrollmentErrorKind::NotReady,
            QObject::tr("The certificate authority is not created yet: start quince or quinced once.")};
    material.root = (*root)->certificate;
    material.intermediates = {(*issuing)->certificate};
    material.organization = material.root.subjectAttribute("O");

    auto push = pki::PushCertificateStore::activeCertificate(db);
    if (!push)
        return EnrollmentError {EnrollmentErrorKind::Storage,
            QObject::tr("Cannot read the push certificate: %1").arg(push.error().message)};
    if (!push->has_value())
        return EnrollmentError {EnrollmentErrorKind::NotReady,
            QObject::tr("No push certificate: devices cannot be enrolled before one is imported "
                        "(run `quincectl push-cert import`).")};
    material.topic = (*push)->topic();

    auto identifier = profileIdentifier(db);
    if (!identifier)
        return identifier.error();
    material.profileIdentifier = *identifier;
    return material;
}

EnrollmentResult<IssuedProfile> EnrollmentStore::issueProfile(
    Database& db, const EnrollmentUrls& urls, const pki::CmsSigner& signer, const ProfileOptions& options)
{
    if (urls.isNull())
        return EnrollmentError {EnrollmentErrorKind::NotReady, QObject::tr("No public URL for the server is known.")};
    if (options.sign && signer.isNull())
        return EnrollmentError {EnrollmentErrorKind::Signing, QObject::tr("No identity to sign the profile with.")};
    const QDateTime now = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();

    std::optional<EnrollmentError> failure;
    IssuedProfile issued;
    const StorageStatus done = db.transact([&]() -> StorageStatus {
        auto material = loadMaterial(db);
        if (!material) {
            failure = material.error();
            return StorageError {StorageErrorKind::JobFailed, failure->message, {}};
        }
        auto challenge = scep::StorageChallengeStore::createIn(
            db, options.purpose, options.createdBy, options.challengeLifetime, now);
        if (!challenge)
            return challenge.error();

        EnrollmentProfileSpec spec;
        spec.profileIdentifier = material->profileIdentifier;
        spec.urls = urls;
        spec.root = material->root;
        spec.intermediates = material->intermediates;
        spec.topic = material->topic;
        spec.challenge = challenge->challenge;
        spec.organization = material->organization;
        spec.signMessage = options.signMessage;
        auto bytes = EnrollmentProfileBuilder::encode(
            EnrollmentProfileBuilder::enrollmentProfile(spec), options.sign ? &signer : nullptr);
        secrets::wipe(challenge->challenge);
        secrets::wipe(spec.challenge);
        if (!bytes) {
            failure = bytes.error();
            return StorageError {StorageErrorKind::JobFailed, failure->message, {}};
        }
        issued.bytes = std::move(bytes).value();
        issued.isSigned = options.sign;
        issued.profileIdentifier = material->profileIdentifier;
        issued.challengeId = challenge->id;
        issued.challengeExpiresAt = challenge->expiresAt;
        return {};
    });
    if (failure)
        return *failure;
    if (!done)
        return storageError(QObject::tr("Cannot create the enrollment challenge"), done.error());
    return issued;
}

EnrollmentResult<QByteArray> EnrollmentStore::trustProfile(Database& db)
{
    auto root = newestActive(db, CertificateKind::RootCa);
    if (!root)
        return root.error();
    if (!*root)
        return EnrollmentError {EnrollmentErrorKind::NotReady,
            QObject::tr("The certificate authority is not created yet: start quince or quinced once.")};
    auto identifier = profileIdentifier(db);
    if (!identifier)
        return identifier.error();
    return EnrollmentProfileBuilder::encode(EnrollmentProfileBuilder::trustProfile(*identifier, (*root)->certificate,
                                                (*root)->certificate.subjectAttribute("O")),
        nullptr);
}

EnrollmentResult<pki::CmsSigner> EnrollmentStore::loadSigner(Database& db, const pki::KeySealer& sealer)
{
    std::optional<CertificateRecord> identity;
    for (const CertificateKind kind : {CertificateKind::TlsServer, CertificateKind::ScepRa}) {
        auto record = newestActive(db, kind);
        if (!record)
            return record.error();
        if (*record && (*record)->hasPrivateKey()) {
            identity = **record;
            break;
        }
    }
    if (!identity)
        return EnrollmentError {EnrollmentErrorKind::NotReady,
            QObject::tr("No server identity to sign the profile with yet: start quince or quinced once "
                        "(or ask for an unsigned profile).")};
    auto issuers = CaStore::find(db, CertificateKind::IssuingCa);
    if (!issuers)
        return storageError(QObject::tr("Cannot read the certificates"), issuers.error());
    QList<pki::Certificate> chain;
    for (const CertificateRecord& issuer : *issuers)
        if (identity->certificate.isSignedBy(issuer.certificate)) {
            chain.append(issuer.certificate);
            break;
        }

    auto opened = sealer.open(identity->privateKeySealed, CaStore::keyContext(identity->certificate));
    if (!opened)
        return EnrollmentError {
            EnrollmentErrorKind::Signing, QObject::tr("Cannot unseal the signing key: %1").arg(opened.error().message)};
    QByteArray plaintext = std::move(opened).value();
    auto key = pki::PrivateKey::fromDer(plaintext);
    secrets::wipe(plaintext);
    if (!key)
        return EnrollmentError {
            EnrollmentErrorKind::Signing, QObject::tr("The stored signing key is not a private key.")};
    auto signer = pki::CmsSigner::create(identity->certificate, *key, chain);
    if (!signer)
        return EnrollmentError {EnrollmentErrorKind::Signing, signer.error().message};
    return std::move(signer).value();
}

EnrollmentResult<bool> EnrollmentStore::linkIssuedCertificate(
    Database& db, qint64 challengeId, const QString& certificateSha256Hex)
{
    auto updated = db.exec(QStringLiteral("UPDATE scep_challenges SET certificate_id = "
                                          "(SELECT id FROM certificates WHERE sha256 = ?) WHERE id = ?"),
        {certificateSha256Hex.toLower(), challengeId});
    if (!updated)
        return storageError(QObject::tr("Cannot link the certificate to its challenge"), updated.error());
    return updated->numRowsAffected() > 0;
}

} // namespace quince::enrollment

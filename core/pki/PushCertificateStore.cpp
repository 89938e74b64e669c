// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/PushCertificateStore.h"

#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include <openssl/crypto.h>

namespace quince::pki {

namespace {

using storage::Database;
using storage::StorageError;
using storage::StorageStatus;

const QString kPushKind = QStringLiteral("push");

PushCertificateError fromPki(const PkiError& error)
{
    PushCertificateErrorKind kind = PushCertificateErrorKind::Internal;
    switch (error.kind) {
    case PkiErrorKind::Malformed:
    case PkiErrorKind::UnsupportedAlgorithm:
        kind = PushCertificateErrorKind::Malformed;
        break;
    case PkiErrorKind::WrongPassword:
        kind = PushCertificateErrorKind::WrongPassword;
        break;
    case PkiErrorKind::KeyMismatch:
        kind = PushCertificateErrorKind::KeyMismatch;
        break;
    case PkiErrorKind::Expired:
        kind = PushCertificateErrorKind::Expired;
        break;
    case PkiErrorKind::BadSignature:
    case PkiErrorKind::UntrustedChain:
    case PkiErrorKind::InvalidArgument:
    case PkiErrorKind::Internal:
        kind = PushCertificateErrorKind::Internal;
        break;
    }
    return PushCertificateError {kind, error.message, {}, {}};
}

PushCertificateError fromStorage(const StorageError& error)
{
    return PushCertificateError {PushCertificateErrorKind::Storage, error.toString(), {}, {}};
}

/// Overwrites a plaintext key encoding before its memory is released.
void wipe(QByteArray& secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), static_cast<size_t>(secret.size()));
    secret.clear();
}

/// A row holding a sealed push key: a request or an earlier push certificate.
struct KeyRow {
    qint64 requestId = -1; // set when the key comes from certificate_requests
    QByteArray sealed;
};

} // namespace

QString errorKindName(PushCertificateErrorKind kind)
{
    switch (kind) {
    case PushCertificateErrorKind::Malformed:
        return QStringLiteral("Malformed");
    case PushCertificateErrorKind::WrongPassword:
        return QStringLiteral("WrongPassword");
    case PushCertificateErrorKind::KeyMismatch:
        return QStringLiteral("KeyMismatch");
    case PushCertificateErrorKind::NotPushCertificate:
        return QStringLiteral("NotPushCertificate");
    case PushCertificateErrorKind::Expired:
        return QStringLiteral("Expired");
    case PushCertificateErrorKind::TopicChanged:
        return QStringLiteral("TopicChanged");
    case PushCertificateErrorKind::AlreadyImported:
        return QStringLiteral("AlreadyImported");
    case PushCertificateErrorKind::Sealing:
        return QStringLiteral("Sealing");
    case PushCertificateErrorKind::Storage:
        return QStringLiteral("Storage");
    case PushCertificateErrorKind::Internal:
        return QStringLiteral("Internal");
    }
    return QStringLiteral("Unknown");
}

PushCertificateStore::PushCertificateStore(const KeySealer& sealer) : m_sealer(sealer)
{
}

QString PushCertificateStore::sealingContext(const QByteArray& publicKeyDer)
{
    return QStringLiteral("pki/push-key/")
        + QString::fromLatin1(QCryptographicHash::hash(publicKeyDer, QCryptographicHash::Sha256).toHex());
}

PushResult<PrivateKey> PushCertificateStore::openKey(const QByteArray& sealed, const QByteArray& publicKeyDer) const
{
    Result<QByteArray> plain = m_sealer.open(sealed, sealingContext(publicKeyDer));
    if (!plain)
        return PushCertificateError {PushCertificateErrorKind::Sealing,
            QStringLiteral("Cannot open the sealed push key: %1").arg(plain.error().message), {}, {}};
    PkiResult<PrivateKey> key = PrivateKey::fromDer(*plain);
    wipe(*plain);
    if (!key)
        return PushCertificateError {PushCertificateErrorKind::Sealing,
            QStringLiteral("The sealed push key does not hold a private key"), {}, {}};
    return *key;
}

PushResult<CertificateRequest> PushCertificateStore::createRequest(Database& db, const QString& organization) const
{
    PkiResult<PushCertificate::Request> request = PushCertificate::generateRequest(organization);
    if (!request)
        return fromPki(request.error());
    QByteArray pkcs8 = request->key.toPkcs8Der();
    Result<QByteArray> sealed = m_sealer.seal(pkcs8, sealingContext(request->csr.publicKeyDer()));
    wipe(pkcs8);
    if (!sealed)
        return PushCertificateError {PushCertificateErrorKind::Sealing,
            QStringLiteral("Cannot seal the push key: %1").arg(sealed.error().message), {}, {}};

    auto inserted = db.exec(QStringLiteral("INSERT INTO certificate_requests (kind, csr_der, private_key_sealed, "
                                           "created_at) VALUES (?, ?, ?, ?)"),
        {kPushKind, request->csr.toDer(), *sealed, storage::nowDbTimestamp()});
    if (!inserted)
        return fromStorage(inserted.error());
    return request->csr;
}

PushResult<PushCertificate> PushCertificateStore::importCertificate(
    Database& db, const QByteArray& fileBytes, const QByteArray& password) const
{
    PkiResult<PushCertificate::FileContents> file = PushCertificate::parseFile(fileBytes, password);
    if (!file)
        return fromPki(file.error());
    const Certificate& certificate = file->certificate;

    PkiResult<QString> topic = PushCertificate::topicOf(certificate);
    if (!topic)
        return PushCertificateError {PushCertificateErrorKind::NotPushCertificate, topic.error().message, {}, {}};
    if (certificate.notAfter() < QDateTime::currentDateTimeUtc())
        return PushCertificateError {PushCertificateErrorKind::Expired,
            QStringLiteral("The push certificate for %1 expired on %2; renew it in Apple's push certificate portal")
                .arg(*topic, certificate.notAfter().toString(Qt::ISODate)),
            {}, {}};

    auto duplicate
        = db.exec(QStringLiteral("SELECT status FROM certificates WHERE sha256 = ?"), {certificate.sha256Hex()});
    if (!duplicate)
        return fromStorage(duplicate.error());
    if (duplicate->next())
        return PushCertificateError {PushCertificateErrorKind::AlreadyImported,
            QStringLiteral("This push certificate (%1) is already imported (%2)")
                .arg(*topic, duplicate->value(0).toString()),
            {}, {}};

    // The topic is what every enrolled device was told to listen for: a certificate for another
    // topic (a new certificate instead of a renewal in Apple's portal) would silence them all.
    auto active
        = db.exec(QStringLiteral("SELECT topic FROM certificates WHERE kind = ? AND status = 'active'"), {kPushKind});
    if (!active)
        return fromStorage(active.error());
    if (active->next()) {
        const QString activeTopic = active->value(0).toString();
        if (activeTopic != *topic)
            return PushCertificateError {PushCertificateErrorKind::TopicChanged,
                QStringLiteral("Refusing the push certificate for topic %1: the active push certificate's topic is "
                               "%2, and every enrolled device only accepts pushes for that topic. Renew the "
                               "existing certificate in Apple's push certificate portal (same Apple ID, "
                               "\"Renew\") instead of creating a new one.")
                    .arg(*topic, activeTopic),
                activeTopic, *topic};
    }

    // Find the key: the file's own, else a sealed one whose public half the certificate carries.
    // Comparing public keys needs no unsealing, so only the matching key is ever opened.
    const QByteArray publicKey = certificate.publicKeyDer();
    PrivateKey key = file->key;
    qint64 requestId = -1;
    auto requests = db.exec(QStringLiteral("SELECT id, csr_der, private_key_sealed FROM certificate_requests "
                                           "WHERE kind = ? ORDER BY fulfilled_at IS NULL DESC, id DESC"),
        {kPushKind});
    if (!requests)
        return fromStorage(requests.error());
    std::optional<KeyRow> keyRow;
    int pending = 0;
    while (requests->next()) {
        ++pending;
        PkiResult<CertificateRequest> csr = CertificateRequest::fromDer(requests->value(1).toByteArray());
        if (csr && csr->publicKeyDer() == publicKey) {
            keyRow = KeyRow {requests->value(0).toLongLong(), requests->value(2).toByteArray()};
            break;
        }
    }
    if (!keyRow) {
        // Apple may renew against the CSR of the previous certificate: its key is on that row.
        auto previous = db.exec(
            QStringLiteral("SELECT der, private_key_sealed FROM certificates WHERE kind = ? AND private_key_sealed "
                           "IS NOT NULL ORDER BY id DESC"),
            {kPushKind});
        if (!previous)
            return fromStorage(previous.error());
        while (previous->next()) {
            PkiResult<Certificate> earlier = Certificate::fromDer(previous->value(0).toByteArray());
            if (earlier && earlier->publicKeyDer() == publicKey) {
                keyRow = KeyRow {-1, previous->value(1).toByteArray()};
                break;
            }
        }
    }
    if (keyRow) {
        requestId = keyRow->requestId;
        if (key.isNull()) {
            PushResult<PrivateKey> opened = openKey(keyRow->sealed, publicKey);
            if (!opened)
                return opened.error();
            key = *opened;
        }
    }
    if (key.isNull())
        return PushCertificateError {PushCertificateErrorKind::KeyMismatch,
            QStringLiteral("The push certificate for %1 does not belong to any push request made here (%2 "
                           "checked): import it as a PKCS#12 with its key, or make the request with 'quincectl "
                           "push-cert request' and upload that CSR")
                .arg(*topic)
                .arg(pending),
            {}, {}};

    PkiResult<PushCertificate> identity = PushCertificate::create(certificate, key);
    if (!identity)
        return fromPki(identity.error());

    QByteArray pkcs8 = key.toPkcs8Der();
    Result<QByteArray> sealed = m_sealer.seal(pkcs8, sealingContext(publicKey));
    wipe(pkcs8);
    if (!sealed)
        return PushCertificateError {PushCertificateErrorKind::Sealing,
            QStringLiteral("Cannot seal the push key: %1").arg(sealed.error().message), {}, {}};

    const qint64 now = storage::nowDbTimestamp();
    StorageStatus written = db.transact([&]() -> StorageStatus {
        auto superseded = db.exec(
            QStringLiteral("UPDATE certificates SET status = 'superseded' WHERE kind = ? AND status = 'active'"),
            {kPushKind});
        if (!superseded)
            return superseded.error();
        auto inserted = db.exec(
            QStringLiteral("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, "
                           "not_after, der, private_key_sealed, topic, created_at) "
                           "VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {kPushKind, certificate.subject(), certificate.issuer(), certificate.serialHex(), certificate.sha256Hex(),
                storage::toDbTimestamp(certificate.notBefore()), storage::toDbTimestamp(certificate.notAfter()),
                certificate.toDer(), *sealed, *topic, now});
        if (!inserted)
            return inserted.error();
        if (requestId >= 0) {
            auto fulfilled
                = db.exec(QStringLiteral(
                              "UPDATE certificate_requests SET fulfilled_at = ? WHERE id = ? AND fulfilled_at IS NULL"),
                    {now, requestId});
            if (!fulfilled)
                return fulfilled.error();
        }
        return {};
    });
    if (!written)
        return fromStorage(written.error());
    return *identity;
}

PushResult<std::optional<PushCertificate>> PushCertificateStore::activeIdentity(Database& db) const
{
    auto row = db.exec(QStringLiteral("SELECT der, private_key_sealed FROM certificates WHERE kind = ? AND "
                                      "status = 'active' ORDER BY id DESC LIMIT 1"),
        {kPushKind});
    if (!row)
        return fromStorage(row.error());
    if (!row->next())
        return std::optional<PushCertificate>();
    PkiResult<Certificate> certificate = Certificate::fromDer(row->value(0).toByteArray());
    if (!certificate)
        return fromPki(certificate.error());
    PushResult<PrivateKey> key = openKey(row->value(1).toByteArray(), certificate->publicKeyDer());
    if (!key)
        return key.error();
    PkiResult<PushCertificate> identity = PushCertificate::create(*certificate, *key);
    if (!identity)
        return fromPki(identity.error());
    return std::optional<PushCertificate>(*identity);
}

PushResult<std::optional<PushCertificate>> PushCertificateStore::activeCertificate(Database& db)
{
    auto row = db.exec(QStringLiteral("SELECT der FROM certificates WHERE kind = ? AND status = 'active' "
                                      "ORDER BY id DESC LIMIT 1"),
        {kPushKind});
    if (!row)
        return fromStorage(row.error());
    if (!row->next())
        return std::optional<PushCertificate>();
    PkiResult<Certificate> certificate = Certificate::fromDer(row->value(0).toByteArray());
    if (!certificate)
        return fromPki(certificate.error());
    PkiResult<PushCertificate> identity = PushCertificate::create(*certificate, PrivateKey());
    if (!identity)
        return fromPki(identity.error());
    return std::optional<PushCertificate>(*identity);
}

PushResult<QString> PushCertificateStore::activeFingerprint(Database& db) const
{
    auto row = db.exec(QStringLiteral("SELECT sha256 FROM certificates WHERE kind = ? AND status = 'active' "
                                      "ORDER BY id DESC LIMIT 1"),
        {kPushKind});
    if (!row)
        return fromStorage(row.error());
    return row->next() ? row->value(0).toString() : QString();
}

} // namespace quince::pki

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/StorageChallengeStore.h"

#include "core/scep/ScepLog.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include <openssl/rand.h>

#include <optional>

namespace quince::scep {

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

// 160 bits, hex-encoded: hex is a PrintableString, so every client can put it in a CSR's
// challengePassword attribute unchanged (base64url's '_' is not).
constexpr int kChallengeBytes = 20;

QByteArray randomChallenge()
{
    QByteArray raw(kChallengeBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), kChallengeBytes) != 1)
        return {};
    return raw.toHex();
}

} // namespace

StorageChallengeStore::StorageChallengeStore(storage::StorageWorker& worker, Clock clock)
    : m_worker(worker), m_clock(std::move(clock))
{
}

QDateTime StorageChallengeStore::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QString StorageChallengeStore::digestOf(const QByteArray& challenge)
{
    return QString::fromLatin1(QCryptographicHash::hash(challenge, QCryptographicHash::Sha256).toHex());
}

Result<NewChallenge, StorageError> StorageChallengeStore::create(
    const QString& purpose, const QString& createdBy, std::chrono::seconds lifetime)
{
    std::optional<Result<NewChallenge, StorageError>> created;
    const QDateTime at = now();
    const StorageStatus status = m_worker.writeAndWait(
        [&](Database& db) -> StorageStatus {
            created = createIn(db, purpose, createdBy, lifetime, at);
            if (!*created)
                return created->error();
            return {};
        },
        {QStringLiteral("scep_challenges")});
    if (!status)
        return status.error();
    return std::move(*created);
}

Result<NewChallenge, StorageError> StorageChallengeStore::createIn(
    Database& db, const QString& purpose, const QString& createdBy, std::chrono::seconds lifetime, const QDateTime& now)
{
    NewChallenge created;
    created.challenge = randomChallenge();
    if (created.challenge.isEmpty())
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("No randomness for a SCEP challenge"), {}};
    created.expiresAt = now.addSecs(lifetime.count());
    Result<QSqlQuery, StorageError> query = db.exec(
        QStringLiteral("INSERT INTO scep_challenges (challenge_sha256, purpose, created_by, created_at, expires_at) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {digestOf(created.challenge), purpose,
            createdBy.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(createdBy),
            storage::toDbTimestamp(now), storage::toDbTimestamp(created.expiresAt)});
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("No id for the new challenge"), {}};
    created.id = query->value(0).toLongLong();
    return created;
}

ChallengeCheck StorageChallengeStore::consume(const QByteArray& challenge)
{
    ChallengeCheck check;
    if (challenge.isEmpty())
        return check; // Unknown: no row can match an empty password
    const QString digest = digestOf(challenge);
    const qint64 at = now().toMSecsSinceEpoch();

    const StorageStatus status = m_worker.writeAndWait(
        [&](Database& db) -> StorageStatus {
            // The condition is the whole single-use rule: one statement, so two consumers of the
            // same challenge cannot both see it unused.
            Result<QSqlQuery, StorageError> updated
                = db.exec(QStringLiteral("UPDATE scep_challenges SET used_at = ? "
                                         "WHERE challenge_sha256 = ? AND used_at IS NULL AND expires_at > ? "
                                         "RETURNING id, purpose"),
                    {at, digest, at});
            if (!updated)
                return updated.error();
            if (updated->next()) {
                check.status = ChallengeCheck::Status::Accepted;
                check.id = updated->value(0).toLongLong();
                check.purpose = updated->value(1).toString();
                return {};
            }
            // Not consumed: say why, for the log and the failInfo.
            Result<QSqlQuery, StorageError> row = db.exec(
                QStringLiteral("SELECT used_at, expires_at FROM scep_challenges WHERE challenge_sha256 = ?"), {digest});
            if (!row)
                return row.error();
            if (!row->next())
                check.status = ChallengeCheck::Status::Unknown;
            else if (!row->value(0).isNull())
                check.status = ChallengeCheck::Status::AlreadyUsed;
            else
                check.status = ChallengeCheck::Status::Expired;
            return {};
        },
        {QStringLiteral("scep_challenges")});
    if (!status) {
        qCWarning(lcScep) << "challenge store failed:" << status.error().toString();
        return ChallengeCheck {ChallengeCheck::Status::Unavailable, -1, {}};
    }
    return check;
}

StorageStatus StorageChallengeStore::linkCertificate(qint64 challengeId, qint64 certificateId)
{
    return m_worker.writeAndWait(
        [=](Database& db) -> StorageStatus {
            Result<QSqlQuery, StorageError> query
                = db.exec(QStringLiteral("UPDATE scep_challenges SET certificate_id = ? WHERE id = ?"),
                    {certificateId, challengeId});
            if (!query)
                return query.error();
            return {};
        },
        {QStringLiteral("scep_challenges")});
}

Result<int, StorageError> StorageChallengeStore::purgeExpiredBefore(const QDateTime& cutoff)
{
    int removed = 0;
    const StorageStatus status = m_worker.writeAndWait(
        [&](Database& db) -> StorageStatus {
            Result<QSqlQuery, StorageError> query = db.exec(
                QStringLiteral("DELETE FROM scep_challenges WHERE expires_at < ?"), {storage::toDbTimestamp(cutoff)});
            if (!query)
                return query.error();
            removed = query->numRowsAffected();
            return {};
        },
        {QStringLiteral("scep_challenges")});
    if (!status)
        return status.error();
    return removed;
}

} // namespace quince::scep

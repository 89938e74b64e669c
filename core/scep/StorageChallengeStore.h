// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/scep/ChallengeStore.h"
#include "core/storage/StorageError.h"

#include <QDateTime>

#include <chrono>
#include <functional>

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage

namespace quince::scep {

/// A challenge just created: the clear password is in this value and nowhere else.
struct NewChallenge {
    qint64 id = -1;
    /// The clear challenge: hand it to the enrollment profile once, never store or log it.
    QByteArray challenge;
    QDateTime expiresAt;
};

/// The ChallengeStore over the scep_challenges table, written through the StorageWorker.
///
/// Only the SHA-256 of a challenge is stored. That is enough without a salt or a slow hash
/// because challenges are 160 random bits: there is nothing to guess. consume() is one
/// conditional UPDATE (unused and unexpired) in the writer's transaction, so it is atomic
/// across threads and across processes sharing the file.
class StorageChallengeStore : public ChallengeStore {
public:
    using Clock = std::function<QDateTime()>;

    static constexpr std::chrono::seconds kDefaultLifetime {3600};

    /// worker must be started and outlive the store. clock defaults to the system clock; tests
    /// inject one to exercise expiry.
    explicit StorageChallengeStore(storage::StorageWorker& worker, Clock clock = {});

    /// Creates a single-use challenge for purpose (e.g. "enrollment:42"), valid for lifetime.
    Result<NewChallenge, storage::StorageError> create(
        const QString& purpose, const QString& createdBy = QString(), std::chrono::seconds lifetime = kDefaultLifetime);

    /// create() inside the caller's own transaction: for a job that must create the challenge
    /// together with other rows (an enrollment code's use), or quincectl's own connection.
    static Result<NewChallenge, storage::StorageError> createIn(storage::Database& db, const QString& purpose,
        const QString& createdBy, std::chrono::seconds lifetime, const QDateTime& now);

    ChallengeCheck consume(const QByteArray& challenge) override;

    /// Records which certificate a consumed challenge produced (the CA calls this once the
    /// certificate row exists).
    storage::StorageStatus linkCertificate(qint64 challengeId, qint64 certificateId);

    /// Deletes challenges that expired before cutoff, used or not; returns how many.
    Result<int, storage::StorageError> purgeExpiredBefore(const QDateTime& cutoff);

    /// The stored form of a challenge: lower-case hex SHA-256.
    static QString digestOf(const QByteArray& challenge);

private:
    QDateTime now() const;

    storage::StorageWorker& m_worker;
    Clock m_clock;
};

} // namespace quince::scep

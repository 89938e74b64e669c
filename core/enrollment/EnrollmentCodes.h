// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/storage/StorageError.h"

#include <QDateTime>
#include <QString>

#include <chrono>

namespace quince::storage {
class Database;
}

namespace quince::enrollment {

/// A short code a person types on the enrollment page, or the token of a one-time link.
enum class CodeKind { Code, Link };

/// A secret just created: the clear value is here and nowhere else (print it once).
struct NewEnrollmentCode {
    qint64 id = -1;
    CodeKind kind = CodeKind::Code;
    /// A code as shown to people ("7KQ2M-X9D4R"), or a link token (43 base64url characters).
    QString secret;
    QDateTime expiresAt;
};

/// The outcome of presenting a code or link.
struct CodeCheck {
    enum class Status {
        Accepted, ///< valid, and now used up
        Malformed, ///< not even shaped like a code (typo, garbage)
        Unknown, ///< no such code
        AlreadyUsed,
        Expired,
    };
    Status status = Status::Unknown;
    qint64 id = -1;

    bool accepted() const { return status == Status::Accepted; }
};

/// A stable name for the status ("already used"), for logs and the page.
QString codeStatusName(CodeCheck::Status status);

/// Enrollment codes and one-time links in the enrollment_codes table.
///
/// Stored as SHA-256 only: a code carries 50 random bits and a link 256, and failed codes are
/// rate-limited per peer, so an unsalted fast hash leaves nothing practical to guess. Each is
/// single use (one conditional UPDATE, atomic across threads and processes) and expires.
/// Stateless; every call works on the Database given (a StorageWorker job or quincectl's writer).
class EnrollmentCodes {
public:
    static constexpr std::chrono::hours kDefaultLifetime {24};
    /// The longest lifetime accepted: a forgotten code must not stay valid for ever.
    static constexpr std::chrono::hours kMaxLifetime {24 * 30};

    static Result<NewEnrollmentCode, storage::StorageError> create(storage::Database& db, CodeKind kind,
        std::chrono::seconds lifetime, const QString& createdBy, const QDateTime& now);

    /// Checks presented and, when valid, marks it used by usedBy (the peer address).
    static Result<CodeCheck, storage::StorageError> consume(
        storage::Database& db, CodeKind kind, const QString& presented, const QString& usedBy, const QDateTime& now);

    /// Records the SCEP challenge of the profile a code produced.
    static storage::StorageStatus attachChallenge(storage::Database& db, qint64 codeId, qint64 challengeId);

    /// The canonical form of a typed code (upper case, no separators, O→0, I/L→1), or an empty
    /// string when it cannot be a code. Links: the token itself, or empty when malformed.
    static QString normalize(CodeKind kind, const QString& presented);
    /// The stored form: lower-case hex SHA-256 of the canonical secret.
    static QString digestOf(const QString& canonical);
};

} // namespace quince::enrollment

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentCodes.h"

#include "core/storage/Database.h"
#include "core/storage/Timestamp.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include <openssl/rand.h>

#include <cstring>

namespace quince::enrollment {

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

// Crockford's base32 alphabet: no I, L, O or U, so what is read aloud or typed on a phone
// keyboard is unambiguous. 10 characters = 50 bits.
constexpr char kCodeAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kCodeLength = 10;
constexpr int kLinkBytes = 32;
constexpr int kLinkLength = 43; // base64url of 32 bytes, no padding

QString kindName(CodeKind kind)
{
    return kind == CodeKind::Code ? QStringLiteral("code") : QStringLiteral("link");
}

QByteArray randomBytes(int count)
{
    QByteArray raw(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), count) != 1)
        return {};
    return raw;
}

QString randomCode()
{
    const QByteArray raw = randomBytes(kCodeLength);
    if (raw.isEmpty())
        return {};
    QString code;
    for (const char byte : raw)
        code.append(QLatin1Char(kCodeAlphabet[static_cast<unsigned char>(byte) % 32])); // 256 % 32 == 0: no bias
    return code;
}

} // namespace

QString codeStatusName(CodeCheck::Status status)
{
    switch (status) {
    case CodeCheck::Status::Accepted:
        return QStringLiteral("accepted");
    case CodeCheck::Status::Malformed:
        return QStringLiteral("malformed");
    case CodeCheck::Status::Unknown:
        return QStringLiteral("unknown");
    case CodeCheck::Status::AlreadyUsed:
        return QStringLiteral("already used");
    case CodeCheck::Status::Expired:
        return QStringLiteral("expired");
    }
    return QStringLiteral("unknown");
}

QString EnrollmentCodes::normalize(CodeKind kind, const QString& presented)
{
    if (kind == CodeKind::Link) {
        if (presented.size() != kLinkLength)
            return {};
        for (const QChar c : presented)
            if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_')
                return {};
        return presented;
    }
    if (presented.size() > 64)
        return {};
    QString code;
    for (QChar c : presented) {
        if (c == u'-' || c == u' ' || c == u'\t')
            continue;
        if (c.unicode() >= 128)
            return {};
        c = c.toUpper();
        if (c == u'O')
            c = u'0';
        else if (c == u'I' || c == u'L')
            c = u'1';
        if (c == QChar(0) || !std::strchr(kCodeAlphabet, char(c.unicode())))
            return {};
        code.append(c);
    }
    return code.size() == kCodeLength ? code : QString();
}

QString EnrollmentCodes::digestOf(const QString& canonical)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonical.toLatin1(), QCryptographicHash::Sha256).toHex());
}

Result<NewEnrollmentCode, StorageError> EnrollmentCodes::create(
    Database& db, CodeKind kind, std::chrono::seconds lifetime, const QString& createdBy, const QDateTime& now)
{
    NewEnrollmentCode created;
    created.kind = kind;
    QString canonical;
    if (kind == CodeKind::Code) {
        canonical = randomCode();
        created.secret = canonical.left(kCodeLength / 2) + u'-' + canonical.mid(kCodeLength / 2);
    } else {
        const QByteArray raw = randomBytes(kLinkBytes);
        canonical = raw.isEmpty()
            ? QString()
            : QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        created.secret = canonical;
    }
    if (canonical.isEmpty())
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("No randomness for an enrollment code"), {}};
    created.expiresAt = now.addSecs(lifetime.count());
    auto query = db.exec(QStringLiteral("INSERT INTO enrollment_codes (kind, secret_sha256, created_by, created_at, "
                                        "expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {kindName(kind), digestOf(canonical),
            createdBy.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(createdBy),
            storage::toDbTimestamp(now), storage::toDbTimestamp(created.expiresAt)});
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError {StorageErrorKind::QueryFailed, QStringLiteral("No id for the new enrollment code"), {}};
    created.id = query->value(0).toLongLong();
    return created;
}

Result<CodeCheck, StorageError> EnrollmentCodes::consume(
    Database& db, CodeKind kind, const QString& presented, const QString& usedBy, const QDateTime& now)
{
    CodeCheck check;
    const QString canonical = normalize(kind, presented);
    if (canonical.isEmpty()) {
        check.status = CodeCheck::Status::Malformed;
        return check;
    }
    const QString digest = digestOf(canonical);
    const qint64 at = now.toMSecsSinceEpoch();
    // The condition is the whole single-use rule: one statement, so two consumers of the same
    // code cannot both see it unused.
    auto updated = db.exec(QStringLiteral("UPDATE enrollment_codes SET used_at = ?, used_by = ? "
                                          "WHERE kind = ? AND secret_sha256 = ? AND used_at IS NULL AND expires_at > ? "
                                          "RETURNING id"),
        {at, usedBy.left(64), kindName(kind), digest, at});
    if (!updated)
        return updated.error();
    if (updated->next()) {
        check.status = CodeCheck::Status::Accepted;
        check.id = updated->value(0).toLongLong();
        return check;
    }
    auto row = db.exec(QStringLiteral("SELECT used_at FROM enrollment_codes WHERE kind = ? AND secret_sha256 = ?"),
        {kindName(kind), digest});
    if (!row)
        return row.error();
    if (!row->next())
        check.status = CodeCheck::Status::Unknown;
    else if (!row->value(0).isNull())
        check.status = CodeCheck::Status::AlreadyUsed;
    else
        check.status = CodeCheck::Status::Expired;
    return check;
}

StorageStatus EnrollmentCodes::attachChallenge(Database& db, qint64 codeId, qint64 challengeId)
{
    auto query
        = db.exec(QStringLiteral("UPDATE enrollment_codes SET challenge_id = ? WHERE id = ?"), {challengeId, codeId});
    if (!query)
        return query.error();
    return {};
}

} // namespace quince::enrollment

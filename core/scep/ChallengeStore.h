// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace quince::scep {

/// The outcome of presenting a challenge password.
struct ChallengeCheck {
    enum class Status {
        Accepted, ///< valid, and now used up
        Unknown, ///< no such challenge (wrong password)
        AlreadyUsed, ///< consumed before: a replay
        Expired, ///< past its expiry
        Unavailable, ///< the store could not answer (storage error); refuse, but it is not the client's fault
    };

    Status status = Status::Unknown;
    /// The challenge's row id and purpose when Accepted.
    qint64 id = -1;
    QString purpose;

    bool accepted() const { return status == Status::Accepted; }
};

/// A stable name for the status, for logs and tests.
inline QString challengeStatusName(ChallengeCheck::Status status)
{
    switch (status) {
    case ChallengeCheck::Status::Accepted:
        return QStringLiteral("accepted");
    case ChallengeCheck::Status::Unknown:
        return QStringLiteral("unknown challenge");
    case ChallengeCheck::Status::AlreadyUsed:
        return QStringLiteral("challenge already used");
    case ChallengeCheck::Status::Expired:
        return QStringLiteral("challenge expired");
    case ChallengeCheck::Status::Unavailable:
        return QStringLiteral("challenge store unavailable");
    }
    return QStringLiteral("unknown");
}

/// Where SCEP challenge passwords are checked. consume() must be atomic and single-use: of any
/// number of concurrent calls with the same challenge, at most one is Accepted, ever.
class ChallengeStore {
public:
    virtual ~ChallengeStore() = default;

    /// Checks challenge (the clear password from the CSR) and, if valid, marks it used.
    virtual ChallengeCheck consume(const QByteArray& challenge) = 0;
};

} // namespace quince::scep

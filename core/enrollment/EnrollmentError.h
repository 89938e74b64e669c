// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QString>

namespace quince::enrollment {

/// Why an enrollment step failed, so the HTTP routes can pick a status and quincectl a message.
enum class EnrollmentErrorKind {
    NotReady, ///< the installation cannot enroll yet: no CA, no push certificate, no public URL
    CodeRejected, ///< the enrollment code or link is unknown, used, expired or malformed
    RateLimited, ///< too many failed codes from this peer
    Storage, ///< the database refused a read or a write
    Signing, ///< the profile could not be signed (key, OpenSSL)
    Internal, ///< encoding failed where it should not
};

struct EnrollmentError {
    EnrollmentErrorKind kind = EnrollmentErrorKind::Internal;
    QString message;
    /// RateLimited: how long the peer must wait, for Retry-After.
    qint64 retryAfterSeconds = 0;

    Error toError() const { return Error {message}; }
};

template <typename T> using EnrollmentResult = Result<T, EnrollmentError>;

} // namespace quince::enrollment

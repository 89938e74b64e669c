// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QString>

namespace quince::pki {

/// What kind of PKI failure happened, so callers can answer precisely (an HTTP status, a SCEP
/// failInfo) without parsing messages.
enum class PkiErrorKind {
    Malformed, ///< the bytes are not a certificate, key, request or CMS structure
    UnsupportedAlgorithm, ///< a key type, digest or cipher Quince does not accept
    BadSignature, ///< a signature does not verify
    UntrustedChain, ///< a certificate does not chain to the expected root
    Expired, ///< outside its validity period
    KeyMismatch, ///< a certificate and a private key do not belong together
    WrongPassword, ///< a PKCS#12 or encrypted key could not be opened with the password
    InvalidArgument, ///< the caller asked for something that cannot be done
    Internal, ///< OpenSSL failed where it should not (out of memory, ...)
};

struct PkiError {
    PkiErrorKind kind = PkiErrorKind::Internal;
    QString message;

    Error toError() const { return Error {message}; }
};

template <typename T> using PkiResult = Result<T, PkiError>;
using PkiStatus = Result<void, PkiError>;

/// A stable name for the kind, for logs and test diagnostics.
QString errorKindName(PkiErrorKind kind);

} // namespace quince::pki

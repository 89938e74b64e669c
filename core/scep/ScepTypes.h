// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The vocabulary of RFC 8894, with the numbers the wire uses.

#include <QString>

namespace quince::scep {

/// The messageType attribute (RFC 8894 §3.2.1.2), sent as a decimal PrintableString.
enum class MessageType {
    CertRep = 3,
    RenewalReq = 17,
    PKCSReq = 19,
    CertPoll = 20, ///< called GetCertInitial before RFC 8894
    GetCert = 21,
    GetCRL = 22,
};

/// The pkiStatus attribute of a CertRep. Quince never answers PENDING: it issues or refuses.
enum class PkiStatus {
    Success = 0,
    Failure = 2,
    Pending = 3,
};

/// The failInfo attribute of a FAILURE CertRep (RFC 8894 §3.2.1.4).
enum class FailInfo {
    BadAlg = 0, ///< unsupported digest, signature or envelope algorithm
    BadMessageCheck = 1, ///< a signature or integrity check failed
    BadRequest = 2, ///< transaction not permitted or supported (bad challenge, malformed CSR, ...)
    BadTime = 3, ///< a time was not close enough to ours (or the signer certificate is expired)
    BadCertId = 4, ///< no certificate matches (renewal signed by a certificate we did not issue)
};

/// The capability and content-type strings, kept in one place.
inline constexpr char kContentTypePkiMessage[] = "application/x-pki-message";
inline constexpr char kContentTypeCaCert[] = "application/x-x509-ca-cert";
inline constexpr char kContentTypeCaRaCert[] = "application/x-x509-ca-ra-cert";
inline constexpr char kContentTypeText[] = "text/plain";

inline QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::CertRep:
        return QStringLiteral("CertRep");
    case MessageType::RenewalReq:
        return QStringLiteral("RenewalReq");
    case MessageType::PKCSReq:
        return QStringLiteral("PKCSReq");
    case MessageType::CertPoll:
        return QStringLiteral("CertPoll");
    case MessageType::GetCert:
        return QStringLiteral("GetCert");
    case MessageType::GetCRL:
        return QStringLiteral("GetCRL");
    }
    return QStringLiteral("Unknown");
}

inline QString failInfoName(FailInfo info)
{
    switch (info) {
    case FailInfo::BadAlg:
        return QStringLiteral("badAlg");
    case FailInfo::BadMessageCheck:
        return QStringLiteral("badMessageCheck");
    case FailInfo::BadRequest:
        return QStringLiteral("badRequest");
    case FailInfo::BadTime:
        return QStringLiteral("badTime");
    case FailInfo::BadCertId:
        return QStringLiteral("badCertId");
    }
    return QStringLiteral("unknown");
}

} // namespace quince::scep

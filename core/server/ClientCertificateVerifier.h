// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>

#include <memory>

namespace quince::server {

/// Verifies a TLS client's certificate chain against exactly the given CAs (never the system
/// store), for the TLS-client purpose, and returns the chain OpenSSL built. Qt checks the chain
/// in "require" mode but not in "request" mode, and does not hand out the verified path, so the
/// listener asks OpenSSL itself. Thread-safe: one instance serves every I/O thread.
///
/// Devices reconnect with the same chain again and again: a chain that verified is remembered
/// (by the SHA-256 of its DER, at most kMaxRemembered chains) until the first of its
/// certificates expires, and for kRememberMs at most, so a reconnect skips decoding and
/// verifying it. The trust anchors never change for an instance (the listener builds a new one
/// when they do); revocation is the MDM layer's check of the certificate's status.
class ClientCertificateVerifier {
public:
    explicit ClientCertificateVerifier(const QList<QSslCertificate>& trustAnchors);
    ~ClientCertificateVerifier();
    ClientCertificateVerifier(const ClientCertificateVerifier&) = delete;
    ClientCertificateVerifier& operator=(const ClientCertificateVerifier&) = delete;

    /// presented: the peer's chain, leaf first. Returns the verified chain (leaf first, trust
    /// anchor last) as DER, or why it does not verify.
    Result<QList<QByteArray>> verify(const QList<QSslCertificate>& presented) const;

    static constexpr int kMaxRemembered = 4096;
    static constexpr qint64 kRememberMs = 10 * 60 * 1000;

private:
    struct Store;
    std::unique_ptr<Store> m_store;

    Result<QList<QByteArray>> verifyWithOpenSsl(const QList<QSslCertificate>& presented, qint64* validForMs) const;
};

} // namespace quince::server

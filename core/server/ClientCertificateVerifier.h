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
class ClientCertificateVerifier {
public:
    explicit ClientCertificateVerifier(const QList<QSslCertificate>& trustAnchors);
    ~ClientCertificateVerifier();
    ClientCertificateVerifier(const ClientCertificateVerifier&) = delete;
    ClientCertificateVerifier& operator=(const ClientCertificateVerifier&) = delete;

    /// presented: the peer's chain, leaf first. Returns the verified chain (leaf first, trust
    /// anchor last) as DER, or why it does not verify.
    Result<QList<QByteArray>> verify(const QList<QSslCertificate>& presented) const;

private:
    struct Store;
    std::unique_ptr<Store> m_store;
};

} // namespace quince::server

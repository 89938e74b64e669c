// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/ListenerLimits.h"

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include <optional>

namespace quince::server {

/// Whether and how TLS clients must present a certificate.
enum class ClientCertificateMode {
    None, ///< never asked for
    Request, ///< asked for; a request without one (or with one that does not verify) still proceeds
    Require, ///< the handshake fails without a certificate that verifies against the client CAs
};

/// The TLS side of the listener. Only TLS 1.2 and later are offered.
struct TlsSettings {
    /// The server certificate first, then its intermediates.
    QList<QSslCertificate> certificateChain;
    QSslKey privateKey;
    ClientCertificateMode clientCertificateMode = ClientCertificateMode::None;
    /// The CAs client certificates must chain to (the device CA). Ignored with mode None.
    QList<QSslCertificate> clientCaCertificates;
};

/// Where and how to listen.
struct ListenerConfig {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    /// 0 picks a free port; HttpListener::serverPort() reports it.
    quint16 port = 0;
    /// TLS terminated here; nullopt serves plain HTTP (behind a TLS-terminating reverse proxy).
    std::optional<TlsSettings> tls;
    ListenerLimits limits;
    /// I/O threads with their own event loops; 0 means one per core, and never fewer than 2.
    int ioThreads = 0;
};

} // namespace quince::server

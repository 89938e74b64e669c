// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/HttpHeaders.h"
#include "core/server/HttpMethod.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrlQuery>

namespace quince::server {

/// One complete request, as a route handler receives it. The body is whole and within the
/// route's limit by the time the handler runs.
struct HttpRequest {
    HttpMethod method = HttpMethod::Get;
    /// The request target exactly as received ("/scep?operation=GetCACaps").
    QByteArray target;
    /// The percent-decoded path, always starting with '/'.
    QString path;
    /// The query, still percent-encoded inside: read values with QUrl::FullyDecoded. A '+' stays a
    /// '+' (SCEP clients send base64 that way).
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;

    QHostAddress peerAddress;
    quint16 peerPort = 0;
    /// Whether the request came over TLS terminated by this listener.
    bool tls = false;
    /// The client certificate chain the listener verified against its client CAs, leaf first and
    /// trust anchor last, each DER-encoded. Empty without TLS, without a client certificate, or
    /// when the presented one did not verify (client-certificate mode "request").
    QList<QByteArray> clientCertificateChain;
    /// Unique per connection within the process (requests on one keep-alive connection share
    /// it): protocols with per-connection rules (MDM's NotNow) key their state on it.
    quint64 connectionId = 0;
};

} // namespace quince::server

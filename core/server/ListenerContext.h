// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/ClientCertificateVerifier.h"
#include "core/server/ListenerConfig.h"
#include "core/server/ListenerCounters.h"
#include "core/server/ListenerLimits.h"
#include "core/server/Router.h"

#include <QSslConfiguration>

#include <memory>

namespace quince::server {

/// What every connection of one listener run shares. Immutable once the listener starts (the
/// counters are atomics), so the I/O threads read it without locks.
struct ListenerContext {
    ListenerLimits limits;
    bool tls = false;
    QSslConfiguration sslConfiguration;
    ClientCertificateMode clientCertificateMode = ClientCertificateMode::None;
    std::unique_ptr<ClientCertificateVerifier> verifier;
    std::shared_ptr<const Router> router;
    std::shared_ptr<ListenerStats> stats;
};

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The only place where SCEP meets the HTTP listener: a few lines that could equally live in the
// composition root; here so the HTTP round-trip tests and quinced mount it the same way.

#include "core/common/Result.h"

#include <QString>

class QThreadPool;

namespace quince::server {
class HttpListener;
}

namespace quince::scep {

class ScepService;

/// Mounts service on listener under path, as a prefix route for GET and POST (so the
/// "/scep/pkiclient.exe" that older clients append works too). The listener refuses bodies over
/// the service's limit with 413 while they arrive, and other methods with 405.
///
/// The service blocks (the challenge database, RSA), so each request runs on pool, never on the
/// listener's I/O threads. service and pool must outlive the listener, and the pool must be
/// drained (waitForDone) before the service is destroyed.
Status mountScepService(server::HttpListener& listener, ScepService& service, QThreadPool& pool,
    const QString& path = QStringLiteral("/scep"));

} // namespace quince::scep

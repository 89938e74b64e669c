// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QString>

namespace quince::server {
class HttpListener;
}
namespace quince::mdm {
class CheckInProcessor;
}
namespace quince::pki {
class CmsVerifier;
}

namespace quince::runtime {

/// Mounts the CheckInURL (PUT) on the listener: the device is identified by its TLS client
/// certificate or, when a proxy terminates TLS, by the `Mdm-Signature` header (a detached CMS
/// signature over the exact body, verified against Quince's CAs); the message then goes to the
/// processor and the answer is sent when its storage job has committed. processor and verifier
/// must outlive the listener.
Status mountCheckInRoute(server::HttpListener& listener, mdm::CheckInProcessor& processor,
    const pki::CmsVerifier& verifier, const QString& path = QStringLiteral("/mdm/checkin"));

} // namespace quince::runtime

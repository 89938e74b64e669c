// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QString>

namespace quince::server {
class HttpListener;
}
namespace quince::mdm {
class CheckInProcessor;
class ConnectProcessor;
} // namespace quince::mdm
namespace quince::pki {
class CmsVerifier;
}

namespace quince::runtime {

/// Where the MDM payload of the enrollment profile points devices.
struct MdmPaths {
    QString checkIn = QStringLiteral("/mdm/checkin"); ///< CheckInURL
    QString server = QStringLiteral("/mdm/connect"); ///< ServerURL
};

/// Mounts the CheckInURL and the ServerURL (both PUT) on the listener. A device is identified by
/// its TLS client certificate or, when a proxy terminates TLS, by the `Mdm-Signature` header (a
/// detached CMS signature over the exact body, verified against Quince's CAs). Answers are sent
/// when the storage job behind them has committed. The processors and the verifier must outlive
/// the listener.
Status mountMdmRoutes(server::HttpListener& listener, mdm::CheckInProcessor& checkIn, mdm::ConnectProcessor& connect,
    const pki::CmsVerifier& verifier, const MdmPaths& paths = {});

} // namespace quince::runtime

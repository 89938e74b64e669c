// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

class QThreadPool;

namespace quince::server {
class HttpListener;
}
namespace quince::enrollment {
class EnrollmentService;
}

namespace quince::runtime {

/// Mounts over-the-air enrollment and /MDMServiceConfig (paths: enrollment::EnrollmentUrls):
///
/// - GET  /enroll: the page where a device's browser enters an enrollment code;
/// - POST /enroll (application/x-www-form-urlencoded `code=…`, at most 1 KiB): a valid code
///   gets the enrollment profile (application/x-apple-aspen-config); a wrong, used or expired
///   code gets the page again with the reason, 400/403 (429 with Retry-After once the peer has
///   failed too often), and a log line;
/// - GET  /enroll/<token>: the same for a one-time link;
/// - GET  /enroll/trust-profile (application/x-apple-aspen-config), /enroll/anchor-certs (JSON
///   array of base64 DER), /MDMServiceConfig (JSON).
///
/// Every handler runs its storage work on pool, never on an I/O thread. service and pool must
/// outlive the listener.
Status mountEnrollmentRoutes(server::HttpListener& listener, enrollment::EnrollmentService& service, QThreadPool& pool);

} // namespace quince::runtime

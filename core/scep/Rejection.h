// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/scep/ScepTypes.h"

#include <QString>

namespace quince::scep {

/// A request refused with a FAILURE CertRep: the failInfo the client sees and the reason only
/// the log sees (it must never contain a challenge).
struct Rejection {
    FailInfo failInfo = FailInfo::BadRequest;
    QString reason;
};

} // namespace quince::scep

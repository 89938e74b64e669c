// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to core/plist.

#include "core/common/Result.h"
#include "core/plist/PlistError.h"
#include "core/plist/PlistLimits.h"

#include <QByteArrayView>

namespace quince::plist::detail {

/// Validates an XML plist with a streaming, non-recursive reader before libplist sees it.
/// libplist 2.2.0's XML parser recurses per element and is lenient where leniency loses data:
/// it turns "abc" into integer 0, an overflowing integer into UINT64_MAX, "010" into 8, bad
/// base64 into some bytes, a garbage date into 1970, keeps the last of duplicate keys and drops
/// a key without a value. This scan refuses all of those, DOCTYPE internal subsets (entity
/// expansion) and undeclared entities, and enforces the size, depth and count limits.
class XmlPlistScanner {
public:
    XmlPlistScanner(QByteArrayView bytes, const Limits& limits);

    Result<void, PlistError> scan();

private:
    QByteArrayView m_bytes;
    Limits m_limits;
};

} // namespace quince::plist::detail

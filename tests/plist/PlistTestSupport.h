// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plist/PlistError.h"
#include "core/plist/PlistValue.h"

#include <QTest>

namespace quince::plist {

// Found by QCOMPARE through argument-dependent lookup: failures print the tree, not "<unknown>".
inline char* toString(const Value& value)
{
    return QTest::toString(value.debugDescription());
}

inline char* toString(PlistErrorKind kind)
{
    return QTest::toString(errorKindName(kind));
}

} // namespace quince::plist

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace quince::plist {

/// Hard bounds checked by our own pre-scan before any byte reaches libplist. The defaults fit
/// MDM traffic (an InstalledApplicationList response from a well-stocked Mac runs to megabytes);
/// callers facing less trusted or smaller inputs pass tighter values.
struct Limits {
    /// libplist 2.2.0 parses recursively; deeper trees could exhaust the stack whatever the caller
    /// asks for, so maxDepth is clamped to this.
    static constexpr int kHardMaxDepth = 512;
    /// libplist takes lengths as uint32_t; maxSize is clamped below that.
    static constexpr qint64 kHardMaxSize = qint64(1) << 31;

    /// Total input size in bytes.
    qint64 maxSize = 32 * 1024 * 1024;
    /// Container nesting: a scalar at the top is depth 1, an array holding it depth 2.
    int maxDepth = 64;
    /// Values (and dictionary keys) in the tree, counting a shared binary object once per use.
    qint64 maxObjects = 1'000'000;
    /// Longest string or key (UTF-8 bytes) and longest data value (bytes).
    qint64 maxStringLength = 16 * 1024 * 1024;

    /// The limits actually enforced, after clamping to the hard bounds.
    Limits effective() const
    {
        Limits l = *this;
        l.maxDepth = qBound(1, l.maxDepth, kHardMaxDepth);
        l.maxSize = qBound(qint64(0), l.maxSize, kHardMaxSize);
        l.maxObjects = qMax(qint64(1), l.maxObjects);
        l.maxStringLength = qMax(qint64(0), l.maxStringLength);
        return l;
    }
};

} // namespace quince::plist

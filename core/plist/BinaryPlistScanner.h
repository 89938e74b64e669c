// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to core/plist.

#include "core/common/Result.h"
#include "core/plist/PlistError.h"
#include "core/plist/PlistLimits.h"

#include <QByteArrayView>
#include <QHash>
#include <QSet>
#include <QString>

#include <vector>

namespace quince::plist::detail {

/// Validates a bplist00 document completely, without recursion, before libplist sees it:
/// libplist 2.2.0's binary parser is recursive and trusts the trailer, so a hostile file can
/// overflow its stack, loop on a self-referencing container, or expand shared references into
/// billions of nodes. Everything libplist will dereference is bounds-checked here.
class BinaryPlistScanner {
public:
    BinaryPlistScanner(QByteArrayView bytes, const Limits& limits);

    Result<void, PlistError> scan();

private:
    enum class Kind { Scalar, Array, Dict };
    struct Object {
        Kind kind = Kind::Scalar;
        quint64 count = 0; ///< elements of an array, pairs of a dict
        quint64 refsOffset = 0; ///< where the object references start
        bool isString = false; ///< usable as a dictionary key
    };
    struct Frame {
        quint64 object = 0;
        Object info;
        quint64 next = 0; ///< next reference to follow: 0..count-1 keys (dict) or elements, then values
        quint64 subtreeCount = 1;
        int height = 1;
        QSet<QString> keys; ///< dict keys seen so far, for duplicate detection
    };

    Result<void, PlistError> readTrailer();
    Result<Object, PlistError> inspect(quint64 object);
    Result<quint64, PlistError> readLength(quint64 object, quint64 pos, quint8 nibble, quint64& payload);
    Result<void, PlistError> checkString(quint64 object, quint8 marker, quint64 payload, quint64 length);
    QString keyText(quint64 object);
    Result<void, PlistError> visit(std::vector<Frame>& stack, quint64 child, bool asKey);
    Result<void, PlistError> countExpanded(quint64 n, quint64 object);

    quint64 readUInt(quint64 pos, int size) const;
    quint64 offsetOf(quint64 object) const { return m_offsets[object]; }
    PlistError error(PlistErrorKind kind, const QString& message, quint64 object) const;

    QByteArrayView m_bytes;
    Limits m_limits;
    int m_offsetSize = 0;
    int m_refSize = 0;
    quint64 m_numObjects = 0;
    quint64 m_topObject = 0;
    quint64 m_tableOffset = 0;
    std::vector<quint64> m_offsets;
    // Per object: 0 unseen, 1 scalar checked, 2 container on the current path, 3 container done.
    std::vector<quint8> m_state;
    // For finished containers: how many values they expand to and how deep they go, so a shared
    // subtree is accounted for at every use without walking it again.
    std::vector<quint64> m_subtreeCount;
    std::vector<int> m_height;
    quint64 m_expanded = 0;
    QHash<quint64, QString> m_keyCache;
};

} // namespace quince::plist::detail

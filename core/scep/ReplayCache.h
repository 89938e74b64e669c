// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>

#include <deque>

namespace quince::scep {

/// Remembers the (transactionID, senderNonce) pairs of authenticated requests for a while, so
/// that a replayed PKIOperation is refused even where no challenge would catch it (RenewalReq).
/// Bounded in entries and in time; thread-safe. In memory only: after a restart, PKCSReq
/// replays are still caught by their consumed challenge.
class ReplayCache {
public:
    explicit ReplayCache(qsizetype maxEntries = 100000, qint64 lifetimeSeconds = 24 * 3600);

    /// Records the pair at now; false if it was already recorded (a replay).
    bool remember(const QByteArray& transactionId, const QByteArray& senderNonce, const QDateTime& now);

    qsizetype size() const;

private:
    void evict(qint64 nowMs);

    mutable QMutex m_mutex;
    qsizetype m_maxEntries;
    qint64 m_lifetimeMs;
    QHash<QByteArray, qint64> m_expiry; // key -> expiry (ms since epoch)
    std::deque<QByteArray> m_order; // keys, oldest first
};

} // namespace quince::scep

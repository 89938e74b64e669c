// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>

namespace quince::enrollment {

/// Slows down guessing of enrollment codes: a peer with too many failures within a window is
/// refused until the window ends. Memory is bounded: at most maxTrackedPeers entries; when
/// full, expired entries go first, then the oldest window. Thread-safe.
class FailedAttemptLimiter {
public:
    struct Limits {
        int maxFailures = 5;
        std::chrono::seconds window {15 * 60};
        int maxTrackedPeers = 4096;
    };

    explicit FailedAttemptLimiter(Limits limits);
    FailedAttemptLimiter() : FailedAttemptLimiter(Limits {}) { }

    /// Seconds until peer may try again; 0 when it may now.
    qint64 retryAfterSeconds(const QString& peer, const QDateTime& now) const;
    void recordFailure(const QString& peer, const QDateTime& now);
    /// How many peers are tracked (for tests of the bound).
    int trackedPeers() const;

private:
    struct Entry {
        int failures = 0;
        qint64 windowStartMs = 0;
    };
    void makeRoom(qint64 nowMs);

    Limits m_limits;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace quince::enrollment

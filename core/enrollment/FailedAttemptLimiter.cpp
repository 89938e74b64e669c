// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/FailedAttemptLimiter.h"

#include <QMutexLocker>

namespace quince::enrollment {

FailedAttemptLimiter::FailedAttemptLimiter(Limits limits) : m_limits(limits)
{
}

qint64 FailedAttemptLimiter::retryAfterSeconds(const QString& peer, const QDateTime& now) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_entries.constFind(peer);
    if (found == m_entries.constEnd() || found->failures < m_limits.maxFailures)
        return 0;
    const qint64 endsMs = found->windowStartMs + qint64(m_limits.window.count()) * 1000;
    const qint64 leftMs = endsMs - now.toMSecsSinceEpoch();
    return leftMs <= 0 ? 0 : (leftMs + 999) / 1000;
}

void FailedAttemptLimiter::recordFailure(const QString& peer, const QDateTime& now)
{
    QMutexLocker lock(&m_mutex);
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 windowMs = qint64(m_limits.window.count()) * 1000;
    auto found = m_entries.find(peer);
    if (found == m_entries.end()) {
        makeRoom(nowMs);
        m_entries.insert(peer, Entry {1, nowMs});
        return;
    }
    if (nowMs - found->windowStartMs >= windowMs)
        *found = Entry {1, nowMs};
    else
        ++found->failures;
}

int FailedAttemptLimiter::trackedPeers() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

void FailedAttemptLimiter::makeRoom(qint64 nowMs)
{
    if (m_entries.size() < m_limits.maxTrackedPeers)
        return;
    const qint64 windowMs = qint64(m_limits.window.count()) * 1000;
    m_entries.removeIf(
        [&](const QHash<QString, Entry>::iterator& it) { return nowMs - it->windowStartMs >= windowMs; });
    if (m_entries.size() < m_limits.maxTrackedPeers)
        return;
    auto oldest = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (it->windowStartMs < oldest->windowStartMs)
            oldest = it;
    m_entries.erase(oldest);
}

} // namespace quince::enrollment

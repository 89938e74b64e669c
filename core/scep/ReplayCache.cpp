// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ReplayCache.h"

#include <QCryptographicHash>
#include <QMutexLocker>

namespace quince::scep {

ReplayCache::ReplayCache(qsizetype maxEntries, qint64 lifetimeSeconds)
    : m_maxEntries(maxEntries), m_lifetimeMs(lifetimeSeconds * 1000)
{
}

bool ReplayCache::remember(const QByteArray& transactionId, const QByteArray& senderNonce, const QDateTime& now)
{
    // A fixed-size key, whatever the client sent; the length prefix keeps the pair unambiguous.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QByteArray prefixed = QByteArray::number(transactionId.size()) + ':' + transactionId;
    hash.addData(prefixed);
    hash.addData(senderNonce);
    const QByteArray key = hash.result();
    const qint64 nowMs = now.toMSecsSinceEpoch();

    QMutexLocker locker(&m_mutex);
    evict(nowMs);
    if (m_expiry.contains(key))
        return false;
    m_expiry.insert(key, nowMs + m_lifetimeMs);
    m_order.push_back(key);
    return true;
}

qsizetype ReplayCache::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_expiry.size();
}

void ReplayCache::evict(qint64 nowMs)
{
    // Entries are appended in time order, so the expired ones are at the front.
    while (!m_order.empty()) {
        const auto found = m_expiry.constFind(m_order.front());
        const bool expired = found == m_expiry.constEnd() || found.value() <= nowMs;
        if (!expired && m_expiry.size() < m_maxEntries)
            break;
        m_expiry.remove(m_order.front());
        m_order.pop_front();
    }
}

} // namespace quince::scep

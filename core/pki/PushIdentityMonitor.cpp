// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/PushIdentityMonitor.h"

#include <QMutexLocker>

namespace quince::pki {

PushIdentityMonitor::PushIdentityMonitor(const PushCertificateStore& store, QObject* parent)
    : QObject(parent), m_store(store)
{
}

PushResult<bool> PushIdentityMonitor::reload(storage::Database& db)
{
    PushResult<QString> fingerprint = m_store.activeFingerprint(db);
    if (!fingerprint)
        return fingerprint.error();
    {
        QMutexLocker locker(&m_mutex);
        if (*fingerprint == m_fingerprint)
            return false;
    }
    // Only a change opens the sealed key: the timer-driven path stays one indexed read.
    PushResult<std::optional<PushCertificate>> identity = m_store.activeIdentity(db);
    if (!identity)
        return identity.error();
    quint64 generation = 0;
    {
        QMutexLocker locker(&m_mutex);
        m_current = *identity;
        m_fingerprint = m_current ? m_current->certificate().sha256Hex() : QString();
        generation = ++m_generation;
    }
    Q_EMIT identityChanged(generation);
    return true;
}

std::optional<PushCertificate> PushIdentityMonitor::current() const
{
    QMutexLocker locker(&m_mutex);
    return m_current;
}

} // namespace quince::pki

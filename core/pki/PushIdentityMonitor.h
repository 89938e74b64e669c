// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/PushCertificate.h"
#include "core/pki/PushCertificateStore.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <optional>

namespace quince::pki {

/// Holds the active push identity for the APNs client and tells it when a renewal replaced it,
/// so a renewed certificate is used without a restart (PROTOCOL-NOTES, APNs).
///
/// Whoever owns a Database calls reload(): at start, after StorageWorker::committed() names
/// "certificates" (an import made in this process), and on a timer for imports made by quincectl
/// in another process — reload() costs one indexed read when nothing changed. current() and
/// generation() may be called from any thread: the APNs client compares the generation it
/// connected with and reconnects with the new identity when it moved.
class PushIdentityMonitor : public QObject {
    Q_OBJECT

public:
    explicit PushIdentityMonitor(const PushCertificateStore& store, QObject* parent = nullptr);

    /// Re-reads the active identity from db. True when it changed (then identityChanged() was
    /// emitted), false when it is the same; an error leaves the current identity in place.
    PushResult<bool> reload(storage::Database& db);

    /// The active identity (certificate, key, topic, expiry), or nullopt before any import.
    std::optional<PushCertificate> current() const;
    /// Starts at 0 and grows by one with every change of the active identity.
    quint64 generation() const { return m_generation.load(); }

Q_SIGNALS:
    /// The active identity changed to the one current() now returns.
    void identityChanged(quint64 generation);

private:
    const PushCertificateStore& m_store;
    mutable QMutex m_mutex; // guards the members below
    std::optional<PushCertificate> m_current;
    QString m_fingerprint;
    std::atomic<quint64> m_generation {0};
};

} // namespace quince::pki

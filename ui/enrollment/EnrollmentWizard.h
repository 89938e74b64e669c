// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/enrollment/EnrollmentUrls.h"

#include <QWizard>

#include <chrono>

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage
namespace quince::pki {
class KeySealer;
}

namespace quince::ui {

class EnrollmentHostPage;
class EnrollmentLinkPage;
class EnrollmentProfilePage;
class EnrollmentSelfTestPage;

/// Enrolling a device, step by step: the host name devices will use, a self-test that calls
/// the listener by that name over HTTPS (trusting only Quince's root CA), the enrollment URL
/// with a fresh one-time link or code and its QR code, and the signed profile to save.
///
/// Wiring (app/console/main.cpp):
///   storage       — the StorageWorker: codes, the public URL setting and the profile's SCEP
///                   challenge are written by jobs on it, never blocking the window.
///   reader        — the GUI thread's read-only storage::Database (settings, root CA, push
///                   certificate state).
///   sealer        — opens the TLS identity's key to sign the profile (on the worker thread).
///   listeningPort — the port the listener actually bound (ServerRuntime::serverPort()), 0 to
///                   take listener.port from the settings.
/// All must outlive the wizard.
class EnrollmentWizard : public QWizard {
    Q_OBJECT

public:
    enum PageId { HostPageId, SelfTestPageId, LinkPageId, ProfilePageId };

    EnrollmentWizard(storage::StorageWorker& storage, storage::Database& reader, const pki::KeySealer& sealer,
        quint16 listeningPort = 0, QWidget* parent = nullptr);

    storage::StorageWorker& storage() const { return m_storage; }
    storage::Database& reader() const { return m_reader; }
    const pki::KeySealer& sealer() const { return m_sealer; }
    quint16 listeningPort() const { return m_listeningPort; }

    /// The URLs devices get, from the host page's name and port.
    enrollment::EnrollmentUrls urls() const;
    /// Whether an active push certificate exists (read when the wizard opened).
    bool hasPushCertificate() const { return m_hasPush; }
    /// How long codes, links and the profile's challenge stay valid.
    std::chrono::seconds lifetime() const;

    EnrollmentHostPage* hostPage() const { return m_hostPage; }
    EnrollmentSelfTestPage* selfTestPage() const { return m_selfTestPage; }
    EnrollmentLinkPage* linkPage() const { return m_linkPage; }
    EnrollmentProfilePage* profilePage() const { return m_profilePage; }

private:
    storage::StorageWorker& m_storage;
    storage::Database& m_reader;
    const pki::KeySealer& m_sealer;
    quint16 m_listeningPort = 0;
    bool m_hasPush = false;
    EnrollmentHostPage* m_hostPage = nullptr;
    EnrollmentSelfTestPage* m_selfTestPage = nullptr;
    EnrollmentLinkPage* m_linkPage = nullptr;
    EnrollmentProfilePage* m_profilePage = nullptr;
};

} // namespace quince::ui

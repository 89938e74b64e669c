// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace quince::storage {
class Database;
class StorageWorker;
} // namespace quince::storage
namespace quince::pki {
class KeySealer;
}

namespace quince::ui {

class CertificateListModel;

/// The certificates page: every certificate Quince holds or issued with its expiry countdown
/// and what depends on it (warnings colored), and the push certificate flow — create the
/// request (save the CSR), import Apple's certificate (PEM, DER or PKCS#12 with its password);
/// a renewal for the same topic replaces the active one, another topic is refused.
///
/// Wiring (app/console/main.cpp):
///   storage — the StorageWorker: the request and the import are jobs on it; the page re-reads
///             when it commits a change to `certificates` or `certificate_requests`.
///   reader  — the GUI thread's read-only storage::Database.
///   sealer  — seals the push key (request) and opens it (import); used on the worker thread.
/// All must outlive the page.
class CertificatesPage : public QWidget {
    Q_OBJECT

public:
    CertificatesPage(storage::StorageWorker& storage, storage::Database& reader, const pki::KeySealer& sealer,
        QWidget* parent = nullptr);

    CertificateListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLabel* pushStatusLabel() const { return m_pushStatus; }
    QLabel* warningSummaryLabel() const { return m_warningSummary; }

    /// The clock countdowns are computed against (default: the current time at each reload).
    void setNow(const QDateTime& now) { m_fixedNow = now; }

public Q_SLOTS:
    /// Re-reads the certificates and the push certificate state.
    void reload();
    /// Creates the push key and CSR (key sealed in the store) and writes the CSR (PEM) to path.
    void createRequest(const QString& path, const QString& organization);
    /// Imports the certificate file Apple issued (password for a PKCS#12).
    void importCertificate(const QString& path, const QByteArray& password = {});

Q_SIGNALS:
    void requestSaved(bool ok, const QString& message);
    /// needsPassword: the file is a PKCS#12 the password did not open (ask, then try again).
    void certificateImported(bool ok, const QString& message, bool needsPassword);

private:
    void askAndCreateRequest();
    void askAndImport();
    void showMessage(bool ok, const QString& text);

    storage::StorageWorker& m_storage;
    storage::Database& m_reader;
    const pki::KeySealer& m_sealer;
    CertificateListModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_pushStatus = nullptr;
    QLabel* m_warningSummary = nullptr;
    QLabel* m_message = nullptr;
    QCheckBox* m_showDevices = nullptr;
    QPushButton* m_request = nullptr;
    QPushButton* m_import = nullptr;
    std::optional<QDateTime> m_fixedNow;
};

} // namespace quince::ui

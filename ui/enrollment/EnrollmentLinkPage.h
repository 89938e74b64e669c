// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/enrollment/QrCode.h"

#include <QDateTime>
#include <QWizardPage>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace quince::ui {

class EnrollmentWizard;

/// Step 3: a fresh one-time link (or a code to type on /enroll), the URL to open on the device
/// and its QR code. The secret is shown here once; only its digest is stored.
class EnrollmentLinkPage : public QWizardPage {
    Q_OBJECT

public:
    explicit EnrollmentLinkPage(EnrollmentWizard& wizard);

    void initializePage() override;
    bool isComplete() const override;

    /// Creates a new link or code (as chosen) through the storage worker; linkReady() follows.
    void createLink();

    /// The URL the device opens ("" until one is made).
    QString enrollmentUrl() const { return m_url; }
    /// The code to type on the enrollment page, when a code was chosen.
    QString code() const { return m_code; }
    const std::optional<QrCode>& qrCode() const { return m_qr; }
    QRadioButton* codeChoice() const { return m_codeChoice; }
    QSpinBox* lifetimeHours() const { return m_hours; }

Q_SIGNALS:
    void linkReady(bool ok, const QString& urlOrError);

private:
    void show(const QString& url, const QString& code, const QDateTime& expiresAt);

    EnrollmentWizard& m_wizard;
    QRadioButton* m_linkChoice = nullptr;
    QRadioButton* m_codeChoice = nullptr;
    QSpinBox* m_hours = nullptr;
    QPushButton* m_create = nullptr;
    QLineEdit* m_urlEdit = nullptr;
    QLabel* m_codeLabel = nullptr;
    QLabel* m_qrLabel = nullptr;
    QLabel* m_expiry = nullptr;
    QString m_url;
    QString m_code;
    std::optional<QrCode> m_qr;
    bool m_creating = false;
};

} // namespace quince::ui

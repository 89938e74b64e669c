// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace quince::ui {

class EnrollmentWizard;

/// Step 1: the host name (or address) and port devices will reach Quince by, prefilled from
/// the listener settings (or enrollment.public_base_url). A different choice is saved as
/// enrollment.public_base_url when the page is left. Warns when there is no push certificate.
class EnrollmentHostPage : public QWizardPage {
    Q_OBJECT

public:
    explicit EnrollmentHostPage(EnrollmentWizard& wizard);

    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portEdit() const { return m_port; }
    QString host() const;
    quint16 port() const;
    /// "https://host:port" as devices will use it.
    QString baseUrl() const;

    bool isComplete() const override;
    bool validatePage() override;

private:
    EnrollmentWizard& m_wizard;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLabel* m_pushWarning = nullptr;
    QString m_configuredBase; // what the settings gave when the wizard opened
};

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkReply>
#include <QPointer>
#include <QWizardPage>

class QLabel;
class QNetworkAccessManager;

class QPushButton;

namespace quince::ui {

class EnrollmentWizard;

/// Step 2: the console calls its own listener by the chosen name (GET /health over HTTPS),
/// trusting only Quince's root CA, as a device would, and says plainly what worked or what to fix.
/// A failed test does not block the wizard (a proxy may be set up later), it only warns.
class EnrollmentSelfTestPage : public QWizardPage {
    Q_OBJECT

public:
    explicit EnrollmentSelfTestPage(EnrollmentWizard& wizard);

    static constexpr int kTimeoutMs = 10000;

    void initializePage() override;
    void cleanupPage() override;

    /// Starts (again) the request; selfTestFinished() tells the outcome.
    void runSelfTest();
    bool isRunning() const { return m_reply != nullptr; }
    QLabel* resultLabel() const { return m_result; }

Q_SIGNALS:
    void selfTestFinished(bool ok, const QString& message);

private:
    void abandonRequest();
    void finish(bool ok, const QString& message);
    void onReplyFinished(QNetworkReply* reply);

    EnrollmentWizard& m_wizard;
    QNetworkAccessManager* m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    QLabel* m_target = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_again = nullptr;
};

} // namespace quince::ui

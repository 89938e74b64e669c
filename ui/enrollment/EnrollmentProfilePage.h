// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;

namespace quince::ui {

class EnrollmentWizard;

/// Step 4: the signed enrollment profile, to save and hand out (mail, AirDrop, a USB stick)
/// instead of the link. Each save makes a profile with a new single-use SCEP challenge; the file
/// is written whole (QSaveFile) and owner-only, since it holds that challenge.
class EnrollmentProfilePage : public QWizardPage {
    Q_OBJECT

public:
    explicit EnrollmentProfilePage(EnrollmentWizard& wizard);

    void initializePage() override;

    /// Issues and signs a profile through the storage worker and writes it to path;
    /// profileSaved() follows. The Save button asks for the path and calls this.
    void saveProfile(const QString& path);
    QPushButton* saveButton() const { return m_save; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void profileSaved(bool ok, const QString& pathOrError);

private:
    void chooseAndSave();
    void finish(bool ok, const QString& pathOrError, const QString& text);

    EnrollmentWizard& m_wizard;
    QLabel* m_explanation = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_save = nullptr;
    bool m_saving = false;
};

} // namespace quince::ui

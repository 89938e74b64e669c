// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/EnrollmentProfilePage.h"

#include "core/enrollment/EnrollmentStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/enrollment/EnrollmentWizard.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <memory>

namespace quince::ui {

EnrollmentProfilePage::EnrollmentProfilePage(EnrollmentWizard& wizard) : m_wizard(wizard)
{
    setTitle(tr("Enrollment profile"));
    setSubTitle(tr("Instead of the link, hand out the signed profile itself."));
    setFinalPage(true);

    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("profileStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save = new QPushButton(tr("&Save Profile…"), this);
    m_save->setObjectName(QStringLiteral("saveProfileButton"));
    connect(m_save, &QPushButton::clicked, this, &EnrollmentProfilePage::chooseAndSave);

    auto* row = new QHBoxLayout;
    row->addWidget(m_save);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_explanation);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addStretch(1);
}

void EnrollmentProfilePage::initializePage()
{
    if (!m_wizard.hasPushCertificate()) {
        m_explanation->setText(tr("No profile can be made yet: import Apple's push certificate first (Certificates "
                                  "page). A profile names the push topic devices register for."));
        m_save->setEnabled(false);
        return;
    }
    m_explanation->setText(
        tr("The profile installs Quince's root and issuing CA, gets the device its identity by SCEP and enrolls it "
           "with %1. It is signed with the listener's certificate, so the device shows it as verified. Each "
           "profile saved carries its own single-use challenge, valid for %n hour(s); the file is readable by you "
           "only.",
            nullptr, int(std::chrono::duration_cast<std::chrono::hours>(m_wizard.lifetime()).count()))
            .arg(m_wizard.urls().base()));
    m_save->setEnabled(!m_saving);
}

void EnrollmentProfilePage::chooseAndSave()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Enrollment Profile"),
        QDir(folder).filePath(QStringLiteral("Quince Enrollment.mobileconfig")),
        tr("Configuration profiles (*.mobileconfig)"));
    if (!path.isEmpty())
        saveProfile(path);
}

void EnrollmentProfilePage::saveProfile(const QString& path)
{
    if (m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    m_status->setText(tr("Signing…"));
    auto bytes = std::make_shared<QByteArray>();
    const enrollment::EnrollmentUrls urls = m_wizard.urls();
    const pki::KeySealer* sealer = &m_wizard.sealer();
    enrollment::ProfileOptions options;
    options.purpose = QStringLiteral("enrollment:console");
    options.createdBy = QStringLiteral("console");
    options.challengeLifetime = m_wizard.lifetime();
    QFuture<storage::StorageStatus> job = m_wizard.storage().write(
        [bytes, urls, sealer, options](storage::Database& db) -> storage::StorageStatus {
            const auto failed = [](const enrollment::EnrollmentError& error) {
                return storage::StorageError {storage::StorageErrorKind::JobFailed, error.message, {}};
            };
            auto signer = enrollment::EnrollmentStore::loadSigner(db, *sealer);
            if (!signer)
                return failed(signer.error());
            auto issued = enrollment::EnrollmentStore::issueProfile(db, urls, *signer, options);
            if (!issued)
                return failed(issued.error());
            *bytes = issued->bytes;
            return {};
        },
        {QStringLiteral("scep_challenges"), QStringLiteral("settings")});
    job.then(this, [this, bytes, path](const storage::StorageStatus& status) {
        m_saving = false;
        m_save->setEnabled(true);
        if (!status) {
            const QString why = status.error().kind == storage::StorageErrorKind::JobFailed ? status.error().message
                                                                                            : status.error().toString();
            finish(false, why, tr("The profile could not be made: %1").arg(why));
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() || !file.commit()) {
            finish(false, file.errorString(),
                tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
            return;
        }
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        finish(true, path, tr("Saved to %1.").arg(QDir::toNativeSeparators(path)));
    });
}

void EnrollmentProfilePage::finish(bool ok, const QString& pathOrError, const QString& text)
{
    m_status->setText(text);
    m_status->setStyleSheet(
        ok ? QStringLiteral("QLabel { color: #1d6b2f; }") : QStringLiteral("QLabel { color: #a51d2d; }"));
    Q_EMIT profileSaved(ok, pathOrError);
}

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/EnrollmentWizard.h"

#include "core/pki/PushCertificateStore.h"
#include "core/storage/Database.h"
#include "ui/enrollment/EnrollmentHostPage.h"
#include "ui/enrollment/EnrollmentLinkPage.h"
#include "ui/enrollment/EnrollmentProfilePage.h"
#include "ui/enrollment/EnrollmentSelfTestPage.h"

#include <QSpinBox>

namespace quince::ui {

EnrollmentWizard::EnrollmentWizard(storage::StorageWorker& storage, storage::Database& reader,
    const pki::KeySealer& sealer, quint16 listeningPort, QWidget* parent)
    : QWizard(parent), m_storage(storage), m_reader(reader), m_sealer(sealer), m_listeningPort(listeningPort)
{
    setObjectName(QStringLiteral("enrollmentWizard"));
    setWindowTitle(tr("Enroll a Device"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    auto active = pki::PushCertificateStore::activeCertificate(reader);
    m_hasPush = active && active->has_value();

    m_hostPage = new EnrollmentHostPage(*this);
    m_selfTestPage = new EnrollmentSelfTestPage(*this);
    m_linkPage = new EnrollmentLinkPage(*this);
    m_profilePage = new EnrollmentProfilePage(*this);
    setPage(HostPageId, m_hostPage);
    setPage(SelfTestPageId, m_selfTestPage);
    setPage(LinkPageId, m_linkPage);
    setPage(ProfilePageId, m_profilePage);
    resize(760, 560);
}

enrollment::EnrollmentUrls EnrollmentWizard::urls() const
{
    return enrollment::EnrollmentUrls(m_hostPage->baseUrl());
}

std::chrono::seconds EnrollmentWizard::lifetime() const
{
    return std::chrono::hours(m_linkPage->lifetimeHours()->value());
}

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/EnrollmentHostPage.h"

#include "core/enrollment/EnrollmentUrls.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"
#include "ui/enrollment/EnrollmentWizard.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace quince::ui {

EnrollmentHostPage::EnrollmentHostPage(EnrollmentWizard& wizard) : m_wizard(wizard)
{
    setTitle(tr("Where devices find Quince"));
    setSubTitle(tr("Devices reach Quince by this name or address, over HTTPS. It must resolve and be reachable "
                   "from the devices' network, and the listener's certificate must name it."));

    m_pushWarning = new QLabel(this);
    m_pushWarning->setObjectName(QStringLiteral("pushCertificateWarning"));
    m_pushWarning->setWordWrap(true);
    m_pushWarning->setTextFormat(Qt::RichText);
    m_pushWarning->setText(
        tr("<b>Import the push certificate first.</b> Without Apple's push certificate a device cannot be "
           "enrolled: open <i>Certificates</i>, create a request, have it signed and uploaded to Apple, then "
           "<i>Import Apple's Certificate</i>. You can still test the connection here."));
    m_pushWarning->setStyleSheet(
        QStringLiteral("QLabel { background: #fdf0d5; color: #5c3c00; border: 1px solid #e5a50a; padding: 8px; }"));
    m_pushWarning->setVisible(!wizard.hasPushCertificate());

    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("enrollmentHost"));
    m_host->setPlaceholderText(tr("mdm.example.lan or 192.168.1.10"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("enrollmentPort"));
    m_port->setRange(1, 65535);

    auto urls = enrollment::EnrollmentUrls::fromSettings(wizard.reader(), wizard.listeningPort());
    const QUrl base(urls ? urls->base() : enrollment::EnrollmentUrls::publicBaseUrl({}, 8443));
    m_configuredBase = urls ? urls->base() : QString();
    m_host->setText(base.host());
    m_port->setValue(base.port(443));

    auto* form = new QFormLayout;
    form->addRow(tr("&Host name or address:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    auto* hint = new QLabel(tr("Prefilled from the listener settings. A name other than the listener's is saved "
                               "as the public URL (setting enrollment.public_base_url), e.g. for a reverse proxy."),
        this);
    hint->setWordWrap(true);
    hint->setEnabled(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pushWarning);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addStretch(1);

    connect(m_host, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

QString EnrollmentHostPage::host() const
{
    return m_host->text().trimmed();
}

quint16 EnrollmentHostPage::port() const
{
    return quint16(m_port->value());
}

QString EnrollmentHostPage::baseUrl() const
{
    return enrollment::EnrollmentUrls::publicBaseUrl({host()}, port());
}

bool EnrollmentHostPage::isComplete() const
{
    if (host().isEmpty())
        return false;
    return enrollment::EnrollmentUrls::fromPublicBaseUrl(baseUrl()).ok();
}

bool EnrollmentHostPage::validatePage()
{
    const QString base = baseUrl();
    if (base == m_configuredBase)
        return true;
    // Jobs run in order on the worker, so the codes and the profile made later see this URL.
    m_wizard.storage().write(
        [base](storage::Database& db) -> storage::StorageStatus {
            auto saved = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                                "updated_at = excluded.updated_at"),
                {enrollment::publicBaseUrlKey(), base, storage::nowDbTimestamp()});
            if (!saved)
                return saved.error();
            return {};
        },
        {QStringLiteral("settings")});
    m_configuredBase = base;
    return true;
}

} // namespace quince::ui

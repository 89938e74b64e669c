// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/EnrollmentLinkPage.h"

#include "core/enrollment/EnrollmentCodes.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/enrollment/EnrollmentWizard.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <memory>

namespace quince::ui {

namespace {

constexpr int kQrModulePixels = 5;

} // namespace

EnrollmentLinkPage::EnrollmentLinkPage(EnrollmentWizard& wizard) : m_wizard(wizard)
{
    setTitle(tr("Enrollment link"));
    setSubTitle(tr("Open this address on the device (Safari), or scan the code with its camera. It works once."));

    m_linkChoice = new QRadioButton(tr("One-time &link"), this);
    m_codeChoice = new QRadioButton(tr("Enrollment &code to type on the page"), this);
    m_linkChoice->setChecked(true);
    m_hours = new QSpinBox(this);
    m_hours->setRange(1, int(enrollment::EnrollmentCodes::kMaxLifetime.count()));
    m_hours->setValue(int(enrollment::EnrollmentCodes::kDefaultLifetime.count()));
    m_hours->setSuffix(tr(" h", "hours"));
    m_create = new QPushButton(tr("Create &New"), this);
    connect(m_create, &QPushButton::clicked, this, &EnrollmentLinkPage::createLink);

    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("enrollmentUrl"));
    m_urlEdit->setReadOnly(true);
    auto* copy = new QPushButton(tr("Co&py"), this);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_url); });
    m_codeLabel = new QLabel(this);
    m_codeLabel->setObjectName(QStringLiteral("enrollmentCode"));
    m_codeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_codeLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    big.setFamily(QStringLiteral("monospace"));
    m_codeLabel->setFont(big);
    m_expiry = new QLabel(this);
    m_expiry->setObjectName(QStringLiteral("enrollmentExpiry"));
    m_expiry->setWordWrap(true);
    m_qrLabel = new QLabel(this);
    m_qrLabel->setObjectName(QStringLiteral("enrollmentQr"));
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setMinimumSize(220, 220);

    auto* choices = new QHBoxLayout;
    choices->addWidget(m_linkChoice);
    choices->addWidget(m_codeChoice);
    choices->addStretch(1);
    choices->addWidget(new QLabel(tr("Valid for:"), this));
    choices->addWidget(m_hours);
    choices->addWidget(m_create);
    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(m_urlEdit, 1);
    urlRow->addWidget(copy);

    auto* steps = new QLabel(tr("On the device: scan this code with the Camera app, or open the address in "
                                "Safari. Then follow the prompts to download the profile, and install it in "
                                "Settings → Profile Downloaded."),
        this);
    steps->setWordWrap(true);
    auto* details = new QVBoxLayout;
    details->addWidget(m_codeLabel);
    details->addWidget(steps);
    details->addWidget(m_expiry);
    details->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addWidget(m_qrLabel, 0, Qt::AlignTop);
    body->addSpacing(12);
    body->addLayout(details, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addLayout(urlRow);
    layout->addSpacing(8);
    layout->addLayout(body, 1);
}

void EnrollmentLinkPage::initializePage()
{
    // A new one each time the page is reached with another address; otherwise keep the one shown.
    if (m_url.isEmpty() || !m_url.startsWith(m_wizard.urls().base()))
        createLink();
}

bool EnrollmentLinkPage::isComplete() const
{
    return !m_url.isEmpty() && !m_creating;
}

void EnrollmentLinkPage::createLink()
{
    if (m_creating)
        return;
    m_creating = true;
    m_create->setEnabled(false);
    Q_EMIT completeChanged();
    const enrollment::CodeKind kind
        = m_codeChoice->isChecked() ? enrollment::CodeKind::Code : enrollment::CodeKind::Link;
    const std::chrono::seconds lifetime = std::chrono::hours(m_hours->value());
    auto created = std::make_shared<enrollment::NewEnrollmentCode>();
    QFuture<storage::StorageStatus> job = m_wizard.storage().write(
        [kind, lifetime, created](storage::Database& db) -> storage::StorageStatus {
            auto made = enrollment::EnrollmentCodes::create(
                db, kind, lifetime, QStringLiteral("console"), QDateTime::currentDateTimeUtc());
            if (!made)
                return made.error();
            *created = *made;
            return {};
        },
        {QStringLiteral("enrollment_codes")});
    const enrollment::EnrollmentUrls urls = m_wizard.urls();
    job.then(this, [this, created, kind, urls](const storage::StorageStatus& status) {
        m_creating = false;
        m_create->setEnabled(true);
        if (!status) {
            m_url.clear();
            m_qr.reset();
            m_urlEdit->clear();
            m_qrLabel->clear();
            m_codeLabel->clear();
            m_expiry->setText(tr("Could not create it: %1").arg(status.error().toString()));
            Q_EMIT completeChanged();
            Q_EMIT linkReady(false, m_expiry->text());
            return;
        }
        if (kind == enrollment::CodeKind::Link)
            show(urls.enrollLink(created->secret), QString(), created->expiresAt);
        else
            show(urls.enroll(), created->secret, created->expiresAt);
        Q_EMIT completeChanged();
        Q_EMIT linkReady(true, m_url);
    });
}

void EnrollmentLinkPage::show(const QString& url, const QString& code, const QDateTime& expiresAt)
{
    m_url = url;
    m_code = code;
    m_urlEdit->setText(url);
    m_codeLabel->setText(code.isEmpty() ? QString() : tr("Code: %1").arg(code));
    m_codeLabel->setVisible(!code.isEmpty());
    m_expiry->setText(tr("Single use; expires %1. It is not shown again once you close the wizard.")
                          .arg(QLocale().toString(expiresAt.toLocalTime(), QLocale::ShortFormat)));
    m_qr = QrCode::encode(url);
    if (m_qr)
        m_qrLabel->setPixmap(QPixmap::fromImage(m_qr->toImage(kQrModulePixels)));
    else
        m_qrLabel->setText(tr("(too long for a QR code)"));
}

} // namespace quince::ui

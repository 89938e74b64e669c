// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/EnrollmentSelfTestPage.h"

#include "core/pki/CaStore.h"
#include "core/storage/Database.h"
#include "ui/enrollment/EnrollmentHostPage.h"
#include "ui/enrollment/EnrollmentWizard.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QUrl>
#include <QVBoxLayout>

namespace quince::ui {

namespace {

// The active root CA(s) of this installation: what devices trust after the profile.
QList<QSslCertificate> rootCertificates(storage::Database& reader)
{
    QList<QSslCertificate> roots;
    auto found = pki::CaStore::find(reader, pki::CertificateKind::RootCa, pki::CertificateStatus::Active);
    if (!found)
        return roots;
    for (const pki::CertificateRecord& record : *found)
        roots.append(QSslCertificate(record.certificate.toDer(), QSsl::Der));
    return roots;
}

} // namespace

EnrollmentSelfTestPage::EnrollmentSelfTestPage(EnrollmentWizard& wizard) : m_wizard(wizard)
{
    setTitle(tr("Reachability self-test"));
    setSubTitle(tr("The console calls its own listener by that name, over HTTPS, trusting only Quince's root "
                   "certificate: what a device will do."));
    m_network = new QNetworkAccessManager(this);
    m_target = new QLabel(this);
    m_target->setObjectName(QStringLiteral("selfTestTarget"));
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("selfTestResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setMinimumHeight(80);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_again = new QPushButton(tr("&Test Again"), this);
    connect(m_again, &QPushButton::clicked, this, &EnrollmentSelfTestPage::runSelfTest);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_again);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_target);
    layout->addWidget(m_result, 1);
    layout->addLayout(buttons);
}

void EnrollmentSelfTestPage::initializePage()
{
    runSelfTest();
}

void EnrollmentSelfTestPage::cleanupPage()
{
    abandonRequest();
}

void EnrollmentSelfTestPage::abandonRequest()
{
    // Quietly: leaving the page or testing again is not a failed test.
    if (!m_reply)
        return;
    QNetworkReply* old = m_reply;
    m_reply = nullptr;
    old->disconnect(this);
    old->abort();
    old->deleteLater();
}

void EnrollmentSelfTestPage::runSelfTest()
{
    abandonRequest();
    const QUrl url(m_wizard.hostPage()->baseUrl() + QStringLiteral("/health"));
    m_target->setText(tr("Health check: <b>%1</b>").arg(url.toString().toHtmlEscaped()));
    m_result->setText(tr("Waiting for an answer…"));
    m_result->setStyleSheet(QString());

    const QList<QSslCertificate> roots = rootCertificates(m_wizard.reader());
    if (roots.isEmpty()) {
        finish(false, tr("Quince has no root certificate yet: start the listener once so that it creates one."));
        return;
    }
    QNetworkRequest request(url);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(roots); // only ours: a certificate from anyone else must fail, as on a device
    request.setSslConfiguration(ssl);
    request.setTransferTimeout(kTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_reply = m_network->get(request);
    QNetworkReply* reply = m_reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void EnrollmentSelfTestPage::onReplyFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QString host = m_wizard.hostPage()->host();
    const quint16 port = m_wizard.hostPage()->port();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(4096);
    if (reply->error() == QNetworkReply::NoError && status == 200 && body.contains("\"ok\"")) {
        finish(true, tr("The listener answered at %1:%2 with a certificate devices will trust.").arg(host).arg(port));
        return;
    }
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        finish(false,
            tr("The name %1 does not resolve on this computer. Devices need it to resolve too: add it to "
               "your DNS, or use the computer's IP address.")
                .arg(host));
        return;
    case QNetworkReply::ConnectionRefusedError:
        finish(false,
            tr("Nothing listens on %1 port %2. Is the listener running on that port (see the status "
               "bar)? Is a firewall in the way?")
                .arg(host)
                .arg(port));
        return;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        finish(false,
            tr("No answer from %1 port %2 within %3 seconds: a firewall may drop the connection.")
                .arg(host)
                .arg(port)
                .arg(kTimeoutMs / 1000));
        return;
    case QNetworkReply::SslHandshakeFailedError:
        finish(false,
            tr("The TLS handshake failed: %1. Is this port served by Quince, and over HTTPS (not behind "
               "a proxy with its own certificate)?")
                .arg(reply->errorString()));
        return;
    default:
        break;
    }
    if (status != 0)
        finish(false,
            tr("%1:%2 answered HTTP %3 instead of Quince's health check: another server is on this "
               "address.")
                .arg(host)
                .arg(port)
                .arg(status));
    else
        finish(false, tr("The call failed: %1").arg(reply->errorString()));
}

void EnrollmentSelfTestPage::finish(bool ok, const QString& message)
{
    if (ok) {
        m_result->setText(QStringLiteral("<b>\u2714 %1</b><br>%2").arg(tr("Reachable."), message.toHtmlEscaped()));
        m_result->setStyleSheet(QStringLiteral("QLabel { color: #1d6b2f; }"));
    } else {
        m_result->setText(QStringLiteral("<b>\u2718 %1</b><br>%2<br><br>%3")
                              .arg(tr("Not reachable."), message.toHtmlEscaped(),
                                  tr("You may go on, but devices will not enroll until this test passes.")));
        m_result->setStyleSheet(QStringLiteral("QLabel { color: #a51d2d; }"));
    }
    Q_EMIT selfTestFinished(ok, message);
}

} // namespace quince::ui

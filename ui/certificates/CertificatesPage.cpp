// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/certificates/CertificatesPage.h"

#include "core/pki/PushCertificateStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "ui/certificates/CertificateListModel.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace quince::ui {

namespace {

constexpr qint64 kMaxCertificateFileBytes = 1024 * 1024;

// Hides device identity certificates when asked: with many devices they drown the rest.
class CertificateFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setShowDevices(bool show)
    {
        m_showDevices = show;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        if (m_showDevices)
            return true;
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        return index.data(CertificateListModel::KindRole).toInt() != int(pki::CertificateKind::DeviceIdentity);
    }

private:
    bool m_showDevices = true;
};

} // namespace

CertificatesPage::CertificatesPage(
    storage::StorageWorker& storage, storage::Database& reader, const pki::KeySealer& sealer, QWidget* parent)
    : QWidget(parent), m_storage(storage), m_reader(reader), m_sealer(sealer)
{
    setObjectName(QStringLiteral("certificatesPage"));
    m_model = new CertificateListModel(this);
    auto* filter = new CertificateFilter(this);
    m_proxy = filter;
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CertificateListModel::SortRole);

    // The push certificate: the one devices' enrollment and every wake-up depend on.
    auto* pushBox = new QFrame(this);
    pushBox->setFrameShape(QFrame::StyledPanel);
    m_pushStatus = new QLabel(pushBox);
    m_pushStatus->setObjectName(QStringLiteral("pushCertificateStatus"));
    m_pushStatus->setWordWrap(true);
    m_pushStatus->setTextFormat(Qt::RichText);
    m_pushStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_request = new QPushButton(tr("Create &Request…"), pushBox);
    m_request->setToolTip(tr("Make a new push key and its certificate signing request (CSR) for Apple"));
    m_import = new QPushButton(tr("&Import Apple's Certificate…"), pushBox);
    m_import->setToolTip(tr("Import the certificate Apple issued (.pem, .cer or .p12); a renewal must keep the same "
                            "topic"));
    connect(m_request, &QPushButton::clicked, this, &CertificatesPage::askAndCreateRequest);
    connect(m_import, &QPushButton::clicked, this, &CertificatesPage::askAndImport);
    auto* pushButtons = new QVBoxLayout;
    pushButtons->addWidget(m_request);
    pushButtons->addWidget(m_import);
    pushButtons->addStretch(1);
    auto* pushLayout = new QHBoxLayout(pushBox);
    pushLayout->addWidget(m_pushStatus, 1);
    pushLayout->addLayout(pushButtons);

    m_warningSummary = new QLabel(this);
    m_warningSummary->setObjectName(QStringLiteral("certificateWarnings"));
    m_warningSummary->setWordWrap(true);
    m_showDevices = new QCheckBox(tr("Show &device identities"), this);
    m_showDevices->setChecked(true);
    connect(m_showDevices, &QCheckBox::toggled, this, [filter](bool on) { filter->setShowDevices(on); });
    auto* listBar = new QHBoxLayout;
    listBar->addWidget(m_warningSummary, 1);
    listBar->addWidget(m_showDevices);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("certificateView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CertificateListModel::DaysLeft, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(CertificateListModel::Dependents, QHeaderView::Stretch);
    m_view->setColumnWidth(CertificateListModel::Kind, 120);
    m_view->setColumnWidth(CertificateListModel::Subject, 260);
    m_view->setColumnWidth(CertificateListModel::Status, 90);
    m_view->setColumnWidth(CertificateListModel::Expires, 90);
    m_view->setColumnWidth(CertificateListModel::DaysLeft, 110);
    m_view->setColumnWidth(CertificateListModel::Key, 100);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("certificateMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pushBox);
    layout->addLayout(listBar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    connect(&m_storage, &storage::StorageWorker::committed, this, [this](const QStringList& tables) {
        if (tables.isEmpty() || tables.contains(QStringLiteral("certificates"))
            || tables.contains(QStringLiteral("certificate_requests")))
            reload();
    });
    reload();
}

void CertificatesPage::reload()
{
    const QDateTime now = m_fixedNow.value_or(QDateTime::currentDateTimeUtc());
    auto items = pki::CertificateInventory::load(m_reader);
    if (!items) {
        showMessage(false, tr("The certificates cannot be read: %1").arg(items.error().toString()));
        return;
    }
    m_model->setItems(*items, now, pki::CertificateInventory::thresholds(m_reader));
    m_view->resizeColumnToContents(CertificateListModel::Kind);

    const QList<pki::ExpiryWarning>& warnings = m_model->warnings();
    if (warnings.isEmpty()) {
        m_warningSummary->setText(tr("%n certificate(s); none expires soon.", nullptr, int(items->size())));
        m_warningSummary->setStyleSheet(QString());
    } else {
        const pki::ExpiryWarning& soonest = warnings.first();
        const QString name = soonest.certificate.certificate.commonName().isEmpty()
            ? soonest.certificate.subject()
            : soonest.certificate.certificate.commonName();
        m_warningSummary->setText(
            tr("%n certificate(s) need attention (colored below). Soonest: %1 \u201c%2\u201d, %3.", nullptr,
                int(warnings.size()))
                .arg(pki::displayName(soonest.certificate.kind), name,
                    soonest.daysLeft < 0
                        ? tr("expired %1").arg(CertificateListModel::countdownText(soonest.daysLeft))
                        : tr("expires %1").arg(CertificateListModel::countdownText(soonest.daysLeft))));
        m_warningSummary->setToolTip(soonest.message());
        m_warningSummary->setStyleSheet(QStringLiteral("QLabel { color: #a51d2d; font-weight: bold; }"));
    }

    // The push certificate and a request waiting for Apple's answer.
    QString pending;
    QSqlQuery request(m_reader.connection());
    if (request.exec(QStringLiteral("SELECT MAX(created_at) FROM certificate_requests WHERE kind = 'push' AND "
                                    "fulfilled_at IS NULL"))
        && request.next() && !request.value(0).isNull())
        pending
            = tr("<br>A request made %1 waits for Apple's certificate.")
                  .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(request.value(0).toLongLong()).toLocalTime(),
                      QLocale::ShortFormat));
    auto active = pki::PushCertificateStore::activeCertificate(m_reader);
    if (!active) {
        m_pushStatus->setText(
            tr("The push certificate cannot be read: %1").arg(active.error().message.toHtmlEscaped()));
    } else if (!active->has_value()) {
        m_pushStatus->setText(tr("<b>No push certificate.</b> Devices cannot be enrolled or woken without one. "
                                 "<i>Create Request</i>, have it signed by your MDM vendor, upload it at "
                                 "identity.apple.com/pushcert, then <i>Import Apple's Certificate</i>.")
            + pending);
    } else {
        const pki::PushCertificate& push = **active;
        const int days = int(now.secsTo(push.expiresAt()) / 86400);
        const bool soon = days <= pki::CertificateInventory::defaultThresholds().constFirst();
        m_pushStatus->setText(tr("<b>Push certificate</b> for topic %1<br>Expires %2 (%3). Renew it at "
                                 "identity.apple.com/pushcert with <i>Renew</i> on the same certificate and import "
                                 "the result: the topic must stay the same, or every device is lost.")
                                  .arg(push.topic().toHtmlEscaped(),
                                      QLocale().toString(push.expiresAt().toLocalTime(), QLocale::ShortFormat),
                                      soon ? QStringLiteral("<span style='color:#a51d2d'><b>%1</b></span>")
                                                 .arg(CertificateListModel::countdownText(days))
                                           : CertificateListModel::countdownText(days))
            + pending);
    }
}

void CertificatesPage::showMessage(bool ok, const QString& text)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        ok ? QStringLiteral("QLabel { color: #1d6b2f; }") : QStringLiteral("QLabel { color: #a51d2d; }"));
}

void CertificatesPage::askAndCreateRequest()
{
    bool ok = false;
    const QString organization = QInputDialog::getText(this, tr("Push Certificate Request"),
        tr("Organization name (shown in Apple's portal, optional):"), QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Push Certificate Request"),
        QDir(folder).filePath(QStringLiteral("quince-push.csr")), tr("Certificate requests (*.csr *.pem)"));
    if (!path.isEmpty())
        createRequest(path, organization);
}

void CertificatesPage::createRequest(const QString& path, const QString& organization)
{
    m_request->setEnabled(false);
    auto pem = std::make_shared<QByteArray>();
    auto error = std::make_shared<QString>();
    const pki::KeySealer* sealer = &m_sealer;
    QFuture<storage::StorageStatus> job = m_storage.write(
        [pem, error, sealer, organization](storage::Database& db) -> storage::StorageStatus {
            auto csr = pki::PushCertificateStore(*sealer).createRequest(db, organization);
            if (!csr) {
                *error = csr.error().message;
                return storage::StorageError {storage::StorageErrorKind::JobFailed, csr.error().message, {}};
            }
            *pem = csr->toPem();
            return {};
        },
        pki::PushCertificateStore::tables());
    job.then(this, [this, pem, error, path](const storage::StorageStatus& status) {
        m_request->setEnabled(true);
        if (!status) {
            const QString why = error->isEmpty() ? status.error().toString() : *error;
            showMessage(false, tr("The request could not be made: %1").arg(why));
            Q_EMIT requestSaved(false, why);
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(*pem) != pem->size() || !file.commit()) {
            const QString why
                = tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), file.errorString());
            showMessage(false, why);
            Q_EMIT requestSaved(false, why);
            return;
        }
        const QString done = tr("Saved the request to %1; its key stays sealed in Quince. Next: have your MDM vendor "
                                "sign it, upload it at identity.apple.com/pushcert, then import Apple's certificate.")
                                 .arg(QDir::toNativeSeparators(path));
        showMessage(true, done);
        Q_EMIT requestSaved(true, done);
    });
}

void CertificatesPage::askAndImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Apple's Push Certificate"), QString(),
        tr("Certificates (*.pem *.cer *.crt *.der *.p12 *.pfx);;All files (*)"));
    if (path.isEmpty())
        return;
    // A PKCS#12 needs its password: ask once the first try says so.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &CertificatesPage::certificateImported, this,
        [this, path, connection](bool, const QString&, bool needsPassword) {
            disconnect(*connection);
            if (!needsPassword)
                return;
            bool ok = false;
            QString password = QInputDialog::getText(this, tr("Certificate Password"),
                tr("%1 is protected by a password:").arg(QFileInfo(path).fileName()), QLineEdit::Password, QString(),
                &ok);
            if (ok)
                importCertificate(path, password.toUtf8());
            password.fill(u'\0');
        });
    importCertificate(path);
}

void CertificatesPage::importCertificate(const QString& path, const QByteArray& password)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxCertificateFileBytes) {
        const QString why = file.isOpen()
            ? tr("%1 is too large to be a certificate.").arg(QDir::toNativeSeparators(path))
            : tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        showMessage(false, why);
        Q_EMIT certificateImported(false, why, false);
        return;
    }
    const QByteArray bytes = file.readAll();
    m_import->setEnabled(false);
    auto failure = std::make_shared<std::optional<pki::PushCertificateError>>();
    auto imported = std::make_shared<QString>();
    const pki::KeySealer* sealer = &m_sealer;
    QFuture<storage::StorageStatus> job = m_storage.write(
        [bytes, password, failure, imported, sealer](storage::Database& db) -> storage::StorageStatus {
            auto push = pki::PushCertificateStore(*sealer).importCertificate(db, bytes, password);
            if (!push) {
                *failure = push.error();
                return storage::StorageError {storage::StorageErrorKind::JobFailed, push.error().message, {}};
            }
            *imported = push->topic();
            return {};
        },
        pki::PushCertificateStore::tables());
    job.then(this, [this, failure, imported, hadPassword = !password.isEmpty()](const storage::StorageStatus& status) {
        m_import->setEnabled(true);
        if (status) {
            const QString done = tr("Imported the push certificate for topic %1.").arg(*imported);
            showMessage(true, done);
            Q_EMIT certificateImported(true, done, false);
            return;
        }
        if (!failure->has_value()) {
            showMessage(false, status.error().toString());
            Q_EMIT certificateImported(false, status.error().toString(), false);
            return;
        }
        const pki::PushCertificateError& error = **failure;
        QString why = error.message;
        if (error.kind == pki::PushCertificateErrorKind::TopicChanged)
            why = tr("This certificate is for topic %1, but the devices are enrolled with %2. Renew the existing "
                     "certificate at Apple (same topic) instead of creating a new one.")
                      .arg(error.newTopic, error.activeTopic);
        const bool needsPassword = error.kind == pki::PushCertificateErrorKind::WrongPassword;
        if (!(needsPassword && !hadPassword))
            showMessage(false, tr("Not imported: %1").arg(why));
        Q_EMIT certificateImported(false, why, needsPassword);
    });
}

} // namespace quince::ui

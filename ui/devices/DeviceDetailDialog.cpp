// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/devices/DeviceDetailDialog.h"

#include "core/inventory/DeviceInventory.h"
#include "core/storage/Database.h"
#include "ui/devices/PlistTreeModel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace quince::ui {

namespace {

QString when(const QDateTime& time)
{
    if (!time.isValid())
        return QString();
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QString whenMs(const QVariant& ms)
{
    if (ms.isNull() || ms.toLongLong() <= 0)
        return QString();
    return when(QDateTime::fromMSecsSinceEpoch(ms.toLongLong()));
}

// A map value as the tables show it: times local, booleans as words, nothing as nothing.
QString cellText(const QString& key, const QVariant& value)
{
    if (value.isNull() || !value.isValid())
        return QString();
    if (value.metaType().id() == QMetaType::QDateTime)
        return when(value.toDateTime());
    if (key.startsWith(QLatin1String("is_")) || key.startsWith(QLatin1String("has_"))
        || key == QLatin1String("removal_disallowed") || key == QLatin1String("installing")
        || key == QLatin1String("beta_app") || key == QLatin1String("app_store_vendable")
        || key == QLatin1String("device_based_vpp") || key == QLatin1String("ad_hoc_code_signed"))
        return value.toInt() ? QDialog::tr("Yes") : QDialog::tr("No");
    return value.toString();
}

QString yesNo(const QVariant& value)
{
    if (value.isNull() || !value.isValid())
        return QDialog::tr("Not reported");
    return value.toInt() ? QDialog::tr("Yes") : QDialog::tr("No");
}

QTableWidget* makeTable(const QString& objectName, QWidget* parent)
{
    auto* table = new QTableWidget(parent);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSortingEnabled(true);
    return table;
}

QLabel* valueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

} // namespace

DeviceDetailDialog::DeviceDetailDialog(storage::Database& reader, const QString& udid, QWidget* parent)
    : QDialog(parent), m_reader(reader), m_udid(udid)
{
    setObjectName(QStringLiteral("deviceDetail"));
    setWindowTitle(tr("Device %1").arg(udid));
    setAttribute(Qt::WA_DeleteOnClose, false);
    auto* layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    layout->addWidget(m_tabs, 1);

    buildOverview();
    buildSecurity();

    m_profiles = makeTable(QStringLiteral("profilesTable"), m_tabs);
    m_tabs->addTab(m_profiles, tr("&Profiles"));
    m_provisioning = makeTable(QStringLiteral("provisioningTable"), m_tabs);
    m_tabs->addTab(m_provisioning, tr("Pro&visioning"));
    m_certificates = makeTable(QStringLiteral("certificatesTable"), m_tabs);
    m_tabs->addTab(m_certificates, tr("&Certificates"));
    m_applications = makeTable(QStringLiteral("applicationsTable"), m_tabs);
    m_tabs->addTab(m_applications, tr("&Applications"));

    auto* history = new QSplitter(Qt::Vertical, m_tabs);
    history->setObjectName(QStringLiteral("historySplitter"));
    m_history = makeTable(QStringLiteral("historyTable"), history);
    m_history->setSortingEnabled(false); // rows index the raw plists
    m_history->setSelectionMode(QAbstractItemView::SingleSelection);
    history->addWidget(m_history);
    auto* raw = new QSplitter(Qt::Horizontal, history);
    m_requestModel = new PlistTreeModel(this);
    m_responseModel = new PlistTreeModel(this);
    for (auto [tree, model, name, title] :
        {std::tuple {&m_requestTree, m_requestModel, QStringLiteral("requestTree"), tr("Request")},
            std::tuple {&m_responseTree, m_responseModel, QStringLiteral("responseTree"), tr("Response")}}) {
        auto* box = new QWidget(raw);
        auto* boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->addWidget(new QLabel(title, box));
        *tree = new QTreeView(box);
        (*tree)->setObjectName(name);
        (*tree)->setModel(model);
        (*tree)->setAlternatingRowColors(true);
        (*tree)->setUniformRowHeights(true);
        boxLayout->addWidget(*tree, 1);
        raw->addWidget(box);
    }
    history->addWidget(raw);
    history->setStretchFactor(0, 1);
    history->setStretchFactor(1, 2);
    m_tabs->addTab(history, tr("Command &History"));
    connect(m_history, &QTableWidget::currentCellChanged, this, [this](int row) { showCommand(row); });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* reloadButton = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    connect(reloadButton, &QPushButton::clicked, this, &DeviceDetailDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    resize(900, 640);
    reload();
}

void DeviceDetailDialog::buildOverview()
{
    auto* page = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(page);
    m_overviewForm = new QFormLayout;
    m_overviewForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QList<std::pair<QString, QString>> fields {
        {QStringLiteral("name"), tr("Name")},
        {QStringLiteral("udid"), tr("UDID")},
        {QStringLiteral("serial"), tr("Serial number")},
        {QStringLiteral("model"), tr("Hardware")},
        {QStringLiteral("os"), tr("Operating system")},
        {QStringLiteral("capacity"), tr("Storage")},
        {QStringLiteral("battery"), tr("Battery")},
        {QStringLiteral("supervised"), tr("Supervised")},
        {QStringLiteral("activationLock"), tr("Activation Lock")},
        {QStringLiteral("network"), tr("IMEI / Wi-Fi")},
        {QStringLiteral("enrollment"), tr("Enrollment")},
        {QStringLiteral("lastSeen"), tr("Last seen")},
        {QStringLiteral("push"), tr("Push")},
        {QStringLiteral("reported"), tr("Facts reported")},
    };
    for (const auto& [key, title] : fields) {
        QLabel* label = valueLabel(page);
        label->setObjectName(QStringLiteral("overview_") + key);
        m_overview.insert(key, label);
        m_overviewForm->addRow(title + u':', label);
    }
    layout->addLayout(m_overviewForm);
    layout->addWidget(new QLabel(tr("Every fact the device reported:"), page));
    m_facts = makeTable(QStringLiteral("factsTable"), page);
    layout->addWidget(m_facts, 1);
    m_tabs->addTab(page, tr("&Overview"));
}

void DeviceDetailDialog::buildSecurity()
{
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    auto* page = new QWidget(scroll);
    auto* layout = new QVBoxLayout(page);
    m_securityEmpty
        = new QLabel(tr("The device has not answered SecurityInfo yet. Refresh its inventory to ask."), page);
    m_securityEmpty->setObjectName(QStringLiteral("securityEmpty"));
    m_securityEmpty->setWordWrap(true);
    layout->addWidget(m_securityEmpty);
    m_securityForm = new QFormLayout;
    const QList<std::pair<QString, QString>> fields {
        {QStringLiteral("passcode_present"), tr("Passcode set")},
        {QStringLiteral("passcode_compliant"), tr("Passcode compliant")},
        {QStringLiteral("passcode_compliant_with_profiles"), tr("Compliant with profiles")},
        {QStringLiteral("auto_lock_time"), tr("Auto-lock (seconds)")},
        {QStringLiteral("hardware_encryption_caps"), tr("Hardware encryption")},
        {QStringLiteral("fde_enabled"), tr("FileVault")},
        {QStringLiteral("fde_has_personal_recovery_key"), tr("Personal recovery key")},
        {QStringLiteral("fde_has_institutional_recovery_key"), tr("Institutional recovery key")},
        {QStringLiteral("system_integrity_protection_enabled"), tr("System Integrity Protection")},
        {QStringLiteral("firewall_enabled"), tr("Firewall")},
        {QStringLiteral("secure_boot_level"), tr("Secure boot")},
        {QStringLiteral("recovery_lock_enabled"), tr("Recovery lock")},
        {QStringLiteral("enrolled_via_dep"), tr("Enrolled via Automated Device Enrollment")},
        {QStringLiteral("user_approved_enrollment"), tr("User-approved enrollment")},
        {QStringLiteral("is_user_enrollment"), tr("User Enrollment")},
        {QStringLiteral("reported_at"), tr("Reported")},
    };
    for (const auto& [key, title] : fields) {
        QLabel* label = valueLabel(page);
        label->setObjectName(QStringLiteral("security_") + key);
        m_security.insert(key, label);
        m_securityForm->addRow(title + u':', label);
    }
    layout->addLayout(m_securityForm);
    layout->addStretch(1);
    scroll->setWidget(page);
    m_tabs->addTab(scroll, tr("&Security"));
}

QString DeviceDetailDialog::overviewValue(const QString& field) const
{
    const QLabel* label = m_overview.value(field);
    return label ? label->text() : QString();
}

void DeviceDetailDialog::setOverview(const QString& field, const QString& text)
{
    if (QLabel* label = m_overview.value(field))
        label->setText(text.isEmpty() ? tr("Not reported") : text);
}

void DeviceDetailDialog::reload()
{
    m_lastError.clear();
    auto shown = inventory::DeviceInventory::show(m_reader, m_udid);
    if (!shown) {
        m_lastError = shown.error().toString();
        setOverview(QStringLiteral("name"), tr("Cannot read the device: %1").arg(m_lastError));
        return;
    }
    if (!shown->has_value()) {
        m_lastError = tr("No device has the UDID %1.").arg(m_udid);
        setOverview(QStringLiteral("name"), m_lastError);
        return;
    }
    const inventory::DeviceDetails& details = **shown;
    const inventory::DeviceSummary& s = details.summary;
    setWindowTitle(tr("%1 \u2014 Quince").arg(s.deviceName.isEmpty() ? s.udid : s.deviceName));

    QHash<QString, QString> facts;
    for (const QVariantMap& fact : details.facts)
        facts.insert(fact.value(QStringLiteral("name")).toString(), fact.value(QStringLiteral("value")).toString());

    setOverview(QStringLiteral("name"), s.deviceName);
    setOverview(QStringLiteral("udid"), s.udid);
    setOverview(QStringLiteral("serial"), s.serialNumber);
    QStringList model;
    for (const QString& part : {s.modelName, s.productName, s.model})
        if (!part.isEmpty() && !model.contains(part))
            model.append(part);
    setOverview(QStringLiteral("model"), model.join(QStringLiteral(" \u00b7 ")));
    QString os = s.osVersion;
    if (!s.buildVersion.isEmpty())
        os += QStringLiteral(" (%1)").arg(s.buildVersion);
    setOverview(QStringLiteral("os"), os.trimmed());
    if (s.deviceCapacityGb)
        setOverview(QStringLiteral("capacity"),
            tr("%1 GB free of %2 GB")
                .arg(QLocale().toString(s.availableCapacityGb.value_or(0), 'f', 1),
                    QLocale().toString(*s.deviceCapacityGb, 'f', 1)));
    else
        setOverview(QStringLiteral("capacity"), QString());
    setOverview(QStringLiteral("battery"),
        s.batteryLevel ? QStringLiteral("%1%").arg(qRound(*s.batteryLevel * 100)) : QString());
    setOverview(QStringLiteral("supervised"), s.isSupervised ? (*s.isSupervised ? tr("Yes") : tr("No")) : QString());
    const QString lock = facts.value(QStringLiteral("IsActivationLockEnabled"));
    setOverview(QStringLiteral("activationLock"),
        lock.isEmpty() ? QString()
                       : (lock == QLatin1String("true") || lock == QLatin1String("1") ? tr("On") : tr("Off")));
    QStringList network;
    for (const QString& key : {QStringLiteral("IMEI"), QStringLiteral("WiFiMAC")})
        if (!facts.value(key).isEmpty())
            network.append(facts.value(key));
    setOverview(QStringLiteral("network"), network.join(QStringLiteral(" \u00b7 ")));

    QString enrollment;
    if (s.enrollmentState == QLatin1String("enrolled"))
        enrollment = s.enrolledAt.isValid() ? tr("Enrolled since %1").arg(when(s.enrolledAt)) : tr("Enrolled");
    else if (s.enrollmentState == QLatin1String("pending"))
        enrollment = tr("Pending: the device has not finished enrolling");
    else
        enrollment = tr("Unenrolled");
    if (s.unenrollRequestedAt.isValid())
        enrollment += u'\n' + tr("Removal requested %1: %2").arg(when(s.unenrollRequestedAt), s.unenrollReason);
    setOverview(QStringLiteral("enrollment"), enrollment);
    QString seen = s.lastSeenAt.isValid() ? when(s.lastSeenAt) : tr("Never");
    if (s.inactive())
        seen += u'\n' + tr("Inactive since %1").arg(when(s.inactiveSince));
    setOverview(QStringLiteral("lastSeen"), seen);

    QStringList push;
    for (const QVariantMap& e : details.enrollments) {
        const QString channel = e.value(QStringLiteral("channel")).toString() == QLatin1String("user")
            ? tr("User channel (%1)").arg(e.value(QStringLiteral("user_short_name")).toString())
            : tr("Device channel");
        QString state;
        if (!e.value(QStringLiteral("push_token_dead_since")).isNull())
            state = tr("push token rejected by Apple since %1")
                        .arg(when(e.value(QStringLiteral("push_token_dead_since")).toDateTime()));
        else if (!e.value(QStringLiteral("token_updated_at")).isNull())
            state = tr("push token since %1").arg(when(e.value(QStringLiteral("token_updated_at")).toDateTime()));
        else
            state = tr("no push token yet");
        push.append(QStringLiteral("%1: %2, %3").arg(channel, e.value(QStringLiteral("status")).toString(), state));
    }
    setOverview(QStringLiteral("push"), push.join(u'\n'));
    setOverview(QStringLiteral("reported"), when(s.factsReportedAt));

    fillTable(m_facts, details.facts,
        {{QStringLiteral("name"), tr("Fact")}, {QStringLiteral("value"), tr("Value")},
            {QStringLiteral("value_type"), tr("Type")}, {QStringLiteral("reported_at"), tr("Reported")}});

    m_securityEmpty->setVisible(!details.security.has_value());
    for (auto it = m_security.begin(); it != m_security.end(); ++it) {
        const QVariant value = details.security ? details.security->value(it.key()) : QVariant();
        QString text;
        if (it.key() == QLatin1String("reported_at"))
            text = when(value.toDateTime());
        else if (it.key() == QLatin1String("secure_boot_level") || it.key() == QLatin1String("auto_lock_time")
            || it.key() == QLatin1String("hardware_encryption_caps"))
            text = value.isNull() ? tr("Not reported") : value.toString();
        else
            text = yesNo(value);
        it.value()->setText(details.security ? text : QString());
        // A passcode that does not comply is what an administrator looks for first.
        const bool bad = it.key().startsWith(QLatin1String("passcode_")) && !value.isNull() && value.toInt() == 0;
        it.value()->setStyleSheet(bad ? QStringLiteral("color: #b00020; font-weight: bold;") : QString());
    }

    fillTable(m_profiles, details.profiles,
        {{QStringLiteral("display_name"), tr("Name")}, {QStringLiteral("payload_identifier"), tr("Identifier")},
            {QStringLiteral("organization"), tr("Organization")}, {QStringLiteral("is_managed"), tr("Managed")},
            {QStringLiteral("removal_disallowed"), tr("Locked")}, {QStringLiteral("payload_types"), tr("Payloads")},
            {QStringLiteral("reported_at"), tr("Reported")}});
    fillTable(m_provisioning, details.provisioningProfiles,
        {{QStringLiteral("name"), tr("Name")}, {QStringLiteral("uuid"), tr("UUID")},
            {QStringLiteral("expiry_date"), tr("Expires")}, {QStringLiteral("reported_at"), tr("Reported")}});
    fillTable(m_certificates, details.certificates,
        {{QStringLiteral("common_name"), tr("Common name")}, {QStringLiteral("is_identity"), tr("Identity")},
            {QStringLiteral("issuer"), tr("Issuer")}, {QStringLiteral("not_after"), tr("Expires")},
            {QStringLiteral("sha256"), tr("SHA-256")}, {QStringLiteral("parse_error"), tr("Problem")}});
    fillTable(m_applications, details.applications,
        {{QStringLiteral("name"), tr("Name")}, {QStringLiteral("identifier"), tr("Identifier")},
            {QStringLiteral("short_version"), tr("Version")}, {QStringLiteral("version"), tr("Build")},
            {QStringLiteral("source"), tr("Source")}, {QStringLiteral("bundle_size"), tr("Size (bytes)")},
            {QStringLiteral("has_update_available"), tr("Update")}});
    m_tabs->setTabText(2, tr("&Profiles (%1)").arg(details.profiles.size()));
    m_tabs->setTabText(3, tr("Pro&visioning (%1)").arg(details.provisioningProfiles.size()));
    m_tabs->setTabText(4, tr("&Certificates (%1)").arg(details.certificates.size()));
    m_tabs->setTabText(5, tr("&Applications (%1)").arg(details.applications.size()));
    loadHistory(s.id);
}

void DeviceDetailDialog::fillTable(QTableWidget* table, const QList<QVariantMap>& rows, const QList<Column>& columns)
{
    table->setSortingEnabled(false);
    table->clear();
    table->setColumnCount(int(columns.size()));
    table->setRowCount(int(rows.size()));
    QStringList titles;
    for (const Column& column : columns)
        titles.append(column.title);
    table->setHorizontalHeaderLabels(titles);
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < columns.size(); ++c) {
            const QString& key = columns.at(c).key;
            auto* item = new QTableWidgetItem(cellText(key, rows.at(r).value(key)));
            table->setItem(r, c, item);
        }
    }
    table->resizeColumnsToContents();
    for (int c = 0; c < table->columnCount(); ++c)
        table->setColumnWidth(c, qMin(table->columnWidth(c), 320));
    table->setSortingEnabled(true);
}

void DeviceDetailDialog::loadHistory(qint64 deviceId)
{
    m_requests.clear();
    m_responses.clear();
    m_history->clearContents();
    auto query = m_reader.exec(
        QStringLiteral("SELECT c.request_type, q.state, q.queued_at, q.completed_at, q.not_now_count, q.attempts,"
                       " c.created_by, c.command_uuid, e.channel, c.payload,"
                       " (SELECT r.status FROM command_results r WHERE r.queue_id = q.id ORDER BY r.id DESC LIMIT 1),"
                       " (SELECT r.response FROM command_results r WHERE r.queue_id = q.id ORDER BY r.id DESC LIMIT 1)"
                       " FROM command_queue q JOIN commands c ON c.id = q.command_id"
                       " JOIN enrollments e ON e.id = q.enrollment_id"
                       " WHERE e.device_id = ? ORDER BY q.queued_at DESC, q.id DESC LIMIT ?"),
        {deviceId, kHistoryLimit});
    if (!query) {
        m_lastError = query.error().toString();
        return;
    }
    const QStringList titles {tr("Request"), tr("State"), tr("Queued"), tr("Completed"), tr("NotNow"), tr("Attempts"),
        tr("Result"), tr("By"), tr("Channel"), tr("CommandUUID")};
    QList<QStringList> rows;
    while (query->next()) {
        rows.append(
            {query->value(0).toString(), query->value(1).toString(), whenMs(query->value(2)), whenMs(query->value(3)),
                query->value(4).toString(), query->value(5).toString(), query->value(10).toString(),
                query->value(6).toString(), query->value(8).toString(), query->value(7).toString()});
        m_requests.append(query->value(9).toByteArray());
        m_responses.append(query->value(11).toByteArray());
    }
    m_history->setColumnCount(int(titles.size()));
    m_history->setHorizontalHeaderLabels(titles);
    m_history->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < titles.size(); ++c)
            m_history->setItem(r, c, new QTableWidgetItem(rows.at(r).at(c)));
    m_history->resizeColumnsToContents();
    m_tabs->setTabText(6, tr("Command &History (%1)").arg(rows.size()));
    if (!rows.isEmpty())
        m_history->setCurrentCell(0, 0);
    else
        showCommand(-1);
}

void DeviceDetailDialog::showCommand(int row)
{
    if (row < 0 || row >= m_requests.size()) {
        m_requestModel->clearPlist();
        m_responseModel->clearPlist();
        return;
    }
    m_requestModel->setBytes(m_requests.at(row));
    if (m_responses.at(row).isEmpty())
        m_responseModel->setMessage(tr("No answer yet: the device has not reported a final status."));
    else
        m_responseModel->setBytes(m_responses.at(row));
    for (QTreeView* tree : {m_requestTree, m_responseTree}) {
        // A message row (no plist) reads across the whole width.
        const auto* model = static_cast<const PlistTreeModel*>(tree->model());
        tree->setFirstColumnSpanned(0, {}, model->rowCount() == 1 && !model->item(0, 1));
        tree->expandToDepth(1);
        tree->resizeColumnToContents(0);
    }
}

} // namespace quince::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inventory/DeviceInventoryModel.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QIODevice>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace quince::ui {

namespace {

constexpr int kMaxCachedPages = 32;

// Column → SQL expression it sorts on. Every one of these columns has an index but model_name,
// which stays fast enough to sort unindexed at 50,000 rows.
QString sortExpression(int column)
{
    switch (column) {
    case DeviceInventoryModel::SerialNumber:
        return QStringLiteral("serial_number");
    case DeviceInventoryModel::Model:
        return QStringLiteral("model");
    case DeviceInventoryModel::OsVersion:
        return QStringLiteral("os_version");
    case DeviceInventoryModel::Platform:
        return QStringLiteral("platform");
    case DeviceInventoryModel::State:
        return QStringLiteral("enrollment_state");
    case DeviceInventoryModel::LastSeen:
        return QStringLiteral("last_seen_at");
    case DeviceInventoryModel::ModelName:
        return QStringLiteral("model_name");
    case DeviceInventoryModel::Battery:
        return QStringLiteral("battery_level");
    case DeviceInventoryModel::Supervised:
        return QStringLiteral("is_supervised");
    case DeviceInventoryModel::InactiveSince:
        // Inactive by silence (inventory) or by unanswered pushes (APNs), whichever came first.
        return QStringLiteral("COALESCE(inactive_since, apns_inactive_since)");
    case DeviceInventoryModel::Udid:
        return QStringLiteral("udid");
    // Pending commands is counted per page, not indexed: it does not sort (name order instead).
    case DeviceInventoryModel::PendingCommands:
    case DeviceInventoryModel::Name:
    default:
        return QStringLiteral("device_name");
    }
}

// The device's commands that still wait for something: the device, or an operator.
const QString kPendingStates = QStringLiteral("('pending_approval', 'queued', 'sent', 'not_now')");

QString pendingCountExpression()
{
    return QStringLiteral("(SELECT COUNT(*) FROM command_queue q JOIN enrollments e ON e.id = q.enrollment_id"
                          " WHERE e.device_id = devices.id AND q.state IN ")
        + kPendingStates + u')';
}

QString csvField(const QString& text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString escapeLike(QString text)
{
    text.replace(u'\\', QStringLiteral("\\\\"));
    text.replace(u'%', QStringLiteral("\\%"));
    text.replace(u'_', QStringLiteral("\\_"));
    return text;
}

} // namespace

DeviceInventoryModel::DeviceInventoryModel(QSqlDatabase reader, QObject* parent)
    : QAbstractTableModel(parent), m_db(std::move(reader))
{
    resetRows();
}

int DeviceInventoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int DeviceInventoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceInventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == PendingCommands)
        return tr("Commands waiting for the device or for an approval");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name", "device name column");
    case SerialNumber:
        return tr("Serial Number");
    case Model:
        return tr("Model", "device hardware model column");
    case OsVersion:
        return tr("OS Version");
    case Platform:
        return tr("Platform");
    case State:
        return tr("Enrollment", "enrollment state column");
    case LastSeen:
        return tr("Last Seen");
    case ModelName:
        return tr("Model Name");
    case Battery:
        return tr("Battery");
    case Supervised:
        return tr("Supervised");
    case InactiveSince:
        return tr("Inactive Since");
    case PendingCommands:
        return tr("Pending", "pending commands column");
    case Udid:
        return tr("UDID");
    default:
        return {};
    }
}

QVariant DeviceInventoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row* row = rowAt(index.row());
    if (!row)
        return {};

    if (role == DeviceIdRole)
        return row->id;
    if (role == UdidRole)
        return row->udid;
    if (role == Qt::FontRole && index.column() == Name && row->name.isEmpty()) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    if (role == Qt::ToolTipRole && index.column() == Name)
        return tr("UDID: %1").arg(row->udid);
    if (role == Qt::TextAlignmentRole && (index.column() == Battery || index.column() == PendingCommands))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == InactiveSince && row->inactiveSinceMs > 0)
        return QColor(0xb0, 0x00, 0x20);
    if (role != Qt::DisplayRole)
        return {};
    return displayText(*row, index.column());
}

QVariant DeviceInventoryModel::displayText(const Row& row, int column) const
{
    switch (column) {
    case Name:
        // A device is named by its DeviceInformation reply; until then show its UDID.
        return row.name.isEmpty() ? row.udid : row.name;
    case SerialNumber:
        return row.serial;
    case Model:
        return row.model;
    case OsVersion:
        return row.osVersion;
    case Platform:
        return row.platform;
    case State:
        if (row.state == QLatin1String("enrolled"))
            return tr("Enrolled");
        if (row.state == QLatin1String("pending"))
            return tr("Pending", "enrollment not finished");
        if (row.state == QLatin1String("unenrolled"))
            return tr("Unenrolled");
        return row.state;
    case LastSeen:
        if (row.lastSeenMs <= 0)
            return tr("Never");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.lastSeenMs).toLocalTime(), QLocale::ShortFormat);
    case ModelName:
        return row.modelName;
    case Battery:
        if (row.battery.isNull())
            return QString();
        return QStringLiteral("%1%").arg(qRound(row.battery.toDouble() * 100));
    case Supervised:
        if (row.supervised.isNull())
            return QString();
        return row.supervised.toInt() ? tr("Yes") : tr("No");
    case InactiveSince:
        if (row.inactiveSinceMs <= 0)
            return QString();
        return QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(row.inactiveSinceMs).toLocalTime().date(), QLocale::ShortFormat);
    case PendingCommands:
        // Blank rather than 0: the devices with something waiting stand out.
        return row.pendingCommands > 0 ? QVariant(row.pendingCommands) : QVariant(QString());
    case Udid:
        return row.udid;
    default:
        return {};
    }
}

void DeviceInventoryModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    // Rows are not all loaded, so they cannot be moved one by one: the view starts afresh.
    beginResetModel();
    m_sortColumn = column;
    m_sortOrder = order;
    m_pages.clear();
    m_pageAge.clear();
    endResetModel();
}

void DeviceInventoryModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filter)
        return;
    m_filter = trimmed;
    resetRows();
}

void DeviceInventoryModel::setQuickFilters(int filters)
{
    if (filters == m_quickFilters)
        return;
    m_quickFilters = filters;
    resetRows();
}

void DeviceInventoryModel::refresh()
{
    m_lastError.clear();
    const int total = queryCount(false);
    const int rows = m_filter.isEmpty() && m_quickFilters == NoQuickFilter ? total : queryCount(true);
    if (rows == m_rows && rows > 0) {
        // As many rows as before (a device reported, a command was queued): re-read what is
        // shown without a reset, so the selection and the scroll position stay where they are
        // while devices check in all the time.
        m_pages.clear();
        m_pageAge.clear();
        m_total = total;
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
        Q_EMIT countsChanged(m_rows, m_total);
        return;
    }
    resetRows();
}

void DeviceInventoryModel::resetRows()
{
    beginResetModel();
    m_pages.clear();
    m_pageAge.clear();
    m_lastError.clear();
    m_total = queryCount(false);
    m_rows = m_filter.isEmpty() && m_quickFilters == NoQuickFilter ? m_total : queryCount(true);
    endResetModel();
    Q_EMIT countsChanged(m_rows, m_total);
}

QString DeviceInventoryModel::whereClause() const
{
    QStringList conditions;
    if (!m_filter.isEmpty()) {
        // LOWER(...) LIKE works the same on SQLite and PostgreSQL (LIKE alone differs in case).
        // One LIKE over the searched columns joined by a separator nobody types (bound as
        // :sep): a little cheaper than six LIKEs joined by OR (58 against 66 ms over 50,000
        // rows in SQLite), and a match never spans two columns.
        conditions.append(QStringLiteral("LOWER(COALESCE(device_name, '') || :sep || COALESCE(serial_number, '')"
                                         " || :sep || COALESCE(model, '') || :sep || COALESCE(model_name, '')"
                                         " || :sep || COALESCE(os_version, '') || :sep || udid) LIKE :f ESCAPE '\\'"));
    }
    if (m_quickFilters & InactiveOnly)
        conditions.append(QStringLiteral("(inactive_since IS NOT NULL OR apns_inactive_since IS NOT NULL)"));
    if (m_quickFilters & SupervisedOnly)
        conditions.append(QStringLiteral("is_supervised = 1"));
    if (m_quickFilters & PendingCommandsOnly)
        conditions.append(QStringLiteral("EXISTS (SELECT 1 FROM command_queue q JOIN enrollments e"
                                         " ON e.id = q.enrollment_id WHERE e.device_id = devices.id AND q.state IN ")
            + kPendingStates + u')');
    if (m_quickFilters & NonCompliantOnly)
        conditions.append(QStringLiteral("EXISTS (SELECT 1 FROM device_security s WHERE s.device_id = devices.id"
                                         " AND (s.passcode_compliant = 0 OR s.passcode_compliant_with_profiles = 0))"));
    if (conditions.isEmpty())
        return {};
    return QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

QString DeviceInventoryModel::selectStatement(bool paged) const
{
    const QString direction = m_sortOrder == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    return QStringLiteral("SELECT id, udid, device_name, serial_number, model, os_version, platform,"
                          " enrollment_state, last_seen_at, model_name, battery_level, is_supervised,"
                          " COALESCE(inactive_since, apns_inactive_since), ")
        + pendingCountExpression() + QStringLiteral(" FROM devices") + whereClause() + QStringLiteral(" ORDER BY ")
        + sortExpression(m_sortColumn) + u' ' + direction + QStringLiteral(", id ") + direction
        + (paged ? QStringLiteral(" LIMIT :limit OFFSET :offset") : QString());
}

DeviceInventoryModel::Row DeviceInventoryModel::rowFrom(const QSqlQuery& query)
{
    Row r;
    r.id = query.value(0).toLongLong();
    r.udid = query.value(1).toString();
    r.name = query.value(2).toString();
    r.serial = query.value(3).toString();
    r.model = query.value(4).toString();
    r.osVersion = query.value(5).toString();
    r.platform = query.value(6).toString();
    r.state = query.value(7).toString();
    r.lastSeenMs = query.value(8).toLongLong();
    r.modelName = query.value(9).toString();
    r.battery = query.isNull(10) ? QVariant() : QVariant(query.value(10).toDouble());
    r.supervised = query.isNull(11) ? QVariant() : QVariant(query.value(11).toInt());
    r.inactiveSinceMs = query.value(12).toLongLong();
    r.pendingCommands = query.value(13).toInt();
    return r;
}

bool DeviceInventoryModel::writeCsv(QIODevice& out, const QList<int>& columns) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(selectStatement(false));
    bindFilter(query);
    if (!query.exec()) {
        m_lastError = query.lastError().text();
        return false;
    }
    QStringList fields;
    for (int column : columns)
        fields.append(csvField(headerData(column, Qt::Horizontal).toString()));
    QByteArray chunk = fields.join(u',').toUtf8() + "\r\n";
    while (query.next()) {
        const Row row = rowFrom(query);
        fields.clear();
        for (int column : columns)
            fields.append(csvField(displayText(row, column).toString()));
        chunk += fields.join(u',').toUtf8() + "\r\n";
        if (chunk.size() > 64 * 1024) {
            if (out.write(chunk) != chunk.size()) {
                m_lastError = out.errorString();
                return false;
            }
            chunk.clear();
        }
    }
    if (out.write(chunk) != chunk.size()) {
        m_lastError = out.errorString();
        return false;
    }
    return true;
}

void DeviceInventoryModel::bindFilter(QSqlQuery& query) const
{
    if (!m_filter.isEmpty()) {
        query.bindValue(QStringLiteral(":f"), QString(u'%' + escapeLike(m_filter.toLower()) + u'%'));
        query.bindValue(QStringLiteral(":sep"), QString(QChar(0x1f))); // the unit separator
    }
}

int DeviceInventoryModel::queryCount(bool filtered) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM devices") + (filtered ? whereClause() : QString()));
    if (filtered)
        bindFilter(query);
    if (!query.exec() || !query.next()) {
        m_lastError = query.lastError().text();
        return 0;
    }
    return query.value(0).toInt();
}

const DeviceInventoryModel::Row* DeviceInventoryModel::rowAt(int row) const
{
    const int pageNo = row / kPageSize;
    auto it = m_pages.find(pageNo);
    if (it == m_pages.end()) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        query.prepare(selectStatement(true));
        bindFilter(query);
        query.bindValue(QStringLiteral(":limit"), kPageSize);
        query.bindValue(QStringLiteral(":offset"), pageNo * kPageSize);
        if (!query.exec()) {
            m_lastError = query.lastError().text();
            return nullptr;
        }
        Page page;
        page.reserve(kPageSize);
        while (query.next())
            page.push_back(rowFrom(query));
        if (m_pages.size() >= kMaxCachedPages && !m_pageAge.empty()) {
            m_pages.remove(m_pageAge.front());
            m_pageAge.erase(m_pageAge.begin());
        }
        it = m_pages.insert(pageNo, std::move(page));
    }
    m_pageAge.erase(std::remove(m_pageAge.begin(), m_pageAge.end(), pageNo), m_pageAge.end());
    m_pageAge.push_back(pageNo);

    const int offset = row - pageNo * kPageSize;
    if (offset < 0 || offset >= static_cast<int>(it->size()))
        return nullptr; // the table shrank since the count: refresh() will follow the commit
    return &(*it)[offset];
}

} // namespace quince::ui

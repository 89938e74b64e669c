// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inventory/DeviceInventoryModel.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace quince::ui {

namespace {

constexpr int kMaxCachedPages = 32;

// Column → SQL expression it sorts on. Every one of these columns has an index.
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
    case DeviceInventoryModel::Name:
    default:
        return QStringLiteral("device_name");
    }
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
    refresh();
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
    if (role != Qt::DisplayRole)
        return {};

    switch (index.column()) {
    case Name:
        // A device is named by its DeviceInformation reply; until then show its UDID.
        return row->name.isEmpty() ? row->udid : row->name;
    case SerialNumber:
        return row->serial;
    case Model:
        return row->model;
    case OsVersion:
        return row->osVersion;
    case Platform:
        return row->platform;
    case State:
        if (row->state == QLatin1String("enrolled"))
            return tr("Enrolled");
        if (row->state == QLatin1String("pending"))
            return tr("Pending", "enrollment not finished");
        if (row->state == QLatin1String("unenrolled"))
            return tr("Unenrolled");
        return row->state;
    case LastSeen:
        if (row->lastSeenMs <= 0)
            return tr("Never");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row->lastSeenMs).toLocalTime(), QLocale::ShortFormat);
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
    refresh();
}

void DeviceInventoryModel::refresh()
{
    beginResetModel();
    m_pages.clear();
    m_pageAge.clear();
    m_lastError.clear();
    m_total = queryCount(false);
    m_rows = m_filter.isEmpty() ? m_total : queryCount(true);
    endResetModel();
    Q_EMIT countsChanged(m_rows, m_total);
}

QString DeviceInventoryModel::whereClause() const
{
    if (m_filter.isEmpty())
        return {};
    // LOWER(...) LIKE works the same on SQLite and PostgreSQL (LIKE alone differs in case).
    return QStringLiteral(" WHERE LOWER(COALESCE(device_name, '')) LIKE :f ESCAPE '\\'"
                          " OR LOWER(COALESCE(serial_number, '')) LIKE :f ESCAPE '\\'"
                          " OR LOWER(COALESCE(model, '')) LIKE :f ESCAPE '\\'"
                          " OR LOWER(udid) LIKE :f ESCAPE '\\'");
}

void DeviceInventoryModel::bindFilter(QSqlQuery& query) const
{
    if (!m_filter.isEmpty())
        query.bindValue(QStringLiteral(":f"), QString(u'%' + escapeLike(m_filter.toLower()) + u'%'));
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
        const QString direction = m_sortOrder == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT id, udid, device_name, serial_number, model, os_version, platform,"
                                     " enrollment_state, last_seen_at FROM devices")
            + whereClause() + QStringLiteral(" ORDER BY ") + sortExpression(m_sortColumn) + u' ' + direction
            + QStringLiteral(", id ") + direction + QStringLiteral(" LIMIT :limit OFFSET :offset"));
        bindFilter(query);
        query.bindValue(QStringLiteral(":limit"), kPageSize);
        query.bindValue(QStringLiteral(":offset"), pageNo * kPageSize);
        if (!query.exec()) {
            m_lastError = query.lastError().text();
            return nullptr;
        }
        Page page;
        page.reserve(kPageSize);
        while (query.next()) {
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
            page.push_back(std::move(r));
        }
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

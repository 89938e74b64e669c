// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/CommandQueueModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace quince::ui {

namespace {

constexpr int kMaxCachedPages = 32;

// "45 s", "12 min", "3 h", "2 d": how long ago, or how long until, at a glance.
QString spanText(qint64 ms)
{
    const qint64 seconds = qAbs(ms) / 1000;
    if (seconds < 60)
        return CommandQueueModel::tr("%1 s", "seconds").arg(seconds);
    if (seconds < 3600)
        return CommandQueueModel::tr("%1 min", "minutes").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return CommandQueueModel::tr("%1 h", "hours").arg(seconds / 3600);
    return CommandQueueModel::tr("%1 d", "days").arg(seconds / 86400);
}

QString localTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat);
}

} // namespace

CommandQueueModel::CommandQueueModel(QSqlDatabase reader, const QString& deviceUdid, QObject* parent)
    : QAbstractTableModel(parent), m_db(std::move(reader)), m_udid(deviceUdid)
{
    refresh();
}

int CommandQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int CommandQueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CommandQueueModel::stateText(mdm::QueueState state)
{
    using mdm::QueueState;
    switch (state) {
    case QueueState::PendingApproval:
        return tr("Waiting for approval");
    case QueueState::Queued:
        return tr("Queued");
    case QueueState::Sent:
        return tr("Sent", "command handed to the device");
    case QueueState::NotNow:
        return tr("Not now", "device deferred the command");
    case QueueState::Acknowledged:
        return tr("Acknowledged");
    case QueueState::Error:
        return tr("Error", "command state");
    case QueueState::FormatError:
        return tr("Format error");
    case QueueState::Canceled:
        return tr("Canceled");
    case QueueState::Expired:
        return tr("Expired", "command state");
    }
    return {};
}

QVariant CommandQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case State:
        return tr("State", "command state column");
    case RequestType:
        return tr("Command");
    case Device:
        return tr("Device");
    case Age:
        return tr("Age", "time since the command was queued");
    case NotNow:
        return tr("NotNow", "how often the device deferred");
    case Expires:
        return tr("Expires");
    case Result:
        return tr("Result", "last status the device sent");
    default:
        return {};
    }
}

qint64 CommandQueueModel::nowMs() const
{
    return m_fixedNow ? m_fixedNow->toMSecsSinceEpoch() : m_refreshedAtMs;
}

QVariant CommandQueueModel::display(const Row& row, int column) const
{
    switch (column) {
    case State:
        return stateText(row.state);
    case RequestType:
        return row.requestType;
    case Device: {
        const QString name = row.deviceName.isEmpty() ? row.udid : row.deviceName;
        if (row.channel == QLatin1String("user"))
            return tr("%1 (user %2)").arg(name, row.userName);
        return name;
    }
    case Age:
        return spanText(nowMs() - row.queuedAtMs);
    case NotNow:
        // Blank rather than 0, so the few deferred commands stand out.
        return row.notNowCount > 0 ? QVariant(row.notNowCount) : QVariant();
    case Expires:
        if (row.expiresAtMs <= 0)
            return tr("Never", "no time to live");
        if (mdm::isFinal(row.state))
            return localTime(row.expiresAtMs);
        if (row.expiresAtMs <= nowMs())
            return tr("Overdue");
        return tr("in %1").arg(spanText(row.expiresAtMs - nowMs()));
    case Result:
        if (!row.lastStatus.isEmpty())
            return row.lastStatus;
        if (row.state == mdm::QueueState::Sent)
            return tr("Waiting (attempt %1)").arg(row.attempts);
        // NotNow is not a final answer, so it is counted on the queue row, not stored as a result.
        if (row.state == mdm::QueueState::NotNow)
            return QStringLiteral("NotNow");
        return {};
    default:
        return {};
    }
}

QVariant CommandQueueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row* row = rowAt(index.row());
    if (!row)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*row, index.column());
    case CommandUuidRole:
        return row->commandUuid;
    case QueueIdRole:
        return row->queueId;
    case EnrollmentIdRole:
        return row->enrollmentId;
    case StateRole:
        return int(row->state);
    case DeviceUdidRole:
        return row->udid;
    case Qt::ToolTipRole:
        if (index.column() == Device)
            return tr("UDID: %1").arg(row->udid);
        if (index.column() == Age)
            return tr("Queued %1").arg(localTime(row->queuedAtMs));
        if (index.column() == State && row->finishedAtMs > 0)
            return tr("Since %1").arg(localTime(row->finishedAtMs));
        if (index.column() == RequestType)
            return tr("CommandUUID: %1").arg(row->commandUuid);
        return {};
    case Qt::ForegroundRole:
        if (index.column() != State)
            return {};
        switch (row->state) {
        case mdm::QueueState::Error:
        case mdm::QueueState::FormatError:
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        case mdm::QueueState::Acknowledged:
            return QBrush(QColor(0x26, 0x80, 0x3c));
        case mdm::QueueState::Canceled:
        case mdm::QueueState::Expired:
            return QBrush(QColor(0x77, 0x76, 0x7b));
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == NotNow)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

void CommandQueueModel::setDeviceUdid(const QString& udid)
{
    if (udid == m_udid)
        return;
    m_udid = udid;
    refresh();
}

void CommandQueueModel::setStateFilter(std::optional<mdm::QueueState> state)
{
    if (state == m_state)
        return;
    m_state = state;
    refresh();
}

QString CommandQueueModel::whereClause() const
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    if (!m_udid.isEmpty())
        where += QStringLiteral(" AND d.udid = ?");
    if (m_state)
        where += QStringLiteral(" AND q.state = ?");
    return where;
}

QVariantList CommandQueueModel::whereBindings() const
{
    QVariantList bindings;
    if (!m_udid.isEmpty())
        bindings.append(m_udid);
    if (m_state)
        bindings.append(mdm::queueStateName(*m_state));
    return bindings;
}

void CommandQueueModel::refresh()
{
    beginResetModel();
    m_pages.clear();
    m_lastError.clear();
    m_refreshedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_rows = 0;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM command_queue q JOIN enrollments e ON e.id = q.enrollment_id "
                                 "JOIN devices d ON d.id = e.device_id")
        + whereClause());
    const QVariantList bindings = whereBindings();
    for (int i = 0; i < bindings.size(); ++i)
        query.bindValue(i, bindings.at(i));
    if (query.exec() && query.next())
        m_rows = query.value(0).toInt();
    else
        m_lastError = query.lastError().text();
    endResetModel();
}

const CommandQueueModel::Row* CommandQueueModel::rowAt(int row) const
{
    const int pageNo = row / kPageSize;
    auto it = m_pages.find(pageNo);
    if (it == m_pages.end()) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        // Newest first: what an operator just sent is at the top. The last status a device
        // sent is a correlated subquery over an indexed column (command_results.queue_id).
        query.prepare(
            QStringLiteral(
                "SELECT q.id, q.enrollment_id, c.command_uuid, c.request_type, q.state, d.udid, d.device_name, "
                "e.channel, COALESCE(e.user_short_name, e.user_id), q.queued_at, q.not_now_count, q.attempts, "
                "q.expires_at, COALESCE(q.completed_at, q.canceled_at, q.expired_at), "
                "(SELECT r.status FROM command_results r WHERE r.queue_id = q.id ORDER BY r.id DESC LIMIT 1) "
                "FROM command_queue q JOIN commands c ON c.id = q.command_id "
                "JOIN enrollments e ON e.id = q.enrollment_id JOIN devices d ON d.id = e.device_id")
            + whereClause() + QStringLiteral(" ORDER BY q.queued_at DESC, q.id DESC LIMIT ? OFFSET ?"));
        QVariantList bindings = whereBindings();
        bindings << kPageSize << pageNo * kPageSize;
        for (int i = 0; i < bindings.size(); ++i)
            query.bindValue(i, bindings.at(i));
        if (!query.exec()) {
            m_lastError = query.lastError().text();
            return nullptr;
        }
        std::vector<Row> page;
        page.reserve(kPageSize);
        while (query.next()) {
            Row r;
            r.queueId = query.value(0).toLongLong();
            r.enrollmentId = query.value(1).toLongLong();
            r.commandUuid = query.value(2).toString();
            r.requestType = query.value(3).toString();
            r.state = mdm::queueStateFromName(query.value(4).toString()).value_or(mdm::QueueState::Queued);
            r.udid = query.value(5).toString();
            r.deviceName = query.value(6).toString();
            r.channel = query.value(7).toString();
            r.userName = query.value(8).toString();
            r.queuedAtMs = query.value(9).toLongLong();
            r.notNowCount = query.value(10).toInt();
            r.attempts = query.value(11).toInt();
            r.expiresAtMs = query.value(12).toLongLong();
            r.finishedAtMs = query.value(13).toLongLong();
            r.lastStatus = query.value(14).toString();
            page.push_back(std::move(r));
        }
        if (m_pages.size() >= kMaxCachedPages)
            m_pages.clear(); // a long scroll: start the cache afresh rather than grow it
        it = m_pages.insert(pageNo, std::move(page));
    }
    const int offset = row - pageNo * kPageSize;
    if (offset < 0 || offset >= static_cast<int>(it->size()))
        return nullptr; // the queue shrank since the count: refresh() follows the commit
    return &(*it)[offset];
}

} // namespace quince::ui

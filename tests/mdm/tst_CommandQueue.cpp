// SPDX-License-Identifier: GPL-3.0-or-later
// The durable command queue on a real SQLite file through the StorageWorker: Apple's queue
// semantics (FIFO, NotNow, repeated statuses, unknown CommandUUIDs), cancel, TTL, approval,
// channel isolation, migration 3 over a schema-2 database, and status + next in one transaction.

#include "core/mdm/CommandQueue.h"
#include "core/plist/PlistCodec.h"
#include "core/plist/PlistValue.h"
#include "core/storage/Database.h"
#include "core/storage/Schema.h"
#include "core/storage/StorageWorker.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace quince;
using namespace quince::mdm;
using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;
using storage::StorageWorker;

namespace {

const QDateTime kT0 = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);

QDateTime at(int seconds)
{
    return kT0.addSecs(seconds);
}

#define QUINCE_VERIFY_STATUS(status)                                                                                   \
    do {                                                                                                               \
        const auto& s_ = (status);                                                                                     \
        QVERIFY2(s_.ok(), s_ ? "" : qPrintable(s_.error().toString()));                                                \
    } while (false)

} // namespace

class TestCommandQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fifoByPriorityThenQueuedAt();
    void bodyCarriesCommandAndCommandUuid();
    void badCommandIsRefused();
    void notNowIsSkippedForTheConnectionOnly();
    void acknowledgedDequeuesAndTheNextComes();
    void repeatedStatusIsIdempotent();
    void errorAndFormatErrorKeepTheRawResponse();
    void unknownOrForeignUuidChangesNothing();
    void cancelBeforeAndAfterCompletion();
    void ttlExpiresInsteadOfHandingOut();
    void pendingApprovalIsNeverHandedOut();
    void deviceAndUserChannelsAreSeparate();
    void listFiltersByEnrollmentAndState();
    void migration3KeepsSchema2Rows();
    void statusAndNextAreOneTransaction();

private:
    // Runs body(queue) in one write job and fails the test if the job fails.
    template <typename F> void inJob(F body)
    {
        const StorageStatus status = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
            CommandQueue queue(db);
            return body(queue);
        });
        QVERIFY2(status.ok(), status ? "" : qPrintable(status.error().toString()));
    }

    QString enqueue(const QList<qint64>& enrollments, const QString& type, const QDateTime& now,
        const EnqueueOptions& options = {}, const QByteArray& dict = {});
    std::optional<NextCommand> next(qint64 enrollment, const QDateTime& now, const QSet<QString>& skip = {});
    RecordOutcome record(qint64 enrollment, const QString& uuid, CommandStatus status, const QDateTime& now,
        const QByteArray& response = QByteArrayLiteral("<plist/>"));
    CommandDetails show(const QString& uuid);
    QVariant scalar(const QString& sql, const QVariantList& bindings = {});
    QString nextUuid(qint64 enrollment, const QDateTime& now, const QSet<QString>& skip = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StorageWorker> m_worker;
    qint64 m_device = -1; // the device channel's enrollment
    qint64 m_user = -1; // a user channel of the same device
    qint64 m_other = -1; // another device's device channel
};

void TestCommandQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_worker = std::make_unique<StorageWorker>();
    QUINCE_VERIFY_STATUS(m_worker->start(m_dir->filePath(Database::databaseFileName())));
    const StorageStatus made = m_worker->writeAndWait([this](Database& db) -> StorageStatus {
        auto insert = [&db](const QString& sql, const QVariantList& values) -> qint64 {
            Result<QSqlQuery, StorageError> query = db.exec(sql, values);
            return query ? query->lastInsertId().toLongLong() : -1;
        };
        const QString device = QStringLiteral("INSERT INTO devices (udid, enrollment_state, created_at, updated_at) "
                                              "VALUES (?, 'enrolled', 0, 0)");
        const QString enrollment = QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, status, "
                                                  "created_at, updated_at) VALUES (?, ?, ?, 'active', 0, 0)");
        const qint64 first = insert(device, {QStringLiteral("UDID-1")});
        const qint64 second = insert(device, {QStringLiteral("UDID-2")});
        m_device = insert(enrollment, {first, QStringLiteral("device"), QString(QLatin1String(""))});
        m_user = insert(enrollment, {first, QStringLiteral("user"), QStringLiteral("USER-1")});
        m_other = insert(enrollment, {second, QStringLiteral("device"), QString(QLatin1String(""))});
        if (m_device < 0 || m_user < 0 || m_other < 0)
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("fixture rows"), {}};
        return {};
    });
    QUINCE_VERIFY_STATUS(made);
}

void TestCommandQueue::cleanup()
{
    m_worker.reset();
    m_dir.reset();
}

QString TestCommandQueue::enqueue(const QList<qint64>& enrollments, const QString& type, const QDateTime& now,
    const EnqueueOptions& options, const QByteArray& dict)
{
    QString uuid;
    const StorageStatus status = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        Result<QString, StorageError> queued = CommandQueue(db).enqueue(enrollments, type, dict, options, now);
        if (!queued)
            return queued.error();
        uuid = *queued;
        return {};
    });
    if (!status)
        qWarning("enqueue failed: %s", qPrintable(status.error().toString()));
    return uuid;
}

std::optional<NextCommand> TestCommandQueue::next(qint64 enrollment, const QDateTime& now, const QSet<QString>& skip)
{
    std::optional<NextCommand> command;
    const StorageStatus status = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        Result<std::optional<NextCommand>, StorageError> found = CommandQueue(db).next(enrollment, skip, now);
        if (!found)
            return found.error();
        command = *found;
        return {};
    });
    if (!status)
        qWarning("next failed: %s", qPrintable(status.error().toString()));
    return command;
}

QString TestCommandQueue::nextUuid(qint64 enrollment, const QDateTime& now, const QSet<QString>& skip)
{
    const std::optional<NextCommand> command = next(enrollment, now, skip);
    return command ? command->commandUuid : QString();
}

RecordOutcome TestCommandQueue::record(
    qint64 enrollment, const QString& uuid, CommandStatus status, const QDateTime& now, const QByteArray& response)
{
    RecordOutcome outcome = RecordOutcome::Unknown;
    const StorageStatus written = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        Result<RecordOutcome, StorageError> recorded
            = CommandQueue(db).recordStatus(enrollment, uuid, status, response, now);
        if (!recorded)
            return recorded.error();
        outcome = *recorded;
        return {};
    });
    if (!written)
        qWarning("recordStatus failed: %s", qPrintable(written.error().toString()));
    return outcome;
}

CommandDetails TestCommandQueue::show(const QString& uuid)
{
    CommandDetails details;
    const StorageStatus read = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        Result<std::optional<CommandDetails>, StorageError> shown = CommandQueue(db).show(uuid);
        if (!shown)
            return shown.error();
        if (*shown)
            details = **shown;
        return {};
    });
    if (!read)
        qWarning("show failed: %s", qPrintable(read.error().toString()));
    return details;
}

QVariant TestCommandQueue::scalar(const QString& sql, const QVariantList& bindings)
{
    QVariant value;
    const StorageStatus read = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        Result<QSqlQuery, StorageError> query = db.exec(sql, bindings);
        if (!query)
            return query.error();
        if (query->next())
            value = query->value(0);
        return {};
    });
    if (!read)
        qWarning("query failed: %s", qPrintable(read.error().toString()));
    return value;
}

void TestCommandQueue::fifoByPriorityThenQueuedAt()
{
    const QString a = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("SecurityInfo"), at(2));
    EnqueueOptions urgent;
    urgent.priority = 5;
    const QString c = enqueue({m_device}, QStringLiteral("DeviceLock"), at(3), urgent);
    // Same queued_at: the insertion order (id) decides.
    const QString d = enqueue({m_device}, QStringLiteral("ProfileList"), at(4));
    const QString e = enqueue({m_device}, QStringLiteral("CertificateList"), at(4));

    QStringList order;
    for (int i = 0; i < 6; ++i) {
        const QString uuid = nextUuid(m_device, at(10 + i));
        if (uuid.isEmpty())
            break;
        order.append(uuid);
        QCOMPARE(record(m_device, uuid, CommandStatus::Acknowledged, at(10 + i)), RecordOutcome::Recorded);
    }
    QCOMPARE(order, (QStringList {c, a, b, d, e}));
}

void TestCommandQueue::bodyCarriesCommandAndCommandUuid()
{
    plist::Dict params;
    params.insert(QStringLiteral("Queries"), plist::Array {plist::Value(QStringLiteral("UDID"))});
    Result<QByteArray, plist::PlistError> dict = plist::encodeXml(plist::Value(params));
    QVERIFY(dict.ok());
    const QString uuid = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1), {}, *dict);
    QVERIFY(!QUuid::fromString(uuid).isNull());

    const std::optional<NextCommand> command = next(m_device, at(2));
    QVERIFY(command);
    QCOMPARE(command->commandUuid, uuid);
    QCOMPARE(command->requestType, QStringLiteral("DeviceInformation"));
    Result<plist::Value, plist::PlistError> body = plist::decode(command->body);
    QVERIFY(body.ok());
    QCOMPARE(body->value(QStringLiteral("CommandUUID")).toString(), uuid);
    const plist::Value& inner = body->value(QStringLiteral("Command"));
    QCOMPARE(inner.value(QStringLiteral("RequestType")).toString(), QStringLiteral("DeviceInformation"));
    QVERIFY(inner.value(QStringLiteral("Queries")).isArray());

    // Sent once: attempts and sent_at recorded.
    const CommandDetails details = show(uuid);
    QCOMPARE(details.entries.size(), 1);
    QCOMPARE(details.entries[0].state, QueueState::Sent);
    QCOMPARE(details.entries[0].attempts, 1);
    QCOMPARE(details.entries[0].sentAt, at(2));
    QCOMPARE(details.entries[0].queuedAt, at(1));
}

void TestCommandQueue::badCommandIsRefused()
{
    const StorageStatus refused = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        CommandQueue queue(db);
        if (queue.enqueue({m_device}, QStringLiteral("DeviceLock"), QByteArrayLiteral("not a plist"), {}, at(1)))
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("garbage accepted"), {}};
        if (queue.enqueue({}, QStringLiteral("DeviceLock"), {}, {}, at(1)))
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("no enrollment accepted"), {}};
        Result<QByteArray, plist::PlistError> other = plist::encodeXml(
            plist::Value(plist::Dict {{QStringLiteral("RequestType"), QStringLiteral("EraseDevice")}}));
        if (!other || queue.enqueue({m_device}, QStringLiteral("DeviceLock"), *other, {}, at(1)))
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("mismatched RequestType accepted"), {}};
        // An enrollment that does not exist: the foreign key refuses it.
        if (queue.enqueue({m_device, 999999}, QStringLiteral("DeviceLock"), {}, {}, at(1)))
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("unknown enrollment accepted"), {}};
        // Roll back whatever the last attempt inserted before the foreign key refused it.
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("expected"), {}};
    });
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message, QStringLiteral("expected"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM commands")).toInt(), 0);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_queue")).toInt(), 0);
}

void TestCommandQueue::notNowIsSkippedForTheConnectionOnly()
{
    const QString a = enqueue({m_device}, QStringLiteral("InstalledApplicationList"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("ProfileList"), at(2));

    // One connection: A, NotNow, then B, NotNow, then nothing.
    QSet<QString> skip;
    QCOMPARE(nextUuid(m_device, at(10), skip), a);
    QCOMPARE(record(m_device, a, CommandStatus::NotNow, at(11)), RecordOutcome::Recorded);
    skip.insert(a);
    QCOMPARE(nextUuid(m_device, at(11), skip), b);
    QCOMPARE(record(m_device, b, CommandStatus::NotNow, at(12)), RecordOutcome::Recorded);
    skip.insert(b);
    QCOMPARE(nextUuid(m_device, at(12), skip), QString());

    const CommandDetails kept = show(a);
    QCOMPARE(kept.entries[0].state, QueueState::NotNow);
    QCOMPARE(kept.entries[0].notNowCount, 1);
    QCOMPARE(kept.entries[0].lastNotNowAt, at(11));
    QVERIFY(kept.results.isEmpty());

    // After the next push, a new connection: A again, first in line.
    QCOMPARE(nextUuid(m_device, at(100)), a);
    const CommandDetails again = show(a);
    QCOMPARE(again.entries[0].state, QueueState::Sent);
    QCOMPARE(again.entries[0].attempts, 2);
    QCOMPARE(again.entries[0].notNowCount, 1);
}

void TestCommandQueue::acknowledgedDequeuesAndTheNextComes()
{
    const QString a = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("SecurityInfo"), at(2));
    QCOMPARE(nextUuid(m_device, at(10)), a);
    // Unanswered (a broken connection): handed out again, not lost.
    QCOMPARE(nextUuid(m_device, at(20)), a);
    QCOMPARE(
        record(m_device, a, CommandStatus::Acknowledged, at(21), QByteArrayLiteral("ack-a")), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(m_device, at(21)), b);

    const CommandDetails done = show(a);
    QCOMPARE(done.entries[0].state, QueueState::Acknowledged);
    QCOMPARE(done.entries[0].attempts, 2);
    QCOMPARE(done.entries[0].completedAt, at(21));
    QCOMPARE(done.results.size(), 1);
    QCOMPARE(done.results[0].status, QStringLiteral("Acknowledged"));
    QCOMPARE(done.results[0].response, QByteArrayLiteral("ack-a"));
    QCOMPARE(done.results[0].receivedAt, at(21));
}

void TestCommandQueue::repeatedStatusIsIdempotent()
{
    const QString a = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    QCOMPARE(nextUuid(m_device, at(2)), a);
    QCOMPARE(
        record(m_device, a, CommandStatus::Acknowledged, at(3), QByteArrayLiteral("first")), RecordOutcome::Recorded);
    QCOMPARE(record(m_device, a, CommandStatus::Acknowledged, at(4), QByteArrayLiteral("second")),
        RecordOutcome::AlreadyCompleted);
    QCOMPARE(record(m_device, a, CommandStatus::Error, at(5)), RecordOutcome::AlreadyCompleted);
    QCOMPARE(record(m_device, a, CommandStatus::NotNow, at(6)), RecordOutcome::AlreadyCompleted);

    const CommandDetails done = show(a);
    QCOMPARE(done.results.size(), 1);
    QCOMPARE(done.results[0].response, QByteArrayLiteral("first"));
    QCOMPARE(done.entries[0].state, QueueState::Acknowledged);
    QCOMPARE(done.entries[0].completedAt, at(3));
    QCOMPARE(done.entries[0].notNowCount, 0);
}

void TestCommandQueue::errorAndFormatErrorKeepTheRawResponse()
{
    const QString a = enqueue({m_device}, QStringLiteral("InstallProfile"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("Settings"), at(2));
    // Raw bytes, stored as received (not re-encoded): binary and odd bytes included.
    const QByteArray errorBody = QByteArrayLiteral("bplist00\x00\x01\xff ErrorChain");
    const QByteArray formatBody = QByteArrayLiteral("<?xml version=\"1.0\"?><plist><dict/></plist>");

    QCOMPARE(nextUuid(m_device, at(3)), a);
    QCOMPARE(record(m_device, a, CommandStatus::Error, at(4), errorBody), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(m_device, at(4)), b);
    QCOMPARE(record(m_device, b, CommandStatus::CommandFormatError, at(5), formatBody), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(m_device, at(6)), QString());

    const CommandDetails failed = show(a);
    QCOMPARE(failed.entries[0].state, QueueState::Error);
    QCOMPARE(failed.results.size(), 1);
    QCOMPARE(failed.results[0].status, QStringLiteral("Error"));
    QCOMPARE(failed.results[0].response, errorBody);
    const CommandDetails malformed = show(b);
    QCOMPARE(malformed.entries[0].state, QueueState::FormatError);
    QCOMPARE(malformed.results[0].status, QStringLiteral("CommandFormatError"));
    QCOMPARE(malformed.results[0].response, formatBody);
    QCOMPARE(malformed.entries[0].completedAt, at(5));
}

void TestCommandQueue::unknownOrForeignUuidChangesNothing()
{
    const QString mine = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    QCOMPARE(nextUuid(m_device, at(2)), mine);
    const QString dump = QStringLiteral("SELECT group_concat(id || ':' || state || ':' || attempts || ':' || "
                                        "not_now_count, ',') FROM command_queue");
    const QVariant before = scalar(dump);

    const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
    QCOMPARE(record(m_device, unknown, CommandStatus::Acknowledged, at(3)), RecordOutcome::Unknown);
    // The same device's user channel, and another device, cannot answer for it.
    QCOMPARE(record(m_user, mine, CommandStatus::Acknowledged, at(3)), RecordOutcome::Unknown);
    QCOMPARE(record(m_other, mine, CommandStatus::NotNow, at(3)), RecordOutcome::Unknown);

    QCOMPARE(scalar(dump), before);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 0);
    QCOMPARE(show(mine).entries[0].state, QueueState::Sent);
}

void TestCommandQueue::cancelBeforeAndAfterCompletion()
{
    const QString a = enqueue({m_device}, QStringLiteral("EraseDevice"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(2));
    const QString both = enqueue({m_device, m_other}, QStringLiteral("RestartDevice"), at(3));

    int canceled = -1;
    inJob([&](CommandQueue& queue) -> StorageStatus {
        Result<int, StorageError> done = queue.cancel(a, std::nullopt, at(4));
        if (!done)
            return done.error();
        canceled = *done;
        return {};
    });
    QCOMPARE(canceled, 1);
    const CommandDetails gone = show(a);
    QCOMPARE(gone.entries[0].state, QueueState::Canceled);
    QCOMPARE(gone.entries[0].canceledAt, at(4));

    // Never handed out after cancel; B comes instead, and is acknowledged.
    QCOMPARE(nextUuid(m_device, at(5)), b);
    QCOMPARE(record(m_device, b, CommandStatus::Acknowledged, at(6)), RecordOutcome::Recorded);

    int late = -1;
    int unknown = -1;
    int onlyOther = -1;
    inJob([&](CommandQueue& queue) -> StorageStatus {
        Result<int, StorageError> afterAck = queue.cancel(b, std::nullopt, at(7));
        Result<int, StorageError> nobody
            = queue.cancel(QUuid::createUuid().toString(QUuid::WithoutBraces), std::nullopt, at(7));
        Result<int, StorageError> scoped = queue.cancel(both, m_other, at(7));
        if (!afterAck || !nobody || !scoped)
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("cancel failed"), {}};
        late = *afterAck;
        unknown = *nobody;
        onlyOther = *scoped;
        return {};
    });
    QCOMPARE(late, 0);
    QCOMPARE(unknown, 0);
    QCOMPARE(onlyOther, 1);
    const CommandDetails acknowledged = show(b);
    QCOMPARE(acknowledged.entries[0].state, QueueState::Acknowledged);
    QVERIFY(!acknowledged.entries[0].canceledAt.isValid());
    // Canceled for the other device only: still handed out on this one.
    QCOMPARE(nextUuid(m_other, at(8)), QString());
    QCOMPARE(nextUuid(m_device, at(8)), both);
    // A NotNow for a canceled command keeps it ended.
    QCOMPARE(record(m_device, a, CommandStatus::NotNow, at(9)), RecordOutcome::AlreadyCompleted);
}

void TestCommandQueue::ttlExpiresInsteadOfHandingOut()
{
    EnqueueOptions shortLived;
    shortLived.ttl = std::chrono::seconds(60);
    const QString a = enqueue({m_device}, QStringLiteral("DeviceLocation"), at(0), shortLived);
    const QString b = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    const QString c = enqueue({m_device}, QStringLiteral("SecurityInfo"), at(2), shortLived);

    // Within its TTL (expires_at = 60 s, not yet passed at exactly 60 s): handed out.
    QCOMPARE(nextUuid(m_device, at(60)), a);
    // Sent but unanswered past its TTL: expired, not handed out again; B comes.
    QCOMPARE(nextUuid(m_device, at(120)), b);
    const CommandDetails expired = show(a);
    QCOMPARE(expired.entries[0].state, QueueState::Expired);
    QCOMPARE(expired.entries[0].expiredAt, at(120));
    QCOMPARE(expired.entries[0].expiresAt, at(60));
    // C never went out: expired in the same sweep.
    QCOMPARE(show(c).entries[0].state, QueueState::Expired);
    QCOMPARE(record(m_device, b, CommandStatus::Acknowledged, at(121)), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(m_device, at(122)), QString());

    // A late answer for the expired command still records what the device did.
    QCOMPARE(
        record(m_device, a, CommandStatus::Acknowledged, at(130), QByteArrayLiteral("late")), RecordOutcome::Recorded);
    const CommandDetails late = show(a);
    QCOMPARE(late.entries[0].state, QueueState::Acknowledged);
    QCOMPARE(late.entries[0].expiredAt, at(120));
    QCOMPARE(late.results.size(), 1);
}

void TestCommandQueue::pendingApprovalIsNeverHandedOut()
{
    EnqueueOptions gated;
    gated.requiresApproval = true;
    gated.createdBy = QStringLiteral("alice");
    const QString erase = enqueue({m_device}, QStringLiteral("EraseDevice"), at(1), gated);
    QCOMPARE(show(erase).entries[0].state, QueueState::PendingApproval);
    QVERIFY(show(erase).requiresApproval);
    QCOMPARE(show(erase).createdBy, QStringLiteral("alice"));

    QCOMPARE(nextUuid(m_device, at(2)), QString());
    // The device cannot have seen it, so a status for it is unknown.
    QCOMPARE(record(m_device, erase, CommandStatus::Acknowledged, at(3)), RecordOutcome::Unknown);
    QCOMPARE(show(erase).entries[0].state, QueueState::PendingApproval);

    int approved = -1;
    inJob([&](CommandQueue& queue) -> StorageStatus {
        Result<int, StorageError> done = queue.approve(erase, std::nullopt, at(4));
        if (!done)
            return done.error();
        approved = *done;
        return {};
    });
    QCOMPARE(approved, 1);
    QCOMPARE(show(erase).entries[0].queuedAt, at(4));
    QCOMPARE(nextUuid(m_device, at(5)), erase);
}

void TestCommandQueue::deviceAndUserChannelsAreSeparate()
{
    const QString forDevice = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    const QString forUser = enqueue({m_user}, QStringLiteral("ProfileList"), at(2));

    QCOMPARE(nextUuid(m_device, at(3)), forDevice);
    QCOMPARE(record(m_device, forDevice, CommandStatus::Acknowledged, at(4)), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(m_device, at(5)), QString());
    QCOMPARE(nextUuid(m_other, at(5)), QString());
    QCOMPARE(nextUuid(m_user, at(6)), forUser);
    // The device channel cannot acknowledge the user channel's command.
    QCOMPARE(record(m_device, forUser, CommandStatus::Acknowledged, at(7)), RecordOutcome::Unknown);
    QCOMPARE(record(m_user, forUser, CommandStatus::Acknowledged, at(7)), RecordOutcome::Recorded);
}

void TestCommandQueue::listFiltersByEnrollmentAndState()
{
    const QString a = enqueue({m_device, m_user}, QStringLiteral("DeviceInformation"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("SecurityInfo"), at(2));
    QCOMPARE(nextUuid(m_device, at(3)), a);

    QList<QueueEntry> all;
    QList<QueueEntry> deviceQueued;
    QList<QueueEntry> sent;
    inJob([&](CommandQueue& queue) -> StorageStatus {
        Result<QList<QueueEntry>, StorageError> r1 = queue.list({});
        Result<QList<QueueEntry>, StorageError> r2 = queue.list({m_device, QueueState::Queued, 100});
        Result<QList<QueueEntry>, StorageError> r3 = queue.list({std::nullopt, QueueState::Sent, 100});
        if (!r1 || !r2 || !r3)
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("list failed"), {}};
        all = *r1;
        deviceQueued = *r2;
        sent = *r3;
        return {};
    });
    QCOMPARE(all.size(), 3);
    QCOMPARE(deviceQueued.size(), 1);
    QCOMPARE(deviceQueued[0].commandUuid, b);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].commandUuid, a);
    QCOMPARE(sent[0].enrollmentId, m_device);
    QCOMPARE(show(a).entries.size(), 2);
}

void TestCommandQueue::migration3KeepsSchema2Rows()
{
    const QString path = m_dir->filePath(QStringLiteral("schema2.sqlite3"));
    {
        // A database written by the previous release: schema 2, with a queue in flight.
        Result<Database, StorageError> old = Database::openWriter(path, storage::schemaMigrations().mid(0, 2));
        QUINCE_VERIFY_STATUS(old);
        QCOMPARE(old->schemaVersion(), 2);
        const QStringList statements {
            QStringLiteral("INSERT INTO devices (id, udid, enrollment_state, created_at, updated_at) "
                           "VALUES (7, 'OLD-UDID', 'enrolled', 0, 0)"),
            QStringLiteral("INSERT INTO enrollments (id, device_id, channel, user_id, status, created_at, updated_at) "
                           "VALUES (70, 7, 'device', '', 'active', 0, 0)"),
            QStringLiteral("INSERT INTO commands (id, command_uuid, request_type, payload, created_at) "
                           "VALUES (1, 'OLD-DONE', 'ProfileList', x'3c706c6973742f3e', 1000)"),
            QStringLiteral("INSERT INTO commands (id, command_uuid, request_type, payload, created_at) "
                           "VALUES (2, 'OLD-QUEUED', 'DeviceInformation', x'3c706c6973742f3e', 2000)"),
            QStringLiteral("INSERT INTO command_queue (id, enrollment_id, command_id, state, priority, attempts, "
                           "queued_at, sent_at, completed_at) VALUES (10, 70, 1, 'acknowledged', 0, 1, 1000, 1100, "
                           "1200)"),
            QStringLiteral("INSERT INTO command_queue (id, enrollment_id, command_id, state, priority, attempts, "
                           "queued_at) VALUES (11, 70, 2, 'queued', 3, 0, 2000)"),
            QStringLiteral("INSERT INTO command_results (queue_id, status, response, received_at) "
                           "VALUES (10, 'Acknowledged', x'6f6b', 1200)"),
        };
        for (const QString& sql : statements) {
            Result<QSqlQuery, StorageError> inserted = old->exec(sql);
            QUINCE_VERIFY_STATUS(inserted);
        }
    }

    m_worker.reset();
    m_worker = std::make_unique<StorageWorker>();
    QUINCE_VERIFY_STATUS(m_worker->start(path));
    QCOMPARE(m_worker->schemaVersion(), storage::latestSchemaVersion());
    QVERIFY(m_worker->schemaVersion() >= 3);

    QCOMPARE(scalar(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
    QCOMPARE(scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    const CommandDetails done = show(QStringLiteral("OLD-DONE"));
    QCOMPARE(done.entries.size(), 1);
    QCOMPARE(done.entries[0].state, QueueState::Acknowledged);
    QCOMPARE(done.entries[0].completedAt, QDateTime::fromMSecsSinceEpoch(1200, Qt::UTC));
    QCOMPARE(done.results.size(), 1);
    QCOMPARE(done.results[0].response, QByteArrayLiteral("ok"));
    const CommandDetails queued = show(QStringLiteral("OLD-QUEUED"));
    QCOMPARE(queued.entries[0].state, QueueState::Queued);
    QCOMPARE(queued.entries[0].priority, 3);
    QCOMPARE(queued.entries[0].notNowCount, 0);
    QVERIFY(!queued.entries[0].expiresAt.isValid());

    // The migrated queue works: handed out, expired state accepted by the new CHECK.
    QCOMPARE(nextUuid(70, at(1)), QStringLiteral("OLD-QUEUED"));
    EnqueueOptions brief;
    brief.ttl = std::chrono::seconds(1);
    const QString fresh = enqueue({70}, QStringLiteral("SecurityInfo"), at(2), brief);
    QCOMPARE(record(70, QStringLiteral("OLD-QUEUED"), CommandStatus::Acknowledged, at(3)), RecordOutcome::Recorded);
    QCOMPARE(nextUuid(70, at(10)), QString());
    QCOMPARE(show(fresh).entries[0].state, QueueState::Expired);
    // Deleting the enrollment still cascades through the rebuilt tables.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 2);
    const StorageStatus deleted = m_worker->writeAndWait([](Database& db) -> StorageStatus {
        Result<QSqlQuery, StorageError> gone = db.exec(QStringLiteral("DELETE FROM enrollments WHERE id = 70"));
        if (!gone)
            return gone.error();
        return {};
    });
    QUINCE_VERIFY_STATUS(deleted);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 0);
}

void TestCommandQueue::statusAndNextAreOneTransaction()
{
    const QString a = enqueue({m_device}, QStringLiteral("DeviceInformation"), at(1));
    const QString b = enqueue({m_device}, QStringLiteral("SecurityInfo"), at(2));
    QCOMPARE(nextUuid(m_device, at(3)), a);

    // What the ServerURL handler does for `Acknowledged`: record + next in ONE job. A failure
    // after both (here injected; in production a failed statement or a crash before COMMIT)
    // must leave neither: the device gets no reply and re-sends its status.
    QString handedOut;
    const StorageStatus failed = m_worker->writeAndWait([&](Database& db) -> StorageStatus {
        CommandQueue queue(db);
        Result<RecordOutcome, StorageError> recorded
            = queue.recordStatus(m_device, a, CommandStatus::Acknowledged, QByteArrayLiteral("ack"), at(4));
        if (!recorded)
            return recorded.error();
        Result<std::optional<NextCommand>, StorageError> following = queue.next(m_device, {}, at(4));
        if (!following)
            return following.error();
        handedOut = *following ? (*following)->commandUuid : QString();
        return StorageError {StorageErrorKind::JobFailed, QStringLiteral("injected failure"), {}};
    });
    QVERIFY(!failed.ok());
    QCOMPARE(handedOut, b); // both ran inside the job before the failure
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 0);
    QCOMPARE(show(a).entries[0].state, QueueState::Sent);
    QCOMPARE(show(b).entries[0].state, QueueState::Queued);
    QCOMPARE(show(b).entries[0].attempts, 0);

    // The device re-sends the status: now it commits, once.
    QString retried;
    inJob([&](CommandQueue& queue) -> StorageStatus {
        Result<RecordOutcome, StorageError> recorded
            = queue.recordStatus(m_device, a, CommandStatus::Acknowledged, QByteArrayLiteral("ack"), at(5));
        if (!recorded || *recorded != RecordOutcome::Recorded)
            return StorageError {StorageErrorKind::JobFailed, QStringLiteral("not recorded"), {}};
        Result<std::optional<NextCommand>, StorageError> following = queue.next(m_device, {}, at(5));
        if (!following)
            return following.error();
        retried = *following ? (*following)->commandUuid : QString();
        return {};
    });
    QCOMPARE(retried, b);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM command_results")).toInt(), 1);
    QCOMPARE(show(a).entries[0].state, QueueState::Acknowledged);
    QCOMPARE(show(b).entries[0].state, QueueState::Sent);
}

QTEST_GUILESS_MAIN(TestCommandQueue)
#include "tst_CommandQueue.moc"

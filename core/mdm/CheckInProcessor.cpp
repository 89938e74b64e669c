// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/CheckInProcessor.h"

#include "core/inventory/DeviceLifecycle.h"
#include "core/mdm/CheckInLog.h"
#include "core/pki/KeySealer.h"
#include "core/plist/PlistCodec.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <QMutexLocker>

#include <memory>

namespace quince::mdm {

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

const QString kDeviceChannel = QStringLiteral("device");
const QString kUserChannel = QStringLiteral("user");

/// A job's own failure (not a driver error): rolls the transaction back, reported as 500.
StorageError jobError(const QString& message)
{
    return StorageError {StorageErrorKind::JobFailed, message, QString()};
}

/// An enrollment row as the check-in needs it.
struct EnrollmentRow {
    qint64 id = 0;
    QString status;
};

/// Everything one job needs; the job fills in the result.
struct Job {
    CheckInMessage message;
    QString certificateSha256;
    CheckInPolicy policy;
    const pki::KeySealer* sealer = nullptr;
    CheckInResult result;

    StorageStatus run(Database& db);

private:
    StorageStatus authenticate(Database& db, const VerifiedIdentity& identity);
    StorageStatus tokenUpdate(Database& db);
    StorageStatus checkOut(Database& db);
    StorageStatus getBootstrapToken(Database& db);
    StorageStatus setBootstrapToken(Database& db);

    /// Whether the message's device has a device-channel enrollment that has not checked out.
    Result<bool, StorageError> managed(Database& db) const;
    Result<std::optional<qint64>, StorageError> findDevice(Database& db) const;
    Result<std::optional<EnrollmentRow>, StorageError> findEnrollment(
        Database& db, qint64 deviceId, const QString& channel, const QString& userId) const;
    Result<qint64, StorageError> upsertDevice(Database& db, const QString& state);
    Result<qint64, StorageError> insertEnrollment(
        Database& db, qint64 deviceId, const QString& channel, const QString& userId, const QString& status);
    StorageStatus touch(Database& db);

    void finish(CheckInOutcome outcome, const QString& reason = QString(), const QByteArray& body = QByteArray())
    {
        result.outcome = outcome;
        result.reason = reason;
        result.body = body;
    }

    qint64 m_now = storage::nowDbTimestamp();
};

StorageStatus Job::run(Database& db)
{
    QString expectedTopic = policy.expectedTopic;
    if (policy.topicFromStore) {
        // The topic column is written from the certificate when it is imported (and a renewal
        // must keep it); no certificate yet means no check, as with an empty expectedTopic.
        Result<QSqlQuery, StorageError> active
            = db.exec(QStringLiteral("SELECT topic FROM certificates WHERE kind = 'push' AND status = 'active' "
                                     "ORDER BY not_after DESC"));
        if (!active)
            return active.error();
        expectedTopic = active->next() ? active->value(0).toString() : QString();
    }
    DeviceIdentity::Verdict verdict = DeviceIdentity::verify(db, certificateSha256, message, expectedTopic);
    if (auto* error = std::get_if<StorageError>(&verdict))
        return *error;
    if (auto* refusal = std::get_if<IdentityRefusal>(&verdict)) {
        // A device restored from another device's backup presents that device's certificate
        // with its own UDID. If that UDID is not managed here, 401 makes it drop the stale
        // profile (Apple's restore case); a swap towards a managed UDID stays a 403.
        const bool foreignCertificate
            = *refusal == IdentityRefusal::BoundToAnotherDevice || *refusal == IdentityRefusal::NotBound;
        if (foreignCertificate && message.type == CheckInMessageType::TokenUpdate
            && policy.refuseUnmanagedTokenUpdate) {
            Result<bool, StorageError> isManaged = managed(db);
            if (!isManaged)
                return isManaged.error();
            if (!*isManaged) {
                finish(CheckInOutcome::Unmanaged, QStringLiteral("device not managed"));
                return {};
            }
        }
        result.refusal = *refusal;
        finish(CheckInOutcome::IdentityRefused, refusalName(*refusal));
        return {};
    }
    const VerifiedIdentity& identity = std::get<VerifiedIdentity>(verdict);

    // An operator ended the management of this device: 401 on its next request, whatever it is.
    Result<std::optional<inventory::Refusal>, StorageError> refused = inventory::DeviceLifecycle::refuseIfMarked(
        db, message.deviceId, QDateTime::fromMSecsSinceEpoch(m_now, Qt::UTC));
    if (!refused)
        return refused.error();
    if (*refused) {
        finish(CheckInOutcome::Unmanaged, QStringLiteral("management terminated: ") + (*refused)->reason);
        return {};
    }

    StorageStatus status;
    switch (message.type) {
    case CheckInMessageType::Authenticate:
        status = authenticate(db, identity);
        break;
    case CheckInMessageType::TokenUpdate:
        status = tokenUpdate(db);
        break;
    case CheckInMessageType::CheckOut:
        status = checkOut(db);
        break;
    case CheckInMessageType::UserAuthenticate:
        // No user authentication service: 410 tells the device not to create a user channel.
        finish(CheckInOutcome::Declined, QStringLiteral("UserAuthenticate is declined"));
        break;
    case CheckInMessageType::GetBootstrapToken:
        status = getBootstrapToken(db);
        break;
    case CheckInMessageType::SetBootstrapToken:
        status = setBootstrapToken(db);
        break;
    case CheckInMessageType::DeclarativeManagement:
    case CheckInMessageType::GetToken:
        finish(CheckInOutcome::NotSupported, messageTypeName(message.type) + QStringLiteral(" is not supported"));
        break;
    }
    if (!status)
        return status;
    // An Unmanaged device wrote nothing and must not appear as seen.
    if (result.outcome == CheckInOutcome::Unmanaged)
        return {};
    return touch(db);
}

Result<bool, StorageError> Job::managed(Database& db) const
{
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT 1 FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                 "WHERE d.udid = ? AND e.channel = 'device' AND e.status <> 'checked_out'"),
            {message.deviceId});
    if (!query)
        return query.error();
    return query->next();
}

Result<std::optional<qint64>, StorageError> Job::findDevice(Database& db) const
{
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT id FROM devices WHERE udid = ?"), {message.deviceId});
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<qint64>();
    return std::optional<qint64>(query->value(0).toLongLong());
}

Result<std::optional<EnrollmentRow>, StorageError> Job::findEnrollment(
    Database& db, qint64 deviceId, const QString& channel, const QString& userId) const
{
    Result<QSqlQuery, StorageError> query = db.exec(
        QStringLiteral(
            "SELECT id, status FROM enrollments WHERE device_id = ? AND channel = ? AND user_id = COALESCE(?, '')"),
        {deviceId, channel, userId});
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<EnrollmentRow>();
    return std::optional<EnrollmentRow>(EnrollmentRow {query->value(0).toLongLong(), query->value(1).toString()});
}

Result<qint64, StorageError> Job::upsertDevice(Database& db, const QString& state)
{
    const Authenticate* info = std::get_if<Authenticate>(&message.body);
    auto text = [](const QString& s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); };
    const QVariantList facts = info ? QVariantList {text(info->serialNumber), text(info->deviceName), text(info->model),
                                   text(info->productName), text(info->osVersion), text(info->buildVersion)}
                                    : QVariantList {text({}), text({}), text({}), text({}), text({}), text({})};

    Result<std::optional<qint64>, StorageError> existing = findDevice(db);
    if (!existing)
        return existing.error();
    if (*existing) {
        // COALESCE: a message without a fact keeps what inventory already knows.
        QVariantList bindings = facts;
        bindings << state << m_now << **existing;
        Result<QSqlQuery, StorageError> update
            = db.exec(QStringLiteral("UPDATE devices SET serial_number = COALESCE(?, serial_number), "
                                     "device_name = COALESCE(?, device_name), model = COALESCE(?, model), "
                                     "product_name = COALESCE(?, product_name), os_version = COALESCE(?, os_version), "
                                     "build_version = COALESCE(?, build_version), enrollment_state = ?, updated_at = ? "
                                     "WHERE id = ?"),
                bindings);
        if (!update)
            return update.error();
        return **existing;
    }
    QVariantList bindings {message.deviceId};
    bindings << facts << state << m_now << m_now;
    Result<QSqlQuery, StorageError> insert
        = db.exec(QStringLiteral("INSERT INTO devices (udid, serial_number, device_name, model, product_name, "
                                 "os_version, build_version, enrollment_state, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            bindings);
    if (!insert)
        return insert.error();
    return insert->lastInsertId().toLongLong();
}

Result<qint64, StorageError> Job::insertEnrollment(
    Database& db, qint64 deviceId, const QString& channel, const QString& userId, const QString& status)
{
    Result<QSqlQuery, StorageError> insert = db.exec(
        QStringLiteral("INSERT INTO enrollments (device_id, channel, user_id, status, created_at, updated_at) "
                       "VALUES (?, ?, COALESCE(?, ''), ?, ?, ?)"),
        {deviceId, channel, userId, status, m_now, m_now});
    if (!insert)
        return insert.error();
    return insert->lastInsertId().toLongLong();
}

StorageStatus Job::authenticate(Database& db, const VerifiedIdentity& identity)
{
    Result<qint64, StorageError> deviceId = upsertDevice(db, QStringLiteral("pending"));
    if (!deviceId)
        return deviceId.error();
    Result<std::optional<EnrollmentRow>, StorageError> row = findEnrollment(db, *deviceId, kDeviceChannel, QString());
    if (!row)
        return row.error();
    qint64 enrollmentId = 0;
    if (*row) {
        enrollmentId = (*row)->id;
    } else {
        Result<qint64, StorageError> inserted
            = insertEnrollment(db, *deviceId, kDeviceChannel, QString(), QStringLiteral("authenticated"));
        if (!inserted)
            return inserted.error();
        enrollmentId = *inserted;
    }
    // Authenticate (re)starts the enrollment: the old token, magic and secrets belong to the
    // previous one, and the device is not reachable until its TokenUpdate.
    Result<QSqlQuery, StorageError> reset
        = db.exec(QStringLiteral("UPDATE enrollments SET status = 'authenticated', topic = ?, push_token = NULL, "
                                 "push_magic = NULL, unlock_token_sealed = NULL, bootstrap_token_sealed = NULL, "
                                 "token_updated_at = NULL, push_token_dead_since = NULL, identity_cert_sha256 = ?, "
                                 "identity_cert_serial = ?, updated_at = ? WHERE id = ?"),
            {message.topic, identity.sha256, identity.serialHex, m_now, enrollmentId});
    if (!reset)
        return reset.error();
    // The user channels of the previous enrollment wait for their own new TokenUpdate.
    Result<QSqlQuery, StorageError> users
        = db.exec(QStringLiteral("UPDATE enrollments SET status = 'authenticated', push_token = NULL, "
                                 "push_magic = NULL, updated_at = ? WHERE device_id = ? AND channel = 'user'"),
            {m_now, *deviceId});
    if (!users)
        return users.error();
    StorageStatus bound = DeviceIdentity::bind(db, identity, message.deviceId, enrollmentId);
    if (!bound)
        return bound;
    qCInfo(lcCheckIn).noquote() << "Authenticate from device" << message.deviceId;
    finish(CheckInOutcome::Ok);
    return {};
}

StorageStatus Job::tokenUpdate(Database& db)
{
    const TokenUpdate& update = message.as<TokenUpdate>();
    // A user channel is managed only through its device channel.
    Result<bool, StorageError> isManaged = managed(db);
    if (!isManaged)
        return isManaged.error();
    if (!*isManaged && policy.refuseUnmanagedTokenUpdate) {
        qCWarning(lcCheckIn).noquote() << "TokenUpdate from device" << message.deviceId
                                       << "which Quince does not manage: answering 401";
        finish(CheckInOutcome::Unmanaged, QStringLiteral("device not managed"));
        return {};
    }

    Result<qint64, StorageError> deviceId = upsertDevice(db, QStringLiteral("enrolled"));
    if (!deviceId)
        return deviceId.error();
    const QString channel = message.isUserChannel() ? kUserChannel : kDeviceChannel;
    const QString userId = message.channelUserId();
    Result<std::optional<EnrollmentRow>, StorageError> row = findEnrollment(db, *deviceId, channel, userId);
    if (!row)
        return row.error();
    qint64 enrollmentId = 0;
    if (*row) {
        enrollmentId = (*row)->id;
    } else {
        Result<qint64, StorageError> inserted
            = insertEnrollment(db, *deviceId, channel, userId, QStringLiteral("active"));
        if (!inserted)
            return inserted.error();
        enrollmentId = *inserted;
    }

    QVariant unlockSealed;
    if (update.unlockToken && !update.unlockToken->isEmpty()) {
        Result<QByteArray> sealed = sealer->seal(
            *update.unlockToken, CheckInProcessor::sealingContext(enrollmentId, QStringLiteral("UnlockToken")));
        if (!sealed)
            return jobError(QStringLiteral("sealing the UnlockToken failed: ") + sealed.error().message);
        unlockSealed = *sealed;
    }
    auto text = [](const QString& s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); };
    // UnlockToken only comes with the first TokenUpdate of an enrollment: later ones keep it.
    Result<QSqlQuery, StorageError> store = db.exec(
        QStringLiteral("UPDATE enrollments SET status = 'active', topic = ?, push_token = ?, push_magic = ?, "
                       "unlock_token_sealed = COALESCE(?, unlock_token_sealed), "
                       "user_short_name = COALESCE(?, user_short_name), user_long_name = COALESCE(?, user_long_name), "
                       "token_updated_at = ?, push_token_dead_since = NULL, updated_at = ? WHERE id = ?"),
        {message.topic, update.token, update.pushMagic,
            unlockSealed.isValid() ? unlockSealed : QVariant(QMetaType::fromType<QByteArray>()),
            text(message.userShortName), text(message.userLongName), m_now, m_now, enrollmentId});
    if (!store)
        return store.error();
    Result<QSqlQuery, StorageError> enrolled = db.exec(
        QStringLiteral("UPDATE devices SET enrolled_at = COALESCE(enrolled_at, ?) WHERE id = ?"), {m_now, *deviceId});
    if (!enrolled)
        return enrolled.error();
    qCInfo(lcCheckIn).noquote() << "TokenUpdate from device" << message.deviceId << "channel" << channel;
    finish(CheckInOutcome::Ok);
    return {};
}

StorageStatus Job::checkOut(Database& db)
{
    Result<std::optional<qint64>, StorageError> device = findDevice(db);
    if (!device)
        return device.error();
    finish(CheckInOutcome::Ok);
    if (!*device)
        return {}; // nothing to check out; 200 all the same, the device is leaving anyway
    const bool userChannel = message.isUserChannel();
    Result<QSqlQuery, StorageError> update = userChannel
        ? db.exec(QStringLiteral("UPDATE enrollments SET status = 'checked_out', updated_at = ? "
                                 "WHERE device_id = ? AND channel = 'user' AND user_id = ?"),
            {m_now, **device, message.channelUserId()})
        // The device channel leaving takes the user channels with it.
        : db.exec(QStringLiteral("UPDATE enrollments SET status = 'checked_out', updated_at = ? WHERE device_id = ?"),
            {m_now, **device});
    if (!update)
        return update.error();
    if (!userChannel) {
        Result<QSqlQuery, StorageError> state
            = db.exec(QStringLiteral("UPDATE devices SET enrollment_state = 'unenrolled', updated_at = ? WHERE id = ?"),
                {m_now, **device});
        if (!state)
            return state.error();
    }
    qCInfo(lcCheckIn).noquote() << "CheckOut from device" << message.deviceId;
    return {};
}

StorageStatus Job::getBootstrapToken(Database& db)
{
    Result<QSqlQuery, StorageError> query = db.exec(
        QStringLiteral("SELECT e.id, e.bootstrap_token_sealed FROM enrollments e JOIN devices d ON d.id = e.device_id "
                       "WHERE d.udid = ? AND e.channel = 'device'"),
        {message.deviceId});
    if (!query)
        return query.error();
    plist::Dict reply;
    if (query->next() && !query->value(1).isNull()) {
        const qint64 enrollmentId = query->value(0).toLongLong();
        Result<QByteArray> opened = sealer->open(query->value(1).toByteArray(),
            CheckInProcessor::sealingContext(enrollmentId, QStringLiteral("BootstrapToken")));
        if (!opened)
            return jobError(QStringLiteral("the sealed bootstrap token did not open: ") + opened.error().message);
        reply.insert(QStringLiteral("BootstrapToken"), *opened);
    }
    Result<QByteArray, plist::PlistError> body = plist::encodeXml(plist::Value(std::move(reply)));
    if (!body)
        return jobError(body.error().toString());
    finish(CheckInOutcome::Ok, QString(), *body);
    return {};
}

StorageStatus Job::setBootstrapToken(Database& db)
{
    const SetBootstrapToken& set = message.as<SetBootstrapToken>();
    Result<QSqlQuery, StorageError> query
        = db.exec(QStringLiteral("SELECT e.id FROM enrollments e JOIN devices d ON d.id = e.device_id "
                                 "WHERE d.udid = ? AND e.channel = 'device' AND e.status <> 'checked_out'"),
            {message.deviceId});
    if (!query)
        return query.error();
    if (!query->next()) {
        // Nowhere to keep it. Not a 401: that would unenroll a device over a bootstrap token.
        finish(CheckInOutcome::BadRequest, QStringLiteral("SetBootstrapToken without an enrollment"));
        return {};
    }
    const qint64 enrollmentId = query->value(0).toLongLong();
    QVariant sealedValue(QMetaType::fromType<QByteArray>());
    // An absent or empty BootstrapToken removes the stored one (Apple's rule).
    if (!set.bootstrapToken.isEmpty()) {
        Result<QByteArray> sealed = sealer->seal(
            set.bootstrapToken, CheckInProcessor::sealingContext(enrollmentId, QStringLiteral("BootstrapToken")));
        if (!sealed)
            return jobError(QStringLiteral("sealing the bootstrap token failed: ") + sealed.error().message);
        sealedValue = *sealed;
    }
    Result<QSqlQuery, StorageError> update
        = db.exec(QStringLiteral("UPDATE enrollments SET bootstrap_token_sealed = ?, updated_at = ? WHERE id = ?"),
            {sealedValue, m_now, enrollmentId});
    if (!update)
        return update.error();
    finish(CheckInOutcome::Ok);
    return {};
}

StorageStatus Job::touch(Database& db)
{
    Result<std::optional<qint64>, StorageError> device = findDevice(db);
    if (!device)
        return device.error();
    if (!*device)
        return {};
    const QString channel = message.isUserChannel() ? kUserChannel : kDeviceChannel;
    Result<std::optional<EnrollmentRow>, StorageError> row
        = findEnrollment(db, **device, channel, message.channelUserId());
    if (!row)
        return row.error();
    // Seen: last_seen_at now, and an inactive device or channel is active again.
    return inventory::DeviceLifecycle::markSeen(db, **device, *row ? std::optional<qint64>((*row)->id) : std::nullopt,
        QDateTime::fromMSecsSinceEpoch(m_now, Qt::UTC));
}

CheckInResult fromStorageError(const StorageError& error)
{
    CheckInResult result;
    const bool transient = error.kind == StorageErrorKind::Busy || error.kind == StorageErrorKind::NotRunning;
    result.outcome = transient ? CheckInOutcome::StorageUnavailable : CheckInOutcome::InternalError;
    result.reason = error.toString();
    qCWarning(lcCheckIn).noquote() << "check-in failed in storage:" << result.reason;
    return result;
}

} // namespace

int httpStatus(CheckInOutcome outcome)
{
    switch (outcome) {
    case CheckInOutcome::Ok:
        return 200;
    case CheckInOutcome::BadRequest:
        return 400;
    case CheckInOutcome::Unmanaged:
        return 401;
    case CheckInOutcome::IdentityRefused:
        return 403;
    case CheckInOutcome::Declined:
        return 410;
    case CheckInOutcome::NotSupported:
        return 501;
    case CheckInOutcome::InternalError:
        return 500;
    case CheckInOutcome::StorageUnavailable:
        return 503;
    }
    return 500;
}

QString outcomeName(CheckInOutcome outcome)
{
    switch (outcome) {
    case CheckInOutcome::Ok:
        return QStringLiteral("Ok");
    case CheckInOutcome::BadRequest:
        return QStringLiteral("BadRequest");
    case CheckInOutcome::Unmanaged:
        return QStringLiteral("Unmanaged");
    case CheckInOutcome::IdentityRefused:
        return QStringLiteral("IdentityRefused");
    case CheckInOutcome::Declined:
        return QStringLiteral("Declined");
    case CheckInOutcome::NotSupported:
        return QStringLiteral("NotSupported");
    case CheckInOutcome::InternalError:
        return QStringLiteral("InternalError");
    case CheckInOutcome::StorageUnavailable:
        return QStringLiteral("StorageUnavailable");
    }
    return QString();
}

CheckInProcessor::CheckInProcessor(storage::StorageWorker& worker, const pki::KeySealer& sealer, CheckInPolicy policy)
    : m_worker(worker), m_sealer(sealer), m_policy(std::move(policy))
{
}

void CheckInProcessor::setPolicy(const CheckInPolicy& policy)
{
    QMutexLocker lock(&m_policyMutex);
    m_policy = policy;
}

CheckInPolicy CheckInProcessor::policy() const
{
    QMutexLocker lock(&m_policyMutex);
    return m_policy;
}

QString CheckInProcessor::sealingContext(qint64 enrollmentId, const QString& what)
{
    return QStringLiteral("enrollment/%1/%2").arg(enrollmentId).arg(what);
}

QFuture<CheckInResult> CheckInProcessor::process(const QByteArray& body, const QString& certificateSha256)
{
    Result<CheckInMessage, CheckInError> message = CheckInMessage::decode(body);
    if (!message) {
        qCWarning(lcCheckIn).noquote() << "refused a check-in body:" << errorKindName(message.error().kind)
                                       << message.error().message;
        CheckInResult result;
        result.outcome = CheckInOutcome::BadRequest;
        result.reason = message.error().message;
        return QtFuture::makeReadyFuture(result);
    }
    return process(*message, certificateSha256);
}

QFuture<CheckInResult> CheckInProcessor::process(const CheckInMessage& message, const QString& certificateSha256)
{
    auto job = std::make_shared<Job>();
    job->message = message;
    job->certificateSha256 = certificateSha256;
    job->policy = policy();
    job->sealer = &m_sealer;
    const QStringList tables {QStringLiteral("devices"), QStringLiteral("enrollments"), QStringLiteral("certificates")};
    return m_worker.write([job](Database& db) { return job->run(db); }, tables)
        .then([job](const StorageStatus& status) { return status ? job->result : fromStorageError(status.error()); });
}

CheckInResult CheckInProcessor::processAndWait(const QByteArray& body, const QString& certificateSha256)
{
    QFuture<CheckInResult> future = process(body, certificateSha256);
    future.waitForFinished();
    return future.result();
}

} // namespace quince::mdm

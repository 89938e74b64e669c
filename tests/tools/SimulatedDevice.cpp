// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatedDevice.h"

#include "ScepClient.h"

#include "core/pki/CmsSigner.h"
#include "core/plist/PlistCodec.h"

#include <QCryptographicHash>
#include <QUuid>

namespace quince::devsim {

namespace {

using plist::Dict;
using plist::Value;

const QByteArray kCheckInType = "application/x-apple-aspen-mdm-checkin";
const QByteArray kConnectType = "application/x-apple-aspen-mdm";

QByteArray encode(const Dict& dict)
{
    auto encoded = plist::encodeXml(Value(dict));
    return encoded ? *encoded : QByteArray();
}

} // namespace

DeviceInfo DeviceInfo::numbered(int index, const QString& prefix)
{
    DeviceInfo info;
    const QByteArray seed = prefix.toUtf8() + '-' + QByteArray::number(index);
    // A 40-hex UDID like older iOS devices, derived so runs are reproducible.
    info.udid = QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex());
    const QByteArray serial
        = QCryptographicHash::hash(QByteArray(seed + "-serial"), QCryptographicHash::Md5).toHex().toUpper();
    info.serialNumber = QStringLiteral("DS") + QString::fromLatin1(serial.left(10));
    info.deviceName = QStringLiteral("Simulated iPad %1").arg(index);
    return info;
}

SimulatedDevice::SimulatedDevice(DeviceInfo info) : m_info(std::move(info)), m_http(std::make_unique<HttpsClient>())
{
}

SimulatedDevice::~SimulatedDevice() = default;

Status SimulatedDevice::enroll(const QByteArray& profileBytes)
{
    auto profile = EnrollmentProfile::parse(profileBytes);
    if (!profile)
        return profile.error();
    return enroll(*profile);
}

Status SimulatedDevice::enroll(const EnrollmentProfile& profile)
{
    installProfile(profile);
    if (Status identity = obtainIdentity(); !identity)
        return identity;
    const HttpReply authenticated = authenticate();
    if (authenticated.status != 200)
        return Error {QStringLiteral("Authenticate answered %1 %2").arg(authenticated.status).arg(authenticated.error)};
    const HttpReply updated = tokenUpdate();
    if (updated.status != 200)
        return Error {QStringLiteral("TokenUpdate answered %1 %2").arg(updated.status).arg(updated.error)};
    return {};
}

void SimulatedDevice::installProfile(const EnrollmentProfile& profile)
{
    m_profile = profile;
    m_http = std::make_unique<HttpsClient>(profile.anchors);
    m_mode = profile.signMessage ? IdentityMode::MdmSignature : IdentityMode::MutualTls;
    if (!m_certificate.isNull() && m_mode == IdentityMode::MutualTls)
        m_http->setClientIdentity(m_certificate, m_key);
}

Status SimulatedDevice::obtainIdentity()
{
    auto key = m_nextKey.isNull() ? pki::PrivateKey::generateRsa(m_profile.keySize > 0 ? m_profile.keySize : 2048)
                                  : pki::PkiResult<pki::PrivateKey>(m_nextKey);
    m_nextKey = {};
    if (!key)
        return Error {key.error().message};
    // SCEP runs without a client certificate, on the profile's trust.
    m_http->setClientIdentity({}, {});
    ScepClient scep(*m_http);
    auto issued = scep.enroll(m_profile.scepUrl, *key, m_profile.subject, m_profile.challenge);
    if (!issued)
        return issued.error();
    setIdentity(*issued, *key);
    return {};
}

void SimulatedDevice::setIdentity(const pki::Certificate& certificate, const pki::PrivateKey& key)
{
    m_certificate = certificate;
    m_key = key;
    m_http->setClientIdentity(m_mode == IdentityMode::MutualTls ? certificate : pki::Certificate(), key);
}

void SimulatedDevice::setIdentityMode(IdentityMode mode)
{
    m_mode = mode;
    setIdentity(m_certificate, m_key);
}

QByteArray SimulatedDevice::mdmSignature(const QByteArray& body) const
{
    auto signer = pki::CmsSigner::create(m_certificate, m_key);
    if (!signer)
        return {};
    auto signature = signer->signDetached(body, m_digest, pki::CmsSigner::Encoding::IndefiniteBer);
    return signature ? signature->toBase64() : QByteArray();
}

HttpReply SimulatedDevice::put(const QUrl& url, const QByteArray& body)
{
    const QByteArray contentType = url == m_profile.checkInUrl ? kCheckInType : kConnectType;
    QByteArray headers;
    if (m_mode == IdentityMode::MdmSignature)
        headers = "Mdm-Signature: " + mdmSignature(body) + "\r\n";
    return m_http->request("PUT", url, body, contentType, headers);
}

HttpReply SimulatedDevice::putUnsigned(const QUrl& url, const QByteArray& body, const QByteArray& extraHeaders)
{
    return m_http->request("PUT", url, body, kConnectType, extraHeaders);
}

HttpReply SimulatedDevice::putCheckIn(const QByteArray& body)
{
    return put(m_profile.checkInUrl, body);
}

HttpReply SimulatedDevice::putConnect(const QByteArray& body)
{
    return put(m_profile.serverUrl, body);
}

HttpReply SimulatedDevice::checkIn(Dict message)
{
    if (!message.contains(QStringLiteral("UDID")))
        message.insert(QStringLiteral("UDID"), m_info.udid);
    if (!message.contains(QStringLiteral("Topic")))
        message.insert(QStringLiteral("Topic"), m_profile.topic);
    return putCheckIn(encode(message));
}

HttpReply SimulatedDevice::authenticate()
{
    return checkIn(
        Dict {{QStringLiteral("MessageType"), QStringLiteral("Authenticate")}, {QStringLiteral("UDID"), m_info.udid},
            {QStringLiteral("Topic"), m_profile.topic}, {QStringLiteral("BuildVersion"), m_info.buildVersion},
            {QStringLiteral("OSVersion"), m_info.osVersion}, {QStringLiteral("ProductName"), m_info.productName},
            {QStringLiteral("SerialNumber"), m_info.serialNumber}, {QStringLiteral("Model"), m_info.model},
            {QStringLiteral("ModelName"), m_info.modelName}, {QStringLiteral("DeviceName"), m_info.deviceName}});
}

HttpReply SimulatedDevice::tokenUpdate()
{
    // A fake but stable push token (32 bytes) and PushMagic, as APNs would have given.
    m_pushToken = QCryptographicHash::hash(QByteArray(m_info.udid.toUtf8() + "-token"), QCryptographicHash::Sha256);
    m_pushMagic = QUuid::fromRfc4122(QCryptographicHash::hash(m_info.udid.toUtf8(), QCryptographicHash::Md5))
                      .toString(QUuid::WithoutBraces)
                      .toUpper();
    const QByteArray unlockToken
        = QCryptographicHash::hash(QByteArray(m_info.udid.toUtf8() + "-unlock"), QCryptographicHash::Sha512);
    return checkIn(Dict {{QStringLiteral("MessageType"), QStringLiteral("TokenUpdate")},
        {QStringLiteral("UDID"), m_info.udid}, {QStringLiteral("Topic"), m_profile.topic},
        {QStringLiteral("Token"), m_pushToken}, {QStringLiteral("PushMagic"), m_pushMagic},
        {QStringLiteral("UnlockToken"), unlockToken}, {QStringLiteral("AwaitingConfiguration"), false}});
}

HttpReply SimulatedDevice::userTokenUpdate(const UserChannel& user)
{
    const QByteArray token
        = QCryptographicHash::hash(QByteArray(m_info.udid.toUtf8() + user.userId.toUtf8()), QCryptographicHash::Sha256);
    return checkIn(Dict {{QStringLiteral("MessageType"), QStringLiteral("TokenUpdate")},
        {QStringLiteral("UDID"), m_info.udid}, {QStringLiteral("Topic"), m_profile.topic},
        {QStringLiteral("UserID"), user.userId}, {QStringLiteral("UserShortName"), user.shortName},
        {QStringLiteral("UserLongName"), user.longName}, {QStringLiteral("Token"), token},
        {QStringLiteral("PushMagic"), QString(QStringLiteral("user-") + user.shortName)}});
}

HttpReply SimulatedDevice::checkOut()
{
    return checkIn(Dict {{QStringLiteral("MessageType"), QStringLiteral("CheckOut")}});
}

ConnectSummary SimulatedDevice::connect(const CommandPolicy& policy, const QString& userId, int maxRequests)
{
    ConnectSummary summary;
    Dict idle {{QStringLiteral("UDID"), m_info.udid}};
    if (!userId.isEmpty())
        idle.insert(QStringLiteral("UserID"), userId);
    idle.insert(QStringLiteral("Status"), QStringLiteral("Idle"));
    QByteArray body = encode(idle);
    Exchange pending {QStringLiteral("Idle"), {}, 0, {}, {}};
    // A status that never got an answer (the server went away) is sent again first, as devices
    // do: the server must take the repeat calmly.
    if (m_unanswered && m_unanswered->userId == userId) {
        body = m_unanswered->body;
        pending = Exchange {m_unanswered->status, m_unanswered->commandUuid, 0, {}, {}};
    }
    m_unanswered.reset();
    std::optional<QByteArray> duplicateOf;
    while (summary.requests < maxRequests) {
        HttpReply reply = putConnect(body);
        ++summary.requests;
        pending.httpStatus = reply.status;
        summary.lastHttpStatus = reply.status;
        if (reply.status == 200 && pending.sentStatus != QLatin1String("Idle")
            && pending.sentStatus != QLatin1String("NotNow"))
            m_confirmed.insert(pending.sentCommandUuid);
        if (reply.status == 0 && pending.sentStatus != QLatin1String("Idle"))
            m_unanswered = UnansweredStatus {body, pending.sentStatus, pending.sentCommandUuid, userId};
        if (reply.status != 200) {
            summary.error
                = QStringLiteral("%1 answered %2 %3").arg(pending.sentStatus).arg(reply.status).arg(reply.error);
            m_journal.append(pending);
            return summary;
        }
        if (duplicateOf) {
            // The answer to the first copy is "lost": the device sends the same status again.
            m_journal.append(pending);
            body = *duplicateOf;
            duplicateOf.reset();
            continue;
        }
        if (reply.body.isEmpty()) {
            m_journal.append(pending);
            return summary;
        }
        auto decoded = plist::decode(reply.body);
        ReceivedCommand command;
        if (decoded) {
            command.commandUuid = decoded->value(QStringLiteral("CommandUUID")).toString();
            command.command = decoded->value(QStringLiteral("Command")).toDict();
            command.requestType = command.command.value(QStringLiteral("RequestType")).toString();
        }
        pending.receivedCommandUuid = command.commandUuid;
        pending.receivedRequestType = command.requestType;
        m_journal.append(pending);
        if (!decoded || command.commandUuid.isEmpty() || command.requestType.isEmpty()) {
            summary.error = QStringLiteral("the server sent something that is not a command");
            return summary;
        }
        summary.received.append(command.commandUuid);
        if (m_confirmed.contains(command.commandUuid))
            m_redelivered.append(command.commandUuid);
        command.previousDeliveries = m_deliveries.value(command.commandUuid);
        m_deliveries[command.commandUuid] += 1;

        const CommandAnswer answer = policy ? policy(command) : CommandAnswer {};
        body = encode(commandResponse(m_info, command, answer.status, userId));
        if (answer.duplicate)
            duplicateOf = body;
        pending = Exchange {statusName(answer.status), command.commandUuid, 0, {}, {}};
    }
    summary.error = QStringLiteral("stopped after %1 requests").arg(maxRequests);
    return summary;
}

void SimulatedDevice::disconnect()
{
    m_http->close();
}

} // namespace quince::devsim

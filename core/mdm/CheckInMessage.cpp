// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/CheckInMessage.h"

#include "core/plist/PlistCodec.h"

#include <array>
#include <utility>

namespace quince::mdm {

namespace {

using plist::Type;

struct TypeName {
    CheckInMessageType type;
    const char16_t* name;
};

constexpr std::array<TypeName, 8> kTypeNames {{
    {CheckInMessageType::Authenticate, u"Authenticate"},
    {CheckInMessageType::TokenUpdate, u"TokenUpdate"},
    {CheckInMessageType::CheckOut, u"CheckOut"},
    {CheckInMessageType::UserAuthenticate, u"UserAuthenticate"},
    {CheckInMessageType::GetBootstrapToken, u"GetBootstrapToken"},
    {CheckInMessageType::SetBootstrapToken, u"SetBootstrapToken"},
    {CheckInMessageType::DeclarativeManagement, u"DeclarativeManagement"},
    {CheckInMessageType::GetToken, u"GetToken"},
}};

const QString kSharedIpadUserId = QStringLiteral("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF");

/// Reads keys from the message dictionary, remembering the first schema violation.
class Reader {
public:
    explicit Reader(const plist::Dict& dict) : m_dict(dict) { }

    QString string(const QString& key, bool required = false) { return check(key, Type::String, required).toString(); }
    QByteArray data(const QString& key, bool required = false) { return check(key, Type::Data, required).toData(); }
    bool boolean(const QString& key) { return check(key, Type::Boolean, false).toBool(); }
    bool present(const QString& key) const { return m_dict.contains(key); }
    void dict(const QString& key) { check(key, Type::Dict, false); }

    void requireOneOf(const QString& first, const QString& second)
    {
        if (!m_error && m_dict.value(first).toString().isEmpty() && m_dict.value(second).toString().isEmpty())
            fail(CheckInErrorKind::MissingKey, first,
                QStringLiteral("neither %1 nor %2 identifies the device").arg(first, second));
    }

    const std::optional<CheckInError>& error() const { return m_error; }

private:
    const plist::Value& check(const QString& key, Type type, bool required)
    {
        const plist::Value& value = m_dict.value(key);
        if (m_error)
            return value;
        if (!value.isValid()) {
            if (required)
                fail(CheckInErrorKind::MissingKey, key, QStringLiteral("required key %1 is missing").arg(key));
            return value;
        }
        if (value.type() != type) {
            fail(CheckInErrorKind::WrongType, key,
                QStringLiteral("%1 is a %2, the schema says %3")
                    .arg(key, plist::typeName(value.type()), plist::typeName(type)));
            return value;
        }
        // An empty Token or PushMagic is as useless as a missing one.
        const bool empty
            = (type == Type::String && value.toString().isEmpty()) || (type == Type::Data && value.toData().isEmpty());
        if (required && empty)
            fail(CheckInErrorKind::MissingKey, key, QStringLiteral("required key %1 is empty").arg(key));
        return value;
    }

    void fail(CheckInErrorKind kind, const QString& key, const QString& message)
    {
        m_error = CheckInError {kind, key, message};
    }

    const plist::Dict& m_dict;
    std::optional<CheckInError> m_error;
};

} // namespace

QString messageTypeName(CheckInMessageType type)
{
    for (const TypeName& entry : kTypeNames) {
        if (entry.type == type)
            return QString::fromUtf16(entry.name);
    }
    return QString();
}

QString errorKindName(CheckInErrorKind kind)
{
    switch (kind) {
    case CheckInErrorKind::PlistTooLarge:
        return QStringLiteral("PlistTooLarge");
    case CheckInErrorKind::MalformedPlist:
        return QStringLiteral("MalformedPlist");
    case CheckInErrorKind::NotADictionary:
        return QStringLiteral("NotADictionary");
    case CheckInErrorKind::UnknownMessageType:
        return QStringLiteral("UnknownMessageType");
    case CheckInErrorKind::MissingKey:
        return QStringLiteral("MissingKey");
    case CheckInErrorKind::WrongType:
        return QStringLiteral("WrongType");
    }
    return QString();
}

plist::Limits CheckInMessage::limits()
{
    plist::Limits limits;
    limits.maxSize = 256 * 1024;
    limits.maxDepth = 16;
    limits.maxObjects = 4096;
    limits.maxStringLength = 128 * 1024;
    return limits;
}

Result<CheckInMessage, CheckInError> CheckInMessage::decode(const QByteArray& body)
{
    Result<plist::Value, plist::PlistError> root = plist::decode(body, limits());
    if (!root) {
        const CheckInErrorKind kind = root.error().kind == plist::PlistErrorKind::TooLarge
            ? CheckInErrorKind::PlistTooLarge
            : CheckInErrorKind::MalformedPlist;
        return CheckInError {kind, QString(), root.error().toString()};
    }
    return fromPlist(*root);
}

Result<CheckInMessage, CheckInError> CheckInMessage::fromPlist(const plist::Value& root)
{
    if (!root.isDict()) {
        return CheckInError {CheckInErrorKind::NotADictionary, QString(),
            QStringLiteral("the check-in body is a %1, not a dictionary").arg(plist::typeName(root.type()))};
    }
    Reader in(root.toDict());
    const QString typeKey = QStringLiteral("MessageType");
    const QString typeText = in.string(typeKey, true);
    if (in.error())
        return *in.error();

    CheckInMessage msg;
    bool known = false;
    for (const TypeName& entry : kTypeNames) {
        if (typeText == QString::fromUtf16(entry.name)) {
            msg.type = entry.type;
            known = true;
        }
    }
    if (!known) {
        // The value is the device's text, but a MessageType is no secret; cut it short for the log.
        return CheckInError {CheckInErrorKind::UnknownMessageType, typeKey,
            QStringLiteral("unknown MessageType \"%1\"").arg(typeText.left(64))};
    }

    const bool needsTopic = msg.type == CheckInMessageType::Authenticate || msg.type == CheckInMessageType::TokenUpdate
        || msg.type == CheckInMessageType::CheckOut;
    msg.udid = in.string(QStringLiteral("UDID"));
    msg.enrollmentId = in.string(QStringLiteral("EnrollmentID"));
    in.requireOneOf(QStringLiteral("UDID"), QStringLiteral("EnrollmentID"));
    msg.deviceId = msg.udid.isEmpty() ? msg.enrollmentId : msg.udid;
    msg.topic = in.string(QStringLiteral("Topic"), needsTopic);
    msg.enrollmentUserId = in.string(QStringLiteral("EnrollmentUserID"));
    msg.userShortName = in.string(QStringLiteral("UserShortName"));
    msg.userLongName = in.string(QStringLiteral("UserLongName"));
    msg.userId = in.string(QStringLiteral("UserID"), msg.type == CheckInMessageType::UserAuthenticate);

    switch (msg.type) {
    case CheckInMessageType::Authenticate: {
        Authenticate a;
        a.deviceName = in.string(QStringLiteral("DeviceName"));
        a.model = in.string(QStringLiteral("Model"));
        a.modelName = in.string(QStringLiteral("ModelName"));
        a.productName = in.string(QStringLiteral("ProductName"));
        a.serialNumber = in.string(QStringLiteral("SerialNumber"));
        a.osVersion = in.string(QStringLiteral("OSVersion"));
        a.buildVersion = in.string(QStringLiteral("BuildVersion"));
        a.imei = in.string(QStringLiteral("IMEI"));
        a.meid = in.string(QStringLiteral("MEID"));
        msg.body = std::move(a);
        break;
    }
    case CheckInMessageType::TokenUpdate: {
        TokenUpdate t;
        t.token = in.data(QStringLiteral("Token"), true);
        t.pushMagic = in.string(QStringLiteral("PushMagic"), true);
        if (in.present(QStringLiteral("UnlockToken")))
            t.unlockToken = in.data(QStringLiteral("UnlockToken"));
        t.awaitingConfiguration = in.boolean(QStringLiteral("AwaitingConfiguration"));
        t.notOnConsole = in.boolean(QStringLiteral("NotOnConsole"));
        msg.body = std::move(t);
        break;
    }
    case CheckInMessageType::CheckOut:
        msg.body = CheckOut {};
        break;
    case CheckInMessageType::UserAuthenticate:
        msg.body = UserAuthenticate {in.string(QStringLiteral("DigestResponse"))};
        break;
    case CheckInMessageType::GetBootstrapToken:
        msg.body = GetBootstrapToken {in.boolean(QStringLiteral("AwaitingConfiguration"))};
        break;
    case CheckInMessageType::SetBootstrapToken: {
        SetBootstrapToken s;
        s.bootstrapToken = in.data(QStringLiteral("BootstrapToken"));
        s.awaitingConfiguration = in.boolean(QStringLiteral("AwaitingConfiguration"));
        msg.body = std::move(s);
        break;
    }
    case CheckInMessageType::DeclarativeManagement: {
        DeclarativeManagement d;
        d.endpoint = in.string(QStringLiteral("Endpoint"), true);
        d.data = in.data(QStringLiteral("Data"));
        msg.body = std::move(d);
        break;
    }
    case CheckInMessageType::GetToken:
        in.dict(QStringLiteral("TokenParameters"));
        in.data(QStringLiteral("TokenData"));
        msg.body = GetToken {in.string(QStringLiteral("TokenServiceType"), true)};
        break;
    }
    if (in.error())
        return *in.error();
    return msg;
}

bool CheckInMessage::isUserChannel() const
{
    return !channelUserId().isEmpty();
}

QString CheckInMessage::channelUserId() const
{
    if (!userId.isEmpty() && userId.compare(kSharedIpadUserId, Qt::CaseInsensitive) != 0)
        return userId;
    if (!userShortName.isEmpty())
        return userShortName;
    if (!enrollmentUserId.isEmpty())
        return enrollmentUserId;
    return userId;
}

} // namespace quince::mdm

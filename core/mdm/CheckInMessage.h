// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/plist/PlistLimits.h"
#include "core/plist/PlistValue.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <variant>

namespace quince::mdm {

/// The check-in message types Apple defines (mdm/checkin/ in Apple's schema repository).
enum class CheckInMessageType {
    Authenticate,
    TokenUpdate,
    CheckOut,
    UserAuthenticate,
    GetBootstrapToken,
    SetBootstrapToken,
    DeclarativeManagement,
    GetToken,
};

/// Apple's spelling of the type, e.g. "TokenUpdate".
QString messageTypeName(CheckInMessageType type);

/// Why a check-in body was refused. Every kind is a client error: the HTTP layer answers 400
/// (413 for PlistTooLarge, if it has not already refused the body while reading it).
enum class CheckInErrorKind {
    PlistTooLarge, ///< the body exceeds CheckInMessage::limits()
    MalformedPlist, ///< not a property list we can decode (any other plist error)
    NotADictionary, ///< the top-level value is not a dictionary
    UnknownMessageType, ///< MessageType absent from Apple's list (or absent altogether)
    MissingKey, ///< a required key is absent or empty
    WrongType, ///< a key is present with another plist type than the schema's
};

/// A refused check-in body: the kind, the key concerned (if any) and a message for the log.
/// The message names keys and types, never values (they may be tokens).
struct CheckInError {
    CheckInErrorKind kind = CheckInErrorKind::MalformedPlist;
    QString key;
    QString message;
};

/// The stable enumerator name, e.g. "MissingKey".
QString errorKindName(CheckInErrorKind kind);

/// Authenticate: starts or restarts an enrollment. Apple marks DeviceName, Model and ModelName
/// required, but the captured iOS 9 message carries none of them, so they are optional here.
struct Authenticate {
    QString deviceName;
    QString model;
    QString modelName;
    QString productName;
    QString serialNumber;
    QString osVersion;
    QString buildVersion;
    QString imei;
    QString meid;
};

/// TokenUpdate: what makes an enrollment reachable by push.
struct TokenUpdate {
    QByteArray token;
    QString pushMagic;
    /// Devices send it on the device channel when the profile grants AllowPasscodeRemovalAndLock.
    std::optional<QByteArray> unlockToken;
    bool awaitingConfiguration = false;
    bool notOnConsole = false;
};

struct CheckOut { };

/// UserAuthenticate: DigestResponse is absent on the first request of the exchange.
struct UserAuthenticate {
    QString digestResponse;
};

struct GetBootstrapToken {
    bool awaitingConfiguration = false;
};

/// SetBootstrapToken: an absent or empty BootstrapToken asks the server to remove it.
struct SetBootstrapToken {
    QByteArray bootstrapToken;
    bool awaitingConfiguration = false;
};

struct DeclarativeManagement {
    QString endpoint;
    QByteArray data;
};

struct GetToken {
    QString tokenServiceType;
};

/// A decoded, schema-checked check-in message.
///
/// Which keys are required follows Apple's schema where the schema matches what devices send,
/// and what devices send where it does not: every message must identify the device (UDID, or
/// EnrollmentID for User Enrollment); Topic is required for Authenticate, TokenUpdate and
/// CheckOut; every key we read that is present must have the schema's type.
struct CheckInMessage {
    CheckInMessageType type = CheckInMessageType::Authenticate;
    /// UDID, or EnrollmentID for a User Enrollment (which has no UDID): the device's key.
    QString deviceId;
    QString udid;
    QString enrollmentId;
    QString topic;
    QString userId;
    QString enrollmentUserId;
    QString userShortName;
    QString userLongName;
    std::variant<Authenticate, TokenUpdate, CheckOut, UserAuthenticate, GetBootstrapToken, SetBootstrapToken,
        DeclarativeManagement, GetToken>
        body;

    /// Tight bounds for check-in bodies: they are small, come before any trust is established,
    /// and are parsed for every device on every enrollment.
    static plist::Limits limits();

    /// Decodes an XML or binary plist body (bounded by limits()) and checks it against the schema.
    static Result<CheckInMessage, CheckInError> decode(const QByteArray& body);
    /// Checks an already decoded plist against the schema.
    static Result<CheckInMessage, CheckInError> fromPlist(const plist::Value& root);

    /// True for a user-channel message (UserID, EnrollmentUserID or UserShortName present).
    bool isUserChannel() const;
    /// The user key of the enrollment row: UserID, except on Shared iPad, where UserID is always
    /// FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF and UserShortName names the user; EnrollmentUserID for
    /// a User Enrollment. Empty on the device channel.
    QString channelUserId() const;

    template <typename T> const T& as() const { return std::get<T>(body); }
};

} // namespace quince::mdm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CommandResponder.h"
#include "EnrollmentProfile.h"
#include "HttpsClient.h"

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/pki/CmsSigner.h"
#include "core/pki/PrivateKey.h"
#include "core/plist/PlistValue.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

namespace quince::devsim {

/// Who the simulated device says it is in its messages.
struct DeviceInfo {
    QString udid;
    QString serialNumber;
    QString model = QStringLiteral("J307AP");
    QString modelName = QStringLiteral("iPad");
    QString productName = QStringLiteral("iPad13,1");
    QString osVersion = QStringLiteral("17.4.1");
    QString buildVersion = QStringLiteral("21E236");
    QString deviceName;

    /// A plausible iPad numbered index: the same index always gives the same UDID and serial.
    static DeviceInfo numbered(int index, const QString& prefix = QStringLiteral("devsim"));
};

/// A user channel (Shared iPad, or a macOS user): its messages carry UserID and UserShortName.
struct UserChannel {
    QString userId;
    QString shortName;
    QString longName;
};

/// One request of the ServerURL conversation, as the device saw it.
struct Exchange {
    QString sentStatus; ///< Idle, Acknowledged, ...
    QString sentCommandUuid; ///< "" for Idle
    int httpStatus = 0; ///< 0: no answer
    QString receivedCommandUuid; ///< the command in the answer, "" when none
    QString receivedRequestType;
};

/// What one connect() did.
struct ConnectSummary {
    int requests = 0;
    /// The commands received, in order.
    QStringList received;
    /// The HTTP status of the last request (200 when the queue was drained).
    int lastHttpStatus = 0;
    QString error;
    bool ok() const { return error.isEmpty() && lastHttpStatus == 200; }
};

/// A device of our own for tests and benchmarks: it installs an enrollment profile (SCEP with
/// the profile's challenge, then Authenticate and TokenUpdate with a fake push token), then
/// talks to the ServerURL like a device: Idle, a command, its answer per a scriptable policy
/// (Acknowledged with realistic response keys, Error, NotNow, a duplicated status), and so on
/// until the queue is empty. It proves its identity by TLS client certificate or, when the
/// profile says SignMessage (or setIdentityMode() asks), by the Mdm-Signature header.
///
/// One device is used by one thread at a time; many devices run in parallel on many threads.
/// It keeps a journal of what it sent and was answered, so a test can check from the device's
/// side what the server acknowledged.
class SimulatedDevice {
public:
    enum class IdentityMode { MutualTls, MdmSignature };

    explicit SimulatedDevice(DeviceInfo info);
    ~SimulatedDevice();
    SimulatedDevice(const SimulatedDevice&) = delete;
    SimulatedDevice& operator=(const SimulatedDevice&) = delete;

    const DeviceInfo& info() const { return m_info; }
    const EnrollmentProfile& profile() const { return m_profile; }

    /// The whole enrollment from a .mobileconfig: parse, SCEP, Authenticate, TokenUpdate.
    Status enroll(const QByteArray& profileBytes);
    Status enroll(const EnrollmentProfile& profile);

    // The steps of enroll(), for tests that go one at a time.
    /// Takes the profile's trust anchors, URLs and identity mode (SignMessage).
    void installProfile(const EnrollmentProfile& profile);
    /// SCEP: a new RSA key of the profile's Keysize (or the one given to useKey()), the
    /// certificate for it.
    Status obtainIdentity();
    /// The key the next obtainIdentity() certifies, made beforehand (a benchmark keeps key
    /// generation out of what it measures).
    void useKey(const pki::PrivateKey& key) { m_nextKey = key; }
    HttpReply authenticate();
    HttpReply tokenUpdate();
    /// TokenUpdate for a user channel (creates it on the server).
    HttpReply userTokenUpdate(const UserChannel& user);
    HttpReply checkOut();

    /// Any check-in message: UDID and Topic are added when message lacks them.
    HttpReply checkIn(plist::Dict message);
    /// Raw bodies, signed per the identity mode.
    HttpReply putCheckIn(const QByteArray& body);
    HttpReply putConnect(const QByteArray& body);
    /// A raw PUT with exactly extraHeaders (no Mdm-Signature added): for attacks.
    HttpReply putUnsigned(const QUrl& url, const QByteArray& body, const QByteArray& extraHeaders = {});

    /// One ServerURL session: Idle, then answer each command per policy until the server has
    /// nothing left (or maxRequests). userId non-empty: the user channel. The connection stays
    /// open afterwards (a new session on it keeps the server's NotNow memory) until
    /// disconnect().
    ConnectSummary connect(
        const CommandPolicy& policy = acknowledgeAll(), const QString& userId = {}, int maxRequests = 1000);
    /// Closes the HTTPS connection: the next request opens a new one.
    void disconnect();

    void setIdentityMode(IdentityMode mode);
    IdentityMode identityMode() const { return m_mode; }
    /// The device identity (after obtainIdentity()); replaceable, for attacks.
    const pki::Certificate& certificate() const { return m_certificate; }
    const pki::PrivateKey& key() const { return m_key; }
    void setIdentity(const pki::Certificate& certificate, const pki::PrivateKey& key);
    /// The Mdm-Signature header value for body: base64 of a detached CMS (indefinite-length
    /// BER, as devices send it) signed by the device identity with the chosen digest.
    QByteArray mdmSignature(const QByteArray& body) const;
    /// SHA-256 by default; older devices sign with SHA-1.
    void setSignatureDigest(pki::CmsSigner::Digest digest) { m_digest = digest; }

    /// Every ServerURL exchange, in order.
    const QList<Exchange>& journal() const { return m_journal; }
    /// CommandUUIDs whose Acknowledged (or Error) the server answered with 200. A status left
    /// without an answer (connection lost) is sent again at the start of the next connect().
    const QSet<QString>& confirmedResults() const { return m_confirmed; }
    /// CommandUUIDs received again AFTER their final status was answered 200: must stay empty.
    const QStringList& redeliveredAfterConfirmation() const { return m_redelivered; }
    /// The raw push token and PushMagic this device reported.
    QByteArray pushToken() const { return m_pushToken; }
    QString pushMagic() const { return m_pushMagic; }
    HttpsClient& http() { return *m_http; }

private:
    HttpReply put(const QUrl& url, const QByteArray& body);

    DeviceInfo m_info;
    EnrollmentProfile m_profile;
    std::unique_ptr<HttpsClient> m_http;
    IdentityMode m_mode = IdentityMode::MutualTls;
    pki::CmsSigner::Digest m_digest = pki::CmsSigner::Digest::Sha256;
    pki::Certificate m_certificate;
    pki::PrivateKey m_key;
    pki::PrivateKey m_nextKey;
    QByteArray m_pushToken;
    QString m_pushMagic;
    QList<Exchange> m_journal;
    QSet<QString> m_confirmed;
    QStringList m_redelivered;
    QHash<QString, int> m_deliveries;
    struct UnansweredStatus {
        QByteArray body;
        QString status;
        QString commandUuid;
        QString userId;
    };
    std::optional<UnansweredStatus> m_unanswered;
};

} // namespace quince::devsim

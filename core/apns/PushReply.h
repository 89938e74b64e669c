// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace quince::apns {

/// One push to one device token: what the caller wants sent. The topic comes from the push
/// certificate the client holds, never from the caller.
struct PushRequest {
    quint64 id = 0; ///< the caller's handle, echoed in the reply
    QByteArray token; ///< the raw device token (TokenUpdate's Token), sent as lowercase hex
    QString pushMagic; ///< the enrollment's PushMagic, the whole of the MDM payload
};

/// What became of a push, once the client is done with it (after its own retries).
enum class PushOutcome {
    Accepted, ///< 200: APNs took it (apnsId set)
    TokenDead, ///< 410 Unregistered, 400 BadDeviceToken / DeviceTokenNotForTopic: stop pushing
    CertificateRejected, ///< 403: the push certificate or its topic is refused (alert raised once)
    Rejected, ///< another 4xx: this push is wrong and retrying will not help
    Failed, ///< 429, 5xx or the connection kept failing until the tries ran out
    NotSent, ///< never sent: no push certificate, or pushing is stopped after a 403
};

QString outcomeName(PushOutcome outcome);

struct PushReply {
    quint64 id = 0;
    PushOutcome outcome = PushOutcome::Failed;
    int httpStatus = 0; ///< 0 when no HTTP reply came (connection error, not sent)
    QString reason; ///< APNs' reason (e.g. "Unregistered") or the transport error
    QString apnsId; ///< the apns-id header of the reply
    qint64 apnsTimestamp = 0; ///< 410's timestamp (ms since the epoch): the token is dead since then
    int tries = 0; ///< how many times it went on the wire
};

} // namespace quince::apns

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QFuture>
#include <QSet>
#include <QString>

namespace quince::storage {
class StorageWorker;
}

namespace quince::mdm {

/// What a ServerURL request came to: the HTTP status, the body (the next command plist, or
/// empty when the queue is empty), and the CommandUUID the device answered NotNow, which the
/// caller must not hand out again on this connection.
struct ConnectResult {
    int status = 500;
    QByteArray body;
    QString notNowCommandUuid;
    /// For the log; names no secret.
    QString reason;
};

/// The ServerURL side of the protocol: a device reports the status of its last command
/// (`Idle`, `Acknowledged`, `Error`, `CommandFormatError`, `NotNow`) and gets the next one.
///
/// Each request is one storage job: identify the enrollment from the client certificate (it
/// must be bound to the message's UDID by an earlier Authenticate), record the status (raw
/// response kept; repeats harmless; unknown CommandUUIDs logged and ignored), then take the next
/// queued command that is not in the connection's skip set. So a device is never told a command
/// is done before that is on disk, and nothing is handed out twice after its Acknowledged.
class ConnectProcessor {
public:
    explicit ConnectProcessor(storage::StorageWorker& worker);

    /// certificateSha256: hex SHA-256 of the TLS or Mdm-Signature certificate ("" when none).
    QFuture<ConnectResult> process(const QByteArray& body, const QString& certificateSha256, const QSet<QString>& skip);

private:
    storage::StorageWorker& m_worker;
};

} // namespace quince::mdm

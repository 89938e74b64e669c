// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/ListenerContext.h"

#include <QList>
#include <QTcpServer>

#include <memory>

namespace quince::server {

class IoWorker;

/// Accepts on the listening socket (in the first I/O thread), enforces the connection limit, and
/// hands each descriptor round-robin to an I/O worker. Never creates sockets of its own except to
/// close one over the limit.
class Acceptor : public QTcpServer {
    Q_OBJECT

public:
    Acceptor(std::shared_ptr<const ListenerContext> context, QList<IoWorker*> workers);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::shared_ptr<const ListenerContext> m_context;
    QList<IoWorker*> m_workers;
    qsizetype m_next = 0;
};

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/Acceptor.h"

#include "core/server/IoWorker.h"
#include "core/server/ServerLog.h"

#include <QMetaObject>
#include <QTcpSocket>

namespace quince::server {

Acceptor::Acceptor(std::shared_ptr<const ListenerContext> context, QList<IoWorker*> workers)
    : m_context(std::move(context)), m_workers(std::move(workers))
{
}

void Acceptor::incomingConnection(qintptr descriptor)
{
    if (!m_context->stats->tryReserveConnection(m_context->limits.maxConnections)) {
        // Over the limit: close at once. A socket object just to name the peer in the log.
        QTcpSocket socket;
        socket.setSocketDescriptor(descriptor);
        qCWarning(lcServer).noquote() << "connection limit of" << m_context->limits.maxConnections
                                      << "reached; closing new connection from"
                                      << socket.peerAddress().toString() + QLatin1Char(':')
                + QString::number(socket.peerPort());
        m_context->stats->rejected(RejectReason::ConnectionLimit);
        socket.abort();
        return;
    }
    IoWorker* worker = m_workers.at(m_next);
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
}

} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/IoWorker.h"

#include "core/server/HttpConnection.h"

#include <unistd.h>

namespace quince::server {

IoWorker::IoWorker(std::shared_ptr<const ListenerContext> context) : m_context(std::move(context))
{
}

IoWorker::~IoWorker()
{
    shutdown();
}

void IoWorker::adopt(qintptr descriptor)
{
    if (m_shutDown) {
        ::close(static_cast<int>(descriptor));
        m_context->stats->connectionClosed();
        return;
    }
    auto* connection = new HttpConnection(descriptor, m_context, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::finished, this, [this, connection] { m_connections.remove(connection); });
    connection->start();
}

void IoWorker::shutdown()
{
    m_shutDown = true;
    const QSet<HttpConnection*> connections = std::exchange(m_connections, {});
    for (HttpConnection* connection : connections) {
        connection->abortNow();
        delete connection;
    }
}

} // namespace quince::server

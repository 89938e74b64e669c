// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpResponder.h"

#include "core/server/ConnectionGate.h"
#include "core/server/HttpConnection.h"

#include <QMetaObject>

namespace quince::server {

namespace detail {

ResponderState::ResponderState(std::shared_ptr<ConnectionGate> connectionGate, quint64 requestSequence)
    : gate(std::move(connectionGate)), sequence(requestSequence)
{
}

ResponderState::~ResponderState()
{
    if (!sent.load())
        deliver(HttpResponse::text(500, "The request was not answered.\n"), true);
}

bool ResponderState::deliver(HttpResponse response, bool unanswered)
{
    if (sent.exchange(true))
        return false;
    QMutexLocker lock(&gate->mutex);
    HttpConnection* connection = gate->connection;
    if (connection == nullptr)
        return true;
    const quint64 requestSequence = sequence;
    QMetaObject::invokeMethod(
        connection,
        [connection, requestSequence, unanswered, response = std::move(response)]() mutable {
            connection->completeResponse(requestSequence, std::move(response), unanswered);
        },
        Qt::QueuedConnection);
    return true;
}

} // namespace detail

HttpResponder::HttpResponder(std::shared_ptr<detail::ResponderState> state) : m_state(std::move(state))
{
}

void HttpResponder::send(HttpResponse response) const
{
    m_state->deliver(std::move(response));
}

bool HttpResponder::isSent() const
{
    return m_state->sent.load();
}

} // namespace quince::server

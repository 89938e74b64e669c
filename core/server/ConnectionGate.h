// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/HttpResponse.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace quince::server {

class HttpConnection;

namespace detail {

/// A connection's address, valid while the connection lives. The connection clears it (under the
/// mutex) in its destructor, so a responder on another thread either posts to a live connection
/// or sees nullptr; a posted completion that arrives after the connection died is dropped by Qt
/// together with the connection's pending events.
struct ConnectionGate {
    QMutex mutex;
    HttpConnection* connection = nullptr;
};

/// Shared by the copies of one HttpResponder.
struct ResponderState {
    ResponderState(std::shared_ptr<ConnectionGate> gate, quint64 sequence);
    ~ResponderState();
    ResponderState(const ResponderState&) = delete;
    ResponderState& operator=(const ResponderState&) = delete;

    /// Posts the response to the connection's thread; true if it was the first answer. unanswered
    /// marks the 500 sent for a responder dropped without an answer.
    bool deliver(HttpResponse response, bool unanswered = false);

    std::shared_ptr<ConnectionGate> gate;
    /// Which request on the connection this answers.
    quint64 sequence = 0;
    std::atomic<bool> sent {false};
};

} // namespace detail
} // namespace quince::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/HttpResponse.h"

#include <memory>

namespace quince::server {

namespace detail {
struct ResponderState;
}

/// The way back to the client for one request. Copyable; send() may be called later and from any
/// thread (for instance after a database write commits on the writer thread): the response is
/// marshalled to the connection's own I/O thread. Only the first send() counts. If the connection
/// has closed meanwhile, send() does nothing. If every copy is destroyed without a send(), the
/// client gets a 500, so a forgotten answer never leaves a connection hanging.
class HttpResponder {
public:
    explicit HttpResponder(std::shared_ptr<detail::ResponderState> state);

    /// Answers the request. Thread-safe; later calls are ignored.
    void send(HttpResponse response) const;
    /// Whether send() has been called on this responder or a copy of it.
    bool isSent() const;

private:
    std::shared_ptr<detail::ResponderState> m_state;
};

} // namespace quince::server

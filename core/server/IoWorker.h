// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/ListenerContext.h"

#include <QObject>
#include <QSet>

#include <memory>

namespace quince::server {

class HttpConnection;

/// Owns the connections of one I/O thread. Lives in that thread; every call runs there.
class IoWorker : public QObject {
    Q_OBJECT

public:
    explicit IoWorker(std::shared_ptr<const ListenerContext> context);
    ~IoWorker() override;

    /// Takes over an accepted descriptor whose connection slot is already reserved.
    void adopt(qintptr descriptor);
    /// Closes every connection now; later adopt() calls close their descriptor at once.
    void shutdown();

private:
    std::shared_ptr<const ListenerContext> m_context;
    QSet<HttpConnection*> m_connections;
    bool m_shutDown = false;
};

} // namespace quince::server

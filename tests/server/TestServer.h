// SPDX-License-Identifier: GPL-3.0-or-later
// A listener with the routes the server tests exercise.
#pragma once

#include "ServerTestSupport.h"

#include <QMutex>
#include <QThreadPool>

#include <atomic>
#include <optional>
#include <stdexcept>

namespace quince::server::test {

class TestServer {
public:
    explicit TestServer(ListenerConfig config) : listener(std::move(config)) { addRoutes(); }

    static ListenerConfig plain(ListenerLimits limits = {})
    {
        ListenerConfig config;
        config.limits = limits;
        config.ioThreads = 2;
        return config;
    }

    static ListenerConfig withTls(
        const TestPki& pki, ClientCertificateMode mode = ClientCertificateMode::None, ListenerLimits limits = {})
    {
        ListenerConfig config = plain(limits);
        config.tls = pki.tlsSettings(mode);
        return config;
    }

    bool start()
    {
        const Status started = listener.start();
        if (!started)
            qWarning() << started.error().message;
        return started.ok();
    }

    quint16 port() const { return listener.serverPort(); }
    ListenerCounters counters() const { return listener.counters(); }

    /// Completes the request parked by /hold, from a pool thread.
    void releaseHeld(HttpResponse response)
    {
        std::shared_ptr<HttpResponder> responder = takeHeld();
        if (responder)
            QThreadPool::globalInstance()->start([responder, response] { responder->send(response); });
    }

    std::shared_ptr<HttpResponder> takeHeld()
    {
        QMutexLocker lock(&mutex);
        return std::exchange(held, nullptr);
    }

    bool hasHeld()
    {
        QMutexLocker lock(&mutex);
        return held != nullptr;
    }

    HttpListener listener;
    QMutex mutex;
    std::shared_ptr<HttpResponder> held;
    std::optional<HttpRequest> lastRequest;
    std::atomic<QThread*> handlerThread {nullptr};
    std::atomic<QThread*> completionThread {nullptr};
    std::atomic<int> handled {0};

private:
    void remember(const HttpRequest& request)
    {
        QMutexLocker lock(&mutex);
        lastRequest = request;
        handlerThread = QThread::currentThread();
        ++handled;
    }

    void addRoutes()
    {
        const QList<HttpMethod> any {HttpMethod::Get, HttpMethod::Put, HttpMethod::Post};
        // Echoes what it was given, so a test can see every part of HttpRequest arrive.
        check(listener.addRoute(QStringLiteral("/echo"), any, [this](HttpRequest request, HttpResponder responder) {
            remember(request);
            HttpResponse response = HttpResponse::withBody(200, "application/octet-stream", request.body);
            response.headers.append("X-Method", methodName(request.method));
            response.headers.append("X-Path", request.path.toUtf8());
            response.headers.append(
                "X-Query-A", request.query.queryItemValue(QStringLiteral("a"), QUrl::FullyDecoded).toUtf8());
            response.headers.append("X-Tls", request.tls ? "1" : "0");
            response.headers.append("X-Chain", QByteArray::number(request.clientCertificateChain.size()));
            responder.send(response);
        }));
        RouteOptions big;
        big.maxBodyBytes = 4 * 1024 * 1024;
        check(listener.addRoute(
            QStringLiteral("/big"), {HttpMethod::Put},
            [](const HttpRequest& request, const HttpResponder& responder) {
                responder.send(HttpResponse::text(200, QByteArray::number(request.body.size())));
            },
            big));
        // Answers from a pool thread after ?ms= milliseconds: the MDM handler's shape.
        check(listener.addRoute(
            QStringLiteral("/slow"), {HttpMethod::Get}, [this](HttpRequest request, HttpResponder responder) {
                remember(request);
                const int delay = request.query.queryItemValue(QStringLiteral("ms")).toInt();
                QThreadPool::globalInstance()->start([this, responder, delay, path = request.target] {
                    QThread::msleep(static_cast<unsigned long>(delay));
                    completionThread = QThread::currentThread();
                    HttpResponse response = HttpResponse::text(200, "slow");
                    response.headers.append("X-Target", path);
                    responder.send(response);
                });
            }));
        check(listener.addRoute(
            QStringLiteral("/hold"), {HttpMethod::Get}, [this](HttpRequest request, HttpResponder responder) {
                remember(request);
                QMutexLocker lock(&mutex);
                held = std::make_shared<HttpResponder>(responder);
            }));
        check(listener.addRoute(
            QStringLiteral("/drop"), {HttpMethod::Get}, [](const HttpRequest&, const HttpResponder&) {}));
        check(listener.addRoute(QStringLiteral("/throw"), {HttpMethod::Get},
            [](const HttpRequest&, const HttpResponder&) { throw std::runtime_error("handler bug"); }));
        check(listener.addPrefixRoute(QStringLiteral("/scep"), {HttpMethod::Get, HttpMethod::Post},
            [](const HttpRequest& request, const HttpResponder& responder) {
                responder.send(HttpResponse::text(200, "scep:" + request.path.toUtf8()));
            }));
    }

    static void check(const Status& status)
    {
        if (!status)
            qFatal("route registration failed: %s", qPrintable(status.error().message));
    }
};

} // namespace quince::server::test

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/HttpHeaders.h"
#include "core/server/HttpMethod.h"
#include "core/server/ListenerCounters.h"
#include "core/server/ListenerLimits.h"

#include <QByteArray>

#include <QList>

#include <memory>
#include <utility>

struct http_parser;
struct http_parser_settings;

namespace quince::server {

/// Why a request was refused: the status to answer, the counter to bump, and a detail for the log
/// line that never carries header values or body bytes (they may be secrets).
struct RequestFailure {
    int status = 400;
    RejectReason reason = RejectReason::BadRequest;
    QByteArray detail;
};

/// One HTTP/1.1 request at a time over Debian's libhttp-parser, without I/O (so it can be fuzzed
/// and unit-tested on bytes). Limits hold as bytes arrive: the header block is fed no further than
/// its byte budget, header fields are counted, and body bytes are counted chunk by chunk. The
/// parser stops after the header block (HeadersComplete) so the caller can pick the route's body
/// limit, and after the message (Complete) so pipelined bytes stay unread until the caller is
/// ready for the next request.
class RequestParser {
public:
    enum class State { Headers, HeadersComplete, Body, Complete, Failed };

    explicit RequestParser(const ListenerLimits& limits);
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    /// Forgets the current request and waits for the next.
    void reset();

    /// Consumes bytes and returns how many it used; the rest belong to a later call (or to the
    /// next request). Call in states Headers and Body only. Never called with zero bytes: that
    /// would mean end of stream to libhttp-parser.
    qsizetype feed(const char* data, qsizetype size);

    /// After HeadersComplete: accept the body, up to maxBodyBytes (413 beyond it).
    void beginBody(qint64 maxBodyBytes);

    State state() const { return m_state; }
    const RequestFailure& failure() const { return m_failure; }

    // Available from HeadersComplete on.
    HttpMethod method() const { return m_method; }
    const QByteArray& methodToken() const { return m_methodToken; }
    const QByteArray& target() const { return m_target; }
    const HttpHeaders& headers() const { return m_headers; }
    /// The declared Content-Length, or -1 without one.
    qint64 contentLength() const { return m_contentLength; }
    bool chunked() const { return m_chunked; }
    /// Whether the request carries a body at all (Content-Length > 0 or chunked).
    bool hasBody() const { return m_chunked || m_contentLength > 0; }
    /// The client asked for "100 Continue" before sending its body.
    bool expectsContinue() const { return m_expectsContinue; }
    /// HTTP/1.1 without "Connection: close", or HTTP/1.0 with "Connection: keep-alive".
    bool keepAlive() const { return m_keepAlive; }
    bool isHttp10() const { return m_http10; }
    qint64 headerBytes() const { return m_headerBytes; }

    /// After Complete: the body, moved out.
    QByteArray takeBody();

private:
    static int onMessageBegin(http_parser* parser);
    static int onUrl(http_parser* parser, const char* at, size_t length);
    static int onHeaderField(http_parser* parser, const char* at, size_t length);
    static int onHeaderValue(http_parser* parser, const char* at, size_t length);
    static int onHeadersComplete(http_parser* parser);
    static int onBody(http_parser* parser, const char* at, size_t length);
    static int onChunkHeader(http_parser* parser);
    static int onMessageComplete(http_parser* parser);
    static RequestParser& self(http_parser* parser);

    int fail(int status, RejectReason reason, QByteArray detail);
    int checkHeaderBlock();
    void failFromParserError();

    ListenerLimits m_limits;
    std::unique_ptr<http_parser> m_parser;
    std::unique_ptr<http_parser_settings> m_settings;
    State m_state = State::Headers;
    RequestFailure m_failure;

    HttpMethod m_method = HttpMethod::Get;
    QByteArray m_methodToken;
    QByteArray m_target;
    HttpHeaders m_headers;
    // Fields while they arrive (a name or value may come in pieces); moved to m_headers at the end.
    QList<std::pair<QByteArray, QByteArray>> m_fields;
    bool m_lastWasValue = false;
    int m_trailerFields = 0;
    qint64 m_trailerBytes = 0;
    qint64 m_headerBytes = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_expectsContinue = false;
    bool m_keepAlive = true;
    bool m_http10 = false;

    qint64 m_maxBodyBytes = 0;
    qint64 m_bodyBytes = 0;
    qint64 m_bodyWireBytes = 0;
    QByteArray m_body;
};

} // namespace quince::server

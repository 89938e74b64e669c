// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/RequestParser.h"

#include <http_parser.h>

namespace quince::server {

namespace {

// Chunk framing costs bytes that are not body ("1\r\nX\r\n" carries one): a body stream may
// spend twice its limit plus this on the wire before it is refused, so chunk-size padding and
// extensions cannot stream forever as "progress".
constexpr qint64 kChunkFramingAllowance = 64 * 1024;

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

// RFC 9110 section 5.6.2 tchar. Debian builds libhttp-parser without HTTP_PARSER_STRICT, which
// lets a space into a field name: "Content-Length : 5" would then be a field nobody reads as a
// length while a proxy in front might, so names are checked here.
bool isToken(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && QByteArrayView("!#$%&'*+-.^_`|~").indexOf(c) < 0)
            return false;
    }
    return true;
}

bool isFieldValue(QByteArrayView value)
{
    for (const char c : value) {
        // Control characters other than horizontal tab (obs-fold arrives as CR/LF inside).
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f)
            return false;
    }
    return true;
}

} // namespace

RequestParser::RequestParser(const ListenerLimits& limits)
    : m_limits(limits), m_parser(std::make_unique<http_parser>()), m_settings(std::make_unique<http_parser_settings>())
{
    http_parser_settings_init(m_settings.get());
    m_settings->on_message_begin = &RequestParser::onMessageBegin;
    m_settings->on_url = &RequestParser::onUrl;
    m_settings->on_header_field = &RequestParser::onHeaderField;
    m_settings->on_header_value = &RequestParser::onHeaderValue;
    m_settings->on_headers_complete = &RequestParser::onHeadersComplete;
    m_settings->on_body = &RequestParser::onBody;
    m_settings->on_chunk_header = &RequestParser::onChunkHeader;
    m_settings->on_message_complete = &RequestParser::onMessageComplete;
    reset();
}

RequestParser::~RequestParser() = default;

void RequestParser::reset()
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
    m_state = State::Headers;
    m_failure = {};
    m_method = HttpMethod::Get;
    m_methodToken.clear();
    m_target.clear();
    m_headers = {};
    m_fields.clear();
    m_lastWasValue = false;
    m_trailerFields = 0;
    m_trailerBytes = 0;
    m_headerBytes = 0;
    m_contentLength = -1;
    m_chunked = false;
    m_expectsContinue = false;
    m_keepAlive = true;
    m_http10 = false;
    m_maxBodyBytes = 0;
    m_bodyBytes = 0;
    m_bodyWireBytes = 0;
    m_body.clear();
}

qsizetype RequestParser::feed(const char* data, qsizetype size)
{
    if (size <= 0 || (m_state != State::Headers && m_state != State::Body))
        return 0;
    const State before = m_state;
    qsizetype length = size;
    if (before == State::Headers) {
        // Never hand libhttp-parser more header bytes than the budget: the limit then holds no
        // matter how the bytes are split into reads.
        length = qMin<qsizetype>(size, m_limits.maxHeaderBytes - m_headerBytes);
    }
    const auto consumed = static_cast<qsizetype>(
        http_parser_execute(m_parser.get(), m_settings.get(), data, static_cast<size_t>(length)));
    if (m_state == State::Failed)
        return consumed;
    const auto error = static_cast<http_errno>(m_parser->http_errno);
    if (error != HPE_OK && error != HPE_PAUSED) {
        failFromParserError();
        return consumed;
    }
    if (before == State::Headers) {
        m_headerBytes += consumed;
        if (m_state == State::Headers && m_headerBytes >= m_limits.maxHeaderBytes) {
            if (m_fields.isEmpty())
                fail(414, RejectReason::UriTooLong, "request line over " + number(m_limits.maxHeaderBytes) + " bytes");
            else
                fail(431, RejectReason::HeadersTooLarge,
                    "header block over " + number(m_limits.maxHeaderBytes) + " bytes");
        }
    } else {
        m_bodyWireBytes += consumed;
        if (m_state == State::Body && m_bodyWireBytes > 2 * m_maxBodyBytes + kChunkFramingAllowance)
            fail(413, RejectReason::BodyTooLarge, "chunk framing over " + number(m_bodyWireBytes) + " bytes");
    }
    return consumed;
}

void RequestParser::beginBody(qint64 maxBodyBytes)
{
    if (m_state != State::HeadersComplete)
        return;
    m_maxBodyBytes = maxBodyBytes;
    if (m_contentLength > 0 && m_contentLength <= maxBodyBytes)
        m_body.reserve(m_contentLength);
    m_state = State::Body;
    http_parser_pause(m_parser.get(), 0);
}

QByteArray RequestParser::takeBody()
{
    return std::exchange(m_body, {});
}

RequestParser& RequestParser::self(http_parser* parser)
{
    return *static_cast<RequestParser*>(parser->data);
}

int RequestParser::fail(int status, RejectReason reason, QByteArray detail)
{
    if (m_state != State::Failed) {
        m_state = State::Failed;
        m_failure = {status, reason, std::move(detail)};
    }
    // Non-zero from a callback stops libhttp-parser at once.
    return -1;
}

void RequestParser::failFromParserError()
{
    const auto error = static_cast<http_errno>(m_parser->http_errno);
    const QByteArray detail = QByteArray("malformed request: ") + http_errno_description(error);
    switch (error) {
    case HPE_HEADER_OVERFLOW:
        fail(431, RejectReason::HeadersTooLarge, detail);
        break;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
    case HPE_INVALID_CONTENT_LENGTH:
    case HPE_INVALID_TRANSFER_ENCODING:
        // Request-smuggling shapes: two framings, or a length two parsers could read apart.
        fail(400, RejectReason::AmbiguousLength, detail);
        break;
    default:
        fail(400, RejectReason::BadRequest, detail);
        break;
    }
}

int RequestParser::onMessageBegin(http_parser*)
{
    return 0;
}

int RequestParser::onUrl(http_parser* parser, const char* at, size_t length)
{
    self(parser).m_target.append(at, static_cast<qsizetype>(length));
    return 0;
}

int RequestParser::onHeaderField(http_parser* parser, const char* at, size_t length)
{
    RequestParser& me = self(parser);
    const auto size = static_cast<qsizetype>(length);
    if (me.m_state == State::Body) {
        // Trailer fields after a chunked body: counted against the header limits, then dropped
        // (nothing we serve needs them, and keeping them would be memory for free).
        if (me.m_trailerFields == 0 || me.m_lastWasValue) {
            if (++me.m_trailerFields > me.m_limits.maxHeaderCount)
                return me.fail(431, RejectReason::TooManyHeaders, "too many trailer fields");
        }
        me.m_trailerBytes += size;
        me.m_lastWasValue = false;
        if (me.m_trailerBytes > me.m_limits.maxHeaderBytes)
            return me.fail(431, RejectReason::HeadersTooLarge, "trailer block too large");
        return 0;
    }
    if (me.m_fields.isEmpty() || me.m_lastWasValue) {
        if (me.m_fields.size() >= me.m_limits.maxHeaderCount)
            return me.fail(431, RejectReason::TooManyHeaders,
                "more than " + number(me.m_limits.maxHeaderCount) + " header fields");
        me.m_fields.append({QByteArray(at, size), QByteArray()});
    } else {
        me.m_fields.last().first.append(at, size);
    }
    me.m_lastWasValue = false;
    return 0;
}

int RequestParser::onHeaderValue(http_parser* parser, const char* at, size_t length)
{
    RequestParser& me = self(parser);
    const auto size = static_cast<qsizetype>(length);
    me.m_lastWasValue = true;
    if (me.m_state == State::Body) {
        me.m_trailerBytes += size;
        if (me.m_trailerBytes > me.m_limits.maxHeaderBytes)
            return me.fail(431, RejectReason::HeadersTooLarge, "trailer block too large");
        return 0;
    }
    if (!me.m_fields.isEmpty())
        me.m_fields.last().second.append(at, size);
    return 0;
}

int RequestParser::onHeadersComplete(http_parser* parser)
{
    RequestParser& me = self(parser);
    const int result = me.checkHeaderBlock();
    if (result != 0)
        return result;
    me.m_state = State::HeadersComplete;
    // Stop here: the caller chooses the body limit (and may refuse) before any body byte is read.
    http_parser_pause(parser, 1);
    return 0;
}

int RequestParser::checkHeaderBlock()
{
    http_parser* parser = m_parser.get();
    if (parser->http_major != 1)
        return fail(505, RejectReason::BadRequest, "HTTP version " + number(parser->http_major));
    m_http10 = parser->http_minor == 0;
    m_methodToken = QByteArray(http_method_str(static_cast<http_method>(parser->method)));
    const std::optional<HttpMethod> method = methodFromName(m_methodToken);
    if (!method)
        return fail(501, RejectReason::NotImplemented, "method " + m_methodToken + " not implemented");
    m_method = *method;
    for (auto& [name, value] : m_fields) {
        if (!isToken(name))
            return fail(400, RejectReason::BadRequest, "header field name is not a token");
        if (!isFieldValue(value))
            return fail(400, RejectReason::BadRequest, "control character in a header field value");
        m_headers.append(std::move(name), std::move(value));
    }
    m_fields.clear();

    if (!m_target.startsWith('/'))
        return fail(400, RejectReason::BadRequest, "request target is not a path");
    const qsizetype hosts = m_headers.count("Host");
    if (hosts > 1 || (hosts == 0 && !m_http10))
        return fail(400, RejectReason::BadRequest, "HTTP/1.1 needs exactly one Host field");

    // RFC 9112 section 6.3: a message with both framings, several lengths, or a transfer coding we
    // do not read the way every proxy would, is how requests get smuggled. Refuse them all.
    const qsizetype lengths = m_headers.count("Content-Length");
    const qsizetype codings = m_headers.count("Transfer-Encoding");
    if (lengths > 1)
        return fail(400, RejectReason::AmbiguousLength, "several Content-Length fields");
    if (lengths == 1 && codings > 0)
        return fail(400, RejectReason::AmbiguousLength, "both Content-Length and Transfer-Encoding");
    if (codings > 1)
        return fail(400, RejectReason::AmbiguousLength, "several Transfer-Encoding fields");
    if (codings == 1) {
        if (m_http10 || m_headers.value("Transfer-Encoding").trimmed().toLower() != "chunked")
            return fail(400, RejectReason::AmbiguousLength, "Transfer-Encoding other than chunked");
        m_chunked = (parser->flags & F_CHUNKED) != 0;
        if (!m_chunked)
            return fail(400, RejectReason::AmbiguousLength, "Transfer-Encoding not understood");
    }
    if (lengths == 1)
        m_contentLength
            = static_cast<qint64>(qMin<quint64>(parser->content_length, std::numeric_limits<qint64>::max()));

    m_expectsContinue = !m_http10 && m_headers.value("Expect").trimmed().toLower() == "100-continue";
    // A protocol upgrade is not offered: answer the request, then close rather than guess what
    // the client sends next.
    m_keepAlive = http_should_keep_alive(parser) != 0 && parser->upgrade == 0;
    return 0;
}

int RequestParser::onBody(http_parser* parser, const char* at, size_t length)
{
    RequestParser& me = self(parser);
    const auto size = static_cast<qsizetype>(length);
    if (size > me.m_maxBodyBytes - me.m_bodyBytes)
        return me.fail(413, RejectReason::BodyTooLarge, "body over " + number(me.m_maxBodyBytes) + " bytes");
    me.m_bodyBytes += size;
    me.m_body.append(at, size);
    return 0;
}

int RequestParser::onChunkHeader(http_parser* parser)
{
    RequestParser& me = self(parser);
    // The declared chunk size is known before its data: refuse before reading it.
    const quint64 chunk = parser->content_length;
    if (chunk > static_cast<quint64>(me.m_maxBodyBytes - me.m_bodyBytes))
        return me.fail(413, RejectReason::BodyTooLarge, "chunked body over " + number(me.m_maxBodyBytes) + " bytes");
    return 0;
}

int RequestParser::onMessageComplete(http_parser* parser)
{
    RequestParser& me = self(parser);
    me.m_state = State::Complete;
    // Stop before any pipelined request: one request at a time, answered in order.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace quince::server

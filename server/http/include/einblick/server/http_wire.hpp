#pragma once
// The HTTP/1.1 wire as the server's edge reads it, before anything reaches cpp-httplib: the
// request head up to its blank line, with limits on its size, its lines and its fields, and the
// body by Content-Length or chunked framing, with the body limit enforced while reading. Pure
// functions and incremental readers over bytes: no sockets, no threads.
//
// The edge hands httplib a head it has checked and rewritten (canonical_head), so httplib parses
// exactly what the edge framed: no Transfer-Encoding, Expect, Range or Content-Encoding reach it,
// and Content-Length is the length of the decoded body.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server::wire {

struct HeadLimits {
    std::size_t max_head_bytes = 32 * 1024; // request line, fields and the blank line
    std::size_t max_line_bytes = 8 * 1024;  // each line with its CRLF (httplib's own limit)
    std::size_t max_fields = 100;           // header fields
};

// Collects the bytes of one request head. Limits are checked as bytes arrive, so a head that
// breaks one costs no more than the limit.
class HeadReader {
public:
    enum class Status {
        NeedMore,
        Complete,       // bytes() ends with the blank line
        UriTooLong,     // 414: the request line is longer than max_line_bytes
        FieldsTooLarge, // 431: too many fields, a field line or the whole head too long
    };

    explicit HeadReader(HeadLimits limits) : limits_(limits) {}

    // Takes bytes up to the end of the head; `consumed` says how many of `data` were taken
    // (the rest belongs to the body or the next request).
    Status feed(std::string_view data, std::size_t& consumed);
    const std::string& bytes() const { return head_; }
    bool empty() const { return head_.empty(); }
    void reset();

private:
    HeadLimits limits_;
    std::string head_;
    std::size_t line_start_ = 0; // where the current line begins in head_
    std::size_t lines_ = 0;      // complete lines so far
};

struct HeaderField {
    std::string name;
    std::string value; // without leading and trailing whitespace
};

enum class BodyFraming { None, Length, Chunked };

struct RequestHead {
    std::string method;
    std::string target;
    std::string version; // "HTTP/1.1" or "HTTP/1.0"
    std::vector<HeaderField> fields;
    BodyFraming framing = BodyFraming::None;
    std::uint64_t content_length = 0; // with BodyFraming::Length
    bool expect_continue = false;     // "Expect: 100-continue"
    bool wants_close = false;         // "Connection: close", or HTTP/1.0 without keep-alive

    // The first field of that name (case-insensitive), if any.
    std::optional<std::string_view> field(std::string_view name) const;
};

struct ParsedHead {
    // 0 when the head is acceptable; otherwise the status to answer with: 400 (malformed,
    // ambiguous framing), 413 (Content-Length above max_body), 415 (a Content-Encoding other
    // than identity: httplib would inflate it without limit), 417 (an expectation other than
    // 100-continue), 501 (a Transfer-Encoding other than chunked), 505 (not HTTP/1.x).
    int status = 0;
    RequestHead head;
};

// Parses a complete head as HeadReader collected it.
ParsedHead parse_head(std::string_view head, std::uint64_t max_body);

// The head httplib parses: the request line and every field as received, except the framing and
// negotiation fields the edge has dealt with (Content-Length, Transfer-Encoding, Expect, Range,
// If-Range, Content-Encoding), followed by `Content-Length: body_length` when the request had a
// body framing. A field with an empty value goes as `empty_field_marker: <its name>` instead.
std::string canonical_head(const RequestHead& head, std::size_t body_length);

// httplib 0.11 drops a field whose value is empty, so a route could not tell "sent empty" from
// "not sent" (an empty Idempotency-Key would pass as none). Such a field reaches httplib under
// this name, its value the field's name; a client's own field of this name is dropped.
inline constexpr const char* empty_field_marker = "Einblick-Empty-Field";

// Reads one body by its framing, appending the decoded bytes to a string, and stops at the
// limit: a chunked body is refused as soon as it passes it.
class BodyReader {
public:
    enum class Status {
        NeedMore,
        Complete,
        TooLarge,  // 413: the decoded body, or the chunked framing around it, passed the limit
        Malformed, // 400: broken chunked framing
    };

    BodyReader() = default;
    BodyReader(BodyFraming framing, std::uint64_t content_length, std::size_t max_body);

    // Decodes from `data` into `body` up to the end of the body; `consumed` says how many bytes
    // of `data` were taken. The body never grows past max_body.
    Status feed(std::string_view data, std::size_t& consumed, std::string& body);

private:
    enum class Step { SizeLine, Data, DataEnd, Trailer, Done };
    Status chunked(std::string_view data, std::size_t& consumed, std::string& body);
    Status end_of_size_line(std::string& body);

    BodyFraming framing_ = BodyFraming::None;
    std::uint64_t remaining_ = 0; // Length: bytes still to come; Chunked: of the current chunk
    std::size_t max_body_ = 0;
    Step step_ = Step::SizeLine;
    std::string line_;           // the chunk-size or trailer line being read
    std::uint64_t overhead_ = 0; // bytes of chunked framing so far
    std::size_t trailer_bytes_ = 0;
};

// Whether a response's head has a Connection field with the option "close" (names and options
// in any case, options in a comma-separated list); bytes after the head's blank line are not
// read. The runner asks it of every answer httplib wrote, so it reads field by field instead of
// lower-casing the head (twenty-third stop: that was 3 % of the server's CPU per request).
bool response_closes(std::string_view response);

// The reason phrase for a status the edge answers with ("Request Header Fields Too Large").
const char* reason_phrase(int status);

} // namespace einblick::server::wire

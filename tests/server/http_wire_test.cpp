// The edge's reading of the HTTP/1.1 wire: request heads with their limits, the framing
// decisions, and bodies by Content-Length or chunked framing, fed in any split.

#include "einblick/server/http_wire.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace einblick::server::wire;

namespace {

const HeadLimits limits{1024, 256, 8};

// Feeds `text` in pieces of `step` bytes; returns the last status and how much was consumed.
std::pair<HeadReader::Status, std::size_t> read_head(HeadReader& reader, std::string_view text,
                                                     std::size_t step) {
    std::size_t total = 0;
    for (std::size_t at = 0; at < text.size(); at += step) {
        std::size_t used = 0;
        const auto status = reader.feed(text.substr(at, step), used);
        total += used;
        if (status != HeadReader::Status::NeedMore) {
            return {status, total};
        }
    }
    return {HeadReader::Status::NeedMore, total};
}

int status_of(const std::string& head, std::uint64_t max_body = 1000) {
    return parse_head(head, max_body).status;
}

struct Decoded {
    BodyReader::Status status;
    std::string body;
    std::size_t consumed;
};

Decoded decode(BodyFraming framing, std::uint64_t length, std::string_view wire, std::size_t step,
               std::size_t max_body = 1000) {
    BodyReader reader(framing, length, max_body);
    Decoded result{BodyReader::Status::NeedMore, {}, 0};
    for (std::size_t at = 0; at < wire.size(); at += step) {
        std::size_t used = 0;
        result.status = reader.feed(wire.substr(at, step), used, result.body);
        result.consumed += used;
        if (result.status != BodyReader::Status::NeedMore) {
            break;
        }
    }
    return result;
}

} // namespace

TEST_CASE("a request head is collected up to its blank line, in any split") {
    const std::string head = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string next = "GET /next HTTP/1.1\r\n";
    for (const std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{1000}}) {
        CAPTURE(step);
        HeadReader reader(limits);
        const auto [status, consumed] = read_head(reader, head + next, step);
        CHECK(status == HeadReader::Status::Complete);
        CHECK(reader.bytes() == head);
        CHECK(consumed <= head.size() + next.size());
    }
    // Empty lines before the request line are skipped.
    HeadReader reader(limits);
    CHECK(read_head(reader, "\r\n\r\n" + head, 1000).first == HeadReader::Status::Complete);
    CHECK(reader.bytes() == head);
}

TEST_CASE("a head past its limits is refused while it arrives: 414 and 431") {
    HeadReader long_target(limits);
    CHECK(read_head(long_target, "GET /" + std::string(300, 'a'), 7).first ==
          HeadReader::Status::UriTooLong);
    HeadReader long_field(limits);
    CHECK(read_head(long_field, "GET / HTTP/1.1\r\nX-Long: " + std::string(300, 'a'), 7).first ==
          HeadReader::Status::FieldsTooLarge);
    CHECK(long_field.bytes().size() <= 256 + 16);
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 9; ++i) {
        many += "X-" + std::to_string(i) + ": v\r\n";
    }
    HeadReader too_many(limits);
    CHECK(read_head(too_many, many, 1000).first == HeadReader::Status::FieldsTooLarge);
    std::string eight = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 8; ++i) {
        eight += "X-" + std::to_string(i) + ": v\r\n";
    }
    HeadReader just_enough(limits);
    CHECK(read_head(just_enough, eight + "\r\n", 1000).first == HeadReader::Status::Complete);
    std::string large = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 5; ++i) {
        large += "X-" + std::to_string(i) + ": " + std::string(200, 'v') + "\r\n";
    }
    HeadReader too_large(limits);
    CHECK(read_head(too_large, large, 1000).first == HeadReader::Status::FieldsTooLarge);
}

TEST_CASE("a complete head is parsed strictly: request line, fields, exactly one Host") {
    const ParsedHead ok = parse_head("POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                                     "Content-Type:  application/json \r\n\r\n",
                                     1000);
    REQUIRE(ok.status == 0);
    CHECK(ok.head.method == "POST");
    CHECK(ok.head.target == "/api/v1/session");
    CHECK(ok.head.field("content-type") == "application/json");
    CHECK(ok.head.framing == BodyFraming::None);
    CHECK_FALSE(ok.head.wants_close);

    CHECK(status_of("GET / HTTP/1.1\r\n\r\n") == 400);                       // no Host
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400); // two
    CHECK(status_of("GET / HTTP/1.0\r\n\r\n") == 0);                         // 1.0 may omit it
    CHECK(status_of("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") == 400);           // two spaces
    CHECK(status_of("GET / HTTP/1.1\nHost: x\n\n") == 400);                  // bare LF
    CHECK(status_of("GET / HTTP/1.1\r\nHost : x\r\n\r\n") == 400);           // space before :
    CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n") == 400); // obs-fold
    CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nX: a\x01"
                    "b\r\n\r\n") == 400); // control char
    CHECK(status_of("GET /\x7f HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/2.0\r\nHost: x\r\n\r\n") == 505);
    CHECK(status_of("GET / HTTX/1.1\r\nHost: x\r\n\r\n") == 400);
    CHECK(parse_head("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n", 10)
              .head.wants_close);
    CHECK(parse_head("GET / HTTP/1.0\r\n\r\n", 10).head.wants_close);
    CHECK_FALSE(
        parse_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 10).head.wants_close);
}

TEST_CASE("body framing: one Content-Length or chunked, never both, within the limit") {
    const std::string start = "POST /x HTTP/1.1\r\nHost: x\r\n";
    const ParsedHead length = parse_head(start + "Content-Length: 12\r\n\r\n", 1000);
    REQUIRE(length.status == 0);
    CHECK(length.head.framing == BodyFraming::Length);
    CHECK(length.head.content_length == 12);
    CHECK(status_of(start + "Content-Length: 12\r\nContent-Length: 12\r\n\r\n") == 0);
    CHECK(status_of(start + "Content-Length: 12, 12\r\n\r\n") == 0);
    CHECK(status_of(start + "Content-Length: 12\r\nContent-Length: 13\r\n\r\n") == 400);
    CHECK(status_of(start + "Content-Length: -1\r\n\r\n") == 400);
    CHECK(status_of(start + "Content-Length: 0x10\r\n\r\n") == 400);
    CHECK(status_of(start + "Content-Length: 1001\r\n\r\n") == 413);
    CHECK(status_of(start + "Content-Length: 99999999999999999999999\r\n\r\n") == 413);
    CHECK(status_of(start + "Content-Length: 1000\r\n\r\n") == 0);

    const ParsedHead chunked = parse_head(start + "Transfer-Encoding: Chunked\r\n\r\n", 1000);
    REQUIRE(chunked.status == 0);
    CHECK(chunked.head.framing == BodyFraming::Chunked);
    CHECK(status_of(start + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n") == 400);
    CHECK(status_of(start + "Transfer-Encoding: gzip, chunked\r\n\r\n") == 501);
    CHECK(status_of(start + "Transfer-Encoding: identity\r\n\r\n") == 501);
    CHECK(status_of("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);

    // httplib would inflate a compressed body without limit: refused before it is read.
    CHECK(status_of(start + "Content-Encoding: gzip\r\nContent-Length: 5\r\n\r\n") == 415);
    CHECK(status_of(start + "Content-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n") == 415);
    CHECK(status_of(start + "Content-Encoding: identity\r\nContent-Length: 5\r\n\r\n") == 0);
    CHECK(status_of(start + "Content-Encoding: gzip\r\nContent-Length: 0\r\n\r\n") == 0);

    const ParsedHead expect = parse_head(start + "Expect: 100-Continue\r\n\r\n", 1000);
    CHECK(expect.status == 0);
    CHECK(expect.head.expect_continue);
    CHECK(status_of(start + "Expect: something-else\r\n\r\n") == 417);
}

TEST_CASE("the head httplib sees has no framing or negotiation fields but the body's length") {
    const ParsedHead parsed =
        parse_head("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                   "Expect: 100-continue\r\nRange: bytes=0-1,0-1\r\nREMOTE_ADDR: 10.0.0.1\r\n"
                   "Accept-Language: en\r\n\r\n",
                   1000);
    REQUIRE(parsed.status == 0);
    CHECK(canonical_head(parsed.head, 42) ==
          "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
          "Content-Length: 42\r\n\r\n");
    const ParsedHead get = parse_head("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1000);
    CHECK(canonical_head(get.head, 0) == "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
}

TEST_CASE("an empty field reaches httplib as a marker naming it, never as the client's marker") {
    const ParsedHead parsed = parse_head("POST /x HTTP/1.1\r\nHost: x\r\nIdempotency-Key:\r\n"
                                         "Einblick-Empty-Field: Authorization\r\n"
                                         "X-Blank:   \r\n\r\n",
                                         1000);
    REQUIRE(parsed.status == 0);
    CHECK(canonical_head(parsed.head, 0) ==
          "POST /x HTTP/1.1\r\nHost: x\r\nEinblick-Empty-Field: Idempotency-Key\r\n"
          "Einblick-Empty-Field: X-Blank\r\n\r\n");
}

TEST_CASE("bodies are decoded by Content-Length and by chunks, in any split") {
    const std::string chunked =
        "5\r\nhello\r\n7;name=value\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (const std::size_t step :
         {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{1000}}) {
        CAPTURE(step);
        const Decoded body = decode(BodyFraming::Chunked, 0, chunked + "GET", step);
        CHECK(body.status == BodyReader::Status::Complete);
        CHECK(body.body == "hello, world");
        CHECK(body.consumed == chunked.size()); // the next request stays
        const Decoded length = decode(BodyFraming::Length, 5, "helloGET", step);
        CHECK(length.status == BodyReader::Status::Complete);
        CHECK(length.body == "hello");
        CHECK(length.consumed == 5);
    }
}

TEST_CASE("a chunked body is refused as soon as it passes the limit, and broken framing is 400") {
    // The second chunk's size alone passes the limit: refused before its data is read.
    const Decoded over =
        decode(BodyFraming::Chunked, 0, "3e8\r\n" + std::string(1000, 'a') + "\r\n1\r\n", 1000);
    CHECK(over.status == BodyReader::Status::TooLarge);
    CHECK(over.body.size() == 1000);
    CHECK(decode(BodyFraming::Chunked, 0, "fffffffffffffffffffff\r\n", 1000).status ==
          BodyReader::Status::TooLarge);
    // Many empty-looking chunks of framing around few bytes: the framing counts too.
    std::string padded;
    for (int i = 0; i < 200; ++i) {
        padded += "1;" + std::string(500, 'e') + "\r\na\r\n";
    }
    CHECK(decode(BodyFraming::Chunked, 0, padded, 4096).status == BodyReader::Status::TooLarge);

    CHECK(decode(BodyFraming::Chunked, 0, "x\r\n", 1).status == BodyReader::Status::Malformed);
    CHECK(decode(BodyFraming::Chunked, 0, "5\r\nhelloX\r\n", 1).status ==
          BodyReader::Status::Malformed);
    CHECK(decode(BodyFraming::Chunked, 0, "5\nhello\r\n", 1).status ==
          BodyReader::Status::Malformed);
    CHECK(decode(BodyFraming::Chunked, 0, "5 x\r\nhello\r\n", 1).status ==
          BodyReader::Status::Malformed);
    CHECK(decode(BodyFraming::Chunked, 0, std::string(2000, '0'), 100).status ==
          BodyReader::Status::Malformed);
}

TEST_CASE("a response closes its connection only by a Connection field that lists close") {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    CHECK(response_closes(status + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
    CHECK(response_closes(status + "connection:CLOSE\r\n\r\n"));
    CHECK(response_closes(status + "Connection: keep-alive, Close \r\nA: b\r\n\r\n"));
    CHECK(response_closes(status + "Connection: close")); // a head without its blank line yet

    CHECK_FALSE(response_closes(status + "Connection: keep-alive\r\n\r\n"));
    CHECK_FALSE(response_closes(status + "Connection: closed\r\n\r\n"));
    CHECK_FALSE(response_closes(status + "X-Connection: close\r\nVia: close\r\n\r\n"));
    CHECK_FALSE(response_closes("HTTP/1.1 200 Connection: close\r\n\r\n")); // the status line
    // The body is not read, even when it looks like a field.
    CHECK_FALSE(response_closes(status + "Content-Length: 19\r\n\r\nConnection: close\r\n"));
    CHECK_FALSE(response_closes(""));
}

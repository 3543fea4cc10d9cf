#include "einblick/server/http_wire.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace einblick::server::wire {
namespace {

// A chunk-size line with its extensions; real clients send a few hex digits.
constexpr std::size_t max_chunk_line_bytes = 1024;
// Trailer fields after the last chunk (read and dropped).
constexpr std::size_t max_trailer_bytes = 8 * 1024;
// Chunked framing around the data may be at most this much on top of the body limit.
constexpr std::uint64_t max_chunk_overhead_slack = 64 * 1024;

bool is_token_char(unsigned char c) {
    if (c >= '0' && c <= '9') {
        return true;
    }
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        return true;
    }
    constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    return specials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return is_token_char(static_cast<unsigned char>(c));
    });
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Calls `each` with every trimmed, non-empty element of a comma-separated field value.
template <typename F> void for_each_element(std::string_view value, F each) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        const std::string_view element = trim(value.substr(0, comma));
        if (!element.empty()) {
            each(element);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
}

// A field value may hold visible characters, spaces, tabs and obs-text, no other controls.
bool is_field_value(std::string_view value) {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

// The request target: visible ASCII only (browsers percent-encode everything else).
bool is_target(std::string_view target) {
    return !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
}

bool is_dropped_field(std::string_view name) {
    // Framing and negotiation the edge has handled, and the names httplib itself adds to a
    // request (a client must not shadow them).
    constexpr std::array<std::string_view, 11> dropped{
        "Content-Length", "Transfer-Encoding", "Expect",          "Range",
        "If-Range",       "Content-Encoding",  "REMOTE_ADDR",     "REMOTE_PORT",
        "LOCAL_ADDR",     "LOCAL_PORT",        empty_field_marker};
    return std::any_of(dropped.begin(), dropped.end(),
                       [name](std::string_view d) { return equals_ignoring_case(name, d); });
}

struct Framing {
    int status = 0;
    bool has_length = false;
    std::uint64_t length = 0;
    bool has_transfer_encoding = false;
};

// Content-Length: digits only; repeated values (in one field or several) must agree.
void read_content_length(std::string_view value, Framing& framing) {
    bool any = false;
    for_each_element(value, [&](std::string_view element) {
        any = true;
        if (!std::all_of(element.begin(), element.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
            framing.status = 400;
            return;
        }
        std::uint64_t length = 0;
        const auto result =
            std::from_chars(element.data(), element.data() + element.size(), length);
        if (result.ec == std::errc::result_out_of_range) {
            // Too many digits for 64 bits: a size far above any limit.
            length = std::numeric_limits<std::uint64_t>::max();
        }
        if (framing.has_length && framing.length != length) {
            framing.status = 400;
        }
        framing.has_length = true;
        framing.length = length;
    });
    if (!any) {
        framing.status = 400;
    }
}

int check_framing(ParsedHead& parsed, std::uint64_t max_body) {
    RequestHead& head = parsed.head;
    Framing framing;
    std::vector<std::string_view> codings;
    std::size_t hosts = 0;
    for (const HeaderField& field : head.fields) {
        if (equals_ignoring_case(field.name, "Content-Length")) {
            read_content_length(field.value, framing);
        } else if (equals_ignoring_case(field.name, "Transfer-Encoding")) {
            framing.has_transfer_encoding = true;
            for_each_element(field.value, [&](std::string_view c) { codings.push_back(c); });
        } else if (equals_ignoring_case(field.name, "Host")) {
            ++hosts;
        } else if (equals_ignoring_case(field.name, "Expect")) {
            if (!equals_ignoring_case(field.value, "100-continue")) {
                return 417;
            }
            head.expect_continue = true;
        } else if (equals_ignoring_case(field.name, "Connection")) {
            for_each_element(field.value, [&](std::string_view option) {
                if (equals_ignoring_case(option, "close")) {
                    head.wants_close = true;
                }
            });
        }
        if (framing.status != 0) {
            return framing.status;
        }
    }
    const bool http10 = head.version == "HTTP/1.0";
    if ((!http10 && hosts != 1) || hosts > 1) {
        return 400; // RFC 9112 3.2: exactly one Host in HTTP/1.1
    }
    if (http10) {
        const std::optional<std::string_view> connection = head.field("Connection");
        bool keep_alive = false;
        if (connection) {
            for_each_element(*connection, [&](std::string_view option) {
                keep_alive = keep_alive || equals_ignoring_case(option, "keep-alive");
            });
        }
        head.wants_close = head.wants_close || !keep_alive;
    }
    if (framing.has_transfer_encoding) {
        // Both framings at once is how requests are smuggled past proxies: refuse.
        if (framing.has_length || http10) {
            return 400;
        }
        if (codings.size() != 1 || !equals_ignoring_case(codings.front(), "chunked")) {
            return 501;
        }
        head.framing = BodyFraming::Chunked;
    } else if (framing.has_length) {
        head.framing = BodyFraming::Length;
        head.content_length = framing.length;
        if (framing.length > max_body) {
            return 413;
        }
    }
    const bool has_body = head.framing == BodyFraming::Chunked ||
                          (head.framing == BodyFraming::Length && head.content_length > 0);
    if (has_body) {
        if (const auto encoding = head.field("Content-Encoding");
            encoding && !equals_ignoring_case(trim(*encoding), "identity")) {
            return 415;
        }
    }
    return 0;
}

int parse_request_line(std::string_view line, RequestHead& head) {
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
        return 400;
    }
    head.method = line.substr(0, first);
    head.target = line.substr(first + 1, second - first - 1);
    head.version = line.substr(second + 1);
    if (!is_token(head.method) || !is_target(head.target)) {
        return 400;
    }
    if (head.version == "HTTP/1.1" || head.version == "HTTP/1.0") {
        return 0;
    }
    const std::string_view v = head.version;
    const bool http_version = v.size() == 8 && v.substr(0, 5) == "HTTP/" &&
                              std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
                              std::isdigit(static_cast<unsigned char>(v[7]));
    return http_version ? 505 : 400;
}

int parse_field(std::string_view line, RequestHead& head) {
    const auto colon = line.find(':');
    // No whitespace before the colon, no folded continuation lines (RFC 9112 5.1, 5.2).
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
        return 400;
    }
    const std::string_view value = trim(line.substr(colon + 1));
    if (!is_field_value(value)) {
        return 400;
    }
    head.fields.push_back({std::string(line.substr(0, colon)), std::string(value)});
    return 0;
}

} // namespace

HeadReader::Status HeadReader::feed(std::string_view data, std::size_t& consumed) {
    consumed = 0;
    while (consumed < data.size()) {
        const std::string_view rest = data.substr(consumed);
        const auto newline = rest.find('\n');
        const std::size_t take = newline == std::string_view::npos ? rest.size() : newline + 1;
        if (head_.size() - line_start_ + take > limits_.max_line_bytes) {
            return lines_ == 0 ? Status::UriTooLong : Status::FieldsTooLarge;
        }
        if (head_.size() + take > limits_.max_head_bytes) {
            return Status::FieldsTooLarge;
        }
        head_.append(rest.substr(0, take));
        consumed += take;
        if (newline == std::string_view::npos) {
            return Status::NeedMore;
        }
        const std::string_view line = std::string_view(head_).substr(line_start_);
        if (line == "\r\n" || line == "\n") {
            if (lines_ == 0) {
                // Empty lines before a request line are skipped (RFC 9112 2.2).
                reset();
                continue;
            }
            return Status::Complete;
        }
        if (++lines_ > limits_.max_fields + 1) {
            return Status::FieldsTooLarge;
        }
        line_start_ = head_.size();
    }
    return Status::NeedMore;
}

void HeadReader::reset() {
    // A large head's memory goes back; a small one's is reused by the next request.
    if (head_.capacity() > 4096) {
        std::string().swap(head_);
    }
    head_.clear();
    line_start_ = 0;
    lines_ = 0;
}

std::optional<std::string_view> RequestHead::field(std::string_view name) const {
    for (const HeaderField& f : fields) {
        if (equals_ignoring_case(f.name, name)) {
            return std::string_view(f.value);
        }
    }
    return std::nullopt;
}

ParsedHead parse_head(std::string_view head, std::uint64_t max_body) {
    ParsedHead parsed;
    bool first = true;
    while (!head.empty()) {
        const auto end = head.find("\r\n");
        if (end == std::string_view::npos) {
            parsed.status = 400; // a line ended by a bare LF
            return parsed;
        }
        const std::string_view line = head.substr(0, end);
        head.remove_prefix(end + 2);
        if (line.find_first_of("\r\n") != std::string_view::npos) {
            parsed.status = 400; // a bare CR or LF inside a line
            return parsed;
        }
        if (line.empty()) {
            break; // the blank line that ends the head
        }
        parsed.status =
            first ? parse_request_line(line, parsed.head) : parse_field(line, parsed.head);
        if (parsed.status != 0) {
            return parsed;
        }
        first = false;
    }
    if (first || !head.empty()) {
        parsed.status = 400;
        return parsed;
    }
    parsed.status = check_framing(parsed, max_body);
    return parsed;
}

std::string canonical_head(const RequestHead& head, std::size_t body_length) {
    std::string text;
    text.reserve(256);
    text.append(head.method).append(" ").append(head.target).append(" ").append(head.version);
    text.append("\r\n");
    for (const HeaderField& field : head.fields) {
        if (is_dropped_field(field.name)) {
            continue;
        }
        if (field.value.empty()) {
            text.append(empty_field_marker).append(": ").append(field.name).append("\r\n");
        } else {
            text.append(field.name).append(": ").append(field.value).append("\r\n");
        }
    }
    if (head.framing != BodyFraming::None) {
        text.append("Content-Length: ").append(std::to_string(body_length)).append("\r\n");
    }
    text.append("\r\n");
    return text;
}

BodyReader::BodyReader(BodyFraming framing, std::uint64_t content_length, std::size_t max_body)
    : framing_(framing), remaining_(framing == BodyFraming::Length ? content_length : 0),
      max_body_(max_body) {}

BodyReader::Status BodyReader::feed(std::string_view data, std::size_t& consumed,
                                    std::string& body) {
    consumed = 0;
    switch (framing_) {
    case BodyFraming::None:
        return Status::Complete;
    case BodyFraming::Length: {
        if (remaining_ > max_body_ - std::min<std::size_t>(body.size(), max_body_)) {
            return Status::TooLarge;
        }
        const auto take =
            static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size()));
        body.append(data.substr(0, take));
        consumed = take;
        remaining_ -= take;
        return remaining_ == 0 ? Status::Complete : Status::NeedMore;
    }
    case BodyFraming::Chunked:
        return chunked(data, consumed, body);
    }
    return Status::Malformed;
}

BodyReader::Status BodyReader::end_of_size_line(std::string& body) {
    // chunk-size [ chunk-ext ] CRLF, the size in hex.
    if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
        return Status::Malformed;
    }
    const std::string_view line = std::string_view(line_).substr(0, line_.size() - 2);
    std::uint64_t size = 0;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (end == line.data()) {
        return Status::Malformed;
    }
    if (error == std::errc::result_out_of_range) {
        return Status::TooLarge;
    }
    const std::string_view extension = trim(line.substr(end - line.data()));
    if ((!extension.empty() && extension.front() != ';') || !is_field_value(extension)) {
        return Status::Malformed;
    }
    line_.clear();
    if (size == 0) {
        step_ = Step::Trailer;
        return Status::NeedMore;
    }
    if (size > max_body_ - body.size()) {
        return Status::TooLarge; // refused before a byte of this chunk is read
    }
    remaining_ = size;
    step_ = Step::Data;
    return Status::NeedMore;
}

BodyReader::Status BodyReader::chunked(std::string_view data, std::size_t& consumed,
                                       std::string& body) {
    while (consumed < data.size() && step_ != Step::Done) {
        const std::string_view rest = data.substr(consumed);
        if (step_ == Step::Data) {
            const auto take =
                static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
            body.append(rest.substr(0, take));
            consumed += take;
            remaining_ -= take;
            if (remaining_ == 0) {
                step_ = Step::DataEnd;
            }
            continue;
        }
        // The other steps read lines: the size line, the CRLF after data, trailer fields.
        const auto newline = rest.find('\n');
        const std::size_t take = newline == std::string_view::npos ? rest.size() : newline + 1;
        line_.append(rest.substr(0, take));
        consumed += take;
        overhead_ += take;
        if (overhead_ > max_body_ + max_chunk_overhead_slack) {
            return Status::TooLarge;
        }
        if (step_ == Step::SizeLine && line_.size() > max_chunk_line_bytes) {
            return Status::Malformed;
        }
        if (step_ == Step::DataEnd && line_.size() > 2) {
            return Status::Malformed;
        }
        if (step_ == Step::Trailer && (trailer_bytes_ += take) > max_trailer_bytes) {
            return Status::Malformed;
        }
        if (newline == std::string_view::npos) {
            continue;
        }
        switch (step_) {
        case Step::SizeLine:
            if (const Status status = end_of_size_line(body); status != Status::NeedMore) {
                return status;
            }
            break;
        case Step::DataEnd:
            if (line_ != "\r\n") {
                return Status::Malformed;
            }
            line_.clear();
            step_ = Step::SizeLine;
            break;
        case Step::Trailer:
            if (line_ == "\r\n") {
                step_ = Step::Done;
            } else if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
                return Status::Malformed;
            }
            line_.clear();
            break;
        case Step::Data:
        case Step::Done:
            break;
        }
    }
    return step_ == Step::Done ? Status::Complete : Status::NeedMore;
}

bool response_closes(std::string_view response) {
    const std::size_t head_end = response.find("\r\n\r\n");
    std::string_view fields = response.substr(0, head_end);
    bool closes = false;
    // The status line comes first; every field after it starts on a line of its own.
    for (std::size_t line = fields.find("\r\n"); line != std::string_view::npos && !closes;) {
        fields.remove_prefix(line + 2);
        line = fields.find("\r\n");
        const std::string_view field = fields.substr(0, line);
        const std::size_t colon = field.find(':');
        if (colon != std::string_view::npos &&
            equals_ignoring_case(field.substr(0, colon), "Connection")) {
            for_each_element(field.substr(colon + 1), [&](std::string_view option) {
                closes = closes || equals_ignoring_case(option, "close");
            });
        }
    }
    return closes;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

} // namespace einblick::server::wire

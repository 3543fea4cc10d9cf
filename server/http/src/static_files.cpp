#include "static_files.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/route_table.hpp"
#include "problem_response.hpp"

#include <array>
#include <chrono>
#include <fstream>
#include <httplib.h>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace einblick::server {
namespace fs = std::filesystem;
namespace {

struct MediaType {
    std::string_view extension;
    std::string_view type;
};

constexpr std::array media_types{
    MediaType{".html", "text/html; charset=utf-8"},
    MediaType{".js", "text/javascript; charset=utf-8"},
    MediaType{".css", "text/css; charset=utf-8"},
    MediaType{".wasm", "application/wasm"},
    MediaType{".data", "application/octet-stream"},
    MediaType{".json", "application/json; charset=utf-8"},
    MediaType{".svg", "image/svg+xml"},
    MediaType{".png", "image/png"},
    MediaType{".ico", "image/x-icon"},
    MediaType{".txt", "text/plain; charset=utf-8"},
};

std::string media_type_of(const fs::path& file) {
    const std::string extension = file.extension().string();
    for (const MediaType& media : media_types) {
        if (media.extension == extension) {
            return std::string(media.type);
        }
    }
    return "application/octet-stream";
}

// The file a URL path names inside the root, or nothing for anything that could leave it
// (.., backslashes, NUL) or is not a regular file. "/" is index.html.
std::optional<fs::path> file_for(const fs::path& root, const std::string& url_path) {
    if (url_path.empty() || url_path.front() != '/' ||
        url_path.find_first_of(std::string_view("\\\0", 2)) != std::string::npos) {
        return std::nullopt;
    }
    const std::string relative = url_path == "/" ? "index.html" : url_path.substr(1);
    const fs::path candidate = fs::path(relative).lexically_normal();
    if (candidate.empty() || candidate.is_absolute() || *candidate.begin() == "..") {
        return std::nullopt;
    }
    for (const fs::path& part : candidate) {
        if (part == ".." || (!part.empty() && part.string().front() == '.')) {
            return std::nullopt; // no parent steps, no hidden files (.git, .env)
        }
    }
    std::error_code error;
    const fs::path file = root / candidate;
    if (!fs::is_regular_file(file, error)) {
        return std::nullopt;
    }
    return file;
}

// Whether the Accept-Encoding header accepts `coding` (a listed token without q=0).
bool accepts(const std::string& header, std::string_view coding) {
    std::string_view rest = header;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const std::size_t semicolon = item.find(';');
        std::string_view token = item.substr(0, semicolon);
        while (!token.empty() && token.front() == ' ') {
            token.remove_prefix(1);
        }
        while (!token.empty() && token.back() == ' ') {
            token.remove_suffix(1);
        }
        if (token != coding) {
            continue;
        }
        if (semicolon == std::string_view::npos) {
            return true;
        }
        std::string parameters(item.substr(semicolon + 1));
        std::erase(parameters, ' ');
        return parameters.rfind("q=0", 0) != 0 ||
               parameters.find_first_of("123456789") != std::string::npos;
    }
    return false;
}

struct Representation {
    fs::path file;
    std::string encoding; // "", "br" or "gzip"
};

// The file's bytes, or nothing when it cannot be read to its end.
std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) {
        return std::nullopt;
    }
    return content;
}

// Whether the compressed copies beside `file` were made from these very bytes: the build
// writes the SHA-256 of what it compressed to "<file>.sha256". File times cannot say it: a
// copy, an unpacked archive or a checkout gives the old copies new times as easily.
bool copies_match(const fs::path& file, const std::string& content) {
    fs::path recorded = file;
    recorded += ".sha256";
    std::error_code error;
    if (!fs::is_regular_file(recorded, error)) {
        return false;
    }
    const std::optional<std::string> hash = read_file(recorded);
    return hash && hash->substr(0, 64) == to_hex(sha256(content)); // "<hex>" or "<hex>  <name>"
}

// The best copy the client accepts: brotli, then gzip, then the file itself. Compressed copies
// count only when they were made from the file as it is now.
Representation choose(const fs::path& file, const std::string& content,
                      const std::string& accept_encoding) {
    const bool wants_br = accepts(accept_encoding, "br");
    const bool wants_gzip = accepts(accept_encoding, "gzip");
    if ((!wants_br && !wants_gzip) || !copies_match(file, content)) {
        return {file, ""};
    }
    for (const auto& [suffix, coding] : {std::pair{".br", "br"}, std::pair{".gz", "gzip"}}) {
        fs::path copy = file;
        copy += suffix;
        std::error_code error;
        if ((coding == std::string_view("br") ? wants_br : wants_gzip) &&
            fs::is_regular_file(copy, error)) {
            return {copy, coding};
        }
    }
    return {file, ""};
}

std::string entity_tag(const fs::path& file, std::uintmax_t size, const std::string& encoding) {
    std::error_code error;
    const auto modified = fs::last_write_time(file, error).time_since_epoch();
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(modified).count();
    return "\"" + std::to_string(size) + "-" + std::to_string(nanos) +
           (encoding.empty() ? "" : "-" + encoding) + "\"";
}

bool matches(const std::string& if_none_match, const std::string& tag) {
    return if_none_match == "*" || if_none_match.find(tag) != std::string::npos;
}

void serve(const fs::path& root, const httplib::Request& request, httplib::Response& response) {
    const bool api_path =
        request.path.rfind("/api/", 0) == 0 || request.path.rfind("/health/", 0) == 0;
    const std::optional<fs::path> file = api_path ? std::nullopt : file_for(root, request.path);
    if (!file) {
        write_problem(request, response, problem_for_status(404));
        return;
    }
    std::optional<std::string> content = read_file(*file);
    if (!content) {
        write_problem(request, response, problem_for_status(500));
        return;
    }
    Representation chosen = choose(*file, *content, request.get_header_value("Accept-Encoding"));
    if (!chosen.encoding.empty()) {
        std::optional<std::string> compressed = read_file(chosen.file);
        if (compressed) {
            content = std::move(compressed);
        } else {
            chosen = {*file, ""}; // the plain file is as good, if bigger
        }
    }
    const auto body = std::make_shared<std::string>(std::move(*content));
    const std::string tag = entity_tag(chosen.file, body->size(), chosen.encoding);
    response.set_header("ETag", tag);
    response.set_header("Vary", "Accept-Encoding");
    if (matches(request.get_header_value("If-None-Match"), tag)) {
        response.status = 304;
        return;
    }
    if (!chosen.encoding.empty()) {
        response.set_header("Content-Encoding", chosen.encoding);
    }
    // A provider with a known length: httplib sends it as it is, without compressing again.
    const std::size_t length = body->size();
    response.set_content_provider(
        length, media_type_of(*file),
        [body](std::size_t offset, std::size_t size, httplib::DataSink& sink) {
            return sink.write(body->data() + offset, std::min(size, body->size() - offset));
        });
}

} // namespace

void register_static_files(RouteTable& routes, const fs::path& root) {
    std::error_code error;
    if (!fs::is_directory(root, error)) {
        throw std::runtime_error("web root '" + root.string() + "' is not a directory");
    }
    routes.get_everything_else(
        [root](const httplib::Request& request, httplib::Response& response) {
            serve(root, request, response);
        });
}

} // namespace einblick::server

#include "einblick/server/route_table.hpp"

#include "einblick/server/request_log.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace einblick::server {

std::string path_pattern(const std::string& path_template) {
    // Characters with a meaning in ECMAScript regular expressions (std::regex's default).
    constexpr std::string_view special = R"(\^$.|?*+()[]{})";
    std::string pattern;
    for (std::size_t i = 0; i < path_template.size(); ++i) {
        const char c = path_template[i];
        if (c == '{') {
            const auto close = path_template.find('}', i);
            if (close == std::string::npos || close == i + 1) {
                throw std::logic_error("route template with a bad parameter: " + path_template);
            }
            pattern += "([^/]+)";
            i = close;
        } else {
            if (special.find(c) != std::string_view::npos) {
                pattern += '\\';
            }
            pattern += c;
        }
    }
    return pattern;
}

const RegisteredRoute& RouteTable::add(const char* method, const std::string& path, bool prompt) {
    record_.push_back({method, path, path_pattern(path), prompt});
    return record_.back();
}

namespace {

// Tells the request's context which route took it: the log and the metrics name the template,
// never the path, which may carry identifiers.
httplib::Server::Handler recording_route(const std::string& path,
                                         httplib::Server::Handler handler) {
    return [path, handler = std::move(handler)](const httplib::Request& request,
                                                httplib::Response& response) {
        if (RequestContext* context = current_request()) {
            context->route = path;
        }
        handler(request, response);
    };
}

// A handler that gets the body unparsed (see read_unparsed_body).
httplib::Server::HandlerWithContentReader with_unparsed_body(httplib::Server::Handler handler) {
    return
        [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response,
                                       const httplib::ContentReader& read) {
            if (read_unparsed_body(request, response, read)) {
                handler(request, response);
            }
        };
}

} // namespace

void RouteTable::get(const std::string& path, httplib::Server::Handler handler) {
    server_.Get(add("GET", path).pattern, recording_route(path, std::move(handler)));
}

bool read_unparsed_body(const httplib::Request& request, httplib::Response& response,
                        const httplib::ContentReader& read) {
    // httplib hands content-reader handlers its own Request, which it owns as a non-const
    // object, and leaves `body` for the handler to fill. Its reader chooses the multipart
    // parser from the Content-Type header at the moment it reads, so the header is hidden for
    // that moment and restored at once.
    auto& mutable_request = const_cast<httplib::Request&>(request);
    const auto content_type = mutable_request.headers.find("Content-Type");
    std::string hidden_type;
    if (content_type != mutable_request.headers.end()) {
        hidden_type = std::exchange(content_type->second, std::string());
    }
    std::string body;
    const bool complete = read([&body](const char* data, std::size_t length) {
        body.append(data, length);
        return true;
    });
    if (content_type != mutable_request.headers.end()) {
        content_type->second = std::move(hidden_type);
    }
    if (!complete) {
        if (response.status < 400) {
            response.status = 400;
        }
        return false;
    }
    mutable_request.body = std::move(body);
    return true;
}

void RouteTable::post(const std::string& path, httplib::Server::Handler handler) {
    add_post(path, std::move(handler), false);
}

void RouteTable::post_prompt(const std::string& path, httplib::Server::Handler handler) {
    if (path.find('{') != std::string::npos) {
        throw std::logic_error("a prompt route with a parameter: " + path);
    }
    add_post(path, std::move(handler), true);
}

void RouteTable::add_post(const std::string& path, httplib::Server::Handler handler, bool prompt) {
    server_.Post(add("POST", path, prompt).pattern,
                 with_unparsed_body(recording_route(path, std::move(handler))));
}

void RouteTable::del(const std::string& path, httplib::Server::Handler handler) {
    server_.Delete(add("DELETE", path).pattern,
                   with_unparsed_body(recording_route(path, std::move(handler))));
}

void RouteTable::get_everything_else(httplib::Server::Handler handler) {
    record_.push_back({"GET", static_files_path, "/.*", false});
    server_.Get(record_.back().pattern, recording_route(static_files_path, std::move(handler)));
}

} // namespace einblick::server

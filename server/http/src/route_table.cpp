#include "route_table.hpp"

#include <stdexcept>
#include <string_view>

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

const RegisteredRoute& RouteTable::add(const char* method, const std::string& path) {
    record_.push_back({method, path, path_pattern(path)});
    return record_.back();
}

void RouteTable::get(const std::string& path, httplib::Server::Handler handler) {
    server_.Get(add("GET", path).pattern, std::move(handler));
}

void RouteTable::post(const std::string& path, httplib::Server::Handler handler) {
    server_.Post(add("POST", path).pattern, std::move(handler));
}

void RouteTable::del(const std::string& path, httplib::Server::Handler handler) {
    server_.Delete(add("DELETE", path).pattern, std::move(handler));
}

void RouteTable::get_everything_else(httplib::Server::Handler handler) {
    record_.push_back({"GET", static_files_path, "/.*"});
    server_.Get(record_.back().pattern, std::move(handler));
}

} // namespace einblick::server

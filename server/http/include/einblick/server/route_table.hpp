#pragma once
// Every route is registered through this table, which records it (method and path template)
// before handing it to httplib. So the server can say which routes it answers
// (ApiServer::registered_routes): tests take their coverage from it instead of from hand-typed
// lists, and compare it with docs/openapi.yaml.

#include "einblick/server/api_server.hpp"

#include <httplib.h>
#include <string>
#include <vector>

namespace einblick::server {

class RouteTable {
public:
    RouteTable(httplib::Server& server, std::vector<RegisteredRoute>& record)
        : server_(server), record_(record) {}

    // `path` is written as in docs/openapi.yaml: "{name}" stands for one non-empty path
    // segment, which the handler reads as request.matches[1], [2], … in order; every other
    // character matches itself. Throws std::logic_error for an unclosed or empty "{}".
    //
    // POST and DELETE handlers get the body as the bytes sent, whatever the Content-Type says
    // (read_unparsed_body): the routes decide what they accept (parse_json_object answers 415
    // for anything but JSON), never httplib's own multipart/form-data parser.
    void get(const std::string& path, httplib::Server::Handler handler);
    void post(const std::string& path, httplib::Server::Handler handler);
    // A POST someone waits on before acting (the access check): its worker is scheduled as for
    // a read (RegisteredRoute::prompt). Only for paths without parameters, which the edge
    // compares as they are; throws std::logic_error for one with a "{}".
    void post_prompt(const std::string& path, httplib::Server::Handler handler);
    void del(const std::string& path, httplib::Server::Handler handler);
    // GET for every path no route registered before it takes (the browser client's files);
    // recorded with the path `static_files_path`.
    void get_everything_else(httplib::Server::Handler handler);

private:
    const RegisteredRoute& add(const char* method, const std::string& path, bool prompt = false);
    void add_post(const std::string& path, httplib::Server::Handler handler, bool prompt);

    httplib::Server& server_;
    std::vector<RegisteredRoute>& record_;
};

// The regular expression httplib matches a whole request path against for a path template.
std::string path_pattern(const std::string& path_template);

// Reads the request body through `read` into request.body as plain bytes. httplib runs its
// multipart/form-data parser on any body whose Content-Type starts with that type: it
// answered a body it could not parse with its own 400 before any route ran, and without a
// boundary left the body unread on the connection, to be taken for the next request. False
// when the body could not be read (response.status then says why: 400, or 413 when too large).
bool read_unparsed_body(const httplib::Request& request, httplib::Response& response,
                        const httplib::ContentReader& read);

} // namespace einblick::server

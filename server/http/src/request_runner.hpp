#pragma once
// cpp-httplib's request parser, routing, handlers and response writer, run over one request
// that the edge has already read completely, with the response collected in memory. httplib
// never touches a socket here: the edge owns every one of them.

#include <httplib.h>
#include <string>

namespace einblick::server {

struct PeerAddress {
    std::string remote_ip;
    int remote_port = -1;
    std::string local_ip;
    int local_port = -1;
};

// One complete request: the canonical head (wire::canonical_head) followed by the decoded body.
struct EdgeRequest {
    std::string wire;
    PeerAddress peer;
    bool must_close = false; // the last request on its connection: answer "Connection: close"
};

struct EdgeResponse {
    std::string bytes;  // status line, headers and body as httplib wrote them
    bool close = false; // the connection ends after this response
};

class RequestRunner : public httplib::Server {
public:
    RequestRunner();
    // Thread-safe, as httplib's own workers call process_request concurrently.
    EdgeResponse run(const EdgeRequest& request);
};

} // namespace einblick::server

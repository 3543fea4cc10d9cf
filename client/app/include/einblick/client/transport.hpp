#pragma once
// The one seam between the client's logic and the network. The browser implementation uses
// emscripten_fetch (client/platform/); tests use a fake that answers when the test says so.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client {

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpRequest {
    std::string method; // "GET", "POST", "DELETE"
    std::string path;   // same-origin path with query, e.g. "/api/v1/session"
    std::string body;   // JSON; empty means no body
    // Extra request headers beyond Accept and Content-Type, e.g. If-Match: "3".
    std::vector<HttpHeader> headers = {};

    // The value of a header (names compared as written), empty when absent.
    std::string header(const std::string& name) const {
        for (const HttpHeader& h : headers) {
            if (h.name == name) {
                return h.value;
            }
        }
        return {};
    }
};

struct HttpResponse {
    int status = 0; // 0: no HTTP answer at all (network failure, timeout)
    std::string content_type;
    std::string body;
};

class Transport {
public:
    using Completion = std::function<void(HttpResponse)>;

    virtual ~Transport() = default;
    // Starts the request and returns at once. `done` is called exactly once on the thread that
    // runs the frame loop (the browser's main thread): normally later, but possibly before
    // send() returns if the request cannot start. `done` must therefore only record the result
    // (App posts it to its ResultQueue), never change state itself.
    virtual void send(HttpRequest request, Completion done) = 0;
};

} // namespace einblick::client

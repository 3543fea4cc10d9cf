#include "fetch_transport.hpp"

#include <cstring>
#include <emscripten/fetch.h>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client::platform {
namespace {

// Owned by the fetch from emscripten_fetch() until its single completion callback.
struct PendingFetch {
    HttpRequest request;
    Transport::Completion done;
};

std::string content_type_of(emscripten_fetch_t* fetch) {
    const std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
    if (length == 0) {
        return {};
    }
    std::string headers(length + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
    // Header names arrive lower-case from XMLHttpRequest.getAllResponseHeaders().
    const std::string key = "content-type:";
    const auto start = headers.find(key);
    if (start == std::string::npos) {
        return {};
    }
    auto value_start = headers.find_first_not_of(' ', start + key.size());
    const auto end = headers.find_first_of("\r\n", value_start);
    return headers.substr(value_start,
                          end == std::string::npos ? std::string::npos : end - value_start);
}

// Called for success and failure alike: 4xx/5xx answers keep their problem+json body.
void on_fetch_done(emscripten_fetch_t* fetch) {
    std::unique_ptr<PendingFetch> pending(static_cast<PendingFetch*>(fetch->userData));
    HttpResponse response;
    response.status = fetch->status;
    if (fetch->data != nullptr && fetch->numBytes > 0) {
        response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    }
    if (response.status != 0) {
        response.content_type = content_type_of(fetch);
    }
    emscripten_fetch_close(fetch);
    pending->done(std::move(response));
}

} // namespace

void FetchTransport::send(HttpRequest request, Completion done) {
    auto pending =
        std::make_unique<PendingFetch>(PendingFetch{std::move(request), std::move(done)});
    const HttpRequest& req = pending->request;

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, req.method.c_str(), sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.timeoutMSecs = timeout_ms;
    // emscripten_fetch reads the headers only while starting the request; `req` (owned by
    // `pending`) keeps the request's own header strings (If-Match) alive until then.
    std::vector<const char*> headers = {"Accept", "application/json, application/problem+json"};
    if (!req.body.empty()) {
        headers.push_back("Content-Type");
        headers.push_back("application/json");
    }
    for (const HttpHeader& header : req.headers) {
        headers.push_back(header.name.c_str());
        headers.push_back(header.value.c_str());
    }
    headers.push_back(nullptr);
    attr.requestHeaders = headers.data();
    if (!req.body.empty()) {
        attr.requestData = req.body.data();
        attr.requestDataSize = req.body.size();
    }
    attr.onsuccess = on_fetch_done;
    attr.onerror = on_fetch_done;
    attr.userData = pending.get();
    // The fetch owns `pending` from here on; on_fetch_done deletes it.
    const std::string url = req.path;
    if (emscripten_fetch(&attr, url.c_str()) != nullptr) {
        pending.release();
        return;
    }
    // Could not even start: report it like any other network failure.
    pending->done(HttpResponse{});
}

} // namespace einblick::client::platform

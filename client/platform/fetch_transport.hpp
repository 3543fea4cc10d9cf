#pragma once
// Transport over Emscripten's asynchronous emscripten_fetch (XMLHttpRequest underneath).
// Same-origin requests only, so the browser sends the HttpOnly session cookie by itself.

#include "einblick/client/transport.hpp"

namespace einblick::client::platform {

class FetchTransport final : public Transport {
public:
    // Requests that get no answer within this time count as a network failure.
    static constexpr unsigned long timeout_ms = 20'000;

    void send(HttpRequest request, Completion done) override;
};

} // namespace einblick::client::platform

#pragma once
// Glue between state, update functions, the API client and the result queue. The platform's
// frame loop calls begin_frame() first, lets the views draw from state(), then hands the
// views' intents to dispatch().

#include "einblick/client/api_client.hpp"
#include "einblick/client/app_state.hpp"
#include "einblick/client/messages.hpp"
#include "einblick/client/result_queue.hpp"
#include "einblick/client/transport.hpp"
#include "einblick/client/update.hpp"

#include <functional>
#include <string>

namespace einblick::client {

// The system clock as UTC milliseconds.
UnixMillis system_now();

class App {
public:
    using Clock = std::function<UnixMillis()>;
    // Downloads a same-origin URL (the export) in the platform's way; the default does nothing.
    using DownloadHandler = std::function<void(const std::string& url)>;

    explicit App(Transport& transport, Clock clock = system_now)
        : api_(transport), clock_(std::move(clock)) {}
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    void set_download_handler(DownloadHandler handler) { download_ = std::move(handler); }

    void start();
    // Applies every network result that arrived since the last frame.
    void begin_frame();
    void dispatch(const Intent& intent);

    const AppState& state() const { return state_; }
    // Mutable for views that edit text fields in place (ImGui's model).
    AppState& state() { return state_; }
    std::size_t pending_results() const { return queue_.size(); }

private:
    void execute(const Commands& commands);
    void execute(const Command& command);

    AppState state_;
    ResultQueue<QueuedMessage> queue_;
    ApiClient api_;
    Clock clock_;
    DownloadHandler download_;
};

} // namespace einblick::client

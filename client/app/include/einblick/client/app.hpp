#pragma once
// Glue between state, update functions, the API client and the result queue. The platform's
// frame loop calls begin_frame() first, lets the views draw from state(), then hands the
// views' intents to dispatch().

#include "einblick/client/api_client.hpp"
#include "einblick/client/app_state.hpp"
#include "einblick/client/log_crypto.hpp"
#include "einblick/client/messages.hpp"
#include "einblick/client/result_queue.hpp"
#include "einblick/client/route.hpp"
#include "einblick/client/transport.hpp"
#include "einblick/client/update.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace einblick::client {

// The system clock as UTC milliseconds.
UnixMillis system_now();

class App {
public:
    using Clock = std::function<UnixMillis()>;
    // Downloads a same-origin URL (the export) in the platform's way; the default does nothing.
    using DownloadHandler = std::function<void(const std::string& url)>;
    // Puts a location fragment ("#/zugriffe/17", "" for none) into the browser's address and
    // history: a new entry (Push) or the current one changed (Replace).
    using LocationHandler = std::function<void(const std::string& fragment, HistoryEntry entry)>;

    explicit App(Transport& transport, Clock clock = system_now)
        : api_(transport), clock_(std::move(clock)) {}
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    void set_download_handler(DownloadHandler handler) { download_ = std::move(handler); }
    void set_location_handler(LocationHandler handler) { location_ = std::move(handler); }
    // The browser's own check of the log; without these the entries stay unchecked.
    void set_log_checks(LogCrypto* crypto, CheckpointStore* store) {
        log_crypto_ = crypto;
        checkpoints_ = store;
    }

    void start();
    // Applies every network result that arrived since the last frame.
    void begin_frame();
    void dispatch(const Intent& intent);
    // The browser's location fragment at start, after Back or Forward, or edited by hand. What
    // the state makes of it replaces it in the address when they differ (unknown parameters
    // dropped, a page the role lacks), and becomes the route later changes are compared with.
    void apply_location(std::string_view fragment);

    const AppState& state() const { return state_; }
    // Mutable for views that edit text fields in place (ImGui's model).
    AppState& state() { return state_; }
    std::size_t pending_results() const { return queue_.size(); }

private:
    void execute(const Commands& commands);
    void execute(const Command& command);
    // After every change: the state's route against the last one, told to the platform. Only
    // what the person did makes a new entry; answers from the network correct the current one.
    void follow_route(bool person_acted);

    AppState state_;
    ResultQueue<QueuedMessage> queue_;
    ApiClient api_;
    Clock clock_;
    DownloadHandler download_;
    LocationHandler location_;
    LogCrypto* log_crypto_ = nullptr;
    CheckpointStore* checkpoints_ = nullptr;
    Route last_route_;
    bool last_on_dashboard_ = false;
};

} // namespace einblick::client

#include "einblick/client/app.hpp"

#include "einblick/client/update.hpp"

#include <type_traits>
#include <utility>
#include <variant>

namespace einblick::client {

void App::start() {
    execute(einblick::client::start(state_));
}

void App::begin_frame() {
    for (QueuedMessage& queued : queue_.drain()) {
        execute(on_message(state_, queued.epoch, queued.message));
    }
}

void App::dispatch(const Intent& intent) {
    execute(on_intent(state_, intent));
}

void App::execute(const Commands& commands) {
    for (const Command& command : commands) {
        execute(command);
    }
}

// Each callback only posts to the queue: the transport may call it at any time between
// frames, and state must change only in begin_frame().
void App::execute(const Command& command) {
    const std::uint64_t epoch = state_.session_epoch;
    auto post = [this, epoch](auto message) {
        queue_.post(QueuedMessage{epoch, ApiMessage{std::move(message)}});
    };
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, command::RestoreSession>) {
                api_.restore_session([post](Result<api::SessionInfo> r) {
                    post(message::SessionRestored{std::move(r)});
                });
            } else if constexpr (std::is_same_v<C, command::Login>) {
                api_.login(c.request, [post](Result<api::SessionInfo> r) {
                    post(message::LoginFinished{std::move(r)});
                });
            } else if constexpr (std::is_same_v<C, command::LoadEvents>) {
                const bool first_page = !c.cursor.has_value();
                api_.fetch_access_events(c.cursor, ApiClient::default_page_size,
                                         [post, first_page](Result<api::AccessEventPage> r) {
                                             post(message::EventsLoaded{std::move(r), first_page});
                                         });
            } else {
                static_assert(std::is_same_v<C, command::Logout>);
                api_.logout([post](Result<Done> r) { post(message::LoggedOut{std::move(r)}); });
            }
        },
        command);
}

} // namespace einblick::client

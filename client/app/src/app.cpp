#include "einblick/client/app.hpp"

#include "app_commands.hpp"
#include "einblick/client/log_verifier.hpp"
#include "einblick/client/update.hpp"

#include <chrono>
#include <type_traits>
#include <utility>
#include <variant>

namespace einblick::client {

UnixMillis system_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void App::start() {
    state_.now = clock_();
    execute(einblick::client::start(state_));
}

void App::begin_frame() {
    state_.now = clock_();
    for (QueuedMessage& queued : queue_.drain()) {
        execute(on_message(state_, queued.epoch, queued.message));
    }
    follow_route(false);
}

void App::dispatch(const Intent& intent) {
    state_.now = clock_();
    execute(on_intent(state_, intent));
    follow_route(true);
}

void App::apply_location(std::string_view fragment) {
    state_.now = clock_();
    execute(on_intent(state_, intent::ApplyRoute{parse_route(fragment)}));
    last_route_ = route_of(state_);
    last_on_dashboard_ = state_.screen == Screen::Dashboard;
    const std::string shown = format_route(last_route_);
    const bool bare = fragment.empty() || fragment == "#" || fragment == "#/";
    if (shown != fragment && !(bare && shown.empty()) && location_) {
        location_(shown, HistoryEntry::Replace);
    }
}

void App::follow_route(bool person_acted) {
    Route route = route_of(state_);
    const bool on_dashboard = state_.screen == Screen::Dashboard;
    HistoryEntry entry = history_entry(last_route_, last_on_dashboard_, route, on_dashboard);
    if (entry == HistoryEntry::Push && !person_acted) {
        entry = HistoryEntry::Replace; // e.g. a linked access that turned out not to exist
    }
    last_route_ = std::move(route);
    last_on_dashboard_ = on_dashboard;
    if (entry != HistoryEntry::None && location_) {
        location_(format_route(last_route_), entry);
    }
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
    const detail::Post post = [this, epoch](ApiMessage message) {
        queue_.post(QueuedMessage{epoch, std::move(message)});
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
                api_.fetch_access_events(
                    c.query, c.cursor, api::limits::history_page_size_default,
                    [post, first_page, query = c.query](Result<api::AccessEventPage> r) {
                        post(message::EventsLoaded{std::move(r), first_page, query});
                    });
            } else if constexpr (std::is_same_v<C, command::Logout>) {
                api_.logout([post](Result<Done> r) { post(message::LoggedOut{std::move(r)}); });
            } else if constexpr (std::is_same_v<C, command::LoadPurposes>) {
                api_.fetch_purposes([post](Result<api::ItemList<api::Purpose>> r) {
                    post(message::PurposesLoaded{std::move(r)});
                });
            } else if constexpr (std::is_same_v<C, command::LoadVocabulary>) {
                api_.fetch_vocabulary([post](Result<api::Vocabulary> r) {
                    post(message::VocabularyLoaded{std::move(r)});
                });
            } else if constexpr (std::is_same_v<C, command::VerifyLog>) {
                if (log_crypto_ != nullptr && checkpoints_ != nullptr) {
                    verify_log_entries(
                        api_, *log_crypto_, *checkpoints_, c.events,
                        [post](LogVerification result) {
                            post(message::LogVerified{
                                Result<LogVerification>::success(std::move(result))});
                        });
                }
            } else if constexpr (std::is_same_v<C, command::OpenDownload>) {
                if (download_) {
                    download_(c.url);
                }
            } else {
                detail::run(api_, c, post);
            }
        },
        command);
}

} // namespace einblick::client

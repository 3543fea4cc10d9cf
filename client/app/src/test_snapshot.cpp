#include "einblick/client/test_snapshot.hpp"

#include "einblick/client/route.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace einblick::client {
namespace {

const char* screen_name(Screen screen) {
    switch (screen) {
    case Screen::Starting:
        return "starting";
    case Screen::Login:
        return "login";
    case Screen::Dashboard:
        return "dashboard"; // which page: "page"
    }
    return "unknown";
}

const char* log_status_name(LogStatus status) {
    switch (status) {
    case LogStatus::Checking:
        return "checking";
    case LogStatus::Verified:
        return "verified";
    case LogStatus::Unavailable:
        return "unavailable";
    case LogStatus::SignatureInvalid:
        return "signature_invalid";
    case LogStatus::KeyChanged:
        return "key_changed";
    case LogStatus::Forked:
        return "forked";
    case LogStatus::RolledBack:
        return "rolled_back";
    }
    return "unknown";
}

// The browser's own check of the shown rows: counts by result, and the last check's duration.
nlohmann::json log_summary(const HistoryState& history) {
    int verified = 0;
    int not_confirmed = 0;
    nlohmann::json rows_not_confirmed = nlohmann::json::array();
    for (const EventRow& row : history.rows) {
        const auto found = history.trust.entries.find(row.id);
        if (found == history.trust.entries.end()) {
            continue;
        }
        if (found->second == EntryTrust::Verified) {
            ++verified;
        } else {
            ++not_confirmed;
            rows_not_confirmed.push_back(row.id);
        }
    }
    return {{"status", log_status_name(history.trust.status)},
            {"pending", history.trust.pending},
            {"verified", verified},
            {"not_confirmed", not_confirmed},
            {"not_confirmed_ids", rows_not_confirmed},
            {"tree_size", history.trust.tree_size},
            {"remembered_size", history.trust.remembered_size},
            {"witnesses", history.trust.witnesses},
            {"witnessed_size", history.trust.witnessed_size},
            {"witness_fork", history.trust.witness_fork},
            {"widest_count", history.trust.widest_count},
            {"widest_ms", history.trust.widest_milliseconds}};
}

nlohmann::json optional_text(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

} // namespace

std::string test_snapshot_json(const AppState& state) {
    using nlohmann::json;
    const HistoryState& history = state.history;
    const bool on_history = state.screen == Screen::Dashboard;
    json out = {
        {"screen", screen_name(state.screen)},
        {"loading",
         state.screen == Screen::Starting || state.login.submitting ||
             (on_history && (history.phase == LoadPhase::Loading || history.loading_more))},
        {"error", optional_text(on_history ? history.error : state.login.error)},
        {"notice", optional_text(state.login.notice)},
        {"rows", history.rows.size()},
        {"late_rows", std::count_if(history.rows.begin(), history.rows.end(),
                                    [](const EventRow& r) { return !r.reported_late_at.empty(); })},
        {"has_more", history.next_cursor.has_value()},
        {"first_row", nullptr},
        {"user", state.session ? json(state.session->display_name) : json(nullptr)},
        {"role", state.session ? json(api::to_string(state.session->role)) : json(nullptr)},
        {"page", on_history ? json(page_title(state.page, Language::English)) : json(nullptr)},
        {"detail", history.detail ? json(history.detail->event_id) : json(nullptr)},
        {"route", format_route(route_of(state))},
        {"route_notice", optional_text(state.route_notice)},
        {"log", log_summary(history)},
    };
    if (!history.rows.empty()) {
        const EventRow& row = history.rows.front();
        out["first_row"] = {{"id", row.id},
                            {"occurred_at", row.occurred_at},
                            {"agency", row.agency_name},
                            {"agency_code", row.agency_code},
                            {"purpose", row.purpose},
                            {"legal_basis", row.legal_basis},
                            {"data_categories", row.data_categories}};
    }
    // Replace instead of throwing on invalid UTF-8: exceptions end the program in the browser.
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace einblick::client

// The citizen's history: first page and "load more", filters, sorting of the loaded rows, and
// the selected row's detail with the purpose's registry entry.
#include "einblick/client/selectors.hpp"
#include "einblick/client/update.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "update_internal.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace einblick::client {
namespace {

constexpr const char* text_bad_from = "Bitte geben Sie das Anfangsdatum als TT.MM.JJJJ an.";
constexpr const char* text_bad_to = "Bitte geben Sie das Enddatum als TT.MM.JJJJ an.";
constexpr const char* text_bad_range = "Das Enddatum darf nicht vor dem Anfangsdatum liegen.";
constexpr const char* text_access_not_found =
    "Der Zugriff aus dem Link wurde nicht gefunden. Sie sehen Ihre Zugriffe.";

// The period as instants: [from, to). Nothing and an error text when a date is unreadable.
bool period_bounds(const HistoryFilterForm& form, UnixMillis now, EventQuery& query,
                   std::optional<std::string>& error) {
    switch (form.period) {
    case Period::All:
        return true;
    case Period::Last30Days:
        query.from = now - 30 * millis_per_day;
        return true;
    case Period::Last90Days:
        query.from = now - 90 * millis_per_day;
        return true;
    case Period::Last12Months:
        query.from = now - 365 * millis_per_day;
        return true;
    case Period::Custom:
        break;
    }
    if (!form.from_text.empty()) {
        query.from = parse_date_input(form.from_text, false);
        if (!query.from) {
            error = text_bad_from;
            return false;
        }
    }
    if (!form.to_text.empty()) {
        const auto last = parse_date_input(form.to_text, true);
        if (!last) {
            error = text_bad_to;
            return false;
        }
        query.to = *last + 1; // the server's `to` is exclusive
    }
    if (query.from && query.to && *query.to <= *query.from) {
        error = text_bad_range;
        return false;
    }
    return true;
}

void sort_rows(std::vector<EventRow>& rows, HistorySort sort) {
    const auto newest = [](const EventRow& a, const EventRow& b) { return a.instant > b.instant; };
    switch (sort) {
    case HistorySort::Newest:
        std::stable_sort(rows.begin(), rows.end(), newest);
        return;
    case HistorySort::Oldest:
        std::stable_sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) {
            return a.instant < b.instant;
        });
        return;
    case HistorySort::Agency:
        std::stable_sort(rows.begin(), rows.end(), [&](const EventRow& a, const EventRow& b) {
            return a.agency_name != b.agency_name ? a.agency_name < b.agency_name : newest(a, b);
        });
        return;
    case HistorySort::Purpose:
        std::stable_sort(rows.begin(), rows.end(), [&](const EventRow& a, const EventRow& b) {
            return a.purpose != b.purpose ? a.purpose < b.purpose : newest(a, b);
        });
        return;
    }
}

Commands apply_filter(AppState& state) {
    HistoryState& history = state.history;
    EventQuery query;
    const HistoryFilterForm& form = history.filter_form;
    query.agency_code = form.agency_code;
    query.purpose_id = form.purpose_id;
    query.category = form.category;
    query.outcome = form.outcome;
    history.filter_error.reset();
    if (!period_bounds(form, state.now, query, history.filter_error)) {
        return {};
    }
    history.query = std::move(query);
    history.applied = form;
    return load_history_first_page(state);
}

const EventRow* find_event(const std::vector<EventRow>& rows, const std::string& event_id) {
    const auto row =
        std::find_if(rows.begin(), rows.end(), [&](const EventRow& r) { return r.id == event_id; });
    return row == rows.end() ? nullptr : &*row;
}

// The history's rows first; then the overview's latest, which the overview opens directly.
Commands select_event(AppState& state, const std::string& event_id) {
    const EventRow* row = find_event(state.history.rows, event_id);
    if (row == nullptr) {
        row = find_event(state.citizen.overview.latest, event_id);
    }
    if (row == nullptr) {
        return {};
    }
    return show_detail(state, *row);
}

// The access a link names: from the loaded rows if it is among them, else fetched alone.
Commands open_linked_event(AppState& state, const std::string& event_id) {
    HistoryState& history = state.history;
    if ((history.detail && history.detail->event_id == event_id) ||
        history.opening_event_id == event_id) {
        return {};
    }
    Commands out = select_event(state, event_id);
    if (history.detail && history.detail->event_id == event_id) {
        return out;
    }
    history.detail.reset();
    history.opening_event_id = event_id;
    return {command::citizen::LoadAccessEvent{event_id}};
}

} // namespace

Commands show_detail(AppState& state, const EventRow& row) {
    state.history.opening_event_id.reset();
    state.history.detail = EventDetail{row.id, row, row.purpose_id, {}};
    EventDetail& detail = *state.history.detail;
    if (!detail.purpose_id || !begin_load(detail.purpose)) {
        return {};
    }
    return {command::citizen::LoadPurpose{*detail.purpose_id}};
}

Commands apply_history_route(AppState& state, const Route& route) {
    HistoryState& history = state.history;
    Commands out;
    // Loading the first page closes any detail, so it comes before the linked one opens.
    if (!(route.filter == history.applied) || !history.requested) {
        history.filter_form = route.filter;
        out = apply_filter(state);
    }
    if (route.sort != history.sort) {
        history.sort = route.sort;
        sort_rows(history.rows, route.sort);
    }
    if (route.event_id.empty()) {
        history.detail.reset();
        history.opening_event_id.reset();
        return out;
    }
    Commands open = open_linked_event(state, route.event_id);
    out.insert(out.end(), open.begin(), open.end());
    return out;
}

Commands history_access_event_loaded(AppState& state,
                                     const message::citizen::AccessEventLoaded& loaded) {
    HistoryState& history = state.history;
    if (history.opening_event_id != loaded.event_id) {
        return {}; // another row was opened meanwhile, or the filters changed
    }
    history.opening_event_id.reset();
    if (!loaded.result.ok()) {
        state.route_notice = loaded.result.status() == ApiStatus::NotFound
                                 ? std::string(text_access_not_found)
                                 : loaded.result.error();
        if (loaded.result.status() == ApiStatus::NotFound) {
            objection_target_loaded(state, loaded.event_id, nullptr);
        }
        return {};
    }
    const EventRow row = make_event_row(loaded.result.value());
    objection_target_loaded(state, loaded.event_id, &row);
    return show_detail(state, row);
}

EventRow make_event_row(const api::AccessEvent& event) {
    std::string categories;
    for (const std::string& code : event.data_categories) {
        if (!categories.empty()) {
            categories += ", ";
        }
        categories += data_category_label(code, Language::German);
    }
    std::string refusal;
    if (event.outcome == api::AccessOutcome::Denied) {
        refusal =
            "Abruf abgelehnt: " + access_decision_reason_label(event.reason, Language::German);
    }
    EventRow row;
    row.id = event.id;
    row.occurred_at = format_german_date_time(event.occurred_at);
    row.agency_code = event.agency_code;
    row.agency_name = event.agency_name;
    row.purpose = event.purpose;
    row.legal_basis = event.legal_basis;
    row.data_categories = std::move(categories);
    row.refusal = std::move(refusal);
    row.instant = event.occurred_at;
    row.purpose_id = event.purpose_id;
    row.register_name = event.register_code.empty()
                            ? std::string()
                            : register_label(event.register_code, Language::German);
    row.is_check = event.kind == api::AccessKind::Check;
    if (event.reported_late) {
        // A server that marks an entry late also sends when it was recorded.
        row.reported_late_at =
            event.recorded_at ? format_german_date_time(*event.recorded_at) : std::string("?");
    }
    return row;
}

Commands load_history_first_page(AppState& state) {
    HistoryState& history = state.history;
    history.requested = true;
    history.phase = LoadPhase::Loading;
    history.rows.clear();
    history.next_cursor.reset();
    history.loading_more = false;
    history.error.reset();
    history.detail.reset();
    history.opening_event_id.reset();
    return {command::LoadEvents{std::nullopt, history.query}};
}

Commands history_load_more(AppState& state) {
    HistoryState& history = state.history;
    if (state.screen != Screen::Dashboard || history.phase != LoadPhase::Ready ||
        history.loading_more || !history.next_cursor) {
        return {};
    }
    history.loading_more = true;
    history.error.reset();
    return {command::LoadEvents{history.next_cursor, history.query}};
}

Commands history_events_loaded(AppState& state, const message::EventsLoaded& loaded) {
    HistoryState& history = state.history;
    if (!(loaded.query == history.query)) {
        return {}; // an answer for filters that are no longer applied
    }
    if (!loaded.first_page) {
        history.loading_more = false;
    }
    const auto& result = loaded.result;
    if (!result.ok()) {
        history.error = result.error();
        if (loaded.first_page) {
            history.phase = LoadPhase::Failed;
        }
        return {};
    }
    if (loaded.first_page) {
        history.rows.clear();
    }
    for (const api::AccessEvent& event : result.value().items) {
        history.rows.push_back(make_event_row(event));
    }
    if (history.sort != HistorySort::Newest) {
        sort_rows(history.rows, history.sort);
    }
    history.next_cursor = result.value().next_cursor;
    history.phase = LoadPhase::Ready;
    history.error.reset();
    if (result.value().items.empty()) {
        return {};
    }
    ++history.trust.pending;
    return {command::VerifyLog{result.value().items}};
}

Commands log_verified(AppState& state, const message::LogVerified& verified) {
    HistoryTrust& trust = state.history.trust;
    trust.pending = trust.pending > 0 ? trust.pending - 1 : 0;
    if (!verified.result.ok()) {
        return {};
    }
    const LogVerification& check = verified.result.value();
    for (const auto& [id, entry] : check.entries) {
        trust.entries[id] = entry;
    }
    // The page's line shows the worst any check found: a warning stays until the page is left.
    if (trust.status == LogStatus::Checking || check.status > trust.status) {
        trust.status = check.status;
    }
    trust.tree_size = check.tree_size;
    trust.remembered_size = check.remembered_size;
    // The witnesses of the newest check: they confirmed the log as it is now.
    trust.witnesses = check.witnesses;
    trust.witnessed_size = check.witnessed_size;
    trust.witness_fork = trust.witness_fork || check.witness_fork;
    if (check.entries.size() >= trust.widest_count) {
        trust.widest_count = check.entries.size();
        trust.widest_milliseconds = check.milliseconds;
    }
    return {};
}

Commands on_history_intent(AppState& state, const CitizenIntent& intent, bool& handled) {
    handled = true;
    namespace ic = intent::citizen;
    if (std::holds_alternative<ic::ApplyHistoryFilter>(intent)) {
        return apply_filter(state);
    }
    if (std::holds_alternative<ic::ResetHistoryFilter>(intent)) {
        state.history.filter_form = HistoryFilterForm{};
        return apply_filter(state);
    }
    if (const auto* sort = std::get_if<ic::SortHistory>(&intent)) {
        state.history.sort = sort->sort;
        sort_rows(state.history.rows, sort->sort);
        return {};
    }
    if (const auto* select = std::get_if<ic::SelectEvent>(&intent)) {
        return select_event(state, select->event_id);
    }
    if (const auto* open = std::get_if<ic::OpenAccess>(&intent)) {
        // Navigate first: entering the history may load its first page, which closes a detail.
        Commands out = navigate(state, Page::History);
        if (state.page == Page::History) {
            Commands select = select_event(state, open->event_id);
            out.insert(out.end(), select.begin(), select.end());
        }
        return out;
    }
    if (std::holds_alternative<ic::CloseEventDetail>(intent)) {
        state.history.detail.reset();
        state.history.opening_event_id.reset();
        return {};
    }
    handled = false;
    return {};
}

Commands history_purpose_loaded(AppState& state, const message::citizen::PurposeLoaded& loaded) {
    auto& detail = state.history.detail;
    if (detail && detail->purpose_id == loaded.purpose_id) {
        finish_load(detail->purpose, loaded.result);
    }
    return {};
}

} // namespace einblick::client

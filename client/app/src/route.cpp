// The location's fragment ↔ Route, the state's route, history entries and the page title.
#include "einblick/client/route.hpp"

#include "einblick/client/api_client.hpp"
#include "einblick/client/app_state.hpp"
#include "einblick/client/selectors.hpp"

#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client {
namespace {

struct PageSegment {
    Page page;
    const char* segment;
};

constexpr std::array page_segments{
    PageSegment{Page::Overview, "uebersicht"},
    PageSegment{Page::History, "zugriffe"},
    PageSegment{Page::Consents, "einwilligungen"},
    PageSegment{Page::Objections, "widersprueche"},
    PageSegment{Page::Registry, "zweckregister"},
    PageSegment{Page::Export, "export"},
    PageSegment{Page::ObjectionQueue, "widersprueche"},
    PageSegment{Page::PurposeReview, "zwecke-pruefen"},
    PageSegment{Page::UnusualAccess, "auffaellige-zugriffe"},
    PageSegment{Page::AgencyPurposes, "zwecke"},
    PageSegment{Page::ApiKeys, "api-schluessel"},
};

template <class T> struct Word {
    T value;
    const char* text;
};

constexpr std::array period_words{
    Word<Period>{Period::Last30Days, "30-tage"},
    Word<Period>{Period::Last90Days, "90-tage"},
    Word<Period>{Period::Last12Months, "12-monate"},
    Word<Period>{Period::Custom, "eigener"},
};
constexpr std::array sort_words{
    Word<HistorySort>{HistorySort::Oldest, "aelteste"},
    Word<HistorySort>{HistorySort::Agency, "stelle"},
    Word<HistorySort>{HistorySort::Purpose, "zweck"},
};
constexpr std::array outcome_words{
    Word<api::AccessOutcome>{api::AccessOutcome::Allowed, "erfolgt"},
    Word<api::AccessOutcome>{api::AccessOutcome::Denied, "abgelehnt"},
};

constexpr const char* objection_word = "widerspruch";
constexpr const char* consent_word = "erteilen";
constexpr std::array step_words{
    Word<FlowRouteStep>{FlowRouteStep::Review, "pruefen"},
    Word<FlowRouteStep>{FlowRouteStep::Done, "bestaetigung"},
};

// Longer than any code, id or search anyone types; a longer value is not ours.
constexpr std::size_t max_value_bytes = 200;

template <class T, std::size_t N>
std::optional<T> value_of(const std::array<Word<T>, N>& words, std::string_view text) {
    for (const Word<T>& word : words) {
        if (text == word.text) {
            return word.value;
        }
    }
    return std::nullopt;
}

template <class T, std::size_t N>
const char* text_of(const std::array<Word<T>, N>& words, T value) {
    for (const Word<T>& word : words) {
        if (word.value == value) {
            return word.text;
        }
    }
    return "";
}

bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Well-formed UTF-8 (no overlong forms, no surrogates): what an address bar produces.
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80                    ? 1
                                   : lead >= 0xC2 && lead <= 0xDF ? 2
                                   : lead >= 0xE0 && lead <= 0xEF ? 3
                                   : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                                  : 0;
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
                return false;
            }
        }
        const auto second = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
            (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
            return false;
        }
        i += length;
    }
    return true;
}

// Nothing for a broken escape, a control character, broken UTF-8 or a value longer than any
// of ours.
std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int high = hex_digit(text[i + 1]);
            const int low = hex_digit(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            c = static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            return std::nullopt;
        }
        out += c;
    }
    if (out.size() > max_value_bytes || !valid_utf8(out)) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::int64_t> positive_number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

// An access's id as the server writes it: letters, digits, '-', '_', '.'.
bool plausible_id(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (const char c : id) {
        if (!unreserved(c) || c == '~') {
            return false;
        }
    }
    return true;
}

bool known_segment(std::string_view segment) {
    for (const PageSegment& entry : page_segments) {
        if (segment == entry.segment) {
            return true;
        }
    }
    return false;
}

// The segments after a page's own: "<id>/widerspruch/pruefen", "erteilen/bestaetigung".
// Whatever does not fit where it stands ends the reading.
void read_details(const std::vector<std::string>& parts, Route& route) {
    std::size_t next = 0;
    const auto at = [&](std::size_t index) -> const std::string* {
        return index < parts.size() ? &parts[index] : nullptr;
    };
    const auto step_after = [&](std::size_t index) {
        const std::string* word = at(index);
        return word ? value_of(step_words, *word).value_or(FlowRouteStep::Form)
                    : FlowRouteStep::Form;
    };
    if (route.page == "einwilligungen") {
        if (at(0) && *at(0) == consent_word) {
            route.consent = step_after(1);
        }
        return;
    }
    const std::string* id = at(next++);
    if (!id) {
        return;
    }
    if (route.page == "zugriffe" && plausible_id(*id)) {
        route.event_id = *id;
    } else if (route.page == "widersprueche") {
        route.objection_id = positive_number(*id);
        return;
    } else if (route.page == "zweckregister") {
        route.purpose_id = positive_number(*id);
        if (!route.purpose_id) {
            return;
        }
    } else {
        return;
    }
    if (at(next) && *at(next) == objection_word) {
        route.objection = step_after(next + 1);
    } else if (route.page == "zweckregister") {
        route.purpose_id.reset(); // a purpose in the address only as the objection's target
    }
}

void read_path(std::string_view path, Route& route) {
    std::size_t index = 0;
    std::vector<std::string> details;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        if (part.empty()) {
            continue;
        }
        const std::optional<std::string> text = percent_decode(part);
        if (index == 0) {
            if (text && known_segment(*text)) {
                route.page = *text;
            } else {
                route.unknown_page = true;
                return;
            }
        } else if (text) {
            details.push_back(*text);
        } else {
            break;
        }
        ++index;
    }
    read_details(details, route);
}

void read_parameter(std::string_view key, const std::string& value, Route& route) {
    HistoryFilterForm& filter = route.filter;
    if (key == "stelle") {
        filter.agency_code = value;
    } else if (key == "zweck") {
        filter.purpose_id = positive_number(value);
    } else if (key == "daten") {
        filter.category = value;
    } else if (key == "zeitraum") {
        filter.period = value_of(period_words, value).value_or(filter.period);
    } else if (key == "von" && parse_date_input(value, false)) {
        filter.from_text = value;
        filter.period = Period::Custom;
    } else if (key == "bis" && parse_date_input(value, true)) {
        filter.to_text = value;
        filter.period = Period::Custom;
    } else if (key == "ergebnis") {
        filter.outcome = value_of(outcome_words, value);
    } else if (key == "sortierung") {
        route.sort = value_of(sort_words, value).value_or(HistorySort::Newest);
    } else if (key == "status") {
        route.queue_filter = value == "alle" ? QueueFilter::All : QueueFilter::Pending;
    } else if (key == "suche") {
        route.search = value;
    }
}

void read_query(std::string_view query, Route& route) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos) {
            continue;
        }
        const std::optional<std::string> key = percent_decode(pair.substr(0, equals));
        const std::optional<std::string> value = percent_decode(pair.substr(equals + 1));
        if (key && value && !value->empty()) {
            read_parameter(*key, *value, route);
        }
    }
}

void add(std::string& query, const char* key, std::string_view value) {
    if (value.empty()) {
        return;
    }
    query += query.empty() ? '?' : '&';
    query += key;
    query += '=';
    query += percent_encode(std::string(value));
}

std::string query_of(const Route& route) {
    std::string query;
    const HistoryFilterForm& filter = route.filter;
    add(query, "stelle", filter.agency_code);
    add(query, "zweck", filter.purpose_id ? std::to_string(*filter.purpose_id) : std::string());
    add(query, "daten", filter.category);
    const bool dated = !filter.from_text.empty() || !filter.to_text.empty();
    if (filter.period != Period::All && !(filter.period == Period::Custom && dated)) {
        add(query, "zeitraum", text_of(period_words, filter.period));
    }
    if (filter.period == Period::Custom) {
        add(query, "von", filter.from_text);
        add(query, "bis", filter.to_text);
    }
    add(query, "ergebnis", filter.outcome ? text_of(outcome_words, *filter.outcome) : "");
    add(query, "sortierung", text_of(sort_words, route.sort));
    add(query, "status", route.queue_filter == QueueFilter::All ? "alle" : "");
    add(query, "suche", route.search);
    return query;
}

// Sending shows the check page, still: the address stays there until the answer.
FlowRouteStep flow_route_step(FlowStep step) {
    switch (step) {
    case FlowStep::Closed:
        return FlowRouteStep::None;
    case FlowStep::Form:
        return FlowRouteStep::Form;
    case FlowStep::Review:
    case FlowStep::Submitting:
        return FlowRouteStep::Review;
    case FlowStep::Done:
        return FlowRouteStep::Done;
    }
    return FlowRouteStep::None;
}

// The objection flow is drawn over whatever page is shown: the address names its target, an
// access (on the history page) or a purpose of the registry (on the registry).
void add_objection_flow(const ObjectionFlow& flow, Route& route) {
    const FlowRouteStep step = flow_route_step(flow.step);
    if (step == FlowRouteStep::None) {
        return;
    }
    if (flow.event_id) {
        if (route.page != "zugriffe") {
            route = Route{};
            route.page = "zugriffe";
        }
        route.event_id = std::to_string(*flow.event_id);
    } else if (flow.purpose_id && route.page == "zweckregister") {
        // Opened from the registry, where it is named; over another page the address stays
        // that page's (a session that expires returns there, the draft kept).
        route.purpose_id = flow.purpose_id;
    } else {
        return;
    }
    route.objection = step;
}

std::string step_suffix(FlowRouteStep step) {
    const char* word = text_of(step_words, step);
    return *word != '\0' ? std::string("/") + word : std::string();
}

} // namespace

Route parse_route(std::string_view fragment) {
    Route route;
    if (!fragment.empty() && fragment.front() == '#') {
        fragment.remove_prefix(1);
    }
    const std::size_t question = fragment.find('?');
    read_path(fragment.substr(0, question), route);
    if (question != std::string_view::npos && !route.unknown_page) {
        read_query(fragment.substr(question + 1), route);
    }
    return route;
}

std::string format_route(const Route& route) {
    if (route.page.empty()) {
        return "";
    }
    std::string out = "#/" + route.page;
    bool objection_target = false;
    if (!route.event_id.empty()) {
        out += "/" + percent_encode(route.event_id);
        objection_target = true;
    } else if (route.objection_id) {
        out += "/" + std::to_string(*route.objection_id);
    } else if (route.purpose_id && route.objection != FlowRouteStep::None) {
        out += "/" + std::to_string(*route.purpose_id);
        objection_target = true;
    }
    if (objection_target && route.objection != FlowRouteStep::None) {
        out += std::string("/") + objection_word + step_suffix(route.objection);
    } else if (route.page == "einwilligungen" && route.consent != FlowRouteStep::None) {
        out += std::string("/") + consent_word + step_suffix(route.consent);
    }
    return out + query_of(route);
}

const char* page_segment(Page page) {
    for (const PageSegment& entry : page_segments) {
        if (entry.page == page) {
            return entry.segment;
        }
    }
    return "";
}

std::optional<Page> page_for_segment(std::string_view segment, api::Role role) {
    for (const Page page : pages_for_role(role)) {
        if (segment == page_segment(page)) {
            return page;
        }
    }
    return std::nullopt;
}

Route route_of(const AppState& state) {
    if (state.screen != Screen::Dashboard) {
        if (state.pending_route) {
            return *state.pending_route;
        }
        return state.expired ? state.expired->route : Route{};
    }
    Route route;
    route.page = page_segment(state.page);
    switch (state.page) {
    case Page::History:
        route.filter = state.history.applied;
        route.sort = state.history.sort;
        // An access being fetched for a link counts as open: the address keeps naming it.
        if (state.history.detail) {
            route.event_id = state.history.detail->event_id;
        } else if (state.history.opening_event_id) {
            route.event_id = *state.history.opening_event_id;
        }
        break;
    case Page::Registry:
        route.search = state.registry_search;
        break;
    case Page::ObjectionQueue:
        route.queue_filter = state.dpo.queue_filter;
        route.objection_id = state.dpo.open_case.id;
        break;
    case Page::Consents:
        route.consent = flow_route_step(state.citizen.consent_flow.step);
        break;
    default:
        break;
    }
    add_objection_flow(state.citizen.objection_flow, route);
    return route;
}

HistoryEntry history_entry(const Route& before, bool before_on_dashboard, const Route& after,
                           bool after_on_dashboard) {
    if (format_route(before) == format_route(after)) {
        return HistoryEntry::None;
    }
    if (!before_on_dashboard || !after_on_dashboard) {
        return HistoryEntry::Replace;
    }
    const bool elsewhere = before.page != after.page || before.event_id != after.event_id ||
                           before.objection_id != after.objection_id ||
                           before.objection != after.objection ||
                           before.purpose_id != after.purpose_id || before.consent != after.consent;
    return elsewhere ? HistoryEntry::Push : HistoryEntry::Replace;
}

std::string document_title(const AppState& state) {
    const bool de = state.language == Language::German;
    const std::string product = de ? "Einblick Datenschutzcockpit" : "Einblick privacy dashboard";
    switch (state.screen) {
    case Screen::Starting:
        return de ? "Einblick – Datenschutzcockpit" : "Einblick – privacy dashboard";
    case Screen::Login:
        return std::string(de ? "Anmelden" : "Sign in") + " – " + product;
    case Screen::Dashboard:
        break;
    }
    return std::string(page_title(state.page, state.language)) + " – " + product;
}

} // namespace einblick::client

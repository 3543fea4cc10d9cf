#pragma once
// Where the person is, as the location's fragment: "#/zugriffe/<id>?stelle=KBA&zeitraum=30-tage".
// Fragments rather than paths: the browser never sends them to a server, so neither nginx's
// access log nor a Referer ever carries which access or which authority a citizen looked at,
// and no server or proxy needs a fallback route (docs/ARCHITECTURE.md, "Addresses").
//
// A pure codec (parse_route, format_route), the state's route (route_of), the page a route
// names for a role, how a change of route enters the browser's history, and the page title.
// The update layer applies a parsed route as intent::ApplyRoute; App tells the platform.

#include "einblick/client/citizen_state.hpp"
#include "einblick/client/dpo_state.hpp"
#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_types.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace einblick::client {

struct AppState;

// A step of the citizen's form flows in the address: the form ("…/widerspruch",
// "#/einwilligungen/erteilen"), the check ("…/pruefen") and the confirmation
// ("…/bestaetigung"). A step the state cannot show (the check without the form's data after a
// reload) falls back to the form, a confirmation no longer held to the list; neither ever sends.
enum class FlowRouteStep { None, Form, Review, Done };

struct Route {
    // The page's segment ("zugriffe"); empty for the start ("", "#", "#/") and for a segment
    // no page has (then `unknown_page` says so, for a notice).
    std::string page;
    bool unknown_page = false;
    // History: the applied filters, the order and the open access ("#/zugriffe/<id>").
    HistoryFilterForm filter;
    HistorySort sort = HistorySort::Newest;
    std::string event_id;
    // DPO: the queue's filter and the open objection ("#/widersprueche/<id>").
    QueueFilter queue_filter = QueueFilter::Pending;
    std::optional<std::int64_t> objection_id;
    // The registry's search text.
    std::string search;
    // The objection flow: against the access `event_id` ("#/zugriffe/<id>/widerspruch") or
    // against the registry's purpose `purpose_id` ("#/zweckregister/<id>/widerspruch").
    FlowRouteStep objection = FlowRouteStep::None;
    std::optional<std::int64_t> purpose_id;
    // Giving a consent ("#/einwilligungen/erteilen").
    FlowRouteStep consent = FlowRouteStep::None;

    bool operator==(const Route&) const = default;
};

// Reads a fragment with or without its "#" ("#/zugriffe?stelle=KBA"). Anything it does not
// understand (an unknown key, a value out of range, stray segments) is left out, never an error.
Route parse_route(std::string_view fragment);
// "#/zugriffe/17?stelle=KBA&zeitraum=30-tage"; "" for the start (no page).
std::string format_route(const Route& route);

// The page's segment ("uebersicht", "zugriffe", …; the citizen's and the DPO's objection pages
// share "widersprueche") and the page a segment names for a role, if the role has it.
const char* page_segment(Page page);
std::optional<Page> page_for_segment(std::string_view segment, api::Role role);

// Where the state is: on the dashboard its page with the page's filters and open detail; on
// the login (and while starting) the deep link waiting for the login, if any.
Route route_of(const AppState& state);

// How a change of route enters the browser's history: a new entry for another page, another
// open detail or another step of a flow between two dashboard routes (Back returns to it), the
// current entry
// replaced for filters, sorting and search, and for the way into and out of the dashboard.
enum class HistoryEntry { None, Push, Replace };
HistoryEntry history_entry(const Route& before, bool before_on_dashboard, const Route& after,
                           bool after_on_dashboard);

// The document's title: "Zugriffe – Einblick Datenschutzcockpit", "Anmelden – …".
std::string document_title(const AppState& state);

} // namespace einblick::client

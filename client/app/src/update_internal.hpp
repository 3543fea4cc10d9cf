#pragma once
// Internals shared by the update files: one file per feature (update.cpp: session and
// navigation; update_history.cpp; update_citizen.cpp; update_citizen_flows.cpp;
// update_dpo.cpp; update_agency.cpp).

#include "einblick/client/update.hpp"

#include <utility>

namespace einblick::client {

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

inline constexpr UnixMillis millis_per_day = 24LL * 60 * 60 * 1000;

// [SECTION] Loading into Remote<T>

// Marks `remote` as loading; false when a request for it is already under way.
template <class T> bool begin_load(Remote<T>& remote) {
    if (remote.in_flight) {
        return false;
    }
    remote.requested = true;
    remote.in_flight = true;
    remote.error.reset();
    if (remote.phase == LoadPhase::Failed) {
        remote.phase = LoadPhase::Loading;
    }
    return true;
}

// Applies an answer: on success `take(value)` fills `data`; on failure the old data stays
// (with the error beside it) or, if there was none, the phase becomes Failed.
template <class T, class U, class Take>
void finish_load(Remote<T>& remote, const Result<U>& result, Take&& take) {
    remote.in_flight = false;
    if (!result.ok()) {
        remote.error = result.error();
        if (remote.phase != LoadPhase::Ready) {
            remote.phase = LoadPhase::Failed;
        }
        return;
    }
    remote.data = take(result.value());
    remote.phase = LoadPhase::Ready;
    remote.error.reset();
}

template <class T, class U> void finish_load(Remote<T>& remote, const Result<U>& result) {
    finish_load(remote, result, [](const U& value) { return value; });
}

// [SECTION] Per-feature entry points (called from update.cpp)

// The requests a page needs when it is shown (only what is not loaded or loading already,
// except lists that change elsewhere, which are refreshed).
Commands load_page(AppState& state, Page page);
// Shows a page the session's role may see, with what it needs loaded (update.cpp).
Commands navigate(AppState& state, Page page);

Commands on_citizen_intent(AppState& state, const CitizenIntent& intent);
Commands on_citizen_message(AppState& state, const CitizenMessage& message);
Commands on_dpo_intent(AppState& state, const DpoIntent& intent);
Commands on_dpo_message(AppState& state, const DpoMessage& message);
Commands on_agency_intent(AppState& state, const AgencyIntent& intent);
Commands on_agency_message(AppState& state, const AgencyMessage& message);

// History (update_history.cpp).
Commands load_history_first_page(AppState& state);
Commands history_load_more(AppState& state);
Commands history_events_loaded(AppState& state, const message::EventsLoaded& loaded);
Commands log_verified(AppState& state, const message::LogVerified& verified);
Commands on_history_intent(AppState& state, const CitizenIntent& intent, bool& handled);
Commands history_purpose_loaded(AppState& state, const message::citizen::PurposeLoaded& loaded);
// Opens the detail of `row` (a copy) and fetches its registry entry.
Commands show_detail(AppState& state, const EventRow& row);
// A link's filters, order and open access on the history page (update_route.cpp applies it).
Commands apply_history_route(AppState& state, const Route& route);
Commands history_access_event_loaded(AppState& state,
                                     const message::citizen::AccessEventLoaded& loaded);

// The citizen's flows (update_citizen_flows.cpp): a link's step of the objection or consent
// flow (update_route.cpp applies it after the page), and an access fetched for a link, for
// the objection form opened on it (`row` null: it does not exist).
Commands apply_flow_route(AppState& state, const Route& route);
void objection_target_loaded(AppState& state, const std::string& event_id, const EventRow* row);

// Links (update_route.cpp): what a route names, shown on the dashboard or kept for the login.
Commands apply_route(AppState& state, const Route& route);

// Citizen flows (update_citizen_flows.cpp).
Commands on_citizen_flow_intent(AppState& state, const CitizenIntent& intent, bool& handled);
Commands objection_filed(AppState& state, const Result<api::Objection>& result);
Commands consent_granted(AppState& state, const Result<api::Consent>& result);
ConsentRow make_consent_row(const api::Consent& consent, UnixMillis now);
ObjectionRow make_objection_row(const api::Objection& objection);

// The forms' "submitting" flags and flow steps after the session expired: back to where the
// person can send again once logged in (nothing typed is lost).
void release_submits(AppState& state);
// Clears what must not outlive the page (the API key shown once).
void leave_page(AppState& state, Page page);

} // namespace einblick::client

// The citizen's two form flows, each form → check your answers → send → confirmation:
// "Widerspruch einlegen" (Art. 21) and "Einwilligung erteilen" (Art. 7).
#include "einblick/client/route.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/update.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "update_internal.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace einblick::client {
namespace {

namespace ic = intent::citizen;

namespace limits = api::limits;

constexpr UnixMillis max_consent_duration = limits::consent_duration_days_max * millis_per_day;

std::optional<std::int64_t> parse_id(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

// [SECTION] Objection

std::string objection_target_label(const EventRow& row) {
    return row.purpose + " – " + row.agency_name + " (" + row.occurred_at + ")";
}

Commands object_to_event(AppState& state, const std::string& event_id) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    const auto id = parse_id(event_id);
    if (!id || flow.step == FlowStep::Submitting) {
        return {};
    }
    if (flow.step != FlowStep::Closed && flow.step != FlowStep::Done && flow.event_id == id) {
        return {}; // already open for this access: keep what was typed
    }
    flow = ObjectionFlow{};
    flow.step = FlowStep::Form;
    flow.event_id = id;
    const auto& detail = state.history.detail;
    for (const EventRow& row : state.history.rows) {
        if (row.id == event_id) {
            flow.target_label = objection_target_label(row);
        }
    }
    if (flow.target_label.empty() && detail && detail->event_id == event_id) {
        // Opened from the overview, not among the rows (or from a link: then the access may
        // still be on its way, see objection_target_loaded).
        flow.target_label = objection_target_label(detail->row);
    }
    return {};
}

Commands object_to_purpose(AppState& state, std::int64_t purpose_id) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (flow.step == FlowStep::Submitting) {
        return {};
    }
    if (flow.step != FlowStep::Closed && flow.step != FlowStep::Done &&
        flow.purpose_id == purpose_id) {
        return {};
    }
    flow = ObjectionFlow{};
    flow.step = FlowStep::Form;
    flow.purpose_id = purpose_id;
    if (const api::Purpose* purpose = find_purpose(state, purpose_id)) {
        const std::string name =
            purpose->in_force ? purpose->in_force->content.name : std::string();
        flow.target_label = name + " – " + purpose->agency_name;
    }
    return {};
}

FieldErrors check_objection(const ObjectionFlow& flow) {
    FieldErrors errors;
    if (is_blank(flow.reason)) {
        errors.push_back({"/reason", "Bitte begründen Sie Ihren Widerspruch."});
    } else if (utf8_length(flow.reason) > limits::objection_reason_max) {
        // The server's sentence (shared/src/server_message_catalog.cpp has its English).
        errors.push_back({"/reason", "Die Begründung darf höchstens " +
                                         std::to_string(limits::objection_reason_max) +
                                         " Zeichen lang sein."});
    }
    return errors;
}

Commands review_objection(AppState& state) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (flow.step != FlowStep::Form) {
        return {};
    }
    flow.errors = check_objection(flow);
    flow.error.reset();
    if (flow.errors.empty()) {
        flow.step = FlowStep::Review;
    }
    return {};
}

Commands submit_objection(AppState& state) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (flow.step != FlowStep::Review) {
        return {}; // also the guard against a second click while sending
    }
    flow.step = FlowStep::Submitting;
    flow.error.reset();
    api::ObjectionRequest request;
    request.event_id = flow.event_id;
    request.purpose_id = flow.event_id ? std::nullopt : flow.purpose_id;
    request.reason = flow.reason;
    request.restrict_processing = flow.restrict_processing;
    return {command::citizen::FileObjection{std::move(request)}};
}

// [SECTION] Consent

Commands start_consent(AppState& state, std::optional<std::int64_t> purpose_id) {
    ConsentFlow& flow = state.citizen.consent_flow;
    if (flow.step == FlowStep::Submitting) {
        return {};
    }
    if (flow.step == FlowStep::Form || flow.step == FlowStep::Review) {
        if (purpose_id) {
            flow.purpose_id = purpose_id;
        }
        flow.step = FlowStep::Form;
        return {};
    }
    flow = ConsentFlow{};
    flow.step = FlowStep::Form;
    flow.purpose_id = purpose_id;
    // A suggestion of one year; the person may change it (at most five years).
    flow.expires_text = format_german_date(state.now + 365 * millis_per_day);
    return {};
}

FieldErrors check_consent(const AppState& state, const ConsentFlow& flow,
                          std::optional<UnixMillis>& expires_at) {
    FieldErrors errors;
    if (!flow.purpose_id) {
        errors.push_back({"/purpose_id", "Bitte wählen Sie einen Zweck."});
    } else if (state.purposes.ready()) {
        const auto choices = consent_purposes(state);
        const bool known = std::any_of(choices.begin(), choices.end(), [&](const api::Purpose* p) {
            return p->id == *flow.purpose_id;
        });
        if (!known) {
            errors.push_back({"/purpose_id", "Für diesen Zweck ist keine Einwilligung möglich."});
        }
    }
    expires_at = parse_date_input(flow.expires_text, true);
    if (!expires_at) {
        errors.push_back({"/expires_at", "Bitte geben Sie das Ablaufdatum als TT.MM.JJJJ an."});
    } else if (*expires_at <= state.now) {
        errors.push_back({"/expires_at", "Das Ablaufdatum muss in der Zukunft liegen."});
    } else if (*expires_at > state.now + max_consent_duration) {
        // The server's sentence, which names the limit in words.
        static_assert(limits::consent_duration_years_max == 5);
        errors.push_back({"/expires_at", "Eine Einwilligung gilt höchstens fünf Jahre."});
    }
    return errors;
}

Commands review_consent(AppState& state) {
    ConsentFlow& flow = state.citizen.consent_flow;
    if (flow.step != FlowStep::Form) {
        return {};
    }
    std::optional<UnixMillis> expires_at;
    flow.errors = check_consent(state, flow, expires_at);
    flow.error.reset();
    if (flow.errors.empty()) {
        flow.step = FlowStep::Review;
    }
    return {};
}

Commands submit_consent(AppState& state) {
    ConsentFlow& flow = state.citizen.consent_flow;
    if (flow.step != FlowStep::Review) {
        return {};
    }
    std::optional<UnixMillis> expires_at;
    flow.errors = check_consent(state, flow, expires_at);
    if (!flow.errors.empty()) {
        flow.step = FlowStep::Form; // e.g. the date passed while the page stood open
        return {};
    }
    flow.step = FlowStep::Submitting;
    flow.error.reset();
    return {command::citizen::GrantConsent{api::ConsentRequest{*flow.purpose_id, *expires_at}}};
}

// A failed send goes back to the check page (or the form, if fields are wrong) with the
// reason; sending again is the retry.
template <class Flow, class T> void send_failed(Flow& flow, const Result<T>& result) {
    flow.error = result.error();
    flow.errors = field_errors_from(result.violations());
    flow.step = flow.errors.empty() ? FlowStep::Review : FlowStep::Form;
}

// The answer to a flow's send: true when it went through (the flow is done). A failure puts
// the flow back with the reason; an answer the flow no longer waits for changes nothing.
template <class Flow, class T> bool finish_send(Flow& flow, const Result<T>& result) {
    if (flow.step != FlowStep::Submitting) {
        return false;
    }
    if (!result.ok()) {
        send_failed(flow, result);
        return false;
    }
    flow.step = FlowStep::Done;
    flow.errors.clear();
    return true;
}

// A new entry on top of a list already shown; a list not loaded yet fetches it anyway.
template <class Row> void prepend_if_loaded(Remote<std::vector<Row>>& list, Row row) {
    if (list.ready()) {
        list.data.insert(list.data.begin(), std::move(row));
    }
}

// "Ändern" on the check-your-answers step of either flow.
template <class Flow> Commands back_to_form(Flow& flow) {
    if (flow.step == FlowStep::Review) {
        flow.step = FlowStep::Form;
    }
    return {};
}

// Cancel or finish a flow; not while its request is outstanding (its answer still lands).
template <class Flow> Commands close_flow(Flow& flow) {
    if (flow.step != FlowStep::Submitting) {
        flow = Flow{};
    }
    return {};
}

// [SECTION] The flows' steps in the address: Back, Forward, a reload or a link. Nothing here
// ever sends: the check page is reached again only with the form's data valid, and a sent
// flow's steps lead to its list.

bool same_objection_target(const ObjectionFlow& flow, const Route& route) {
    if (flow.step == FlowStep::Closed) {
        return false;
    }
    if (!route.event_id.empty()) {
        return flow.event_id && std::to_string(*flow.event_id) == route.event_id;
    }
    return !flow.event_id && route.purpose_id && flow.purpose_id == route.purpose_id;
}

Commands open_objection_form(AppState& state, const Route& route) {
    if (!route.event_id.empty()) {
        return object_to_event(state, route.event_id);
    }
    return route.purpose_id ? object_to_purpose(state, *route.purpose_id) : Commands{};
}

// Forward onto the check page: only what would pass the check goes there, and silently.
template <class Flow> void forward_to_review(Flow& flow, bool valid) {
    if (flow.step == FlowStep::Form && valid) {
        flow.step = FlowStep::Review;
    }
}

Commands apply_objection_route(AppState& state, const Route& route) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (flow.step == FlowStep::Submitting) {
        return {}; // its answer still lands; the address follows the flow again
    }
    const bool same = same_objection_target(flow, route);
    const bool sent = same && flow.step == FlowStep::Done;
    switch (route.objection) {
    case FlowRouteStep::None:
        // Back out of the flow; a purpose's flow opened over another page than the registry
        // has no address of its own and stays.
        if (flow.event_id || route.page == "zweckregister") {
            close_flow(flow);
        }
        return {};
    case FlowRouteStep::Form:
    case FlowRouteStep::Review:
        if (sent) {
            close_flow(flow); // Back from the confirmation: the access, not the form again
            return {};
        }
        if (!same) {
            return open_objection_form(state, route); // a check step without data: the form
        }
        if (route.objection == FlowRouteStep::Form) {
            return back_to_form(flow);
        }
        forward_to_review(flow, check_objection(flow).empty());
        return {};
    case FlowRouteStep::Done:
        if (sent) {
            return {};
        }
        close_flow(flow); // a confirmation no longer held (a reload): the objections list
        return navigate(state, Page::Objections);
    }
    return {};
}

Commands apply_consent_route(AppState& state, const Route& route) {
    ConsentFlow& flow = state.citizen.consent_flow;
    if (flow.step == FlowStep::Submitting) {
        return {};
    }
    const bool sent = flow.step == FlowStep::Done;
    switch (route.consent) {
    case FlowRouteStep::None:
        close_flow(flow);
        return {};
    case FlowRouteStep::Form:
    case FlowRouteStep::Review:
        if (sent) {
            close_flow(flow); // Back from the confirmation: the list
            return {};
        }
        if (flow.step == FlowStep::Closed) {
            return start_consent(state, std::nullopt);
        }
        if (route.consent == FlowRouteStep::Form) {
            return back_to_form(flow);
        }
        {
            std::optional<UnixMillis> expires_at;
            forward_to_review(flow, check_consent(state, flow, expires_at).empty());
        }
        return {};
    case FlowRouteStep::Done:
        if (!sent) {
            close_flow(flow); // the consents list shows the consent given
        }
        return {};
    }
    return {};
}

} // namespace

Commands apply_flow_route(AppState& state, const Route& route) {
    if (!state.session || state.session->role != api::Role::Citizen) {
        return {};
    }
    Commands out = apply_objection_route(state, route);
    Commands consent = apply_consent_route(state, route);
    out.insert(out.end(), consent.begin(), consent.end());
    return out;
}

void objection_target_loaded(AppState& state, const std::string& event_id, const EventRow* row) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    const bool open = flow.step == FlowStep::Form || flow.step == FlowStep::Review;
    if (!open || !flow.event_id || std::to_string(*flow.event_id) != event_id) {
        return;
    }
    if (row == nullptr) {
        flow = ObjectionFlow{}; // a link to an access that does not exist: no form for it
    } else if (flow.target_label.empty()) {
        flow.target_label = objection_target_label(*row);
    }
}

Commands on_citizen_flow_intent(AppState& state, const CitizenIntent& intent, bool& handled) {
    handled = true;
    ObjectionFlow& objection = state.citizen.objection_flow;
    ConsentFlow& consent = state.citizen.consent_flow;
    return std::visit(
        Overloaded{
            [&](const ic::ObjectToEvent& i) { return object_to_event(state, i.event_id); },
            [&](const ic::ObjectToPurpose& i) { return object_to_purpose(state, i.purpose_id); },
            [&](const ic::ReviewObjection&) { return review_objection(state); },
            [&](const ic::EditObjection&) { return back_to_form(objection); },
            [&](const ic::SubmitObjection&) { return submit_objection(state); },
            [&](const ic::CloseObjection&) { return close_flow(objection); },
            [&](const ic::StartConsent& i) { return start_consent(state, i.purpose_id); },
            [&](const ic::ChooseConsentPurpose& i) {
                if (consent.step == FlowStep::Form) {
                    consent.purpose_id = i.purpose_id;
                }
                return Commands{};
            },
            [&](const ic::ReviewConsent&) { return review_consent(state); },
            [&](const ic::EditConsent&) { return back_to_form(consent); },
            [&](const ic::SubmitConsent&) { return submit_consent(state); },
            [&](const ic::CloseConsent&) { return close_flow(consent); },
            [&](const auto&) {
                handled = false;
                return Commands{};
            },
        },
        intent);
}

Commands objection_filed(AppState& state, const Result<api::Objection>& result) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (!finish_send(flow, result)) {
        return {};
    }
    flow.reference = result.value().reference;
    flow.due_at = format_german_date(result.value().due_at);
    prepend_if_loaded(state.citizen.objections.list, make_objection_row(result.value()));
    return {};
}

Commands consent_granted(AppState& state, const Result<api::Consent>& result) {
    ConsentFlow& flow = state.citizen.consent_flow;
    if (!finish_send(flow, result)) {
        return {};
    }
    flow.granted = make_consent_row(result.value(), state.now);
    prepend_if_loaded(state.citizen.consents.list, *flow.granted);
    return {};
}

} // namespace einblick::client

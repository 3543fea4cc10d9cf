#pragma once
// Building blocks of the per-feature states: pages per role, data loaded from the server,
// field errors of forms, and the steps of a form flow.

#include "einblick/shared/api_types.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace einblick::client {

enum class LoadPhase {
    Loading, // first page requested, nothing to show yet
    Ready,
    Failed, // first page failed: error state with a retry button
};

// The pages of the dashboard. Which exist depends on the role (pages_for_role).
enum class Page {
    // citizen
    Overview,   // Übersicht
    History,    // Zugriffe
    Consents,   // Einwilligungen
    Objections, // Widersprüche
    Registry,   // Zweckregister (also DPO)
    Export,     // Export
    // DPO
    ObjectionQueue, // Widersprüche (Eingang)
    PurposeReview,  // Zwecke prüfen
    UnusualAccess,  // Auffällige Zugriffe
    // agency staff
    AgencyPurposes, // Zwecke
    ApiKeys,        // API-Schlüssel
};

// Data fetched from the server. `data` stays shown while a reload is under way or after a
// reload failed (then `error` says why); `phase` is Failed only when there is nothing to show.
template <class T> struct Remote {
    bool requested = false; // asked for at least once in this session
    bool in_flight = false; // a request is under way: no second one
    LoadPhase phase = LoadPhase::Loading;
    T data{};
    std::optional<std::string> error;

    bool ready() const { return phase == LoadPhase::Ready; }
};

// One invalid form field: the JSON Pointer of the request body member it maps to (the same
// name the server uses in problem+json `errors`, e.g. "/reason", "/data_categories/0") and a
// German sentence. In order of the fields on the form, which is the error summary's order.
struct FieldError {
    // A constructor rather than an aggregate: the client's own checks name two parts only.
    FieldError(std::string field_pointer, std::string german, std::string rule_name = {})
        : field(std::move(field_pointer)), message(std::move(german)), rule(std::move(rule_name)) {}

    std::string field;
    std::string message;
    std::string rule; // the server's rule name ("required", "range", …); empty for our own checks
};
using FieldErrors = std::vector<FieldError>;

// The first error for a field: "/data_categories" also matches "/data_categories/2".
const FieldError* first_error(const FieldErrors& errors, std::string_view field);
// Its message.
std::optional<std::string> error_for(const FieldErrors& errors, std::string_view field);
FieldErrors field_errors_from(const std::vector<api::FieldViolation>& violations);

// The steps of a form that ends in a request: fill in → check your answers → send → confirmed.
enum class FlowStep {
    Closed,
    Form,       // editing; `errors` lists what must be fixed
    Review,     // "Bitte prüfen Sie Ihre Angaben"
    Submitting, // sent, answer outstanding: no second submit
    Done,       // confirmation
};

} // namespace einblick::client

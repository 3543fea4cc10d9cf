#include "einblick/shared/labels.hpp"

namespace einblick {

// Each label function is a switch without a default: a value added to the enumeration
// (api_rules.hpp) is a compile error here (-Wswitch) until it has its words.

const char* consent_state_label(api::ConsentState state, Language language) {
    const bool de = language == Language::German;
    switch (state) {
    case api::ConsentState::Given:
        return de ? "erteilt" : "given";
    case api::ConsentState::Withdrawn:
        return de ? "widerrufen" : "withdrawn";
    case api::ConsentState::Expired:
        return de ? "abgelaufen" : "expired";
    }
    return de ? "unbekannt" : "unknown"; // only for a value outside the enumeration
}

const char* objection_status_label(api::ObjectionStatus status, Language language) {
    const bool de = language == Language::German;
    switch (status) {
    case api::ObjectionStatus::Pending:
        return de ? "in Prüfung" : "under review";
    case api::ObjectionStatus::Upheld:
        return de ? "stattgegeben" : "upheld";
    case api::ObjectionStatus::Rejected:
        return de ? "zurückgewiesen" : "rejected";
    }
    return de ? "unbekannt" : "unknown";
}

const char* access_kind_label(api::AccessKind kind, Language language) {
    const bool de = language == Language::German;
    switch (kind) {
    case api::AccessKind::Access:
        return de ? "Zugriff" : "access";
    case api::AccessKind::Check:
        return de ? "Zulässigkeitsprüfung" : "access check";
    }
    return de ? "unbekannt" : "unknown";
}

const char* access_outcome_label(api::AccessOutcome outcome, Language language) {
    const bool de = language == Language::German;
    switch (outcome) {
    case api::AccessOutcome::Allowed:
        return de ? "erlaubt" : "allowed";
    case api::AccessOutcome::Denied:
        return de ? "abgelehnt" : "refused";
    }
    return de ? "unbekannt" : "unknown";
}

} // namespace einblick

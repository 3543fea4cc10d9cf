#pragma once
// The words people read for the API's states: one source for the client's pages and the
// server's CSV export, so both say the same ("widerrufen", "in Prüfung").

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/vocabulary.hpp"

namespace einblick {

const char* consent_state_label(api::ConsentState state, Language language);
const char* objection_status_label(api::ObjectionStatus status, Language language);
// "Zugriff" or "Zulässigkeitsprüfung"; "erlaubt" or "abgelehnt".
const char* access_kind_label(api::AccessKind kind, Language language);
const char* access_outcome_label(api::AccessOutcome outcome, Language language);

} // namespace einblick

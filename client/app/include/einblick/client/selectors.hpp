#pragma once
// What views derive from the state: lists filtered for one purpose, labels, form checks.
// Pure functions, cheap enough to call every frame.

#include "einblick/client/app_state.hpp"
#include "einblick/shared/labels.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client {

// [SECTION] Citizen

// Approved consent-based (A6-1-a) purposes of the registry: the choices of the consent flow.
std::vector<const api::Purpose*> consent_purposes(const AppState& state);
// Overview: pending objections, deadline first; given consents expiring within 30 days.
std::vector<const ObjectionRow*> open_objections(const AppState& state);
std::vector<const ConsentRow*> expiring_consents(const AppState& state);
// The purpose in the registry list, if loaded.
const api::Purpose* find_purpose(const AppState& state, std::int64_t purpose_id);
// (For the legal basis in plain words use gdpr_basis_label from einblick/shared/vocabulary.hpp:
// "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)".)

// "28.11.2026", "28.11.26" or "2026-11-28" (an HTML date input) → the start of that day in
// Europe/Berlin, or with `end_of_day` its last millisecond. Nothing for anything else.
std::optional<UnixMillis> parse_date_input(std::string_view text, bool end_of_day);

// [SECTION] DPO

// Proposed versions awaiting a decision, oldest proposal first.
std::vector<ReviewItem> purposes_to_review(const AppState& state);

// [SECTION] Agency staff

// The server's rules for a purpose submission, checked as typed, with the API's limits
// (api::limits, api_rules.hpp): required and not blank, lengths in characters
// (purpose_name_max, …), codes from the vocabulary (the server's list when loaded, else the
// built-in one), recipients one per line (at most purpose_recipients_max, each at most
// purpose_recipient_max characters), retention purpose_retention_days_min to _max days.
// Errors in the order of the form's fields.
FieldErrors validate_purpose_form(const PurposeForm& form, const AppState& state);
// The submission the form describes (call when validate_purpose_form found nothing).
api::PurposeContent purpose_content_of(const PurposeForm& form);

// [SECTION] Labels

// Shared with the server's CSV export (labels.hpp).
using einblick::consent_state_label;
using einblick::objection_status_label;
const char* purpose_status_label(api::PurposeStatus status, Language language);

} // namespace einblick::client

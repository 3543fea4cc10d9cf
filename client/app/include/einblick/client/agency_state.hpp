#pragma once
// State of agency staff's pages: their purposes with status and DPO reasons, the propose/revise
// form with inline validation, and API keys.

#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_dashboard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client {

// Every field of a purpose submission as typed. Text fields are edited in place; the sets of
// categories and registers change through toggle intents.
struct PurposeForm {
    bool open = false;
    std::optional<std::int64_t> purpose_id; // set: a new version of this purpose (revise)
    std::string name;
    std::string description;
    std::string legal_basis;
    std::string gdpr_basis; // a code, e.g. "A6-1-e"
    std::vector<std::string> data_categories;
    std::vector<std::string> source_registers;
    std::string recipients_text;     // one recipient per line
    std::string retention_days_text; // digits
    bool submitting = false;
    FieldErrors errors; // client checks or the server's 400, same field names
    std::optional<std::string> error;
    std::optional<std::string> notice; // "Der Zweck wurde zur Prüfung eingereicht."
};

struct ApiKeysState {
    Remote<std::vector<api::ApiKey>> list;
    std::string new_label; // edited in place
    bool creating = false;
    FieldErrors errors;
    std::optional<std::string> error;
    // The key just created, shown once. Cleared when the person leaves the page or logs out.
    std::optional<api::ApiKeyCreated> created;
    std::optional<std::int64_t> confirm_revoke_id; // "Wirklich widerrufen?"
    std::optional<std::int64_t> revoking_id;
    std::optional<std::string> notice;
};

struct AgencyState {
    PurposeForm purpose_form;
    ApiKeysState api_keys;
};

} // namespace einblick::client

#include "json_shape.hpp"

#include "einblick/shared/api_types.hpp"
#include "einblick/shared/civil_time.hpp"

#include <initializer_list>

namespace einblick::client::detail {
namespace {

using nlohmann::json;

bool has_string(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string();
}

bool has_strings(const json& j, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        if (!has_string(j, key)) {
            return false;
        }
    }
    return true;
}

// j.value(key, default) throws when the key is present with another type.
bool optional_of_type(const json& j, const char* key, json::value_t type) {
    const auto it = j.find(key);
    return it == j.end() || it->type() == type;
}

bool optional_number(const json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() || it->is_number();
}

bool optional_string(const json& j, const char* key) {
    return optional_of_type(j, key, json::value_t::string);
}

// The fields from_json reads only when present (access checks, registry references, …).
bool has_valid_optional_event_fields(const json& j) {
    if (!optional_number(j, "seq") || !optional_number(j, "consent_id")) {
        return false;
    }
    for (const char* key :
         {"kind", "outcome", "reason", "register", "official", "correlation_id"}) {
        if (!optional_string(j, key)) {
            return false;
        }
    }
    const auto ref = j.find("purpose_ref");
    if (ref == j.end()) {
        return true;
    }
    if (!ref->is_object()) {
        return false;
    }
    const auto id = ref->find("id");
    const auto version = ref->find("version");
    // from_json reads the version as int, and nlohmann converts a boolean to int; the id is
    // read as int64_t, for which it does not. tests/client/json_shape_test.cpp pins this.
    return id != ref->end() && id->is_number() && version != ref->end() &&
           (version->is_number() || version->is_boolean());
}

bool is_field_violation(const json& j) {
    return j.is_object() && has_strings(j, {"field", "rule"}) && optional_string(j, "detail");
}

} // namespace

bool is_session_info(const json& j) {
    return j.is_object() && has_strings(j, {"username", "display_name", "role"}) &&
           api::role_from_string(j.at("role").get<std::string>()).has_value();
}

bool is_access_event(const json& j) {
    if (!j.is_object() || !has_strings(j, {"id", "occurred_at", "purpose", "legal_basis"})) {
        return false;
    }
    const auto agency = j.find("agency");
    if (agency == j.end() || !agency->is_object() || !has_strings(*agency, {"code", "name"})) {
        return false;
    }
    const auto categories = j.find("data_categories");
    if (categories == j.end() || !categories->is_array()) {
        return false;
    }
    for (const json& category : *categories) {
        if (!category.is_string()) {
            return false;
        }
    }
    return has_valid_optional_event_fields(j) &&
           parse_rfc3339(j.at("occurred_at").get_ref<const std::string&>()).has_value();
}

bool is_access_event_page(const json& j) {
    if (!j.is_object()) {
        return false;
    }
    const auto items = j.find("items");
    if (items == j.end() || !items->is_array()) {
        return false;
    }
    for (const json& item : *items) {
        if (!is_access_event(item)) {
            return false;
        }
    }
    const auto cursor = j.find("next_cursor");
    return cursor == j.end() || cursor->is_null() || cursor->is_string();
}

bool is_problem(const json& j) {
    if (!j.is_object() || !optional_of_type(j, "type", json::value_t::string) ||
        !optional_of_type(j, "title", json::value_t::string) ||
        !optional_of_type(j, "detail", json::value_t::string)) {
        return false;
    }
    if (const auto status = j.find("status"); status != j.end() && !status->is_number_integer()) {
        return false;
    }
    const auto errors = j.find("errors");
    if (errors == j.end() || !errors->is_array()) {
        return true; // from_json ignores a missing or non-array "errors"
    }
    for (const json& violation : *errors) {
        if (!is_field_violation(violation)) {
            return false;
        }
    }
    return true;
}

} // namespace einblick::client::detail

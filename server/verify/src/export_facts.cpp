// The facts an export shows for an entry against the facts of its proved canonical entry
// (docs/LOG-FORMAT.md). The export's shape is AccessEvent's JSON (shared/src/api_types.cpp);
// members are compared as JSON values, never read with defaults: a member removed from the
// export must not compare equal to a default.
#include "einblick/shared/civil_time.hpp"
#include "export_steps.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace einblick::server::verify {
namespace {

using nlohmann::json;

std::string shown(const json& value) {
    return value.is_null() ? "nothing" : value.dump();
}

// The export's member, or null when absent (the export leaves out absent optional facts).
json member(const json& object, const char* key) {
    const auto found = object.find(key);
    return found == object.end() ? json() : *found;
}

// The export's time (RFC 3339) as the entry's Unix milliseconds; null when unreadable.
json export_time(const json& event) {
    const json text = member(event, "occurred_at");
    if (!text.is_string()) {
        return text;
    }
    const auto millis = parse_rfc3339(text.get<std::string>());
    return millis ? json(*millis) : text;
}

json export_purpose_id(const json& event) {
    const json ref = member(event, "purpose_ref");
    return ref.is_object() ? member(ref, "id") : ref;
}

} // namespace

void compare_facts(const json& event, const json& proved, const MismatchSink& mismatch) {
    // The same name in both, compared as they are.
    constexpr std::array same{"seq",
                              "kind",
                              "outcome",
                              "reason",
                              "register",
                              "legal_basis",
                              "data_categories",
                              "official",
                              "correlation_id",
                              "consent_id"};
    for (const char* key : same) {
        const json shows = member(event, key);
        const json says = member(proved, key);
        if (shows != says) {
            mismatch(std::string("the export shows ") + key + " " + shown(shows) +
                     ", but the proved entry says " + shown(says));
        }
    }
    const json time = export_time(event);
    const json proved_time = member(proved, "occurred_at");
    if (time != proved_time) {
        const std::string readable =
            proved_time.is_number_integer()
                ? " (" + format_rfc3339_utc(proved_time.get<UnixMillis>()) + ")"
                : "";
        mismatch("the export shows occurred_at " + shown(member(event, "occurred_at")) +
                 ", but the proved entry says " + shown(proved_time) + readable);
    }
    const json purpose = export_purpose_id(event);
    if (purpose != member(proved, "purpose_id")) {
        mismatch("the export shows purpose id " + shown(purpose) + ", but the proved entry says " +
                 shown(member(proved, "purpose_id")));
    }
}

} // namespace einblick::server::verify

#pragma once
// Reading JSON request bodies and query parameters; every failure names the field and rule.

#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server {

// Whether a Content-Type names application/json: type and subtype compared without regard
// to case, parameters (charset=utf-8) and whitespace around ";" allowed. Nothing else, not
// "application/jsonp" or "application/json-seq", and not "+json" types either: the API
// documents application/json only, and a +json type names another format with its own
// meaning (a merge patch, a problem report) that the server would silently read as a plain
// document.
bool is_json_media_type(std::string_view content_type);

// The body as a JSON object. Throws UnsupportedMediaType unless is_json_media_type(), and
// BadRequest when the body is not JSON or not an object.
nlohmann::json parse_json_object(const httplib::Request& request);

// The detail of an `enum` violation: "Erlaubt sind approve und reject.".
std::string allowed_values(std::span<const std::string_view> texts);
// The index of `text` in `texts`; otherwise an `enum` violation of `field` and nullopt.
std::optional<std::size_t> choice(const std::string& text, std::span<const std::string_view> texts,
                                  const std::string& field, Violations& violations);

// Typed access to members of a JSON object, recording violations instead of throwing.
class ObjectReader {
public:
    ObjectReader(const nlohmann::json& object, std::string pointer, Violations& violations);

    std::string required_string(const std::string& name);
    std::optional<std::string> optional_string(const std::string& name);
    std::vector<std::string> required_string_array(const std::string& name);
    // A member that must be a JSON array; nullptr (with a violation) otherwise.
    const nlohmann::json* required_array(const std::string& name);
    std::optional<std::vector<std::string>> optional_string_array(const std::string& name);
    std::int64_t required_int(const std::string& name);
    std::optional<std::int64_t> optional_int(const std::string& name);
    std::optional<bool> optional_bool(const std::string& name);
    // A string member that must be one of an API enumeration's wire texts.
    template <api::WireEnum E> std::optional<E> required_enum(const std::string& name) {
        const std::size_t before = violations_.size();
        const std::string text = required_string(name);
        if (violations_.size() != before) {
            return std::nullopt;
        }
        const auto index = choice(text, api::wire_texts<E>(), field(name), violations_);
        return index ? std::optional(static_cast<E>(*index)) : std::nullopt;
    }
    // An RFC 3339 date-time member, parsed.
    std::optional<UnixMillis> optional_instant(const std::string& name);
    // Flags members other than those read so far (call last).
    void reject_unknown_members();

private:
    const nlohmann::json* member(const std::string& name);
    std::string field(const std::string& name) const { return pointer_ + "/" + name; }

    const nlohmann::json& object_;
    std::string pointer_;
    Violations& violations_;
    std::vector<std::string> known_;
};

std::optional<int> parse_int_parameter(const httplib::Request& request, const std::string& name,
                                       Violations& violations);
std::optional<std::string> string_parameter(const httplib::Request& request,
                                            const std::string& name);
std::optional<UnixMillis> instant_parameter(const httplib::Request& request,
                                            const std::string& name, Violations& violations);
// A query parameter that must be one of an API enumeration's wire texts; nullopt when absent
// or (with a violation) unknown.
template <api::WireEnum E>
std::optional<E> enum_parameter(const httplib::Request& request, const std::string& name,
                                Violations& violations) {
    const auto text = string_parameter(request, name);
    if (!text) {
        return std::nullopt;
    }
    const auto index = choice(*text, api::wire_texts<E>(), name, violations);
    return index ? std::optional(static_cast<E>(*index)) : std::nullopt;
}
// A numeric path segment captured by a route pattern; 404 when it is not a positive number.
std::int64_t path_id(const httplib::Request& request, std::size_t match_index);

} // namespace einblick::server

#include "json_body.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace einblick::server {

namespace {

std::string_view trim_whitespace(std::string_view text) {
    constexpr std::string_view whitespace = " \t"; // RFC 9110's OWS
    const auto first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

bool is_json_media_type(std::string_view content_type) {
    // RFC 9110 § 8.3.1: type "/" subtype, case-insensitive, then parameters, each after
    // optional whitespace, ";" and optional whitespace. The parameters are not looked at:
    // JSON is UTF-8 whatever a charset says (RFC 8259 § 8.1).
    const std::string_view essence =
        trim_whitespace(content_type.substr(0, content_type.find(';')));
    return equals_ignoring_case(essence, "application/json");
}

nlohmann::json parse_json_object(const httplib::Request& request) {
    if (!is_json_media_type(request.get_header_value("Content-Type"))) {
        throw ServiceError(ErrorKind::UnsupportedMediaType, "Falscher Inhaltstyp",
                           "Der Inhalt muss als application/json gesendet werden.");
    }
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        throw ServiceError(ErrorKind::BadRequest, "Fehlerhafte Anfrage",
                           "Der Inhalt ist kein gültiges JSON.");
    }
    if (!body.is_object()) {
        throw ServiceError(ErrorKind::BadRequest, "Fehlerhafte Anfrage",
                           "Der Inhalt muss ein JSON-Objekt sein.");
    }
    return body;
}

std::string allowed_values(std::span<const std::string_view> texts) {
    std::string out = "Erlaubt sind ";
    for (std::size_t i = 0; i < texts.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == texts.size() ? " und " : ", ");
        out += texts[i];
    }
    return out + ".";
}

std::optional<std::size_t> choice(const std::string& text, std::span<const std::string_view> texts,
                                  const std::string& field, Violations& violations) {
    const auto it = std::find(texts.begin(), texts.end(), text);
    if (it == texts.end()) {
        violations.add(field, "enum", allowed_values(texts));
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - texts.begin());
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string pointer,
                           Violations& violations)
    : object_(object), pointer_(std::move(pointer)), violations_(violations) {}

const nlohmann::json* ObjectReader::member(const std::string& name) {
    known_.push_back(name);
    const auto it = object_.find(name);
    return (it == object_.end() || it->is_null()) ? nullptr : &*it;
}

std::string ObjectReader::required_string(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        violations_.add(field(name), "required", "Pflichtangabe fehlt.");
        return {};
    }
    if (!value->is_string()) {
        violations_.add(field(name), "type", "Muss eine Zeichenkette sein.");
        return {};
    }
    return value->get<std::string>();
}

std::optional<std::string> ObjectReader::optional_string(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        violations_.add(field(name), "type", "Muss eine Zeichenkette sein.");
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::vector<std::string> ObjectReader::required_string_array(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        violations_.add(field(name), "required", "Pflichtangabe fehlt.");
        return {};
    }
    if (!value->is_array()) {
        violations_.add(field(name), "type", "Muss eine Liste von Zeichenketten sein.");
        return {};
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const auto& item = (*value)[i];
        if (!item.is_string()) {
            violations_.add(field(name) + "/" + std::to_string(i), "type",
                            "Muss eine Zeichenkette sein.");
            continue;
        }
        items.push_back(item.get<std::string>());
    }
    return items;
}

const nlohmann::json* ObjectReader::required_array(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        violations_.add(field(name), "required", "Pflichtangabe fehlt.");
        return nullptr;
    }
    if (!value->is_array()) {
        violations_.add(field(name), "type", "Muss eine Liste sein.");
        return nullptr;
    }
    return value;
}

std::optional<std::vector<std::string>>
ObjectReader::optional_string_array(const std::string& name) {
    if (!object_.contains(name) || object_.at(name).is_null()) {
        known_.push_back(name);
        return std::nullopt;
    }
    return required_string_array(name);
}

std::int64_t ObjectReader::required_int(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        violations_.add(field(name), "required", "Pflichtangabe fehlt.");
        return 0;
    }
    if (!value->is_number_integer()) {
        violations_.add(field(name), "type", "Muss eine ganze Zahl sein.");
        return 0;
    }
    return value->get<std::int64_t>();
}

std::optional<std::int64_t> ObjectReader::optional_int(const std::string& name) {
    if (!object_.contains(name) || object_.at(name).is_null()) {
        known_.push_back(name);
        return std::nullopt;
    }
    return required_int(name);
}

std::optional<bool> ObjectReader::optional_bool(const std::string& name) {
    const nlohmann::json* value = member(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_boolean()) {
        violations_.add(field(name), "type", "Muss true oder false sein.");
        return std::nullopt;
    }
    return value->get<bool>();
}

std::optional<UnixMillis> ObjectReader::optional_instant(const std::string& name) {
    const auto text = optional_string(name);
    if (!text) {
        return std::nullopt;
    }
    const auto parsed = parse_rfc3339(*text);
    if (!parsed) {
        violations_.add(field(name), "format",
                        "Muss ein Zeitpunkt nach RFC 3339 sein, z. B. 2026-11-28T09:30:00Z.");
    }
    return parsed;
}

void ObjectReader::reject_unknown_members() {
    for (const auto& [name, value] : object_.items()) {
        if (std::find(known_.begin(), known_.end(), name) == known_.end()) {
            violations_.add(field(name), "unknown_member", "Unbekannte Angabe.");
        }
    }
}

std::optional<int> parse_int_parameter(const httplib::Request& request, const std::string& name,
                                       Violations& violations) {
    if (!request.has_param(name.c_str())) {
        return std::nullopt;
    }
    const std::string text = request.get_param_value(name.c_str());
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        violations.add(name, "type", "Muss eine ganze Zahl sein.");
        return std::nullopt;
    }
    return value;
}

} // namespace einblick::server

namespace einblick::server {

std::optional<std::string> string_parameter(const httplib::Request& request,
                                            const std::string& name) {
    if (!request.has_param(name.c_str())) {
        return std::nullopt;
    }
    return request.get_param_value(name.c_str());
}

std::optional<UnixMillis> instant_parameter(const httplib::Request& request,
                                            const std::string& name, Violations& violations) {
    const auto text = string_parameter(request, name);
    if (!text) {
        return std::nullopt;
    }
    const auto parsed = parse_rfc3339(*text);
    if (!parsed) {
        violations.add(name, "format", "Muss ein Zeitpunkt nach RFC 3339 sein.");
    }
    return parsed;
}

std::int64_t path_id(const httplib::Request& request, std::size_t match_index) {
    const std::string text = request.matches[static_cast<int>(match_index)].str();
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value <= 0) {
        throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                           "Unter dieser Adresse gibt es nichts.");
    }
    return value;
}

} // namespace einblick::server

#include "einblick/shared/json_reader.hpp"

namespace einblick::api {

JsonReader::JsonReader(const nlohmann::json& value) : value_(value), ok_(value.is_object()) {}

const nlohmann::json* JsonReader::find(const char* key) {
    const nlohmann::json* member = find_optional(key);
    if (member == nullptr) {
        fail();
    }
    return member;
}

const nlohmann::json* JsonReader::find_optional(const char* key) {
    if (!value_.is_object()) {
        return nullptr;
    }
    const auto it = value_.find(key);
    return it == value_.end() || it->is_null() ? nullptr : &*it;
}

std::string JsonReader::text(const char* key) {
    const nlohmann::json* member = find(key);
    if (member == nullptr || !member->is_string()) {
        fail();
        return {};
    }
    return member->get<std::string>();
}

std::optional<std::string> JsonReader::optional_text(const char* key) {
    const nlohmann::json* member = find_optional(key);
    if (member == nullptr) {
        return std::nullopt;
    }
    if (!member->is_string()) {
        fail();
        return std::nullopt;
    }
    return member->get<std::string>();
}

std::int64_t JsonReader::integer(const char* key) {
    const nlohmann::json* member = find(key);
    if (member == nullptr || !member->is_number_integer()) {
        fail();
        return 0;
    }
    return member->get<std::int64_t>();
}

std::optional<std::int64_t> JsonReader::optional_integer(const char* key) {
    if (find_optional(key) == nullptr) {
        return std::nullopt;
    }
    return integer(key);
}

bool JsonReader::boolean(const char* key) {
    const nlohmann::json* member = find(key);
    if (member == nullptr || !member->is_boolean()) {
        fail();
        return false;
    }
    return member->get<bool>();
}

std::optional<bool> JsonReader::optional_boolean(const char* key) {
    if (find_optional(key) == nullptr) {
        return std::nullopt;
    }
    return boolean(key);
}

UnixMillis JsonReader::instant(const char* key) {
    const auto parsed = parse_rfc3339(text(key));
    if (!parsed) {
        fail();
        return 0;
    }
    return *parsed;
}

std::optional<UnixMillis> JsonReader::optional_instant(const char* key) {
    if (find_optional(key) == nullptr) {
        return std::nullopt;
    }
    return instant(key);
}

std::vector<std::string> JsonReader::texts(const char* key) {
    std::vector<std::string> out;
    const nlohmann::json* member = find(key);
    if (member == nullptr || !member->is_array()) {
        fail();
        return out;
    }
    for (const auto& item : *member) {
        if (!item.is_string()) {
            fail();
            return {};
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

} // namespace einblick::api

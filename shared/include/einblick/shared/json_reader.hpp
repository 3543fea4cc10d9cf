#pragma once
// Reading the API's JSON into the shared types without exceptions. The browser client is
// compiled without exception support, so a malformed answer must be recognised by checking,
// not by catching. Every `read` function checks each member's presence and type before it
// touches it and reports failure through the reader; `decode<T>` wraps it as an optional.
// The server and tests use the usual nlohmann `from_json`, which calls `read` and throws.

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::api {

class JsonReader {
public:
    // Reads members of `value`, which must be an object.
    explicit JsonReader(const nlohmann::json& value);

    bool ok() const { return ok_; }
    void fail() { ok_ = false; }

    std::string text(const char* key);
    std::optional<std::string> optional_text(const char* key);
    std::int64_t integer(const char* key);
    std::optional<std::int64_t> optional_integer(const char* key);
    bool boolean(const char* key);
    std::optional<bool> optional_boolean(const char* key);
    UnixMillis instant(const char* key);
    std::optional<UnixMillis> optional_instant(const char* key);
    std::vector<std::string> texts(const char* key);
    // One of an enumeration's wire texts (api_rules.hpp). Any other text fails the read: the
    // caller cannot act on a value it does not know (see docs/ARCHITECTURE.md, "A new limit
    // or enumeration of the API").
    template <WireEnum E> E enumeration(const char* key) {
        const std::optional<E> value = from_text<E>(text(key));
        if (!value) {
            fail();
            return E{};
        }
        return *value;
    }
    // The same for a member that may be absent or null.
    template <WireEnum E> std::optional<E> optional_enumeration(const char* key) {
        if (find_optional(key) == nullptr) {
            return std::nullopt;
        }
        return enumeration<E>(key);
    }
    // A nested object, read with `read(member, out)`.
    template <typename T> T object(const char* key) {
        T out{};
        const nlohmann::json* member = find(key);
        if (member == nullptr || !read(*member, out)) {
            fail();
        }
        return out;
    }
    template <typename T> std::optional<T> optional_object(const char* key) {
        const nlohmann::json* member = find_optional(key);
        if (member == nullptr) {
            return std::nullopt;
        }
        T out{};
        if (!read(*member, out)) {
            fail();
        }
        return out;
    }
    template <typename T> std::vector<T> objects(const char* key) {
        std::vector<T> out;
        const nlohmann::json* member = find(key);
        if (member == nullptr || !member->is_array()) {
            fail();
            return out;
        }
        for (const auto& item : *member) {
            T value{};
            if (!read(item, value)) {
                fail();
                return {};
            }
            out.push_back(std::move(value));
        }
        return out;
    }

private:
    const nlohmann::json* find(const char* key);          // required: fails when absent
    const nlohmann::json* find_optional(const char* key); // absent or null: nullptr

    const nlohmann::json& value_;
    bool ok_;
};

// For nlohmann's from_json: `read`, throwing std::invalid_argument on a wrong shape.
template <typename T>
void read_or_throw(const nlohmann::json& value, T& out, const char* type_name) {
    if (!read(value, out)) {
        throw std::invalid_argument(std::string("JSON does not have the shape of ") + type_name);
    }
}

// `T` from JSON, or nothing when the shape is wrong. Never throws.
template <typename T> std::optional<T> decode(const nlohmann::json& value) {
    T out{};
    if (!read(value, out)) {
        return std::nullopt;
    }
    return out;
}

} // namespace einblick::api

#include "einblick/shared/api_types.hpp"

#include "api_json_common.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace einblick::api {
namespace {

struct PurposeRef {
    std::int64_t id = 0;
    std::int64_t version = 0;
};

bool read(const nlohmann::json& j, PurposeRef& value) {
    JsonReader r(j);
    value.id = r.integer("id");
    value.version = r.integer("version");
    return r.ok();
}

} // namespace

std::string to_string(Role role) {
    return std::string(to_text(role));
}

std::optional<Role> role_from_string(const std::string& text) {
    return from_text<Role>(text);
}

// write_event below writes the same members as text for pages (to_json_text): a member added
// here must be added there too; the test that holds the two equal sets every member.
void to_json(nlohmann::json& j, const AccessEvent& value) {
    j = {{"id", value.id},
         {"seq", value.seq},
         {"leaf_index", value.leaf_index()},
         {"kind", to_text(value.kind)},
         {"outcome", to_text(value.outcome)},
         {"reason", value.reason},
         {"occurred_at", format_rfc3339_utc(value.occurred_at)},
         {"agency", detail::agency_json(value.agency_code, value.agency_name)},
         {"purpose", value.purpose},
         {"legal_basis", value.legal_basis},
         {"register", value.register_code},
         {"data_categories", value.data_categories},
         {"reported_late", value.reported_late}};
    if (value.recorded_at) {
        j["recorded_at"] = format_rfc3339_utc(*value.recorded_at);
    }
    if (value.purpose_id) {
        j["purpose_ref"] = {{"id", *value.purpose_id},
                            {"version", value.purpose_version.value_or(0)}};
    }
    if (value.official) {
        j["official"] = *value.official;
    }
    if (value.correlation_id) {
        j["correlation_id"] = *value.correlation_id;
    }
    if (value.consent_id) {
        j["consent_id"] = *value.consent_id;
    }
    if (value.citizen_ref) {
        j["citizen_ref"] = *value.citizen_ref;
    }
}

namespace {

// Writes JSON values to one text. Strings go through nlohmann's own serializer (escaping and
// its check of UTF-8), so the text is what dump() would write; objects are written with their
// keys in the order dump() writes them (sorted, as nlohmann::json keeps its objects).
class JsonText {
public:
    explicit JsonText(std::size_t expected_size)
        : serializer_(nlohmann::detail::output_adapter<char>(text_), ' ') {
        text_.reserve(expected_size);
    }

    // `name` is one of this file's constants: plain ASCII, nothing to escape.
    void key(std::string_view name) {
        comma();
        text_ += '"';
        text_ += name;
        text_ += "\":";
        first_ = true; // the value that follows needs no comma
    }
    void string(std::string_view value) {
        comma();
        escaped(value);
    }
    void integer(std::int64_t value) {
        comma();
        text_ += std::to_string(value);
    }
    void boolean(bool value) {
        comma();
        text_ += value ? "true" : "false";
    }
    void begin(char bracket) {
        comma();
        text_ += bracket;
        first_ = true;
    }
    void end(char bracket) {
        text_ += bracket;
        first_ = false;
    }
    std::string take() { return std::move(text_); }

private:
    void escaped(std::string_view value) {
        scratch_.get_ref<std::string&>().assign(value);
        serializer_.dump(scratch_, false, false, 0);
    }
    void comma() {
        if (!first_) {
            text_ += ',';
        }
        first_ = false;
    }

    std::string text_;
    nlohmann::detail::serializer<nlohmann::json> serializer_;
    nlohmann::json scratch_ = "";
    bool first_ = true;
};

// to_json(AccessEvent)'s members, in dump()'s order.
void write_event(JsonText& out, const AccessEvent& value) {
    out.begin('{');
    out.key("agency");
    out.begin('{');
    out.key("code");
    out.string(value.agency_code);
    out.key("name");
    out.string(value.agency_name);
    out.end('}');
    if (value.citizen_ref) {
        out.key("citizen_ref");
        out.string(*value.citizen_ref);
    }
    if (value.consent_id) {
        out.key("consent_id");
        out.integer(*value.consent_id);
    }
    if (value.correlation_id) {
        out.key("correlation_id");
        out.string(*value.correlation_id);
    }
    out.key("data_categories");
    out.begin('[');
    for (const std::string& category : value.data_categories) {
        out.string(category);
    }
    out.end(']');
    out.key("id");
    out.string(value.id);
    out.key("kind");
    out.string(to_text(value.kind));
    out.key("leaf_index");
    out.integer(value.leaf_index());
    out.key("legal_basis");
    out.string(value.legal_basis);
    out.key("occurred_at");
    out.string(format_rfc3339_utc(value.occurred_at));
    if (value.official) {
        out.key("official");
        out.string(*value.official);
    }
    out.key("outcome");
    out.string(to_text(value.outcome));
    out.key("purpose");
    out.string(value.purpose);
    if (value.purpose_id) {
        out.key("purpose_ref");
        out.begin('{');
        out.key("id");
        out.integer(*value.purpose_id);
        out.key("version");
        out.integer(value.purpose_version.value_or(0));
        out.end('}');
    }
    out.key("reason");
    out.string(value.reason);
    if (value.recorded_at) {
        out.key("recorded_at");
        out.string(format_rfc3339_utc(*value.recorded_at));
    }
    out.key("register");
    out.string(value.register_code);
    out.key("reported_late");
    out.boolean(value.reported_late);
    out.key("seq");
    out.integer(value.seq);
    out.end('}');
}

} // namespace

std::string to_json_text(const AccessEventPage& page) {
    JsonText out(page.items.size() * 512);
    out.begin('{');
    out.key("items");
    out.begin('[');
    for (const AccessEvent& event : page.items) {
        write_event(out, event);
    }
    out.end(']');
    if (page.next_cursor) {
        out.key("next_cursor");
        out.string(*page.next_cursor);
    }
    out.end('}');
    return out.take();
}

std::string to_json_text(const AccessEvent& event) {
    JsonText out(512);
    write_event(out, event);
    return out.take();
}

std::string batch_answer_json_text(std::span<const AccessEvent> events) {
    JsonText out(events.size() * 512 + 16);
    out.begin('{');
    out.key("events");
    out.begin('[');
    for (const AccessEvent& event : events) {
        write_event(out, event);
    }
    out.end(']');
    out.end('}');
    return out.take();
}

void to_json(nlohmann::json& j, const AccessEventPage& value) {
    j = {{"items", value.items}};
    if (value.next_cursor) {
        j["next_cursor"] = *value.next_cursor;
    }
}

void to_json(nlohmann::json& j, const LoginRequest& value) {
    j = {{"username", value.username}, {"password", value.password}};
}

void to_json(nlohmann::json& j, const SessionInfo& value) {
    j = {{"username", value.username},
         {"display_name", value.display_name},
         {"role", to_string(value.role)}};
}

void to_json(nlohmann::json& j, const FieldViolation& value) {
    j = {{"field", value.field}, {"rule", value.rule}, {"detail", value.detail}};
}

void to_json(nlohmann::json& j, const Problem& value) {
    j = {{"type", value.type},
         {"title", value.title},
         {"status", value.status},
         {"detail", value.detail}};
    if (!value.errors.empty()) {
        j["errors"] = value.errors;
    }
}

bool read(const nlohmann::json& j, AccessEvent& value) {
    JsonReader r(j);
    value.id = r.text("id");
    value.occurred_at = r.instant("occurred_at");
    detail::read_agency(r, j, "agency", value.agency_code, value.agency_name);
    value.purpose = r.text("purpose");
    value.legal_basis = r.text("legal_basis");
    value.data_categories = r.texts("data_categories");
    value.seq = r.optional_integer("seq").value_or(0);
    value.kind = r.optional_enumeration<AccessKind>("kind").value_or(AccessKind::Access);
    value.outcome =
        r.optional_enumeration<AccessOutcome>("outcome").value_or(AccessOutcome::Allowed);
    value.reason = r.optional_text("reason").value_or(std::string(to_text(AccessReason::Allowed)));
    value.register_code = r.optional_text("register").value_or("");
    if (const auto ref = r.optional_object<PurposeRef>("purpose_ref")) {
        value.purpose_id = ref->id;
        value.purpose_version = static_cast<int>(ref->version);
    }
    value.official = r.optional_text("official");
    value.correlation_id = r.optional_text("correlation_id");
    value.consent_id = r.optional_integer("consent_id");
    value.citizen_ref = r.optional_text("citizen_ref");
    value.recorded_at = r.optional_instant("recorded_at");
    value.reported_late = r.optional_boolean("reported_late").value_or(false);
    return r.ok();
}

bool read(const nlohmann::json& j, AccessEventPage& value) {
    JsonReader r(j);
    value.items = r.objects<AccessEvent>("items");
    value.next_cursor = r.optional_text("next_cursor");
    return r.ok();
}

bool read(const nlohmann::json& j, LoginRequest& value) {
    JsonReader r(j);
    value.username = r.text("username");
    value.password = r.text("password");
    return r.ok();
}

bool read(const nlohmann::json& j, SessionInfo& value) {
    JsonReader r(j);
    value.username = r.text("username");
    value.display_name = r.text("display_name");
    value.role = r.enumeration<Role>("role");
    return r.ok();
}

bool read(const nlohmann::json& j, FieldViolation& value) {
    JsonReader r(j);
    value.field = r.text("field");
    value.rule = r.text("rule");
    value.detail = r.optional_text("detail").value_or("");
    return r.ok();
}

bool read(const nlohmann::json& j, Problem& value) {
    // Lenient: a problem from a proxy or an older server still yields what it has.
    JsonReader r(j);
    value.type = r.optional_text("type").value_or("about:blank");
    value.title = r.optional_text("title").value_or("");
    value.status = static_cast<int>(r.optional_integer("status").value_or(0));
    value.detail = r.optional_text("detail").value_or("");
    if (j.is_object() && j.contains("errors") && j.at("errors").is_array()) {
        value.errors = r.objects<FieldViolation>("errors");
    }
    return r.ok();
}

void from_json(const nlohmann::json& j, AccessEvent& value) {
    read_or_throw(j, value, "AccessEvent");
}
void from_json(const nlohmann::json& j, AccessEventPage& value) {
    read_or_throw(j, value, "AccessEventPage");
}
void from_json(const nlohmann::json& j, LoginRequest& value) {
    read_or_throw(j, value, "LoginRequest");
}
void from_json(const nlohmann::json& j, SessionInfo& value) {
    read_or_throw(j, value, "SessionInfo");
}
void from_json(const nlohmann::json& j, FieldViolation& value) {
    read_or_throw(j, value, "FieldViolation");
}
void from_json(const nlohmann::json& j, Problem& value) {
    read_or_throw(j, value, "Problem");
}

} // namespace einblick::api

#include "api_json_common.hpp"

namespace einblick::api::detail {

nlohmann::json agency_json(const std::string& code, const std::string& name) {
    return {{"code", code}, {"name", name}};
}

void read_agency(JsonReader& reader, const nlohmann::json& object, const char* key,
                 std::string& code, std::string& name) {
    const auto it = object.is_object() ? object.find(key) : object.end();
    if (!object.is_object() || it == object.end()) {
        reader.fail();
        return;
    }
    JsonReader agency(*it);
    code = agency.text("code");
    name = agency.text("name");
    if (!agency.ok()) {
        reader.fail();
    }
}

} // namespace einblick::api::detail

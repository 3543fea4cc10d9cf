#pragma once
// Pieces of JSON that several API types share, written and read in one place.

#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace einblick::api::detail {

// {"code": …, "name": …} of an agency.
nlohmann::json agency_json(const std::string& code, const std::string& name);
// Reads that object from member `key`; a missing or malformed one fails the reader.
void read_agency(JsonReader& reader, const nlohmann::json& object, const char* key,
                 std::string& code, std::string& name);

} // namespace einblick::api::detail

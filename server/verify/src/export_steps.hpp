#pragma once
// What verify_export's files share.

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace einblick::server::verify {

using MismatchSink = std::function<void(std::string what)>;

// Each fact the export shows for an entry (`event`, AccessEvent's JSON) that its proved
// canonical entry (`proved`) states otherwise, or lacks, is reported once.
void compare_facts(const nlohmann::json& event, const nlohmann::json& proved,
                   const MismatchSink& mismatch);

} // namespace einblick::server::verify

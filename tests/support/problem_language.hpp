#pragma once
// Every text the server writes into a problem (title, detail, field errors) must have an
// English entry in the message catalogue (einblick/shared/messages.hpp): a caller who asks
// for English, and the client after its language switch, must not get German. The tests that
// provoke problems check each one with these.

#include "einblick/server/service_error.hpp"
#include "einblick/shared/messages.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

namespace einblick::testing {

inline void check_has_english(const std::string& german) {
    INFO("no English in the message catalogue for: ", german);
    CHECK(english_message(german).has_value());
}

inline void check_has_english(const nlohmann::json& problem) {
    check_has_english(problem.value("title", ""));
    check_has_english(problem.value("detail", ""));
    for (const auto& error : problem.value("errors", nlohmann::json::array())) {
        check_has_english(error.value("detail", ""));
    }
}

inline void check_has_english(const server::ServiceError& error) {
    check_has_english(error.title());
    check_has_english(std::string(error.what()));
    for (const api::FieldViolation& violation : error.violations()) {
        check_has_english(violation.detail);
    }
}

} // namespace einblick::testing

#include "einblick/shared/citizen_id.hpp"

#include <doctest/doctest.h>

using namespace einblick;

TEST_CASE("the check digit follows ISO/IEC 7064 MOD 11,10") {
    // Published example of a valid Steuer-IdNr: 86095742719.
    CHECK(citizen_id_check_digit("8609574271") == 9);
    CHECK(is_valid_citizen_id("86095742719"));
    CHECK_FALSE(citizen_id_check_digit("123").has_value());
    CHECK_FALSE(citizen_id_check_digit("12345678a0").has_value());
}

TEST_CASE("identifiers with a wrong length, leading zero or check digit are invalid") {
    CHECK_FALSE(is_valid_citizen_id("86095742718"));  // wrong check digit
    CHECK_FALSE(is_valid_citizen_id("8609574271"));   // too short
    CHECK_FALSE(is_valid_citizen_id("860957427190")); // too long
    CHECK_FALSE(is_valid_citizen_id("06095742719"));  // leading zero
    CHECK_FALSE(is_valid_citizen_id("8609574271X"));
    CHECK_FALSE(is_valid_citizen_id(""));
}

TEST_CASE("every single-digit typo is caught") {
    const std::string valid = "86095742719";
    for (std::size_t i = 0; i < valid.size(); ++i) {
        for (char d = '0'; d <= '9'; ++d) {
            if (d == valid[i]) {
                continue;
            }
            std::string typo = valid;
            typo[i] = d;
            CAPTURE(typo);
            CHECK_FALSE(is_valid_citizen_id(typo));
        }
    }
}

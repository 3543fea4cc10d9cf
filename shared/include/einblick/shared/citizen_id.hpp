#pragma once
// The national identifier (Identifikationsnummer, IdNr) as agencies send it: 11 digits, the
// first not 0, the last a check digit (ISO/IEC 7064 MOD 11,10). Einblick never stores it;
// the server turns it into a sector pseudonym at the door.

#include <optional>
#include <string>
#include <string_view>

namespace einblick {

// The check digit for the first ten digits, or nothing if they are not ten digits.
std::optional<int> citizen_id_check_digit(std::string_view first_ten_digits);

bool is_valid_citizen_id(std::string_view text);

} // namespace einblick

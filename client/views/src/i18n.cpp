#include "i18n.hpp"

#include <cstdlib>

namespace einblick::client::views {

std::string format_count(long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    const std::size_t first_group = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    out.append(digits, 0, first_group);
    for (std::size_t i = first_group; i < digits.size(); i += 3) {
        out += '.';
        out.append(digits, i, 3);
    }
    return value < 0 ? "-" + out : out;
}

} // namespace einblick::client::views

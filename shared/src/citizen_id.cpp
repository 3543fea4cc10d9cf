#include "einblick/shared/citizen_id.hpp"

#include <algorithm>

namespace einblick {
namespace {
bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

std::optional<int> citizen_id_check_digit(std::string_view first_ten_digits) {
    if (first_ten_digits.size() != 10 || !all_digits(first_ten_digits)) {
        return std::nullopt;
    }
    int product = 10;
    for (char c : first_ten_digits) {
        int sum = (c - '0' + product) % 10;
        if (sum == 0) {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    const int check = 11 - product;
    return check == 10 ? 0 : check;
}

bool is_valid_citizen_id(std::string_view text) {
    if (text.size() != 11 || !all_digits(text) || text.front() == '0') {
        return false;
    }
    const auto check = citizen_id_check_digit(text.substr(0, 10));
    return check && *check == text.back() - '0';
}

} // namespace einblick

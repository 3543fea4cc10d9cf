#include "einblick/shared/messages.hpp"

#include "server_message_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace einblick {
namespace {

constexpr std::string_view hole = "{}";

// A template cut at its holes: "Darf höchstens {} Zeichen lang sein." -> {"Darf höchstens ",
// " Zeichen lang sein."}. A text without holes is one part.
std::vector<std::string_view> fixed_parts(std::string_view pattern) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t at = pattern.find(hole); at != std::string_view::npos;
         at = pattern.find(hole, start)) {
        parts.push_back(pattern.substr(start, at - start));
        start = at + hole.size();
    }
    parts.push_back(pattern.substr(start));
    return parts;
}

// What fills the holes of `pattern` in `text` (each at least one character, the shortest
// that fits), or nullopt when `text` does not fit the pattern.
// The client asks this for every message it draws, each frame: most entries are settled by
// a comparison before anything is cut or allocated.
std::optional<std::vector<std::string_view>> holes_of(std::string_view pattern,
                                                      std::string_view text) {
    const std::size_t first_hole = pattern.find(hole);
    if (first_hole == std::string_view::npos) {
        return text == pattern ? std::optional(std::vector<std::string_view>{}) : std::nullopt;
    }
    if (!text.starts_with(pattern.substr(0, first_hole))) {
        return std::nullopt;
    }
    const std::vector<std::string_view> parts = fixed_parts(pattern);
    const std::string_view first = parts.front();
    const std::string_view last = parts.back();
    if (text.size() < first.size() + last.size() + 1 || !text.starts_with(first) ||
        !text.ends_with(last)) {
        return std::nullopt;
    }
    const std::size_t end = text.size() - last.size();
    std::size_t at = first.size();
    std::vector<std::string_view> holes;
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
        const std::size_t found = text.find(parts[i], at + 1);
        if (parts[i].empty() || found == std::string_view::npos || found + parts[i].size() > end) {
            return std::nullopt;
        }
        holes.push_back(text.substr(at, found - at));
        at = found + parts[i].size();
    }
    if (end <= at) {
        return std::nullopt;
    }
    holes.push_back(text.substr(at, end - at));
    return holes;
}

std::string filled(std::string_view pattern, const std::vector<std::string_view>& holes) {
    const std::vector<std::string_view> parts = fixed_parts(pattern);
    std::string out(parts.front());
    for (std::size_t i = 1; i < parts.size(); ++i) {
        out += i - 1 < holes.size() ? holes[i - 1] : std::string_view{};
        out += parts[i];
    }
    return out;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

// A qvalue (RFC 9110: "0", "0.8", "1.000") in thousandths, or -1 when it is malformed.
// Parsed by hand: strtod would follow the process's locale and its decimal comma.
int thousandths(std::string_view value) {
    if (value.empty() || (value[0] != '0' && value[0] != '1')) {
        return -1;
    }
    int result = (value[0] - '0') * 1000;
    if (value.size() == 1) {
        return result;
    }
    if (value[1] != '.' || value.size() > 5) {
        return -1;
    }
    int scale = 100;
    for (const char digit : value.substr(2)) {
        if (std::isdigit(static_cast<unsigned char>(digit)) == 0) {
            return -1;
        }
        result += (digit - '0') * scale;
        scale /= 10;
    }
    return result <= 1000 ? result : -1;
}

// The weight of one Accept-Language item from its parameters ("q=0.8"): 1000 without one.
int quality(std::string_view parameters) {
    while (!parameters.empty()) {
        const std::size_t semicolon = parameters.find(';');
        const std::string_view parameter = trimmed(parameters.substr(0, semicolon));
        if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
            parameter[1] == '=') {
            return std::max(0, thousandths(parameter.substr(2)));
        }
        parameters = semicolon == std::string_view::npos ? std::string_view{}
                                                         : parameters.substr(semicolon + 1);
    }
    return 1000;
}

// "de", "en" or "" for a language range such as "en-GB" or "DE".
std::string primary_language(std::string_view range) {
    std::string primary(range.substr(0, range.find('-')));
    for (char& c : primary) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return primary == "de" || primary == "en" ? primary : std::string{};
}

} // namespace

std::optional<std::string> english_message(std::string_view german) {
    return english_message(detail::server_message_catalog(), german);
}

std::optional<std::string> english_message(std::span<const MessageTemplate> catalogue,
                                           std::string_view german) {
    for (const MessageTemplate& entry : catalogue) {
        if (const auto holes = holes_of(entry.german, german)) {
            return filled(entry.english, *holes);
        }
    }
    return std::nullopt;
}

bool prefers_english(std::string_view accept_language) {
    int best = 0;
    bool english = false;
    while (!accept_language.empty()) {
        const std::size_t comma = accept_language.find(',');
        const std::string_view item = accept_language.substr(0, comma);
        const std::size_t semicolon = item.find(';');
        const std::string language = primary_language(trimmed(item.substr(0, semicolon)));
        const int q =
            semicolon == std::string_view::npos ? 1000 : quality(item.substr(semicolon + 1));
        if (!language.empty() && q > best) {
            best = q;
            english = language == "en";
        }
        accept_language = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_language.substr(comma + 1);
    }
    return english;
}

} // namespace einblick

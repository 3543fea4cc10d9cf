#pragma once
// What the DPO's pages (objection queue, purpose approvals, unusual access) share besides
// page_parts.hpp: German decimal numbers, the intro under a page heading.
// Header-only so that the three views stay self-contained.

#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"

#include <cmath>
#include <imgui.h>
#include <string>

namespace einblick::client::views::dpo {

// One decimal, German style: 4.2 -> "4,2", 1234.5 -> "1.234,5"; whole numbers as "12", or
// as "12,0" with `always_decimal` (a factor reads better so).
inline std::string format_decimal(double value, bool always_decimal = false) {
    if (!std::isfinite(value)) {
        return "\xE2\x80\x93"; // "–"
    }
    const long long tenths = std::llround(std::fabs(value) * 10.0);
    std::string text = (value < 0.0 && tenths != 0 ? "-" : "") + format_count(tenths / 10);
    if (tenths % 10 != 0 || always_decimal) {
        text += "," + std::to_string(tenths % 10);
    }
    return text;
}

// The muted sentence under a page heading that says what the page is for.
inline void draw_intro(const char* text) {
    ui::paragraph(text, &palette::muted_text);
    ImGui::Spacing();
}

} // namespace einblick::client::views::dpo

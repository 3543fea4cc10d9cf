#pragma once
// Pieces the DPO's pages share (objection queue, purpose approvals, unusual access): load
// failures with a retry, form errors (inline and as a summary), label/value lists, German
// decimal numbers. Header-only so that the three views stay self-contained.

#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <cmath>
#include <imgui.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::views::dpo {

// Pale red behind overdue or unusual rows; the text on it keeps its contrast (error colour
// about 6:1), and the row always says in words why it is marked.
inline constexpr ImU32 warning_row_bg = IM_COL32(253, 236, 236, 255);
// Pale blue behind rows that changed (purpose comparison).
inline constexpr ImU32 changed_row_bg = IM_COL32(232, 240, 250, 255);

// Nothing could be loaded: say why and offer to try again (the app reloads the page's data).
inline void draw_load_failed(const AppState& state, const std::optional<std::string>& error,
                             const char* fallback, Intents& intents) {
    const std::string text = error ? localized(state, *error) : std::string(fallback);
    ui::alert(text.c_str(), &widgets::error_color);
    ui::ButtonOptions options;
    options.primary = true;
    if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"), options)) {
        intents.emplace_back(intent::RetryLoad{});
    }
}

// The list of everything to fix, at the top of a form, announced at once.
inline void draw_error_summary(const AppState& state, const FieldErrors& errors) {
    if (errors.empty()) {
        return;
    }
    std::string text =
        errors.size() == 1
            ? tr(state, "Bitte korrigieren Sie eine Angabe:", "Please correct one entry:")
            : std::string(tr(state, "Bitte korrigieren Sie ", "Please correct ")) +
                  std::to_string(errors.size()) + tr(state, " Angaben:", " entries:");
    for (const FieldError& error : errors) {
        text += "\n\xE2\x80\xA2 " + localized(state, error.message); // "• "
    }
    ui::alert(text.c_str(), &widgets::error_color);
}

// The first error of a field, in the chosen language.
inline std::optional<std::string> field_error(const AppState& state, const FieldErrors& errors,
                                              std::string_view field) {
    std::optional<std::string> error = error_for(errors, field);
    if (error) {
        error = localized(state, *error);
    }
    return error;
}

// A message of the app layer: a notice is announced politely, an error at once.
inline void draw_notice(const AppState& state, const std::optional<std::string>& notice) {
    if (notice) {
        ui::status(localized(state, *notice).c_str());
    }
}
inline void draw_error(const AppState& state, const std::optional<std::string>& error) {
    if (error) {
        ui::alert(localized(state, *error).c_str(), &widgets::error_color);
    }
}

// The error of one field (from field_error), written next to it (not colour alone: it starts with
// "Fehler:").
inline void draw_field_error(const AppState& state, const std::optional<std::string>& error) {
    if (!error) {
        return;
    }
    const std::string text = std::string(tr(state, "Fehler: ", "Error: ")) + *error;
    ui::paragraph(text.c_str(), &widgets::error_color);
}

struct DetailField {
    std::string label;
    std::string value;
    const ImVec4* color = nullptr;
};

// Label and value side by side, labels in one column; stacked when the labels would take
// more than half of the width. Values wrap under themselves.
inline void draw_details(const std::vector<DetailField>& fields) {
    float label_width = 0.0F;
    for (const DetailField& field : fields) {
        label_width = std::max(label_width, ImGui::CalcTextSize(field.label.c_str()).x);
    }
    label_width += ImGui::GetStyle().ItemSpacing.x * 2.0F;
    const bool side_by_side = label_width < ImGui::GetContentRegionAvail().x * 0.5F;
    const float start = ImGui::GetCursorPosX();
    for (const DetailField& field : fields) {
        ui::text(field.label.c_str(), &widgets::muted_color);
        if (side_by_side) {
            ImGui::SameLine(start + label_width);
        }
        ui::paragraph(field.value.c_str(), field.color);
    }
}

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
    ui::paragraph(text, &widgets::muted_color);
    ImGui::Spacing();
}

} // namespace einblick::client::views::dpo

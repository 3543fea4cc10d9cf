#pragma once
// Layout helpers of the citizen's rights pages (consents, objections, registry, export):
// bordered cards, "label: value" lines, an action button whose accessible name names what it
// acts on, and the loading/error states of a Remote list. Everything a person reads or uses
// still goes through the accessible widgets of ui.hpp; plain ImGui here only lays out.

#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace einblick::client::views::rights {

inline const ImVec4 card_border{0.72F, 0.76F, 0.82F, 1.0F};
inline const ImVec4 card_background{0.975F, 0.98F, 0.99F, 1.0F};
inline const ImVec4 success_color{0.05F, 0.40F, 0.16F, 1.0F}; // about 7:1 on white
inline constexpr float card_padding = 14.0F;

// Replaces the accessible name of the node recorded last. For a button that shows a short
// verb ("Einwilligung widerrufen") but must be told apart from its siblings by assistive
// technology ("Einwilligung widerrufen: Berechnung des Elterngeldes"); the name starts with
// the visible text, so voice control by the visible label still works (WCAG 2.5.3).
inline void name_last(const std::string& name) {
    a11y::Recorder* rec = ui::recorder();
    if (rec != nullptr && !rec->tree().nodes.empty()) {
        rec->at(static_cast<int>(rec->tree().nodes.size()) - 1).name = name;
    }
}

// A button labelled `label` (may carry "###id") whose accessible name is `accessible_name`.
inline bool action_button(const char* label, const std::string& accessible_name,
                          const ui::ButtonOptions& options = {}) {
    const bool pressed = ui::button(label, options);
    name_last(accessible_name);
    return pressed;
}

// A bordered box around the content drawn between begin_card and end_card, with a light
// background behind it (drawn into a lower draw channel once the height is known).
struct Card {
    ImVec2 start;
    float width = 0.0F;
    ImVec4 border = card_border;
    float thickness = 1.0F;
};

// `alarm`: a thicker border in the error colour, for an error summary.
inline Card begin_card(bool alarm = false) {
    Card card;
    if (alarm) {
        card.border = widgets::error_color;
        card.thickness = 2.0F;
    }
    card.start = ImGui::GetCursorScreenPos();
    card.width = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::Dummy(ImVec2(0.0F, card_padding - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Indent(card_padding);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + card.width - 2.0F * card_padding);
    return card;
}

inline void end_card(const Card& card) {
    ImGui::PopTextWrapPos();
    ImGui::Unindent(card_padding);
    ImGui::Dummy(ImVec2(0.0F, card_padding - ImGui::GetStyle().ItemSpacing.y));
    const ImVec2 end(card.start.x + card.width, ImGui::GetCursorScreenPos().y -
                                                    ImGui::GetStyle().ItemSpacing.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSetCurrent(0);
    const float rounding = ImGui::GetStyle().ChildRounding;
    draw->AddRectFilled(card.start, end, ImGui::GetColorU32(card_background), rounding);
    draw->AddRect(card.start, end, ImGui::GetColorU32(card.border), rounding, 0, card.thickness);
    draw->ChannelsMerge();
    ImGui::Spacing();
}

// "Label:" in the muted colour, then the value wrapped in a column that starts at `indent`
// (relative to the current indentation), so that values line up like a definition list.
inline void field(const char* label, const std::string& value, float indent,
                  const ImVec4* value_color = nullptr) {
    const float line_start = ImGui::GetCursorPosX();
    ui::text(label, &widgets::muted_color);
    ImGui::SameLine(line_start + indent);
    ui::paragraph(value.c_str(), value_color);
}

// The width of the label column for `labels` (the longest plus a gap).
template <class... Labels> float label_width(const Labels*... labels) {
    float width = 0.0F;
    ((width = std::max(width, ImGui::CalcTextSize(labels).x)), ...);
    return width + 2.0F * ImGui::GetStyle().ItemSpacing.x;
}

// The loading and error states of a list: true when there is data to draw.
template <class T>
bool remote_ready(const AppState& state, const Remote<T>& remote, const char* loading_de,
                  const char* loading_en, const char* failed_de, const char* failed_en,
                  Intents& intents) {
    switch (remote.phase) {
    case LoadPhase::Loading:
        ui::status(tr(state, loading_de, loading_en), nullptr, true);
        return false;
    case LoadPhase::Failed: {
        const std::string message =
            remote.error ? localized(state, *remote.error)
                         : std::string(tr(state, failed_de, failed_en));
        ui::alert(message.c_str(), &widgets::error_color);
        ui::ButtonOptions retry;
        retry.primary = true;
        if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"), retry)) {
            intents.emplace_back(intent::RetryLoad{});
        }
        return false;
    }
    case LoadPhase::Ready:
        break;
    }
    if (remote.error) { // a reload failed; the older data stays shown below
        ui::alert(localized(state, *remote.error).c_str(), &widgets::error_color);
    }
    return true;
}

// "730 Tage (2 Jahre)", "90 Tage".
inline std::string retention_text(const AppState& state, int days) {
    std::string text = format_count(days) + (days == 1 ? tr(state, " Tag", " day")
                                                       : tr(state, " Tage", " days"));
    if (days >= 365 && days % 365 == 0) {
        const int years = days / 365;
        text += " (" + std::to_string(years) +
                (years == 1 ? tr(state, " Jahr)", " year)") : tr(state, " Jahre)", " years)"));
    }
    return text;
}

} // namespace einblick::client::views::rights

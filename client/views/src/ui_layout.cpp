// [SECTION] Responsive layout: the one breakpoint (from the canvas's width in CSS pixels) and
// text wrapped at spaces only. The decisions themselves are pure (layout.hpp).
#include "einblick/client/views/layout.hpp"
#include "ui_internal.hpp"

#include <algorithm>
#include <imgui_internal.h>
#include <string_view>

namespace einblick::client::ui {

float em() {
    // The font is rasterised at device pixels and scaled back to CSS size (FontGlobalScale),
    // so this is the UI font's size in CSS pixels whatever the zoom.
    const ImFont* font =
        ImGui::GetIO().FontDefault != nullptr ? ImGui::GetIO().FontDefault : ImGui::GetFont();
    return font->FontSize * ImGui::GetIO().FontGlobalScale;
}

bool narrow() {
    return views::layout::is_narrow(ImGui::GetMainViewport()->Size.x, em());
}

bool same_line_if_fits(float next_width) {
    const bool fits =
        next_width <= 0.0F
            ? !narrow()
            : next_width <= ImGui::GetContentRegionMax().x -
                                (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x) -
                                ImGui::GetStyle().ItemSpacing.x;
    if (fits) {
        ImGui::SameLine();
    }
    return fits;
}

bool menu_tab(const char* label, bool selected) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = recorder();
    if (rec != nullptr && rec->take_focus_request(id)) {
        ImGui::SetKeyboardFocusHere();
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0F, 0.5F));
    // A whole line to tap: at least 44 CSS px high (WCAG 2.5.5's target size).
    const float height = std::max(44.0F, ImGui::GetTextLineHeight() + style.FramePadding.y * 2.0F);
    const bool pressed = ImGui::Selectable(label, selected, 0, ImVec2(0.0F, height));
    ImGui::PopStyleVar();
    const bool activated = rec != nullptr && rec->take_activation(id);
    detail::record_item(a11y::Role::Tab, id, detail::visible_name(label),
                        selected ? a11y::state::selected : 0);
    return pressed || activated;
}

namespace detail {

void wrapped_text(const char* text) {
    const std::string_view all(text);
    // Within a PushTextWrapPos (a card's frame) wrap there, and never beyond the region (or
    // the table cell) the text is in.
    const float wrap_at = ImGui::GetCurrentWindow()->DC.TextWrapPos;
    const float region = ImGui::GetContentRegionAvail().x;
    const float available =
        wrap_at > 0.0F ? std::min(region, wrap_at - ImGui::GetCursorPosX()) : region;
    const auto measure = [](std::string_view piece) {
        return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
    };
    if (available <= 0.0F || measure(all) <= available) {
        ImGui::TextUnformatted(all.data(), all.data() + all.size());
        return;
    }
    const std::vector<views::layout::Line> lines =
        views::layout::wrap_words(all, available, measure);
    ImGui::BeginGroup();
    // The lines of one text follow each other as ImGui's own wrapped text does, without the
    // spacing between items.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0F));
    for (const views::layout::Line& line : lines) {
        ImGui::TextUnformatted(all.data() + line.begin, all.data() + line.end);
    }
    ImGui::PopStyleVar();
    ImGui::EndGroup();
}

} // namespace detail
} // namespace einblick::client::ui

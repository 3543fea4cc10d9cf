// [SECTION] Binding the recorder to the frame, the focus ring, and the item helpers of
// ui_internal.hpp.
#include "einblick/client/views/style.hpp"
#include "ui_internal.hpp"

#include <imgui_internal.h>

namespace einblick::client::ui {

namespace {

// The clip rectangle the current window draws its items in (a child window's visible area,
// a table column's): what lies outside it is not on screen.
std::optional<a11y::Rect> current_clip() {
    if (ImGui::GetCurrentContext() == nullptr || ImGui::GetCurrentWindowRead() == nullptr) {
        return std::nullopt;
    }
    const ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 min = list->GetClipRectMin();
    const ImVec2 max = list->GetClipRectMax();
    return a11y::Rect{min.x, min.y, max.x - min.x, max.y - min.y};
}

} // namespace

// The recorder (and the widgets' scratch) rides on ImGui's context (io.UserData) for the
// frame: it is per context like ImGui's own state, and no static of ours holds it.
FrameScope::FrameScope(a11y::Recorder& recorder)
    : context_(std::make_unique<detail::FrameContext>()), previous_(ImGui::GetIO().UserData) {
    context_->recorder = &recorder;
    ImGui::GetIO().UserData = context_.get();
    recorder.set_clip_source(current_clip);
}

FrameScope::~FrameScope() {
    context_->recorder->set_clip_source(nullptr);
    ImGui::GetIO().UserData = previous_;
}

a11y::Recorder* recorder() {
    const detail::FrameContext* context = detail::frame_context();
    return context == nullptr ? nullptr : context->recorder;
}

void draw_focus_ring(const a11y::Recorder& recorder) {
    const a11y::Tree& tree = recorder.tree();
    const a11y::NodeId focused = recorder.focused_id();
    const int index = focused == 0 ? -1 : tree.find(focused);
    if (index < 0) {
        return;
    }
    const a11y::Rect& rect = tree.nodes[static_cast<std::size_t>(index)].rect;
    // 3 px of the focus ring colour, 2 px outside the widget: at least 3:1 against the light
    // backgrounds (WCAG 2.4.7 / 1.4.11) and never covering the widget's own text.
    constexpr float gap = 2.0F;
    constexpr float thickness = 3.0F;
    const ImVec2 min(rect.x - gap - thickness * 0.5F, rect.y - gap - thickness * 0.5F);
    const ImVec2 max(rect.x + rect.width + gap + thickness * 0.5F,
                     rect.y + rect.height + gap + thickness * 0.5F);
    ImGui::GetForegroundDrawList()->AddRect(min, max,
                                            ImGui::GetColorU32(views::palette::focus_ring),
                                            ImGui::GetStyle().FrameRounding + gap, 0, thickness);
}

namespace detail {

FrameContext* frame_context() {
    return static_cast<FrameContext*>(ImGui::GetIO().UserData);
}

std::string visible_name(const char* label) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    return std::string(label, end);
}

a11y::Rect last_item_rect() {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 size = ImGui::GetItemRectSize();
    return a11y::Rect{min.x, min.y, size.x, size.y};
}

a11y::NodeId auto_id(const a11y::Recorder& recorder) {
    const int parent = recorder.current_parent();
    const a11y::NodeId parent_id =
        parent < 0 ? 0 : recorder.tree().nodes[static_cast<std::size_t>(parent)].id;
    const int ordinal = recorder.children_so_far();
    ImGuiID id = ImGui::GetID("#a11y");
    id = ImHashData(&parent_id, sizeof parent_id, id);
    return ImHashData(&ordinal, sizeof ordinal, id);
}

std::uint16_t last_item_states(bool include_focus) {
    std::uint16_t states = 0;
    if ((ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0) {
        states |= a11y::state::disabled;
    }
    if (include_focus && (ImGui::IsItemFocused() || ImGui::IsItemActive())) {
        states |= a11y::state::focused;
    }
    return states;
}

int record_item(a11y::Role role, a11y::NodeId id, std::string name, std::uint16_t states) {
    a11y::Recorder* rec = recorder();
    if (rec == nullptr) {
        return -1;
    }
    const std::uint16_t item_states = last_item_states(a11y::is_interactive(role));
    a11y::Node node;
    node.id = id;
    node.role = role;
    node.name = std::move(name);
    node.states = static_cast<std::uint16_t>(states | item_states);
    node.rect = last_item_rect();
    const int index = rec->add(std::move(node));
    if ((item_states & a11y::state::focused) != 0) {
        rec->mark_focused(index);
    }
    return index;
}

void snap_to_pixels() {
    ImGui::SetCursorScreenPos(ImFloor(ImGui::GetCursorScreenPos()));
    ImGui::SetNextItemWidth(IM_FLOOR(ImGui::CalcItemWidth()));
}

void push_primary_colors() {
    // The brand blue with white text: contrast about 8:1, above WCAG AAA's 7:1.
    ImGui::PushStyleColor(ImGuiCol_Button, views::palette::brand);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, views::palette::brand_hovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, views::palette::brand_active);
    ImGui::PushStyleColor(ImGuiCol_Text, views::palette::text_on_brand);
}

void pop_primary_colors() {
    ImGui::PopStyleColor(4);
}

} // namespace detail
} // namespace einblick::client::ui

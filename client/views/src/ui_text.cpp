// [SECTION] Landmarks, headings, text, live messages and progress.
#include "ui_internal.hpp"

namespace einblick::client::ui {
namespace {

void push_color(const ImVec4* color) {
    if (color != nullptr) {
        ImGui::PushStyleColor(ImGuiCol_Text, *color);
    }
}

void pop_color(const ImVec4* color) {
    if (color != nullptr) {
        ImGui::PopStyleColor();
    }
}

// Records the last ImGui item as a non-interactive node named by its text.
int record_text(a11y::Role role, const char* text, std::uint16_t states = 0) {
    a11y::Recorder* rec = recorder();
    if (rec == nullptr) {
        return -1;
    }
    return detail::record_item(role, detail::auto_id(*rec), text, states);
}

float heading_scale(int level) {
    switch (level) {
    case 1:
        return 1.5F;
    case 2:
        return 1.25F;
    case 3:
        return 1.1F;
    default:
        return 1.0F;
    }
}

} // namespace

void begin_region(a11y::Role role, const char* name) {
    if (a11y::Recorder* rec = recorder()) {
        begin_region(role, name, detail::auto_id(*rec));
    }
}

void begin_region(a11y::Role role, const char* name, a11y::NodeId id) {
    if (a11y::Recorder* rec = recorder()) {
        a11y::Node node;
        node.id = id;
        node.role = role;
        node.name = name;
        rec->open(std::move(node));
    }
}

void end_region() {
    if (a11y::Recorder* rec = recorder()) {
        rec->close();
    }
}

void describe_last(const char* description) {
    a11y::Recorder* rec = recorder();
    if (rec != nullptr && !rec->tree().nodes.empty()) {
        rec->at(static_cast<int>(rec->tree().nodes.size()) - 1).description = description;
    }
}

void set_last_language(const char* lang) {
    a11y::Recorder* rec = recorder();
    if (lang != nullptr && rec != nullptr && !rec->tree().nodes.empty()) {
        rec->at(static_cast<int>(rec->tree().nodes.size()) - 1).lang = lang;
    }
}

void heading(int level, const char* text) {
    ImGui::SetWindowFontScale(heading_scale(level));
    detail::wrapped_text(text);
    ImGui::SetWindowFontScale(1.0F);
    const int index = record_text(a11y::Role::Heading, text);
    if (index >= 0) {
        recorder()->at(index).level = static_cast<std::uint8_t>(level < 1   ? 1
                                                                : level > 6 ? 6
                                                                            : level);
    }
}

void text(const char* text, const ImVec4* color) {
    push_color(color);
    detail::wrapped_text(text);
    pop_color(color);
    record_text(a11y::Role::Text, text);
}

void field_label(const char* label) {
    detail::wrapped_text(detail::visible_name(label).c_str());
}

void key_figure(const char* value, const char* label, float value_scale) {
    ImGui::SetWindowFontScale(value_scale);
    ImGui::TextUnformatted(value);
    ImGui::SetWindowFontScale(1.0F);
    const a11y::Rect value_rect = detail::last_item_rect();
    detail::wrapped_text(label); // within its column, at words
    const int index = record_text(a11y::Role::Text, (std::string(label) + ": " + value).c_str());
    if (index >= 0) {
        recorder()->at(index).rect = a11y::unite(value_rect, detail::last_item_rect());
    }
}

void paragraph(const char* text, const ImVec4* color) {
    push_color(color);
    detail::wrapped_text(text);
    pop_color(color);
    record_text(a11y::Role::Text, text);
}

void status(const char* text, const ImVec4* color, bool busy) {
    push_color(color);
    detail::wrapped_text(text);
    pop_color(color);
    record_text(a11y::Role::Status, text, busy ? a11y::state::busy : 0);
}

void alert(const char* text, const ImVec4* color) {
    push_color(color);
    detail::wrapped_text(text);
    pop_color(color);
    record_text(a11y::Role::Alert, text);
}

void progress(const char* label, float fraction) {
    std::string value;
    if (fraction >= 0.0F) {
        const int percent = static_cast<int>(fraction * 100.0F + 0.5F);
        value = std::to_string(percent) + " %";
        ImGui::ProgressBar(fraction, ImVec2(-1.0F, 0.0F), value.c_str());
    } else {
        ImGui::TextUnformatted(label);
    }
    const int index =
        record_text(a11y::Role::ProgressBar, label, fraction < 0.0F ? a11y::state::busy : 0);
    if (index >= 0) {
        recorder()->at(index).value = value;
    }
}

} // namespace einblick::client::ui

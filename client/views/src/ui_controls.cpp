// [SECTION] Interactive widgets: buttons, links, text boxes, check boxes, radios, selects, tabs.
// Each takes the page's requests for its ID (focus, press, new text) before it draws, and
// records itself after ImGui drew it, so its rectangle and states are this frame's.
#include "einblick/client/views/layout.hpp"
#include "einblick/client/views/style.hpp"
#include "ui_internal.hpp"

#include <algorithm>
#include <cstring>
#include <imgui_internal.h>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::ui {
namespace {

// Takes the page's focus request for `id`, or the app's (`focus`): ImGui focuses the next
// item it draws.
a11y::Recorder* prepare(ImGuiID id, bool focus = false) {
    detail::snap_to_pixels();
    a11y::Recorder* rec = recorder();
    if (focus && rec != nullptr) {
        rec->focus_moving_to(id);
    }
    if ((rec != nullptr && rec->take_focus_request(id)) || focus) {
        ImGui::SetKeyboardFocusHere();
    }
    return rec;
}

bool take_activation(a11y::Recorder* rec, ImGuiID id) {
    const bool disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
    return rec != nullptr && rec->take_activation(id) && !disabled;
}

void describe(int index, const char* description) {
    a11y::Recorder* rec = recorder();
    if (rec != nullptr && index >= 0 && description != nullptr) {
        rec->at(index).description = description;
    }
}

// Cuts `text` to fit `size` bytes with the terminating NUL, never inside a UTF-8 sequence.
std::size_t fitting_length(const std::string& text, std::size_t size) {
    std::size_t length = std::min(text.size(), size - 1);
    while (length > 0 && length < text.size() &&
           (static_cast<unsigned char>(text[length]) & 0xC0U) == 0x80U) {
        --length;
    }
    return length;
}

// While the ImGui field is active its text lives in ImGui's edit state, not in the buffer;
// replacing it through the callback keeps ImGui's undo, cursor and selection consistent.
// A fixed buffer cuts the text to fit; a resizable one grows (InsertChars resizes).
void apply_edit(ImGuiInputTextCallbackData* data, const a11y::TextEdit& edit, bool resizable) {
    const std::size_t length =
        resizable ? edit.text.size()
                  : fitting_length(edit.text, static_cast<std::size_t>(data->BufSize));
    if (std::string_view(data->Buf, static_cast<std::size_t>(data->BufTextLen)) !=
        std::string_view(edit.text.data(), length)) {
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, edit.text.data(), edit.text.data() + length);
    }
    if (edit.selection_start >= 0) {
        const auto clamp = [data](int offset) { return std::clamp(offset, 0, data->BufTextLen); };
        data->SelectionStart = clamp(edit.selection_start);
        data->SelectionEnd = clamp(std::max(edit.selection_end, edit.selection_start));
        data->CursorPos = data->SelectionEnd;
    }
}

std::string masked(const char* text) {
    std::string bullets;
    for (const char* c = text; *c != '\0'; ++c) {
        if ((static_cast<unsigned char>(*c) & 0xC0U) != 0x80U) {
            bullets += "\xE2\x80\xA2"; // one bullet per code point, like the page's own field
        }
    }
    return bullets;
}

} // namespace

bool button(const char* label, const ButtonOptions& options) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    if (options.primary) {
        detail::push_primary_colors();
    }
    const bool pressed = ImGui::Button(label, options.size);
    if (options.primary) {
        detail::pop_primary_colors();
    }
    const bool activated = take_activation(rec, id);
    std::uint16_t states = options.busy ? a11y::state::busy : 0;
    if (options.expanded != nullptr) {
        states |= a11y::state::expandable | (*options.expanded ? a11y::state::expanded : 0);
    }
    const int index =
        detail::record_item(a11y::Role::Button, id, detail::visible_name(label), states);
    describe(index, options.description);
    if (rec != nullptr && index >= 0 && options.controls != 0) {
        rec->at(index).controls = options.controls;
    }
    if (rec != nullptr && index >= 0 && options.lang != nullptr) {
        rec->at(index).lang = options.lang;
    }
    return pressed || activated;
}

bool link(const char* label) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    const std::string name = detail::visible_name(label);
    // Wrapped at spaces like text where the line is too short (an error summary's entry on a
    // phone), each line underlined.
    const auto measure = [](std::string_view piece) {
        return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
    };
    const float available = ImGui::GetContentRegionAvail().x;
    std::vector<views::layout::Line> lines{{0, name.size()}};
    if (available > 0.0F && measure(name) > available) {
        lines = views::layout::wrap_words(name, available, measure);
    }
    const float line_height = ImGui::GetTextLineHeight();
    float width = 0.0F;
    for (const views::layout::Line& line : lines) {
        width = std::max(width,
                         measure(std::string_view(name).substr(line.begin, line.end - line.begin)));
    }
    const ImVec2 size(width, line_height * static_cast<float>(lines.size()));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(label, size);
    const ImU32 color = ImGui::GetColorU32(views::palette::link);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float y = pos.y;
    for (const views::layout::Line& line : lines) {
        const char* begin = name.data() + line.begin;
        const char* end = name.data() + line.end;
        const float line_width = ImGui::CalcTextSize(begin, end).x;
        draw->AddText(ImVec2(pos.x, y), color, begin, end);
        y += line_height;
        draw->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + line_width, y), color);
    }
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    const bool activated = take_activation(rec, id);
    detail::record_item(a11y::Role::Link, id, name);
    return pressed || activated;
}

namespace {

// A text box's ImGui storage: a fixed buffer, or a std::string that grows as typed.
struct TextStorage {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::string* string = nullptr;

    const char* c_str() const { return string != nullptr ? string->c_str() : buffer; }
    // Replaces the content outside ImGui's edit (the page's field changed while not active).
    bool assign(const std::string& text) {
        if (string != nullptr) {
            const bool changed = *string != text;
            *string = text;
            return changed;
        }
        const std::size_t length = fitting_length(text, size);
        const bool changed = std::string_view(buffer) != std::string_view(text.data(), length);
        std::copy_n(text.data(), length, buffer);
        buffer[length] = '\0';
        return changed;
    }
};

struct CallbackData {
    std::string* string = nullptr;
    const a11y::TextEdit* edit = nullptr;
};

int text_callback(ImGuiInputTextCallbackData* data) {
    const auto* user = static_cast<const CallbackData*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        user->string->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = user->string->data();
        return 0;
    }
    if (user->edit != nullptr) {
        apply_edit(data, *user->edit, user->string != nullptr);
    }
    return 0;
}

// ImGui's flags for a text box with these options.
ImGuiInputTextFlags input_flags(const TextInputOptions& options, float lines) {
    ImGuiInputTextFlags flags =
        lines > 0.0F ? ImGuiInputTextFlags_None : ImGuiInputTextFlags_AutoSelectAll;
    if (options.password) {
        flags |= ImGuiInputTextFlags_Password;
    }
    if (options.read_only) {
        flags |= ImGuiInputTextFlags_ReadOnly;
    }
    return flags;
}

// Records the text box drawn last with its states and value; a password's value only masked.
void record_text_box(a11y::Recorder* rec, ImGuiID id, const std::string& name, const char* value,
                     const TextInputOptions& options, float lines) {
    std::uint16_t states = options.password ? a11y::state::protected_text : 0;
    states |= options.required ? a11y::state::required : 0;
    states |= options.invalid ? a11y::state::invalid : 0;
    states |= lines > 0.0F ? a11y::state::multiline : 0;
    states |= options.read_only ? a11y::state::read_only : 0;
    const int index = detail::record_item(a11y::Role::TextBox, id, name, states);
    if (rec != nullptr && index >= 0) {
        rec->at(index).value = options.password ? masked(value) : value;
    }
    describe(index, options.description);
}

bool edit_text(const char* label, TextStorage storage, const TextInputOptions& options,
               float lines) {
    const std::string name = detail::visible_name(label);
    if (options.show_label) {
        detail::wrapped_text(name.c_str()); // the visible label; the field carries the name
    }
    const std::string field_id = std::string("##") + label;
    const ImGuiID id = ImGui::GetID(field_id.c_str());
    a11y::Recorder* rec = prepare(id, options.focus);
    std::optional<a11y::TextEdit> edit = rec != nullptr ? rec->take_edit(id) : std::nullopt;
    const bool disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
    if (options.read_only || disabled) {
        // The page's field is read-only too (a disabled one stays focusable, aria-disabled):
        // nothing typed may change the text.
        edit.reset();
    }
    bool changed = false;
    ImGuiInputTextFlags flags = input_flags(options, lines);
    CallbackData callback;
    callback.string = storage.string;
    if (edit && ImGui::GetActiveID() == id) {
        flags |= ImGuiInputTextFlags_CallbackAlways;
        callback.edit = &*edit;
    } else if (edit) {
        changed = storage.assign(edit->text);
    }
    if (storage.string != nullptr) {
        flags |= ImGuiInputTextFlags_CallbackResize;
        storage.buffer = storage.string->data();
        storage.size = storage.string->capacity() + 1;
    }
    const bool has_callback =
        (flags & (ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_CallbackResize)) != 0;
    ImGuiInputTextCallback on_event = has_callback ? text_callback : nullptr;
    if (lines > 0.0F) {
        const float height =
            ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2.0F;
        changed |=
            ImGui::InputTextMultiline(field_id.c_str(), storage.buffer, storage.size,
                                      ImVec2(options.width < 0.0F ? -1.0F : options.width, height),
                                      flags, on_event, &callback);
    } else {
        ImGui::SetNextItemWidth(options.width);
        changed |= ImGui::InputText(field_id.c_str(), storage.buffer, storage.size, flags, on_event,
                                    &callback);
    }
    record_text_box(rec, id, name, storage.c_str(), options, lines);
    return changed;
}

} // namespace

bool text_input(const char* label, char* buffer, std::size_t size,
                const TextInputOptions& options) {
    TextStorage storage;
    storage.buffer = buffer;
    storage.size = size;
    return edit_text(label, storage, options, 0.0F);
}

bool text_input(const char* label, std::string& text, const TextInputOptions& options) {
    TextStorage storage;
    storage.string = &text;
    return edit_text(label, storage, options, 0.0F);
}

bool text_area(const char* label, std::string& text, const TextInputOptions& options, float lines) {
    TextStorage storage;
    storage.string = &text;
    return edit_text(label, storage, options, lines > 0.0F ? lines : 1.0F);
}

namespace {

// A check box whose label is too long for the line: the box alone (ImGui takes the ID from
// "###…" only, so it is the same widget), its label wrapped at words beside it, and a click
// on the label toggles it too, as on a web page. False when the label fits on the line or
// has no "###" ID of its own (then ImGui draws it as usual).
bool wrapped_checkbox(const char* label, bool& checked, bool& changed) {
    const char* id_part = std::strstr(label, "###");
    const float box = ImGui::GetFrameHeight();
    const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
    const float available = ImGui::GetContentRegionAvail().x;
    if (id_part == nullptr ||
        box + gap + ImGui::CalcTextSize(label, nullptr, true).x <= available) {
        return false;
    }
    const std::string visible(label, id_part);
    ImGui::BeginGroup();
    changed = ImGui::Checkbox(id_part, &checked);
    ImGui::SameLine(0.0F, gap);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(1.0F, available - box - gap));
    detail::wrapped_text(visible.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemClicked()) {
        checked = !checked;
        changed = true;
    }
    ImGui::EndGroup();
    return true;
}

} // namespace

bool checkbox(const char* label, bool& checked) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    bool changed = false;
    const bool wrapped = wrapped_checkbox(label, checked, changed);
    if (!wrapped) {
        changed = ImGui::Checkbox(label, &checked);
    }
    if (take_activation(rec, id)) {
        checked = !checked;
        changed = true;
    }
    // A wrapped check box's last item is its group, which never has ImGui's focus: the box
    // inside it has. Without this the page's focus was dropped on it (narrow layouts).
    const bool box_focused = wrapped && (ImGui::GetFocusID() == id || ImGui::GetActiveID() == id);
    const int index =
        detail::record_item(a11y::Role::CheckBox, id, detail::visible_name(label),
                            static_cast<std::uint16_t>((checked ? a11y::state::checked : 0) |
                                                       (box_focused ? a11y::state::focused : 0)));
    if (box_focused && rec != nullptr && index >= 0) {
        rec->mark_focused(index);
    }
    return changed;
}

bool radio(const char* label, bool selected) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    const bool pressed = ImGui::RadioButton(label, selected);
    const bool activated = take_activation(rec, id);
    detail::record_item(a11y::Role::Radio, id, detail::visible_name(label),
                        selected ? a11y::state::checked : 0);
    return pressed || activated;
}

} // namespace einblick::client::ui

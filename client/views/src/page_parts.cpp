#include "page_parts.hpp"

#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"

#include <imgui_internal.h>

namespace einblick::client::views::parts {
namespace {

constexpr float card_padding = 14.0F;

std::string ui_name(const char* label) {
    return std::string(label, ImGui::FindRenderedTextEnd(label));
}

} // namespace

void name_last(const std::string& name) {
    a11y::Recorder* rec = ui::recorder();
    if (rec != nullptr && !rec->tree().nodes.empty()) {
        rec->at(static_cast<int>(rec->tree().nodes.size()) - 1).name = name;
    }
}

bool action_button(const char* label, const std::string& accessible_name,
                   const ui::ButtonOptions& options) {
    const bool pressed = ui::button(label, options);
    name_last(accessible_name);
    return pressed;
}

void copy_reference_button(const AppState& state, const std::string& reference) {
    constexpr double confirmation_seconds = 4.0;
    ImGui::PushID(reference.c_str());
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID copied_at = ImGui::GetID("copied_at");
    const float when = storage->GetFloat(copied_at, -100.0F);
    const bool confirming = ImGui::GetTime() - static_cast<double>(when) < confirmation_seconds;
    const char* label = confirming ? tr(state, "Kopiert###copy", "Copied###copy")
                                   : tr(state, "Kopieren###copy", "Copy###copy");
    // Beside the reference while it fits, else under it (a phone).
    ui::same_line_if_fits(ImGui::CalcTextSize(label, nullptr, true).x +
                          ImGui::GetStyle().FramePadding.x * 2.0F);
    // Starts with the visible word (WCAG 2.5.3), says what it copies.
    const std::string name =
        ui_name(label) + tr(state, ": Aktenzeichen ", ": reference number ") + reference;
    if (action_button(label, name)) {
        ImGui::SetClipboardText(reference.c_str()); // the platform's clipboard (browser_app)
        storage->SetFloat(copied_at, static_cast<float>(ImGui::GetTime()));
    }
    if (confirming) {
        ui::same_line_if_fits(ImGui::CalcTextSize(tr(state, "In die Zwischenablage kopiert.",
                                                     "Copied to the clipboard."))
                                  .x);
        ui::status(tr(state, "In die Zwischenablage kopiert.", "Copied to the clipboard."));
    }
    ImGui::PopID();
}

const char* data_lang(const AppState& state) {
    return state.language == Language::English ? "de" : nullptr;
}

void data_heading(const AppState& state, int level, const std::string& text) {
    ui::heading(level, text.c_str());
    ui::set_last_language(data_lang(state));
}

void data_cell(const AppState& state, const std::string& text, const ImVec4* color) {
    ui::table_cell(text.c_str(), color);
    ui::set_last_language(data_lang(state));
}

void data_paragraph(const AppState& state, const std::string& text, const ImVec4* color) {
    ui::paragraph(text.c_str(), color);
    ui::set_last_language(data_lang(state));
}

const char* language_switch_label(Language current) {
    return current == Language::German ? "English###language" : "Deutsch###language";
}

void language_switch(Language current, Intents& intents) {
    const bool german = current == Language::German;
    ui::ButtonOptions options;
    options.description =
        german ? "Switch the interface to English" : "Die Oberfläche auf Deutsch umstellen";
    options.lang = german ? "en" : "de";
    if (ui::button(language_switch_label(current), options)) {
        intents.emplace_back(intent::SetLanguage{german ? Language::English : Language::German});
    }
}

void draw_loading(const char* text) {
    ui::status(text, nullptr, true);
}

void draw_load_failed(const AppState& state, const std::optional<std::string>& error,
                      const char* fallback, Intents& intents) {
    const std::string text = error ? localized(state, *error) : std::string(fallback);
    ui::alert(text.c_str(), &palette::error);
    ui::ButtonOptions options;
    options.primary = true;
    if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"), options)) {
        intents.emplace_back(intent::RetryLoad{});
    }
}

void draw_reload_failed(const AppState& state, const std::string& error, Intents& intents) {
    const std::string text =
        localized(state, error) + tr(state, " Angezeigt wird der zuletzt geladene Stand.",
                                     " Shown below is what was loaded before.");
    ui::alert(text.c_str(), &palette::error);
    if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"))) {
        intents.emplace_back(intent::RetryLoad{});
    }
}

void draw_notice(const AppState& state, const std::optional<std::string>& notice) {
    if (notice) {
        ui::status(localized(state, *notice).c_str());
    }
}

void draw_error(const AppState& state, const std::optional<std::string>& error) {
    if (error) {
        ui::alert(localized(state, *error).c_str(), &palette::error);
    }
}

namespace {

const ErrorLink* link_for(std::span<const ErrorLink> links, const std::string& field) {
    for (const ErrorLink& link : links) {
        if (field.compare(0, link.field.size(), link.field) == 0 &&
            (field.size() == link.field.size() || field[link.field.size()] == '/')) {
            return &link;
        }
    }
    return nullptr;
}

} // namespace

void draw_error_summary(const AppState& state, const FieldErrors& errors,
                        std::span<const ErrorLink> links, int heading_level,
                        const SummaryFocus* focus) {
    if (errors.empty()) {
        return;
    }
    if (focus != nullptr && focus->shown_frames == 0) {
        ImGui::SetScrollY(0.0F);
    }
    const Card card = begin_card(true);
    ui::begin_region(a11y::Role::Alert, "");
    ImGui::PushStyleColor(ImGuiCol_Text, palette::error);
    ui::heading(heading_level,
                tr(state, "Bitte korrigieren Sie Ihre Angaben", "Please correct your entries"));
    ImGui::PopStyleColor();
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const std::string text = localized(state, errors[i]);
        const ErrorLink* link = link_for(links, errors[i].field);
        ImGui::TextUnformatted("\xE2\x80\xA2"); // a bullet: layout only, the list is the links
        ImGui::SameLine();
        if (link == nullptr) {
            ui::paragraph(text.c_str(), &palette::error);
            continue;
        }
        const std::string label = text + "###summary" + std::to_string(i);
        if (focus != nullptr && focus->shown_frames == 1 && i == 0) {
            ui::move_focus(ImGui::GetID(label.c_str())); // GOV.UK: the summary takes the focus
        }
        if (ui::link(label.c_str())) {
            ui::move_focus(ImGui::GetID(link->widget.c_str()));
        }
    }
    ui::end_region();
    end_card(card);
}

std::optional<std::string> field_error(const AppState& state, const FieldErrors& errors,
                                       std::string_view field) {
    const FieldError* error = first_error(errors, field);
    return error != nullptr ? std::optional<std::string>(localized(state, *error)) : std::nullopt;
}

void draw_field_error(const AppState& state, const std::optional<std::string>& error) {
    if (!error) {
        return;
    }
    const std::string text = std::string(tr(state, "Fehler: ", "Error: ")) + *error;
    ui::paragraph(text.c_str(), &palette::error);
}

InvalidFrame::InvalidFrame(bool invalid) : active_(invalid) {
    if (active_) {
        ImGui::PushStyleColor(ImGuiCol_Border, palette::error);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0F);
    }
}

InvalidFrame::~InvalidFrame() {
    if (active_) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
}

std::string field_head(const AppState& state, const char* label, const char* hint,
                       const std::optional<std::string>& error) {
    ui::field_label(label);
    std::string description = hint != nullptr ? hint : "";
    if (hint != nullptr) {
        ui::paragraph(hint, &palette::muted_text);
    }
    if (error) {
        const std::string text = std::string(tr(state, "Fehler: ", "Error: ")) + *error;
        ui::paragraph(text.c_str(), &palette::error);
        description += (description.empty() ? "" : " ") + text;
    }
    return description;
}

bool required_text_area(const AppState& state, const FieldErrors& errors, std::string_view field,
                        const char* label, std::string& text, float lines, const char* hint) {
    const std::optional<std::string> error = field_error(state, errors, field);
    ImGui::Spacing();
    const std::string description = field_head(state, label, hint, error);
    ui::TextInputOptions options;
    options.required = true;
    options.invalid = error.has_value();
    options.description = description.empty() ? nullptr : description.c_str();
    options.show_label = false;
    const InvalidFrame frame(options.invalid);
    return ui::text_area(label, text, options, lines);
}

void fact(const char* label, const char* value, float label_width, const char* value_lang) {
    ui::text(label, &palette::muted_text);
    // Narrow: the label over its value, which keeps the whole width.
    if (!ui::narrow() &&
        ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemSpacing.x < label_width) {
        ImGui::SameLine(label_width);
    }
    ui::paragraph(value);
    ui::set_last_language(value_lang);
}

void fact(const char* label, const std::string& value, float label_width, const char* value_lang) {
    fact(label, value.c_str(), label_width, value_lang);
}

void field(const char* label, const std::string& value, float indent, const ImVec4* value_color,
           const char* value_lang) {
    const float line_start = ImGui::GetCursorPosX();
    ui::text(label, &palette::muted_text);
    if (!ui::narrow()) {
        ImGui::SameLine(line_start + indent);
    }
    ui::paragraph(value.c_str(), value_color);
    ui::set_last_language(value_lang);
}

void draw_details(const std::vector<DetailField>& fields) {
    float label_width = 0.0F;
    for (const DetailField& field : fields) {
        label_width = std::max(label_width, ImGui::CalcTextSize(field.label.c_str()).x);
    }
    label_width += ImGui::GetStyle().ItemSpacing.x * 2.0F;
    const bool side_by_side =
        !ui::narrow() && label_width < ImGui::GetContentRegionAvail().x * 0.5F;
    const float start = ImGui::GetCursorPosX();
    for (const DetailField& field : fields) {
        ui::text(field.label.c_str(), &palette::muted_text);
        if (side_by_side) {
            ImGui::SameLine(start + label_width);
        }
        ui::paragraph(field.value.c_str(), field.color);
        ui::set_last_language(field.lang);
    }
}

std::string retention_text(const AppState& state, int days) {
    std::string text = plural(state, days, {"{} Tag", "{} Tage"}, {"{} day", "{} days"});
    if (days >= 365 && days % 365 == 0) {
        text += " (" + plural(state, days / 365, {"{} Jahr", "{} Jahre"}, {"{} year", "{} years"}) +
                ")";
    }
    return text;
}

Card begin_card(bool alarm) {
    Card card;
    card.border = palette::card_border;
    if (alarm) {
        card.border = palette::error;
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

void end_card(const Card& card) {
    ImGui::PopTextWrapPos();
    ImGui::Unindent(card_padding);
    ImGui::Dummy(ImVec2(0.0F, card_padding - ImGui::GetStyle().ItemSpacing.y));
    const ImVec2 end(card.start.x + card.width,
                     ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSetCurrent(0);
    const float rounding = ImGui::GetStyle().ChildRounding;
    draw->AddRectFilled(card.start, end, ImGui::GetColorU32(palette::card_background), rounding);
    draw->AddRect(card.start, end, ImGui::GetColorU32(card.border), rounding, 0, card.thickness);
    draw->ChannelsMerge();
    ImGui::Spacing();
}

} // namespace einblick::client::views::parts

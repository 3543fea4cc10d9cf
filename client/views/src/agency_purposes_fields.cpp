// The fields of the agency staff's purpose form: name, description, statute, GDPR basis (a
// list), data categories and source registers (check boxes), recipients, retention. Each shows
// its hint and its own error and is marked invalid for assistive technology; once errors are
// shown, leaving a changed field asks the app to check the form again.
#include "agency_purposes_parts.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::views::agency_purposes {
namespace {

namespace ia = intent::agency;

using parts::InvalidFrame;

// [SECTION] Vocabulary

// The server's terms once loaded, else the built-in list; codes the form holds that neither
// knows (an old version's) are listed too, so that they can be removed.
std::vector<Choice> choices(const std::vector<api::VocabularyTerm>* terms,
                            std::span<const VocabularyEntry> builtin, Language language,
                            const std::vector<std::string>& selected) {
    std::vector<Choice> out;
    if (terms != nullptr && !terms->empty()) {
        for (const api::VocabularyTerm& term : *terms) {
            out.push_back({term.code, language == Language::English ? term.en : term.de});
        }
    } else {
        for (const VocabularyEntry& entry : builtin) {
            out.push_back(
                {std::string(entry.code),
                 std::string(language == Language::English ? entry.english : entry.german)});
        }
    }
    for (const std::string& code : selected) {
        const bool known = std::any_of(out.begin(), out.end(),
                                       [&code](const Choice& c) { return c.code == code; });
        if (!known) {
            out.push_back({code, code});
        }
    }
    return out;
}

bool contains(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// [SECTION] The form's fields
//
// Each field has a JSON Pointer (its errors' `field`) and a stable ImGui ID ("###…"), so the
// error summary can move the focus to it in any language.

struct FieldInfo {
    const char* pointer;
    const char* id; // "###purpose_name"
    const char* label_de;
    const char* label_en;
};

constexpr FieldInfo name_field{"/name", "###purpose_name", "Name des Zwecks",
                               "Name of the purpose"};
constexpr FieldInfo description_field{"/description", "###purpose_description", "Beschreibung",
                                      "Description"};
constexpr FieldInfo legal_basis_field{"/legal_basis", "###purpose_legal_basis", "Rechtsvorschrift",
                                      "Statute"};
constexpr FieldInfo gdpr_field{"/gdpr_basis", "###purpose_gdpr_basis", "Rechtsgrundlage nach DSGVO",
                               "Legal basis under the GDPR"};
constexpr FieldInfo categories_field{"/data_categories", nullptr, "Datenkategorien",
                                     "Data categories"};
constexpr FieldInfo registers_field{"/source_registers", nullptr, "Quellregister",
                                    "Source registers"};
constexpr FieldInfo recipients_field{"/recipients", "###purpose_recipients", "Empfänger (optional)",
                                     "Recipients (optional)"};
constexpr FieldInfo retention_field{"/retention_days", "###purpose_retention",
                                    "Speicherdauer in Tagen", "Retention in days"};

std::string label_of(const AppState& state, const FieldInfo& field) {
    return std::string(tr(state, field.label_de, field.label_en)) + field.id;
}

std::string category_id(const std::string& code) {
    return "###category_" + code;
}
std::string register_id(const std::string& code) {
    return "###register_" + code;
}

std::optional<std::string> field_error(const AppState& state, const FieldInfo& field) {
    return parts::field_error(state, state.agency.purpose_form.errors, field.pointer);
}

// Once errors are shown, leaving a changed field checks the form again.
void check_after_edit(FieldContext& context, bool changed) {
    const PurposeForm& form = context.state.agency.purpose_form;
    if (form.errors.empty()) {
        return;
    }
    if (ImGui::IsItemDeactivatedAfterEdit() || (changed && !ImGui::IsItemActive())) {
        context.intents.emplace_back(ia::CheckPurposeForm{});
    }
}

void text_field(FieldContext& context, const FieldInfo& field, std::string& text, const char* hint,
                float lines = 0.0F, float width = -1.0F) {
    const AppState& state = context.state;
    const std::optional<std::string> error = field_error(state, field);
    const std::string label = label_of(state, field);
    const std::string description = parts::field_head(state, label.c_str(), hint, error);
    ui::TextInputOptions options;
    options.required = &field != &recipients_field; // recipients may be none
    options.invalid = error.has_value();
    options.description = description.empty() ? nullptr : description.c_str();
    options.width = width > 0.0F ? width : context.width;
    options.focus = context.focus_first && &field == &name_field;
    options.show_label = false;
    bool changed = false;
    {
        const InvalidFrame frame(options.invalid);
        changed = lines > 0.0F ? ui::text_area(label.c_str(), text, options, lines)
                               : ui::text_input(label.c_str(), text, options);
    }
    check_after_edit(context, changed);
    ImGui::Spacing();
}

// The GDPR basis: a list that starts with "Bitte wählen" (the page's <select> always shows an
// option, so "nothing chosen yet" must be one).
void gdpr_select(FieldContext& context, const std::vector<Choice>& bases) {
    AppState& state = context.state;
    PurposeForm& form = state.agency.purpose_form;
    const std::optional<std::string> error = field_error(state, gdpr_field);
    std::vector<std::string> items{tr(state, "Bitte wählen …", "Please choose …")};
    int current = 0;
    for (const Choice& basis : bases) {
        if (basis.code == form.gdpr_basis) {
            current = static_cast<int>(items.size());
        }
        items.push_back(basis.label);
    }
    const std::string label = label_of(state, gdpr_field);
    const std::string description = parts::field_head(state, label.c_str(), nullptr, error);
    // ImGui draws a combo's label to its right; the label is above, so clip that copy away.
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::PushClipRect(
        ImVec2(start.x - 4.0F, start.y - 4.0F),
        ImVec2(start.x + context.width + 4.0F, start.y + ImGui::GetFrameHeight() + 4.0F), true);
    ImGui::SetNextItemWidth(context.width);
    bool changed = false;
    {
        const InvalidFrame frame(error.has_value());
        changed = ui::select(label.c_str(), current, items);
    }
    ImGui::PopClipRect();
    if (a11y::Recorder* rec = ui::recorder()) {
        const int index = rec->tree().find(ImGui::GetID(label.c_str()));
        if (index >= 0) {
            a11y::Node& node = rec->at(index);
            node.rect.width = std::min(node.rect.width, context.width); // not the clipped label
            node.states |= a11y::state::required;
            if (error) {
                node.states |= a11y::state::invalid;
                node.description = description;
            }
        }
    }
    if (changed) {
        form.gdpr_basis =
            current > 0 ? bases[static_cast<std::size_t>(current - 1)].code : std::string();
        if (!form.errors.empty()) {
            context.intents.emplace_back(ia::CheckPurposeForm{});
        }
    }
    ImGui::Spacing();
}

// As many columns of check boxes as fit the longest label.
int checkbox_columns(const std::vector<Choice>& items, float width) {
    float widest = 0.0F;
    for (const Choice& item : items) {
        widest = std::max(widest, ImGui::CalcTextSize(item.label.c_str()).x);
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float column =
        widest + ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + style.ItemSpacing.x * 3.0F;
    return std::clamp(static_cast<int>(width / column), 1, 3);
}

template <class Toggle>
void checkbox_group(FieldContext& context, const FieldInfo& field, const std::vector<Choice>& items,
                    const std::vector<std::string>& selected,
                    std::string (*id_of)(const std::string&)) {
    const AppState& state = context.state;
    const std::optional<std::string> error = field_error(state, field);
    const char* name = tr(state, field.label_de, field.label_en);
    ui::begin_region(a11y::Role::Group, name);
    const std::string description = parts::field_head(state, name, nullptr, error);
    if (a11y::Recorder* rec = ui::recorder(); rec != nullptr && error) {
        rec->at(rec->current_parent()).description = description; // the group: why it is invalid
    }
    const int columns = checkbox_columns(items, context.width);
    const float column_width = context.width / static_cast<float>(columns);
    const float left = ImGui::GetCursorPosX();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const int column = static_cast<int>(i % static_cast<std::size_t>(columns));
        if (column > 0) {
            ImGui::SameLine(left + column_width * static_cast<float>(column));
        }
        const std::string label = items[i].label + id_of(items[i].code);
        bool checked = contains(selected, items[i].code);
        const InvalidFrame frame(error.has_value());
        if (ui::checkbox(label.c_str(), checked)) {
            Toggle toggle;
            toggle.code = items[i].code;
            context.intents.emplace_back(toggle);
        }
    }
    ui::end_region();
    ImGui::Spacing();
}

} // namespace

FormChoices form_choices(const AppState& state) {
    const PurposeForm& form = state.agency.purpose_form;
    const api::Vocabulary* vocabulary = state.vocabulary.ready() ? &state.vocabulary.data : nullptr;
    FormChoices out;
    out.categories = choices(vocabulary ? &vocabulary->data_categories : nullptr, data_categories(),
                             state.language, form.data_categories);
    out.registers = choices(vocabulary ? &vocabulary->registers : nullptr, registers(),
                            state.language, form.source_registers);
    std::vector<std::string> basis;
    if (!form.gdpr_basis.empty()) {
        basis.push_back(form.gdpr_basis);
    }
    out.bases = choices(vocabulary ? &vocabulary->gdpr_bases : nullptr, gdpr_bases(),
                        state.language, basis);
    return out;
}

std::vector<parts::ErrorLink> error_links(const FormChoices& choices) {
    std::vector<parts::ErrorLink> links;
    for (const FieldInfo* field : {&name_field, &description_field, &legal_basis_field, &gdpr_field,
                                   &recipients_field, &retention_field}) {
        links.push_back({field->pointer, field->id});
    }
    if (!choices.categories.empty()) {
        links.push_back({categories_field.pointer, category_id(choices.categories.front().code)});
    }
    if (!choices.registers.empty()) {
        links.push_back({registers_field.pointer, register_id(choices.registers.front().code)});
    }
    return links;
}

void draw_form_fields(FieldContext& context, const FormChoices& choices) {
    AppState& state = context.state;
    PurposeForm& form = state.agency.purpose_form;
    text_field(context, name_field, form.name,
               tr(state, "Kurz und verständlich, so wie Bürgerinnen und Bürger ihn lesen.",
                  "Short and clear, as citizens will read it."));
    const std::string description_hint =
        tr(state, "Wozu werden die Daten verwendet? Höchstens ",
           "What are the data used for? At most ") +
        plural(state, api::limits::purpose_description_max, {"{} Zeichen.", "{} Zeichen."},
               {"{} character.", "{} characters."});
    text_field(context, description_field, form.description, description_hint.c_str(), 4.0F);
    text_field(context, legal_basis_field, form.legal_basis,
               tr(state, "z. B. „Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV“",
                  "e.g. “Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV”"));
    gdpr_select(context, choices.bases);
    checkbox_group<ia::TogglePurposeCategory>(context, categories_field, choices.categories,
                                              form.data_categories, category_id);
    checkbox_group<ia::TogglePurposeRegister>(context, registers_field, choices.registers,
                                              form.source_registers, register_id);
    text_field(context, recipients_field, form.recipients_text,
               tr(state, "Stellen, an die die Daten weitergegeben werden, eine je Zeile.",
                  "Bodies the data are passed on to, one per line."),
               3.0F);
    const std::string retention_hint =
        tr(state, "Wie lange die Daten gespeichert bleiben: ", "How long the data are kept: ") +
        format_count(api::limits::purpose_retention_days_min) + tr(state, " bis ", " to ") +
        plural(state, api::limits::purpose_retention_days_max, {"{} Tag.", "{} Tage."},
               {"{} day.", "{} days."});
    text_field(context, retention_field, form.retention_days_text, retention_hint.c_str(), 0.0F,
               180.0F);
}

} // namespace einblick::client::views::agency_purposes

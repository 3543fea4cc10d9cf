// Agency staff's purposes (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 DSGVO): every
// purpose of their agency with the status of its newest version and the reason the data
// protection officer gave, and the form to propose a new purpose or a new version of one.
//
// The form is drawn instead of the list while it is open. Its errors (the app layer's checks
// or the server's 400, in one FieldErrors) appear twice, as GOV.UK forms do: an error summary
// at the top whose entries move the focus to their field, and under each invalid field, which
// is also marked invalid for assistive technology. Once errors are shown they are checked
// again whenever a field is left, so they follow what the person types; before the first
// submission nobody is told off for fields they have not reached yet.
#include "agency_widgets.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <cstdint>
#include <imgui.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::views {
namespace {

namespace ia = intent::agency;

constexpr float form_max_width = 760.0F;

// [SECTION] Focus across frames
//
// When the form opens, closes or first shows errors, the widget that had the focus goes
// away or the person must be led to what needs fixing; what the previous frame showed says
// which of these just happened.

constexpr int form_closed = 0;
constexpr int form_new = -1; // else the id of the purpose being revised

int form_key(const PurposeForm& form) {
    if (!form.open) {
        return form_closed;
    }
    return form.purpose_id ? static_cast<int>(*form.purpose_id) : form_new;
}

// For how many frames in a row the error summary has been shown (counting stops at 2): in the
// first the page scrolls to its top, in the second the focus goes to the summary's first
// entry (then already in view, so ImGui does not scroll it to the window's edge).
constexpr int summary_settled = 2;

struct FocusMemory {
    int previous_form = form_closed;
    int summary_frames = 0; // before this frame
};

bool summary_shown(const PurposeForm& form) {
    return form.open && !form.errors.empty();
}

FocusMemory recall(const agency::FrameMemory& frames, const PurposeForm& form) {
    FocusMemory memory;
    // Nothing remembered (first frame on this page): as if it had looked as it does now.
    memory.previous_form = frames.previous("form", form_key(form));
    memory.summary_frames = frames.previous("summary", summary_shown(form) ? summary_settled : 0);
    return memory;
}

void remember(const agency::FrameMemory& frames, const FocusMemory& memory,
              const PurposeForm& form) {
    frames.remember("form", form_key(form));
    frames.remember("summary",
                    summary_shown(form) ? std::min(memory.summary_frames + 1, summary_settled) : 0);
}

using agency::focus_widget;
using parts::draw_field_error;
using parts::InvalidFrame;
using parts::name_last;

// [SECTION] Vocabulary

struct Choice {
    std::string code;
    std::string label;
};

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

struct FormChoices {
    std::vector<Choice> categories;
    std::vector<Choice> registers;
    std::vector<Choice> bases;
};

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

bool has_prefix(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix &&
           (text.size() == prefix.size() || text[prefix.size()] == '/');
}

// The ImGui label (enough for its ID) of the widget an error belongs to; empty if none.
std::string focus_target(const std::string& pointer, const FormChoices& choices) {
    for (const FieldInfo* field : {&name_field, &description_field, &legal_basis_field, &gdpr_field,
                                   &recipients_field, &retention_field}) {
        if (has_prefix(pointer, field->pointer)) {
            return field->id;
        }
    }
    if (has_prefix(pointer, categories_field.pointer) && !choices.categories.empty()) {
        return category_id(choices.categories.front().code);
    }
    if (has_prefix(pointer, registers_field.pointer) && !choices.registers.empty()) {
        return register_id(choices.registers.front().code);
    }
    return {};
}

std::optional<std::string> field_error(const AppState& state, const FieldInfo& field) {
    return parts::field_error(state, state.agency.purpose_form.errors, field.pointer);
}

struct FieldContext {
    FieldContext(AppState& app_state, Intents& out) : state(app_state), intents(out) {}
    AppState& state;
    Intents& intents;
    float width = 0.0F;
    bool focus_first = false; // the form just opened: the first field takes the focus
};

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
    const std::string description = error ? *error : std::string(hint != nullptr ? hint : "");
    ui::TextInputOptions options;
    options.required = &field != &recipients_field; // recipients may be none
    options.invalid = error.has_value();
    options.description = description.empty() ? nullptr : description.c_str();
    options.width = width > 0.0F ? width : context.width;
    options.focus = context.focus_first && &field == &name_field;
    const std::string label = label_of(state, field);
    bool changed = false;
    {
        const InvalidFrame frame(options.invalid);
        changed = lines > 0.0F ? ui::text_area(label.c_str(), text, options, lines)
                               : ui::text_input(label.c_str(), text, options);
    }
    check_after_edit(context, changed);
    if (hint != nullptr) {
        ui::paragraph(hint, &palette::muted_text);
    }
    draw_field_error(state, error);
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
    ImGui::TextUnformatted(tr(state, gdpr_field.label_de, gdpr_field.label_en)); // the label
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
                node.description = *error;
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
    draw_field_error(state, error);
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
    if (error) {
        ui::describe_last(error->c_str()); // the group: why it is invalid
    }
    ui::text(name);
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
    draw_field_error(state, error);
    ImGui::Spacing();
}

// [SECTION] The form

// Everything to fix, at the top, announced at once; each entry moves the focus to its field.
void draw_error_summary(const AppState& state, const FormChoices& choices,
                        const FocusMemory& memory) {
    const PurposeForm& form = state.agency.purpose_form;
    if (form.errors.empty()) {
        return;
    }
    if (memory.summary_frames == 0) {
        ImGui::SetScrollY(0.0F); // the summary just appeared, maybe far above the submit button
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    constexpr float padding = 12.0F;
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::Dummy(ImVec2(0.0F, padding - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Indent(padding);

    ui::begin_region(a11y::Role::Alert, "");
    const std::string title =
        form.errors.size() == 1
            ? std::string(
                  tr(state, "Bitte korrigieren Sie eine Angabe:", "Please correct one entry:"))
            : std::string(tr(state, "Bitte korrigieren Sie ", "Please correct ")) +
                  std::to_string(form.errors.size()) + tr(state, " Angaben:", " entries:");
    ImGui::PushStyleColor(ImGuiCol_Text, palette::error);
    ui::heading(4, title.c_str());
    ImGui::PopStyleColor();
    for (std::size_t i = 0; i < form.errors.size(); ++i) {
        const FieldError& error = form.errors[i];
        const std::string label = localized(state, error) + "###summary_error" + std::to_string(i);
        if (memory.summary_frames == 1 && i == 0) {
            focus_widget(label.c_str()); // GOV.UK: the summary takes the focus
        }
        ImGui::TextUnformatted("\xE2\x80\xA2"); // bullet: layout only, the list is the links
        ImGui::SameLine();
        if (ui::link(label.c_str())) {
            const std::string target = focus_target(error.field, choices);
            if (!target.empty()) {
                focus_widget(target.c_str());
            }
        }
    }
    ui::end_region();

    ImGui::Unindent(padding);
    ImGui::Dummy(ImVec2(0.0F, padding - ImGui::GetStyle().ItemSpacing.y));
    const ImVec2 end(start.x + width,
                     ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y);
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(start, end, ImGui::GetColorU32(palette::error_background), 4.0F);
    draw->AddRect(start, end, ImGui::GetColorU32(palette::error), 4.0F, 0, 3.0F);
    draw->ChannelsMerge();
    ImGui::Spacing();
}

std::string form_title(const AppState& state) {
    const PurposeForm& form = state.agency.purpose_form;
    if (!form.purpose_id) {
        return tr(state, "Neuen Zweck vorschlagen", "Propose a new purpose");
    }
    const api::Purpose* purpose = find_purpose(state, *form.purpose_id);
    std::string title = tr(state, "Zweck überarbeiten", "Revise purpose");
    if (purpose != nullptr && !purpose->versions.empty()) {
        title += ": " + purpose->versions.back().content.name;
    }
    return title;
}

void draw_form_intro(const AppState& state) {
    const PurposeForm& form = state.agency.purpose_form;
    const api::Purpose* purpose = form.purpose_id ? find_purpose(state, *form.purpose_id) : nullptr;
    std::string intro;
    if (purpose != nullptr && !purpose->versions.empty()) {
        intro = std::string(tr(state, "Ihre Änderungen werden als Version ",
                               "Your changes are submitted as version ")) +
                std::to_string(purpose->versions.back().version + 1) +
                tr(state, " zur Prüfung eingereicht. ", " for review. ");
        if (purpose->in_force) {
            intro += std::string(tr(state, "Bis zur Genehmigung gilt weiter Version ",
                                    "Until it is approved, version ")) +
                     std::to_string(purpose->in_force->version) +
                     tr(state, ".", " stays in force.");
        }
    } else {
        intro = tr(state,
                   "Der Zweck wird der Datenschutzbeauftragten zur Prüfung vorgelegt. Abrufe "
                   "sind erst zulässig, wenn sie ihn genehmigt hat.",
                   "The purpose is put before the data protection officer for review. Access "
                   "is only allowed once she has approved it.");
    }
    ui::paragraph(intro.c_str(), &palette::muted_text);
    ui::paragraph(tr(state, "Alle Angaben außer den Empfängern sind Pflichtangaben.",
                     "All entries except the recipients are required."),
                  &palette::muted_text);
    ImGui::Spacing();
}

void draw_form_fields(FieldContext& context, const FormChoices& choices) {
    AppState& state = context.state;
    PurposeForm& form = state.agency.purpose_form;
    text_field(context, name_field, form.name,
               tr(state, "Kurz und verständlich, so wie Bürgerinnen und Bürger ihn lesen.",
                  "Short and clear, as citizens will read it."));
    text_field(context, description_field, form.description,
               tr(state, "Wozu werden die Daten verwendet? Höchstens 2000 Zeichen.",
                  "What are the data used for? At most 2000 characters."),
               4.0F);
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
    text_field(context, retention_field, form.retention_days_text,
               tr(state, "Wie lange die Daten gespeichert bleiben: 1 bis 3650 Tage.",
                  "How long the data are kept: 1 to 3650 days."),
               0.0F, 180.0F);
}

void draw_form_buttons(const AppState& state, Intents& intents) {
    const PurposeForm& form = state.agency.purpose_form;
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = form.submitting;
    if (ui::button(form.submitting ? tr(state, "Wird eingereicht …###submit_purpose",
                                        "Submitting …###submit_purpose")
                                   : tr(state, "Zur Prüfung einreichen###submit_purpose",
                                        "Submit for review###submit_purpose"),
                   submit)) {
        intents.emplace_back(ia::SubmitPurpose{});
    }
    ImGui::SameLine();
    ui::ButtonOptions cancel;
    cancel.description = tr(state, "Das Formular schließen, ohne etwas einzureichen.",
                            "Close the form without submitting anything.");
    if (ui::button(tr(state, "Abbrechen###close_purpose_form", "Cancel###close_purpose_form"),
                   cancel)) {
        intents.emplace_back(ia::ClosePurposeForm{});
    }
    if (form.submitting) {
        ui::status(tr(state, "Der Zweck wird übermittelt …", "Sending the purpose …"), nullptr,
                   true);
    }
}

void draw_form(AppState& state, Intents& intents, const FocusMemory& memory) {
    PurposeForm& form = state.agency.purpose_form;
    const std::string title = form_title(state);
    ImGui::PushID("purpose_form");
    ui::begin_region(a11y::Role::Form, title.c_str());
    ui::heading(3, title.c_str());
    draw_form_intro(state);
    const FormChoices choices = form_choices(state);
    draw_error_summary(state, choices, memory);
    if (form.error) {
        ui::alert(localized(state, *form.error).c_str(), &palette::error);
        ImGui::Spacing();
    }
    FieldContext context(state, intents);
    context.width = std::min(form_max_width, ImGui::GetContentRegionAvail().x);
    context.focus_first = memory.previous_form != form_key(form);
    ImGui::BeginDisabled(form.submitting);
    draw_form_fields(context, choices);
    ImGui::EndDisabled();
    draw_form_buttons(state, intents);
    ui::end_region();
    ImGui::PopID();
}

// [SECTION] The list of purposes

const char* new_purpose_label(const AppState& state) {
    return tr(state, "Neuen Zweck vorschlagen###new_purpose",
              "Propose a new purpose###new_purpose");
}

std::string revise_label(const AppState& state) {
    return tr(state, "Überarbeiten###revise", "Revise###revise");
}

std::string row_key(const api::Purpose& purpose) {
    return "purpose" + std::to_string(purpose.id);
}

const ImVec4* status_color(const std::string& status) {
    if (status == "approved") {
        return &palette::success;
    }
    if (status == "rejected") {
        return &palette::error;
    }
    return nullptr;
}

// "genehmigt am 31.10.2024", "zur Prüfung eingereicht am 02.03.2026".
std::string status_text(const AppState& state, const api::PurposeVersion& version) {
    std::string text = purpose_status_label(version.status, state.language);
    const UnixMillis when = version.decided_at.value_or(version.proposed_at);
    if (when > 0) {
        text += tr(state, " am ", " on ") + format_german_date(when);
    }
    return text;
}

void draw_purpose_row(const AppState& state, const api::Purpose& purpose, Intents& intents,
                      bool focus_revise) {
    if (purpose.versions.empty()) {
        return;
    }
    const api::PurposeVersion& newest = purpose.versions.back();
    const std::string key = row_key(purpose);
    ImGui::PushID(key.c_str());
    ui::table_row(key.c_str());
    parts::data_cell(state, newest.content.name);
    ui::paragraph(gdpr_basis_label(newest.content.gdpr_basis, state.language).c_str(),
                  &palette::muted_text);
    ui::table_cell(std::to_string(newest.version).c_str());
    ui::table_cell(status_text(state, newest).c_str(), status_color(newest.status));
    if (purpose.in_force && purpose.in_force->version != newest.version) {
        const std::string in_force = std::string(tr(state, "Version ", "Version ")) +
                                     std::to_string(purpose.in_force->version) +
                                     tr(state, " gilt weiter.", " stays in force.");
        ui::paragraph(in_force.c_str(), &palette::muted_text);
    }
    if (newest.decision_reason) {
        parts::data_cell(state, *newest.decision_reason);
    } else {
        ui::table_cell(tr(state, "Noch nicht entschieden.", "Not decided yet."),
                       &palette::muted_text);
    }
    ui::table_control_cell();
    if (newest.status == "retired") {
        ui::text(tr(state, "keine Änderung möglich", "cannot be changed"), &palette::muted_text);
    } else {
        const std::string label = revise_label(state);
        if (focus_revise) {
            focus_widget(label.c_str()); // back where the person left for the form
        }
        ui::ButtonOptions options;
        options.description = tr(state, "Eine neue Version dieses Zwecks vorschlagen.",
                                 "Propose a new version of this purpose.");
        const bool pressed = ui::button(label.c_str(), options);
        name_last(std::string(tr(state, "Überarbeiten: ", "Revise: ")) + newest.content.name);
        if (pressed) {
            intents.emplace_back(ia::RevisePurpose{purpose.id});
        }
    }
    ImGui::PopID();
}

void draw_purpose_table(const AppState& state, Intents& intents, const FocusMemory& memory) {
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    const char* name = tr(state, "Zwecke Ihrer Stelle", "Your agency's purposes");
    if (!ui::begin_table("agency_purposes", name, 5, flags)) {
        return;
    }
    const std::string revise = std::string(tr(state, "Überarbeiten", "Revise"));
    ImGui::TableSetupColumn(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ImGui::TableSetupColumn(tr(state, "Version", "Version"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("Version").x);
    ImGui::TableSetupColumn(tr(state, "Status", "Status"), ImGuiTableColumnFlags_None, 1.0F);
    ImGui::TableSetupColumn(
        tr(state, "Begründung der Datenschutzbeauftragten", "Data protection officer's reason"),
        ImGuiTableColumnFlags_None, 1.8F);
    ImGui::TableSetupColumn(
        tr(state, "Aktion", "Action"), ImGuiTableColumnFlags_WidthFixed,
        std::max(ImGui::CalcTextSize(revise.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0F,
                 ImGui::CalcTextSize(tr(state, "keine Änderung möglich", "cannot be changed")).x));
    ui::header_row();
    for (const api::Purpose& purpose : state.purposes.data) {
        draw_purpose_row(state, purpose, intents,
                         memory.previous_form > 0 && memory.previous_form == purpose.id);
    }
    ui::end_table();
}

void draw_list(AppState& state, Intents& intents, const FocusMemory& memory) {
    const PurposeForm& form = state.agency.purpose_form;
    if (form.notice) {
        ui::status(localized(state, *form.notice).c_str(), &palette::success);
        ImGui::Spacing();
    }
    ui::ButtonOptions start;
    start.primary = true;
    start.description = tr(state,
                           "Einen Zweck für das Verzeichnis der Verarbeitungstätigkeiten "
                           "zur Prüfung einreichen.",
                           "Submit a purpose for the record of processing activities for "
                           "review.");
    if (memory.previous_form == form_new) {
        focus_widget(new_purpose_label(state)); // the form was closed: back to where it began
    }
    if (ui::button(new_purpose_label(state), start)) {
        intents.emplace_back(ia::NewPurpose{});
    }
    ImGui::Spacing();
    ui::heading(3, tr(state, "Zwecke Ihrer Stelle", "Your agency's purposes"));

    const auto& purposes = state.purposes;
    // A failed reload keeps the older list shown.
    if (!parts::remote_ready(state, purposes,
                             tr(state, "Zwecke werden geladen …", "Loading purposes …"),
                             tr(state, "Die Zwecke konnten nicht geladen werden.",
                                "The purposes could not be loaded."),
                             intents)) {
        return;
    }
    if (purposes.data.empty()) {
        ui::status(tr(state,
                      "Ihre Stelle hat noch keinen Zweck. Schlagen Sie den ersten vor: Abrufe "
                      "sind nur für genehmigte Zwecke zulässig.",
                      "Your agency has no purpose yet. Propose the first one: access is only "
                      "allowed for approved purposes."));
        return;
    }
    draw_purpose_table(state, intents, memory);
}

} // namespace

void draw_agency_purposes(AppState& state, Intents& intents) {
    const agency::FrameMemory frames("agency_purposes");
    const FocusMemory memory = recall(frames, state.agency.purpose_form);
    ui::heading(2, page_title(state.page, state.language));
    ui::paragraph(tr(state,
                     "Jeder Abruf von Daten braucht einen genehmigten Zweck im Verzeichnis der "
                     "Verarbeitungstätigkeiten (Art. 30 DSGVO). Hier schlagen Sie Zwecke vor, "
                     "überarbeiten sie und sehen, wie die Datenschutzbeauftragte entschieden hat.",
                     "Every access to data needs an approved purpose in the record of processing "
                     "activities (GDPR Art. 30). Here you propose purposes, revise them and see "
                     "how the data protection officer decided."),
                  &palette::muted_text);
    ImGui::Spacing();
    if (state.agency.purpose_form.open) {
        draw_form(state, intents, memory);
    } else {
        draw_list(state, intents, memory);
    }
    remember(frames, memory, state.agency.purpose_form);
}

} // namespace einblick::client::views

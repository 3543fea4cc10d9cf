// The agency staff's form to propose a purpose or a new version of one. Its errors (the app
// layer's checks or the server's 400, in one FieldErrors) appear twice, as GOV.UK forms do: an
// error summary at the top whose entries move the focus to their field, and under each invalid
// field (agency_purposes_fields.cpp).
#include "agency_purposes_parts.hpp"
#include "agency_widgets.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace einblick::client::views::agency_purposes {
namespace {

namespace ia = intent::agency;

using agency::focus_widget;

constexpr float form_max_width = 760.0F;

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
    const std::string title = parts::correct_entries_title(state, form.errors.size());
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
    ui::same_line_if_fits();
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

} // namespace

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

} // namespace einblick::client::views::agency_purposes

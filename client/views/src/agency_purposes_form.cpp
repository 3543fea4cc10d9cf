// The agency staff's form to propose a purpose or a new version of one. Its errors (the app
// layer's checks or the server's 400, in one FieldErrors) appear twice, as GOV.UK forms do: in
// the error summary at the top (page_parts.hpp) whose entries move the focus to their field,
// and above each invalid field (agency_purposes_fields.cpp).
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
#include <vector>

namespace einblick::client::views::agency_purposes {
namespace {

namespace ia = intent::agency;

constexpr float form_max_width = 760.0F;

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
    const std::vector<parts::ErrorLink> links = error_links(choices);
    const parts::SummaryFocus focus{memory.summary_frames};
    parts::draw_error_summary(state, form.errors, links, 4, &focus);
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

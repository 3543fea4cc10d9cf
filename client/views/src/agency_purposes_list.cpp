// The agency staff's list of purposes: every purpose of their agency with the status of its
// newest version and the reason the data protection officer gave, "Überarbeiten" for each one
// that can still change, and "Neuen Zweck vorschlagen". When the form closes, the focus
// returns to the button that opened it.
#include "agency_purposes_parts.hpp"
#include "agency_widgets.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/shared/civil_time.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace einblick::client::views::agency_purposes {
namespace {

namespace ia = intent::agency;

using agency::focus_widget;
using parts::name_last;

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

const ImVec4* status_color(api::PurposeStatus status) {
    if (status == api::PurposeStatus::Approved) {
        return &palette::success;
    }
    if (status == api::PurposeStatus::Rejected) {
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
    if (newest.status == api::PurposeStatus::Retired) {
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
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Version", "Version"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("Version").x);
    ui::table_column(tr(state, "Status", "Status"), ImGuiTableColumnFlags_None, 1.0F);
    ui::table_column(
        tr(state, "Begründung der Datenschutzbeauftragten", "Data protection officer's reason"),
        ImGuiTableColumnFlags_None, 1.8F);
    ui::table_column(
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

} // namespace

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

} // namespace einblick::client::views::agency_purposes

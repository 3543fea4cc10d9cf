// An agency's log for the DPO, opened from "Auffällige Zugriffe": the entries of the seven
// days the figures count, newest first, with a pseudonymous reference per citizen so that many
// look-ups of one person stand out. "Zurück" returns to the figures.
#include "dpo_common.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "history_parts.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

namespace di = intent::dpo;

void draw_row(const AppState& state, const AgencyLogRow& row) {
    const EventRow& event = row.event;
    ImGui::PushID(event.id.c_str());
    ui::table_row(event.id.c_str());
    ui::table_cell(event.occurred_at.c_str());
    parts::data_cell(state, event.purpose);
    if (!event.refusal.empty()) {
        ui::paragraph(localized(state, event.refusal).c_str(), &palette::error);
    }
    parts::data_cell(state, event.legal_basis);
    ui::table_cell(
        access_history::row_labels(state, event.data_categories, data_categories()).c_str());
    ui::table_cell(row.citizen_ref.c_str());
    ImGui::PopID();
}

void draw_table(const AppState& state, const AgencyLog& log) {
    const std::string name = std::string(tr(state, "Protokoll von ", "Log of ")) + log.agency_name;
    if (!ui::begin_table("agency_log", name.c_str(), 5, parts::list_table_flags)) {
        return;
    }
    ui::table_column(tr(state, "Zeitpunkt", "Time"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("28.11.2026, 19:07").x);
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Rechtsgrundlage", "Legal basis"), ImGuiTableColumnFlags_None, 1.2F);
    ui::table_column(tr(state, "Datenkategorien", "Data categories"), ImGuiTableColumnFlags_None,
                     1.2F);
    ui::table_column(tr(state, "Bürger-Kennung", "Citizen reference"),
                     ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Bürger-Kennung").x);
    ui::header_row();
    for (const AgencyLogRow& row : log.rows.data) {
        draw_row(state, row);
    }
    ui::end_table();
}

void draw_footer(const AppState& state, const AgencyLog& log, Intents& intents) {
    const std::string shown = plural(state, static_cast<long long>(log.rows.data.size()),
                                     {"{} Eintrag angezeigt", "{} Einträge angezeigt"},
                                     {"{} entry shown", "{} entries shown"});
    ui::status(shown.c_str());
    if (log.more_error) {
        ui::alert(localized(state, *log.more_error).c_str(), &palette::error);
    }
    if (!log.next_cursor) {
        return;
    }
    ui::ButtonOptions options;
    options.busy = log.loading_more;
    if (ui::button(log.loading_more ? tr(state, "Wird geladen …###more", "Loading …###more")
                                    : tr(state, "Weitere laden###more", "Load more###more"),
                   options) &&
        !log.loading_more) {
        intents.emplace_back(di::LoadMoreAgencyLog{});
    }
}

} // namespace

void draw_agency_log(AppState& state, Intents& intents) {
    const AgencyLog& log = state.dpo.agency_log;
    if (ui::link(tr(state, "Zurück zu den Zugriffszahlen###back", "Back to the figures###back"))) {
        intents.emplace_back(di::CloseAgencyLog{});
    }
    const std::string heading =
        std::string(tr(state, "Zugriffe der Stelle ", "Accesses of ")) + log.agency_name;
    parts::data_heading(state, 2, heading);
    dpo::draw_intro(tr(state,
                       "Alle Zugriffe und Zugriffsprüfungen dieser Stelle in den letzten 7 "
                       "Tagen, die neuesten zuerst. Bürgerinnen und Bürger erscheinen nur mit "
                       "einer Kennung: Gleiche Kennung heißt gleiche Person, ohne dass sie "
                       "erkennbar wird.",
                       "Every access and access check of this agency in the last 7 days, "
                       "newest first. Citizens appear only as a reference: the same reference "
                       "means the same person, without revealing who it is."));
    if (!parts::remote_ready(state, log.rows,
                             tr(state, "Die Einträge werden geladen …", "Loading the entries …"),
                             tr(state, "Die Einträge konnten nicht geladen werden.",
                                "The entries could not be loaded."),
                             intents)) {
        return;
    }
    if (log.rows.data.empty()) {
        ui::status(tr(state, "In den letzten 7 Tagen hat diese Stelle nichts abgerufen.",
                      "This agency has accessed nothing in the last 7 days."));
        return;
    }
    draw_table(state, log);
    draw_footer(state, log, intents);
}

} // namespace einblick::client::views

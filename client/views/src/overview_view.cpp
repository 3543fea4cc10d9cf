// The citizen's overview, where a citizen lands after logging in: how often their data were
// accessed in the last 30 days, the latest accesses, open objections with their deadlines,
// consents that expire soon, and the accesses per month. Each section links to its page.
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "history_parts.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::views {
namespace {

constexpr float figure_scale = 2.0F;

void go_to(const char* label, Page page, Intents& intents) {
    if (ui::link(label)) {
        intents.emplace_back(intent::Navigate{page});
    }
}

// [SECTION] Figures

// The 30-day counts have arrived (the cards show numbers, not "…").
bool overview_count_known(const OverviewState& overview) {
    return overview.requested && !overview.counting && !overview.error;
}

// Each card is an item of the list of key figures, so that a screen reader reads them apart.
void card_start() {
    ImGui::TableNextColumn();
    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                           ImGui::GetColorU32(palette::figure_background));
    ImGui::Dummy(ImVec2(0.0F, 2.0F));
    ui::begin_region(a11y::Role::ListItem, "");
}

void card_end() {
    ui::end_region();
}

// The number drawn large above its label; read as "label: number".
void key_figure(const std::string& number, const std::string& label) {
    ui::key_figure(number.c_str(), label.c_str(), figure_scale);
}

void accesses_card(const AppState& state, Intents& intents) {
    const OverviewState& overview = state.citizen.overview;
    card_start();
    // The label follows the number shown above it; while counting it speaks of accesses.
    const bool one = overview_count_known(overview) && overview.accesses_30d == 1 &&
                     !overview.count_is_lower_bound;
    const std::string label = plural(
        state, one ? 1 : 2, {"Zugriff in den letzten 30 Tagen", "Zugriffe in den letzten 30 Tagen"},
        {"Access in the last 30 days", "Accesses in the last 30 days"});
    if (overview.error) {
        ui::alert(localized(state, *overview.error).c_str(), &palette::error);
        if (ui::button(tr(state, "Erneut zählen###retry_count", "Count again###retry_count"))) {
            intents.emplace_back(intent::RetryLoad{});
        }
        ui::text(label.c_str());
    } else if (overview.counting || !overview.requested) {
        key_figure("…", label);
        ui::status(tr(state, "Zugriffe werden gezählt …", "Counting accesses …"), nullptr, true);
    } else {
        std::string number = format_count(overview.accesses_30d);
        if (overview.count_is_lower_bound) {
            number = tr(state, "mehr als ", "more than ") + number;
        }
        key_figure(number, label);
    }
    card_end();
}

// What the refused attempts mean, in the number shown: none, one, or several.
std::string denied_explanation(const AppState& state, const OverviewState& overview) {
    if (!overview_count_known(overview)) {
        return tr(state, "Behörden, die Daten abrufen wollten und abgewiesen wurden.",
                  "Authorities that tried to retrieve data and were refused.");
    }
    const int count = overview.count_is_lower_bound ? 2 : overview.denied_checks_30d;
    return plural(state, count,
                  {"Eine Behörde wollte Daten abrufen und wurde abgewiesen.",
                   "So oft wollten Behörden Daten abrufen und wurden abgewiesen.",
                   "Keine Behörde wurde beim Abruf Ihrer Daten abgewiesen."},
                  {"An authority tried to retrieve data and was refused.",
                   "This many times authorities tried to retrieve data and were refused.",
                   "No authority was refused when retrieving your data."});
}

void denied_card(const AppState& state) {
    const OverviewState& overview = state.citizen.overview;
    card_start();
    const bool known = overview_count_known(overview);
    std::string number = known ? format_count(overview.denied_checks_30d) : std::string("…");
    if (known && overview.count_is_lower_bound) {
        number = tr(state, "mindestens ", "at least ") + number;
    }
    const bool one = known && overview.denied_checks_30d == 1 && !overview.count_is_lower_bound;
    key_figure(
        number,
        plural(state, one ? 1 : 2,
               {"Abgelehnter Abrufversuch in 30 Tagen", "Abgelehnte Abrufversuche in 30 Tagen"},
               {"Refused retrieval attempt in 30 days", "Refused retrieval attempts in 30 days"}));
    ui::paragraph(denied_explanation(state, overview).c_str(), &palette::muted_text);
    card_end();
}

void objections_card(const AppState& state) {
    card_start();
    const auto& list = state.citizen.objections.list;
    const long long open =
        list.ready() ? static_cast<long long>(open_objections(state).size()) : -1;
    key_figure(open >= 0 ? format_count(open) : std::string("…"),
               plural(state, open, {"Offener Widerspruch", "Offene Widersprüche"},
                      {"Open objection", "Open objections"}));
    card_end();
}

void draw_figures(const AppState& state, Intents& intents) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchSame |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_PadOuterX;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(14.0F, 10.0F));
    // A list of three items for screen readers, not one run of text; narrow: one under the
    // other.
    ui::begin_region(a11y::Role::List, tr(state, "Kennzahlen der letzten 30 Tage",
                                          "Key figures of the last 30 days"));
    if (ImGui::BeginTable("overview_figures", ui::narrow() ? 1 : 3, flags)) {
        ImGui::TableNextRow();
        accesses_card(state, intents);
        denied_card(state);
        objections_card(state);
        ImGui::EndTable();
    }
    ui::end_region();
    ImGui::PopStyleVar();
}

// [SECTION] Lists

void draw_latest(const AppState& state, Intents& intents) {
    const OverviewState& overview = state.citizen.overview;
    ui::heading(3, tr(state, "Ihre letzten Zugriffe", "Your latest accesses"));
    if (overview.latest.empty()) {
        if (overview.counting || !overview.requested) {
            ui::status(
                tr(state, "Die letzten Zugriffe werden geladen …", "Loading the latest accesses …"),
                nullptr, true);
        } else if (!overview.error) {
            ui::status(tr(state, "In den letzten 30 Tagen gab es keine Zugriffe auf Ihre Daten.",
                          "There were no accesses to your data in the last 30 days."));
        }
    } else if (ui::begin_table("overview_latest", tr(state, "Letzte Zugriffe", "Latest accesses"),
                               3, parts::list_table_flags)) {
        ui::table_column(tr(state, "Zeitpunkt", "Time"), ImGuiTableColumnFlags_WidthFixed,
                         ImGui::CalcTextSize("28.11.2026, 19:07").x);
        ui::table_column(tr(state, "Abrufende Stelle", "Authority"), ImGuiTableColumnFlags_None,
                         1.0F);
        ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.2F);
        ui::header_row();
        for (const EventRow& row : overview.latest) {
            ImGui::PushID(row.id.c_str());
            ui::table_row(row.id.c_str());
            // As in the history: the time is the link to the access's detail, so it is reached
            // with Tab and opened with Enter as well as by a click.
            ui::table_control_cell();
            const std::string link = row.occurred_at + "###open_access";
            if (ui::link(link.c_str())) {
                intents.emplace_back(intent::citizen::OpenAccess{row.id});
            }
            ui::describe_last(tr(state, "Einzelheiten zu diesem Zugriff anzeigen",
                                 "Show the details of this access"));
            access_history::draw_entry_trust(state, row.id);
            parts::data_cell(state, row.agency_name);
            parts::data_cell(state, row.purpose);
            if (!row.refusal.empty()) {
                ui::paragraph(localized(state, row.refusal).c_str(), &palette::error);
            }
            ImGui::PopID();
        }
        ui::end_table();
        access_history::draw_overview_trust(state);
    }
    go_to(tr(state, "Alle Zugriffe ansehen###all_accesses", "See all accesses###all_accesses"),
          Page::History, intents);
}

// Loading and failure of a list the overview shows; true when it is ready to draw.
template <class T>
bool list_ready(const AppState& state, const Remote<T>& list, const char* loading,
                const char* retry_label, Intents& intents) {
    switch (list.phase) {
    case LoadPhase::Loading:
        ui::status(loading, nullptr, true);
        return false;
    case LoadPhase::Failed:
        ui::alert(list.error
                      ? localized(state, *list.error).c_str()
                      : tr(state, "Das konnte nicht geladen werden.", "This could not be loaded."),
                  &palette::error);
        if (ui::button(retry_label)) {
            intents.emplace_back(intent::RetryLoad{});
        }
        return false;
    case LoadPhase::Ready:
        break;
    }
    return true;
}

void draw_open_objections(const AppState& state, Intents& intents) {
    ui::heading(3, tr(state, "Offene Widersprüche", "Open objections"));
    if (list_ready(state, state.citizen.objections.list,
                   tr(state, "Ihre Widersprüche werden geladen …", "Loading your objections …"),
                   tr(state, "Widersprüche erneut laden###retry_objections",
                      "Reload objections###retry_objections"),
                   intents)) {
        const std::vector<const ObjectionRow*> open = open_objections(state);
        if (open.empty()) {
            ui::status(
                tr(state, "Sie haben keine offenen Widersprüche.", "You have no open objections."));
        } else if (ui::begin_table("overview_objections",
                                   tr(state, "Offene Widersprüche", "Open objections"), 3,
                                   parts::list_table_flags)) {
            ui::table_column(tr(state, "Aktenzeichen", "Reference"),
                             ImGuiTableColumnFlags_WidthFixed,
                             ImGui::CalcTextSize("W-2026-000000").x);
            ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
            ui::table_column(tr(state, "Antwort bis", "Answer due"), ImGuiTableColumnFlags_None,
                             1.0F);
            ui::header_row();
            for (const ObjectionRow* row : open) {
                const api::Objection& objection = row->objection;
                ImGui::PushID(static_cast<int>(objection.id));
                ui::table_row(objection.reference.c_str());
                ui::table_cell(objection.reference.c_str());
                parts::data_cell(state, objection.purpose_name + " – " + objection.agency_name);
                const bool overdue = objection.overdue || state.now > objection.due_at;
                std::string due = row->due_at;
                if (row->extended) {
                    due += tr(state, " (verlängert)", " (extended)");
                }
                if (overdue) {
                    due += tr(state, " – überfällig", " – overdue");
                }
                ui::table_cell(due.c_str(), overdue ? &palette::error : nullptr);
                ImGui::PopID();
            }
            ui::end_table();
        }
    }
    go_to(tr(state, "Alle Widersprüche ansehen###all_objections",
             "See all objections###all_objections"),
          Page::Objections, intents);
}

void draw_expiring_consents(const AppState& state, Intents& intents) {
    ui::heading(3, tr(state, "Bald ablaufende Einwilligungen", "Consents expiring soon"));
    if (list_ready(state, state.citizen.consents.list,
                   tr(state, "Ihre Einwilligungen werden geladen …", "Loading your consents …"),
                   tr(state, "Einwilligungen erneut laden###retry_consents",
                      "Reload consents###retry_consents"),
                   intents)) {
        const std::vector<const ConsentRow*> expiring = expiring_consents(state);
        if (expiring.empty()) {
            ui::status(tr(state, "Keine Ihrer Einwilligungen läuft in den nächsten 30 Tagen ab.",
                          "None of your consents expires in the next 30 days."));
        } else if (ui::begin_table(
                       "overview_consents",
                       tr(state, "Bald ablaufende Einwilligungen", "Consents expiring soon"), 2,
                       parts::list_table_flags)) {
            ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 2.0F);
            ui::table_column(tr(state, "Gültig bis", "Valid until"), ImGuiTableColumnFlags_None,
                             1.0F);
            ui::header_row();
            for (const ConsentRow* row : expiring) {
                ImGui::PushID(static_cast<int>(row->consent.id));
                ui::table_row(std::to_string(row->consent.id).c_str());
                parts::data_cell(state,
                                 row->consent.purpose_name + " – " + row->consent.agency_name);
                ui::table_cell(row->expires_at.c_str());
                ImGui::PopID();
            }
            ui::end_table();
        }
    }
    go_to(tr(state, "Einwilligungen verwalten###all_consents", "Manage consents###all_consents"),
          Page::Consents, intents);
}

} // namespace

void draw_overview(AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::Overview, state.language));
    const std::string greeting =
        state.session
            ? std::string(tr(state, "Guten Tag, ", "Hello, ")) + state.session->display_name +
                  tr(state,
                     ". Hier sehen Sie auf einen Blick, wer zuletzt auf Ihre "
                     "Daten zugegriffen hat und was zu erledigen ist.",
                     ". Here you see at a glance who accessed your data recently and "
                     "what needs your attention.")
            : std::string();
    if (!greeting.empty()) {
        ui::paragraph(greeting.c_str(), &palette::muted_text);
    }
    ImGui::Spacing();
    draw_figures(state, intents);
    ImGui::Spacing();
    if (ImGui::BeginTable("overview_columns", ui::narrow() ? 1 : 2,
                          ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        draw_latest(state, intents);
        ImGui::TableNextColumn();
        draw_open_objections(state, intents);
        ImGui::Spacing();
        draw_expiring_consents(state, intents);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    draw_monthly(state, intents);
}

} // namespace einblick::client::views

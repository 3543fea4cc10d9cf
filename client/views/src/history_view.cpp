// The citizen's access history: who accessed which data, when, why and on what legal basis.
// Filters (agency, purpose, data category, period, outcome) applied with one button, sorting of
// the loaded rows, "Weitere laden" for the next page, loading, empty and error states. The time
// of each row is a link to the access's detail, shown beside the table: purpose and legal basis
// in plain words, the purpose's entry in the register of processing activities, and
// "Widerspruch einlegen" for that access.
#include "citizen_parts.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <cmath>
#include <imgui.h>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace einblick::client::views {
namespace {

namespace ic = intent::citizen;

void draw_error(const AppState& state, const std::string& message, Intents& intents,
                const Intent& retry) {
    ui::alert(localized(state, message).c_str(), &palette::error);
    ui::ButtonOptions options;
    options.primary = true;
    if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"), options)) {
        intents.push_back(retry);
    }
}

// The app layer writes a row's labels in German ("Anschrift, Geburtsdatum"); in English each
// one is looked up in the vocabulary again. An unknown label stays as it is.
std::string row_labels(const AppState& state, const std::string& german,
                       std::span<const VocabularyEntry> entries) {
    if (state.language == Language::German) {
        return german;
    }
    std::string out;
    std::size_t start = 0;
    while (start < german.size()) {
        const std::size_t found = german.find(", ", start);
        const std::size_t end = found == std::string::npos ? german.size() : found;
        const std::string_view label = std::string_view(german).substr(start, end - start);
        const auto entry =
            std::find_if(entries.begin(), entries.end(),
                         [&](const VocabularyEntry& e) { return e.german == label; });
        if (!out.empty()) {
            out += ", ";
        }
        out += entry == entries.end() ? label : entry->english;
        start = end + 2;
    }
    return out;
}

// [SECTION] Filters

// A combo box that fits its label (drawn to its right) into the current layout column.
bool fitted_select(const char* label, int& current, const std::vector<std::string>& items) {
    const float label_width = ImGui::CalcTextSize(label, nullptr, true).x;
    ImGui::SetNextItemWidth(-(label_width + ImGui::GetStyle().ItemInnerSpacing.x + 2.0F));
    return ui::select(label, current, items);
}

struct AgencyChoice {
    std::string code;
    std::string name;
};

// Agencies of the registry (and of the loaded rows), by name; the chosen one always included.
std::vector<AgencyChoice> agency_choices(const AppState& state) {
    std::vector<AgencyChoice> out;
    const auto add = [&out](const std::string& code, const std::string& name) {
        if (code.empty() || std::any_of(out.begin(), out.end(),
                                        [&](const AgencyChoice& c) { return c.code == code; })) {
            return;
        }
        out.push_back({code, name.empty() ? code : name});
    };
    for (const api::Purpose& purpose : state.purposes.data) {
        add(purpose.agency_code, purpose.agency_name);
    }
    for (const EventRow& row : state.history.rows) {
        add(row.agency_code, row.agency_name);
    }
    add(state.history.filter_form.agency_code, state.history.filter_form.agency_code);
    std::stable_sort(out.begin(), out.end(),
                     [](const AgencyChoice& a, const AgencyChoice& b) { return a.name < b.name; });
    return out;
}

struct PurposeChoice {
    std::int64_t id = 0;
    std::string label;
};

std::string purpose_name(const api::Purpose& purpose) {
    if (purpose.in_force) {
        return purpose.in_force->content.name;
    }
    return purpose.versions.empty() ? std::string() : purpose.versions.back().content.name;
}

std::vector<PurposeChoice> purpose_choices(const AppState& state) {
    std::vector<PurposeChoice> out;
    for (const api::Purpose& purpose : state.purposes.data) {
        PurposeChoice choice;
        choice.id = purpose.id;
        choice.label = purpose_name(purpose) + " – " + purpose.agency_name;
        out.push_back(std::move(choice));
    }
    std::stable_sort(out.begin(), out.end(), [](const PurposeChoice& a, const PurposeChoice& b) {
        return a.label < b.label;
    });
    const auto& chosen = state.history.filter_form.purpose_id;
    if (chosen && std::none_of(out.begin(), out.end(),
                               [&](const PurposeChoice& c) { return c.id == *chosen; })) {
        PurposeChoice choice;
        choice.id = *chosen;
        choice.label =
            std::string(tr(state, "Zweck Nr. ", "Purpose no. ")) + std::to_string(*chosen);
        out.push_back(std::move(choice));
    }
    return out;
}

void agency_filter(AppState& state) {
    HistoryFilterForm& form = state.history.filter_form;
    const std::vector<AgencyChoice> choices = agency_choices(state);
    std::vector<std::string> items{tr(state, "Alle Stellen", "All authorities")};
    int current = 0;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        items.push_back(choices[i].name);
        if (choices[i].code == form.agency_code) {
            current = static_cast<int>(i) + 1;
        }
    }
    if (fitted_select(tr(state, "Abrufende Stelle###f_agency", "Authority###f_agency"), current,
                      items)) {
        form.agency_code =
            current == 0 ? std::string() : choices[static_cast<std::size_t>(current - 1)].code;
    }
}

void purpose_filter(AppState& state) {
    HistoryFilterForm& form = state.history.filter_form;
    const std::vector<PurposeChoice> choices = purpose_choices(state);
    std::vector<std::string> items{tr(state, "Alle Zwecke", "All purposes")};
    int current = 0;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        items.push_back(choices[i].label);
        if (form.purpose_id == choices[i].id) {
            current = static_cast<int>(i) + 1;
        }
    }
    if (fitted_select(tr(state, "Zweck###f_purpose", "Purpose###f_purpose"), current, items)) {
        if (current == 0) {
            form.purpose_id.reset();
        } else {
            form.purpose_id = choices[static_cast<std::size_t>(current - 1)].id;
        }
    }
}

void category_filter(AppState& state) {
    HistoryFilterForm& form = state.history.filter_form;
    std::vector<std::string> items{tr(state, "Alle Datenkategorien", "All data categories")};
    std::vector<std::string> codes{""};
    for (const VocabularyEntry& entry : data_categories()) {
        items.push_back(data_category_label(entry.code, state.language));
        codes.emplace_back(entry.code);
    }
    if (!form.category.empty() &&
        std::find(codes.begin(), codes.end(), form.category) == codes.end()) {
        items.push_back(form.category);
        codes.push_back(form.category);
    }
    int current =
        static_cast<int>(std::find(codes.begin(), codes.end(), form.category) - codes.begin());
    if (fitted_select(tr(state, "Datenkategorie###f_category", "Data category###f_category"),
                      current, items)) {
        form.category = codes[static_cast<std::size_t>(current)];
    }
}

void period_filter(AppState& state) {
    HistoryFilterForm& form = state.history.filter_form;
    const std::vector<std::string> items{
        tr(state, "Gesamter Zeitraum", "Any time"),
        tr(state, "Letzte 30 Tage", "Last 30 days"),
        tr(state, "Letzte 90 Tage", "Last 90 days"),
        tr(state, "Letzte 12 Monate", "Last 12 months"),
        tr(state, "Eigener Zeitraum …", "Custom period …"),
    };
    constexpr Period periods[] = {Period::All, Period::Last30Days, Period::Last90Days,
                                  Period::Last12Months, Period::Custom};
    int current = 0;
    for (int i = 0; i < 5; ++i) {
        current = periods[i] == form.period ? i : current;
    }
    if (fitted_select(tr(state, "Zeitraum###f_period", "Period###f_period"), current, items)) {
        form.period = periods[current];
    }
}

void outcome_filter(AppState& state) {
    HistoryFilterForm& form = state.history.filter_form;
    const std::vector<std::string> items{
        tr(state, "Alle Abrufe", "All retrievals"),
        tr(state, "Nur erfolgte Zugriffe", "Accesses only"),
        tr(state, "Nur abgelehnte Abrufe", "Refused retrievals only"),
    };
    const char* codes[] = {"", "allowed", "denied"};
    int current = 0;
    for (int i = 0; i < 3; ++i) {
        current = form.outcome == codes[i] ? i : current;
    }
    if (fitted_select(tr(state, "Ergebnis###f_outcome", "Outcome###f_outcome"), current, items)) {
        form.outcome = codes[current];
    }
}

// The two date fields of a custom period; true when Enter was pressed in one of them.
bool custom_period_fields(AppState& state) {
    HistoryState& history = state.history;
    HistoryFilterForm& form = history.filter_form;
    // The error names one unreadable date, or (both readable) the order of the two.
    const bool error = history.filter_error.has_value();
    const bool bad_from = !form.from_text.empty() && !parse_date_input(form.from_text, false);
    const bool bad_to = !form.to_text.empty() && !parse_date_input(form.to_text, true);
    // Named: the text boxes point into it while they are drawn.
    const std::string error_text = error ? localized(state, *history.filter_error) : std::string();
    bool enter = false;
    const auto field = [&](const char* label, std::string& text, bool invalid) {
        ImGui::TableNextColumn();
        // Both labels on the same baseline, whatever the row above left behind.
        ImGui::AlignTextToFramePadding();
        ui::TextInputOptions options;
        options.invalid = invalid;
        options.description = invalid ? error_text.c_str() : nullptr;
        const parts::InvalidFrame frame(invalid); // a thicker red frame besides the words
        ui::text_input(label, text, options);
        enter |= ImGui::IsItemFocused() && widgets::enter_pressed();
    };
    field(tr(state, "Von (TT.MM.JJJJ)###f_from", "From (DD.MM.YYYY)###f_from"), form.from_text,
          error && (bad_from || !bad_to));
    field(tr(state, "Bis einschließlich (TT.MM.JJJJ)###f_to", "To, inclusive (DD.MM.YYYY)###f_to"),
          form.to_text, error && (bad_to || !bad_from));
    return enter;
}

int sort_index(HistorySort sort) {
    switch (sort) {
    case HistorySort::Newest:
        return 0;
    case HistorySort::Oldest:
        return 1;
    case HistorySort::Agency:
        return 2;
    case HistorySort::Purpose:
        return 3;
    }
    return 0;
}

void draw_sort(const AppState& state, Intents& intents) {
    const std::vector<std::string> items{
        tr(state, "Neueste zuerst", "Newest first"),
        tr(state, "Älteste zuerst", "Oldest first"),
        tr(state, "Nach abrufender Stelle", "By authority"),
        tr(state, "Nach Zweck", "By purpose"),
    };
    constexpr HistorySort sorts[] = {HistorySort::Newest, HistorySort::Oldest, HistorySort::Agency,
                                     HistorySort::Purpose};
    const char* label = tr(state, "Sortierung###sort", "Sort order###sort");
    const float combo_width = 230.0F;
    const float width = combo_width + ImGui::GetStyle().ItemInnerSpacing.x +
                        ImGui::CalcTextSize(label, nullptr, true).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    int current = sort_index(state.history.sort);
    ImGui::SetNextItemWidth(combo_width);
    if (ui::select(label, current, items)) {
        ic::SortHistory sort;
        sort.sort = sorts[current];
        intents.emplace_back(sort);
    }
}

// Heading with the sort order on its right (sorting applies to the loaded rows at once).
void draw_header(const AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::History, state.language));
    draw_sort(state, intents);
    ui::paragraph(tr(state,
                     "Jeder Abruf Ihrer Daten durch eine Behörde wird hier mit Zeitpunkt, Zweck "
                     "und Rechtsgrundlage aufgeführt. Wählen Sie einen Zeitpunkt, um Einzelheiten "
                     "zu sehen.",
                     "Every retrieval of your data by an authority is listed here with its time, "
                     "purpose and legal basis. Choose a time to see the details."),
                  &palette::muted_text);
}

void draw_filters(AppState& state, Intents& intents) {
    HistoryState& history = state.history;
    ui::begin_region(a11y::Role::Form, tr(state, "Zugriffe filtern", "Filter accesses"));
    bool apply = false;
    if (ImGui::BeginTable("history_filters", 3, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        agency_filter(state);
        ImGui::TableNextColumn();
        purpose_filter(state);
        ImGui::TableNextColumn();
        category_filter(state);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        period_filter(state);
        ImGui::TableNextColumn();
        outcome_filter(state);
        ImGui::TableNextColumn();
        ui::ButtonOptions primary;
        primary.primary = true;
        apply |= ui::button(tr(state, "Filter anwenden###apply", "Apply filters###apply"), primary);
        ImGui::SameLine();
        if (ui::button(tr(state, "Filter zurücksetzen###reset", "Reset filters###reset"))) {
            intents.emplace_back(ic::ResetHistoryFilter{});
        }
        if (history.filter_form.period == Period::Custom) {
            ImGui::TableNextRow();
            apply |= custom_period_fields(state);
        }
        ImGui::EndTable();
    }
    if (history.filter_error) {
        ui::alert(localized(state, *history.filter_error).c_str(), &palette::error);
    }
    if (apply) {
        intents.emplace_back(ic::ApplyHistoryFilter{});
    }
    ui::end_region();
}

// [SECTION] Table

void draw_row(const AppState& state, const EventRow& row, bool selected, Intents& intents) {
    ImGui::PushID(row.id.c_str());
    ui::table_row(row.id.c_str());
    if (selected) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                               ImGui::GetColorU32(palette::selected_row_background));
    }
    // The time opens the detail: one link per row, named by what it shows.
    ui::table_control_cell();
    const std::string link = row.occurred_at + "###detail";
    if (ui::link(link.c_str())) {
        intents.emplace_back(ic::SelectEvent{row.id});
    }
    ui::describe_last(selected ? tr(state, "Einzelheiten werden angezeigt", "Details are shown")
                               : tr(state, "Einzelheiten zu diesem Zugriff anzeigen",
                                    "Show the details of this access"));
    parts::data_cell(state, row.agency_name);
    if (!row.agency_code.empty()) {
        const std::string code =
            tr(state, "Kennung der Stelle: ", "Authority code: ") + row.agency_code;
        ui::describe_last(code.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s", code.c_str());
        }
    }
    parts::data_cell(state, row.purpose);
    if (!row.refusal.empty()) {
        ui::paragraph(localized(state, row.refusal).c_str(), &palette::error);
    }
    parts::data_cell(state, row.legal_basis);
    ui::table_cell(row_labels(state, row.data_categories, data_categories()).c_str());
    ImGui::PopID();
}

void draw_table(const AppState& state, Intents& intents, const ImVec2& size) {
    constexpr ImGuiTableFlags flags =
        parts::list_table_flags | ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY;
    const HistoryState& history = state.history;
    if (!ui::begin_table("access_events",
                         tr(state, "Zugriffe auf Ihre Daten", "Access to your data"), 5, flags,
                         size)) {
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(state, "Zeitpunkt", "Time"), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("28.11.2026, 19:07").x);
    ImGui::TableSetupColumn(tr(state, "Abrufende Stelle", "Authority"), ImGuiTableColumnFlags_None,
                            1.4F);
    ImGui::TableSetupColumn(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ImGui::TableSetupColumn(tr(state, "Rechtsgrundlage", "Legal basis"), ImGuiTableColumnFlags_None,
                            1.2F);
    ImGui::TableSetupColumn(tr(state, "Datenkategorien", "Data categories"),
                            ImGuiTableColumnFlags_None, 1.2F);
    ui::header_row();
    const std::string selected = history.detail ? history.detail->event_id : std::string();
    // Rows wrap to different heights, so no list clipper: pages of 50 keep this cheap.
    for (const EventRow& row : history.rows) {
        draw_row(state, row, row.id == selected, intents);
    }
    ui::end_table();
}

void draw_footer(const AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    ImGui::AlignTextToFramePadding();
    const std::string shown =
        format_count(static_cast<long long>(history.rows.size())) +
        (history.rows.size() == 1 ? tr(state, " Zugriff angezeigt", " access shown")
                                  : tr(state, " Zugriffe angezeigt", " accesses shown"));
    ui::status(shown.c_str());
    ui::ButtonOptions options;
    options.primary = true;
    if (history.error) {
        ImGui::SameLine();
        ui::alert(localized(state, *history.error).c_str(), &palette::error);
        ImGui::SameLine();
        if (ui::button(tr(state, "Erneut versuchen###more", "Try again###more"), options)) {
            intents.emplace_back(intent::LoadMore{});
        }
        return;
    }
    if (!history.next_cursor) {
        return;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(history.loading_more);
    options.busy = history.loading_more;
    if (ui::button(history.loading_more ? tr(state, "Wird geladen …###more", "Loading …###more")
                                        : tr(state, "Weitere laden###more", "Load more###more"),
                   options)) {
        intents.emplace_back(intent::LoadMore{});
    }
    ImGui::EndDisabled();
}

// [SECTION] Detail of the selected access

const EventRow* find_row(const HistoryState& history, const std::string& id) {
    for (const EventRow& row : history.rows) {
        if (row.id == id) {
            return &row;
        }
    }
    return nullptr;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

float label_column(float fraction) {
    return std::max(150.0F, ImGui::GetContentRegionAvail().x * fraction);
}

void draw_access_facts(const AppState& state, const EventRow& row) {
    const float labels = label_column(0.34F);
    parts::fact(tr(state, "Zeitpunkt", "Time"), row.occurred_at, labels);
    std::string agency = row.agency_name;
    if (!row.agency_code.empty()) {
        agency += std::string(tr(state, " (Kennung: ", " (code: ")) + row.agency_code + ")";
    }
    parts::fact(tr(state, "Abrufende Stelle", "Authority"), agency, labels);
    if (!row.register_name.empty()) {
        parts::fact(tr(state, "Register", "Register"),
                    row_labels(state, row.register_name, registers()), labels);
    }
    parts::fact(tr(state, "Datenkategorien", "Data categories"),
                row_labels(state, row.data_categories, data_categories()), labels);
    const std::string outcome =
        row.refusal.empty() ? tr(state, "Die Daten wurden abgerufen.", "The data were retrieved.")
                            : localized(state, row.refusal);
    parts::fact(tr(state, "Ergebnis", "Outcome"), outcome, labels);
}

void draw_legal_basis(const AppState& state, const EventRow& row,
                      const api::PurposeContent* content) {
    ui::heading(3, tr(state, "Warum durfte die Stelle das?", "Why was the authority allowed to?"));
    const float labels = label_column(0.34F);
    parts::fact(tr(state, "Zweck", "Purpose"), row.purpose, labels, parts::data_lang(state));
    parts::fact(tr(state, "Rechtsgrundlage", "Legal basis"), row.legal_basis, labels,
                parts::data_lang(state));
    if (content == nullptr) {
        return;
    }
    parts::fact(tr(state, "Nach der DSGVO", "Under the GDPR"),
                gdpr_basis_label(content->gdpr_basis, state.language), labels);
    const char* plain = citizen::basis_explanation(content->gdpr_basis, state.language);
    if (*plain != '\0') {
        ui::paragraph(plain);
    }
}

void draw_registry_entry(const AppState& state, const api::Purpose& purpose,
                         const api::PurposeVersion& version) {
    ui::heading(3, tr(state, "Eintrag im Zweckregister", "Entry in the purpose register"));
    const api::PurposeContent& content = version.content;
    const float labels = label_column(0.34F);
    const char* german = parts::data_lang(state);
    parts::fact(tr(state, "Verantwortlich", "Controller"), purpose.agency_name, labels, german);
    parts::fact(tr(state, "Zweck", "Purpose"), content.name, labels, german);
    if (!content.description.empty()) {
        parts::fact(tr(state, "Beschreibung", "Description"), content.description, labels, german);
    }
    parts::fact(tr(state, "Gesetz", "Statute"), content.legal_basis, labels, german);
    parts::fact(tr(state, "Datenkategorien", "Data categories"),
                parts::joined(content.data_categories, state.language, data_category_label),
                labels);
    if (!content.source_registers.empty()) {
        parts::fact(tr(state, "Herkunft der Daten", "Source of the data"),
                    parts::joined(content.source_registers, state.language, register_label),
                    labels);
    }
    parts::fact(tr(state, "Empfänger", "Recipients"),
                content.recipients.empty()
                    ? std::string(tr(state, "keine weiteren Empfänger", "no other recipients"))
                    : joined(content.recipients),
                labels, content.recipients.empty() ? nullptr : german);
    parts::fact(tr(state, "Speicherdauer", "Retention"),
                parts::retention_text(state, content.retention_days), labels);
    std::string approved =
        std::string(tr(state, "Version ", "Version ")) + std::to_string(version.version);
    if (version.decided_at) {
        approved += std::string(tr(state, ", genehmigt am ", ", approved on ")) +
                    format_german_date(*version.decided_at);
    }
    parts::fact(tr(state, "Stand", "Version"), approved, labels);
}

const ObjectionRow* pending_objection_for(const AppState& state, std::int64_t purpose_id) {
    for (const ObjectionRow* row : open_objections(state)) {
        if (row->objection.purpose_id == purpose_id) {
            return row;
        }
    }
    return nullptr;
}

void draw_rights(const AppState& state, const EventDetail& detail,
                 const api::PurposeContent* content, Intents& intents) {
    ui::heading(3, tr(state, "Ihre Rechte", "Your rights"));
    if (content != nullptr && content->gdpr_basis == consent_basis) {
        ui::paragraph(tr(state,
                         "Dieser Zugriff beruht auf Ihrer Einwilligung. Statt zu widersprechen, "
                         "können Sie die Einwilligung jederzeit widerrufen – so einfach, wie Sie "
                         "sie erteilt haben.",
                         "This access is based on your consent. Instead of objecting, you can "
                         "withdraw your consent at any time – as easily as you gave it."));
        if (ui::button(tr(state, "Zu Ihren Einwilligungen###to_consents",
                          "Go to your consents###to_consents"))) {
            intents.emplace_back(intent::Navigate{Page::Consents});
        }
        return;
    }
    if (detail.purpose_id) {
        if (const ObjectionRow* pending = pending_objection_for(state, *detail.purpose_id)) {
            const std::string text =
                std::string(tr(state, "Zu diesem Zweck wird Ihr Widerspruch ", "Your objection ")) +
                pending->objection.reference +
                tr(state, " bereits geprüft. Die Antwort kommt spätestens am ",
                   " to this purpose is already being examined. The answer is due by ") +
                pending->due_at + ".";
            ui::paragraph(text.c_str());
            if (ui::button(tr(state, "Zu Ihren Widersprüchen###to_objections",
                              "Go to your objections###to_objections"))) {
                intents.emplace_back(intent::Navigate{Page::Objections});
            }
            return;
        }
    }
    ui::paragraph(tr(state,
                     "Sie können dieser Verarbeitung aus Gründen widersprechen, die sich aus Ihrer "
                     "besonderen Situation ergeben (Art. 21 DSGVO). Die oder der "
                     "Datenschutzbeauftragte prüft Ihren Widerspruch und antwortet innerhalb "
                     "eines Monats.",
                     "You may object to this processing on grounds relating to your particular "
                     "situation (GDPR Art. 21). The data protection officer examines your "
                     "objection and answers within one month."));
    ui::ButtonOptions primary;
    primary.primary = true;
    primary.description = tr(state, "gegen diesen Zugriff", "to this access");
    if (ui::button(tr(state, "Widerspruch einlegen###object", "Object###object"), primary)) {
        intents.emplace_back(ic::ObjectToEvent{detail.event_id});
    }
}

void draw_purpose_section(const AppState& state, const EventDetail& detail, const EventRow& row,
                          Intents& intents) {
    if (!detail.purpose_id) {
        draw_legal_basis(state, row, nullptr);
        ui::paragraph(tr(state, "Mit diesem Abruf ist kein Eintrag im Zweckregister verknüpft.",
                         "No entry of the purpose register is linked to this retrieval."),
                      &palette::muted_text);
        draw_rights(state, detail, nullptr, intents);
        return;
    }
    const Remote<api::Purpose>& purpose = detail.purpose;
    switch (purpose.phase) {
    case LoadPhase::Loading:
        draw_legal_basis(state, row, nullptr);
        ui::status(tr(state, "Der Eintrag im Zweckregister wird geladen …",
                      "Loading the entry of the purpose register …"),
                   nullptr, true);
        draw_rights(state, detail, nullptr, intents);
        return;
    case LoadPhase::Failed:
        draw_legal_basis(state, row, nullptr);
        draw_error(state,
                   purpose.error.value_or(tr(state,
                                             "Der Eintrag im Zweckregister konnte nicht "
                                             "geladen werden.",
                                             "The entry of the purpose register could not be "
                                             "loaded.")),
                   intents, CitizenIntent{ic::SelectEvent{detail.event_id}});
        draw_rights(state, detail, nullptr, intents);
        return;
    case LoadPhase::Ready:
        break;
    }
    const api::Purpose& entry = purpose.data;
    const api::PurposeVersion* version =
        entry.in_force ? &*entry.in_force
                       : (entry.versions.empty() ? nullptr : &entry.versions.back());
    const api::PurposeContent* content = version != nullptr ? &version->content : nullptr;
    draw_legal_basis(state, row, content);
    draw_rights(state, detail, content, intents);
    if (version != nullptr) {
        draw_registry_entry(state, entry, *version);
    }
}

void draw_detail(const AppState& state, const EventDetail& detail, const ImVec2& size,
                 Intents& intents) {
    // A darker frame than the table's sets the panel off from the rows under it.
    ImGui::PushStyleColor(ImGuiCol_Border, palette::detail_panel_border);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 2.0F);
    ImGui::BeginChild("event_detail", size, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ui::begin_region(a11y::Role::Region,
                     tr(state, "Einzelheiten zum Zugriff", "Details of the access"));
    ui::heading(3, tr(state, "Einzelheiten zum Zugriff", "Details of the access"));
    const char* close = tr(state, "Schließen###close_detail", "Close###close_detail");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x -
                    ImGui::CalcTextSize(close, nullptr, true).x -
                    ImGui::GetStyle().FramePadding.x * 2.0F);
    ui::ButtonOptions close_options;
    close_options.description = tr(state, "Einzelheiten schließen", "Close the details");
    if (ui::button(close, close_options)) {
        intents.emplace_back(ic::CloseEventDetail{});
    }
    if (const EventRow* row = find_row(state.history, detail.event_id)) {
        draw_access_facts(state, *row);
        ImGui::Spacing();
        draw_purpose_section(state, detail, *row, intents);
    }
    ui::end_region();
    ImGui::EndChild();
}

// The table keeps its full width; the detail slides over its right-hand columns (which the
// detail repeats for the chosen access), so the times and agencies stay readable beside it.
void draw_results(AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 available = ImGui::GetContentRegionAvail();
    // Never squeeze the table below a few rows: the page scrolls instead.
    const float height = std::max(available.y - footer, 320.0F);
    const ImVec2 start = ImGui::GetCursorPos();
    draw_table(state, intents, ImVec2(0.0F, height));
    draw_footer(state, intents);
    if (!history.detail) {
        return;
    }
    const ImVec2 end = ImGui::GetCursorPos();
    const float width = std::floor(std::clamp(available.x * 0.45F, 420.0F, 620.0F));
    const ImVec2 at(start.x + available.x - width, start.y);
    ImGui::SetCursorPos(at);
    draw_detail(state, *history.detail, ImVec2(width, height), intents);
    ImGui::SetCursorPos(end);
}

} // namespace

void draw_history(AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    draw_header(state, intents);
    draw_filters(state, intents);
    ImGui::Spacing();
    switch (history.phase) {
    case LoadPhase::Loading:
        ui::status(tr(state, "Zugriffe werden geladen …", "Loading accesses …"), nullptr, true);
        return;
    case LoadPhase::Failed:
        draw_error(state,
                   history.error.value_or(tr(state, "Die Zugriffe konnten nicht geladen werden.",
                                             "The accesses could not be loaded.")),
                   intents, intent::RetryLoad{});
        return;
    case LoadPhase::Ready:
        break;
    }
    if (history.rows.empty()) {
        const bool filtered = !(history.query == EventQuery{});
        ui::status(filtered ? tr(state, "Für diese Filter sind keine Zugriffe verzeichnet.",
                                 "No accesses match these filters.")
                            : tr(state, "Bisher sind keine Zugriffe auf Ihre Daten verzeichnet.",
                                 "No accesses to your data have been recorded so far."));
        return;
    }
    draw_results(state, intents);
}

} // namespace einblick::client::views

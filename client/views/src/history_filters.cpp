// The access history's filter form and sort order. Choosing in the form only edits
// HistoryFilterForm; "Filter anwenden" (or Enter in a date field) asks the app to load the rows
// for it. The sort order applies to the loaded rows at once.
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "history_parts.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <cstdint>
#include <imgui.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client::views::access_history {
namespace {

namespace ic = intent::citizen;

// A combo box as wide as its layout column, its label above it (so the list never shrinks to
// "Al▼" beside a long label).
bool fitted_select(const char* label, int& current, const std::vector<std::string>& items) {
    return ui::select(label, current, items, true);
}

// Marks the options of the select drawn last, from the `first` on, as German data on an
// English page (names of agencies and purposes from the server; WCAG 3.1.2).
void mark_data_options(const AppState& state, std::size_t first) {
    const char* lang = parts::data_lang(state);
    a11y::Recorder* rec = ui::recorder();
    if (lang == nullptr || rec == nullptr) {
        return;
    }
    const std::vector<a11y::Node>& nodes = rec->tree().nodes;
    int select = static_cast<int>(nodes.size()) - 1;
    while (select >= 0 && nodes[static_cast<std::size_t>(select)].role != a11y::Role::ComboBox) {
        --select;
    }
    std::size_t option = 0;
    for (int i = select + 1; select >= 0 && i < static_cast<int>(nodes.size()); ++i) {
        const a11y::Node& node = nodes[static_cast<std::size_t>(i)];
        if (node.parent == select && node.role == a11y::Role::Option && option++ >= first) {
            rec->at(i).lang = lang;
        }
    }
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
    const bool changed = fitted_select(
        tr(state, "Abrufende Stelle###f_agency", "Authority###f_agency"), current, items);
    mark_data_options(state, 1); // all but "Alle Stellen"
    if (changed) {
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
    const bool changed =
        fitted_select(tr(state, "Zweck###f_purpose", "Purpose###f_purpose"), current, items);
    mark_data_options(state, 1); // all but "Alle Zwecke"
    if (changed) {
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
    const std::optional<api::AccessOutcome> outcomes[] = {std::nullopt, api::AccessOutcome::Allowed,
                                                          api::AccessOutcome::Denied};
    int current = 0;
    for (int i = 0; i < 3; ++i) {
        current = form.outcome == outcomes[i] ? i : current;
    }
    if (fitted_select(tr(state, "Ergebnis###f_outcome", "Outcome###f_outcome"), current, items)) {
        form.outcome = outcomes[current];
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

} // namespace

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
    if (ui::narrow()) { // below the heading, as wide as the page, its label above
        int current = sort_index(state.history.sort);
        if (ui::select(label, current, items, true)) {
            ic::SortHistory sort;
            sort.sort = sorts[current];
            intents.emplace_back(sort);
        }
        return;
    }
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

void draw_filters(AppState& state, Intents& intents) {
    HistoryState& history = state.history;
    ui::begin_region(a11y::Role::Form, tr(state, "Zugriffe filtern", "Filter accesses"));
    bool apply = false;
    // One filter per line in the narrow layout, three side by side otherwise.
    if (ImGui::BeginTable("history_filters", ui::narrow() ? 1 : 3,
                          ImGuiTableFlags_SizingStretchSame)) {
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
        // The buttons line up with the fields, under the labels' line.
        ImGui::Dummy(ImVec2(0.0F, ImGui::GetTextLineHeight()));
        apply |= ui::button(tr(state, "Filter anwenden###apply", "Apply filters###apply"), primary);
        ui::same_line_if_fits(
            ImGui::CalcTextSize(tr(state, "Filter zurücksetzen", "Reset filters")).x +
            ImGui::GetStyle().FramePadding.x * 2.0F);
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

} // namespace einblick::client::views::access_history

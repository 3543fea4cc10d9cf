#pragma once
// What the tests of the citizen's screens share (views_overview_test.cpp,
// views_history_test.cpp, views_objection_flow_test.cpp): a citizen on a page at a fixed
// time, rows and registry entries as the app layer makes them, the history with three
// accesses and its detail, and look-ups in the recorded tree (cells of a table, text anywhere,
// nesting).

#include "a11y_harness.hpp"
#include "einblick/client/update.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace einblick::client::testing::citizen_screens {

using a11y::Role;
namespace api = einblick::api;

inline constexpr einblick::UnixMillis day = 86'400'000;
inline constexpr einblick::UnixMillis now = 1'795'867'200'000; // 28.11.2026, 13:00 in Leipzig

inline ScreenUnderTest citizen_on(Page page) {
    ScreenUnderTest screen = testing::dashboard(api::Role::Citizen, page);
    screen.state.session->display_name = "Erika Mustermann";
    screen.state.now = now;
    return screen;
}

inline EventRow event_row(const std::string& id, const std::string& time, const std::string& agency,
                          const std::string& purpose, std::int64_t purpose_id) {
    EventRow row;
    row.id = id;
    row.occurred_at = time;
    row.agency_code = agency == "Kfz-Zulassungsbehörde Leipzig" ? "kfz-zulassung-leipzig" : "ba";
    row.agency_name = agency;
    row.purpose = purpose;
    row.legal_basis = "§ 34 BMG";
    row.data_categories = "Anschrift";
    row.purpose_id = purpose_id;
    row.register_name = "Melderegister";
    return row;
}

inline api::Purpose registry_purpose(std::int64_t id, const std::string& name,
                                     const std::string& agency, const std::string& agency_code,
                                     const std::string& gdpr_basis) {
    api::Purpose purpose;
    purpose.id = id;
    purpose.agency_code = agency_code;
    purpose.agency_name = agency;
    purpose.status = api::PurposeStatus::Approved;
    api::PurposeVersion version;
    version.id = id * 10;
    version.version = 2;
    version.status = api::PurposeStatus::Approved;
    version.content.name = name;
    version.content.description = "Übernahme der neuen Anschrift des Fahrzeughalters.";
    version.content.legal_basis = "§ 34 BMG, § 33 StVG";
    version.content.gdpr_basis = gdpr_basis;
    version.content.data_categories = {"address", "identity"};
    version.content.source_registers = {"melderegister"};
    version.content.retention_days = 365;
    version.decided_at = now - 400 * day;
    purpose.in_force = version;
    purpose.versions = {version};
    return purpose;
}

inline ObjectionRow objection_row(std::int64_t id, const std::string& reference,
                                  const std::string& purpose, api::ObjectionStatus status,
                                  einblick::UnixMillis due_at, std::int64_t purpose_id = 99) {
    api::Objection objection;
    objection.id = id;
    objection.reference = reference;
    objection.purpose_id = purpose_id;
    objection.purpose_name = purpose;
    objection.agency_name = "Statistisches Landesamt";
    objection.status = status;
    objection.received_at = due_at - 30 * day;
    objection.original_due_at = due_at;
    objection.due_at = due_at;
    objection.overdue = status == api::ObjectionStatus::Pending && due_at < now;
    ObjectionRow row;
    row.objection = objection;
    row.due_at = einblick::format_german_date(due_at);
    return row;
}

inline int index_of(const A11yHarness& imgui, const a11y::Node& node) {
    return static_cast<int>(&node - imgui.recorder.tree().nodes.data());
}

inline bool is_inside(const A11yHarness& imgui, const a11y::Node& node,
                      const a11y::Node& ancestor) {
    const auto& nodes = imgui.recorder.tree().nodes;
    const int target = index_of(imgui, ancestor);
    for (int at = node.parent; at >= 0; at = nodes[static_cast<std::size_t>(at)].parent) {
        if (at == target) {
            return true;
        }
    }
    return false;
}

// The texts of the cells of one table, row by row (the header row's column headers left out).
inline std::vector<std::vector<std::string>> table_cells(const A11yHarness& imgui,
                                                         const a11y::Node& table) {
    std::vector<std::vector<std::string>> rows;
    const auto& nodes = imgui.recorder.tree().nodes;
    const int table_index = index_of(imgui, table);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].role == Role::Row && nodes[i].parent == table_index) {
            std::vector<std::string> cells;
            for (std::size_t j = i + 1; j < nodes.size(); ++j) {
                if (nodes[j].role == Role::Cell && nodes[j].parent == static_cast<int>(i)) {
                    cells.push_back(nodes[j].name);
                }
            }
            if (!cells.empty()) {
                rows.push_back(cells);
            }
        }
    }
    return rows;
}

inline bool has_text(const A11yHarness& imgui, const std::string& needle) {
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        if ((node.role == Role::Text || node.role == Role::Status || node.role == Role::Alert) &&
            node.name.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

inline ScreenUnderTest history_screen() {
    ScreenUnderTest screen = citizen_on(Page::History);
    AppState& state = screen.state;
    state.history.requested = true;
    state.history.phase = LoadPhase::Ready;
    state.history.rows = {
        event_row("41", "27.11.2026, 10:15", "Kfz-Zulassungsbehörde Leipzig", "Halterabfrage", 5),
        event_row("40", "20.11.2026, 08:02", "Bundesagentur für Arbeit", "Prüfung Arbeitslosengeld",
                  6),
        event_row("39", "02.11.2026, 14:40", "Stadt Leipzig", "Wiederverwendung der Anschrift", 7),
    };
    state.purposes.phase = LoadPhase::Ready;
    state.purposes.data = {
        registry_purpose(5, "Halterabfrage", "Kfz-Zulassungsbehörde Leipzig",
                         "kfz-zulassung-leipzig", "A6-1-e"),
        registry_purpose(6, "Prüfung Arbeitslosengeld", "Bundesagentur für Arbeit", "ba", "A6-1-e"),
        registry_purpose(7, "Wiederverwendung der Anschrift", "Stadt Leipzig", "stadt-leipzig",
                         "A6-1-a"),
    };
    return screen;
}

// Shows the detail of `event_id` as the app would after SelectEvent and the registry answer.
inline void open_detail(ScreenUnderTest& screen, const std::string& event_id,
                        std::int64_t purpose_id) {
    EventDetail detail;
    detail.event_id = event_id;
    for (const EventRow& row : screen.state.history.rows) {
        if (row.id == event_id) {
            detail.row = row;
        }
    }
    detail.purpose_id = purpose_id;
    detail.purpose.phase = LoadPhase::Ready;
    for (const api::Purpose& purpose : screen.state.purposes.data) {
        if (purpose.id == purpose_id) {
            detail.purpose.data = purpose;
        }
    }
    screen.state.history.detail = detail;
}

inline void apply(ScreenUnderTest& screen) {
    const views::Intents intents = screen.intents;
    for (const Intent& intent : intents) {
        on_intent(screen.state, intent);
    }
}

} // namespace einblick::client::testing::citizen_screens

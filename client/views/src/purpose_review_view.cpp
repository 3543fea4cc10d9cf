// The DPO's purpose approvals (Zwecke prüfen): proposed versions of the purpose register,
// oldest first; one opened shows the full proposal next to the version in force it would
// replace, with the changed entries marked, and is approved or rejected with a reason.
#include "dpo_common.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client::views {
namespace {

namespace di = intent::dpo;

std::string version_label(const AppState& state, int version) {
    return std::string(tr(state, "Version ", "version ")) + std::to_string(version);
}

std::string kind_label(const AppState& state, const ReviewItem& item) {
    if (!item.in_force) {
        return tr(state, "neuer Zweck", "new purpose");
    }
    return std::string(tr(state, "Änderung von ", "change of ")) +
           version_label(state, item.in_force->version);
}

// [SECTION] The list of proposals

void draw_proposal_row(const AppState& state, const ReviewItem& item, Intents& intents) {
    const std::string key =
        "proposal" + std::to_string(item.purpose_id) + "v" + std::to_string(item.version);
    ImGui::PushID(key.c_str());
    ui::table_row(key.c_str());
    ui::table_cell(format_german_date(item.proposed.proposed_at).c_str());
    // The name opens the proposal; with the version it is unique on the page.
    const std::string link =
        item.proposed.content.name + " (" + version_label(state, item.version) + ")###open";
    ui::table_control_cell();
    if (ui::link(link.c_str())) {
        intents.emplace_back(di::SelectProposal{item.purpose_id, item.version});
    }
    parts::data_cell(state, item.agency_name);
    ui::table_cell(kind_label(state, item).c_str());
    ui::table_cell(gdpr_basis_label(item.proposed.content.gdpr_basis, state.language).c_str());
    ImGui::PopID();
}

void draw_proposal_list(const AppState& state, const std::vector<ReviewItem>& items,
                        Intents& intents) {
    const std::string count =
        plural(state, static_cast<long long>(items.size()),
               {"{} Vorschlag wartet auf Ihre Entscheidung.",
                "{} Vorschläge warten auf Ihre Entscheidung."},
               {"{} proposal awaits your decision.", "{} proposals await your decision."});
    ui::status(count.c_str());
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    if (!ui::begin_table(
            "proposals",
            tr(state, "Zur Prüfung eingereichte Zwecke", "Purposes submitted for review"), 5,
            flags)) {
        return;
    }
    ui::table_column(tr(state, "Eingereicht", "Submitted"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("28.11.2026 ").x);
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 2.0F);
    ui::table_column(tr(state, "Abrufende Stelle", "Agency"), ImGuiTableColumnFlags_None, 1.4F);
    ui::table_column(tr(state, "Art", "Kind"), ImGuiTableColumnFlags_None, 0.9F);
    ui::table_column(tr(state, "Rechtsgrundlage (DSGVO)", "Legal basis (GDPR)"),
                     ImGuiTableColumnFlags_None, 1.4F);
    ui::header_row();
    for (const ReviewItem& item : items) {
        draw_proposal_row(state, item, intents);
    }
    ui::end_table();
}

// [SECTION] One proposal next to the version in force

std::string join_labels(const std::vector<std::string>& codes, Language language,
                        std::string (*label)(std::string_view, Language)) {
    std::string out;
    for (const std::string& code : codes) {
        out += (out.empty() ? "" : ", ") + label(code, language);
    }
    return out;
}

std::string join_lines(const std::vector<std::string>& lines, const char* none) {
    std::string out;
    for (const std::string& line : lines) {
        out += (out.empty() ? "" : "\n") + line;
    }
    return out.empty() ? none : out;
}

struct ComparedEntry {
    const char* label;
    std::string proposed;
    std::optional<std::string> in_force;
    bool from_data = false; // the agency's own words (German), not the app's labels
};

std::vector<ComparedEntry> compare(const AppState& state, const api::PurposeContent& proposed,
                                   const api::PurposeContent* in_force) {
    const Language language = state.language;
    const char* none = tr(state, "keine", "none");
    const auto days = [&state](int count) {
        return plural(state, count, {"{} Tag", "{} Tage"}, {"{} day", "{} days"});
    };
    const auto entry = [in_force](const char* label, const std::string& value, auto&& of,
                                  bool from_data = false) -> ComparedEntry {
        return {label, value, in_force ? std::optional<std::string>(of(*in_force)) : std::nullopt,
                from_data};
    };
    using C = const api::PurposeContent&;
    return {
        entry(
            tr(state, "Name", "Name"), proposed.name, [](C c) { return c.name; }, true),
        entry(
            tr(state, "Beschreibung", "Description"), proposed.description,
            [](C c) { return c.description; }, true),
        entry(
            tr(state, "Rechtsvorschrift", "Statute"), proposed.legal_basis,
            [](C c) { return c.legal_basis; }, true),
        entry(tr(state, "Rechtsgrundlage (DSGVO)", "Legal basis (GDPR)"),
              gdpr_basis_label(proposed.gdpr_basis, language),
              [language](C c) { return gdpr_basis_label(c.gdpr_basis, language); }),
        entry(tr(state, "Datenkategorien", "Data categories"),
              join_labels(proposed.data_categories, language, data_category_label),
              [language](C c) {
                  return join_labels(c.data_categories, language, data_category_label);
              }),
        entry(
            tr(state, "Register", "Registers"),
            join_labels(proposed.source_registers, language, register_label),
            [language](C c) { return join_labels(c.source_registers, language, register_label); }),
        entry(
            tr(state, "Empfänger", "Recipients"), join_lines(proposed.recipients, none),
            [none](C c) { return join_lines(c.recipients, none); }, !proposed.recipients.empty()),
        entry(tr(state, "Speicherdauer", "Retention"), days(proposed.retention_days),
              [&days](C c) { return days(c.retention_days); }),
    };
}

void draw_comparison(const AppState& state, const ReviewItem& item) {
    const bool has_in_force = item.in_force.has_value();
    const std::vector<ComparedEntry> entries =
        compare(state, item.proposed.content, has_in_force ? &item.in_force->content : nullptr);
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_SizingStretchProp;
    const char* name = has_in_force ? tr(state, "Vorschlag und geltende Fassung im Vergleich",
                                         "Proposal compared with the version in force")
                                    : tr(state, "Der vorgeschlagene Zweck", "The proposed purpose");
    if (!ui::begin_table("comparison", name, has_in_force ? 3 : 2, flags)) {
        return;
    }
    ui::table_column(tr(state, "Angabe", "Entry"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("Rechtsgrundlage (DSGVO)").x);
    const std::string proposed_header = std::string(tr(state, "Vorschlag (", "Proposal (")) +
                                        version_label(state, item.version) + ")";
    ui::table_column(proposed_header.c_str(), ImGuiTableColumnFlags_None, 1.0F);
    std::string in_force_header;
    if (has_in_force) {
        in_force_header = std::string(tr(state, "Geltende Fassung (", "In force (")) +
                          version_label(state, item.in_force->version) + ")";
        ui::table_column(in_force_header.c_str(), ImGuiTableColumnFlags_None, 1.0F);
    }
    ui::header_row();
    for (const ComparedEntry& entry : entries) {
        const bool changed = entry.in_force && *entry.in_force != entry.proposed;
        ui::table_row();
        if (changed) {
            ui::highlight_row(palette::changed_row_background);
        }
        ui::table_cell(entry.label);
        if (changed) {
            ui::text(tr(state, "geändert", "changed"), &palette::brand);
        }
        const char* lang = entry.from_data ? parts::data_lang(state) : nullptr;
        ui::table_cell(entry.proposed.c_str());
        ui::set_last_language(lang);
        if (entry.in_force) {
            ui::table_cell(entry.in_force->c_str());
            ui::set_last_language(lang);
        }
    }
    ui::end_table();
}

void draw_decision_form(AppState& state, Intents& intents) {
    PurposeReview& review = state.dpo.review;
    ui::begin_region(a11y::Role::Form,
                     tr(state, "Über den Vorschlag entscheiden", "Decide the proposal"));
    ui::heading(3, tr(state, "Entscheiden", "Decide"));
    parts::draw_error(state, review.error);
    const parts::ErrorLink links[] = {{"/decision", "###approve"}, {"/reason", "###reason"}};
    parts::draw_error_summary(state, review.errors, links, 4);
    ImGui::BeginDisabled(review.submitting);

    const auto decision_error = parts::field_error(state, review.errors, "/decision");
    ui::text(tr(state, "Entscheidung", "Decision"));
    parts::draw_field_error(state, decision_error);
    ui::begin_region(a11y::Role::RadioGroup, tr(state, "Entscheidung", "Decision"));
    if (decision_error) {
        ui::describe_last(decision_error->c_str());
    }
    if (ui::radio(tr(state, "genehmigen###approve", "approve###approve"),
                  review.decision == api::PurposeDecision::Approve)) {
        review.decision = api::PurposeDecision::Approve;
    }
    ui::same_line_if_fits();
    if (ui::radio(tr(state, "ablehnen###reject", "reject###reject"),
                  review.decision == api::PurposeDecision::Reject)) {
        review.decision = api::PurposeDecision::Reject;
    }
    ui::end_region();

    parts::required_text_area(state, review.errors, "/reason",
                              tr(state, "Begründung (wird der Stelle mitgeteilt)###reason",
                                 "Reasons (sent to the agency)###reason"),
                              review.reason, 4.0F);

    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = review.submitting;
    if (ui::button(review.submitting
                       ? tr(state, "Wird gespeichert …###decide", "Saving …###decide")
                       : tr(state, "Entscheidung speichern###decide", "Save decision###decide"),
                   submit)) {
        intents.emplace_back(di::SubmitPurposeDecision{});
    }
    ImGui::EndDisabled();
    ui::end_region();
}

void draw_proposal(AppState& state, const ReviewItem* item, Intents& intents) {
    ImGui::BeginDisabled(state.dpo.review.submitting);
    if (ui::button(tr(state, "Zurück zur Liste###close", "Back to the list###close"))) {
        intents.emplace_back(di::CloseProposal{});
    }
    ImGui::EndDisabled();
    if (item == nullptr) {
        ui::heading(2, page_title(state.page, state.language));
        ui::status(tr(state, "Dieser Vorschlag liegt nicht mehr zur Prüfung vor.",
                      "This proposal is no longer awaiting review."));
        return;
    }
    const std::string title =
        std::string(tr(state, "Zweck prüfen: ", "Review purpose: ")) + item->proposed.content.name;
    ui::heading(2, title.c_str());
    std::vector<parts::DetailField> fields;
    fields.push_back({tr(state, "Abrufende Stelle", "Agency"), item->agency_name, nullptr,
                      parts::data_lang(state)});
    fields.push_back({tr(state, "Eingereicht am", "Submitted on"),
                      format_german_date_time(item->proposed.proposed_at)});
    fields.push_back({tr(state, "Art", "Kind"),
                      kind_label(state, *item) +
                          (item->in_force ? tr(state,
                                               " – ersetzt nach Genehmigung die geltende "
                                               "Fassung",
                                               " – replaces the version in force once approved")
                                          : "")});
    parts::draw_details(fields);
    ImGui::Spacing();
    ui::heading(3, item->in_force ? tr(state, "Was sich ändern würde", "What would change")
                                  : tr(state, "Der Vorschlag", "The proposal"));
    draw_comparison(state, *item);
    ImGui::Spacing();
    draw_decision_form(state, intents);
}

const ReviewItem* find_item(const std::vector<ReviewItem>& items, const PurposeReview& review) {
    for (const ReviewItem& item : items) {
        if (review.purpose_id == item.purpose_id && review.version == item.version) {
            return &item;
        }
    }
    return nullptr;
}

} // namespace

void draw_purpose_review(AppState& state, Intents& intents) {
    const Remote<std::vector<api::Purpose>>& purposes = state.purposes;
    const std::vector<ReviewItem> items = purposes_to_review(state);
    if (state.dpo.review.purpose_id && purposes.ready()) {
        draw_proposal(state, find_item(items, state.dpo.review), intents);
        return;
    }
    ui::heading(2, page_title(state.page, state.language));
    dpo::draw_intro(tr(state,
                       "Von den Stellen vorgeschlagene Zwecke und Änderungen des Zweckregisters "
                       "(Art. 30 DSGVO), der älteste Vorschlag zuerst. Erst nach Ihrer "
                       "Genehmigung darf eine Stelle zu einem Zweck Daten abrufen.",
                       "Purposes and changes to the purpose register (Art. 30 GDPR) proposed by "
                       "the agencies, oldest first. An agency may only retrieve data for a "
                       "purpose once you have approved it."));
    parts::draw_notice(state, state.dpo.review.notice);
    if (!parts::remote_ready(
            state, purposes,
            tr(state, "Das Zweckregister wird geladen …", "Loading the purpose register …"),
            tr(state, "Das Zweckregister konnte nicht geladen werden.",
               "The purpose register could not be loaded."),
            intents)) {
        return;
    }
    if (items.empty()) {
        ui::status(tr(state, "Derzeit liegen keine Zwecke zur Prüfung vor.",
                      "No purposes are awaiting review."));
        return;
    }
    draw_proposal_list(state, items, intents);
}

} // namespace einblick::client::views

// The detail of the selected access, beside the history's table: when, who, which data and
// with what outcome; why the authority was allowed to (purpose, statute, the GDPR basis in plain
// words); the citizen's rights (object, or withdraw a consent, or the objection already
// pending); and the purpose's entry in the register of processing activities.
#include "citizen_parts.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "history_parts.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <cstdint>
#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::views::access_history {
namespace {

namespace ic = intent::citizen;

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
    if (!row.reported_late_at.empty()) {
        parts::fact(tr(state, "Gemeldet", "Reported"),
                    std::string(tr(state, "nachträglich gemeldet am ", "reported late, on ")) +
                        row.reported_late_at,
                    labels);
        ui::paragraph(tr(state,
                         "Die Stelle hat diesen Zugriff erst mehr als einen Tag nach seinem "
                         "Zeitpunkt in das Protokoll eingetragen.",
                         "The authority entered this access in the log more than a day after "
                         "it took place."),
                      &palette::muted_text);
    }
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
    parts::fact(tr(state, "Protokoll", "Log"), entry_trust_fact(state, row.id), labels);
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
        draw_error_with_retry(
            state,
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

} // namespace

bool draw_detail(const AppState& state, const EventDetail& detail, const ImVec2& size,
                 bool take_focus, Intents& intents) {
    // A darker frame than the table's sets the panel off from the rows under it.
    ImGui::PushStyleColor(ImGuiCol_Border, palette::detail_panel_border);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 2.0F);
    // Narrow: the detail is the whole view, with the page's smaller margin inside it too.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ui::narrow() ? narrow_page_padding : ImGui::GetStyle().WindowPadding);
    ImGui::BeginChild("event_detail", size, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    // A dialog: its name is announced when the focus moves into it, and Escape closes it.
    if (ui::begin_dialog("detail_dialog",
                         tr(state, "Einzelheiten zum Zugriff", "Details of the access"))) {
        intents.emplace_back(ic::CloseEventDetail{});
    }
    ui::heading(3, tr(state, "Einzelheiten zum Zugriff", "Details of the access"));
    const char* close = tr(state, "Schließen###close_detail", "Close###close_detail");
    if (take_focus) {
        ui::move_focus(ui::node_id(close)); // its first control, a Tab before the rights
    }
    const float close_at = ImGui::GetWindowContentRegionMax().x -
                           ImGui::CalcTextSize(close, nullptr, true).x -
                           ImGui::GetStyle().FramePadding.x * 2.0F;
    // At the heading's right, or under it where both do not fit on one line.
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x <=
        close_at) {
        ImGui::SameLine(close_at);
    }
    ui::ButtonOptions close_options;
    close_options.description = tr(state, "Einzelheiten schließen", "Close the details");
    if (ui::button(close, close_options)) {
        intents.emplace_back(ic::CloseEventDetail{});
    }
    draw_access_facts(state, detail.row);
    ImGui::Spacing();
    draw_purpose_section(state, detail, detail.row, intents);
    const bool focus_inside = ui::end_dialog();
    ImGui::EndChild();
    return focus_inside;
}

} // namespace einblick::client::views::access_history

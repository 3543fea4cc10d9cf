// The purpose registry (Zweckregister, records of processing, Art. 30 DSGVO), for citizens and
// DPOs: per purpose who (agency), why (name, description), on what legal basis (statute and
// GDPR basis), which data from which registers, to whom it is passed on and how long it is
// kept; a search over all of it. Citizens object to a purpose here (Art. 21) or give consent
// to a consent-based one (Art. 6(1)(a)); DPOs see each purpose's status and its versions.
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::views {
namespace {

using parts::joined;

// [SECTION] Search

// Lower case for ASCII and the Latin-1 capitals (Ä Ö Ü …, UTF-8 C3 80–9E), enough for German.
std::string folded(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto byte = static_cast<unsigned char>(out[i]);
        if (byte >= 'A' && byte <= 'Z') {
            out[i] = static_cast<char>(byte + ('a' - 'A'));
        } else if (byte == 0xC3 && i + 1 < out.size()) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) { // 0x97 is ×
                out[i + 1] = static_cast<char>(next + 0x20);
            }
            ++i;
        }
    }
    return out;
}

std::vector<std::string> search_words(const std::string& search) {
    std::vector<std::string> words;
    const std::string text = folded(search);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find_first_of(" \t", start), text.size());
        if (end > start) {
            words.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return words;
}

// The version a reader sees: the one in force, else (DPO: proposed or rejected only) the
// newest.
const api::PurposeVersion* shown_version(const api::Purpose& purpose) {
    if (purpose.in_force) {
        return &*purpose.in_force;
    }
    const api::PurposeVersion* newest = nullptr;
    for (const api::PurposeVersion& version : purpose.versions) {
        if (newest == nullptr || version.version > newest->version) {
            newest = &version;
        }
    }
    return newest;
}

std::string recipients_text(const AppState& state, const api::PurposeContent& content) {
    std::string out;
    for (const std::string& recipient : content.recipients) {
        out += (out.empty() ? "" : ", ") + recipient;
    }
    return out.empty() ? std::string(tr(state, "niemand", "nobody")) : out;
}

bool matches(const AppState& state, const api::Purpose& purpose,
             const std::vector<std::string>& words) {
    const api::PurposeVersion* version = shown_version(purpose);
    if (version == nullptr) {
        return false;
    }
    if (words.empty()) {
        return true;
    }
    const api::PurposeContent& c = version->content;
    const Language language = state.language;
    const std::string haystack = folded(
        purpose.agency_name + " " + purpose.agency_code + " " + c.name + " " + c.description + " " +
        c.legal_basis + " " + gdpr_basis_label(c.gdpr_basis, language) + " " +
        joined(c.data_categories, language, data_category_label) + " " +
        joined(c.source_registers, language, register_label) + " " + recipients_text(state, c));
    return std::all_of(words.begin(), words.end(), [&](const std::string& word) {
        return haystack.find(word) != std::string::npos;
    });
}

// Sorted by agency, then by purpose name: who comes first, as people look for it.
std::vector<const api::Purpose*> shown_purposes(const AppState& state) {
    const auto words = search_words(state.registry_search);
    std::vector<const api::Purpose*> out;
    for (const api::Purpose& purpose : state.purposes.data) {
        if (matches(state, purpose, words)) {
            out.push_back(&purpose);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const api::Purpose* a, const api::Purpose* b) {
        if (a->agency_name != b->agency_name) {
            return a->agency_name < b->agency_name;
        }
        return shown_version(*a)->content.name < shown_version(*b)->content.name;
    });
    return out;
}

bool is_citizen(const AppState& state) {
    return state.session && state.session->role == api::Role::Citizen;
}

// [SECTION] Rows

void draw_data_cell(const AppState& state, const api::PurposeContent& content) {
    ui::table_cell(joined(content.data_categories, state.language, data_category_label).c_str());
    const std::string from = std::string(tr(state, "Herkunft: ", "Source: ")) +
                             joined(content.source_registers, state.language, register_label);
    ui::paragraph(from.c_str(), &palette::muted_text);
    const std::string to = std::string(tr(state, "Weitergabe an: ", "Passed on to: ")) +
                           recipients_text(state, content);
    ui::paragraph(to.c_str(), &palette::muted_text);
    const std::string kept = std::string(tr(state, "Speicherdauer: ", "Kept for: ")) +
                             parts::retention_text(state, content.retention_days);
    ui::paragraph(kept.c_str(), &palette::muted_text);
}

const ConsentRow* given_consent(const AppState& state, std::int64_t purpose_id) {
    for (const ConsentRow& row : state.citizen.consents.list.data) {
        if (row.consent.purpose_id == purpose_id && row.consent.state == api::ConsentState::Given) {
            return &row;
        }
    }
    return nullptr;
}

// An objection under this purpose (to it or to one of its accesses) that is pending or was
// upheld: the server takes no second one while one is pending.
const ObjectionRow* standing_objection(const AppState& state, std::int64_t purpose_id) {
    for (const ObjectionRow& row : state.citizen.objections.list.data) {
        const api::Objection& o = row.objection;
        if (o.purpose_id == purpose_id && (o.status == api::ObjectionStatus::Pending ||
                                           o.status == api::ObjectionStatus::Upheld)) {
            return &row;
        }
    }
    return nullptr;
}

void draw_consent_rights(const AppState& state, const api::Purpose& purpose,
                         const std::string& name, Intents& intents) {
    if (const ConsentRow* consent = given_consent(state, purpose.id)) {
        const std::string text = std::string(tr(state, "Sie haben eingewilligt, gültig bis ",
                                                "You have consented, valid until ")) +
                                 consent->expires_at + ".";
        ui::table_cell(text.c_str(), &palette::success);
        if (parts::action_button(
                tr(state, "Einwilligung verwalten###manage", "Manage consent###manage"),
                tr(state, "Einwilligung verwalten: ", "Manage consent: ") + name)) {
            intents.emplace_back(intent::Navigate{Page::Consents});
        }
        return;
    }
    ui::table_cell(tr(state, "Nur mit Ihrer Einwilligung.", "Only with your consent."));
    if (parts::action_button(tr(state, "Einwilligung erteilen###consent", "Give consent###consent"),
                             tr(state, "Einwilligung erteilen: ", "Give consent: ") + name)) {
        // The flow is drawn on the consents page, so go there with the purpose chosen.
        intents.emplace_back(intent::citizen::StartConsent{purpose.id});
        intents.emplace_back(intent::Navigate{Page::Consents});
    }
}

void draw_citizen_rights(const AppState& state, const api::Purpose& purpose,
                         const std::string& name, Intents& intents) {
    if (purpose.in_force && purpose.in_force->content.gdpr_basis == consent_basis) {
        draw_consent_rights(state, purpose, name, intents);
        return;
    }
    if (const ObjectionRow* objection = standing_objection(state, purpose.id)) {
        const std::string text =
            objection->objection.status == api::ObjectionStatus::Upheld
                ? std::string(tr(state, "Ihrem Widerspruch ", "Your objection ")) +
                      objection->objection.reference +
                      tr(state, " wurde stattgegeben.", " was upheld.")
                : std::string(tr(state, "Ihr Widerspruch ", "Your objection ")) +
                      objection->objection.reference +
                      tr(state, " wird geprüft.", " is being examined.");
        ui::table_cell(text.c_str());
        return;
    }
    ui::table_cell(
        tr(state, "Widerspruch möglich (Art. 21 DSGVO).", "You may object (GDPR Art. 21)."));
    if (parts::action_button(tr(state, "Widerspruch einlegen###object", "Object###object"),
                             tr(state, "Widerspruch einlegen: ", "Object: ") + name)) {
        intents.emplace_back(intent::citizen::ObjectToPurpose{purpose.id});
    }
}

// DPO: the status of the purpose and, once it was revised, every version with its own status.
void draw_status_cell(const AppState& state, const api::Purpose& purpose) {
    ui::table_cell(purpose_status_label(purpose.status, state.language));
    if (purpose.versions.size() < 2) {
        return;
    }
    std::string versions;
    for (const api::PurposeVersion& version : purpose.versions) {
        versions += (versions.empty() ? "" : " · ") + std::string(tr(state, "V", "v")) +
                    std::to_string(version.version) + " " +
                    purpose_status_label(version.status, state.language);
    }
    const std::string text = std::string(tr(state, "Versionen: ", "Versions: ")) + versions;
    ui::paragraph(text.c_str(), &palette::muted_text);
}

void draw_row(const AppState& state, const api::Purpose& purpose, Intents& intents) {
    const api::PurposeVersion& version = *shown_version(purpose);
    const api::PurposeContent& content = version.content;
    const std::string key = "purpose" + std::to_string(purpose.id);
    ImGui::PushID(key.c_str());
    ui::table_row(key.c_str());
    parts::data_cell(state, purpose.agency_name);
    parts::data_cell(state, content.name);
    parts::data_paragraph(state, content.description, &palette::muted_text);
    ui::table_cell(gdpr_basis_label(content.gdpr_basis, state.language).c_str());
    parts::data_paragraph(state, content.legal_basis, &palette::muted_text);
    draw_data_cell(state, content);
    if (is_citizen(state)) {
        draw_citizen_rights(state, purpose, content.name, intents);
    } else {
        draw_status_cell(state, purpose);
    }
    ImGui::PopID();
}

void draw_table(const AppState& state, const std::vector<const api::Purpose*>& purposes,
                Intents& intents) {
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    if (!ui::begin_table("purpose_registry", tr(state, "Zweckregister", "Purpose registry"), 5,
                         flags)) {
        return;
    }
    const bool citizen = is_citizen(state);
    const float action_width =
        ImGui::CalcTextSize(tr(state, "Einwilligung verwalten", "Manage consent")).x +
        ImGui::GetStyle().FramePadding.x * 2.0F + 8.0F;
    ui::table_column(tr(state, "Stelle", "Authority"), ImGuiTableColumnFlags_None, 0.9F);
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Rechtsgrundlage", "Legal basis"), ImGuiTableColumnFlags_None, 1.1F);
    ui::table_column(tr(state, "Daten", "Data"), ImGuiTableColumnFlags_None, 1.3F);
    if (citizen) {
        ui::table_column(tr(state, "Ihre Rechte", "Your rights"), ImGuiTableColumnFlags_WidthFixed,
                         action_width);
    } else {
        ui::table_column(tr(state, "Status", "Status"), ImGuiTableColumnFlags_None, 0.9F);
    }
    ui::header_row();
    // Lines within a cell closer together than the rows, so each purpose reads as one block.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 4.0F));
    for (const api::Purpose* purpose : purposes) {
        draw_row(state, *purpose, intents);
    }
    ImGui::PopStyleVar();
    ui::end_table();
}

// [SECTION] Page

void draw_intro(const AppState& state) {
    ui::heading(2, page_title(Page::Registry, state.language));
    if (is_citizen(state)) {
        ui::paragraph(
            tr(state,
               "Das Zweckregister verzeichnet jeden genehmigten Zweck, für den Behörden Ihre Daten "
               "verwenden dürfen (Art. 30 DSGVO): wer, wozu, auf welcher Rechtsgrundlage, welche "
               "Daten aus welchen Registern, an wen sie weitergegeben und wie lange sie "
               "gespeichert werden. Gegen Zwecke im öffentlichen Interesse können Sie Widerspruch "
               "einlegen; Zwecke, die auf Einwilligung beruhen, nutzen Ihre Daten nur, wenn Sie "
               "eingewilligt haben.",
               "The purpose registry lists every approved purpose for which authorities may use "
               "your data (GDPR Art. 30): who, what for, on which legal basis, which data from "
               "which registers, to whom it is passed on and how long it is kept. You may object "
               "to purposes in the public interest; purposes based on consent use your data "
               "only if you have consented."),
            &palette::muted_text);
    } else {
        ui::paragraph(tr(state,
                         "Alle Zwecke der Stellen, für die Sie zuständig sind, mit ihren Versionen "
                         "und deren Status. Neue und geänderte Zwecke prüfen Sie unter „Zwecke "
                         "prüfen“.",
                         "All purposes of the authorities you are responsible for, with their "
                         "versions and their status. You review new and changed purposes under "
                         "“Review purposes”."),
                      &palette::muted_text);
    }
}

void draw_search(AppState& state, std::size_t shown, std::size_t total) {
    ui::TextInputOptions options;
    options.width = std::min(460.0F, ImGui::GetContentRegionAvail().x);
    options.description = tr(state, "Sucht in Stelle, Zweck, Rechtsgrundlage und Daten.",
                             "Searches authority, purpose, legal basis and data.");
    ui::text_input(tr(state, "Zweckregister durchsuchen###registry_search",
                      "Search the purpose registry###registry_search"),
                   state.registry_search, options);
    if (!state.registry_search.empty()) {
        ui::same_line_if_fits();
        if (ui::button(
                tr(state, "Suche zurücksetzen###clear_search", "Clear search###clear_search"))) {
            state.registry_search.clear(); // a text field's content, edited in place
        }
    }
    const std::string count =
        format_count(static_cast<long long>(shown)) + tr(state, " von ", " of ") +
        plural(state, static_cast<long long>(total), {"{} Zweck angezeigt", "{} Zwecken angezeigt"},
               {"{} purpose shown", "{} purposes shown"});
    ui::status(count.c_str());
}

} // namespace

void draw_registry(AppState& state, Intents& intents) {
    draw_intro(state);
    if (!parts::remote_ready(
            state, state.purposes,
            tr(state, "Das Zweckregister wird geladen …", "Loading the purpose registry …"),
            tr(state, "Das Zweckregister konnte nicht geladen werden.",
               "The purpose registry could not be loaded."),
            intents)) {
        return;
    }
    if (state.purposes.data.empty()) {
        ui::status(tr(state, "Das Zweckregister enthält noch keine Zwecke.",
                      "The purpose registry has no purposes yet."));
        return;
    }
    const auto purposes = shown_purposes(state);
    draw_search(state, purposes.size(), state.purposes.data.size());
    if (purposes.empty()) {
        const std::string none =
            std::string(tr(state, "Kein Zweck passt zu „", "No purpose matches “")) +
            state.registry_search + tr(state, "“.", "”.");
        ui::status(none.c_str());
        return;
    }
    ImGui::Spacing();
    draw_table(state, purposes, intents);
}

} // namespace einblick::client::views

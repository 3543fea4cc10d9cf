// The citizen's objections (Widersprüche, Art. 21 DSGVO), newest first, each in its own box:
// reference number, what it is against, status, when it arrived and when the answer is due
// (with the extension and its reason if the deadline was extended), the restriction of
// processing if asked for (Art. 18), the decision with its reason, and the remedies
// (complaint to the supervisory authority, Art. 77; courts, Art. 78, 79).
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <optional>
#include <string>

namespace einblick::client::views {
namespace {

constexpr const char* remedies_en =
    "You have the right to lodge a complaint with a data protection supervisory authority "
    "(GDPR Art. 77), in particular in the state where you live. You can also take the decision "
    "to court (GDPR Art. 78, 79).";
constexpr const char* remedies_de =
    "Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren "
    "(Art. 77 DSGVO), insbesondere in dem Land Ihres Wohnorts. Gegen die Entscheidung ist "
    "außerdem der Rechtsweg zu den Gerichten eröffnet (Art. 78, 79 DSGVO).";

// The server writes the remedies in German; English readers get the same content translated.
std::string remedies_text(const AppState& state, const api::Objection& objection) {
    if (state.language == Language::English) {
        return remedies_en;
    }
    return objection.remedies.empty() ? std::string(remedies_de) : objection.remedies;
}

std::string target_text(const AppState& state, const api::Objection& objection) {
    std::string text = objection.event_id
                           ? std::string(tr(state, "einen einzelnen Abruf im Rahmen von „",
                                            "a single access for “"))
                           : std::string(tr(state, "den Zweck „", "the purpose “"));
    text += objection.purpose_name + tr(state, "“ der Stelle ", "” of ") + objection.agency_name;
    return text;
}

std::string status_text(const AppState& state, const ObjectionRow& row) {
    const api::Objection& objection = row.objection;
    std::string text = objection_status_label(objection.status, state.language);
    if (!row.decided_at.empty()) {
        text += std::string(tr(state, " am ", " on ")) + row.decided_at;
    } else if (objection.overdue) {
        text += tr(state, " – Antwortfrist überschritten", " – answer overdue");
    }
    return text;
}

const ImVec4* status_color(const api::Objection& objection) {
    if (objection.status == api::ObjectionStatus::Upheld) {
        return &palette::success;
    }
    if (objection.status == api::ObjectionStatus::Rejected || objection.overdue) {
        return &palette::error;
    }
    return nullptr;
}

void draw_deadline(const AppState& state, const ObjectionRow& row, float indent) {
    if (!row.extended) {
        parts::field(tr(state, "Antwort bis:", "Answer due by:"), row.due_at, indent);
        return;
    }
    parts::field(tr(state, "Antwort bis:", "Answer due by:"),
                 row.due_at + tr(state, " (verlängert)", " (extended)"), indent);
    parts::field(tr(state, "Ursprüngliche Frist:", "Original deadline:"), row.original_due_at,
                 indent);
    const std::optional<std::string>& given = row.objection.extension_reason;
    parts::field(tr(state, "Grund der Verlängerung:", "Reason for the extension:"),
                 given.value_or(tr(state, "Die Stelle hat keinen Grund angegeben.",
                                   "The authority gave no reason.")),
                 indent, nullptr, given ? parts::data_lang(state) : nullptr);
}

void draw_decision(const AppState& state, const ObjectionRow& row, float indent) {
    const api::Objection& objection = row.objection;
    if (objection.status == api::ObjectionStatus::Pending) {
        return;
    }
    ImGui::Spacing();
    ui::heading(4, tr(state, "Entscheidung", "Decision"));
    const char* outcome =
        objection.status == api::ObjectionStatus::Upheld
            ? tr(state,
                 "Ihrem Widerspruch wurde stattgegeben. Ihre Daten werden für diesen Zweck "
                 "nicht mehr verwendet.",
                 "Your objection was upheld. Your data is no longer used for this purpose.")
            : tr(state, "Ihr Widerspruch wurde zurückgewiesen.", "Your objection was rejected.");
    parts::field(tr(state, "Ergebnis:", "Outcome:"), outcome, indent, status_color(objection));
    parts::field(tr(state, "Begründung:", "Reason:"),
                 objection.decision_reason.value_or(tr(state, "—", "—")), indent, nullptr,
                 objection.decision_reason ? parts::data_lang(state) : nullptr);
    parts::field(tr(state, "Ihre Rechte:", "Your rights:"), remedies_text(state, objection),
                 indent);
}

void draw_objection(const AppState& state, const ObjectionRow& row) {
    const api::Objection& objection = row.objection;
    ImGui::PushID(static_cast<int>(objection.id));
    const parts::Card card = parts::begin_card();
    const std::string title = std::string(tr(state, "Widerspruch ", "Objection ")) +
                              objection.reference + ": " + objection.purpose_name;
    ui::heading(3, title.c_str());
    parts::copy_reference_button(state, objection.reference);
    const float indent =
        parts::label_width(tr(state, "Grund der Verlängerung:", "Reason for the extension:"),
                           tr(state, "Einschränkung (Art. 18):", "Restriction (Art. 18):"));
    parts::field(tr(state, "Status:", "Status:"), status_text(state, row), indent,
                 status_color(objection));
    parts::field(tr(state, "Gegen:", "Against:"), target_text(state, objection), indent);
    parts::field(tr(state, "Eingegangen am:", "Received on:"), row.received_at, indent);
    draw_deadline(state, row, indent);
    // Written in German (the form is), so marked as such on an English page (WCAG 3.1.2).
    parts::field(tr(state, "Ihre Begründung:", "Your reason:"), objection.reason, indent, nullptr,
                 parts::data_lang(state));
    if (objection.restriction_requested) {
        const char* restriction =
            objection.status == api::ObjectionStatus::Pending
                ? tr(state,
                     "beantragt – bis zur Entscheidung werden Ihre Daten für diesen Zweck nicht "
                     "verwendet.",
                     "requested – until the decision your data is not used for this purpose.")
                : tr(state, "beantragt – endete mit der Entscheidung.",
                     "requested – ended with the decision.");
        parts::field(tr(state, "Einschränkung (Art. 18):", "Restriction (Art. 18):"), restriction,
                     indent);
    }
    draw_decision(state, row, indent);
    parts::end_card(card);
    ImGui::PopID();
}

void draw_intro(const AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::Objections, state.language));
    ui::paragraph(
        tr(state,
           "Hier sehen Sie Ihre Widersprüche gegen die Verwendung Ihrer Daten (Art. 21 DSGVO) "
           "und wie darüber entschieden wurde. Die Stelle muss Ihnen innerhalb eines Monats "
           "antworten; in begründeten Fällen kann sie die Frist um bis zu zwei Monate verlängern "
           "(Art. 12 Abs. 3 DSGVO).",
           "Here you see your objections to the use of your data (GDPR Art. 21) and how they "
           "were decided. The authority must answer within one month; for good reasons it may "
           "extend this by up to two months (GDPR Art. 12(3))."),
        &palette::muted_text);
    ui::paragraph(tr(state,
                     "Einen neuen Widerspruch legen Sie im Zweckregister gegen einen Zweck ein "
                     "oder unter „Zugriffe“ gegen einen einzelnen Abruf.",
                     "You file a new objection in the purpose registry against a purpose, or "
                     "under “Accesses” against a single access."),
                  &palette::muted_text);
    if (ui::button(tr(state, "Zum Zweckregister###to_registry",
                      "To the purpose registry###to_registry"))) {
        intents.emplace_back(intent::Navigate{Page::Registry});
    }
    ImGui::Spacing();
}

void draw_remedies_note(const AppState& state) {
    ImGui::Spacing();
    ui::heading(3, tr(state, "Beschwerde bei der Aufsichtsbehörde",
                      "Complaint to the supervisory authority"));
    ui::paragraph(tr(state,
                     "Unabhängig von einem Widerspruch können Sie sich jederzeit bei einer "
                     "Datenschutz-Aufsichtsbehörde beschweren, wenn Sie meinen, dass Ihre Daten "
                     "rechtswidrig verarbeitet werden (Art. 77 DSGVO).",
                     "Independently of an objection you can complain to a data protection "
                     "supervisory authority at any time if you believe your data is processed "
                     "unlawfully (GDPR Art. 77)."));
}

} // namespace

void draw_objections(AppState& state, Intents& intents) {
    draw_intro(state, intents);
    const auto& list = state.citizen.objections.list;
    if (!parts::remote_ready(state, list,
                             tr(state, "Widersprüche werden geladen …", "Loading objections …"),
                             tr(state, "Ihre Widersprüche konnten nicht geladen werden.",
                                "Your objections could not be loaded."),
                             intents)) {
        return;
    }
    if (list.data.empty()) {
        ui::status(tr(state, "Sie haben bisher keinen Widerspruch eingelegt.",
                      "You have not filed any objection so far."));
    } else {
        const std::string count =
            plural(state, static_cast<long long>(list.data.size()),
                   {"{} Widerspruch", "{} Widersprüche"}, {"{} objection", "{} objections"});
        ui::status(count.c_str());
        for (const ObjectionRow& row : list.data) {
            draw_objection(state, row);
        }
    }
    draw_remedies_note(state);
}

} // namespace einblick::client::views

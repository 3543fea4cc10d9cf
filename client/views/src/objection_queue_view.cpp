// The DPO's objection queue (Widersprüche, Art. 21 GDPR): open cases by deadline, overdue ones
// marked in colour and in words; one case opened shows what the citizen wrote and lets the DPO
// decide it with a written reason, or extend the deadline once by one or two months.
#include "dpo_common.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::views {
namespace {

namespace di = intent::dpo;

// [SECTION] The queue

void draw_filter(const AppState& state, Intents& intents) {
    const QueueFilter filter = state.dpo.queue_filter;
    ImGui::AlignTextToFramePadding();
    ui::text(tr(state, "Anzeigen:", "Show:"));
    ui::same_line_if_fits();
    ui::begin_region(a11y::Role::RadioGroup, tr(state, "Anzeigen", "Show"));
    if (ui::radio(tr(state, "nur offene###pending", "open only###pending"),
                  filter == QueueFilter::Pending) &&
        filter != QueueFilter::Pending) {
        intents.emplace_back(di::SetQueueFilter{QueueFilter::Pending});
    }
    ui::same_line_if_fits();
    if (ui::radio(tr(state, "alle, auch entschiedene###all", "all, also decided###all"),
                  filter == QueueFilter::All) &&
        filter != QueueFilter::All) {
        intents.emplace_back(di::SetQueueFilter{QueueFilter::All});
    }
    ui::end_region();
}

// The deadline cell: the date, then in words what is special about it.
void draw_deadline_cell(const AppState& state, const QueueRow& row) {
    ui::table_cell(row.due_at.c_str(), row.overdue ? &palette::error : nullptr);
    if (row.overdue) {
        ui::text(tr(state, "überfällig", "overdue"), &palette::error);
    }
    if (row.extended) {
        ui::text(tr(state, "verlängert", "extended"), &palette::muted_text);
    }
}

void draw_queue_row(const AppState& state, const QueueRow& row, Intents& intents) {
    const api::Objection& objection = row.objection;
    const std::string key = "objection" + std::to_string(objection.id);
    ImGui::PushID(key.c_str());
    ui::table_row(key.c_str());
    if (row.overdue) {
        ui::highlight_row(palette::warning_row_background);
    }
    // The reference opens the case: a link names itself uniquely in every row.
    ui::table_control_cell();
    if (ui::link(objection.reference.c_str())) {
        intents.emplace_back(di::OpenObjection{objection.id});
    }
    parts::data_cell(state, objection.agency_name);
    parts::data_paragraph(state, objection.purpose_name, &palette::muted_text);
    ui::table_cell(row.received_at.c_str());
    draw_deadline_cell(state, row);
    ui::table_cell(objection_status_label(objection.status, state.language));
    if (objection.restriction_requested && objection.status == api::ObjectionStatus::Pending) {
        ui::text(tr(state, "Einschränkung verlangt", "restriction requested"),
                 &palette::muted_text);
    }
    ImGui::PopID();
}

void draw_queue_table(const AppState& state, Intents& intents) {
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    const char* name =
        state.dpo.queue_filter == QueueFilter::Pending
            ? tr(state, "Offene Widersprüche, nach Frist geordnet", "Open objections by deadline")
            : tr(state, "Alle Widersprüche, nach Frist geordnet", "All objections by deadline");
    if (!ui::begin_table("objection_queue", name, 5, flags)) {
        return;
    }
    const float date_width = ImGui::CalcTextSize("28.11.2026").x;
    ui::table_column(tr(state, "Aktenzeichen", "Reference"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("W-2026-000000").x);
    ui::table_column(tr(state, "Abrufende Stelle und Zweck", "Agency and purpose"),
                     ImGuiTableColumnFlags_WidthStretch, 1.0F);
    ui::table_column(tr(state, "Eingegangen", "Received"), ImGuiTableColumnFlags_WidthFixed,
                     std::max(date_width, ImGui::CalcTextSize("Eingegangen").x));
    ui::table_column(tr(state, "Frist", "Deadline"), ImGuiTableColumnFlags_WidthFixed, date_width);
    ui::table_column(tr(state, "Status", "Status"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("Einschränkung verlangt").x);
    ui::header_row();
    for (const QueueRow& row : state.dpo.queue.data) {
        draw_queue_row(state, row, intents);
    }
    ui::end_table();
}

void draw_queue_summary(const AppState& state) {
    const auto& rows = state.dpo.queue.data;
    long long overdue = 0;
    for (const QueueRow& row : rows) {
        overdue += row.overdue ? 1 : 0;
    }
    const bool pending_only = state.dpo.queue_filter == QueueFilter::Pending;
    const auto count = static_cast<long long>(rows.size());
    std::string text =
        pending_only ? plural(state, count, {"{} offener Widerspruch", "{} offene Widersprüche"},
                              {"{} open objection", "{} open objections"})
                     : plural(state, count, {"{} Widerspruch", "{} Widersprüche"},
                              {"{} objection", "{} objections"});
    // An adjective without a noun: "davon 1 überfällig" needs no plural form.
    text += tr(state, ", davon ", ", ") + format_count(overdue) +
            tr(state, " überfällig.", " overdue.");
    ui::status(text.c_str());
}

void draw_queue(AppState& state, Intents& intents) {
    const Remote<std::vector<QueueRow>>& queue = state.dpo.queue;
    ui::heading(2, page_title(state.page, state.language));
    dpo::draw_intro(tr(state,
                       "Widersprüche nach Art. 21 DSGVO, die früheste Frist zuerst. Über jeden "
                       "Widerspruch ist binnen eines Monats zu entscheiden; die Frist kann einmal "
                       "um bis zu zwei Monate verlängert werden (Art. 12 Abs. 3 DSGVO).",
                       "Objections under Art. 21 GDPR, earliest deadline first. Each must be "
                       "decided within one month; the deadline can be extended once by up to two "
                       "months (Art. 12(3) GDPR)."));
    draw_filter(state, intents);
    ImGui::Spacing();
    // A failed reload keeps the last list shown.
    if (!parts::remote_ready(state, queue,
                             tr(state, "Widersprüche werden geladen …", "Loading objections …"),
                             tr(state, "Die Widersprüche konnten nicht geladen werden.",
                                "The objections could not be loaded."),
                             intents)) {
        return;
    }
    if (queue.data.empty()) {
        ui::status(
            state.dpo.queue_filter == QueueFilter::Pending
                ? tr(state, "Es liegen keine offenen Widersprüche vor.",
                     "There are no open objections.")
                : tr(state, "Es liegen keine Widersprüche vor.", "There are no objections."));
        return;
    }
    draw_queue_summary(state);
    draw_queue_table(state, intents);
}

// [SECTION] One case

std::string deadline_text(const AppState& state, const api::Objection& objection, bool overdue) {
    std::string text = format_german_date(objection.due_at);
    if (overdue) {
        text += tr(state, " – überfällig", " – overdue");
    }
    if (objection.extension_reason) {
        text += std::string(tr(state, " (verlängert; ursprünglich ", " (extended; originally ")) +
                format_german_date(objection.original_due_at) + ")";
    }
    return text;
}

void draw_case_details(const AppState& state, const api::Objection& objection) {
    const bool overdue = objection.status == api::ObjectionStatus::Pending &&
                         (objection.overdue || objection.due_at < state.now);
    ui::heading(3, tr(state, "Angaben zum Widerspruch", "About the objection"));
    std::vector<parts::DetailField> fields;
    fields.push_back(
        {tr(state, "Status", "Status"), objection_status_label(objection.status, state.language)});
    const char* german = parts::data_lang(state);
    fields.push_back(
        {tr(state, "Abrufende Stelle", "Agency"), objection.agency_name, nullptr, german});
    fields.push_back({tr(state, "Zweck", "Purpose"), objection.purpose_name, nullptr, german});
    fields.push_back({tr(state, "Gegenstand", "Subject"),
                      objection.event_id
                          ? std::string(tr(state, "ein einzelner Zugriff (Protokolleintrag Nr. ",
                                           "a single access (log entry no. ")) +
                                std::to_string(*objection.event_id) + ")"
                          : std::string(tr(state, "die Verarbeitung zu diesem Zweck insgesamt",
                                           "all processing for this purpose"))});
    fields.push_back({tr(state, "Einschränkung (Art. 18)", "Restriction (Art. 18)"),
                      objection.restriction_requested
                          ? tr(state, "verlangt: Verarbeitung bis zur Entscheidung eingeschränkt",
                               "requested: processing restricted until the decision")
                          : tr(state, "nicht verlangt", "not requested")});
    fields.push_back({tr(state, "Eingegangen am", "Received on"),
                      format_german_date_time(objection.received_at)});
    parts::DetailField deadline{tr(state, "Frist", "Deadline"),
                                deadline_text(state, objection, overdue)};
    deadline.color = overdue ? &palette::error : nullptr;
    fields.push_back(deadline);
    if (objection.extension_reason) {
        fields.push_back({tr(state, "Grund der Verlängerung", "Reason for the extension"),
                          *objection.extension_reason, nullptr, german});
    }
    parts::draw_details(fields);
    ImGui::Spacing();
    ui::heading(3, tr(state, "Begründung der Bürgerin oder des Bürgers", "The citizen's reasons"));
    parts::data_paragraph(state, objection.reason);
}

void draw_decided(const AppState& state, const api::Objection& objection) {
    ui::heading(3, tr(state, "Entscheidung", "Decision"));
    std::vector<parts::DetailField> fields;
    fields.push_back(
        {tr(state, "Ergebnis", "Outcome"),
         objection.status == api::ObjectionStatus::Upheld
             ? tr(state, "Dem Widerspruch wurde stattgegeben.", "The objection was upheld.")
             : tr(state, "Der Widerspruch wurde zurückgewiesen.", "The objection was rejected.")});
    if (objection.decided_at) {
        fields.push_back({tr(state, "Entschieden am", "Decided on"),
                          format_german_date_time(*objection.decided_at)});
    }
    fields.push_back({tr(state, "Begründung", "Reasons"), objection.decision_reason.value_or(""),
                      nullptr, parts::data_lang(state)});
    parts::draw_details(fields);
}

// The field errors belong to the form whose submission found them.
FieldErrors errors_of(const ObjectionCase& open, CaseAction action) {
    return open.action == action ? open.errors : FieldErrors{};
}

void draw_decision_form(AppState& state, Intents& intents) {
    ObjectionCase& open = state.dpo.open_case;
    const FieldErrors errors = errors_of(open, CaseAction::Decide);
    ui::begin_region(a11y::Role::Form,
                     tr(state, "Über den Widerspruch entscheiden", "Decide the objection"));
    ui::heading(3, tr(state, "Entscheiden", "Decide"));
    const parts::ErrorLink links[] = {{"/outcome", "###upheld"}, {"/reason", "###reason"}};
    parts::draw_error_summary(state, errors, links, 4);

    const auto outcome_error = parts::field_error(state, errors, "/outcome");
    ui::text(tr(state, "Ergebnis", "Outcome"));
    parts::draw_field_error(state, outcome_error);
    ui::begin_region(a11y::Role::RadioGroup, tr(state, "Ergebnis", "Outcome"));
    if (outcome_error) {
        ui::describe_last(outcome_error->c_str());
    }
    if (ui::radio(tr(state, "stattgeben###upheld", "uphold###upheld"),
                  open.decision.outcome == api::ObjectionDecision::Uphold)) {
        open.decision.outcome = api::ObjectionDecision::Uphold;
    }
    ui::same_line_if_fits();
    if (ui::radio(tr(state, "zurückweisen###rejected", "reject###rejected"),
                  open.decision.outcome == api::ObjectionDecision::Reject)) {
        open.decision.outcome = api::ObjectionDecision::Reject;
    }
    ui::end_region();

    parts::required_text_area(
        state, errors, "/reason",
        tr(state, "Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)###reason",
           "Reasons (sent to the citizen)###reason"),
        open.decision.reason, 5.0F);

    ui::ButtonOptions next;
    next.primary = true;
    next.description = tr(state, "Zeigt die Entscheidung noch einmal, bevor sie gilt",
                          "Shows the decision once more before it applies");
    if (ui::button(tr(state, "Weiter zur Prüfung###review", "Continue to check###review"), next)) {
        intents.emplace_back(di::ReviewDecision{});
    }
    ui::end_region();
}

// The last look before a binding decision: what will apply, what follows from it, and the
// only button that sends it.
void draw_decision_check(AppState& state, Intents& intents) {
    const ObjectionCase& open = state.dpo.open_case;
    const bool uphold = open.decision.outcome == api::ObjectionDecision::Uphold;
    ui::begin_region(a11y::Role::Form, tr(state, "Entscheidung prüfen", "Check the decision"));
    ui::heading(3, tr(state, "Bitte prüfen Sie Ihre Entscheidung", "Please check your decision"));
    std::vector<parts::DetailField> fields;
    fields.push_back({tr(state, "Ergebnis", "Outcome"),
                      uphold ? tr(state, "Dem Widerspruch stattgeben", "Uphold the objection")
                             : tr(state, "Den Widerspruch zurückweisen", "Reject the objection")});
    fields.push_back({tr(state, "Begründung", "Reasons"), open.decision.reason, nullptr,
                      parts::data_lang(state)});
    parts::draw_details(fields);
    ui::paragraph(
        uphold ? tr(state,
                    "Die Entscheidung ist verbindlich und kann nicht zurückgenommen werden. "
                    "Abrufe zu diesem Zweck werden für diese Person künftig abgelehnt. Die "
                    "Bürgerin oder der Bürger sieht die Entscheidung mit Ihrer Begründung.",
                    "The decision is binding and cannot be undone. Accesses for this purpose "
                    "will be refused for this person from now on. The citizen sees the decision "
                    "with your reasons.")
               : tr(state,
                    "Die Entscheidung ist verbindlich und kann nicht zurückgenommen werden. Die "
                    "Bürgerin oder der Bürger sieht die Entscheidung mit Ihrer Begründung.",
                    "The decision is binding and cannot be undone. The citizen sees the "
                    "decision with your reasons."));
    ImGui::Spacing();
    ui::ButtonOptions change;
    change.description = tr(state, "Zurück zum Formular", "Back to the form");
    if (ui::button(tr(state, "Ändern###edit-decision", "Change###edit-decision"), change)) {
        intents.emplace_back(di::EditDecision{});
    }
    ImGui::SameLine();
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = open.submitting && open.action == CaseAction::Decide;
    if (ui::button(submit.busy ? tr(state, "Wird gespeichert …###decide", "Saving …###decide")
                               : tr(state, "Verbindlich entscheiden###decide",
                                    "Make binding decision###decide"),
                   submit)) {
        intents.emplace_back(di::SubmitDecision{});
    }
    ui::end_region();
}

void draw_extension_form(AppState& state, Intents& intents) {
    ObjectionCase& open = state.dpo.open_case;
    const api::Objection& objection = open.objection.data;
    ui::heading(3, tr(state, "Frist verlängern", "Extend the deadline"));
    if (objection.extension_reason) {
        ui::paragraph(tr(state,
                         "Die Frist wurde bereits einmal verlängert; eine weitere Verlängerung "
                         "ist nicht möglich.",
                         "The deadline has already been extended once; it cannot be extended "
                         "again."),
                      &palette::muted_text);
        return;
    }
    const FieldErrors errors = errors_of(open, CaseAction::Extend);
    // The sentence and the two choices below name the months the server allows in words.
    static_assert(api::limits::objection_extension_months_min == 1 &&
                  api::limits::objection_extension_months_max == 2);
    ui::begin_region(a11y::Role::Form, tr(state, "Frist verlängern", "Extend the deadline"));
    ui::paragraph(tr(state,
                     "Einmalig um einen oder zwei Monate, wenn die Prüfung das erfordert. Der "
                     "Grund wird der Bürgerin oder dem Bürger mitgeteilt.",
                     "Once, by one or two months, if the examination needs it. The reason is "
                     "sent to the citizen."),
                  &palette::muted_text);
    const parts::ErrorLink links[] = {{"/months", "###one"}, {"/reason", "###extension_reason"}};
    parts::draw_error_summary(state, errors, links, 4);

    const auto months_error = parts::field_error(state, errors, "/months");
    ui::text(tr(state, "Verlängern um", "Extend by"));
    parts::draw_field_error(state, months_error);
    ui::begin_region(a11y::Role::RadioGroup, tr(state, "Verlängern um", "Extend by"));
    if (ui::radio(tr(state, "1 Monat###one", "1 month###one"), open.extension.months == 1)) {
        open.extension.months = 1;
    }
    ui::same_line_if_fits();
    if (ui::radio(tr(state, "2 Monate###two", "2 months###two"), open.extension.months == 2)) {
        open.extension.months = 2;
    }
    ui::end_region();
    if (open.extension.months >= api::limits::objection_extension_months_min &&
        open.extension.months <= api::limits::objection_extension_months_max) {
        const std::string preview = std::string(tr(state, "Neue Frist: ", "New deadline: ")) +
                                    format_german_date(deadline_after_months(
                                        objection.received_at, 1 + open.extension.months));
        ui::text(preview.c_str(), &palette::muted_text);
    }

    parts::required_text_area(state, errors, "/reason",
                              tr(state, "Grund der Verlängerung###extension_reason",
                                 "Reason for the extension###extension_reason"),
                              open.extension.reason, 3.0F);

    ui::ButtonOptions submit;
    submit.busy = open.submitting && open.action == CaseAction::Extend;
    if (ui::button(submit.busy ? tr(state, "Wird verlängert …###extend", "Extending …###extend")
                               : tr(state, "Frist verlängern###extend", "Extend deadline###extend"),
                   submit)) {
        intents.emplace_back(di::SubmitExtension{});
    }
    ui::end_region();
}

void draw_case_actions(AppState& state, Intents& intents) {
    const ObjectionCase& open = state.dpo.open_case;
    if (open.objection.data.status != api::ObjectionStatus::Pending) {
        draw_decided(state, open.objection.data);
        return;
    }
    ImGui::BeginDisabled(open.submitting);
    if (open.decision.checked) {
        draw_decision_check(state, intents);
    } else {
        draw_decision_form(state, intents);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    draw_extension_form(state, intents);
    ImGui::EndDisabled();
}

void draw_case_messages(const AppState& state) {
    const ObjectionCase& open = state.dpo.open_case;
    parts::draw_notice(state, open.notice);
    parts::draw_error(state, open.error);
    if (open.objection.in_flight && open.objection.ready()) {
        ui::status(tr(state, "Der aktuelle Stand wird geladen …", "Loading the current state …"),
                   &palette::muted_text, true);
    }
}

// Details on the left, what to do on the right; one column below that width.
void draw_case_body(AppState& state, Intents& intents) {
    const float width = ImGui::GetContentRegionAvail().x;
    if (width < 880.0F) {
        draw_case_details(state, state.dpo.open_case.objection.data);
        ImGui::Spacing();
        draw_case_actions(state, intents);
        return;
    }
    const float height = ImGui::GetContentRegionAvail().y;
    const float left = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5F;
    ImGui::BeginChild("case_details", ImVec2(left, height), false,
                      ImGuiWindowFlags_NoSavedSettings);
    draw_case_details(state, state.dpo.open_case.objection.data);
    ImGui::EndChild();
    ui::same_line_if_fits();
    ImGui::BeginChild("case_actions", ImVec2(0.0F, height), false,
                      ImGuiWindowFlags_NoSavedSettings);
    draw_case_actions(state, intents);
    ImGui::EndChild();
}

void draw_case(AppState& state, Intents& intents) {
    const ObjectionCase& open = state.dpo.open_case;
    ImGui::BeginDisabled(open.submitting);
    if (ui::button(tr(state, "Zurück zur Liste###close", "Back to the list###close"))) {
        intents.emplace_back(di::CloseObjection{});
    }
    ImGui::EndDisabled();
    const std::string title =
        std::string(tr(state, "Widerspruch", "Objection")) +
        (open.objection.ready() ? " " + open.objection.data.reference : std::string());
    ui::heading(2, title.c_str());
    switch (open.objection.phase) {
    case LoadPhase::Loading:
        ui::status(tr(state, "Der Widerspruch wird geladen …", "Loading the objection …"), nullptr,
                   true);
        return;
    case LoadPhase::Failed:
        parts::draw_load_failed(state, open.objection.error,
                                tr(state, "Der Widerspruch konnte nicht geladen werden.",
                                   "The objection could not be loaded."),
                                intents);
        return;
    case LoadPhase::Ready:
        break;
    }
    draw_case_messages(state);
    ImGui::Spacing();
    draw_case_body(state, intents);
}

} // namespace

void draw_objection_queue(AppState& state, Intents& intents) {
    if (state.dpo.open_case.id) {
        draw_case(state, intents);
    } else {
        draw_queue(state, intents);
    }
}

} // namespace einblick::client::views

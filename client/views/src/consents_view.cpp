// The citizen's consents (Art. 7 DSGVO): the consents in force, each withdrawn in one step on
// this screen (Art. 7(3): as easy as giving it), the withdrawn and expired ones with their
// history, and the flow "Einwilligung erteilen": purpose and expiry date → check your answers
// → confirmation. While the flow is open it is drawn instead of the list, also when the
// registry started it with a purpose chosen.
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::views {
namespace {

using parts::joined;

constexpr UnixMillis millis_per_day = 24LL * 60 * 60 * 1000;

std::string categories_text(const api::PurposeContent& content, Language language) {
    return joined(content.data_categories, language, data_category_label);
}

std::string registers_text(const api::PurposeContent& content, Language language) {
    return joined(content.source_registers, language, register_label);
}

// [SECTION] The list

// "läuft in 12 Tagen ab" for a consent that ends within 30 days: said in words, not colour.
std::string expiry_warning(const AppState& state, const ConsentRow& row) {
    if (!row.expires_soon) {
        return {};
    }
    const long long days = (row.consent.expires_at - state.now) / millis_per_day;
    if (days < 1) {
        return tr(state, " – läuft heute ab", " – expires today");
    }
    if (days == 1) {
        return tr(state, " – läuft morgen ab", " – expires tomorrow");
    }
    return plural(state, days, {" – läuft in {} Tag ab", " – läuft in {} Tagen ab"},
                  {" – expires in {} day", " – expires in {} days"});
}

// The steps of one consent in order: given, then withdrawn or expired (or valid until).
std::string history_text(const AppState& state, const ConsentRow& row) {
    std::string text = std::string(tr(state, "erteilt am ", "given on ")) + row.granted_at;
    if (row.consent.state == api::ConsentState::Withdrawn) {
        text += std::string(tr(state, " · widerrufen am ", " · withdrawn on ")) + row.withdrawn_at;
    } else if (row.consent.state == api::ConsentState::Expired) {
        text += std::string(tr(state, " · abgelaufen am ", " · expired on ")) + row.expires_at;
    } else {
        text += std::string(tr(state, " · gültig bis ", " · valid until ")) + row.expires_at;
    }
    return text;
}

void draw_given_consent(const AppState& state, const ConsentRow& row, Intents& intents) {
    const api::Consent& consent = row.consent;
    ImGui::PushID(static_cast<int>(consent.id));
    const parts::Card card = parts::begin_card();
    parts::data_heading(state, 3, consent.purpose_name);
    const float indent = parts::label_width(tr(state, "Abrufende Stelle:", "Authority:"),
                                            tr(state, "Gültig bis:", "Valid until:"));
    parts::field(tr(state, "Abrufende Stelle:", "Authority:"), consent.agency_name, indent, nullptr,
                 parts::data_lang(state));
    const std::string status = std::string(consent_state_label(consent.state, state.language)) +
                               expiry_warning(state, row);
    parts::field(tr(state, "Status:", "Status:"), status, indent,
                 row.expires_soon ? &palette::error : &palette::success);
    parts::field(tr(state, "Erteilt am:", "Given on:"),
                 row.granted_at + tr(state, " (Zweck in Version ", " (purpose version ") +
                     std::to_string(consent.purpose_version) + ")",
                 indent);
    parts::field(tr(state, "Gültig bis:", "Valid until:"), row.expires_at, indent);
    ImGui::Spacing();

    const ConsentsState& consents = state.citizen.consents;
    const bool withdrawing = consents.withdrawing_id == consent.id;
    ui::ButtonOptions options;
    options.busy = withdrawing;
    const char* label =
        withdrawing
            ? tr(state, "Wird widerrufen …###withdraw", "Withdrawing …###withdraw")
            : tr(state, "Einwilligung widerrufen###withdraw", "Withdraw consent###withdraw");
    const std::string name =
        std::string(withdrawing ? tr(state, "Wird widerrufen: ", "Withdrawing: ")
                                : tr(state, "Einwilligung widerrufen: ", "Withdraw consent: ")) +
        consent.purpose_name;
    ImGui::BeginDisabled(consents.withdrawing_id.has_value());
    if (parts::action_button(label, name, options)) {
        intents.emplace_back(intent::citizen::WithdrawConsent{consent.id});
    }
    ImGui::EndDisabled();
    parts::end_card(card);
    ImGui::PopID();
}

void draw_given(const AppState& state, const std::vector<const ConsentRow*>& given,
                Intents& intents) {
    ui::heading(3, tr(state, "Erteilte Einwilligungen", "Consents in force"));
    if (given.empty()) {
        ui::status(tr(state, "Sie haben derzeit keine Einwilligung erteilt.",
                      "You have not given any consent at the moment."));
        return;
    }
    ui::paragraph(tr(state,
                     "Ein Widerruf wirkt sofort: Die Stelle darf Ihre Daten ab dann nicht mehr "
                     "auf Grundlage dieser Einwilligung verwenden. Was bis dahin geschah, bleibt "
                     "rechtmäßig (Art. 7 Abs. 3 DSGVO).",
                     "A withdrawal takes effect at once: from then on the authority may no "
                     "longer use your data on the basis of this consent. What happened until "
                     "then remains lawful (GDPR Art. 7(3))."),
                  &palette::muted_text);
    for (const ConsentRow* row : given) {
        draw_given_consent(state, *row, intents);
    }
}

void draw_earlier(const AppState& state, const std::vector<const ConsentRow*>& earlier) {
    if (earlier.empty()) {
        return;
    }
    ImGui::Spacing();
    ui::heading(3, tr(state, "Widerrufene und abgelaufene Einwilligungen",
                      "Withdrawn and expired consents"));
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    if (!ui::begin_table("earlier_consents",
                         tr(state, "Widerrufene und abgelaufene Einwilligungen",
                            "Withdrawn and expired consents"),
                         4, flags)) {
        return;
    }
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Abrufende Stelle", "Authority"), ImGuiTableColumnFlags_None, 1.2F);
    ui::table_column(tr(state, "Status", "Status"), ImGuiTableColumnFlags_None, 0.6F);
    ui::table_column(tr(state, "Verlauf", "History"), ImGuiTableColumnFlags_None, 1.6F);
    ui::header_row();
    for (const ConsentRow* row : earlier) {
        const std::string key = "consent" + std::to_string(row->consent.id);
        ImGui::PushID(key.c_str());
        ui::table_row(key.c_str());
        parts::data_cell(state, row->consent.purpose_name);
        parts::data_cell(state, row->consent.agency_name);
        ui::table_cell(consent_state_label(row->consent.state, state.language));
        ui::table_cell(history_text(state, *row).c_str());
        ImGui::PopID();
    }
    ui::end_table();
}

void draw_messages(const AppState& state) {
    const ConsentsState& consents = state.citizen.consents;
    if (consents.notice) {
        ui::status(localized(state, *consents.notice).c_str(), &palette::success);
    }
    if (consents.error) {
        ui::alert(localized(state, *consents.error).c_str(), &palette::error);
    }
}

void draw_list(AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::Consents, state.language));
    ui::paragraph(
        tr(state,
           "Manche Stellen dürfen Ihre Daten nur verwenden, wenn Sie eingewilligt haben "
           "(Art. 6 Abs. 1 lit. a DSGVO). Hier sehen Sie jede Einwilligung, die Sie erteilt "
           "haben, und können sie jederzeit mit einem Klick widerrufen.",
           "Some authorities may only use your data with your consent (GDPR Art. 6(1)(a)). "
           "Here you see every consent you have given and can withdraw it at any time with "
           "one click."),
        &palette::muted_text);
    draw_messages(state);
    ui::ButtonOptions start;
    start.description = tr(state, "Wählen Sie einen Zweck und wie lange die Einwilligung gilt.",
                           "Choose a purpose and how long the consent lasts.");
    if (ui::button(
            tr(state, "Einwilligung erteilen###start_consent", "Give consent###start_consent"),
            start)) {
        intents.emplace_back(intent::citizen::StartConsent{});
    }
    ImGui::Spacing();

    const auto& list = state.citizen.consents.list;
    if (!parts::remote_ready(state, list,
                             tr(state, "Einwilligungen werden geladen …", "Loading consents …"),
                             tr(state, "Ihre Einwilligungen konnten nicht geladen werden.",
                                "Your consents could not be loaded."),
                             intents)) {
        return;
    }
    std::vector<const ConsentRow*> given;
    std::vector<const ConsentRow*> earlier;
    for (const ConsentRow& row : list.data) {
        (row.consent.state == api::ConsentState::Given ? given : earlier).push_back(&row);
    }
    draw_given(state, given, intents);
    draw_earlier(state, earlier);
}

// [SECTION] The flow "Einwilligung erteilen"

const api::Purpose* chosen_purpose(const AppState& state) {
    const ConsentFlow& flow = state.citizen.consent_flow;
    if (!flow.purpose_id) {
        return nullptr;
    }
    const api::Purpose* purpose = find_purpose(state, *flow.purpose_id);
    return purpose != nullptr && purpose->in_force ? purpose : nullptr;
}

void draw_step(const AppState& state, const char* step_de, const char* step_en) {
    ui::heading(2, tr(state, "Einwilligung erteilen", "Give consent"));
    ui::text(tr(state, step_de, step_en), &palette::muted_text);
}

// The errors of the form above it (page_parts.hpp): the purpose's lead to the first purpose
// (or the chosen one), the date's to the date.
void draw_form_errors(const AppState& state, const ConsentFlow& flow) {
    std::vector<parts::ErrorLink> links{{"/expires_at", "###consent_expires"}};
    const auto choices = consent_purposes(state);
    if (!choices.empty()) {
        const std::int64_t target = flow.purpose_id.value_or(choices.front()->id);
        links.push_back({"/purpose_id", "###consent_purpose" + std::to_string(target)});
    }
    parts::draw_error_summary(state, flow.errors, links);
    if (flow.error) {
        ui::alert(localized(state, *flow.error).c_str(), &palette::error);
        ImGui::Spacing();
    }
}

// Who may use which data, why, from where, for how long: what the person agrees to.
void draw_purpose_facts(const AppState& state, const api::Purpose& purpose) {
    const api::PurposeContent& content = purpose.in_force->content;
    const char* labels[] = {
        tr(state, "Abrufende Stelle:", "Authority:"), tr(state, "Wozu:", "What for:"),
        tr(state, "Welche Daten:", "Which data:"),    tr(state, "Woher:", "From where:"),
        tr(state, "Weitergabe an:", "Passed on to:"), tr(state, "Speicherdauer:", "Kept for:"),
        tr(state, "Rechtsgrundlage:", "Legal basis:")};
    float indent = 0.0F;
    for (const char* label : labels) {
        indent = std::max(indent, parts::label_width(label));
    }
    const char* german = parts::data_lang(state);
    parts::field(labels[0], purpose.agency_name, indent, nullptr, german);
    parts::field(labels[1], content.description, indent, nullptr, german);
    parts::field(labels[2], categories_text(content, state.language), indent);
    parts::field(labels[3], registers_text(content, state.language), indent);
    std::string recipients;
    for (const std::string& recipient : content.recipients) {
        recipients += (recipients.empty() ? "" : ", ") + recipient;
    }
    parts::field(labels[4],
                 recipients.empty() ? std::string(tr(state, "niemand", "nobody")) : recipients,
                 indent, nullptr, recipients.empty() ? nullptr : german);
    parts::field(labels[5], parts::retention_text(state, content.retention_days), indent);
    parts::field(labels[6], content.legal_basis, indent, nullptr, german);
}

void draw_purpose_choice(AppState& state, Intents& intents) {
    const ConsentFlow& flow = state.citizen.consent_flow;
    ui::heading(3, tr(state, "Wofür möchten Sie einwilligen?", "What do you consent to?"));
    if (!parts::remote_ready(state, state.purposes,
                             tr(state, "Zwecke werden geladen …", "Loading purposes …"),
                             tr(state, "Die Zwecke konnten nicht geladen werden.",
                                "The purposes could not be loaded."),
                             intents)) {
        return;
    }
    const auto choices = consent_purposes(state);
    if (choices.empty()) {
        ui::status(tr(state,
                      "Derzeit gibt es keinen Zweck, für den Sie eine Einwilligung erteilen "
                      "können.",
                      "There is currently no purpose you could consent to."));
        return;
    }
    const auto error = parts::field_error(state, flow.errors, "/purpose_id");
    parts::draw_field_error(state, error);
    ui::begin_region(a11y::Role::RadioGroup,
                     tr(state, "Zweck der Einwilligung", "Purpose of the consent"));
    if (error) {
        const std::string description = tr(state, "Fehler: ", "Error: ") + *error;
        ui::describe_last(description.c_str());
    }
    for (const api::Purpose* purpose : choices) {
        const std::string label = purpose->in_force->content.name + " – " + purpose->agency_name +
                                  "###consent_purpose" + std::to_string(purpose->id);
        const bool chosen = ui::radio(label.c_str(), flow.purpose_id == purpose->id);
        ui::set_last_language(parts::data_lang(state));
        if (chosen) {
            intents.emplace_back(intent::citizen::ChooseConsentPurpose{purpose->id});
        }
    }
    ui::end_region();
    if (const api::Purpose* purpose = chosen_purpose(state)) {
        ImGui::Spacing();
        const parts::Card card = parts::begin_card();
        ui::heading(4, tr(state, "Was Sie damit erlauben", "What you allow"));
        draw_purpose_facts(state, *purpose);
        parts::end_card(card);
    }
}

void draw_expiry_field(AppState& state) {
    ConsentFlow& flow = state.citizen.consent_flow;
    ui::heading(3, tr(state, "Wie lange soll die Einwilligung gelten?",
                      "How long should the consent last?"));
    const std::optional<std::string> error = parts::field_error(state, flow.errors, "/expires_at");
    // The server's limit in words, as its own message ("höchstens fünf Jahre").
    static_assert(api::limits::consent_duration_years_max == 5);
    const char* label = tr(state, "Gültig bis (TT.MM.JJJJ)###consent_expires",
                           "Valid until (DD.MM.YYYY)###consent_expires");
    // Outlives the text box that points into it.
    const std::string description = parts::field_head(
        state, label,
        tr(state, "Höchstens fünf Jahre. Sie können die Einwilligung jederzeit vorher widerrufen.",
           "At most five years. You can withdraw the consent at any time before."),
        error);
    ui::TextInputOptions options;
    options.required = true;
    options.invalid = error.has_value();
    options.description = description.c_str();
    options.show_label = false;
    options.width = ImGui::CalcTextSize("00.00.00000").x + ImGui::GetStyle().FramePadding.x * 4.0F;
    const parts::InvalidFrame frame(options.invalid);
    ui::text_input(label, flow.expires_text, options);
}

void draw_cancel(const AppState& state, Intents& intents, bool disabled) {
    ImGui::BeginDisabled(disabled);
    if (ui::button(tr(state, "Abbrechen###cancel_consent", "Cancel###cancel_consent"))) {
        intents.emplace_back(intent::citizen::CloseConsent{});
    }
    ImGui::EndDisabled();
}

void draw_form(AppState& state, Intents& intents) {
    draw_step(state, "Schritt 1 von 2: Zweck und Dauer wählen",
              "Step 1 of 2: choose purpose and duration");
    ui::paragraph(tr(state,
                     "Die Einwilligung ist freiwillig. Wenn Sie nicht einwilligen, entstehen "
                     "Ihnen keine Nachteile.",
                     "Consent is voluntary. If you do not consent, you suffer no disadvantage."),
                  &palette::muted_text);
    draw_form_errors(state, state.citizen.consent_flow);
    ui::begin_region(a11y::Role::Form, tr(state, "Einwilligung erteilen", "Give consent"));
    draw_purpose_choice(state, intents);
    ImGui::Spacing();
    draw_expiry_field(state);
    ImGui::Spacing();
    ui::ButtonOptions next;
    next.primary = true;
    if (ui::button(
            tr(state, "Weiter zur Prüfung###review_consent", "Continue to check###review_consent"),
            next)) {
        intents.emplace_back(intent::citizen::ReviewConsent{});
    }
    ui::same_line_if_fits();
    draw_cancel(state, intents, false);
    ui::end_region();
}

// The expiry date as the app will send it ("1.2.27" → "01.02.2027").
std::string expiry_display(const ConsentFlow& flow) {
    const auto expires = parse_date_input(flow.expires_text, true);
    return expires ? format_german_date(*expires) : flow.expires_text;
}

void draw_answers(const AppState& state, const api::Purpose* purpose) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_SizingFixedFit;
    if (!ui::begin_table("consent_answers", tr(state, "Ihre Angaben", "Your answers"), 2, flags)) {
        return;
    }
    ui::table_column(tr(state, "Angabe", "Item"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("Verwendete Daten").x + 24.0F);
    ui::table_column(tr(state, "Ihre Auswahl", "Your choice"), ImGuiTableColumnFlags_WidthStretch);
    ui::header_row();
    const auto row = [](const char* label, const std::string& value,
                        const char* value_lang = nullptr) {
        ui::table_row();
        ui::table_cell(label);
        ui::table_cell(value.c_str());
        ui::set_last_language(value_lang);
    };
    if (purpose != nullptr) {
        const api::PurposeContent& content = purpose->in_force->content;
        row(tr(state, "Zweck", "Purpose"), content.name, parts::data_lang(state));
        row(tr(state, "Abrufende Stelle", "Authority"), purpose->agency_name,
            parts::data_lang(state));
        row(tr(state, "Verwendete Daten", "Data used"), categories_text(content, state.language));
        row(tr(state, "Herkunft", "Source"), registers_text(content, state.language));
    }
    row(tr(state, "Gültig bis", "Valid until"), expiry_display(state.citizen.consent_flow));
    ui::end_table();
}

void draw_review(AppState& state, Intents& intents) {
    const ConsentFlow& flow = state.citizen.consent_flow;
    const bool sending = flow.step == FlowStep::Submitting;
    draw_step(state, "Schritt 2 von 2: Angaben prüfen", "Step 2 of 2: check your answers");
    ui::heading(3, tr(state, "Bitte prüfen Sie Ihre Angaben", "Please check your answers"));
    const api::Purpose* purpose = chosen_purpose(state);
    draw_answers(state, purpose);
    ImGui::Spacing();
    if (purpose != nullptr) {
        const std::string declaration =
            std::string(tr(state, "Mit „Einwilligung erteilen“ erlauben Sie der Stelle „",
                           "With “Give consent” you allow “")) +
            purpose->agency_name +
            tr(state, "“, die genannten Daten für den Zweck „",
               "” to use the data listed for the purpose “") +
            purpose->in_force->content.name + tr(state, "“ bis zum ", "” until ") +
            expiry_display(flow) +
            tr(state,
               " zu verwenden. Sie können die Einwilligung jederzeit unter „Einwilligungen“ "
               "widerrufen.",
               ". You can withdraw the consent at any time under “Consents”.");
        ui::paragraph(declaration.c_str());
    }
    if (flow.error) {
        ui::alert(localized(state, *flow.error).c_str(), &palette::error);
    }
    ImGui::Spacing();
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = sending;
    ImGui::BeginDisabled(sending);
    if (ui::button(sending
                       ? tr(state, "Wird gesendet …###submit_consent", "Sending …###submit_consent")
                       : tr(state, "Einwilligung erteilen###submit_consent",
                            "Give consent###submit_consent"),
                   submit)) {
        intents.emplace_back(intent::citizen::SubmitConsent{});
    }
    ui::same_line_if_fits();
    if (ui::button(tr(state, "Angaben ändern###edit_consent", "Change answers###edit_consent"))) {
        intents.emplace_back(intent::citizen::EditConsent{});
    }
    ImGui::EndDisabled();
    ui::same_line_if_fits();
    draw_cancel(state, intents, sending);
}

void draw_done(const AppState& state, Intents& intents) {
    const ConsentFlow& flow = state.citizen.consent_flow;
    ui::heading(2, tr(state, "Einwilligung erteilt", "Consent given"));
    ui::status(tr(state, "Ihre Einwilligung wurde erteilt und ist ab sofort wirksam.",
                  "Your consent has been given and is effective at once."),
               &palette::success);
    if (flow.granted) {
        const api::Consent& consent = flow.granted->consent;
        const float indent = parts::label_width(tr(state, "Abrufende Stelle:", "Authority:"),
                                                tr(state, "Gültig bis:", "Valid until:"));
        parts::field(tr(state, "Zweck:", "Purpose:"), consent.purpose_name, indent, nullptr,
                     parts::data_lang(state));
        parts::field(tr(state, "Abrufende Stelle:", "Authority:"), consent.agency_name, indent,
                     nullptr, parts::data_lang(state));
        parts::field(tr(state, "Erteilt am:", "Given on:"), flow.granted->granted_at, indent);
        parts::field(tr(state, "Gültig bis:", "Valid until:"), flow.granted->expires_at, indent);
    }
    ui::paragraph(tr(state,
                     "Sie finden die Einwilligung unter „Einwilligungen“ und können sie dort "
                     "jederzeit mit einem Klick widerrufen.",
                     "You find the consent under “Consents” and can withdraw it there at any "
                     "time with one click."),
                  &palette::muted_text);
    ImGui::Spacing();
    ui::ButtonOptions back;
    back.primary = true;
    if (ui::button(tr(state, "Zurück zu den Einwilligungen###close_consent",
                      "Back to consents###close_consent"),
                   back)) {
        intents.emplace_back(intent::citizen::CloseConsent{});
    }
}

void draw_consent_flow(AppState& state, Intents& intents) {
    switch (state.citizen.consent_flow.step) {
    case FlowStep::Form:
        draw_form(state, intents);
        break;
    case FlowStep::Review:
    case FlowStep::Submitting:
        draw_review(state, intents);
        break;
    case FlowStep::Done:
        draw_done(state, intents);
        break;
    case FlowStep::Closed:
        break;
    }
}

} // namespace

void draw_consents(AppState& state, Intents& intents) {
    if (state.citizen.consent_flow.step != FlowStep::Closed) {
        draw_consent_flow(state, intents);
        return;
    }
    draw_list(state, intents);
}

} // namespace einblick::client::views

// "Widerspruch einlegen" (GDPR Art. 21), drawn instead of the page while open: a short form
// (what the objection is against, the reason, restriction of processing under Art. 18) with an
// error summary and inline errors, then "Bitte prüfen Sie Ihre Angaben", then the confirmation
// with the reference number and the deadline for the answer. Cancel at every step but sending.
#include "citizen_parts.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/api_rules.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>
#include <string_view>

namespace einblick::client::views {
namespace {

namespace ic = intent::citizen;

constexpr float max_flow_width = 780.0F;
// Characters, as the server and the app check.
constexpr auto max_reason_length = static_cast<long long>(api::limits::objection_reason_max);

const char* reason_label(const AppState& state) {
    return tr(state, "Begründung###reason", "Reason###reason");
}

long long character_count(const std::string& text) {
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; });
}

std::string target_text(const AppState& state, const ObjectionFlow& flow) {
    if (!flow.target_label.empty()) {
        return flow.target_label;
    }
    if (flow.event_id) {
        return std::string(tr(state, "Zugriff Nr. ", "Access no. ")) +
               std::to_string(*flow.event_id);
    }
    return std::string(tr(state, "Zweck Nr. ", "Purpose no. ")) +
           std::to_string(flow.purpose_id.value_or(0));
}

void step_line(const AppState& state, int step) {
    const char* names[] = {tr(state, "Ihre Angaben", "Your details"),
                           tr(state, "Angaben prüfen", "Check your answers"),
                           tr(state, "Bestätigung", "Confirmation")};
    const std::string text = std::string(tr(state, "Schritt ", "Step ")) + std::to_string(step) +
                             tr(state, " von 3: ", " of 3: ") + names[step - 1];
    ui::text(text.c_str(), &palette::muted_text);
}

// Draws `content` as a group with a coloured bar on its left and, with `fill`, a background
// (drawn behind the content through a second draw-list channel).
template <class Content> void boxed(const ImVec4& bar, const ImVec4* fill, Content&& content) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    constexpr float pad = 10.0F;
    ImGui::Indent(pad + 4.0F);
    ImGui::Dummy(ImVec2(0.0F, pad * 0.5F));
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::BeginGroup();
    content();
    ImGui::EndGroup();
    const ImVec2 min(ImGui::GetItemRectMin().x - pad - 4.0F, ImGui::GetItemRectMin().y - pad);
    const ImVec2 max(std::max(ImGui::GetItemRectMax().x,
                              ImGui::GetContentRegionMax().x + ImGui::GetWindowPos().x),
                     ImGui::GetItemRectMax().y + pad);
    draw->ChannelsSetCurrent(0);
    if (fill != nullptr) {
        draw->AddRectFilled(min, max, ImGui::GetColorU32(*fill), 4.0F);
    }
    draw->AddRectFilled(min, ImVec2(min.x + 4.0F, max.y), ImGui::GetColorU32(bar));
    draw->ChannelsMerge();
    ImGui::Unindent(pad + 4.0F);
    ImGui::Dummy(ImVec2(0.0F, pad));
}

// [SECTION] Step 1: the form

// The objection is against something the server will not take an objection to (a purpose
// based on consent): the way out is withdrawing the consent.
bool error_concerns_target(const ObjectionFlow& flow) {
    return error_for(flow.errors, "/event_id").has_value() ||
           error_for(flow.errors, "/purpose_id").has_value();
}

void draw_reason_field(AppState& state, ObjectionFlow& flow, bool focus) {
    const std::optional<std::string> error = parts::field_error(state, flow.errors, "/reason");
    const char* label = reason_label(state);
    const std::string description =
        parts::field_head(state, label,
                          tr(state,
                             "Beschreiben Sie kurz, was an Ihrer Situation besonders ist und "
                             "warum die Verarbeitung Sie beeinträchtigt.",
                             "Briefly describe what is particular about your situation and why "
                             "the processing affects you."),
                          error);
    ui::TextInputOptions options;
    options.show_label = false;
    options.focus = focus;
    options.required = true;
    options.invalid = error.has_value();
    options.description = description.c_str();
    // An invalid field also gets a thicker red frame (and says so in words above).
    {
        const parts::InvalidFrame frame(error.has_value());
        ui::text_area(label, flow.reason, options, 6.0F);
    }
    const long long used = character_count(flow.reason);
    const std::string count = format_count(used) + tr(state, " von ", " of ") +
                              plural(state, max_reason_length, {"{} Zeichen", "{} Zeichen"},
                                     {"{} character", "{} characters"});
    ui::text(count.c_str(), used > max_reason_length ? &palette::error : &palette::muted_text);
}

void draw_form(AppState& state, ObjectionFlow& flow, Intents& intents, bool entered) {
    step_line(state, 1);
    if (flow.error && !error_concerns_target(flow)) {
        ui::alert(localized(state, *flow.error).c_str(), &palette::error);
    }
    // A text box's ID is its label's ("##Begründung###reason" hashes as "###reason").
    const parts::ErrorLink links[] = {{"/reason", "###reason"}};
    parts::draw_error_summary(state, flow.errors, links);
    ui::begin_region(a11y::Role::Form, tr(state, "Widerspruch", "Objection"));
    parts::fact(tr(state, "Widerspruch gegen", "Objection to"), target_text(state, flow), 190.0F);
    if (error_concerns_target(flow)) {
        if (ui::button(tr(state, "Zu Ihren Einwilligungen###to_consents",
                          "Go to your consents###to_consents"))) {
            intents.emplace_back(ic::CloseObjection{});
            intents.emplace_back(intent::Navigate{Page::Consents});
        }
    }
    ui::paragraph(tr(state,
                     "Sie können der Verarbeitung Ihrer Daten aus Gründen widersprechen, die sich "
                     "aus Ihrer besonderen Situation ergeben (Art. 21 DSGVO). Die oder der "
                     "Datenschutzbeauftragte prüft Ihren Widerspruch und antwortet innerhalb "
                     "eines Monats.",
                     "You may object to the processing of your data on grounds relating to your "
                     "particular situation (GDPR Art. 21). The data protection officer examines "
                     "your objection and answers within one month."));
    ImGui::Spacing();
    draw_reason_field(state, flow, entered);
    ImGui::Spacing();
    ui::checkbox(tr(state, "Verarbeitung bis zur Entscheidung einschränken###restrict",
                    "Restrict processing until the decision###restrict"),
                 flow.restrict_processing);
    ImGui::Indent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
    ui::paragraph(tr(state,
                     "Art. 18 DSGVO: Bis über Ihren Widerspruch entschieden ist, darf die Stelle "
                     "Ihre Daten für diesen Zweck nur noch speichern, aber nicht weiter "
                     "verwenden.",
                     "GDPR Art. 18: until your objection is decided, the authority may only store "
                     "your data for this purpose, not use them any further."),
                  &palette::muted_text);
    ImGui::Unindent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::Spacing();
    ui::ButtonOptions next;
    next.primary = true;
    if (ui::button(tr(state, "Weiter###next", "Continue###next"), next)) {
        intents.emplace_back(ic::ReviewObjection{});
    }
    ui::same_line_if_fits();
    if (ui::button(tr(state, "Abbrechen###cancel", "Cancel###cancel"))) {
        intents.emplace_back(ic::CloseObjection{});
    }
    ui::end_region();
}

// [SECTION] Step 2: check your answers, send

void draw_review(AppState& state, const ObjectionFlow& flow, Intents& intents) {
    const bool sending = flow.step == FlowStep::Submitting;
    step_line(state, 2);
    ui::heading(3, tr(state, "Bitte prüfen Sie Ihre Angaben", "Please check your answers"));
    if (flow.error) {
        const std::string failed =
            std::string(tr(state, "Ihr Widerspruch konnte nicht gesendet werden: ",
                           "Your objection could not be sent: ")) +
            localized(state, *flow.error);
        ui::alert(failed.c_str(), &palette::error);
        ui::paragraph(tr(state, "Ihre Angaben sind erhalten. Bitte versuchen Sie es erneut.",
                         "Your answers are kept. Please try again."));
    }
    const float labels = 230.0F;
    parts::fact(tr(state, "Widerspruch gegen", "Objection to"), target_text(state, flow), labels);
    parts::fact(tr(state, "Begründung", "Reason"), flow.reason, labels);
    parts::fact(tr(state, "Verarbeitung einschränken", "Restrict processing"),
                flow.restrict_processing ? tr(state, "Ja, bis zur Entscheidung (Art. 18 DSGVO)",
                                              "Yes, until the decision (GDPR Art. 18)")
                                         : tr(state, "Nein", "No"),
                labels);
    ImGui::BeginDisabled(sending);
    ui::ButtonOptions change;
    change.description = tr(state, "Angaben ändern", "Change your answers");
    if (ui::button(tr(state, "Ändern###edit", "Change###edit"), change)) {
        intents.emplace_back(ic::EditObjection{});
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
    ui::paragraph(tr(state,
                     "Mit „Widerspruch einlegen“ senden Sie Ihren Widerspruch verbindlich an die "
                     "Datenschutzbeauftragte oder den Datenschutzbeauftragten. Sie erhalten "
                     "sofort ein Aktenzeichen.",
                     "With “Object” you send your objection to the data protection officer. You "
                     "receive a reference number at once."));
    if (sending) {
        ui::status(tr(state, "Ihr Widerspruch wird gesendet …", "Sending your objection …"),
                   nullptr, true);
    }
    ImGui::BeginDisabled(sending);
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = sending;
    const char* submit_label = sending ? tr(state, "Wird gesendet …###submit", "Sending …###submit")
                               : flow.error
                                   ? tr(state, "Erneut senden###submit", "Send again###submit")
                                   : tr(state, "Widerspruch einlegen###submit", "Object###submit");
    if (ui::button(submit_label, submit)) {
        intents.emplace_back(ic::SubmitObjection{});
    }
    ui::same_line_if_fits();
    if (ui::button(tr(state, "Abbrechen###cancel", "Cancel###cancel"))) {
        intents.emplace_back(ic::CloseObjection{});
    }
    ImGui::EndDisabled();
}

// [SECTION] Step 3: confirmation

void draw_done(AppState& state, const ObjectionFlow& flow, Intents& intents) {
    step_line(state, 3);
    ImGui::Spacing();
    boxed(palette::success_accent, &palette::success_background, [&] {
        ui::heading(3, tr(state, "Ihr Widerspruch ist eingegangen", "Your objection was received"));
        const std::string reference =
            std::string(tr(state, "Aktenzeichen: ", "Reference number: ")) + flow.reference;
        ui::status(reference.c_str());
        parts::copy_reference_button(state, flow.reference);
        const std::string due =
            std::string(tr(state, "Antwort spätestens am: ", "Answer due by: ")) + flow.due_at;
        ui::text(due.c_str());
    });
    ImGui::Spacing();
    ui::heading(3, tr(state, "Wie geht es weiter?", "What happens next?"));
    ui::paragraph(tr(state,
                     "Die oder der Datenschutzbeauftragte prüft Ihren Widerspruch und teilt Ihnen "
                     "die Entscheidung mit Begründung mit. Den Stand sehen Sie jederzeit unter "
                     "„Widersprüche“. Bitte geben Sie bei Rückfragen das Aktenzeichen an.",
                     "The data protection officer examines your objection and tells you the "
                     "decision with its reasons. You can follow it under “Objections” at any "
                     "time. Please quote the reference number in any enquiry."));
    if (flow.restrict_processing) {
        ui::paragraph(tr(state,
                         "Bis zur Entscheidung ist die Verarbeitung Ihrer Daten für diesen Zweck "
                         "eingeschränkt (Art. 18 DSGVO).",
                         "Until the decision, the processing of your data for this purpose is "
                         "restricted (GDPR Art. 18)."));
    }
    ImGui::Spacing();
    ui::ButtonOptions primary;
    primary.primary = true;
    if (ui::button(tr(state, "Zu Ihren Widersprüchen###to_objections",
                      "Go to your objections###to_objections"),
                   primary)) {
        intents.emplace_back(ic::CloseObjection{});
        intents.emplace_back(intent::Navigate{Page::Objections});
    }
    ui::same_line_if_fits();
    if (ui::button(tr(state, "Zurück###back", "Back###back"))) {
        intents.emplace_back(ic::CloseObjection{});
    }
    ui::describe_last(tr(state, "Zurück zur vorigen Seite", "Back to the previous page"));
}

} // namespace

void draw_objection_flow(AppState& state, Intents& intents) {
    ObjectionFlow& flow = state.citizen.objection_flow;
    if (flow.step == FlowStep::Closed) {
        return;
    }
    const float width = std::min(max_flow_width, ImGui::GetContentRegionAvail().x);
    ImGui::BeginChild("objection_flow", ImVec2(width, 0.0F), false);
    // Which step the previous frame showed (ImGui's per-window storage, not application
    // state): on arriving at the form, the keyboard focus goes to its one field.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID step_key = ImGui::GetID("shown_step");
    const ImGuiID frame_key = ImGui::GetID("shown_frame");
    const int frame = ImGui::GetFrameCount();
    const bool entered = storage->GetInt(step_key, -1) != static_cast<int>(flow.step) ||
                         storage->GetInt(frame_key, -1) != frame - 1;
    storage->SetInt(step_key, static_cast<int>(flow.step));
    storage->SetInt(frame_key, frame);
    ui::heading(2, tr(state, "Widerspruch einlegen", "Object to processing"));
    switch (flow.step) {
    case FlowStep::Form:
        draw_form(state, flow, intents, entered);
        break;
    case FlowStep::Review:
    case FlowStep::Submitting:
        draw_review(state, flow, intents);
        break;
    case FlowStep::Done:
        draw_done(state, flow, intents);
        break;
    case FlowStep::Closed:
        break;
    }
    ImGui::EndChild();
}

} // namespace einblick::client::views

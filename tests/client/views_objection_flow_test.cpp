// The citizen's objection flow drawn headless over prepared states: the form with its error
// summary, the check step, sending, a refusal that leads to the consents, the confirmation, and
// the flow in English.
#include "einblick/client/views/i18n.hpp"
#include "einblick/shared/api_rules.hpp"
#include "views_citizen_fixtures.hpp"

#include <string>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::citizen_screens;
using einblick::Language;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace ic = intent::citizen;

// [SECTION] Objection flow

TEST_CASE("the objection form: errors in a summary and at the field, which the summary links to") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Widerspruch einlegen"));
    apply(screen);
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Form);
    screen.draw(imgui);
    // Drawn instead of the page.
    CHECK(imgui.all(Role::Table).empty());
    imgui.node(Role::Heading, "Widerspruch einlegen");
    imgui.node(Role::Text, "Schritt 1 von 3: Ihre Angaben");
    imgui.node(Role::Text, "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)");
    const a11y::Node& reason = imgui.node(Role::TextBox, "Begründung");
    CHECK(reason.has(a11y::state::required));
    CHECK(reason.has(a11y::state::multiline));
    CHECK_FALSE(reason.has(a11y::state::invalid));
    CHECK(imgui.all(Role::Alert).empty());
    // Arriving at the form puts the keyboard focus into its one field.
    CHECK(imgui.recorder.tree().focused() == reason.id);

    // "Weiter" with an empty reason.
    screen.activate(imgui, imgui.node(Role::Button, "Weiter"));
    CHECK(testing::find_intent<ic::ReviewObjection>(screen.intents) != nullptr);
    apply(screen);
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Form);
    screen.draw(imgui);
    const auto alerts = imgui.all(Role::Alert);
    REQUIRE(alerts.size() == 1);
    const a11y::Node& summary = *alerts.front();
    const a11y::Node& heading = imgui.node(Role::Heading, "Bitte korrigieren Sie Ihre Angaben");
    CHECK(is_inside(imgui, heading, summary));
    const a11y::Node& to_field = imgui.node(Role::Link, "Bitte begründen Sie Ihren Widerspruch.");
    CHECK(is_inside(imgui, to_field, summary));
    const a11y::Node& invalid = imgui.node(Role::TextBox, "Begründung");
    CHECK(invalid.has(a11y::state::invalid));
    CHECK(invalid.description ==
          "Beschreiben Sie kurz, was an Ihrer Situation besonders ist und warum die Verarbeitung "
          "Sie beeinträchtigt. Fehler: Bitte begründen Sie Ihren Widerspruch.");
    imgui.node(Role::Text, "Fehler: Bitte begründen Sie Ihren Widerspruch.");
    CHECK(summary.rect.y < invalid.rect.y);
    testing::check_field_order(imgui, invalid,
                               "Beschreiben Sie kurz, was an Ihrer Situation besonders ist und "
                               "warum die Verarbeitung Sie beeinträchtigt.");

    // The summary's link puts the keyboard focus into the field (from wherever it was).
    const a11y::NodeId reason_id = invalid.id;
    const a11y::NodeId cancel_id = imgui.node(Role::Button, "Abbrechen").id;
    imgui.recorder.request_focus(cancel_id);
    screen.draw(imgui, 2);
    REQUIRE(imgui.recorder.tree().focused() == cancel_id);
    screen.activate(imgui, imgui.node(Role::Link, "Bitte begründen Sie Ihren Widerspruch."));
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == reason_id);

    // Typing and the restriction checkbox change the flow's state in place.
    imgui.recorder.request_edit(reason_id, a11y::TextEdit{"Ich bin umgezogen.", -1, -1});
    screen.draw(imgui, 1);
    CHECK(screen.state.citizen.objection_flow.reason == "Ich bin umgezogen.");
    screen.activate(imgui,
                    imgui.node(Role::CheckBox, "Verarbeitung bis zur Entscheidung einschränken"));
    CHECK(screen.state.citizen.objection_flow.restrict_processing);
    screen.draw(imgui);
    // The counter states the API's limit ("18 von 4.000 Zeichen").
    const std::string count =
        "18 von " + views::format_count(einblick::api::limits::objection_reason_max) + " Zeichen";
    CHECK(imgui.node(Role::Text, count).role == Role::Text);

    const auto* cancel = testing::find_intent<ic::CloseObjection>(
        screen.activate(imgui, imgui.node(Role::Button, "Abbrechen")));
    CHECK(cancel != nullptr);
}

TEST_CASE("the check step shows the answers, change goes back, sending is busy") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Review;
    flow.event_id = 41;
    flow.target_label = "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)";
    flow.reason = "Mein Fahrzeug ist seit Jahren abgemeldet.";
    flow.restrict_processing = true;
    screen.draw(imgui);
    imgui.node(Role::Heading, "Bitte prüfen Sie Ihre Angaben");
    imgui.node(Role::Text, "Schritt 2 von 3: Angaben prüfen");
    imgui.node(Role::Text, "Mein Fahrzeug ist seit Jahren abgemeldet.");
    imgui.node(Role::Text, "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)");
    imgui.node(Role::Text, "Ja, bis zur Entscheidung (Art. 18 DSGVO)");
    CHECK(imgui.all(Role::TextBox).empty());

    CHECK(testing::find_intent<ic::EditObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Ändern"))) != nullptr);
    screen.draw(imgui);
    CHECK(testing::find_intent<ic::SubmitObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Widerspruch einlegen"))) != nullptr);

    flow.step = FlowStep::Submitting;
    screen.draw(imgui);
    const a11y::Node& sending = imgui.node(Role::Button, "Wird gesendet …");
    CHECK(sending.has(a11y::state::busy));
    CHECK(sending.has(a11y::state::disabled));
    CHECK(imgui.node(Role::Button, "Abbrechen").has(a11y::state::disabled));
    CHECK(imgui.node(Role::Status, "Ihr Widerspruch wird gesendet …").has(a11y::state::busy));
    CHECK(screen.activate(imgui, sending).empty());

    // Sending failed: the reason as an alert, the answers kept, sending again is the retry.
    flow.step = FlowStep::Review;
    flow.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert,
               "Ihr Widerspruch konnte nicht gesendet werden: Der Server ist nicht erreichbar.");
    CHECK(testing::find_intent<ic::SubmitObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Erneut senden"))) != nullptr);
}

TEST_CASE("a consent-based purpose refused by the server leads to the consents") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Form;
    flow.event_id = 39;
    flow.reason = "Bitte nicht mehr.";
    flow.error = "Bitte prüfen Sie Ihre Angaben.";
    flow.errors = {{"/event_id",
                    "Dieser Zweck beruht auf Ihrer Einwilligung: Sie können sie jederzeit "
                    "widerrufen."}};
    screen.draw(imgui);
    imgui.node(Role::Text, "Dieser Zweck beruht auf Ihrer Einwilligung: Sie können sie jederzeit "
                           "widerrufen.");
    CHECK_FALSE(imgui.node(Role::TextBox, "Begründung").has(a11y::state::invalid));
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Button, "Zu Ihren Einwilligungen"));
    CHECK(testing::find_intent<ic::CloseObjection>(intents) != nullptr);
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Consents);
}

TEST_CASE("the confirmation shows the reference number and the deadline") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    // The whole way through the app: detail → form → check → sent → filed.
    open_detail(screen, "41", 5);
    on_intent(screen.state, Intent{CitizenIntent{ic::ObjectToEvent{"41"}}});
    screen.state.citizen.objection_flow.reason = "Ich widerspreche.";
    on_intent(screen.state, Intent{CitizenIntent{ic::ReviewObjection{}}});
    on_intent(screen.state, Intent{CitizenIntent{ic::SubmitObjection{}}});
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Submitting);
    api::Objection filed;
    filed.id = 42;
    filed.reference = "W-2026-000042";
    filed.purpose_id = 5;
    filed.status = api::ObjectionStatus::Pending;
    filed.received_at = now;
    filed.due_at = einblick::deadline_after_months(now, 1);
    filed.original_due_at = filed.due_at;
    on_message(screen.state, screen.state.session_epoch,
               ApiMessage{CitizenMessage{
                   message::citizen::ObjectionFiled{Result<api::Objection>::success(filed)}}});
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Done);

    screen.draw(imgui);
    imgui.node(Role::Text, "Schritt 3 von 3: Bestätigung");
    imgui.node(Role::Heading, "Ihr Widerspruch ist eingegangen");
    imgui.node(Role::Status, "Aktenzeichen: W-2026-000042");
    imgui.node(Role::Text, "Antwort spätestens am: 28.12.2026");
    const auto& to_list =
        screen.activate(imgui, imgui.node(Role::Button, "Zu Ihren Widersprüchen"));
    CHECK(testing::find_intent<ic::CloseObjection>(to_list) != nullptr);
    const auto* navigate = testing::find_intent<intent::Navigate>(to_list);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Objections);
    screen.draw(imgui);
    CHECK(testing::find_intent<ic::CloseObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Zurück"))) != nullptr);
    apply(screen);
    screen.draw(imgui);
    imgui.node(Role::Table, "Zugriffe auf Ihre Daten"); // back on the page
}

TEST_CASE("the objection flow in English") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.language = Language::English;
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Form;
    flow.event_id = 41;
    screen.draw(imgui);
    imgui.node(Role::Heading, "Object to processing");
    imgui.node(Role::TextBox, "Reason");
    imgui.node(Role::CheckBox, "Restrict processing until the decision");
    imgui.node(Role::Button, "Continue");
    imgui.node(Role::Button, "Cancel");
}

// The dashboard frame every role gets: navigation with the role's pages, the language switch
// and logout, drawn over prepared states (headless ImGui).
#include "a11y_harness.hpp"
#include "einblick/client/selectors.hpp"
#include "einblick/client/update.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <algorithm>

using namespace einblick::client;
using a11y::Role;
using testing::A11yHarness;

TEST_CASE("each role's navigation lists exactly its pages, the current one selected") {
    const std::pair<einblick::api::Role, std::vector<std::string>> roles[] = {
        {einblick::api::Role::Citizen,
         {"Übersicht", "Zugriffe", "Einwilligungen", "Widersprüche", "Zweckregister", "Export"}},
        {einblick::api::Role::Dpo,
         {"Widersprüche", "Zwecke prüfen", "Auffällige Zugriffe", "Zweckregister"}},
        {einblick::api::Role::Agency, {"Zwecke", "API-Schlüssel"}},
    };
    for (const auto& [role, titles] : roles) {
        A11yHarness imgui;
        auto screen = testing::dashboard(role, pages_for_role(role).front());
        screen.draw(imgui);
        const auto tabs = imgui.all(Role::Tab);
        REQUIRE(tabs.size() == titles.size());
        for (std::size_t i = 0; i < tabs.size(); ++i) {
            CHECK(tabs[i]->name == titles[i]);
            CHECK(tabs[i]->has(a11y::state::selected) == (i == 0));
        }
        CHECK(imgui.parent_of(imgui.parent_of(*tabs[0])).role == Role::Navigation);
    }
}

TEST_CASE("choosing a page in the navigation asks to navigate there") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::Overview);
    screen.draw(imgui);
    const auto& intents = screen.activate(imgui, imgui.node(Role::Tab, "Einwilligungen"));
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Consents);
}

TEST_CASE("the page is the tab panel of the selected tab, which the skip link leads to") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::History);
    screen.draw(imgui);
    const a11y::Tree& tree = imgui.recorder.tree();
    const a11y::Node& panel = imgui.node(Role::TabPanel, "Zugriffe");
    CHECK(imgui.node(Role::Tab, "Zugriffe").controls == panel.id);
    CHECK(imgui.node(Role::Tab, "Übersicht").controls == 0); // not in the page
    CHECK(imgui.node(Role::Heading, "Zugriffe").parent >= 0);
    // Just logged in: the focus is on the content.
    CHECK(tree.focused() == panel.id);

    // The skip link comes first of all controls and moves the focus to the panel.
    const auto first_control =
        std::find_if(tree.nodes.begin(), tree.nodes.end(),
                     [](const a11y::Node& node) { return a11y::is_interactive(node.role); });
    REQUIRE(first_control != tree.nodes.end());
    CHECK(first_control->name == "Zum Inhalt springen");
    CHECK(first_control->role == Role::Link);
    imgui.recorder.request_focus(imgui.node(Role::Tab, "Zugriffe").id);
    screen.draw(imgui);
    CHECK(imgui.recorder.tree().focused() == imgui.node(Role::Tab, "Zugriffe").id);
    screen.activate(imgui, imgui.node(Role::Link, "Zum Inhalt springen"));
    screen.draw(imgui, 1);
    CHECK(imgui.recorder.tree().focused() == imgui.node(Role::TabPanel, "Zugriffe").id);
}

TEST_CASE("the language switch offers English, and in English offers Deutsch") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Dpo, Page::ObjectionQueue);
    screen.draw(imgui);
    imgui.node(Role::Button, "Abmelden");
    imgui.node(Role::Heading, "Einblick – Datenschutzcockpit");
    // Its label is English on a German page: marked so, for screen readers (WCAG 3.1.2).
    CHECK(imgui.node(Role::Button, "English").lang == "en");
    CHECK(imgui.node(Role::Button, "Abmelden").lang.empty());
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "English"));
    const auto* set = testing::find_intent<intent::SetLanguage>(intents);
    REQUIRE(set != nullptr);
    CHECK(set->language == einblick::Language::English);

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Button, "Deutsch").lang == "de");
    imgui.node(Role::Button, "Sign out");
    imgui.node(Role::Tab, "Review purposes");
    imgui.node(Role::Heading, "Einblick – privacy dashboard");
}

TEST_CASE("logout from the dashboard") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Agency, Page::ApiKeys);
    screen.draw(imgui);
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Abmelden"));
    CHECK(testing::find_intent<intent::Logout>(intents) != nullptr);
}

TEST_CASE("messages of the app layer follow the language switch") {
    using einblick::Language;
    CHECK(views::localized(Language::German, "Sie wurden abgemeldet.") == "Sie wurden abgemeldet.");
    CHECK(views::localized(Language::English, "Sie wurden abgemeldet.") ==
          "You have been signed out.");
    CHECK(views::localized(Language::English, "Die Frist wurde verlängert bis 28.02.2027.") ==
          "The deadline has been extended until 28.02.2027.");
    CHECK(views::localized(Language::English, "Höchstens 200 Zeichen (derzeit 201).") ==
          "At most 200 characters (currently 201).");
    // A text no catalogue knows is shown as it came.
    CHECK(views::localized(Language::English, "Unbekannter Text.") == "Unbekannter Text.");

    A11yHarness imgui;
    testing::ScreenUnderTest screen;
    screen.state.screen = Screen::Login;
    screen.state.language = Language::English;
    screen.state.login.error = "Benutzername oder Passwort ist falsch.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "The username or password is incorrect.");
    CHECK(imgui.node(Role::TextBox, "Username").description ==
          "The username or password is incorrect.");
    imgui.node(Role::Button, "Sign in");
    imgui.node(Role::Button, "Deutsch");
}

// [SECTION] App-layer messages on the pages, in English

namespace {

// How many nodes show `text` as their name or their description.
int shown_count(const A11yHarness& imgui, const std::string& text) {
    int count = 0;
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        if (node.name == text || node.description == text) {
            ++count;
        }
    }
    return count;
}

// No node anywhere starts with the German text.
bool shows_german(const A11yHarness& imgui, const std::string& german) {
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        if (node.name.find(german) != std::string::npos ||
            node.description.find(german) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("app-layer messages in the catalogue: variable parts and vocabulary") {
    using einblick::Language;
    const std::string unknown = "Unbekannter Eintrag \xE2\x80\x9E"
                                "abc\xE2\x80\x9C.";
    CHECK(views::localized(Language::English, unknown) == "Unknown entry \xE2\x80\x9C"
                                                          "abc\xE2\x80\x9D.");
    const std::string twice = "\xE2\x80\x9E"
                              "address\xE2\x80\x9C ist doppelt angegeben.";
    CHECK(views::localized(Language::English, twice) == "\xE2\x80\x9C"
                                                        "address\xE2\x80\x9D is listed twice.");
    CHECK(views::localized(Language::German, twice) == twice);
    CHECK(views::localized(Language::English,
                           "Die Begründung darf höchstens 2000 Zeichen lang sein.") ==
          "The reason may be at most 2000 characters long.");
    // Every refusal reason of the vocabulary comes out in English.
    for (const einblick::VocabularyEntry& reason : einblick::access_decision_reasons()) {
        const std::string german = "Abruf abgelehnt: " + std::string(reason.german);
        CHECK(views::localized(Language::English, german) ==
              "Retrieval refused: " + std::string(reason.english));
    }
}

TEST_CASE("a consent withdrawal notice is shown in English") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::Consents);
    screen.state.language = einblick::Language::English;
    screen.state.citizen.consents.list.phase = LoadPhase::Ready;
    screen.state.citizen.consents.notice =
        "Ihre Einwilligung wurde widerrufen. Die Behörde darf Ihre Daten ab sofort nicht mehr "
        "auf dieser Grundlage verwenden.";
    screen.state.citizen.consents.error = "Der Server hat die Anfrage abgelehnt.";
    screen.draw(imgui);
    imgui.node(Role::Status,
               "Your consent has been withdrawn. The authority may no longer use your data on "
               "this basis, with immediate effect.");
    imgui.node(Role::Alert, "The server refused the request.");
    CHECK_FALSE(shows_german(imgui, "Ihre Einwilligung wurde widerrufen"));
}

TEST_CASE("the server's own problem details are shown in English from the shared catalogue") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::Consents);
    screen.state.citizen.consents.list.phase = LoadPhase::Ready;
    screen.state.citizen.consents.error =
        "Für diesen Zweck haben Sie bereits eine gültige Einwilligung erteilt.";
    screen.draw(imgui);
    imgui.node(Role::Alert,
               "Für diesen Zweck haben Sie bereits eine gültige Einwilligung erteilt.");
    // The state keeps the German; the switch translates what is already on screen.
    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    imgui.node(Role::Alert, "You have already given valid consent for this purpose.");
    // A detail with a reference number in it keeps the number.
    CHECK(views::localized(einblick::Language::English,
                           "Zu diesem Zweck wird Ihr Widerspruch W-2026-000003 geprüft.") ==
          "Your objection W-2026-000003 concerning this purpose is already being reviewed.");
}

TEST_CASE("the DPO's 412 message and a decision field error are shown in English") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Dpo, Page::ObjectionQueue);
    screen.state.language = einblick::Language::English;
    ObjectionCase& open = screen.state.dpo.open_case;
    open.id = 7;
    open.objection.phase = LoadPhase::Ready;
    open.objection.data.id = 7;
    open.objection.data.reference = "W-2026-000007";
    open.objection.data.status = einblick::api::ObjectionStatus::Pending;
    open.objection.data.purpose_name = "Zulassung";
    open.objection.data.agency_name = "Kfz-Zulassungsbehörde";
    open.action = CaseAction::Decide;
    open.error = "Der Widerspruch wurde inzwischen geändert. Der aktuelle Stand wurde neu geladen; "
                 "bitte prüfen Sie ihn und senden Sie Ihre Eingabe erneut.";
    open.errors.push_back({"/reason", "Bitte geben Sie eine Begründung an."});
    screen.draw(imgui);
    imgui.node(Role::Alert, "The objection has been changed meanwhile. Its current state has "
                            "been reloaded; please check it and send your input again.");
    CHECK(shown_count(imgui, "Error: Please give a reason.") >= 1);
    CHECK_FALSE(shows_german(imgui, "Bitte geben Sie eine Begründung an."));
}

TEST_CASE("an empty objection reason, checked by the app layer, is reported in English") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::Overview);
    screen.state.language = einblick::Language::English;
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Form;
    flow.purpose_id = 3;
    flow.target_label = "Zulassung eines Fahrzeugs – Kfz-Zulassungsbehörde Leipzig";
    flow.reason = "   ";
    on_intent(screen.state, Intent{CitizenIntent{intent::citizen::ReviewObjection{}}});
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Form);
    REQUIRE(error_for(screen.state.citizen.objection_flow.errors, "/reason").has_value());
    screen.draw(imgui);
    imgui.node(Role::Link, "Please give a reason for your objection.");
    CHECK(
        imgui.node(Role::TextBox, "Reason")
            .description.ends_with("affects you. Error: Please give a reason for your objection."));
    CHECK_FALSE(shows_german(imgui, "Bitte begründen Sie Ihren Widerspruch."));
}

TEST_CASE("the history's filter error and a refused access are shown in English") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Citizen, Page::History);
    screen.state.language = einblick::Language::English;
    HistoryFilterForm& form = screen.state.history.filter_form;
    form.period = Period::Custom;
    form.from_text = "30.11.2026";
    form.to_text = "01.11.2026";
    on_intent(screen.state, Intent{CitizenIntent{intent::citizen::ApplyHistoryFilter{}}});
    REQUIRE(screen.state.history.filter_error.has_value());

    einblick::VocabularyEntry reason{};
    for (const einblick::VocabularyEntry& entry : einblick::access_decision_reasons()) {
        if (entry.code == "purpose_not_approved") {
            reason = entry;
        }
    }
    REQUIRE(reason.english == "Purpose not approved");
    EventRow row;
    row.id = "e1";
    row.occurred_at = "28.11.2026, 19:07";
    row.agency_name = "Kfz-Zulassungsbehörde Leipzig";
    row.purpose = "Zulassung";
    row.refusal = "Abruf abgelehnt: " + std::string(reason.german);
    const auto categories = einblick::data_categories();
    REQUIRE(categories.size() >= 2);
    row.data_categories =
        std::string(categories[0].german) + ", " + std::string(categories[1].german);
    screen.state.history.requested = true;
    screen.state.history.phase = LoadPhase::Ready;
    screen.state.history.rows = {row};
    screen.draw(imgui);
    imgui.node(Role::Alert, "The end date must not be before the start date.");
    CHECK(shown_count(imgui, "The end date must not be before the start date.") >= 2);
    CHECK(shown_count(imgui, "Retrieval refused: " + std::string(reason.english)) >= 1);
    CHECK_FALSE(shows_german(imgui, "Abruf abgelehnt"));
    CHECK(shown_count(imgui, std::string(categories[0].english) + ", " +
                                 std::string(categories[1].english)) >= 1);
    CHECK_FALSE(shows_german(imgui, "Das Enddatum"));
}

TEST_CASE("a field error of the agency's purpose form is shown in English") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Agency, Page::AgencyPurposes);
    screen.state.language = einblick::Language::English;
    screen.state.purposes.phase = LoadPhase::Ready;
    PurposeForm& form = screen.state.agency.purpose_form;
    form.open = true;
    form.errors = validate_purpose_form(form, screen.state);
    REQUIRE(error_for(form.errors, "/name").has_value());
    screen.draw(imgui);
    CHECK(imgui.node(Role::TextBox, "Name of the purpose").description ==
          "Short and clear, as citizens will read it. Error: Please enter a name.");
    CHECK(shown_count(imgui, "Error: Please enter a name.") >= 1);
    CHECK_FALSE(shows_german(imgui, "Bitte geben Sie einen Namen an."));
    CHECK_FALSE(shows_german(imgui, "Bitte wählen Sie mindestens"));
}

// The dashboard frame every role gets: navigation with the role's pages, the language switch
// and logout, drawn over prepared states (headless ImGui).
#include "a11y_harness.hpp"
#include "einblick/client/views/i18n.hpp"

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

TEST_CASE("the language switch offers English, and in English offers Deutsch") {
    A11yHarness imgui;
    auto screen = testing::dashboard(einblick::api::Role::Dpo, Page::ObjectionQueue);
    screen.draw(imgui);
    imgui.node(Role::Button, "Abmelden");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "English"));
    const auto* set = testing::find_intent<intent::SetLanguage>(intents);
    REQUIRE(set != nullptr);
    CHECK(set->language == einblick::Language::English);

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    imgui.node(Role::Button, "Deutsch");
    imgui.node(Role::Button, "Sign out");
    imgui.node(Role::Tab, "Review purposes");
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
    // A server's own problem detail is not in the catalogue: shown as it came.
    CHECK(views::localized(Language::English, "Unbekannter Text.") == "Unbekannter Text.");

    A11yHarness imgui;
    testing::ScreenUnderTest screen;
    screen.state.screen = Screen::Login;
    screen.state.language = Language::English;
    screen.state.login.error = "Benutzername oder Passwort ist falsch.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Username or password is wrong.");
    CHECK(imgui.node(Role::TextBox, "Username").description == "Username or password is wrong.");
    imgui.node(Role::Button, "Sign in");
    imgui.node(Role::Button, "Deutsch");
}

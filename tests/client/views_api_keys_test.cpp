// The agency staff's API keys drawn headless over prepared states: the list, the new key shown
// once, revoking only after a confirmation, creating one, loading and failure.
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/shared/api_rules.hpp"
#include "views_agency_fixtures.hpp"

#include <string>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::agency_screens;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace api = einblick::api;
namespace ia = intent::agency;

// [SECTION] API keys

namespace {

api::ApiKey key(std::int64_t id, const std::string& label, bool active) {
    api::ApiKey k;
    k.id = id;
    k.label = label;
    k.created_at = at("2026-03-02T08:15:00Z");
    k.active = active;
    if (!active) {
        k.revoked_at = at("2026-06-30T12:00:00Z");
    }
    return k;
}

ScreenUnderTest keys_screen() {
    ScreenUnderTest screen = testing::dashboard(api::Role::Agency, Page::ApiKeys);
    ApiKeysState& keys = screen.state.agency.api_keys;
    keys.list.phase = LoadPhase::Ready;
    keys.list.data = {key(2, "Fachverfahren Zulassung", true), key(1, "Altverfahren", false)};
    return screen;
}

} // namespace

TEST_CASE("api keys: the list with creation and status, revoking only after confirmation") {
    A11yHarness imgui;
    auto screen = keys_screen();
    screen.draw(imgui);
    imgui.node(Role::Heading, "API-Schlüssel");
    imgui.node(Role::Table, "API-Schlüssel Ihrer Stelle");
    CHECK(row_of(imgui, "Fachverfahren Zulassung") ==
          std::vector<std::string>{"Fachverfahren Zulassung", "02.03.2026, 09:15", "aktiv", ""});
    CHECK(contains(row_of(imgui, "Altverfahren"), "widerrufen am 30.06.2026, 14:00"));
    CHECK(count(imgui, Role::Button, "Widerrufen: Altverfahren") == 0);

    const auto& ask =
        screen.activate(imgui, imgui.node(Role::Button, "Widerrufen: Fachverfahren Zulassung"));
    const auto* asked = testing::find_intent<ia::AskRevokeApiKey>(ask);
    REQUIRE(asked != nullptr);
    CHECK(asked->key_id == 2);
    CHECK(testing::find_intent<ia::ConfirmRevokeApiKey>(ask) == nullptr);

    screen.state.agency.api_keys.confirm_revoke_id = 2;
    screen.draw(imgui);
    imgui.node(Role::Alert, "Wirklich widerrufen? Systeme, die diesen Schlüssel verwenden, "
                            "verlieren sofort den Zugang.");
    CHECK(count(imgui, Role::Button, "Widerrufen: Fachverfahren Zulassung") == 0);
    // The button that was pressed went away: the focus is on the safe choice.
    const a11y::Node* focus = focused(imgui);
    REQUIRE(focus != nullptr);
    CHECK(focus->name == "Abbrechen: Fachverfahren Zulassung nicht widerrufen");
    CHECK(testing::find_intent<ia::ConfirmRevokeApiKey>(screen.activate(
              imgui, imgui.node(Role::Button, "Ja, widerrufen: Fachverfahren Zulassung"))) !=
          nullptr);
    CHECK(testing::find_intent<ia::CancelRevokeApiKey>(screen.activate(
              imgui,
              imgui.node(Role::Button, "Abbrechen: Fachverfahren Zulassung nicht widerrufen"))) !=
          nullptr);

    screen.state.agency.api_keys.confirm_revoke_id.reset();
    screen.state.agency.api_keys.revoking_id = 2;
    screen.draw(imgui);
    const a11y::Node& busy = imgui.node(Role::Button, "Wird widerrufen …");
    CHECK(busy.has(a11y::state::busy));
    CHECK(busy.has(a11y::state::disabled));

    screen.state.agency.api_keys.revoking_id.reset();
    screen.state.agency.api_keys.list.data[0].active = false;
    screen.state.agency.api_keys.notice =
        "Der Schlüssel wurde widerrufen und gilt ab sofort nicht mehr.";
    screen.draw(imgui);
    imgui.node(Role::Status, "Der Schlüssel wurde widerrufen und gilt ab sofort nicht mehr.");
    CHECK(imgui.all(Role::Button).size() == 3); // language, logout, create; no revoke left
}

TEST_CASE("api keys: a new key is shown once, marked, with a warning, until dismissed") {
    A11yHarness imgui;
    auto screen = keys_screen();
    ApiKeysState& keys = screen.state.agency.api_keys;
    const std::string secret = "ebk_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
    api::ApiKeyCreated created;
    created.info = key(3, "Fachverfahren Halterauskunft", true);
    created.key = secret;
    screen.draw(imgui); // the page first, then the key arrives
    keys.created = created;
    keys.list.data.insert(keys.list.data.begin(), created.info);
    screen.draw(imgui);

    const a11y::Node& box = imgui.node(Role::Region, "Neuer API-Schlüssel");
    const auto content = inside(imgui, box);
    CHECK(names(content, Role::Heading) ==
          std::vector<std::string>{"Ihr neuer API-Schlüssel: Fachverfahren Halterauskunft"});
    CHECK(names(content, Role::Status) ==
          std::vector<std::string>{
              "Der Schlüssel wurde erstellt. Er wird nur dieses eine Mal angezeigt."});
    const auto texts = names(content, Role::Text);
    REQUIRE(texts.size() == 1);
    CHECK(texts.front().find("Einblick speichert nur einen Hashwert") != std::string::npos);
    const a11y::Node& field = imgui.node(Role::TextBox, "API-Schlüssel");
    CHECK(field.value == secret);
    CHECK(field.has(a11y::state::read_only));
    CHECK(imgui.parent_of(field).role == Role::Region);
    const a11y::Node* focus = focused(imgui); // ready to copy
    REQUIRE(focus != nullptr);
    CHECK(focus->name == "API-Schlüssel");

    // Typing into it changes nothing: the key stays as the server sent it.
    imgui.recorder.request_edit(field.id, a11y::TextEdit{"overwritten", -1, -1});
    screen.draw(imgui, 2);
    CHECK(keys.created->key == secret);
    CHECK(imgui.node(Role::TextBox, "API-Schlüssel").value == secret);

    const auto& dismiss = screen.activate(
        imgui, imgui.node(Role::Button, "Ich habe den Schlüssel sicher gespeichert"));
    CHECK(testing::find_intent<ia::DismissNewKey>(dismiss) != nullptr);

    keys.created.reset();
    screen.draw(imgui);
    CHECK(count(imgui, Role::Region, "Neuer API-Schlüssel") == 0);
    for (const a11y::Node& node : tree(imgui).nodes) {
        CHECK(node.value.find("ebk_") == std::string::npos);
        CHECK(node.name.find("ebk_") == std::string::npos);
    }
    focus = focused(imgui); // on to the next key
    REQUIRE(focus != nullptr);
    CHECK(focus->name == "Bezeichnung");
}

TEST_CASE("api keys: creating one with a label, its error, busy while created") {
    A11yHarness imgui;
    auto screen = keys_screen();
    ApiKeysState& keys = screen.state.agency.api_keys;
    screen.draw(imgui);
    const a11y::Node& label = imgui.node(Role::TextBox, "Bezeichnung");
    CHECK(label.has(a11y::state::required));
    CHECK_FALSE(label.has(a11y::state::invalid));
    CHECK(imgui.parent_of(label).role == Role::Form);
    imgui.recorder.request_edit(label.id, a11y::TextEdit{"Fachverfahren Halterauskunft", -1, -1});
    screen.draw(imgui, 1);
    CHECK(keys.new_label == "Fachverfahren Halterauskunft");
    CHECK(testing::find_intent<ia::CreateApiKey>(
              screen.activate(imgui, imgui.node(Role::Button, "Schlüssel erstellen"))) != nullptr);

    keys.errors = {{"/label", "Bitte geben Sie an, wofür der Schlüssel verwendet wird."}};
    keys.error = "Der Server hat die Anfrage abgelehnt.";
    screen.draw(imgui);
    const a11y::Node& invalid = imgui.node(Role::TextBox, "Bezeichnung");
    CHECK(invalid.has(a11y::state::invalid));
    CHECK(invalid.description.ends_with(
        "Höchstens 100 Zeichen. Fehler: Bitte geben Sie an, wofür der Schlüssel verwendet wird."));
    imgui.node(Role::Text, "Fehler: Bitte geben Sie an, wofür der Schlüssel verwendet wird.");
    testing::check_field_order(imgui, invalid,
                               "Wofür der Schlüssel verwendet wird, z. B. „Fachverfahren "
                               "Zulassung, Produktion“. Höchstens 100 Zeichen.");
    // Its error summary, the one of all forms, leads to it.
    const a11y::Node& heading = imgui.node(Role::Heading, "Bitte korrigieren Sie Ihre Angaben");
    CHECK(imgui.parent_of(heading).role == Role::Alert);
    const a11y::NodeId label_id = invalid.id;
    screen.activate(
        imgui, imgui.node(Role::Link, "Bitte geben Sie an, wofür der Schlüssel verwendet wird."));
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == label_id);

    keys.errors.clear();
    keys.error.reset();
    keys.creating = true;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Button, "Wird erstellt …").has(a11y::state::busy));
    CHECK(imgui.node(Role::Button, "Wird erstellt …").has(a11y::state::disabled));
}

TEST_CASE("api keys: loading, failure with retry, none yet") {
    A11yHarness imgui;
    auto screen = keys_screen();
    ApiKeysState& keys = screen.state.agency.api_keys;
    keys.list.phase = LoadPhase::Loading;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Schlüssel werden geladen …").has(a11y::state::busy));

    keys.list.phase = LoadPhase::Failed;
    screen.draw(imgui);
    imgui.node(Role::Alert, "Die Schlüssel konnten nicht geladen werden.");
    CHECK(testing::find_intent<intent::RetryLoad>(
              screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"))) != nullptr);

    keys.list.phase = LoadPhase::Ready;
    keys.list.data.clear();
    screen.draw(imgui);
    CHECK(imgui.all(Role::Status).size() == 1);
    CHECK(imgui.all(Role::Status).front()->name.find("noch keinen API-Schlüssel") !=
          std::string::npos);
}

TEST_CASE("api keys: the label's hint states the API's limit") {
    A11yHarness imgui;
    auto screen = keys_screen();
    screen.draw(imgui);
    const std::string max = views::format_count(api::limits::api_key_label_max);
    CHECK(imgui.node(Role::TextBox, "Bezeichnung").description ==
          "Wofür der Schlüssel verwendet wird, z. B. „Fachverfahren Zulassung, Produktion“. "
          "Höchstens " +
              max + " Zeichen.");
    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    CHECK(imgui.node(Role::TextBox, "Label").description ==
          "What the key is used for, e.g. “Registration system, production”. At most " + max +
              " characters.");
}

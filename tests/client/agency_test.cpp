// Agency staff's pages through the whole App: the purpose form (inline checks, the server's
// 400 on the same fields, revising), API keys (shown once, revoked with confirmation).
#include "app_harness.hpp"
#include "einblick/client/selectors.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace einblick::client;
namespace t = einblick::client::testing;
using nlohmann::json;

namespace {

void logged_in_staff(t::Harness& h) {
    h.start_at_login();
    h.log_in("agency", "kfz");
    CHECK(h.state().page == Page::AgencyPurposes);
    h.answer("/api/v1/purposes", 200, t::items_json({t::purpose_json(6, "A6-1-e", true)}));
    h.answer(
        "/api/v1/vocabulary", 200,
        R"({"data_categories":[{"code":"address","de":"Anschrift","en":"Address"},{"code":"vehicle","de":"Fahrzeugdaten","en":"Vehicle"}],)"
        R"("registers":[{"code":"melderegister","de":"Melderegister","en":"Population register"}],)"
        R"("gdpr_bases":[{"code":"A6-1-e","de":"Öffentliche Aufgabe","en":"Public task"}],"access_decision_reasons":[]})");
    REQUIRE(h.net.pending() == 0);
}

} // namespace

TEST_CASE("purpose form: inline checks mirror the server's rules, in field order") {
    t::Harness h;
    logged_in_staff(h);
    h.dispatch(intent::agency::NewPurpose{});
    PurposeForm& form = h.edit().agency.purpose_form;
    REQUIRE(form.open);
    h.dispatch(intent::agency::SubmitPurpose{});
    CHECK(h.net.pending() == 0);
    REQUIRE(form.errors.size() == 7);
    CHECK(form.errors[0].field == "/name");
    CHECK(form.errors[6].field == "/retention_days");

    form.name = std::string(201, 'x');
    form.description = "Prüfung";
    form.legal_basis = "§ 6 FZV";
    form.gdpr_basis = "A6-1-a"; // known to the built-in list, not to the server's vocabulary
    form.retention_days_text = "zwei";
    h.dispatch(intent::agency::CheckPurposeForm{});
    CHECK(error_for(form.errors, "/name") ==
          std::optional<std::string>("Höchstens 200 Zeichen (derzeit 201)."));
    CHECK(error_for(form.errors, "/gdpr_basis").has_value());
    CHECK(error_for(form.errors, "/retention_days").has_value());

    form.name = "Zulassung – ä"; // characters, not bytes
    form.gdpr_basis = "A6-1-e";
    form.retention_days_text = "365";
    form.recipients_text = "Kraftfahrt-Bundesamt\n\n  Finanzamt  \n";
    h.dispatch(intent::agency::TogglePurposeCategory{"address"});
    h.dispatch(intent::agency::TogglePurposeCategory{"vehicle"});
    h.dispatch(intent::agency::TogglePurposeCategory{"vehicle"}); // off again
    h.dispatch(intent::agency::TogglePurposeRegister{"melderegister"});
    CHECK(form.errors.empty()); // shown errors follow the input
    h.dispatch(intent::agency::SubmitPurpose{});
    h.dispatch(intent::agency::SubmitPurpose{});
    REQUIRE(h.net.pending() == 1);
    const json body = json::parse(h.net.request_to("/api/v1/purposes", "POST").body);
    CHECK(body["recipients"] == json::array({"Kraftfahrt-Bundesamt", "Finanzamt"}));
    CHECK(body["data_categories"] == json::array({"address"}));
    CHECK(body["retention_days"] == 365);

    h.answer("/api/v1/purposes", 400,
             t::validation_json(
                 {{"/legal_basis", "Bitte genauer."}, {"/data_categories/0", "Nicht erlaubt."}}));
    CHECK_FALSE(form.submitting);
    CHECK(form.open);
    CHECK(error_for(form.errors, "/legal_basis") == std::optional<std::string>("Bitte genauer."));
    CHECK(error_for(form.errors, "/data_categories") ==
          std::optional<std::string>("Nicht erlaubt."));
    CHECK(form.name == "Zulassung – ä");

    h.dispatch(intent::agency::SubmitPurpose{});
    h.answer("/api/v1/purposes", 201, t::purpose_json(8));
    CHECK_FALSE(form.open);
    CHECK(form.notice.has_value());
    CHECK(h.state().purposes.data.size() == 2);
}

TEST_CASE("revising starts from the newest version and posts a new version") {
    t::Harness h;
    logged_in_staff(h);
    h.dispatch(intent::agency::RevisePurpose{6});
    const PurposeForm& form = h.state().agency.purpose_form;
    CHECK(form.name == "Zulassung (neu)");
    CHECK(form.retention_days_text == "365");
    h.dispatch(intent::agency::SubmitPurpose{});
    CHECK(h.net.request_to("/api/v1/purposes/6/versions", "POST").method == "POST");
}

TEST_CASE(
    "API keys: the new key is shown once and cleared on leaving the page; revoke asks first") {
    t::Harness h;
    logged_in_staff(h);
    h.dispatch(intent::Navigate{Page::ApiKeys});
    h.answer(
        "/api/v1/agency/api-keys", 200,
        t::items_json(
            {R"({"id":1,"label":"Fachverfahren","created_at":"2026-01-01T00:00:00.000Z","active":true})"}));
    ApiKeysState& keys = h.edit().agency.api_keys;
    h.dispatch(intent::agency::CreateApiKey{});
    CHECK(error_for(keys.errors, "/label").has_value());
    keys.new_label = "Neues Verfahren";
    h.dispatch(intent::agency::CreateApiKey{});
    h.dispatch(intent::agency::CreateApiKey{});
    REQUIRE(h.net.pending() == 1);
    CHECK(json::parse(h.net.request_to("/api/v1/agency/api-keys", "POST").body) ==
          json{{"label", "Neues Verfahren"}});
    h.answer(
        "/api/v1/agency/api-keys", 201,
        R"({"id":2,"label":"Neues Verfahren","created_at":"2026-11-28T12:00:00.000Z","active":true,"key":"ebk_secret"})");
    REQUIRE(keys.created.has_value());
    CHECK(keys.created->key == "ebk_secret");
    CHECK(keys.list.data.size() == 2);
    CHECK(keys.new_label.empty());

    h.dispatch(intent::Navigate{Page::AgencyPurposes});
    CHECK_FALSE(keys.created.has_value());
    h.dispatch(intent::Navigate{Page::ApiKeys});

    h.dispatch(intent::agency::ConfirmRevokeApiKey{}); // nothing asked: nothing happens
    CHECK_FALSE(h.net.has("/api/v1/agency/api-keys/", "DELETE"));
    h.dispatch(intent::agency::AskRevokeApiKey{1});
    h.dispatch(intent::agency::ConfirmRevokeApiKey{});
    CHECK(h.net.request_to("/api/v1/agency/api-keys/1", "DELETE").body.empty());
    h.answer("DELETE", "/api/v1/agency/api-keys/1", 204, "");
    CHECK_FALSE(keys.list.data[1].active);
    CHECK(keys.notice.has_value());
}

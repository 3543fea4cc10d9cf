// Robustness across the pages: an expired session mid-form (re-login keeps everything typed,
// another account starts afresh), server errors with retry, stale answers dropped.
#include "app_harness.hpp"
#include "einblick/client/selectors.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace einblick::client;
namespace t = einblick::client::testing;

namespace {

void log_in_again(t::Harness& h, const std::string& role, const char* username) {
    t::type_into(h.edit().login.password, "Einblick-Demo-2026");
    h.dispatch(intent::SubmitLogin{});
    h.net.respond_to("POST", "/api/v1/session", 201,
                     R"({"username":")" + std::string(username) +
                         R"(","display_name":"X","role":")" + role + R"("})");
    h.app.begin_frame();
    REQUIRE(h.state().screen == Screen::Dashboard);
}

} // namespace

TEST_CASE("401 while sending an objection: login, then the check page with everything typed") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.net.fail_all();
    h.app.begin_frame();
    h.dispatch(intent::Navigate{Page::Objections});
    h.answer("/api/v1/me/objections", 200, t::items_json({}));
    h.dispatch(intent::citizen::ObjectToPurpose{6});
    h.edit().citizen.objection_flow.reason = "Lange Begründung …";
    h.edit().citizen.objection_flow.restrict_processing = true;
    h.dispatch(intent::citizen::ReviewObjection{});
    h.dispatch(intent::citizen::SubmitObjection{});
    h.expire_on("/api/v1/me/objections");

    const AppState& state = h.state();
    CHECK(state.login.error ==
          std::optional<std::string>(
              "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an. Ihre Eingaben "
              "bleiben erhalten."));
    CHECK(std::string(state.login.username.data()) == "erika");
    CHECK(state.citizen.objection_flow.step == FlowStep::Review); // can be sent again
    CHECK(state.citizen.objection_flow.reason == "Lange Begründung …");
    CHECK(state.citizen.objections.list.data.empty()); // loaded data is not kept while out

    log_in_again(h, "citizen", "erika");
    CHECK(state.page == Page::Objections);
    CHECK(state.citizen.objection_flow.reason == "Lange Begründung …");
    CHECK(state.citizen.objection_flow.restrict_processing);
    CHECK(h.net.has("/api/v1/me/objections", "GET")); // the page reloads
    h.dispatch(intent::citizen::SubmitObjection{});
    CHECK(h.net.has("/api/v1/me/objections", "POST"));
}

TEST_CASE("401 on a DPO page keeps the decision draft for the same DPO, not for someone else") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.answer("/api/v1/objections?status=pending", 200, t::items_json({t::objection_json(1)}));
    h.dispatch(intent::dpo::OpenObjection{1});
    h.answer("/api/v1/objections/1", 200, t::objection_json(1));
    h.edit().dpo.open_case.decision =
        DecisionDraft{einblick::api::ObjectionDecision::Reject, "Entwurf"};
    h.dispatch(intent::dpo::ReviewDecision{});
    h.dispatch(intent::dpo::SubmitDecision{});
    h.expire_on("/api/v1/objections/1/decision");
    CHECK_FALSE(h.state().dpo.open_case.submitting);

    log_in_again(h, "dpo", "dsb");
    CHECK(h.state().dpo.open_case.decision.reason == "Entwurf");
    CHECK(h.net.has("/api/v1/objections/1", "GET")); // the case reloads with its revision
    h.answer("/api/v1/objections/1", 200, t::objection_json(1));
    h.dispatch(intent::dpo::SubmitDecision{});
    CHECK(h.net.has("/api/v1/objections/1/decision", "POST"));

    // Expired again; this time a different account logs in: nothing of the draft remains.
    h.expire_on("/api/v1/objections/1/decision");
    t::type_into(h.edit().login.username, "dsb-kfz");
    log_in_again(h, "dpo", "dsb-kfz");
    CHECK(h.state().dpo.open_case.decision.reason.empty());
    CHECK_FALSE(h.state().dpo.open_case.id.has_value());
}

TEST_CASE("a lost connection or 5xx on a list: message, then RetryLoad asks again") {
    t::Harness h;
    h.start_at_login();
    h.log_in("agency", "kfz");
    h.net.respond_to("/api/v1/purposes", 0, "", "");
    h.app.begin_frame();
    const auto& purposes = h.state().purposes;
    CHECK(purposes.phase == LoadPhase::Failed);
    REQUIRE(purposes.error.has_value());
    CHECK(purposes.error->find("nicht erreichbar") != std::string::npos);
    h.dispatch(intent::RetryLoad{});
    h.answer("/api/v1/purposes", 500,
             t::problem_json(500, "Interner Fehler", "Bitte später erneut."));
    CHECK(purposes.error == std::optional<std::string>("Bitte später erneut."));
    h.dispatch(intent::RetryLoad{});
    h.answer("/api/v1/purposes", 200, t::items_json({}));
    CHECK(purposes.ready());
    CHECK_FALSE(purposes.error.has_value());
}

TEST_CASE("answers from before a logout never reach the next session") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.dispatch(intent::Logout{});
    h.net.respond_to("DELETE", "/api/v1/session", 204, "");
    h.app.begin_frame();
    h.log_in("dpo", "dsb");
    // The queue answer of the first session arrives late; only the second one counts.
    h.net.respond_at(h.net.find("/api/v1/objections"), 200, t::items_json({t::objection_json(9)}),
                     "application/json");
    h.app.begin_frame();
    CHECK(h.state().dpo.queue.data.empty());
    h.answer("/api/v1/objections", 200, t::items_json({t::objection_json(1)}));
    CHECK(h.state().dpo.queue.data.size() == 1);
}

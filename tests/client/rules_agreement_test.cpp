// The client's forms and the server's services apply the same rules (api::limits in
// einblick/shared/api_rules.hpp): at each limit both accept, one past it both refuse, and
// where the client repeats the server's sentence the two messages are the same text. A
// number typed into the client (or the server) instead of the constant makes one side
// disagree with the other here. The English messages state the constant, too.
#include "einblick/client/selectors.hpp"
#include "einblick/client/update.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <functional>
#include <string>
#include <vector>

namespace {

namespace limits = einblick::api::limits;
namespace client = einblick::client;
namespace server = einblick::testing;
using client::AppState;
using client::FieldErrors;

// `n` characters of two bytes each: limits count characters, not bytes.
std::string characters(std::size_t n) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
        text += "ä";
    }
    return text;
}

template <typename Number> std::string number(Number n) {
    return std::to_string(n);
}

std::string english(std::string_view german) {
    return client::views::localized(einblick::Language::English, german);
}

// The message of the client's error for `field`, or "" when the client accepts it.
std::string client_error(const FieldErrors& errors, std::string_view field) {
    const client::FieldError* error = client::first_error(errors, field);
    return error != nullptr ? error->message : std::string{};
}

// The detail of the server's violation of `field`, or "" when the server accepts it (another
// refusal, such as a conflict, is not about the rule under test and counts as accepted).
std::string server_error(const std::function<void()>& call, std::string_view field) {
    try {
        call();
    } catch (const server::ServiceError& error) {
        for (const einblick::api::FieldViolation& violation : error.violations()) {
            if (violation.field == field) {
                return violation.detail;
            }
        }
    }
    return {};
}

struct Server {
    Server() {
        agency = backend.add_agency("kfz", "Kfz-Zulassung");
        citizen = backend.add_citizen("erika", "pw", citizen_id);
        dpo = backend.add_dpo("dsb", "pw");
    }
    server::Backend& b() { return *backend.backend; }
    std::string me() const { return backend.pseudonym(citizen_id); }
    server::Actor as_dpo() const { return server::Actor::dpo(dpo, std::nullopt); }

    server::TestBackend backend;
    server::AgencyRecord agency;
    std::string citizen_id = server::valid_citizen_id("4567890123");
    server::RowId citizen = 0;
    server::RowId dpo = 0;
};

// [SECTION] The client's side of each rule

// The client's state once someone with `role` has signed in (intents of other roles are
// ignored).
AppState signed_in(einblick::api::Role role) {
    AppState state;
    state.screen = client::Screen::Dashboard;
    state.session = einblick::api::SessionInfo{};
    state.session->role = role;
    state.now = server::test_now;
    return state;
}

FieldErrors citizen_objection(const std::string& reason) {
    AppState state = signed_in(einblick::api::Role::Citizen);
    state.citizen.objection_flow.step = client::FlowStep::Form;
    state.citizen.objection_flow.purpose_id = 1;
    state.citizen.objection_flow.reason = reason;
    client::on_intent(state, client::intent::citizen::ReviewObjection{});
    return state.citizen.objection_flow.errors;
}

// A DPO's case, loaded and pending, as the client holds it after opening it.
AppState open_case() {
    AppState state = signed_in(einblick::api::Role::Dpo);
    client::ObjectionCase& open = state.dpo.open_case;
    open.id = 1;
    open.objection.phase = client::LoadPhase::Ready;
    open.objection.data.id = 1;
    open.objection.data.status = einblick::api::ObjectionStatus::Pending;
    return state;
}

FieldErrors dpo_decision(const std::string& reason) {
    AppState state = open_case();
    state.dpo.open_case.decision.outcome = einblick::api::ObjectionDecision::Reject;
    state.dpo.open_case.decision.reason = reason;
    client::on_intent(state, client::intent::dpo::ReviewDecision{});
    return state.dpo.open_case.errors;
}

FieldErrors dpo_extension(int months, const std::string& reason) {
    AppState state = open_case();
    state.dpo.open_case.extension.months = months;
    state.dpo.open_case.extension.reason = reason;
    client::on_intent(state, client::intent::dpo::SubmitExtension{});
    return state.dpo.open_case.errors;
}

FieldErrors purpose_review(const std::string& reason) {
    AppState state = signed_in(einblick::api::Role::Dpo);
    state.dpo.review.purpose_id = 1;
    state.dpo.review.version = 1;
    state.dpo.review.decision = einblick::api::PurposeDecision::Approve;
    state.dpo.review.reason = reason;
    client::on_intent(state, client::intent::dpo::SubmitPurposeDecision{});
    return state.dpo.review.errors;
}

// The client's form for the sample purpose the server tests use.
client::PurposeForm purpose_form() {
    const einblick::api::PurposeContent sample = server::sample_purpose();
    client::PurposeForm form;
    form.name = sample.name;
    form.description = sample.description;
    form.legal_basis = sample.legal_basis;
    form.gdpr_basis = sample.gdpr_basis;
    form.data_categories = sample.data_categories;
    form.source_registers = sample.source_registers;
    form.retention_days_text = number(sample.retention_days);
    return form;
}

FieldErrors purpose_form_errors(const client::PurposeForm& form) {
    return client::validate_purpose_form(form, AppState{});
}

// What the server says about the content the client's form would send.
std::vector<einblick::api::FieldViolation> server_violations(const client::PurposeForm& form) {
    server::Violations violations;
    server::PurposeService::validate(client::purpose_content_of(form), violations);
    try {
        violations.throw_if_any();
    } catch (const server::ServiceError& error) {
        return error.violations();
    }
    return {};
}

std::string server_error(const std::vector<einblick::api::FieldViolation>& list,
                         std::string_view field) {
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const auto& violation) { return violation.field == field; });
    return it != list.end() ? it->detail : std::string{};
}

} // namespace

TEST_CASE("rules: a citizen's objection reason, client and server") {
    Server s;
    const server::RowId purpose = s.backend.approved_purpose(s.agency);
    const std::size_t max = limits::objection_reason_max;
    const auto file = [&](std::size_t length) {
        return [&s, purpose, length] {
            s.b().objection_service.file(server::Actor::citizen(s.citizen), s.me(),
                                         {std::nullopt, purpose, characters(length), false});
        };
    };

    CHECK(client_error(citizen_objection(characters(max)), "/reason").empty());
    CHECK(server_error(file(max), "/reason").empty());

    const std::string refused = client_error(citizen_objection(characters(max + 1)), "/reason");
    CHECK(refused == "Die Begründung darf höchstens " + number(max) + " Zeichen lang sein.");
    CHECK(refused == server_error(file(max + 1), "/reason"));
    CHECK(english(refused) == "The reason may be at most " + number(max) + " characters long.");
}

TEST_CASE("rules: a DPO's decision and extension of an objection, client and server") {
    Server s;
    const server::RowId purpose = s.backend.approved_purpose(s.agency);
    const std::size_t max = limits::objection_reason_max;
    einblick::api::Objection filed = s.b().objection_service.file(
        server::Actor::citizen(s.citizen), s.me(), {std::nullopt, purpose, "Grund", false});
    const auto extend = [&](int months, std::size_t length) {
        return [&s, &filed, months, length] {
            s.b().objection_service.extend(s.as_dpo(), filed.id, filed.revision, months,
                                           characters(length));
        };
    };
    const auto decide = [&](std::size_t length) {
        return [&s, &filed, length] {
            s.b().objection_service.decide(s.as_dpo(), filed.id, filed.revision,
                                           einblick::api::ObjectionDecision::Reject,
                                           characters(length));
        };
    };

    // Refusals first: an accepted extension or decision changes the objection.
    const std::string too_long = client_error(dpo_decision(characters(max + 1)), "/reason");
    CHECK(too_long == "Die Begründung darf höchstens " + number(max) + " Zeichen lang sein.");
    CHECK(too_long == server_error(decide(max + 1), "/reason"));
    CHECK(client_error(dpo_extension(1, characters(max + 1)), "/reason") == too_long);
    CHECK(server_error(extend(1, max + 1), "/reason") == too_long);
    for (const int months :
         {limits::objection_extension_months_min - 1, limits::objection_extension_months_max + 1}) {
        CAPTURE(months);
        const std::string client_says = client_error(dpo_extension(months, "Grund"), "/months");
        CHECK_FALSE(client_says.empty());
        CHECK(client_says == server_error(extend(months, 5), "/months"));
    }

    for (int months = limits::objection_extension_months_min;
         months <= limits::objection_extension_months_max; ++months) {
        CHECK(dpo_extension(months, characters(max)).empty());
    }
    CHECK(dpo_decision(characters(max)).empty());
    CHECK(server_error(extend(limits::objection_extension_months_max, max), "/months").empty());
    filed.revision = s.b().objection_service.get_for_dpo(s.as_dpo(), filed.id).revision;
    CHECK(server_error(decide(max), "/reason").empty());
}

TEST_CASE("rules: a DPO's reason for a purpose decision, client and server") {
    Server s;
    const std::size_t max = limits::purpose_decision_reason_max;
    const einblick::api::Purpose proposed = s.b().purpose_service.propose(
        server::Actor::agency_key(s.agency.id), server::sample_purpose("Neu"));
    const auto decide = [&](std::size_t length) {
        return [&s, &proposed, length] {
            s.b().purpose_service.decide(s.as_dpo(), proposed.id, 1,
                                         einblick::api::PurposeDecision::Approve,
                                         characters(length));
        };
    };
    CHECK_FALSE(client_error(purpose_review(characters(max + 1)), "/reason").empty());
    CHECK_FALSE(server_error(decide(max + 1), "/reason").empty());
    CHECK(purpose_review(characters(max)).empty());
    CHECK(server_error(decide(max), "/reason").empty());
}

TEST_CASE("rules: a purpose's texts, recipients and retention, client and server") {
    struct Text {
        const char* field;
        std::size_t max;
        std::string client::PurposeForm::*member;
    };
    const Text texts[] = {
        {"/name", limits::purpose_name_max, &client::PurposeForm::name},
        {"/description", limits::purpose_description_max, &client::PurposeForm::description},
        {"/legal_basis", limits::purpose_legal_basis_max, &client::PurposeForm::legal_basis},
    };
    for (const Text& text : texts) {
        CAPTURE(text.field);
        client::PurposeForm form = purpose_form();
        form.*text.member = characters(text.max);
        CHECK(purpose_form_errors(form).empty());
        CHECK(server_violations(form).empty());
        form.*text.member = characters(text.max + 1);
        const std::string refused = client_error(purpose_form_errors(form), text.field);
        CHECK(refused ==
              "Höchstens " + number(text.max) + " Zeichen (derzeit " + number(text.max + 1) + ").");
        CHECK(english(refused) == "At most " + number(text.max) + " characters (currently " +
                                      number(text.max + 1) + ").");
        CHECK_FALSE(server_error(server_violations(form), text.field).empty());
    }

    client::PurposeForm form = purpose_form();
    const std::string recipient = characters(limits::purpose_recipient_max);
    for (std::size_t i = 0; i < limits::purpose_recipients_max; ++i) {
        form.recipients_text += recipient + "\n";
    }
    CHECK(purpose_form_errors(form).empty());
    CHECK(server_violations(form).empty());
    form.recipients_text += "Polizei\n";
    const std::string too_many = client_error(purpose_form_errors(form), "/recipients");
    CHECK(too_many == "Höchstens " + number(limits::purpose_recipients_max) + " Empfänger.");
    CHECK(too_many == server_error(server_violations(form), "/recipients"));
    CHECK(english(too_many) ==
          "At most " + number(limits::purpose_recipients_max) + " recipients.");

    form.recipients_text = characters(limits::purpose_recipient_max + 1);
    const std::string too_long = client_error(purpose_form_errors(form), "/recipients/0");
    CHECK(too_long ==
          "Höchstens " + number(limits::purpose_recipient_max) + " Zeichen je Empfänger.");
    CHECK_FALSE(server_error(server_violations(form), "/recipients/0").empty());
    CHECK(english(too_long) ==
          "At most " + number(limits::purpose_recipient_max) + " characters per recipient.");

    form = purpose_form();
    for (const int days :
         {limits::purpose_retention_days_min, limits::purpose_retention_days_max}) {
        form.retention_days_text = number(days);
        CHECK(purpose_form_errors(form).empty());
        CHECK(server_violations(form).empty());
    }
    const std::string range = "Die Speicherdauer muss zwischen " +
                              number(limits::purpose_retention_days_min) + " und " +
                              number(limits::purpose_retention_days_max) + " Tagen liegen.";
    for (const int days :
         {limits::purpose_retention_days_min - 1, limits::purpose_retention_days_max + 1}) {
        CAPTURE(days);
        form.retention_days_text = number(days);
        CHECK(client_error(purpose_form_errors(form), "/retention_days") == range);
        CHECK(server_error(server_violations(form), "/retention_days") == range);
    }
    CHECK(english(range) == "The retention period must be between " +
                                number(limits::purpose_retention_days_min) + " and " +
                                number(limits::purpose_retention_days_max) + " days.");
}

TEST_CASE("rules: a consent's longest duration, client and server") {
    Server s;
    const server::RowId purpose =
        s.backend.approved_purpose(s.agency, server::sample_purpose("Newsletter", "A6-1-a"));
    AppState state = signed_in(einblick::api::Role::Citizen);
    const auto review = [&state, purpose](const std::string& date) {
        client::ConsentFlow& flow = state.citizen.consent_flow;
        flow = client::ConsentFlow{};
        flow.step = client::FlowStep::Form;
        flow.purpose_id = purpose;
        flow.expires_text = date;
        client::on_intent(state, client::intent::citizen::ReviewConsent{});
        return client_error(flow.errors, "/expires_at");
    };
    const auto grant = [&s, purpose](einblick::UnixMillis expires_at) {
        return [&s, purpose, expires_at] {
            s.b().consent_service.grant(server::Actor::citizen(s.citizen), s.me(), purpose,
                                        expires_at);
        };
    };

    // The days around the limit: the client and the server agree on each.
    const long long last = limits::consent_duration_days_max;
    bool accepted_some = false;
    bool refused_some = false;
    for (long long days = last - 2; days <= last + 2; ++days) {
        const std::string date =
            einblick::format_german_date(server::test_now + days * server::day);
        CAPTURE(date);
        const auto expires_at = client::parse_date_input(date, true);
        REQUIRE(expires_at.has_value());
        const std::string client_says = review(date);
        CHECK(client_says == server_error(grant(*expires_at), "/expires_at"));
        (client_says.empty() ? accepted_some : refused_some) = true;
    }
    CHECK(accepted_some);
    CHECK(refused_some);
}

TEST_CASE("rules: an API key's label in the client") {
    const std::size_t max = limits::api_key_label_max;
    const auto create = [](const std::string& label) {
        AppState state = signed_in(einblick::api::Role::Agency);
        state.agency.api_keys.new_label = label;
        client::on_intent(state, client::intent::agency::CreateApiKey{});
        return state.agency.api_keys.errors;
    };
    CHECK(create(characters(max)).empty());
    const std::string refused = client_error(create(characters(max + 1)), "/label");
    CHECK(refused == "Die Bezeichnung darf höchstens " + number(max) + " Zeichen lang sein.");
    CHECK(english(refused) == "The label may be at most " + number(max) + " characters long.");
}

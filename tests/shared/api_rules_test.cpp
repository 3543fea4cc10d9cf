// The API's rules (api_rules.hpp): every enumeration's wire texts go there and back, unknown
// texts are refused, the vocabulary's reasons are the enumeration's, and the limits are sane.
// Whether docs/openapi.yaml states the same is tests/api/api_rules.mjs's question.
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/api_types.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <doctest/doctest.h>
#include <set>
#include <string>

using namespace einblick;
using namespace einblick::api;

namespace {

template <WireEnum E> void check_round_trip() {
    std::set<std::string_view> seen;
    const auto texts = wire_texts<E>();
    REQUIRE_FALSE(texts.empty());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto value = static_cast<E>(i);
        INFO(texts[i]);
        CHECK_FALSE(texts[i].empty());
        CHECK(seen.insert(texts[i]).second);
        CHECK(to_text(value) == texts[i]);
        CHECK(from_text<E>(texts[i]) == value);
        CHECK_FALSE(from_text<E>(std::string(texts[i]) + " ").has_value());
    }
    CHECK_FALSE(from_text<E>("").has_value());
    CHECK_FALSE(from_text<E>("unknown").has_value());
}

} // namespace

TEST_CASE("every enumeration's wire texts go there and back, and nothing else is read") {
    check_round_trip<Role>();
    check_round_trip<ActorRole>();
    check_round_trip<ObjectionStatus>();
    check_round_trip<ObjectionDecision>();
    check_round_trip<PurposeStatus>();
    check_round_trip<PurposeDecision>();
    check_round_trip<ConsentState>();
    check_round_trip<AccessKind>();
    check_round_trip<AccessOutcome>();
    check_round_trip<AccessDecision>();
    check_round_trip<AccessReason>();
    check_round_trip<ExportFormat>();
}

TEST_CASE("the wire texts are the API's, case and all") {
    CHECK(to_text(ObjectionStatus::Pending) == "pending");
    CHECK(to_text(ObjectionDecision::Uphold) == "upheld"); // the status the decision leads to
    CHECK(to_text(PurposeStatus::Superseded) == "superseded");
    CHECK(to_text(ConsentState::Withdrawn) == "withdrawn");
    CHECK(to_text(AccessKind::Check) == "check");
    CHECK(to_text(AccessDecision::Deny) == "deny");
    CHECK(to_text(AccessReason::RestrictedPendingObjection) == "restricted_pending_objection");
    CHECK(to_text(ActorRole::System) == "system");
    CHECK_FALSE(from_text<ObjectionStatus>("Pending").has_value());
    CHECK_FALSE(from_text<ObjectionStatus>(objection_status_all).has_value());
    // The older names of the role functions read and write the same texts.
    CHECK(api::to_string(Role::Dpo) == "dpo");
    CHECK(role_from_string("agency") == Role::Agency);
    CHECK_FALSE(role_from_string("system").has_value());
}

TEST_CASE("the vocabulary labels exactly the access reasons, in their order") {
    const auto reasons = access_decision_reasons();
    const auto texts = wire_texts<AccessReason>();
    REQUIRE(reasons.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CHECK(reasons[i].code == texts[i]);
    }
    CHECK(access_decision_reason_label(to_text(AccessReason::ConsentMissing), Language::German) ==
          "Keine gültige Einwilligung");
}

TEST_CASE("the limits are consistent with each other") {
    namespace l = limits;
    static_assert(l::objection_extension_months_min >= 1 &&
                  l::objection_extension_months_min <= l::objection_extension_months_max);
    static_assert(l::purpose_retention_days_min >= 1 &&
                  l::purpose_retention_days_min <= l::purpose_retention_days_max);
    static_assert(l::history_page_size_default >= 1 &&
                  l::history_page_size_default <= l::history_page_size_max);
    static_assert(l::audit_page_size_default >= 1 &&
                  l::audit_page_size_default <= l::audit_page_size_max);
    // A default AccessEvent is an allowed access.
    const AccessEvent event;
    CHECK(event.kind == AccessKind::Access);
    CHECK(event.outcome == AccessOutcome::Allowed);
    CHECK(from_text<AccessReason>(event.reason) == AccessReason::Allowed);
}

// Every limit the services check is the shared constant (einblick/shared/api_rules.hpp):
// exactly at the limit passes, one past it is refused, and the message states the constant
// (in German, and in English from the catalogue). Lengths count characters, not bytes.
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_rules.hpp"
#include "problem_language.hpp"
#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace einblick::testing;
namespace limits = einblick::api::limits;

namespace {

// `n` characters of two bytes each.
std::string characters(std::size_t n) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
        text += "ä";
    }
    return text;
}

std::string number(std::size_t n) {
    return std::to_string(n);
}

// The violation of `field` that `call` is refused with (the test fails without one).
einblick::api::FieldViolation violation_of(const std::function<void()>& call,
                                           const std::string& field) {
    try {
        call();
    } catch (const ServiceError& error) {
        CHECK(error.kind() == ErrorKind::Validation);
        check_has_english(error);
        const auto& list = error.violations();
        const auto it =
            std::find_if(list.begin(), list.end(), [&](const auto& v) { return v.field == field; });
        if (it != list.end()) {
            return *it;
        }
    }
    FAIL("no violation of ", field);
    return {};
}

std::vector<einblick::api::FieldViolation> violations(const einblick::api::PurposeContent& c) {
    Violations v;
    PurposeService::validate(c, v);
    try {
        v.throw_if_any();
    } catch (const ServiceError& error) {
        check_has_english(error);
        return error.violations();
    }
    return {};
}

struct LimitsFixture {
    LimitsFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        purpose = backend.approved_purpose(kfz);
        citizen = backend.add_citizen("erika", "pw", erika);
        dsb = backend.add_dpo("dsb", "pw");
    }
    AccessRequest request() const {
        return {erika, purpose, std::nullopt, "melderegister", {"address"}, {}, {}, {}};
    }
    Backend& b() { return *backend.backend; }
    TestBackend backend;
    AgencyRecord kfz;
    RowId purpose = 0;
    RowId citizen = 0;
    RowId dsb = 0;
    std::string erika = valid_citizen_id("4567890123");
};

} // namespace

TEST_CASE_FIXTURE(LimitsFixture, "limits: an objection's reason and its extension") {
    const std::size_t max = limits::objection_reason_max;
    const std::string me = backend.pseudonym(erika);
    const auto too_long = violation_of(
        [&] {
            b().objection_service.file(Actor::citizen(citizen), me,
                                       {std::nullopt, purpose, characters(max + 1), false});
        },
        "/reason");
    CHECK(too_long.rule == "max_length");
    CHECK(too_long.detail ==
          "Die Begründung darf höchstens " + number(max) + " Zeichen lang sein.");
    CHECK(einblick::english_message(too_long.detail) ==
          "The reason may be at most " + number(max) + " characters long.");
    const auto filed = b().objection_service.file(Actor::citizen(citizen), me,
                                                  {std::nullopt, purpose, characters(max), false});

    const Actor dpo = Actor::dpo(dsb, std::nullopt);
    for (const int months :
         {limits::objection_extension_months_min - 1, limits::objection_extension_months_max + 1}) {
        CAPTURE(months);
        CHECK(violation_of(
                  [&] {
                      b().objection_service.extend(dpo, filed.id, filed.revision, months, "Grund");
                  },
                  "/months")
                  .rule == "range");
    }
    CHECK(violation_of(
              [&] {
                  b().objection_service.extend(dpo, filed.id, filed.revision, 1,
                                               characters(max + 1));
              },
              "/reason")
              .rule == "max_length");
    const auto extended = b().objection_service.extend(
        dpo, filed.id, filed.revision, limits::objection_extension_months_max, characters(max));
    CHECK(extended.extension_reason == characters(max));
}

TEST_CASE("limits: a purpose's texts, recipients and retention") {
    struct Text {
        std::string field;
        std::size_t max;
        std::string* value;
    };
    auto content = sample_purpose();
    const std::vector<Text> texts{
        {"/name", limits::purpose_name_max, &content.name},
        {"/description", limits::purpose_description_max, &content.description},
        {"/legal_basis", limits::purpose_legal_basis_max, &content.legal_basis},
    };
    for (const Text& text : texts) {
        CAPTURE(text.field);
        const std::string before = *text.value;
        *text.value = characters(text.max);
        CHECK(violations(content).empty());
        *text.value = characters(text.max + 1);
        const auto list = violations(content);
        REQUIRE(list.size() == 1);
        CHECK(list[0].field == text.field);
        CHECK(list[0].detail == "Darf höchstens " + number(text.max) + " Zeichen lang sein.");
        *text.value = before;
    }

    content.recipients.assign(limits::purpose_recipients_max,
                              characters(limits::purpose_recipient_max));
    CHECK(violations(content).empty());
    content.recipients.push_back("Polizei");
    auto list = violations(content);
    REQUIRE(list.size() == 1);
    CHECK(list[0].field == "/recipients");
    CHECK(list[0].detail == "Höchstens " + number(limits::purpose_recipients_max) + " Empfänger.");
    content.recipients = {characters(limits::purpose_recipient_max + 1)};
    list = violations(content);
    REQUIRE(list.size() == 1);
    CHECK(list[0].field == "/recipients/0");
    content.recipients.clear();

    for (const int days :
         {limits::purpose_retention_days_min, limits::purpose_retention_days_max}) {
        content.retention_days = days;
        CHECK(violations(content).empty());
    }
    for (const int days :
         {limits::purpose_retention_days_min - 1, limits::purpose_retention_days_max + 1}) {
        content.retention_days = days;
        list = violations(content);
        REQUIRE(list.size() == 1);
        CHECK(list[0].field == "/retention_days");
        CHECK(list[0].detail == "Die Speicherdauer muss zwischen " +
                                    number(limits::purpose_retention_days_min) + " und " +
                                    number(limits::purpose_retention_days_max) + " Tagen liegen.");
        CHECK(einblick::english_message(list[0].detail) ==
              "The retention period must be between " + number(limits::purpose_retention_days_min) +
                  " and " + number(limits::purpose_retention_days_max) + " days.");
    }
}

TEST_CASE_FIXTURE(LimitsFixture, "limits: a DPO's reason for a purpose decision") {
    const auto proposed =
        b().purpose_service.propose(Actor::agency_key(kfz.id), sample_purpose("Neu"));
    const Actor dpo = Actor::dpo(dsb, std::nullopt);
    const auto refused = violation_of(
        [&] {
            b().purpose_service.decide(dpo, proposed.id, 1, PurposeDecision::Approve,
                                       characters(limits::purpose_decision_reason_max + 1));
        },
        "/reason");
    CHECK(refused.detail ==
          "Darf höchstens " + number(limits::purpose_decision_reason_max) + " Zeichen lang sein.");
    CHECK(b().purpose_service
              .decide(dpo, proposed.id, 1, PurposeDecision::Approve,
                      characters(limits::purpose_decision_reason_max))
              .status == PurposeStatus::Approved);
}

TEST_CASE_FIXTURE(LimitsFixture, "limits: an access's categories, texts and batch size") {
    auto r = request();
    for (std::size_t i = 0; r.data_categories.size() < limits::access_data_categories_max; ++i) {
        r.data_categories.push_back("category-" + number(i));
    }
    CHECK_NOTHROW(b().access.check(kfz, r, false, {})); // denied, but not refused
    r.data_categories.push_back("one-more");
    const auto categories =
        violation_of([&] { b().access.check(kfz, r, false, {}); }, "/data_categories");
    CHECK(categories.rule == "max_items");
    CHECK(categories.detail ==
          "Höchstens " + number(limits::access_data_categories_max) + " Datenkategorien.");

    r = request();
    r.official = characters(limits::access_text_max);
    r.correlation_id = characters(limits::access_text_max);
    CHECK_NOTHROW(b().access.record(kfz, r, {}));
    r.correlation_id = characters(limits::access_text_max + 1);
    const auto text = violation_of([&] { b().access.record(kfz, r, {}); }, "/correlation_id");
    CHECK(text.rule == "length");
    CHECK(text.detail == "Muss 1 bis " + number(limits::access_text_max) + " Zeichen lang sein.");

    std::vector<AccessRequest> batch(limits::access_batch_max + 1, request());
    const auto size = violation_of([&] { b().access.record_batch(kfz, batch, {}); }, "/events");
    CHECK(size.detail ==
          "Ein Stapel enthält 1 bis " + number(limits::access_batch_max) + " Abrufe.");
    batch.pop_back();
    CHECK(b().access.record_batch(kfz, batch, {}).size() == limits::access_batch_max);
}

TEST_CASE_FIXTURE(LimitsFixture, "limits: page sizes of the history and the audit trail") {
    HistoryQuery query;
    CHECK(query.limit == limits::history_page_size_default);
    query.limit = limits::history_page_size_max;
    CHECK_NOTHROW(b().access.history(backend.pseudonym(erika), query));
    query.limit = limits::history_page_size_max + 1;
    CHECK(violation_of([&] { b().access.history(backend.pseudonym(erika), query); }, "limit")
              .detail ==
          "Muss zwischen 1 und " + number(limits::history_page_size_max) + " liegen.");

    const Actor dpo = Actor::dpo(dsb, std::nullopt);
    CHECK_NOTHROW(b().audit.page(dpo, std::nullopt, limits::audit_page_size_max));
    CHECK(violation_of([&] { b().audit.page(dpo, std::nullopt, limits::audit_page_size_max + 1); },
                       "limit")
              .detail == "Muss zwischen 1 und " + number(limits::audit_page_size_max) + " liegen.");
}

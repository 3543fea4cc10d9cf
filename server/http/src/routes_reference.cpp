#include "einblick/shared/vocabulary.hpp"
#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

nlohmann::json vocabulary_json(std::span<const VocabularyEntry> entries) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries) {
        list.push_back({{"code", e.code}, {"de", e.german}, {"en", e.english}});
    }
    return list;
}

} // namespace

void register_reference_routes(RouteTable& routes, ServiceContext services) {
    // The codes the API accepts, with labels for people: public, for forms and documentation.
    routes.get("/api/v1/vocabulary", [](const httplib::Request&, httplib::Response& response) {
        write_json(response, 200,
                   {{"data_categories", vocabulary_json(data_categories())},
                    {"registers", vocabulary_json(registers())},
                    {"gdpr_bases", vocabulary_json(gdpr_bases())},
                    {"access_decision_reasons", vocabulary_json(access_decision_reasons())}});
    });
    routes.get("/api/v1/me/statistics/monthly", [services](const httplib::Request& request,
                                                           httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        write_json(response, 200, services.statistics.monthly_for_citizen(citizen.pseudonym));
    });
    routes.get("/api/v1/statistics/agency-weekly",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const Actor dpo = require_dpo(request, services.auth);
                   write_json(response, 200, services.statistics.agency_volume(dpo));
               });
    routes.get("/api/v1/audit", [services](const httplib::Request& request,
                                           httplib::Response& response) {
        const Actor dpo = require_dpo(request, services.auth);
        Violations v;
        const int limit =
            parse_int_parameter(request, "limit", v).value_or(api::limits::audit_page_size_default);
        const auto before = parse_int_parameter(request, "before", v);
        v.throw_if_any();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : services.audit.page(dpo, before, limit)) {
            items.push_back(
                {{"id", r.id},
                 {"occurred_at", format_rfc3339_utc(r.occurred_at)},
                 {"actor",
                  {{"role", to_text(r.actor_role)},
                   {"id", r.actor_id ? nlohmann::json(*r.actor_id) : nlohmann::json(nullptr)}}},
                 {"action", r.action},
                 {"subject",
                  {{"type", r.subject_type},
                   {"id", r.subject_id ? nlohmann::json(*r.subject_id) : nlohmann::json(nullptr)}}},
                 {"details", nlohmann::json::parse(r.details_json, nullptr, false)}});
        }
        write_json(response, 200, {{"items", items}});
    });
}

} // namespace einblick::server

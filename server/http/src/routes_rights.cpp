#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

std::string etag_of(int revision) {
    return "\"" + std::to_string(revision) + "\"";
}

// If-Match as the revision it names; nothing when absent, 0 (never current) when unreadable.
std::optional<int> if_match(const httplib::Request& request) {
    if (!request.has_header("If-Match")) {
        return std::nullopt;
    }
    std::string value = request.get_header_value("If-Match");
    if (value.rfind("W/", 0) == 0) {
        value.erase(0, 2);
    }
    if (value.size() < 3 || value.front() != '"' || value.back() != '"') {
        return 0;
    }
    try {
        return std::stoi(value.substr(1, value.size() - 2));
    } catch (const std::exception&) {
        return 0;
    }
}

void write_objection(httplib::Response& response, int status, const api::Objection& objection) {
    response.set_header("ETag", etag_of(objection.revision));
    write_json(response, status, objection);
}

void register_consents(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/me/consents", [services](const httplib::Request& request,
                                                 httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        write_json(response, 200, {{"items", services.consents.list(citizen.pseudonym)}});
    });
    routes.post("/api/v1/me/consents", [services](const httplib::Request& request,
                                                  httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        ObjectReader reader(body, "", v);
        const auto purpose_id = reader.required_int("purpose_id");
        const auto expires_at = reader.optional_instant("expires_at");
        if (!expires_at && (!body.contains("expires_at") || body.at("expires_at").is_null())) {
            v.add("/expires_at", "required", "Pflichtangabe fehlt.");
        }
        reader.reject_unknown_members();
        v.throw_if_any();
        write_json(
            response, 201,
            services.consents.grant(citizen.actor, citizen.pseudonym, purpose_id, *expires_at));
    });
    routes.post("/api/v1/me/consents/{id}/withdrawal",
                [services](const httplib::Request& request, httplib::Response& response) {
                    const CitizenCaller citizen = require_citizen(request, services.auth);
                    write_json(response, 200,
                               services.consents.withdraw(citizen.actor, citizen.pseudonym,
                                                          path_id(request, 1)));
                });
}

void register_citizen_objections(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/me/objections", [services](const httplib::Request& request,
                                                   httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        write_json(response, 200, {{"items", services.objections.list_mine(citizen.pseudonym)}});
    });
    routes.get("/api/v1/me/objections/{id}", [services](const httplib::Request& request,
                                                        httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        write_objection(response, 200,
                        services.objections.mine(citizen.pseudonym, path_id(request, 1)));
    });
    routes.post("/api/v1/me/objections", [services](const httplib::Request& request,
                                                    httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        ObjectReader reader(body, "", v);
        ObjectionRequest objection;
        objection.event_id = reader.optional_int("event_id");
        objection.purpose_id = reader.optional_int("purpose_id");
        objection.reason = reader.required_string("reason");
        objection.restrict_processing = reader.optional_bool("restrict_processing").value_or(false);
        reader.reject_unknown_members();
        v.throw_if_any();
        write_objection(response, 201,
                        services.objections.file(citizen.actor, citizen.pseudonym, objection));
    });
}

void register_dpo_objections(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/objections", [services](const httplib::Request& request,
                                                httplib::Response& response) {
        const Actor dpo = require_dpo(request, services.auth);
        std::optional<ObjectionStatus> status = ObjectionStatus::Pending;
        if (const auto text = string_parameter(request, "status")) {
            // Every status, or "all" for none.
            std::vector<std::string_view> filters(api::wire_texts<ObjectionStatus>().begin(),
                                                  api::wire_texts<ObjectionStatus>().end());
            filters.push_back(api::objection_status_all);
            Violations v;
            const auto index = choice(*text, filters, "status", v);
            v.throw_if_any();
            status = *index < filters.size() - 1
                         ? std::optional(static_cast<ObjectionStatus>(*index))
                         : std::nullopt;
        }
        write_json(response, 200, {{"items", services.objections.queue(dpo, status)}});
    });
    routes.get("/api/v1/objections/{id}", [services](const httplib::Request& request,
                                                     httplib::Response& response) {
        const Actor dpo = require_dpo(request, services.auth);
        write_objection(response, 200, services.objections.get_for_dpo(dpo, path_id(request, 1)));
    });
    routes.post("/api/v1/objections/{id}/decision", [services](const httplib::Request& request,
                                                               httplib::Response& response) {
        const Actor dpo = require_dpo(request, services.auth);
        const auto id = path_id(request, 1);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        ObjectReader reader(body, "", v);
        const auto outcome = reader.required_enum<ObjectionDecision>("outcome");
        const std::string reason = reader.required_string("reason");
        reader.reject_unknown_members();
        v.throw_if_any();
        write_objection(response, 200,
                        services.objections.decide(dpo, id, if_match(request), *outcome, reason));
    });
    routes.post("/api/v1/objections/{id}/extension",
                [services](const httplib::Request& request, httplib::Response& response) {
                    const Actor dpo = require_dpo(request, services.auth);
                    const auto id = path_id(request, 1);
                    const nlohmann::json body = parse_json_object(request);
                    Violations v;
                    ObjectReader reader(body, "", v);
                    const auto months = reader.required_int("months");
                    const std::string reason = reader.required_string("reason");
                    reader.reject_unknown_members();
                    v.throw_if_any();
                    write_objection(response, 200,
                                    services.objections.extend(dpo, id, if_match(request),
                                                               static_cast<int>(months), reason));
                });
}

void register_export(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/me/export", [services](const httplib::Request& request,
                                               httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        Violations v;
        const auto format = enum_parameter<api::ExportFormat>(request, "format", v)
                                .value_or(api::ExportFormat::Json);
        v.throw_if_any();
        const ExportSubject subject{citizen.account.username, citizen.account.display_name,
                                    citizen.pseudonym};
        if (format == api::ExportFormat::Json) {
            response.set_header("Content-Disposition",
                                "attachment; filename=\"einblick-export.json\"");
            response.set_content(services.exports.as_json(subject),
                                 "application/json; charset=utf-8");
        } else {
            response.set_header("Content-Disposition",
                                "attachment; filename=\"einblick-export.csv\"");
            response.set_content(services.exports.as_csv(subject), "text/csv; charset=utf-8");
        }
    });
}

} // namespace

void register_rights_routes(RouteTable& routes, ServiceContext services) {
    register_consents(routes, services);
    register_citizen_objections(routes, services);
    register_dpo_objections(routes, services);
    register_export(routes, services);
}

} // namespace einblick::server

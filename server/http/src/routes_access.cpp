#include "einblick/server/http_wire.hpp"
#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

namespace einblick::server {
namespace {

AccessRequest read_access_request(const nlohmann::json& body, const std::string& pointer,
                                  Violations& violations, bool allow_record_flag,
                                  bool* record_access = nullptr) {
    ObjectReader reader(body, pointer, violations);
    AccessRequest request;
    request.citizen_id = reader.required_string("citizen_id");
    request.purpose_id = reader.required_int("purpose_id");
    if (const auto version = reader.optional_int("purpose_version")) {
        request.purpose_version = static_cast<int>(*version);
    }
    request.register_code = reader.required_string("register");
    request.data_categories = reader.required_string_array("data_categories");
    request.official = reader.optional_string("official");
    request.correlation_id = reader.optional_string("correlation_id");
    request.occurred_at = reader.optional_instant("occurred_at");
    if (allow_record_flag) {
        *record_access = reader.optional_bool("record_access").value_or(false);
    }
    reader.reject_unknown_members();
    return request;
}

// Whether the client sent the field, also with an empty value (wire::empty_field_marker).
bool sent_field(const httplib::Request& request, std::string_view name) {
    if (request.has_header(std::string(name).c_str())) {
        return true;
    }
    const auto [first, last] = request.headers.equal_range(wire::empty_field_marker);
    return std::any_of(first, last, [name](const auto& field) {
        return std::equal(
            field.second.begin(), field.second.end(), name.begin(), name.end(),
            [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
    });
}

Idempotency idempotency_of(const httplib::Request& request, const std::string& payload) {
    Idempotency idempotency;
    if (sent_field(request, "Idempotency-Key")) {
        const std::string key = request.get_header_value("Idempotency-Key");
        if (key.empty() || key.size() > api::limits::idempotency_key_max) {
            Violations v;
            v.add("Idempotency-Key", "length",
                  "Der Idempotency-Key muss 1 bis " +
                      std::to_string(api::limits::idempotency_key_max) + " Zeichen lang sein.");
            v.throw_if_any();
        }
        idempotency.key = key;
        idempotency.request_hash = sha256(payload);
    }
    return idempotency;
}

struct Batch {
    std::vector<AccessRequest> requests;
    Idempotency key; // one for the whole batch
};

Batch read_batch(const httplib::Request& request) {
    const nlohmann::json body = parse_json_object(request);
    Violations v;
    ObjectReader reader(body, "", v);
    const nlohmann::json* events = reader.required_array("events");
    reader.reject_unknown_members();
    v.throw_if_any();
    Batch batch;
    batch.key = idempotency_of(request, request.body);
    for (std::size_t i = 0; i < events->size(); ++i) {
        const std::string pointer = "/events/" + std::to_string(i);
        const nlohmann::json& item = (*events)[i];
        if (!item.is_object()) {
            v.add(pointer, "type", "Muss ein JSON-Objekt sein.");
            continue;
        }
        batch.requests.push_back(read_access_request(item, pointer, v, false));
    }
    v.throw_if_any();
    return batch;
}

HistoryQuery read_history_query(const httplib::Request& request) {
    Violations v;
    HistoryQuery query;
    if (const auto limit = parse_int_parameter(request, "limit", v)) {
        query.limit = *limit;
    }
    query.cursor = string_parameter(request, "cursor");
    query.filter.agency_code = string_parameter(request, "agency");
    if (const auto purpose = parse_int_parameter(request, "purpose", v)) {
        query.filter.purpose_id = *purpose;
    }
    query.filter.data_category = string_parameter(request, "category");
    query.filter.from = instant_parameter(request, "from", v);
    query.filter.to = instant_parameter(request, "to", v);
    query.filter.outcome = enum_parameter<AccessOutcome>(request, "outcome", v);
    v.throw_if_any();
    return query;
}

void register_agency_side(RouteTable& routes, ServiceContext services) {
    // Asked before each access, by an official who waits for it.
    routes.post_prompt("/api/v1/access-checks", [services](const httplib::Request& request,
                                                           httplib::Response& response) {
        const AgencyCaller caller = require_agency(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        bool record_access = false;
        const AccessRequest access = read_access_request(body, "", v, true, &record_access);
        v.throw_if_any();
        const auto result = services.access.check(caller.agency, access, record_access,
                                                  idempotency_of(request, request.body));
        write_json(response, 200, result);
    });
    routes.post("/api/v1/access-events", [services](const httplib::Request& request,
                                                    httplib::Response& response) {
        const AgencyCaller caller = require_agency(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        const AccessRequest access = read_access_request(body, "", v, false);
        v.throw_if_any();
        const RecordedAccess recorded =
            services.access.record(caller.agency, access, idempotency_of(request, request.body));
        write_json_text(response, recorded.replayed ? 200 : 201, api::to_json_text(recorded.event));
    });
    routes.post("/api/v1/access-events/batch", [services](const httplib::Request& request,
                                                          httplib::Response& response) {
        const AgencyCaller caller = require_agency(request, services.auth);
        const Batch batch = read_batch(request);
        const auto recorded =
            services.access.record_batch(caller.agency, batch.requests, batch.key);
        std::vector<api::AccessEvent> stored;
        stored.reserve(recorded.size());
        bool all_replayed = true;
        for (const auto& r : recorded) {
            stored.push_back(r.event);
            all_replayed = all_replayed && r.replayed;
        }
        write_json_text(response, all_replayed ? 200 : 201, api::batch_answer_json_text(stored));
    });
    routes.post("/api/v1/consent-checks", [services](const httplib::Request& request,
                                                     httplib::Response& response) {
        const AgencyCaller caller = require_agency(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        ObjectReader reader(body, "", v);
        const std::string citizen_id = reader.required_string("citizen_id");
        const auto purpose_id = reader.required_int("purpose_id");
        reader.reject_unknown_members();
        v.throw_if_any();
        write_json(response, 200,
                   {{"valid_consent",
                     services.consents.has_valid_consent(caller.agency, citizen_id, purpose_id)}});
    });
}

void register_citizen_side(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/me/access-events", [services](const httplib::Request& request,
                                                      httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        write_json_page(response, 200,
                        services.access.history(citizen.pseudonym, read_history_query(request)));
    });
    routes.get("/api/v1/me/access-events/{id}", [services](const httplib::Request& request,
                                                           httplib::Response& response) {
        const CitizenCaller citizen = require_citizen(request, services.auth);
        const auto entry = services.access.entry_of(citizen.pseudonym, path_id(request, 1));
        if (!entry) {
            throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                               "Diesen Eintrag gibt es in Ihrem Protokoll nicht.");
        }
        write_json_text(response, 200, api::to_json_text(AccessService::to_api(*entry)));
    });
}

// A DPO supervising an agency reads its log: the citizen-history filters, paging and order.
void register_dpo_side(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/agencies/{code}/access-events",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const Actor dpo = require_dpo(request, services.auth);
                   write_json_page(response, 200,
                                   services.supervision.agency_accesses(
                                       dpo, request.matches[1].str(), read_history_query(request)));
               });
}

} // namespace

void register_access_routes(RouteTable& routes, ServiceContext services) {
    register_agency_side(routes, services);
    register_citizen_side(routes, services);
    register_dpo_side(routes, services);
}

} // namespace einblick::server

// The DPO's requests: objection queue, decisions and extensions with If-Match, purpose
// decisions, weekly access volume per agency and an agency's log.
#include "api_client_detail.hpp"
#include "einblick/client/api_client.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace einblick::client {
namespace {

std::string objection_path(std::int64_t objection_id) {
    return "/api/v1/objections/" + std::to_string(objection_id);
}

} // namespace

void ApiClient::fetch_objection_queue(QueueFilter filter,
                                      ApiCallback<api::ItemList<api::Objection>> done) {
    const std::string_view status = filter == QueueFilter::All
                                        ? api::objection_status_all
                                        : to_text(api::ObjectionStatus::Pending);
    send(detail::get("/api/v1/objections?status=" + std::string(status)),
         detail::expect(std::move(done)));
}

void ApiClient::fetch_objection(std::int64_t objection_id, ApiCallback<api::Objection> done) {
    send(detail::get(objection_path(objection_id)), detail::expect(std::move(done)));
}

void ApiClient::decide_objection(std::int64_t objection_id, int revision,
                                 const api::ObjectionDecisionRequest& request,
                                 ApiCallback<api::Objection> done) {
    HttpRequest http = detail::post(objection_path(objection_id) + "/decision", request);
    http.headers.push_back({"If-Match", detail::entity_tag(revision)});
    send(std::move(http), detail::expect(std::move(done)));
}

void ApiClient::extend_objection(std::int64_t objection_id, int revision,
                                 const api::ObjectionExtensionRequest& request,
                                 ApiCallback<api::Objection> done) {
    HttpRequest http = detail::post(objection_path(objection_id) + "/extension", request);
    http.headers.push_back({"If-Match", detail::entity_tag(revision)});
    send(std::move(http), detail::expect(std::move(done)));
}

void ApiClient::decide_purpose_version(std::int64_t purpose_id, int version,
                                       const api::PurposeDecisionRequest& request,
                                       ApiCallback<api::Purpose> done) {
    send(detail::post("/api/v1/purposes/" + std::to_string(purpose_id) + "/versions/" +
                          std::to_string(version) + "/decision",
                      request),
         detail::expect(std::move(done)));
}

void ApiClient::fetch_agency_volume(ApiCallback<api::AgencyVolumeStatistics> done) {
    send(detail::get("/api/v1/statistics/agency-weekly"), detail::expect(std::move(done)));
}

std::string agency_log_path(const std::string& agency_code, UnixMillis from,
                            const std::optional<std::string>& cursor, int limit) {
    std::string path = "/api/v1/agencies/" + percent_encode(agency_code) +
                       "/access-events?limit=" + std::to_string(limit) +
                       "&from=" + percent_encode(format_rfc3339_utc(from));
    if (cursor) {
        path += "&cursor=" + percent_encode(*cursor);
    }
    return path;
}

void ApiClient::fetch_agency_log(const std::string& agency_code, UnixMillis from,
                                 const std::optional<std::string>& cursor,
                                 ApiCallback<api::AccessEventPage> done) {
    send(detail::get(
             agency_log_path(agency_code, from, cursor, api::limits::history_page_size_default)),
         detail::expect(std::move(done)));
}

} // namespace einblick::client

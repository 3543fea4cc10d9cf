// The citizen's requests: consents, objections, monthly statistics, export URLs.
#include "api_client_detail.hpp"
#include "einblick/client/api_client.hpp"

#include <utility>

namespace einblick::client {

std::string export_url(api::ExportFormat format) {
    return "/api/v1/me/export?format=" + std::string(to_text(format));
}

void ApiClient::fetch_consents(ApiCallback<api::ItemList<api::Consent>> done) {
    send(detail::get("/api/v1/me/consents"), detail::expect(std::move(done)));
}

void ApiClient::grant_consent(const api::ConsentRequest& request, ApiCallback<api::Consent> done) {
    send(detail::post("/api/v1/me/consents", request), detail::expect(std::move(done)));
}

void ApiClient::withdraw_consent(std::int64_t consent_id, ApiCallback<api::Consent> done) {
    // No body: the server ignores one, and an empty body needs no Content-Type.
    send(
        HttpRequest{
            "POST", "/api/v1/me/consents/" + std::to_string(consent_id) + "/withdrawal", {}, {}},
        detail::expect(std::move(done)));
}

void ApiClient::fetch_my_objections(ApiCallback<api::ItemList<api::Objection>> done) {
    send(detail::get("/api/v1/me/objections"), detail::expect(std::move(done)));
}

void ApiClient::file_objection(const api::ObjectionRequest& request,
                               ApiCallback<api::Objection> done) {
    send(detail::post("/api/v1/me/objections", request), detail::expect(std::move(done)));
}

void ApiClient::fetch_monthly_statistics(ApiCallback<api::MonthlyStatistics> done) {
    send(detail::get("/api/v1/me/statistics/monthly"), detail::expect(std::move(done)));
}

} // namespace einblick::client

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

void ApiClient::fetch_log_public_key(ApiCallback<api::LogPublicKey> done) {
    send(detail::get("/api/v1/log/public-key"), detail::expect(std::move(done)));
}

void ApiClient::fetch_access_proofs(const std::vector<std::string>& ids,
                                    ApiCallback<api::LogProofBundle> done) {
    std::string path = "/api/v1/me/access-proofs?ids=";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        path += (i == 0 ? "" : ",") + percent_encode(ids[i]);
    }
    send(detail::get(std::move(path)), detail::expect(std::move(done)));
}

void ApiClient::fetch_cosigned_checkpoint(ApiCallback<std::string> done) {
    send(detail::get("/api/v1/log/cosigned-checkpoint"),
         detail::completion(&decode_text_response, std::move(done)));
}

void ApiClient::fetch_log_consistency(std::uint64_t first, std::uint64_t second,
                                      ApiCallback<api::LogConsistencyProof> done) {
    send(detail::get("/api/v1/log/consistency?first=" + std::to_string(first) +
                     "&second=" + std::to_string(second)),
         detail::expect(std::move(done)));
}

} // namespace einblick::client

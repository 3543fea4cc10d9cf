// Agency staff's requests: proposing and revising purposes, API keys.
#include "api_client_detail.hpp"
#include "einblick/client/api_client.hpp"

#include <utility>

namespace einblick::client {

void ApiClient::propose_purpose(const api::PurposeContent& content,
                                ApiCallback<api::Purpose> done) {
    send(detail::post("/api/v1/purposes", content), detail::expect(std::move(done)));
}

void ApiClient::revise_purpose(std::int64_t purpose_id, const api::PurposeContent& content,
                               ApiCallback<api::Purpose> done) {
    send(detail::post("/api/v1/purposes/" + std::to_string(purpose_id) + "/versions", content),
         detail::expect(std::move(done)));
}

void ApiClient::fetch_api_keys(ApiCallback<api::ItemList<api::ApiKey>> done) {
    send(detail::get("/api/v1/agency/api-keys"), detail::expect(std::move(done)));
}

void ApiClient::create_api_key(const api::ApiKeyRequest& request,
                               ApiCallback<api::ApiKeyCreated> done) {
    send(detail::post("/api/v1/agency/api-keys", request), detail::expect(std::move(done)));
}

void ApiClient::revoke_api_key(std::int64_t key_id, ApiCallback<Done> done) {
    send(HttpRequest{"DELETE", "/api/v1/agency/api-keys/" + std::to_string(key_id), {}, {}},
         detail::completion(&decode_done_response, std::move(done)));
}

} // namespace einblick::client

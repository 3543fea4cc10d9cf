#pragma once
// Typed access to the Einblick HTTP API (/api/v1). Everything about HTTP and JSON ends here:
// callers get Result<T> with plain structs from einblick/shared/api_*.hpp, or a status and a
// German sentence that can be shown as it is (plus field violations for a 400).
//
// [SECTION] Session and history   [SECTION] Citizen   [SECTION] DPO   [SECTION] Agency staff
// Implemented in api_client.cpp, api_client_citizen.cpp, api_client_dpo.cpp,
// api_client_agency.cpp.

#include "einblick/client/citizen_state.hpp"
#include "einblick/client/dpo_state.hpp"
#include "einblick/client/result.hpp"
#include "einblick/client/transport.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_log.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_rights.hpp"
#include "einblick/shared/api_statistics.hpp"
#include "einblick/shared/api_types.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace einblick::client {

template <class T> using ApiCallback = std::function<void(Result<T>)>;

class ApiClient {
public:
    explicit ApiClient(Transport& transport) : transport_(transport) {}

    // [SECTION] Session and history

    // GET /api/v1/session: is the session cookie (still) valid? Used at start after a reload.
    void restore_session(ApiCallback<api::SessionInfo> done);
    // POST /api/v1/session.
    void login(const api::LoginRequest& request, ApiCallback<api::SessionInfo> done);
    // DELETE /api/v1/session.
    void logout(ApiCallback<Done> done);
    // GET /api/v1/me/access-events, newest first; no cursor means the first page. `limit` up
    // to api::limits::history_page_size_max (the server's default: …_page_size_default).
    void fetch_access_events(const std::optional<std::string>& cursor, int limit,
                             ApiCallback<api::AccessEventPage> done);
    // The same with filters (agency, purpose, category, from, to, outcome).
    void fetch_access_events(const EventQuery& query, const std::optional<std::string>& cursor,
                             int limit, ApiCallback<api::AccessEventPage> done);
    // GET /api/v1/me/access-events/{id}: one entry of the citizen's own log.
    void fetch_access_event(const std::string& event_id, ApiCallback<api::AccessEvent> done);
    // GET /api/v1/purposes: the registry as this caller may see it.
    void fetch_purposes(ApiCallback<api::ItemList<api::Purpose>> done);
    // GET /api/v1/purposes/{id}.
    void fetch_purpose(std::int64_t purpose_id, ApiCallback<api::Purpose> done);
    // GET /api/v1/vocabulary.
    void fetch_vocabulary(ApiCallback<api::Vocabulary> done);

    // [SECTION] Citizen

    void fetch_consents(ApiCallback<api::ItemList<api::Consent>> done);
    void grant_consent(const api::ConsentRequest& request, ApiCallback<api::Consent> done);
    void withdraw_consent(std::int64_t consent_id, ApiCallback<api::Consent> done);
    void fetch_my_objections(ApiCallback<api::ItemList<api::Objection>> done);
    void file_objection(const api::ObjectionRequest& request, ApiCallback<api::Objection> done);
    // GET /api/v1/me/statistics/monthly: the last api::limits::monthly_statistics_months months,
    // oldest first.
    void fetch_monthly_statistics(ApiCallback<api::MonthlyStatistics> done);

    // The verifiable log (docs/TRANSPARENCY.md, section 5). GET /api/v1/log/public-key.
    void fetch_log_public_key(ApiCallback<api::LogPublicKey> done);
    // GET /api/v1/me/access-proofs?ids=…: the inclusion proofs of the citizen's own entries.
    void fetch_access_proofs(const std::vector<std::string>& ids,
                             ApiCallback<api::LogProofBundle> done);
    // GET /api/v1/log/cosigned-checkpoint: the newest checkpoint a witness cosigned, as the
    // signed note's text; a 404 (none yet) is a failure with ApiStatus::NotFound.
    void fetch_cosigned_checkpoint(ApiCallback<std::string> done);
    // GET /api/v1/log/consistency?first=…&second=….
    void fetch_log_consistency(std::uint64_t first, std::uint64_t second,
                               ApiCallback<api::LogConsistencyProof> done);

    // [SECTION] DPO

    // GET /api/v1/objections?status=pending|all (ObjectionStatus::Pending or
    // api::objection_status_all), oldest due first.
    void fetch_objection_queue(QueueFilter filter, ApiCallback<api::ItemList<api::Objection>> done);
    void fetch_objection(std::int64_t objection_id, ApiCallback<api::Objection> done);
    // POST …/decision and …/extension with If-Match: "<revision>".
    void decide_objection(std::int64_t objection_id, int revision,
                          const api::ObjectionDecisionRequest& request,
                          ApiCallback<api::Objection> done);
    void extend_objection(std::int64_t objection_id, int revision,
                          const api::ObjectionExtensionRequest& request,
                          ApiCallback<api::Objection> done);
    void decide_purpose_version(std::int64_t purpose_id, int version,
                                const api::PurposeDecisionRequest& request,
                                ApiCallback<api::Purpose> done);
    // GET /api/v1/statistics/agency-weekly.
    void fetch_agency_volume(ApiCallback<api::AgencyVolumeStatistics> done);
    // GET /api/v1/agencies/{code}/access-events: the agency's log since `from`, newest first.
    void fetch_agency_log(const std::string& agency_code, UnixMillis from,
                          const std::optional<std::string>& cursor,
                          ApiCallback<api::AccessEventPage> done);

    // [SECTION] Agency staff

    void propose_purpose(const api::PurposeContent& content, ApiCallback<api::Purpose> done);
    void revise_purpose(std::int64_t purpose_id, const api::PurposeContent& content,
                        ApiCallback<api::Purpose> done);
    void fetch_api_keys(ApiCallback<api::ItemList<api::ApiKey>> done);
    void create_api_key(const api::ApiKeyRequest& request, ApiCallback<api::ApiKeyCreated> done);
    void revoke_api_key(std::int64_t key_id, ApiCallback<Done> done);

private:
    // Every request asks for German answers: the app keeps the server's messages in the
    // source language and translates them itself when it shows them (views::localized), so
    // a language switch also turns a message already on screen. Without the header the
    // browser would send its own language preference.
    void send(HttpRequest request, Transport::Completion done);

    Transport& transport_;
};

// The decoding steps, public so that tests can check them without a transport.
Result<api::SessionInfo> decode_session_response(const HttpResponse& response, bool is_login);
Result<api::AccessEventPage> decode_access_events_response(const HttpResponse& response);
Result<Done> decode_logout_response(const HttpResponse& response);
// Any answer: 2xx → T read with the shared decoder; otherwise status and German sentence.
template <class T> Result<T> decode_response(const HttpResponse& response);
// 2xx without a body of interest (204).
Result<Done> decode_done_response(const HttpResponse& response);
// 2xx with a text/plain body (a signed note): the body as it is.
Result<std::string> decode_text_response(const HttpResponse& response);

// The query string of a history request: "?limit=50&agency=kfz&from=2026-…".
std::string access_events_path(const EventQuery& query, const std::optional<std::string>& cursor,
                               int limit);
// The path of a page of an agency's log for its DPO:
// "/api/v1/agencies/kfz/access-events?limit=50&from=…".
std::string agency_log_path(const std::string& agency_code, UnixMillis from,
                            const std::optional<std::string>& cursor, int limit);
// Same-origin URL of the citizen's export: "/api/v1/me/export?format=csv".
std::string export_url(api::ExportFormat format);

// RFC 3986 percent-encoding for a query parameter value.
std::string percent_encode(const std::string& text);

} // namespace einblick::client

#pragma once
// Typed access to the Einblick HTTP API (/api/v1). Everything about HTTP and JSON ends here:
// callers get Result<T> with plain structs from einblick/shared/api_types.hpp, or a status and
// a German sentence that can be shown as it is.

#include "einblick/client/result.hpp"
#include "einblick/client/transport.hpp"
#include "einblick/shared/api_types.hpp"

#include <functional>
#include <optional>
#include <string>

namespace einblick::client {

template <class T> using ApiCallback = std::function<void(Result<T>)>;

class ApiClient {
public:
    static constexpr int default_page_size = 50;

    explicit ApiClient(Transport& transport) : transport_(transport) {}

    // GET /api/v1/session: is the session cookie (still) valid? Used at start after a reload.
    void restore_session(ApiCallback<api::SessionInfo> done);
    // POST /api/v1/session.
    void login(const api::LoginRequest& request, ApiCallback<api::SessionInfo> done);
    // DELETE /api/v1/session.
    void logout(ApiCallback<Done> done);
    // GET /api/v1/me/access-events, newest first; no cursor means the first page.
    void fetch_access_events(const std::optional<std::string>& cursor, int limit,
                             ApiCallback<api::AccessEventPage> done);

private:
    Transport& transport_;
};

// The decoding steps, public so that tests can check them without a transport.
Result<api::SessionInfo> decode_session_response(const HttpResponse& response, bool is_login);
Result<api::AccessEventPage> decode_access_events_response(const HttpResponse& response);
Result<Done> decode_logout_response(const HttpResponse& response);

// RFC 3986 percent-encoding for a query parameter value.
std::string percent_encode(const std::string& text);

} // namespace einblick::client

#pragma once
// A small world in which every endpoint has something real to point at, for the HTTP tests
// that walk all routes (role matrix, malformed input). Created through the services (fast)
// before a server starts:
//
// - agencies X (Kfz) and Y (Polizei), each with an API key, and a spare key of each to revoke;
// - citizens A and B; DPOs of X, of Y and for all agencies; a staff member of X;
// - approved public-task purposes of X (PX) and Y (PY, PY2), consent purposes of X and Y
//   (PCX, PCY), and a proposed (not yet approved) purpose of X (QX);
// - one access event per citizen (both by X); a consent of A for PCX; an objection of A
//   against her event (so agency X) and one of B against PY;
// - a signed checkpoint of the log as it then is (its size: $LS).
//
// Paths and bodies name these by variables ("$PX"), which expand() replaces by this world's
// ids, so the same text works in every fresh world.

#include "test_backend.hpp"

#include <array>
#include <httplib.h>
#include <map>
#include <string>

namespace einblick::testing {

// Who calls. Sessions are logged in through the service when credentials are asked for.
enum Caller { Anon, CitA, CitB, DpoX, DpoY, DpoAll, KeyX, KeyY, StaffX, caller_count };

inline constexpr std::array<const char*, caller_count> caller_names{
    "anonymous",          "citizen A",          "citizen B",
    "DPO of X",           "DPO of Y",           "DPO for all",
    "agency X (API key)", "agency Y (API key)", "agency X staff (session)"};

// Valid request bodies (only the caller decides how they are answered). Inline, so that
// tables of other files initialised from them at start-up see them initialised.
inline const std::string world_purpose_body =
    R"({"name":"Neuer Zweck","description":"Prüfung.","legal_basis":"Art. 6 Abs. 1 lit. e DSGVO",)"
    R"("gdpr_basis":"A6-1-e","data_categories":["address"],"source_registers":["melderegister"],)"
    R"("recipients":["Hauptzollamt"],"retention_days":365})";
// Citizen A, purpose PX of agency X.
inline const std::string world_access_body =
    R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"]})";
// Logs citizen A in ("$PW" is every account's password).
inline const std::string world_login_body = R"({"username":"citizen-a","password":"$PW"})";

struct TestWorld {
    TestWorld();

    // Every "$NAME" replaced by this world's value ($PY2 before $PY: longest names first).
    std::string expand(std::string text) const;
    // The credential of `caller` (a fresh session for session callers); none for Anon.
    httplib::Headers credentials(Caller caller);

    static const std::string password;

    TestBackend t;
    AgencyRecord x;
    AgencyRecord y;
    std::string key_x;
    std::string key_y;
    RowId spare_key_x = 0;
    RowId key_y_id = 0;
    std::string id_a;
    std::string id_b;
    RowId citizen_a = 0;
    RowId citizen_b = 0;
    RowId px = 0;
    RowId py = 0;
    RowId py2 = 0;
    RowId pcx = 0;
    RowId pcy = 0;
    RowId qx = 0;
    std::string event_a;
    std::string event_b;
    RowId consent_a = 0;
    RowId objection_a = 0;
    RowId objection_b = 0;
    std::int64_t log_size = 0; // of the checkpoint signed last

private:
    std::string record_event(const std::string& citizen_id);
    void add_rights();

    std::map<std::string, std::string> vars_;
};

// One request with a JSON body for POST (and any method other than GET and DELETE).
httplib::Result send(httplib::Client& client, const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::string& body);

} // namespace einblick::testing

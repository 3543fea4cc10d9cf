// The verifiable log: signed checkpoints, consistency proofs and the signing key for anyone
// (no login: a witness, a verifier or a citizen's browser fetches them), and inclusion proofs
// of a citizen's own entries. Checkpoints are served as their C2SP signed-note text, exactly as
// Go's sumdb/tlog clients read them.

#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string_view>

namespace einblick::server {
namespace {

constexpr const char* note_media_type = "text/plain; charset=utf-8";

// A decimal integer (a sign allowed, so that a negative size is told apart from text); nothing,
// with a `type` violation, for anything else.
std::optional<std::int64_t> parse_integer(std::string_view text, const std::string& field,
                                          Violations& v) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        v.add(field, "type", "Muss eine ganze Zahl sein.");
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> required_integer_parameter(const httplib::Request& request,
                                                       const std::string& name, Violations& v) {
    const auto text = string_parameter(request, name);
    if (!text) {
        v.add(name, "required", "Pflichtangabe fehlt.");
        return std::nullopt;
    }
    return parse_integer(*text, name, v);
}

// The tree size in a path such as /api/v1/log/checkpoints/{size}: a whole number, not negative.
std::int64_t read_path_size(const httplib::Request& request) {
    Violations v;
    const auto size = parse_integer(request.matches[1].str(), "size", v);
    if (size && *size < 0) {
        v.add("size", "range", "Darf nicht negativ sein.");
    }
    v.throw_if_any();
    return *size;
}

// "12,13,20": the ids of entries, each positive, at most log_proof_ids_max; each once, in the
// order first given.
std::vector<RowId> read_entry_ids(const httplib::Request& request) {
    Violations v;
    const auto text = string_parameter(request, "ids");
    if (!text) {
        v.add("ids", "required", "Pflichtangabe fehlt.");
        v.throw_if_any();
    }
    std::vector<RowId> ids;
    std::string_view rest = *text;
    for (;;) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        Violations item_violations;
        const auto id = parse_integer(item, "ids", item_violations);
        if (!id || *id <= 0) {
            v.add("ids", "format",
                  "Muss eine Liste positiver ganzer Zahlen sein, durch Kommas "
                  "getrennt.");
            v.throw_if_any();
        }
        if (std::find(ids.begin(), ids.end(), *id) == ids.end()) {
            ids.push_back(*id);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    if (ids.size() > api::limits::log_proof_ids_max) {
        v.add("ids", "size",
              "Höchstens " + std::to_string(api::limits::log_proof_ids_max) + " Einträge.");
    }
    v.throw_if_any();
    return ids;
}

void write_note(httplib::Response& response, const StoredCheckpoint& checkpoint) {
    response.status = 200;
    response.set_content(checkpoint.note, note_media_type);
}

} // namespace

void register_log_routes(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/log/checkpoint",
               [services](const httplib::Request&, httplib::Response& response) {
                   write_note(response, services.log_proofs.latest_checkpoint());
               });
    routes.get("/api/v1/log/checkpoints/{size}",
               [services](const httplib::Request& request, httplib::Response& response) {
                   write_note(response, services.log_proofs.checkpoint_at(read_path_size(request)));
               });
    routes.get("/api/v1/log/cosigned-checkpoint",
               [services](const httplib::Request&, httplib::Response& response) {
                   write_note(response, services.log_proofs.latest_cosigned_checkpoint());
               });
    // A witness delivers its cosignature: one signed-note signature line as text/plain. No
    // login: the signature itself says who sent it, and only configured witnesses' keys count.
    routes.post("/api/v1/log/checkpoints/{size}/cosignatures",
                [services](const httplib::Request& request, httplib::Response& response) {
                    const std::int64_t size = read_path_size(request);
                    const AcceptedCosignature accepted =
                        services.log_proofs.add_cosignature(size, request.body);
                    write_json(response, accepted.new_line ? 201 : 200,
                               {{"size", size}, {"witness", accepted.witness}});
                });
    routes.get("/api/v1/log/consistency",
               [services](const httplib::Request& request, httplib::Response& response) {
                   Violations v;
                   const auto first = required_integer_parameter(request, "first", v);
                   const auto second = required_integer_parameter(request, "second", v);
                   v.throw_if_any();
                   write_json(response, 200, services.log_proofs.consistency(*first, *second));
               });
    routes.get("/api/v1/log/public-key",
               [services](const httplib::Request&, httplib::Response& response) {
                   write_json(response, 200, services.log_proofs.public_key());
               });
    routes.get("/api/v1/me/access-proofs",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const CitizenCaller citizen = require_citizen(request, services.auth);
                   const std::vector<RowId> ids = read_entry_ids(request);
                   write_json(response, 200, services.log_proofs.proofs_of(citizen.pseudonym, ids));
               });
}

} // namespace einblick::server

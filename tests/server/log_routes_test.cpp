// The verifiable log over HTTP, as a third party uses it: the public key fetched once, the
// checkpoint as plain signed-note text, consistency between two checkpoints, and a citizen's
// proofs and export verified with nothing but what the answers carry.

#include "einblick/server/log_chain.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/shared/api_log.hpp"
#include "test_world.hpp"

#include <array>
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace einblick::testing;
namespace merkle = einblick::merkle;
using nlohmann::json;

namespace {

merkle::Hash hash_of(const std::string& base64) {
    const auto bytes = from_base64(base64);
    REQUIRE(bytes);
    REQUIRE(bytes->size() == sizeof(merkle::Hash));
    merkle::Hash hash{};
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    return hash;
}

std::vector<merkle::Hash> hashes_of(const json& texts) {
    std::vector<merkle::Hash> hashes;
    for (const auto& text : texts) {
        hashes.push_back(hash_of(text.get<std::string>()));
    }
    return hashes;
}

struct TreeHead {
    std::int64_t size = 0;
    merkle::Hash root{};
};

// The tree head of a checkpoint note whose signature `verifier` confirms.
TreeHead verified_head(const std::string& note_text, const NoteVerifier& verifier) {
    const auto note = parse_note(note_text);
    REQUIRE(note);
    const std::array verifiers{verifier};
    REQUIRE(verified_signers(*note, verifiers) == std::vector<std::string>{verifier.name()});
    std::istringstream lines(note->text);
    std::string origin;
    std::string size;
    std::string root;
    std::getline(lines, origin);
    std::getline(lines, size);
    std::getline(lines, root);
    CHECK(origin == verifier.name());
    return {std::stoll(size), hash_of(root)};
}

bool inclusion_holds(const json& proof, const TreeHead& head) {
    return merkle::verify_inclusion(log_tree_sha256(), proof["leaf_index"].get<std::uint64_t>(),
                                    static_cast<std::uint64_t>(head.size),
                                    log_leaf_hash(proof["entry"].get<std::string>()),
                                    hashes_of(proof["inclusion_proof"]), head.root);
}

struct LogClient {
    explicit LogClient(TestWorld& served)
        : world(served), server(served.t), http("127.0.0.1", server.port()) {}

    httplib::Result get(const std::string& path, Caller as = Anon) {
        return http.Get(world.expand(path).c_str(), world.credentials(as));
    }
    json get_json(const std::string& path, Caller as = Anon) {
        const auto response = get(path, as);
        REQUIRE(response);
        REQUIRE_MESSAGE(response->status == 200, response->body);
        return json::parse(response->body);
    }
    std::string get_note(const std::string& path) {
        const auto response = get(path);
        REQUIRE(response);
        REQUIRE_MESSAGE(response->status == 200, response->body);
        CHECK(response->get_header_value("Content-Type") == "text/plain; charset=utf-8");
        return response->body;
    }
    NoteVerifier pinned_key() {
        const json key = get_json("/api/v1/log/public-key");
        CHECK(key["algorithm"] == "Ed25519");
        const auto verifier = NoteVerifier::parse(key["verifier_key"].get<std::string>());
        REQUIRE(verifier);
        CHECK(key["origin"] == verifier->name());
        CHECK(from_base64(key["public_key"].get<std::string>()) == verifier->public_key());
        return *verifier;
    }

    TestWorld& world;
    RunningServer server;
    httplib::Client http;
};

void record_for_citizen_a(TestWorld& world, int count) {
    for (int i = 0; i < count; ++i) {
        AccessRequest r{world.id_a,
                        world.px,
                        std::nullopt,
                        "melderegister",
                        {"address"},
                        {},
                        "AZ-" + std::to_string(i),
                        {}};
        world.t.backend->access.record(world.x, r, {});
    }
}

} // namespace

TEST_CASE("log endpoints: anyone verifies the checkpoint with the published key, and "
          "consistency between two checkpoints") {
    TestWorld world;
    LogClient client(world);
    const NoteVerifier key = client.pinned_key();

    const std::string first_note = client.get_note("/api/v1/log/checkpoint");
    const TreeHead first = verified_head(first_note, key);
    CHECK(first.size == world.log_size);
    CHECK(client.get_note("/api/v1/log/checkpoints/" + std::to_string(first.size)) == first_note);

    record_for_citizen_a(world, 11);
    world.t.backend->checkpoints.sign_current(); // the server's timer would do this
    const TreeHead second = verified_head(client.get_note("/api/v1/log/checkpoint"), key);
    CHECK(second.size == first.size + 11);

    const json proof =
        client.get_json("/api/v1/log/consistency?first=" + std::to_string(first.size) +
                        "&second=" + std::to_string(second.size));
    CHECK(proof["first"] == first.size);
    CHECK(proof["second"] == second.size);
    CHECK(merkle::verify_consistency(log_tree_sha256(), static_cast<std::uint64_t>(first.size),
                                     static_cast<std::uint64_t>(second.size), first.root,
                                     second.root, hashes_of(proof["proof"])));
    // Against another root (a forked log) it fails.
    merkle::Hash forked = second.root;
    forked[0] ^= 0x80;
    CHECK_FALSE(merkle::verify_consistency(
        log_tree_sha256(), static_cast<std::uint64_t>(first.size),
        static_cast<std::uint64_t>(second.size), first.root, forked, hashes_of(proof["proof"])));
    const json empty =
        client.get_json("/api/v1/log/consistency?first=0&second=" + std::to_string(second.size));
    CHECK(empty["proof"].empty());
    // Beyond the latest signed size: refused.
    const auto beyond =
        client.get("/api/v1/log/consistency?first=1&second=" + std::to_string(second.size + 1));
    REQUIRE(beyond);
    CHECK(beyond->status == 400);
}

TEST_CASE("log endpoints: a citizen's history carries leaf indices, and its proofs and export "
          "verify offline with the published key") {
    TestWorld world;
    record_for_citizen_a(world, 6);
    LogClient client(world);
    const NoteVerifier key = client.pinned_key();

    const json history = client.get_json("/api/v1/me/access-events?limit=200", CitA);
    std::string ids;
    for (const auto& event : history["items"]) {
        CHECK(event["leaf_index"] == event["seq"].get<std::int64_t>() - 1);
        ids += (ids.empty() ? "" : ",") + event["id"].get<std::string>();
    }
    REQUIRE(history["items"].size() == 7);

    const json bundle = client.get_json("/api/v1/me/access-proofs?ids=" + ids, CitA);
    CHECK(bundle["verifier_key"] == key.text());
    const TreeHead head = verified_head(bundle["checkpoint"].get<std::string>(), key);
    REQUIRE(bundle["proofs"].size() == history["items"].size());
    for (std::size_t i = 0; i < bundle["proofs"].size(); ++i) {
        const json& proof = bundle["proofs"][i];
        const json& event = history["items"][i];
        CAPTURE(proof.dump());
        CHECK(proof["id"] == event["id"]);
        CHECK(proof["leaf_index"] == event["leaf_index"]);
        // The facts the history shows are the facts proved.
        const json entry = json::parse(proof["entry"].get<std::string>());
        CHECK(entry["seq"] == event["seq"]);
        CHECK(entry["correlation_id"] == event.value("correlation_id", json()));
        CHECK(inclusion_holds(proof, head));
        json changed = proof;
        changed["inclusion_proof"][0] = to_base64(Bytes(32, 0));
        CHECK_FALSE(inclusion_holds(changed, head));
    }
    // Citizen B asking for A's entries gets what an absent entry gets.
    const auto foreign = client.get("/api/v1/me/access-proofs?ids=" + ids, CitB);
    REQUIRE(foreign);
    CHECK(foreign->status == 404);

    const json exported = client.get_json("/api/v1/me/export", CitA);
    const json& proofs = exported["log_proofs"];
    const auto exported_key = NoteVerifier::parse(proofs["verifier_key"].get<std::string>());
    REQUIRE(exported_key);
    CHECK(exported_key->text() == key.text());
    const TreeHead export_head = verified_head(proofs["checkpoint"].get<std::string>(), key);
    REQUIRE(proofs["proofs"].size() == exported["access_log"].size());
    for (std::size_t i = 0; i < proofs["proofs"].size(); ++i) {
        CHECK(proofs["proofs"][i]["id"] == exported["access_log"][i]["id"]);
        CHECK(proofs["proofs"][i]["leaf_index"] == exported["access_log"][i]["leaf_index"]);
        CHECK(inclusion_holds(proofs["proofs"][i], export_head));
    }
}

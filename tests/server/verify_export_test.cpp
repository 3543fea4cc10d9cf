// `einblick verify --export` over a citizen's JSON export, run as the real executable. The export
// is made as a citizen gets it: over HTTP from the real server of the test world, with its
// `log_proofs`. Then copies are changed as a forger (or a server lying to one citizen) would:
// a fact shown, a proved entry, a proof hash, a leaf index, the checkpoint, a proof removed.
// The intact export must pass; each changed one must fail and name the entry.
#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_world.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::testing;
using einblick::server::NoteSigner;
using nlohmann::json;

namespace {

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

// Citizen A's export (her world event and five more accesses), signed at the size it has, and
// the log's published key.
class MadeExport {
public:
    MadeExport() {
        TestWorld world;
        for (int i = 0; i < 5; ++i) {
            AccessRequest r{world.id_a,
                            world.px,
                            std::nullopt,
                            "melderegister",
                            {"address"},
                            {"sb-" + std::to_string(i)},
                            "AZ-" + std::to_string(i),
                            {}};
            world.t.backend->access.record(world.x, r, {});
        }
        world.t.backend->checkpoints.sign_current();
        RunningServer server(world.t);
        httplib::Client http("127.0.0.1", server.port());
        const auto key = http.Get("/api/v1/log/public-key");
        REQUIRE(key);
        key_ = json::parse(key->body)["verifier_key"].get<std::string>();
        const auto earlier = http.Get("/api/v1/log/checkpoints/" + std::to_string(world.log_size));
        REQUIRE(earlier);
        earlier_checkpoint_ = earlier->body;
        const auto response = http.Get("/api/v1/me/export", world.credentials(CitA));
        REQUIRE(response);
        REQUIRE(response->status == 200);
        document_ = json::parse(response->body);
        REQUIRE(document_["access_log"].size() == 6);
        REQUIRE(document_["log_proofs"]["proofs"].size() == 6);
    }

    const json& document() const { return document_; }
    const std::string& key() const { return key_; }
    // The world's checkpoint, signed before the five accesses.
    const std::string& earlier_checkpoint() const { return earlier_checkpoint_; }
    // How the verifier names the export's entry `i`.
    std::string entry(std::size_t i) const {
        const json& event = document_["access_log"][i];
        return "entry " + std::to_string(event["seq"].get<std::int64_t>()) + " (row " +
               event["id"].get<std::string>() + "): ";
    }

    Outcome verify(const json& document, std::vector<std::string> more = {}) {
        const std::string path = dir_.file("export-" + std::to_string(++files_) + ".json");
        std::ofstream(path) << document.dump(2);
        std::vector<std::string> args{"verify", "--export", path, "--key", key_};
        args.insert(args.end(), more.begin(), more.end());
        Outcome outcome;
        outcome.code = run(args, &outcome.out, &outcome.err);
        return outcome;
    }
    std::string file(const std::string& name, const std::string& text) const {
        const std::string path = dir_.file(name);
        std::ofstream(path) << text;
        return path;
    }

private:
    TempDir dir_{"einblick-verify-export"};
    json document_;
    std::string key_;
    std::string earlier_checkpoint_;
    int files_ = 0;
};

bool says(const Outcome& outcome, const std::string& line_start) {
    return outcome.out.find("\n" + line_start) != std::string::npos ||
           outcome.out.rfind(line_start, 0) == 0;
}

void require_tampered(const Outcome& outcome) {
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 1);
    CHECK(outcome.out.find("TAMPERED: ") != std::string::npos);
}

json& proof_of(json& document, std::size_t i) {
    return document["log_proofs"]["proofs"][i];
}

} // namespace

TEST_CASE("export: the intact export passes and says what it checked") {
    MadeExport made;
    const Outcome outcome = made.verify(made.document());
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 0);
    const std::string note = made.document()["log_proofs"]["checkpoint"].get<std::string>();
    const auto size_start = note.find('\n') + 1;
    const std::string size = note.substr(size_start, note.find('\n', size_start) - size_start);
    CHECK(says(outcome, "intact: 6 of 6 entries of the export proved in the log at its signed "
                        "checkpoint (size " +
                            size + "), 1 checkpoint checked in"));
}

TEST_CASE("export: a fact changed in the export is named by its entry") {
    MadeExport made;
    struct Change {
        const char* field;
        json value;
    };
    const std::vector<Change> changes{
        {"outcome", "denied"},
        {"occurred_at", "2020-01-01T00:00:00.000Z"},
        {"data_categories", json::array({"address", "vehicle"})},
        {"legal_basis", "§ 1 frei erfunden"},
        {"correlation_id", "AZ-999"},
    };
    for (const Change& change : changes) {
        const std::string field = change.field;
        CAPTURE(field);
        json changed = made.document();
        changed["access_log"][3][change.field] = change.value;
        const Outcome outcome = made.verify(changed);
        require_tampered(outcome);
        CHECK(says(outcome, made.entry(3) + "the export shows " + change.field + " "));
        CHECK(outcome.out.find("TAMPERED: 1 problem;") != std::string::npos);
    }
    // A fact left out of the export is not taken for "absent".
    json removed = made.document();
    const json was = removed["access_log"][3]["correlation_id"];
    REQUIRE(was.is_string());
    removed["access_log"][3].erase("correlation_id");
    const Outcome outcome = made.verify(removed);
    require_tampered(outcome);
    CHECK(says(outcome, made.entry(3) +
                            "the export shows correlation_id nothing, but the proved "
                            "entry says " +
                            was.dump()));
}

TEST_CASE("export: a changed proved entry or proof hash breaks its inclusion proof") {
    MadeExport made;
    json entry = made.document();
    std::string& text = proof_of(entry, 4)["entry"].get_ref<std::string&>();
    text.replace(text.find("\"allowed\""), 9, "\"denied\"");
    const Outcome changed = made.verify(entry);
    require_tampered(changed);
    CHECK(says(changed, made.entry(4) + "its inclusion proof does not lead from leaf "));

    json hash = made.document();
    proof_of(hash, 1)["inclusion_proof"][0] = std::string(43, 'A') + "=";
    const Outcome rehashed = made.verify(hash);
    require_tampered(rehashed);
    CHECK(says(rehashed, made.entry(1) + "its inclusion proof does not lead from leaf "));
    CHECK(rehashed.out.find("TAMPERED: 1 problem;") != std::string::npos);
}

TEST_CASE("export: a wrong leaf index is named") {
    MadeExport made;
    json moved = made.document();
    const std::int64_t leaf = proof_of(moved, 2)["leaf_index"].get<std::int64_t>();
    proof_of(moved, 2)["leaf_index"] = leaf + 1;
    const Outcome outcome = made.verify(moved);
    require_tampered(outcome);
    CHECK(says(outcome, made.entry(2) + "the export shows leaf_index " + std::to_string(leaf) +
                            ", but its proof is for leaf " + std::to_string(leaf + 1)));
    CHECK(says(outcome, made.entry(2) + "its proof is for leaf " + std::to_string(leaf + 1) +
                            ", but the proved entry says seq " + std::to_string(leaf + 1)));
    CHECK(says(outcome, made.entry(2) + "its inclusion proof does not lead from leaf "));
}

TEST_CASE("export: an edited checkpoint fails its signature, and its entries their proofs") {
    MadeExport made;
    const std::string note = made.document()["log_proofs"]["checkpoint"].get<std::string>();
    const auto size_start = note.find('\n') + 1;
    const auto size_end = note.find('\n', size_start);
    const std::int64_t size = std::stoll(note.substr(size_start, size_end - size_start));
    json resized = made.document();
    resized["log_proofs"]["checkpoint"] =
        note.substr(0, size_start) + std::to_string(size + 1) + note.substr(size_end);
    const Outcome outcome = made.verify(resized);
    require_tampered(outcome);
    CHECK(says(outcome, "checkpoint: carries no valid signature of the key "));
    CHECK(says(outcome, made.entry(0) + "its inclusion proof does not lead from leaf "));
    CHECK(outcome.out.find("0 of 6 entries of the export proved") != std::string::npos);

    json rerooted = made.document();
    std::string edited = note;
    const auto root = size_end + 1;
    edited[root] = edited[root] == 'A' ? 'B' : 'A';
    rerooted["log_proofs"]["checkpoint"] = edited;
    const Outcome other_root = made.verify(rerooted);
    require_tampered(other_root);
    CHECK(says(other_root, "checkpoint: carries no valid signature of the key "));
    CHECK(says(other_root, made.entry(5) + "its inclusion proof does not lead from leaf "));
}

TEST_CASE("export: another key than the log's fails the signature") {
    MadeExport made;
    // A key of the same name, but another secret: the file is the intact one.
    const NoteSigner other(made.key().substr(0, made.key().find('+')),
                           einblick::server::Bytes(32, 9));
    const std::string path = made.file("intact.json", made.document().dump());
    Outcome outcome;
    outcome.code = run({"verify", "--export", path, "--key", other.verifier().text()}, &outcome.out,
                       &outcome.err);
    require_tampered(outcome);
    CHECK(says(outcome, "checkpoint: carries no valid signature of the key "));
    CHECK(says(outcome, "note: the export names the key "));
    CHECK(outcome.out.find("0 of 6 entries of the export proved") != std::string::npos);
}

TEST_CASE("export: an entry without a proof is named") {
    MadeExport made;
    json missing = made.document();
    missing["log_proofs"]["proofs"].erase(3);
    const Outcome outcome = made.verify(missing);
    require_tampered(outcome);
    CHECK(says(outcome, made.entry(3) + "has no inclusion proof in the export"));

    json none = made.document();
    none.erase("log_proofs");
    const Outcome without = made.verify(none);
    require_tampered(without);
    CHECK(says(without, "log_proofs: missing"));
    CHECK(says(without, made.entry(0) + "has no inclusion proof in the export"));
}

TEST_CASE("export: a proved entry of another citizen is named") {
    MadeExport made;
    json foreign = made.document();
    std::string& text = proof_of(foreign, 2)["entry"].get_ref<std::string&>();
    const auto at = text.find("\"citizen_pseudonym\":\"") + 21;
    text[at] = text[at] == 'a' ? 'b' : 'a';
    const Outcome outcome = made.verify(foreign);
    require_tampered(outcome);
    CHECK(says(outcome, made.entry(2) + "its proved entry is of another citizen than the "
                                        "export's first proved entry"));
}

TEST_CASE("export: checkpoints kept elsewhere are checked against the export's") {
    MadeExport made;
    const std::string own = made.document()["log_proofs"]["checkpoint"].get<std::string>();
    const Outcome same = made.verify(made.document(), {"--checkpoint", made.file("own", own)});
    INFO(same.out, same.err);
    CHECK(same.code == 0);
    CHECK(same.out.find("note:") == std::string::npos);
    CHECK(says(same, "intact: 6 of 6 entries"));

    const Outcome earlier = made.verify(
        made.document(), {"--checkpoint", made.file("earlier", made.earlier_checkpoint())});
    INFO(earlier.out);
    CHECK(earlier.code == 0);
    CHECK(says(earlier, "note: given checkpoint 1 (size "));

    std::string forged = own;
    forged[forged.find('\n') + 1] ^= 1; // another size
    const Outcome other = made.verify(made.document(), {"--checkpoint", made.file("f", forged)});
    require_tampered(other);
    CHECK(says(other, "given checkpoint 1: carries no valid signature of the key "));
}

TEST_CASE("export: what is not an export exits 2 with one error line") {
    MadeExport made;
    const std::string not_json = made.file("not.json", "{\"format\": ");
    const std::string other = made.file("other.json", R"({"format":"something/1"})");
    const std::string good = made.file("good.json", made.document().dump());
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"verify", "--export", not_json, "--key", made.key()}, "is not JSON"},
        {{"verify", "--export", other, "--key", made.key()}, "not a citizen's JSON export"},
        {{"verify", "--export", good, "--db", good, "--key", made.key()}, "excludes"},
    };
    for (const auto& [args, mentions] : cases) {
        CAPTURE(mentions);
        std::string out;
        std::string err;
        CHECK(run(args, &out, &err) == 2);
        CHECK(err.find("einblick: error: ") != std::string::npos);
        CHECK(err.find(mentions) != std::string::npos);
    }
}

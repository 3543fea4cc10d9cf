// The specification in docs/TRANSPARENCY.md ("Specification") and docs/LOG-FORMAT.md, checked
// against the code through the known-answer vectors written in those files. The vectors are read
// from the documents themselves (their ```vector blocks), so the documents cannot drift from the
// code unnoticed. They were computed by tests/server/transparency_vectors.py, an independent
// implementation (Python's hashlib and python3-cryptography), not by this code.

#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/shared/merkle.hpp"

#include <array>
#include <doctest/doctest.h>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <stdexcept>

using namespace einblick::server;
namespace merkle = einblick::merkle;

namespace {

std::string read_doc(const std::string& name) {
    std::ifstream in(std::string(EINBLICK_DOCS_DIR) + "/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read docs/" << name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The text of the block fenced as "```<info>": every line up to the closing fence, each
// ending in "\n".
std::string fenced_block(const std::string& doc, const std::string& info) {
    const std::string opening = "\n```" + info + "\n";
    const auto start = doc.find(opening);
    if (start == std::string::npos) {
        throw std::runtime_error("no block ```" + info);
    }
    const auto body = start + opening.size();
    const auto end = doc.find("\n```\n", body - 1);
    return doc.substr(body, end + 1 - body);
}

// "key = value" lines of a vector block; an empty value is allowed ("key =").
std::map<std::string, std::string> vector_block(const std::string& doc, const std::string& name) {
    std::map<std::string, std::string> values;
    std::istringstream lines(fenced_block(doc, "vector " + name));
    for (std::string line; std::getline(lines, line);) {
        const auto equals = line.find(" =");
        REQUIRE_MESSAGE(equals != std::string::npos, "not a vector line: " << line);
        const auto value_start = std::min(line.size(), equals + 3);
        values[line.substr(0, equals)] = line.substr(value_start);
    }
    return values;
}

merkle::Hash hash_of_hex(const std::string& hex) {
    const auto bytes = from_hex(hex);
    REQUIRE_MESSAGE((bytes && bytes->size() == 32), "not a hash: " << hex);
    merkle::Hash hash{};
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    return hash;
}

std::vector<merkle::Hash> hashes_of_hex(const std::string& list) {
    std::vector<merkle::Hash> hashes;
    std::istringstream words(list);
    for (std::string word; words >> word;) {
        hashes.push_back(hash_of_hex(word));
    }
    return hashes;
}

std::string hex_of(const merkle::Hash& hash) {
    return to_hex(Bytes(hash.begin(), hash.end()));
}

// A tree built the way the log builds it: every complete subtree stored once.
class MemoryTree {
public:
    void append(std::string_view data) {
        const auto bytes =
            std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
        const merkle::Hash leaf = merkle::leaf_hash(log_tree_sha256(), bytes);
        for (const auto& node :
             merkle::nodes_for_append(log_tree_sha256(), size_, leaf, reader())) {
            nodes_[node.id] = node.hash;
        }
        ++size_;
    }
    merkle::NodeReader reader() const {
        return [this](std::span<const merkle::NodeId> ids) {
            std::vector<merkle::Hash> hashes;
            for (const auto& id : ids) {
                hashes.push_back(nodes_.at(id));
            }
            return hashes;
        };
    }

private:
    std::map<merkle::NodeId, merkle::Hash> nodes_;
    std::uint64_t size_ = 0;
};

// The spec's tree: leaf i hashes the ASCII text "leaf i".
MemoryTree spec_tree(std::uint64_t size) {
    MemoryTree tree;
    for (std::uint64_t i = 0; i < size; ++i) {
        tree.append("leaf " + std::to_string(i));
    }
    return tree;
}

std::pair<std::uint64_t, std::uint64_t> two_numbers(const std::string& key, std::size_t skip) {
    std::istringstream in(key.substr(skip));
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    in >> a >> b;
    return {a, b};
}

NewLogEntry entry_of(const nlohmann::json& j) {
    auto optional_id = [&](const char* key) -> std::optional<RowId> {
        return j.at(key).is_null() ? std::nullopt : std::optional<RowId>(j.at(key).get<RowId>());
    };
    auto optional_text = [&](const char* key) -> std::optional<std::string> {
        return j.at(key).is_null() ? std::nullopt
                                   : std::optional<std::string>(j.at(key).get<std::string>());
    };
    NewLogEntry e;
    e.kind = einblick::api::from_text<einblick::api::AccessKind>(j.at("kind").get<std::string>())
                 .value();
    e.outcome =
        einblick::api::from_text<einblick::api::AccessOutcome>(j.at("outcome").get<std::string>())
            .value();
    e.reason = j.at("reason").get<std::string>();
    e.citizen_pseudonym = j.at("citizen_pseudonym").get<std::string>();
    e.agency_id = j.at("agency_id").get<RowId>();
    e.purpose_id = optional_id("purpose_id");
    e.purpose_version_id = optional_id("purpose_version_id");
    e.register_code = j.at("register").get<std::string>();
    e.data_categories = j.at("data_categories").get<std::vector<std::string>>();
    e.legal_basis = j.at("legal_basis").get<std::string>();
    e.consent_id = optional_id("consent_id");
    e.official = optional_text("official");
    e.correlation_id = optional_text("correlation_id");
    e.occurred_at = j.at("occurred_at").get<einblick::UnixMillis>();
    return e;
}

// LOG-FORMAT.md's "**Vector N**" entries: the canonical text and the hash written after it.
struct EntryVector {
    std::string text;
    std::string hash;
};

EntryVector entry_vector(const std::string& doc, int number) {
    const auto heading = doc.find("**Vector " + std::to_string(number) + "**");
    REQUIRE(heading != std::string::npos);
    const auto open = doc.find("```\n", heading) + 4;
    const auto close = doc.find("\n```\n", open);
    const auto hash_at = doc.find("hash `", close) + 6;
    return {doc.substr(open, close - open), doc.substr(hash_at, 64)};
}

} // namespace

TEST_CASE("transparency spec: LOG-FORMAT's entry vectors are the code's encoding, hash and leaf") {
    const std::string doc = read_doc("LOG-FORMAT.md");
    const auto tree_vectors = vector_block(doc, "entries");
    MemoryTree tree;
    Bytes prev_hash(32, 0);
    for (int n = 1; n <= 3; ++n) {
        CAPTURE(n);
        const EntryVector v = entry_vector(doc, n);
        const auto facts = nlohmann::json::parse(v.text);
        CHECK(facts.at("seq").get<int>() == n);
        CHECK(facts.at("prev_hash").get<std::string>() == to_hex(prev_hash));
        CHECK(canonical_log_encoding(entry_of(facts), n, prev_hash) == v.text);
        CHECK(to_hex(sha256(v.text)) == v.hash);
        CHECK(hex_of(log_leaf_hash(v.text)) == tree_vectors.at("leaf " + std::to_string(n)));
        tree.append(v.text);
        prev_hash = *from_hex(v.hash);
    }
    CHECK(hex_of(merkle::tree_root(log_tree_sha256(), 2, tree.reader())) ==
          tree_vectors.at("root 2"));
    CHECK(hex_of(merkle::tree_root(log_tree_sha256(), 3, tree.reader())) ==
          tree_vectors.at("root 3"));
}

TEST_CASE("transparency spec: leaf hashes and the root of every size from 0 to 7") {
    const auto vectors = vector_block(read_doc("TRANSPARENCY.md"), "tree");
    const MemoryTree tree = spec_tree(7);
    for (std::uint64_t i = 0; i < 7; ++i) {
        const std::string data = "leaf " + std::to_string(i);
        const auto bytes =
            std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
        CHECK(hex_of(merkle::leaf_hash(log_tree_sha256(), bytes)) ==
              vectors.at("leaf " + std::to_string(i)));
    }
    CHECK(hex_of(merkle::empty_root(log_tree_sha256())) == vectors.at("root 0"));
    for (std::uint64_t size = 1; size <= 7; ++size) {
        CAPTURE(size);
        CHECK(hex_of(merkle::tree_root(log_tree_sha256(), size, tree.reader())) ==
              vectors.at("root " + std::to_string(size)));
    }
}

TEST_CASE("transparency spec: inclusion proofs are produced and verified as the vectors say") {
    const std::string doc = read_doc("TRANSPARENCY.md");
    const auto tree_vectors = vector_block(doc, "tree");
    const MemoryTree tree = spec_tree(7);
    int checked = 0;
    for (const auto& [key, value] : vector_block(doc, "proofs")) {
        if (key.rfind("inclusion ", 0) != 0) {
            continue;
        }
        CAPTURE(key);
        const auto [index, size] = two_numbers(key, 10);
        const auto expected = hashes_of_hex(value);
        CHECK(merkle::inclusion_proof(log_tree_sha256(), index, size, tree.reader()) == expected);
        const merkle::Hash leaf = hash_of_hex(tree_vectors.at("leaf " + std::to_string(index)));
        const merkle::Hash root = hash_of_hex(tree_vectors.at("root " + std::to_string(size)));
        CHECK(merkle::verify_inclusion(log_tree_sha256(), index, size, leaf, expected, root));
        if (!expected.empty()) {
            auto broken = expected;
            broken.back()[0] ^= 1;
            CHECK_FALSE(
                merkle::verify_inclusion(log_tree_sha256(), index, size, leaf, broken, root));
        }
        ++checked;
    }
    CHECK(checked == 6);
}

TEST_CASE("transparency spec: consistency proofs are produced and verified as the vectors say") {
    const std::string doc = read_doc("TRANSPARENCY.md");
    const auto tree_vectors = vector_block(doc, "tree");
    const MemoryTree tree = spec_tree(7);
    int checked = 0;
    for (const auto& [key, value] : vector_block(doc, "proofs")) {
        if (key.rfind("consistency ", 0) != 0) {
            continue;
        }
        CAPTURE(key);
        const auto [first, second] = two_numbers(key, 12);
        const auto expected = hashes_of_hex(value);
        const auto first_root = hash_of_hex(tree_vectors.at("root " + std::to_string(first)));
        const auto second_root = hash_of_hex(tree_vectors.at("root " + std::to_string(second)));
        if (first < second) {
            CHECK(merkle::consistency_proof(log_tree_sha256(), first, second, tree.reader()) ==
                  expected);
        }
        CHECK(merkle::verify_consistency(log_tree_sha256(), first, second, first_root, second_root,
                                         expected));
        auto other_root = second_root; // a fork: another tree of the same size
        other_root[31] ^= 1;
        CHECK_FALSE(merkle::verify_consistency(log_tree_sha256(), first, second, first_root,
                                               other_root, expected));
        ++checked;
    }
    CHECK(checked == 6);
}

TEST_CASE("transparency spec: the checkpoint, its key id, verifier key, signature and note") {
    const std::string doc = read_doc("TRANSPARENCY.md");
    const auto v = vector_block(doc, "checkpoint");
    const std::string note = fenced_block(doc, "vector note");
    const merkle::Hash root_7 = hash_of_hex(vector_block(doc, "tree").at("root 7"));

    const NoteSigner signer(v.at("origin"), *from_hex(v.at("seed")));
    CHECK(to_hex(signer.verifier().public_key()) == v.at("public key"));
    CHECK(signer.verifier().text() == v.at("verifier key"));
    std::ostringstream key_id;
    key_id << std::hex << std::setw(8) << std::setfill('0') << signer.verifier().key_id();
    CHECK(key_id.str() == v.at("key id"));

    const std::string text = CheckpointService::checkpoint_text(v.at("origin"), 7, root_7);
    CHECK(signer.signature_line(text) == v.at("signature line") + "\n");
    const NoteSigner* signers[] = {&signer};
    CHECK(sign_note(text, signers) == note);

    // A verifier holding only the verifier key accepts the note, and reads size and root from it.
    const auto verifier = NoteVerifier::parse(v.at("verifier key"));
    REQUIRE(verifier);
    const auto opened = parse_note(note);
    REQUIRE(opened);
    CHECK(opened->text == text);
    REQUIRE(opened->signatures.size() == 1);
    CHECK(to_hex(opened->signatures[0].signature) == v.at("signature"));
    const std::array verifiers{*verifier};
    CHECK(verified_signers(*opened, verifiers) == std::vector<std::string>{v.at("origin")});

    // One changed size in the text, and the signature no longer holds.
    auto forged = *opened;
    forged.text.replace(forged.text.find("\n7\n"), 3, "\n8\n");
    CHECK(verified_signers(forged, verifiers).empty());
}

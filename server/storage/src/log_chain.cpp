#include "einblick/server/log_chain.hpp"

#include "einblick/server/crypto.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace einblick::server {
namespace {

// Appends `text` as JSON exactly as nlohmann's dump() writes it. Most values (codes,
// pseudonyms, ids) are printable ASCII without quotes or backslashes, which dump() copies as
// they are: those are copied here without building a json value. Anything else (escapes,
// UTF-8, which dump() validates and throws for when invalid) goes to dump() itself, so the
// encoding cannot drift from it. dump() for every field cost about 24,000 instructions per
// entry, almost half as much as the single writer's whole work for it (BENCHMARKS.md).
void append_json_string(std::string& out, std::string_view text) {
    const bool verbatim = std::all_of(text.begin(), text.end(), [](char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (verbatim) {
        out += '"';
        out += text;
        out += '"';
    } else {
        out += nlohmann::json(text).dump();
    }
}

// Writes one field after its key, each value as dump() writes it, without whitespace.
class CanonicalFields {
public:
    explicit CanonicalFields(std::string& out) : out_(out) {}

    void text(const char* key, std::string_view value) {
        this->key(key);
        append_json_string(out_, value);
    }
    void optional_text(const char* key, const std::optional<std::string>& value) {
        if (value) {
            text(key, std::string_view(*value));
        } else {
            null(key);
        }
    }
    void number(const char* key, std::int64_t value) {
        this->key(key);
        out_ += std::to_string(value);
    }
    void number(const char* key, const std::optional<RowId>& value) {
        if (value) {
            number(key, *value);
        } else {
            null(key);
        }
    }
    void texts(const char* key, const std::vector<std::string>& values) {
        this->key(key);
        out_ += '[';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) {
                out_ += ',';
            }
            append_json_string(out_, values[i]);
        }
        out_ += ']';
    }

private:
    void null(const char* key) {
        this->key(key);
        out_ += "null";
    }
    void key(const char* key) {
        out_ += out_.empty() ? "{\"" : ",\"";
        out_ += key;
        out_ += "\":";
    }

    std::string& out_;
};

} // namespace

// Keys sorted (the order below), no whitespace, UTF-8 as is, absent optionals as null. Each
// value is written as nlohmann's serializer writes it (append_json_string), so strings are
// escaped exactly as a whole object's dump() escapes them; idempotency data and recorded_at
// stay outside: they are bookkeeping.
CanonicalLogParts canonical_log_parts(const NewLogEntry& e) {
    CanonicalLogParts parts;
    parts.before_prev_hash.reserve(400);
    CanonicalFields head(parts.before_prev_hash);
    head.number("agency_id", e.agency_id);
    head.text("citizen_pseudonym", e.citizen_pseudonym);
    head.number("consent_id", e.consent_id);
    head.optional_text("correlation_id", e.correlation_id);
    head.texts("data_categories", e.data_categories);
    head.text("kind", to_text(e.kind));
    head.text("legal_basis", e.legal_basis);
    head.number("occurred_at", e.occurred_at);
    head.optional_text("official", e.official);
    head.text("outcome", to_text(e.outcome));
    std::string middle = "x"; // "prev_hash" comes between: not empty, so each field gets its ','
    CanonicalFields tail(middle);
    tail.number("purpose_id", e.purpose_id);
    tail.number("purpose_version_id", e.purpose_version_id);
    tail.text("reason", e.reason);
    tail.text("register", e.register_code);
    parts.before_seq = middle.substr(1);
    parts.after_seq = ",\"v\":" + std::to_string(log_encoding_version) + "}";
    return parts;
}

std::string canonical_log_encoding(const CanonicalLogParts& parts, std::int64_t seq,
                                   const Bytes& prev_hash) {
    std::string text;
    text.reserve(parts.before_prev_hash.size() + parts.before_seq.size() + 120);
    text += parts.before_prev_hash;
    text += ",\"prev_hash\":\"";
    text += to_hex(prev_hash);
    text += '"';
    text += parts.before_seq;
    text += ",\"seq\":";
    text += std::to_string(seq);
    text += parts.after_seq;
    return text;
}

std::string canonical_log_encoding(const NewLogEntry& e, std::int64_t seq, const Bytes& prev_hash) {
    return canonical_log_encoding(canonical_log_parts(e), seq, prev_hash);
}

Bytes log_entry_hash(const NewLogEntry& entry, std::int64_t seq, const Bytes& prev_hash) {
    return sha256(canonical_log_encoding(entry, seq, prev_hash));
}

const merkle::Sha256& log_tree_sha256() {
    static const merkle::Sha256 hasher = [](std::span<const std::uint8_t> bytes) {
        const Bytes digest =
            sha256(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
        merkle::Hash out{};
        std::copy(digest.begin(), digest.end(), out.begin());
        return out;
    };
    return hasher;
}

merkle::Hash log_leaf_hash(std::string_view canonical) {
    return merkle::leaf_hash(
        log_tree_sha256(),
        std::span(reinterpret_cast<const std::uint8_t*>(canonical.data()), canonical.size()));
}

ChainedEntry chain_entry(const NewLogEntry& entry, const CanonicalLogParts& parts,
                         std::int64_t head_seq, const Bytes& head_hash) {
    ChainedEntry chained;
    LogEntryRecord& stored = chained.record;
    static_cast<NewLogEntry&>(stored) = entry;
    stored.seq = head_seq + 1;
    stored.prev_hash = head_hash;
    const std::string canonical = canonical_log_encoding(parts, stored.seq, stored.prev_hash);
    stored.hash = sha256(canonical);
    chained.leaf = log_leaf_hash(canonical);
    return chained;
}

bool ChainVerifier::add(const LogEntryRecord& row) {
    if (!check_.intact) {
        return false;
    }
    ++check_.rows;
    const bool linked = (!expected_prev_hash_ || row.prev_hash == *expected_prev_hash_) &&
                        (!expected_seq_ || row.seq == *expected_seq_);
    if (!linked || log_entry_hash(row, row.seq, row.prev_hash) != row.hash) {
        check_.intact = false;
        check_.first_broken_seq = row.seq;
        return false;
    }
    expected_prev_hash_ = row.hash;
    expected_seq_ = row.seq + 1;
    return true;
}

} // namespace einblick::server

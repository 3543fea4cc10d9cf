#include "einblick/server/log_chain.hpp"

#include "einblick/server/crypto.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

nlohmann::json optional_value(const std::optional<RowId>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json optional_value(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace

// Keys sorted (the order below), no whitespace, UTF-8 as is, absent optionals as null. Each
// value is written by nlohmann's serializer, so strings are escaped exactly as a whole object's
// dump() escapes them; idempotency data and recorded_at stay outside: they are bookkeeping.
CanonicalLogParts canonical_log_parts(const NewLogEntry& e) {
    auto field = [](std::string& out, const char* key, const nlohmann::json& value) {
        out += out.empty() ? "{\"" : ",\"";
        out += key;
        out += "\":";
        out += value.dump();
    };
    CanonicalLogParts parts;
    std::string& head = parts.before_prev_hash;
    field(head, "agency_id", e.agency_id);
    field(head, "citizen_pseudonym", e.citizen_pseudonym);
    field(head, "consent_id", optional_value(e.consent_id));
    field(head, "correlation_id", optional_value(e.correlation_id));
    field(head, "data_categories", e.data_categories);
    field(head, "kind", to_text(e.kind));
    field(head, "legal_basis", e.legal_basis);
    field(head, "occurred_at", e.occurred_at);
    field(head, "official", optional_value(e.official));
    field(head, "outcome", to_text(e.outcome));
    std::string middle = "x"; // "prev_hash" comes between: not empty, so each field gets its ','
    field(middle, "purpose_id", optional_value(e.purpose_id));
    field(middle, "purpose_version_id", optional_value(e.purpose_version_id));
    field(middle, "reason", e.reason);
    field(middle, "register", e.register_code);
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

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

std::string canonical_log_encoding(const NewLogEntry& e, std::int64_t seq, const Bytes& prev_hash) {
    // Keys sorted (nlohmann's object is an ordered map), no whitespace, UTF-8 as is, absent
    // optionals as null. Idempotency data and recorded_at stay outside: they are bookkeeping.
    const nlohmann::json canonical = {
        {"agency_id", e.agency_id},
        {"citizen_pseudonym", e.citizen_pseudonym},
        {"consent_id", optional_value(e.consent_id)},
        {"correlation_id", optional_value(e.correlation_id)},
        {"data_categories", e.data_categories},
        {"kind", to_text(e.kind)},
        {"legal_basis", e.legal_basis},
        {"occurred_at", e.occurred_at},
        {"official", optional_value(e.official)},
        {"outcome", to_text(e.outcome)},
        {"prev_hash", to_hex(prev_hash)},
        {"purpose_id", optional_value(e.purpose_id)},
        {"purpose_version_id", optional_value(e.purpose_version_id)},
        {"reason", e.reason},
        {"register", e.register_code},
        {"seq", seq},
        {"v", log_encoding_version},
    };
    return canonical.dump();
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

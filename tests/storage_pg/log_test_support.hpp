#pragma once
// What the access log's PostgreSQL tests share (log_partitions_test.cpp,
// log_readers_contract_test.cpp, log_readers_contract.cpp, repository_concurrency_test.cpp,
// append_writer_test.cpp): an access to log, the log's repositories in a scratch schema of their
// own, and the integrity check and `einblick verify` run expecting to find nothing.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/checkpoint_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_window.hpp"
#include "einblick/server/signed_note.hpp"

#include <cstddef>
#include <string>
#include <test_cluster.hpp>

namespace einblick::testing {

// An allowed access of `agency` to the citizen `pseudonym`'s address, occurred and recorded at
// `at`.
server::NewLogEntry access_at(server::RowId agency, UnixMillis at,
                              const std::string& pseudonym = "p");

// The log's repositories over a pool of `connections` in a migrated scratch schema of the run's
// cluster; `setup` is a connection of its own in that schema.
struct PgLogRepositories {
    explicit PgLogRepositories(std::size_t connections);

    server::pg::Connection setup;
    ScratchSchema schema;
    server::pg::Pool pool;
    server::PgAgencyRepository agencies{pool};
    server::PgAuditRepository audit{pool};
    server::PgAccessLogRepository access_log{pool};
    server::PgCheckpointRepository checkpoints{pool};
    server::PgLogWindow window{pool};
};

// One run of the running server's integrity check (LogIntegrityOptions{5, key}): each finding and
// each alarm fails the test case.
server::IntegrityCheck
integrity_check_finding_nothing(server::LogWindowReader& window, server::AccessLogRepository& log,
                                server::CheckpointService& signer, server::AuditRepository& audit,
                                const server::Clock& clock, const server::NoteVerifier& key);

// `einblick verify`'s checks over the snapshot with the log's key: each problem fails the test
// case.
server::VerifyReport verify_finding_nothing(server::LogSnapshot& snapshot,
                                            const server::NoteVerifier& key);

} // namespace einblick::testing

#include "log_test_support.hpp"

#include <doctest/doctest.h>
#include <vector>

namespace einblick::testing {

server::NewLogEntry access_at(server::RowId agency, UnixMillis at, const std::string& pseudonym) {
    server::NewLogEntry e;
    e.reason = "allowed";
    e.citizen_pseudonym = pseudonym;
    e.agency_id = agency;
    e.register_code = "melderegister";
    e.data_categories = {"address"};
    e.legal_basis = "§ 34 BMG";
    e.occurred_at = e.recorded_at = at;
    return e;
}

PgLogRepositories::PgLogRepositories(std::size_t connections)
    : setup(test_cluster_url()), schema(setup),
      pool(test_cluster_url(), connections, migrated_schema(setup, schema)) {}

server::IntegrityCheck
integrity_check_finding_nothing(server::LogWindowReader& window, server::AccessLogRepository& log,
                                server::CheckpointService& signer, server::AuditRepository& audit,
                                const server::Clock& clock, const server::NoteVerifier& key) {
    std::vector<std::string> alarms;
    server::LogIntegrityService integrity(window, log, signer, audit, clock,
                                          server::LogIntegrityOptions{5, key},
                                          [&](const std::string& line) { alarms.push_back(line); });
    const server::IntegrityCheck check = integrity.check();
    for (const server::IntegrityFinding& finding : check.findings) {
        CAPTURE(finding.subject);
        FAIL_CHECK(finding.what);
    }
    CHECK(alarms.empty());
    return check;
}

server::VerifyReport verify_finding_nothing(server::LogSnapshot& snapshot,
                                            const server::NoteVerifier& key) {
    std::vector<std::string> problems;
    const server::VerifyReport report = server::verify_log(
        snapshot, server::VerifyInput{key, {}}, [&](const server::VerifyProblem& problem) {
            problems.push_back(problem.subject + ": " + problem.what);
        });
    CHECK(problems.empty());
    return report;
}

} // namespace einblick::testing

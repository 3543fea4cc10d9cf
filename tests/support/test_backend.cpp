#include "test_backend.hpp"

#include "einblick/server/pg/connection.hpp"
#include "einblick/server/pg/error.hpp"
#include "einblick/server/pg_storage.hpp"
#include "einblick/shared/citizen_id.hpp"

#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <unistd.h>

namespace einblick::testing {

std::string valid_citizen_id(std::string_view first_ten) {
    return std::string(first_ten) + std::to_string(*citizen_id_check_digit(first_ten));
}

ErrorKind service_error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ServiceError& e) {
        return e.kind();
    }
    FAIL("expected a ServiceError, none was thrown");
    return ErrorKind::Validation;
}

namespace {

// Unique among the processes running at once: ctest -j runs each case in a process of its own,
// all in the cluster's one database.
std::string unique_schema_name() {
    static int created = 0;
    return "test_backend_" + std::to_string(::getpid()) + "_" + std::to_string(++created);
}

// PgStorage in a schema of its own, created empty here and dropped with everything in it when
// the storage goes, so that every TestBackend starts from an empty database as on SQLite.
class PgStorageInScratchSchema final : public StorageBackend {
public:
    explicit PgStorageInScratchSchema(const std::string& cluster_url)
        : cluster_url_(cluster_url), schema_(unique_schema_name()) {
        // A killed earlier process with the same id may have left the schema behind.
        pg::Connection(cluster_url_)
            .execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " +
                            schema_);
        // Every pooled connection works in the schema; PgStorage migrates it on opening. A
        // small pool: ctest -j runs several of these at once against one cluster.
        storage_ =
            std::make_unique<PgStorage>(cluster_url_ + "?options=-csearch_path%3D" + schema_, 4);
    }

    ~PgStorageInScratchSchema() override {
        // The pool's connections (and the log's writer) go first: DROP SCHEMA would wait on
        // their locks.
        storage_.reset();
        try {
            pg::Connection(cluster_url_)
                .execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        } catch (const pg::Error&) {
            // The cluster, and every schema in it, is removed at the end of the run anyway.
        }
    }

    PgStorageInScratchSchema(const PgStorageInScratchSchema&) = delete;
    PgStorageInScratchSchema& operator=(const PgStorageInScratchSchema&) = delete;

    Storage storage() override { return storage_->storage(); }

private:
    std::string cluster_url_;
    std::string schema_;
    std::unique_ptr<PgStorage> storage_;
};

} // namespace

// The PostgreSQL cluster's URL when this run is to test on PostgreSQL: the CTest entries
// registered for it (tests/server/CMakeLists.txt) name the file in which the cluster fixture
// wrote its URL. Unset, the tests run on SQLite.
std::optional<std::string> postgres_url_for_tests() {
    const char* url_file = std::getenv("EINBLICK_TEST_PG_URL_FILE");
    if (url_file == nullptr || *url_file == '\0') {
        return std::nullopt;
    }
    std::ifstream file(url_file);
    std::string url;
    if (!file || !std::getline(file, url) || url.empty()) {
        throw std::runtime_error(std::string("EINBLICK_TEST_PG_URL_FILE names ") + url_file +
                                 ", which holds no URL; run the tests through ctest, whose "
                                 "fixture storage_pg.start_throwaway_cluster writes it");
    }
    return url;
}

TestDatabase::TestDatabase(std::string sqlite_path) {
    const std::optional<std::string> cluster_url = postgres_url_for_tests();
    if (!cluster_url) {
        db_ = std::move(sqlite_path);
        return;
    }
    cluster_url_ = *cluster_url;
    schema_ = unique_schema_name();
    // A killed earlier process with the same id may have left the schema behind.
    pg::Connection(cluster_url_)
        .execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
    db_ = cluster_url_ + "?options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase() {
    if (schema_.empty()) {
        return;
    }
    try {
        pg::Connection(cluster_url_)
            .execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (const pg::Error&) {
        // The cluster, and every schema in it, is removed at the end of the run anyway.
    }
}

void TestDatabase::execute(const std::string& sql) const {
    if (schema_.empty()) {
        throw std::logic_error("TestDatabase::execute runs on PostgreSQL only");
    }
    pg::Connection(db_).execute_script(sql);
}

api::PurposeContent sample_purpose(std::string name, std::string gdpr_basis) {
    return {std::move(name),
            "Prüfung der Halterdaten bei der Zulassung.",
            "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV",
            std::move(gdpr_basis),
            {"address", "vehicle"},
            {"melderegister", "fahrzeugregister"},
            {"Hauptzollamt"},
            730};
}

TestBackend::TestBackend(ThrottleLimits throttle, std::string database_path,
                         const std::function<void(BackendOptions&)>& configure) {
    BackendOptions options;
    options.database_path = std::move(database_path);
    options.pseudonym_key = Bytes(32, 7);
    options.pseudonym_sector = "test-sector";
    options.throttle = throttle;
    if (configure) {
        configure(options);
    }
    if (pg::is_postgresql_url(options.database_path)) {
        // A TestDatabase's schema, which outlives this backend (a real executable is to work
        // on it after): PgStorage on it as it is, migrated on opening, never dropped here.
        backend = std::make_unique<Backend>(std::make_unique<PgStorage>(options.database_path, 4),
                                            options, clock);
        return;
    }
    if (const std::optional<std::string> cluster_url = postgres_url_for_tests()) {
        // A file database is what only SQLite has (WAL, I/O faults): such a test belongs to the
        // doctest suite "sqlite", which the PostgreSQL registration leaves out.
        if (options.database_path != ":memory:") {
            throw std::logic_error("a test on a SQLite file (" + options.database_path +
                                   ") runs on PostgreSQL; put it in TEST_SUITE(\"sqlite\")");
        }
        backend = std::make_unique<Backend>(
            std::make_unique<PgStorageInScratchSchema>(*cluster_url), options, clock);
        return;
    }
    backend = std::make_unique<Backend>(options, clock);
}

RowId TestBackend::add_citizen(const std::string& username, const std::string& password,
                               const std::string& citizen_id) {
    return backend->storage.accounts.create({username,
                                             hash_password(password, fast_hashing),
                                             username,
                                             AccountRole::Citizen,
                                             pseudonym(citizen_id),
                                             {}},
                                            clock.now());
}

RowId TestBackend::add_dpo(const std::string& username, const std::string& password,
                           std::optional<RowId> agency) {
    return backend->storage.accounts.create(
        {username, hash_password(password, fast_hashing), username, AccountRole::Dpo, {}, agency},
        clock.now());
}

RowId TestBackend::add_agency_staff(const std::string& username, const std::string& password,
                                    RowId agency) {
    return backend->storage.accounts.create({username,
                                             hash_password(password, fast_hashing),
                                             username,
                                             AccountRole::Agency,
                                             {},
                                             agency},
                                            clock.now());
}

AgencyRecord TestBackend::add_agency(const std::string& code, const std::string& name) {
    return {backend->agencies.create(code, name), code, name};
}

std::string TestBackend::add_api_key(const AgencyRecord& agency) {
    return backend->auth
        .create_api_key(agency.id, "test",
                        Actor::system().audit(clock.now(), "api_key.created", "api_key"))
        .key;
}

RowId TestBackend::approved_purpose(const AgencyRecord& agency,
                                    const api::PurposeContent& content) {
    if (approver == 0) {
        approver = add_dpo("approver-" + std::to_string(test_now), "x");
    }
    const RowId id = backend->purpose_service.propose(Actor::agency_key(agency.id), content).id;
    backend->purpose_service.decide(Actor::dpo(approver, std::nullopt), id, 1,
                                    PurposeDecision::Approve, "geprüft");
    return id;
}

RunningServer::RunningServer(TestBackend& backend, HttpOptions options)
    : server_(backend.backend->services(), [&] {
          // Quiet unless the test gave the log a place of its own.
          options.log_requests = options.request_log_fd != 2;
          return options;
      }()) {
    port_ = server_.bind("127.0.0.1", 0);
    if (port_ <= 0) {
        throw std::runtime_error("test server could not bind");
    }
    thread_ = std::thread([this] {
        server_.serve();
        returned_ = true;
    });
    // A stop() before the server runs would be lost and the destructor would wait forever.
    // serve() sets "running" before anything else, or returns at once when it cannot serve,
    // which ended this loop never before.
    while (!server_.is_running()) {
        if (returned_) {
            thread_.join();
            throw std::runtime_error("test server could not serve");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

RunningServer::~RunningServer() {
    server_.stop();
    thread_.join();
}

} // namespace einblick::testing

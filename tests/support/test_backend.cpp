#include "test_backend.hpp"

#include "einblick/shared/citizen_id.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <stdexcept>

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

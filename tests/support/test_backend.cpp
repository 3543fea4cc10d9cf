#include "test_backend.hpp"

#include <chrono>
#include <stdexcept>

#include "einblick/shared/citizen_id.hpp"

namespace einblick::testing {

std::string valid_citizen_id(std::string_view first_ten) {
    return std::string(first_ten) + std::to_string(*citizen_id_check_digit(first_ten));
}

TestBackend::TestBackend(ThrottleLimits throttle)
    : auth(login_provider, accounts, sessions, agencies, clock, {}, throttle) {}

RowId TestBackend::add_citizen(const std::string& username, const std::string& password,
                               const std::string& citizen_id) {
    return accounts.create({username, hash_password(password, fast_hashing), username,
                            AccountRole::Citizen, pseudonymizer.pseudonym(citizen_id), {}},
                           clock.now());
}

RowId TestBackend::add_dpo(const std::string& username, const std::string& password) {
    return accounts.create(
        {username, hash_password(password, fast_hashing), username, AccountRole::Dpo, {}, {}},
        clock.now());
}

AgencyRecord TestBackend::add_agency(const std::string& code, const std::string& name) {
    return {agencies.create(code, name), code, name};
}

RunningServer::RunningServer(TestBackend& backend, HttpOptions options)
    : server_({backend.database, backend.auth, backend.access_log},
              [&] {
                  options.log_requests = false;
                  return options;
              }()) {
    port_ = server_.bind("127.0.0.1", 0);
    if (port_ <= 0) {
        throw std::runtime_error("test server could not bind");
    }
    thread_ = std::thread([this] { server_.serve(); });
    while (!server_.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

RunningServer::~RunningServer() {
    server_.stop();
    thread_.join();
}

} // namespace einblick::testing

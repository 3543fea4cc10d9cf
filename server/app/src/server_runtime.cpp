#include "einblick/server/server_runtime.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include "einblick/server/access_event_store.hpp"
#include "einblick/server/api_server.hpp"
#include "einblick/server/demo_data.hpp"
#include "einblick/server/pseudonym_key.hpp"

namespace einblick::server {
namespace {

// The pseudonyms of this deployment's sector. Changing it would orphan all stored pseudonyms.
constexpr const char* pseudonym_sector = "einblick:datenschutzcockpit";

bool is_ip_address(const std::string& address) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

PseudonymKeySource key_source(const ServeConfig& config) {
    PseudonymKeySource source;
    if (const char* value = std::getenv("EINBLICK_PSEUDONYM_KEY")) {
        source.environment_value = value;
    }
    source.key_file = config.pseudonym_key_file;
    if (!source.key_file && config.demo) {
        source.key_file = config.database_path + ".pseudonym-key";
    }
    source.create_if_missing = config.demo;
    return source;
}

// Blocks SIGINT and SIGTERM in every thread started after this, so that only the waiter
// below receives them and can stop the server in an orderly way.
sigset_t block_shutdown_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

void print_demo_logins(const std::string& url) {
    std::cout << "Demo logins (open " << url << "):\n";
    for (const DemoLogin& login : demo_logins()) {
        std::cout << "  " << login.role << ": " << login.name << " / " << login.secret << '\n';
    }
}

} // namespace

int serve(const ServeConfig& config) {
    if (!is_ip_address(config.bind_address)) {
        throw std::runtime_error("--bind must be an IP address, got '" + config.bind_address + "'");
    }
    const sigset_t signals = block_shutdown_signals();
    // The database, its WAL and the key file hold personal data: owner-only from creation on.
    ::umask(0077);

    Database database(config.database_path);
    const Pseudonymizer pseudonymizer(load_pseudonym_key(key_source(config)), pseudonym_sector);
    SystemClock clock;
    AgencyStore agencies(database);
    AccountStore accounts(database);
    SessionStore sessions(database);
    AccessEventStore events(database);
    PasswordLoginProvider login_provider(accounts);
    AuthService auth(login_provider, accounts, sessions, agencies, clock);
    AccessLogService access_log(events, pseudonymizer, clock);

    if (config.demo && seed_demo_data({agencies, accounts, auth, access_log, pseudonymizer, clock})) {
        std::cout << "Seeded demo data into " << config.database_path << '\n';
    }

    HttpOptions http;
    http.web_root = config.web_root;
    http.secure_cookies = config.secure_cookies;
    http.log_requests = config.log_requests;
    ApiServer server({database, auth, access_log}, http);
    const int port = server.bind(config.bind_address, config.port);
    if (port < 0) {
        throw std::runtime_error("cannot listen on " + config.bind_address + ":" +
                                 std::to_string(config.port) + " (in use or not permitted)");
    }
    const std::string host =
        config.bind_address.find(':') != std::string::npos ? "[" + config.bind_address + "]"
                                                           : config.bind_address;
    const std::string url = "http://" + host + ":" + std::to_string(port);
    if (config.demo) {
        print_demo_logins(url);
    }
    std::cout << "listening on " << url << std::endl;

    std::atomic<bool> finished{false};
    std::thread signal_waiter([&] {
        const timespec poll{0, 200'000'000};
        while (!finished) {
            if (sigtimedwait(&signals, nullptr, &poll) > 0) {
                std::cout << "shutting down" << std::endl;
                server.stop();
                return;
            }
        }
    });
    const bool served = server.serve(); // returns once in-flight requests are done
    finished = true;
    signal_waiter.join();
    return served ? 0 : 1;
}

} // namespace einblick::server

#include "einblick/server/server_runtime.hpp"

#include "demo_witness.hpp"
#include "einblick/server/backend.hpp"
#include "einblick/server/database_choice.hpp"
#include "einblick/server/secret_key.hpp"
#include "einblick/server/sqlite_storage.hpp"
#include "einblick/server/thread_setup.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace einblick::server {
namespace {

bool is_ip_address(const std::string& address) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

// A file the demo generates: `<--demo-dir>/<name>`, else beside the SQLite file as
// `<db>.<name>` (a postgresql:// URL without --demo-dir is refused before this is asked).
std::string demo_file(const ServeConfig& config, const std::string& name) {
    if (config.demo_dir) {
        return (std::filesystem::path(*config.demo_dir) / name).string();
    }
    return config.database_path + "." + name;
}

// A key from its environment variable, else its file; with --demo a file the demo generates
// (`demo_name`), created when missing.
SecretKeySource key_source(const SecretKeyKind& kind, const std::optional<std::string>& key_file,
                           const ServeConfig& config, const std::string& demo_name) {
    SecretKeySource source;
    if (const char* value = std::getenv(std::string(kind.environment_name).c_str())) {
        source.environment_value = value;
    }
    source.key_file = key_file;
    if (!source.key_file && config.demo) {
        source.key_file = demo_file(config, demo_name);
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

// Descriptors beyond the connections: database, WAL, read pool, key file, pipes, epoll.
constexpr rlim_t descriptor_reserve = 64;

// Raises the soft descriptor limit as far as the edge's connection limit needs (the hard
// limit permitting); serves fewer connections, with a warning, when it does not.
void fit_descriptor_limit(EdgeOptions& edge) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return;
    }
    const rlim_t wanted = static_cast<rlim_t>(edge.max_connections) + descriptor_reserve;
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < wanted) {
        const auto fit = static_cast<int>(limit.rlim_cur > 2 * descriptor_reserve
                                              ? limit.rlim_cur - descriptor_reserve
                                              : descriptor_reserve);
        std::cerr << "einblick: warning: the process may open " << limit.rlim_cur
                  << " files; serving at most " << fit << " connections instead of "
                  << edge.max_connections << " (raise LimitNOFILE or ulimit -n)\n";
        edge.max_connections = fit;
    }
}

void print_demo_logins(const std::string& url) {
    std::cout << "Demo logins (open " << url << "):\n";
    for (const DemoLogin& login : demo_logins()) {
        std::cout << "  " << login.role << ": " << login.name << " / " << login.secret << '\n';
    }
}

// Runs `work` at start and then every `period` until destroyed; a failure is logged and the
// next round tries again.
class PeriodicWorker {
public:
    PeriodicWorker(std::string name, std::chrono::milliseconds period, std::function<void()> work,
                   bool run_at_start = true)
        : name_(std::move(name)), period_(period), work_(std::move(work)),
          wait_first_(!run_at_start), thread_([this] { loop(); }) {}
    ~PeriodicWorker() {
        {
            std::lock_guard guard(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    PeriodicWorker(const PeriodicWorker&) = delete;
    PeriodicWorker& operator=(const PeriodicWorker&) = delete;

private:
    void loop() {
        name_this_thread(name_);
        std::unique_lock lock(mutex_);
        if (wait_first_) {
            wake_.wait_for(lock, period_, [this] { return stopping_; });
        }
        while (!stopping_) {
            lock.unlock();
            try {
                work_();
            } catch (const std::exception& error) {
                std::clog << name_ << ": failed: " << error.what() << '\n';
            }
            lock.lock();
            wake_.wait_for(lock, period_, [this] { return stopping_; });
        }
    }

    std::string name_;
    std::chrono::milliseconds period_;
    std::function<void()> work_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool wait_first_;
    std::thread thread_; // last: starts once everything above is set
};

void run_retention(RetentionService& retention) {
    const auto deleted = retention.run_once();
    if (deleted > 0) {
        std::clog << "retention: deleted the oldest " << deleted
                  << " access log entries, recorded more than " << retention.retention_days()
                  << " days ago\n";
    }
}

// Seeding writes thousands of small batches before anyone is served: on SQLite, no fsync for
// each. Returns whether anything was seeded.
bool seed_demo(Backend& backend) {
    SqliteStorage* const sqlite = backend.sqlite();
    if (sqlite != nullptr) {
        sqlite->database.set_commits_durable(false);
    }
    const bool seeded = seed_demo_data(backend.demo_repositories());
    if (sqlite != nullptr) {
        sqlite->database.set_commits_durable(true);
    }
    return seeded;
}

std::string default_log_origin() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
        return "einblick.localhost/log";
    }
    return std::string(host) + "/einblick";
}

// The demo's folder (--demo-dir) is created when missing (owner-only, by the umask), in a
// folder that exists.
void prepare_demo_dir(const std::string& demo_dir) {
    const std::filesystem::path path(demo_dir);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        return;
    }
    if (std::filesystem::exists(path, error)) {
        throw std::runtime_error("--demo-dir '" + demo_dir + "' is not a folder");
    }
    const auto parent = std::filesystem::absolute(path).parent_path();
    if (!std::filesystem::is_directory(parent, error)) {
        throw std::runtime_error("cannot create --demo-dir '" + demo_dir + "': folder " +
                                 parent.string() + " does not exist");
    }
    if (!std::filesystem::create_directory(path, error) && error) {
        throw std::runtime_error("cannot create --demo-dir '" + demo_dir + "': " + error.message());
    }
}

// A SQLite file's folder must exist. On PostgreSQL, --demo needs --demo-dir: its key files and
// witness state lie beside a SQLite file, and a URL has no folder to put them in.
void refuse_unusable_database(const ServeConfig& config) {
    refuse_unusable_read_database(config.database_path, config.read_database);
    if (database_backend(config.database_path) == DatabaseBackend::postgresql) {
        if (config.demo && !config.demo_dir) {
            throw std::runtime_error(
                "--demo on " + shown_database(config.database_path) +
                " needs --demo-dir DIR, the folder for the demo's generated keys and witness "
                "state");
        }
    } else {
        if (config.db_pool_size) {
            // Refused rather than ignored: SQLite has one writer and a read connection per
            // concurrent reader, nothing this could size, and a setting that does nothing
            // would mislead whoever reads the configuration.
            throw std::runtime_error("--db-pool-size is for a postgresql:// database; SQLite ('" +
                                     config.database_path + "') has no connection pool");
        }
        const auto directory = std::filesystem::absolute(config.database_path).parent_path();
        if (!std::filesystem::is_directory(directory)) {
            throw std::runtime_error("cannot create database '" + config.database_path +
                                     "': folder " + directory.string() + " does not exist");
        }
    }
    if (config.demo && config.demo_dir) {
        prepare_demo_dir(*config.demo_dir);
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

    refuse_unusable_database(config);

    const std::unique_ptr<Clock> clock =
        config.demo_date ? std::unique_ptr<Clock>(std::make_unique<ShiftedClock>(*config.demo_date))
                         : std::make_unique<SystemClock>();
    BackendOptions options;
    options.database_path = config.database_path;
    if (config.db_pool_size) {
        options.pg_pool_size = static_cast<std::size_t>(*config.db_pool_size);
    }
    options.read_database = config.read_database;
    options.pseudonym_key = load_pseudonym_key(
        key_source(pseudonym_key, config.pseudonym_key_file, config, "pseudonym-key"));
    options.retention_days = config.retention_days;
    options.backdating_window_days = config.backdating_window_days;
    options.log_origin = config.log_origin.empty() ? default_log_origin() : config.log_origin;
    options.witness_keys = config.witness_keys;
    const SecretKeySource signing_key =
        key_source(checkpoint_key, config.checkpoint_key_file, config, "checkpoint-key");
    const bool signing = signing_key.environment_value || signing_key.key_file;
    // The demo's own witness: trusted like a --witness-key, started once the port is known.
    const bool demo_witness = config.demo && config.demo_witness && signing;
    const DemoWitnessFiles witness_files{demo_file(config, "demo-witness-key"),
                                         demo_file(config, "demo-witness-state")};
    if (demo_witness) {
        options.witness_keys.push_back(demo_witness_verifier_key(witness_files.key_file));
    }
    options.sign_checkpoints = signing;
    options.log_check_window = config.log_check_window;
    if (signing) {
        options.checkpoint_key = load_secret_key(checkpoint_key, signing_key);
    }
    Backend backend(options, *clock);

    const bool seeded = config.demo && seed_demo(backend);
    if (seeded) {
        std::cout << "Seeded demo data into " << shown_database(config.database_path) << '\n';
    }
    // The log is checked before anything is signed over it (a failure halts signing, raises
    // the alarm and makes /health/ready answer 503), then periodically. A check that cannot
    // read the storage is retried at the next round.
    try {
        backend.log_integrity.check();
    } catch (const std::exception& error) {
        std::cerr << "einblick: warning: the access log's integrity check could not run: "
                  << error.what() << '\n';
    }
    PeriodicWorker integrity(
        "log integrity", std::chrono::seconds(config.log_check_interval_seconds),
        [&backend] { backend.log_integrity.check(); }, false);
    PeriodicWorker retention("retention", std::chrono::hours(1),
                             [&backend] { run_retention(backend.retention); });
    // A checkpoint of the log as it is before the first request, then at least every second
    // while entries arrive (sign_current does nothing when the tree has not grown). Not once
    // the log failed its integrity check: nothing is signed over a broken log.
    std::optional<PeriodicWorker> signer;
    if (signing && !backend.checkpoints.signing_halted()) {
        backend.checkpoints.sign_current();
        signer.emplace("checkpoints", std::chrono::seconds(1), [&backend] {
            if (!backend.checkpoints.signing_halted()) {
                backend.checkpoints.sign_current();
            }
        });
    }

    HttpOptions http;
    http.web_root = config.web_root;
    http.secure_cookies = config.secure_cookies;
    http.log_requests = config.log_requests;
    http.edge = config.edge;
    fit_descriptor_limit(http.edge);
    http.trusted_proxies = TrustedProxies(config.trusted_proxies);
    http.metrics_token = config.metrics_token;
    ApiServer server(backend.services(), http);
    const int port = server.bind(config.bind_address, config.port);
    if (port < 0) {
        throw std::runtime_error("cannot listen on " + config.bind_address + ":" +
                                 std::to_string(config.port) + ": " + server.bind_error());
    }
    const std::string host = config.bind_address.find(':') != std::string::npos
                                 ? "[" + config.bind_address + "]"
                                 : config.bind_address;
    const std::string url = "http://" + host + ":" + std::to_string(port);
    if (config.demo) {
        print_demo_logins(url);
    }
    if (signing && backend.checkpoints.signing_halted()) {
        std::cerr << "einblick: warning: the access log failed its integrity check: no "
                     "checkpoint is signed (see the ALARM lines above)\n";
    } else if (signing) {
        std::cout << "log checkpoints signed as " << backend.checkpoints.verifier_key() << '\n';
    } else {
        std::cerr << "einblick: warning: the log's checkpoints are not signed: set "
                     "EINBLICK_CHECKPOINT_KEY or pass --checkpoint-key-file\n";
    }
    std::optional<DemoWitness> witness;
    if (demo_witness && !backend.checkpoints.signing_halted()) {
        // Over loopback, whatever address the server listens on.
        const std::string own = config.bind_address == "0.0.0.0" ? "127.0.0.1"
                                : config.bind_address == "::"    ? "[::1]"
                                                                 : host;
        witness.emplace(witness_files, "http://" + own + ":" + std::to_string(port),
                        backend.checkpoints.verifier_key());
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
    // Returns once the requests in flight are answered, or the shutdown grace has passed.
    const bool served = server.serve();
    finished = true;
    signal_waiter.join();
    witness.reset(); // stopped once the server is
    return served ? 0 : 1;
}

} // namespace einblick::server

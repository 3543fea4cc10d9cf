#pragma once
// Opens the database, wires the layers and serves until SIGINT or SIGTERM.

#include "einblick/server/api_server.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

struct ServeConfig {
    std::string database_path = "einblick.db"; // a SQLite file or a postgresql:// URL
    // --db-pool-size: PostgreSQL's connection pool; unset: default_pg_pool_size. Refused with
    // a SQLite file, which has no such pool.
    std::optional<int> db_pool_size;
    std::string read_database; // --read-db: a replica's postgresql:// URL, or empty
    std::string bind_address = "127.0.0.1";
    int port = 8080;
    bool demo = false;
    std::optional<UnixMillis> demo_date; // --demo-date: the demo runs as if this were now
    bool demo_witness = true; // with --demo: run the demo witness (off: --no-demo-witness)
    // --demo-dir: the folder for the demo's generated keys and witness state. Unset: beside a
    // SQLite file (`<db>.pseudonym-key`, …); a postgresql:// URL needs it.
    std::optional<std::string> demo_dir;
    std::string web_root;
    std::optional<std::string> pseudonym_key_file;
    std::optional<std::string> checkpoint_key_file;
    std::string log_origin;                // empty: "<host name>/einblick"
    std::vector<std::string> witness_keys; // --witness-key: verifier keys of trusted witnesses
    bool secure_cookies = false;
    bool log_requests = true;
    int retention_days = 730;
    int backdating_window_days = api::limits::backdating_window_days_default;
    int log_check_interval_seconds = 60; // the log integrity check, after the one at start
    int log_check_window = 1000;         // newest entries it verifies
    EdgeOptions edge;                    // workers, connection limits, timeouts, shutdown grace
    std::vector<std::string> trusted_proxies; // CIDR networks (--trusted-proxy)
    std::string metrics_token;                // --metrics-token / EINBLICK_METRICS_TOKEN
};

// Returns the process exit code: 0 after a clean shutdown.
int serve(const ServeConfig& config);

} // namespace einblick::server

#include "einblick/server/cli.hpp"

#include "copy_command.hpp"
#include "einblick/server/client_address.hpp"
#include "einblick/server/server_runtime.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/server/storage_backend.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "migrate_command.hpp"
#include "verify_command.hpp"
#include "witness_command.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string_view>

namespace einblick::server {
namespace {

// A duration given in whole seconds.
void add_seconds(CLI::App& serve, const std::string& name, std::chrono::milliseconds& target,
                 const std::string& description, int least) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(target).count();
    serve
        .add_option_function<int>(
            name, [&target](const int& value) { target = std::chrono::seconds(value); },
            description)
        ->check(CLI::Range(least, 3600))
        ->default_str(std::to_string(seconds));
}

void add_edge_options(CLI::App& serve, EdgeOptions& edge) {
    serve.add_option("--workers", edge.workers, "Threads that run requests")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    serve
        .add_option("--max-connections", edge.max_connections,
                    "Open connections at most; more are answered 503 and closed")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    serve
        .add_option("--max-connections-per-address", edge.max_connections_per_address,
                    "Open connections at most from one client address (a reverse proxy is one)")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    serve.add_option("--listen-backlog", edge.listen_backlog, "Connections the kernel queues")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str();
    serve
        .add_option("--keep-alive-requests", edge.keep_alive_max_requests,
                    "Requests per connection before it is closed")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    add_seconds(serve, "--keep-alive-timeout", edge.keep_alive_timeout,
                "Seconds a connection may wait idle for its next request", 1);
    add_seconds(serve, "--request-head-timeout", edge.request_head_timeout,
                "Seconds for a request's whole head, from its first byte (then 408)", 1);
    add_seconds(serve, "--body-timeout", edge.body_timeout,
                "Seconds for a request's whole body, after its head (then 408)", 1);
    add_seconds(serve, "--shutdown-grace", edge.shutdown_grace,
                "Seconds requests in flight get to finish after SIGTERM/SIGINT", 0);
}

void add_serve_options(CLI::App& serve, ServeConfig& config) {
    serve
        .add_option("--db", config.database_path,
                    "SQLite database file (created if missing), or a postgresql:// URL")
        ->capture_default_str();
    serve
        .add_option("--db-pool-size", config.db_pool_size,
                    "PostgreSQL only: connections the server keeps to the database at most "
                    "(default " +
                        std::to_string(default_pg_pool_size) +
                        "), besides one for its lock; refused with a SQLite file")
        ->type_name("N")
        ->check(CLI::Range(2, 1000));
    serve
        .add_option("--read-db", config.read_database,
                    "postgresql:// URL of a streaming replica of --db (PostgreSQL only): history "
                    "and statistics are read from it when it has replayed what the reader may "
                    "have seen, else from --db")
        ->type_name("URL");
    serve.add_option("--port", config.port, "TCP port; 0 picks a free one")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    serve.add_option("--bind", config.bind_address, "IP address to listen on")
        ->capture_default_str();
    serve.add_flag("--demo", config.demo,
                   "Seed demo data into an empty database and generate its keys (beside a "
                   "SQLite file as <db>.pseudonym-key, <db>.checkpoint-key, …, or in --demo-dir)");
    serve
        .add_option("--demo-dir", config.demo_dir,
                    "With --demo: folder (created if missing, its parent must exist) for the "
                    "demo's generated keys and witness state: pseudonym-key, checkpoint-key, "
                    "demo-witness-key, demo-witness-state. Needed with a postgresql:// URL; "
                    "without it they lie beside the SQLite file as <db>.pseudonym-key, …")
        ->type_name("DIR")
        ->needs("--demo");
    serve
        .add_option_function<std::string>(
            "--demo-date",
            [&config](const std::string& text) { config.demo_date = parse_rfc3339(text); },
            "Run the demo as if this instant (RFC 3339, e.g. 2026-11-30T09:00:00Z) were now: "
            "the same screens on every day, for screenshots and training")
        ->type_name("INSTANT")
        ->needs("--demo")
        ->check(CLI::Validator(
            [](const std::string& text) {
                return parse_rfc3339(text) ? std::string()
                                           : "not an RFC 3339 instant: '" + text + "'";
            },
            ""));
    serve
        .add_flag("!--no-demo-witness", config.demo_witness,
                  "With --demo: do not run the demo witness (a child `einblick witness` that "
                  "cosigns the demo log's checkpoints with the key <db>.demo-witness-key, or "
                  "demo-witness-key in --demo-dir)")
        ->needs("--demo");
    serve.add_option("--web-root", config.web_root, "Folder with the browser client")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    serve
        .add_option("--pseudonym-key-file", config.pseudonym_key_file,
                    "File with the 64-hex-digit pseudonym key (mode 0600); "
                    "EINBLICK_PSEUDONYM_KEY takes precedence")
        ->check(CLI::ExistingFile);
    serve
        .add_option("--checkpoint-key-file", config.checkpoint_key_file,
                    "File with the 64-hex-digit seed of the Ed25519 key that signs the log's "
                    "checkpoints (mode 0600); EINBLICK_CHECKPOINT_KEY takes precedence")
        ->check(CLI::ExistingFile);
    serve
        .add_option("--log-origin", config.log_origin,
                    "The log's name in its signed checkpoints (default: <host name>/einblick)")
        ->check(CLI::Validator(
            [](const std::string& origin) {
                return valid_note_key_name(origin)
                           ? std::string()
                           : "not a log origin (no spaces, no '+'): '" + origin + "'";
            },
            ""));
    serve
        .add_option("--witness-key", config.witness_keys,
                    "Verifier key (name+id+base64, as `einblick witness` prints it) of a witness "
                    "whose cosignatures of checkpoints the server accepts and serves; repeatable")
        ->check(CLI::Validator(
            [](const std::string& key) {
                return NoteVerifier::parse(key) ? std::string()
                                                : "not a witness verifier key: '" + key + "'";
            },
            ""));
    serve
        .add_option("--log-check-interval-seconds", config.log_check_interval_seconds,
                    "Seconds between integrity checks of the access log (also run at start)")
        ->check(CLI::Range(1, 86400))
        ->capture_default_str();
    serve
        .add_option("--log-check-window", config.log_check_window,
                    "Newest access log entries each integrity check verifies")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    serve.add_flag("--secure-cookies", config.secure_cookies,
                   "Served over HTTPS: mark session cookies Secure and send HSTS");
    serve
        .add_option("--retention-days", config.retention_days,
                    "Delete access log entries recorded more than this many days ago (the "
                    "oldest entries first, never one from the middle of the log)")
        ->check(CLI::Range(1, 36500))
        ->capture_default_str();
    serve
        .add_option("--backdating-window-days", config.backdating_window_days,
                    "Refuse access events whose occurred_at lies more than this many days in "
                    "the past (400, too_old)")
        ->check(CLI::Range(1, api::limits::backdating_window_days_max))
        ->capture_default_str();
    serve.add_flag("!--no-request-log", config.log_requests, "Do not log requests to stderr");
    serve
        .add_option("--metrics-token", config.metrics_token,
                    "Bearer token that opens GET /metrics to other than loopback clients")
        ->envname("EINBLICK_METRICS_TOKEN");
    add_edge_options(serve, config.edge);
    serve
        .add_option("--trusted-proxy", config.trusted_proxies,
                    "Reverse proxy (CIDR, IPv4 or IPv6; repeatable) whose X-Forwarded-For names "
                    "the client, for the login throttle")
        ->type_name("CIDR")
        ->check(CLI::Validator(
            [](const std::string& network) {
                try {
                    IpNetwork::parse(network);
                    return std::string();
                } catch (const std::invalid_argument& error) {
                    return std::string(error.what());
                }
            },
            ""));
}

} // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"Einblick: who accessed which of my data, when, why, on what legal basis",
                 "einblick"};
    app.set_version_flag("--version", std::string("einblick ") + EINBLICK_VERSION);
    app.require_subcommand(1);

    ServeConfig config;
    CLI::App* serve_command = app.add_subcommand("serve", "Serve the API and the browser client");
    add_serve_options(*serve_command, config);
    VerifyConfig verify_config;
    CLI::App* verify_command = add_verify_command(app, verify_config);
    WitnessConfig witness_config;
    CLI::App* witness_command = add_witness_command(app, witness_config);
    MigrateConfig migrate_config;
    CLI::App* migrate_command = add_migrate_command(app, migrate_config);
    CopyConfig copy_config;
    CLI::App* copy_command = add_copy_command(app, copy_config);

    if (argc > 1 && argv[1][0] != '-' && std::string_view(argv[1]) != "serve" &&
        std::string_view(argv[1]) != "verify" && std::string_view(argv[1]) != "witness" &&
        std::string_view(argv[1]) != "migrate" && std::string_view(argv[1]) != "copy") {
        std::cerr << "einblick: error: unknown command '" << argv[1]
                  << "' (available: serve, verify, witness, migrate, copy; see einblick --help)\n";
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One readable line; --help has the rest.
        std::cerr << "einblick: error: " << e.what() << " (see einblick --help)\n";
        return 2;
    }

    if (verify_command->parsed()) {
        try {
            return run_verify(verify_config);
        } catch (const std::exception& e) {
            std::cerr << "einblick: error: " << e.what() << '\n';
            return verify_unusable;
        }
    }
    if (witness_command->parsed()) {
        try {
            return run_witness(witness_config);
        } catch (const std::exception& e) {
            std::cerr << "einblick: error: " << e.what() << '\n';
            return witness_unusable;
        }
    }
    if (migrate_command->parsed()) {
        try {
            return run_migrate(migrate_config);
        } catch (const std::exception& e) {
            std::cerr << "einblick: error: " << e.what() << '\n';
            return migrate_failed;
        }
    }
    if (copy_command->parsed()) {
        try {
            return run_copy(copy_config);
        } catch (const std::exception& e) {
            std::cerr << "einblick: error: " << e.what() << '\n';
            return copy_failed;
        }
    }
    if (serve_command->count("--web-root") == 0) {
        config.web_root = EINBLICK_DEFAULT_WEB_ROOT;
        if (!std::filesystem::is_directory(config.web_root)) {
            std::cerr << "einblick: warning: browser client not built (" << config.web_root
                      << " missing); serving the API only\n";
            config.web_root.clear();
        }
    }

    try {
        return serve(config);
    } catch (const std::exception& e) {
        std::cerr << "einblick: error: " << e.what() << '\n';
        return 1;
    }
}

} // namespace einblick::server

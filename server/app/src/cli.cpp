#include "einblick/server/cli.hpp"

#include "einblick/server/client_address.hpp"
#include "einblick/server/server_runtime.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string_view>

namespace einblick::server {
namespace {

void add_serve_options(CLI::App& serve, ServeConfig& config) {
    serve.add_option("--db", config.database_path, "SQLite database file (created if missing)")
        ->capture_default_str();
    serve.add_option("--port", config.port, "TCP port; 0 picks a free one")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    serve.add_option("--bind", config.bind_address, "IP address to listen on")
        ->capture_default_str();
    serve.add_flag("--demo", config.demo,
                   "Seed demo data into an empty database and generate a pseudonym key");
    serve.add_option("--web-root", config.web_root, "Folder with the browser client")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    serve
        .add_option("--pseudonym-key-file", config.pseudonym_key_file,
                    "File with the 64-hex-digit pseudonym key (mode 0600); "
                    "EINBLICK_PSEUDONYM_KEY takes precedence")
        ->check(CLI::ExistingFile);
    serve.add_flag("--secure-cookies", config.secure_cookies,
                   "Served over HTTPS: mark session cookies Secure and send HSTS");
    serve
        .add_option("--retention-days", config.retention_days,
                    "Delete access log entries older than this many days")
        ->check(CLI::Range(1, 36500))
        ->capture_default_str();
    serve.add_flag("!--no-request-log", config.log_requests, "Do not log requests to stderr");
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

    if (argc > 1 && argv[1][0] != '-' && std::string_view(argv[1]) != "serve") {
        std::cerr << "einblick: error: unknown command '" << argv[1]
                  << "' (available: serve; see einblick --help)\n";
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

#include "verify_command.hpp"

#include "einblick/server/database_choice.hpp"
#include "einblick/server/export_verifier.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/pg/log_snapshot.hpp"
#include "einblick/server/sqlite/log_snapshot.hpp"

#include <SQLiteCpp/Exception.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace einblick::server {
namespace {

// Problems printed at most; the rest are counted.
constexpr std::int64_t printed_problems = 1000;

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

std::string read_file(const std::string& path, const std::string& what) {
    std::ifstream stream(path, std::ios::binary);
    std::stringstream content;
    content << stream.rdbuf();
    if (!stream) {
        throw std::runtime_error("cannot read " + what + " '" + path + "'");
    }
    return content.str();
}

bool is_hex_seed(const std::string& text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::string counted(std::int64_t count, const std::string& what) {
    return std::to_string(count) + " " + what + (count == 1 ? "" : "s");
}

std::string summary(const VerifyReport& report, double seconds) {
    std::ostringstream line;
    line << report.entries << (report.entries == 1 ? " entry" : " entries") << " stored of "
         << report.head_size << ", " << counted(report.nodes, "tree node") << ", "
         << counted(report.checkpoints, "checkpoint");
    if (report.newest_verified >= 0) {
        line << " (newest verified: size " << report.newest_verified << ")";
    }
    line << " checked in " << std::fixed;
    line.precision(1);
    line << seconds << " s";
    return line.str();
}

std::string summary(const ExportVerifyReport& report, double seconds) {
    std::ostringstream line;
    line << report.proved << " of " << report.entries
         << (report.entries == 1 ? " entry" : " entries") << " of the export proved in the log";
    if (report.checkpoint_size >= 0) {
        line << " at its signed checkpoint (size " << report.checkpoint_size << ")";
    }
    line << ", " << counted(report.checkpoints, "checkpoint") << " checked in " << std::fixed;
    line.precision(1);
    line << seconds << " s";
    return line.str();
}

// Prints each problem as it comes, at most printed_problems of them.
ProblemSink printing_sink(std::int64_t& shown) {
    return [&shown](const VerifyProblem& problem) {
        if (shown++ < printed_problems) {
            std::cout << problem.subject << ": " << problem.what << '\n';
        }
    };
}

// The notes, the count of problems not printed, the summary line; the exit code.
template <typename Report>
int finish(const Report& report, std::chrono::steady_clock::time_point started) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const std::string& note : report.notes) {
        std::cout << "note: " << note << '\n';
    }
    if (report.problems > printed_problems) {
        std::cout << "... and " << report.problems - printed_problems << " more problems\n";
    }
    std::cout << (report.intact() ? "intact: "
                                  : "TAMPERED: " + counted(report.problems, "problem") + "; ")
              << summary(report, seconds) << std::endl;
    return report.intact() ? verify_intact : verify_tampered;
}

nlohmann::json export_document(const std::string& path) {
    const std::string text = read_file(path, "export");
    nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        throw std::runtime_error("--export: '" + path + "' is not JSON");
    }
    return document;
}

} // namespace

CLI::App* add_verify_command(CLI::App& app, VerifyConfig& config) {
    CLI::App* verify = app.add_subcommand(
        "verify", "Check a database's access log offline (every entry, tree node and signed "
                  "checkpoint), or a citizen's JSON export (every entry's inclusion proof "
                  "against the signed checkpoint). Exit 0 intact, 1 tampering found, 2 cannot "
                  "check");
    CLI::Option* db = verify->add_option(
        "--db", config.database_path,
        "SQLite database file (opened read-only), or a postgresql:// URL (read in "
        "one read-only snapshot)");
    verify
        ->add_option("--export", config.export_path,
                     "A citizen's JSON export (einblick-export/1, with its log_proofs)")
        ->excludes(db);
    verify
        ->add_option("--key", config.key,
                     "The log's public verifier key (<origin>+<key id>+<base64 key>, as "
                     "`einblick serve` prints it), or a file holding it")
        ->required();
    verify
        ->add_option("--checkpoint", config.checkpoint_files,
                     "File with a signed checkpoint seen elsewhere (a witness's, a browser's); "
                     "the log must contain it, an export's checkpoint of its size must equal it "
                     "(repeatable)")
        ->check(CLI::ExistingFile);
    return verify;
}

NoteVerifier read_verifier_key(const std::string& given, const std::string& option) {
    std::string text = given;
    std::error_code error;
    if (!NoteVerifier::parse(given) && std::filesystem::is_regular_file(given, error)) {
        text = trimmed(read_file(given, "key file"));
    }
    if (auto key = NoteVerifier::parse(text)) {
        return *key;
    }
    if (is_hex_seed(text)) {
        throw std::runtime_error(option +
                                 ": this is the secret signing key; give the public verifier "
                                 "key instead (`einblick serve` prints it as \"log checkpoints "
                                 "signed as <key>\")");
    }
    throw std::runtime_error(option +
                             ": not a verifier key (<name>+<8 hex digits>+<base64 key>) "
                             "nor a file holding one: '" +
                             given + "'");
}

int run_verify(const VerifyConfig& config) {
    if (config.database_path.empty() == config.export_path.empty()) {
        throw std::runtime_error("give --db FILE|URL (a database) or --export FILE (a "
                                 "citizen's JSON export)");
    }
    VerifyInput input{read_verifier_key(config.key, "--key"), {}};
    for (const std::string& file : config.checkpoint_files) {
        input.known_checkpoints.push_back(read_file(file, "checkpoint file"));
    }
    const auto started = std::chrono::steady_clock::now();
    std::int64_t shown = 0;
    if (!config.export_path.empty()) {
        const nlohmann::json document = export_document(config.export_path);
        return finish(verify_export(document, input, printing_sink(shown)), started);
    }
    if (database_backend(config.database_path) == DatabaseBackend::postgresql) {
        // One connection, one repeatable-read, read-only transaction: the same checks over the
        // same moment of the log however much a running server appends meanwhile. The URL's
        // search_path (options=-csearch_path=...) names the schema; errors never carry the
        // URL's password (pg::Connection shows it without).
        pg::Pool pool(config.database_path, 1);
        PgLogSnapshot snapshot(pool);
        return finish(verify_log(snapshot, input, printing_sink(shown)), started);
    }
    SqliteLogSnapshot snapshot(config.database_path);
    return finish(verify_log(snapshot, input, printing_sink(shown)), started);
}

} // namespace einblick::server

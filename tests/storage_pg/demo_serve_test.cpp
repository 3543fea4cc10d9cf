// `einblick serve --db postgresql://… --demo` as the README's one command runs it: the real
// executable seeds the demo into an empty schema of the run's throwaway cluster, its keys and
// witness state in --demo-dir, and a citizen's browser gets the same answers as from the demo
// on a SQLite file. Both servers run the demo at the same --demo-date with the same pseudonym
// and checkpoint keys (the SQLite one gets copies of the keys the PostgreSQL one generated), so
// that the answers can be compared whole; `compare` below lists the few values allowed to
// differ, and why. Then a second start on the seeded schema leaves it as it is.
#include <cctype>
#include <child_process.hpp>
#include <csignal>
#include <cstdlib>
#include <einblick/shared/civil_time.hpp>
#include <filesystem>
#include <httplib.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <temp_dir.hpp>
#include <test_cluster.hpp>
#include <vector>

using namespace einblick::server;
using einblick::testing::Process;
using nlohmann::json;

namespace {

constexpr const char* demo_date = "2026-11-30T10:00:00Z";
constexpr const char* demo_password = "Einblick-Demo-2026";

// Reads the server's stdout up to its `listening on` line; returns the port. `seeded` tells
// whether the server said it seeded the demo before; `printed` gets the lines read.
int listening_port(Process& server, bool* seeded = nullptr, std::string* printed = nullptr) {
    for (;;) {
        const std::string line = server.wait_for_line(""); // every line
        INFO(server.stderr_text());
        REQUIRE_FALSE(line.empty());
        if (printed != nullptr) {
            *printed += line + '\n';
        }
        if (seeded != nullptr && line.starts_with("Seeded demo data into ")) {
            *seeded = true;
        }
        if (line.starts_with("listening on http://127.0.0.1:")) {
            return einblick::testing::port_of(line);
        }
    }
}

// A session of the demo login `user`, as the browser holds it.
httplib::Headers session_of(httplib::Client& client, const std::string& user) {
    const json body = {{"username", user}, {"password", demo_password}};
    const auto login = client.Post("/api/v1/session", body.dump(), "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 201);
    const std::string cookie = login->get_header_value("Set-Cookie");
    return {{"Cookie", cookie.substr(0, cookie.find(';'))}};
}

// The answer's body; a text/plain one (a checkpoint note) as a JSON string.
json answer(httplib::Client& client, const std::string& path, const httplib::Headers& headers) {
    INFO(path);
    const auto got = client.Get(path, headers);
    REQUIRE(got);
    INFO(got->body);
    REQUIRE(got->status == 200);
    if (got->get_header_value("Content-Type").starts_with("text/plain")) {
        return got->body;
    }
    return json::parse(got->body);
}

std::string percent_encoded(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out += {'%', hex[byte >> 4], hex[byte & 15]};
        }
    }
    return out;
}

// A paged list, every page (`next_cursor` followed until absent): the items and the number of
// pages. The cursors themselves are left out; each server reads only its own.
json all_pages(httplib::Client& client, const std::string& path, const httplib::Headers& headers) {
    json items = json::array();
    std::string cursor;
    int pages = 0;
    for (;;) {
        const std::string separator = path.find('?') == std::string::npos ? "?" : "&";
        const json page = answer(
            client, path + separator + "limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor),
            headers);
        ++pages;
        for (const json& item : page.at("items")) {
            items.push_back(item);
        }
        if (!page.contains("next_cursor") || page.at("next_cursor").is_null()) {
            break;
        }
        cursor = percent_encoded(page.at("next_cursor").get<std::string>());
        REQUIRE(pages < 100);
    }
    return {{"items", items}, {"pages", pages}};
}

// What may differ between the two demos, and nothing else:
// - Instants the seeding takes from the running clock: --demo-date starts the clock at that
//   instant when the process starts, and seeding starts after opening the database
//   (migrating the PostgreSQL schema takes longer), so the demo's accesses of its last minute
//   (stamped "now - 60 s" and later) differ by those milliseconds. Instants from `demo_date`
//   minus 61 s on may differ by up to 60 s; every earlier one must be equal.
// - What hashes those instants: the log's root hash, hence the checkpoint's signatures and the
//   inclusion proofs (`checkpoint`, `inclusion_proof`); the tree's size must be equal.
// - When an export was made (`created_at` of /me/export).
// - Cosignatures: each demo has a witness key of its own.
const einblick::UnixMillis clock_instants_from = *einblick::parse_rfc3339(demo_date) - 61'000;

// The checkpoint note's origin and tree size (its first two lines), without root hash and
// signatures.
std::string origin_and_size(const std::string& note) {
    const auto first = note.find('\n');
    return note.substr(0, note.find('\n', first + 1));
}

// Appends to `out` the JSON pointers (and values) at which the answers differ beyond the above.
void compare(const json& postgresql, const json& sqlite, const std::string& at,
             std::vector<std::string>& out) {
    if (postgresql.type() != sqlite.type() || postgresql.size() != sqlite.size()) {
        out.push_back(at + ": " + sqlite.dump() + " != " + postgresql.dump());
        return;
    }
    if (postgresql.is_object()) {
        for (auto item = sqlite.begin(); item != sqlite.end(); ++item) {
            const std::string& key = item.key();
            if (!postgresql.contains(key)) {
                out.push_back(at + "/" + key + ": missing on PostgreSQL");
            } else if (key == "inclusion_proof" || key == "cosignatures" ||
                       (key == "created_at" && at.empty())) {
                // legitimately different, see above
            } else if (key == "checkpoint" && item->is_string()) {
                if (origin_and_size(postgresql.at(key)) != origin_and_size(*item)) {
                    out.push_back(at + "/checkpoint: tree differs: " + item->dump() +
                                  " != " + postgresql.at(key).dump());
                }
            } else {
                compare(postgresql.at(key), *item, at + "/" + key, out);
            }
        }
    } else if (postgresql.is_array()) {
        for (std::size_t i = 0; i < sqlite.size(); ++i) {
            compare(postgresql[i], sqlite[i], at + "/" + std::to_string(i), out);
        }
    } else if (postgresql != sqlite) {
        const auto pg_instant = postgresql.is_string()
                                    ? einblick::parse_rfc3339(postgresql.get<std::string>())
                                    : std::nullopt;
        const auto sqlite_instant =
            sqlite.is_string() ? einblick::parse_rfc3339(sqlite.get<std::string>()) : std::nullopt;
        const bool clock_instants = pg_instant && sqlite_instant &&
                                    *pg_instant >= clock_instants_from &&
                                    *sqlite_instant >= clock_instants_from &&
                                    std::abs(*pg_instant - *sqlite_instant) <= 60'000;
        if (!clock_instants) {
            out.push_back(at + ": " + sqlite.dump() + " != " + postgresql.dump());
        }
    }
}

std::vector<std::string> differences(const json& postgresql, const json& sqlite) {
    std::vector<std::string> out;
    compare(postgresql, sqlite, "", out);
    return out;
}

std::string shown(const std::vector<std::string>& differences) {
    std::string text;
    for (std::size_t i = 0; i < differences.size() && i < 20; ++i) {
        text += "\n  " + differences[i].substr(0, 400);
    }
    return differences.size() > 20
               ? text + "\n  … " + std::to_string(differences.size()) + " in all"
               : text;
}

void owner_only(const std::filesystem::path& file) {
    INFO(file.string());
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

} // namespace

TEST_CASE("einblick serve --demo on PostgreSQL answers the citizen as the demo on SQLite does") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    const std::string url =
        einblick::testing::test_cluster_url() + "?options=-csearch_path%3D" + schema.name();
    const einblick::testing::TempDir temp("einblick-demo-pg");
    const std::string web_root = temp.path().string(); // no browser client: no warning
    const std::filesystem::path demo_dir = temp.path() / "pg-demo";
    const std::string sqlite_db = temp.file("demo.db");

    Process postgresql({"serve", "--demo", "--demo-date", demo_date, "--db", url, "--demo-dir",
                        demo_dir.string(), "--web-root", web_root, "--port", "0",
                        "--no-request-log"});
    bool pg_seeded = false;
    std::string pg_printed;
    httplib::Client pg_client("127.0.0.1", listening_port(postgresql, &pg_seeded, &pg_printed));
    CHECK(pg_seeded);
    // The demo's generated files lie in --demo-dir, owner-only, and its witness cosigns.
    for (const char* name : {"pseudonym-key", "checkpoint-key", "demo-witness-key"}) {
        owner_only(demo_dir / name);
    }
    CHECK(postgresql.wait_for_line("einblick witness: cosigned").size() > 0);
    CHECK(std::filesystem::exists(demo_dir / "demo-witness-state"));

    // The SQLite demo, its key files beside the database file as before, with the keys the
    // PostgreSQL demo generated.
    std::filesystem::copy_file(demo_dir / "pseudonym-key", sqlite_db + ".pseudonym-key");
    std::filesystem::copy_file(demo_dir / "checkpoint-key", sqlite_db + ".checkpoint-key");
    Process sqlite({"serve", "--demo", "--demo-date", demo_date, "--db", sqlite_db, "--web-root",
                    web_root, "--port", "0", "--no-request-log"});
    httplib::Client sqlite_client("127.0.0.1", listening_port(sqlite));

    // What a browser asks, as each demo login; every answer compared whole unless noted.
    struct Asked {
        std::string user;
        std::string path;
        bool paged = false;
    };
    const std::vector<Asked> asked{
        {"erika", "/api/v1/me/access-events", true},
        {"erika", "/api/v1/me/access-events?outcome=denied", true},
        {"erika", "/api/v1/me/access-events?agency=kfz-zulassung-leipzig", true},
        {"erika", "/api/v1/me/consents"},
        {"erika", "/api/v1/me/objections"},
        {"erika", "/api/v1/me/statistics/monthly"},
        {"erika", "/api/v1/purposes"},
        {"erika", "/api/v1/vocabulary"},
        {"max", "/api/v1/me/access-events", true},
        {"max", "/api/v1/me/consents"},
        {"max", "/api/v1/me/objections"},
        {"dsb", "/api/v1/objections"},
        {"dsb", "/api/v1/purposes"},
        {"erika", "/api/v1/me/export"},
        {"dsb", "/api/v1/statistics/agency-weekly"},
        {"dsb-kfz", "/api/v1/agencies/kfz-zulassung-leipzig/access-events", true},
        {"dsb-kfz", "/api/v1/objections"},
        {"", "/api/v1/log/checkpoint"},
    };
    std::map<std::string, std::pair<httplib::Headers, httplib::Headers>> sessions;
    std::size_t compared = 0;
    for (const Asked& a : asked) {
        CAPTURE(a.user);
        CAPTURE(a.path);
        if (!a.user.empty() && !sessions.contains(a.user)) {
            sessions[a.user] = {session_of(pg_client, a.user), session_of(sqlite_client, a.user)};
        }
        const auto& [pg_session, sqlite_session] = sessions[a.user];
        const json from_pg = a.paged ? all_pages(pg_client, a.path, pg_session)
                                     : answer(pg_client, a.path, pg_session);
        const json from_sqlite = a.paged ? all_pages(sqlite_client, a.path, sqlite_session)
                                         : answer(sqlite_client, a.path, sqlite_session);
        const std::vector<std::string> found =
            from_pg.is_string()
                ? differences({{"checkpoint", from_pg}}, {{"checkpoint", from_sqlite}})
                : differences(from_pg, from_sqlite);
        INFO("differences (SQLite != PostgreSQL):", shown(found));
        CHECK(found.empty());
        ++compared;
    }
    CHECK(compared == asked.size());
    // Inclusion proofs of Erika's newest and oldest entries: the same entries, leaf indexes and
    // tree size (the proofs' hashes differ as the roots do, see above).
    {
        const json items =
            all_pages(pg_client, "/api/v1/me/access-events", sessions["erika"].first).at("items");
        REQUIRE(items.size() > 2);
        const std::string ids =
            "/api/v1/me/access-proofs?ids=" + items.front().at("id").get<std::string>() + "," +
            items.back().at("id").get<std::string>();
        const std::vector<std::string> found =
            differences(answer(pg_client, ids, sessions["erika"].first),
                        answer(sqlite_client, ids, sessions["erika"].second));
        INFO("differences (SQLite != PostgreSQL):", shown(found));
        CHECK(found.empty());
    }
    // Erika's history is the demo's, not an empty one.
    const json history = all_pages(pg_client, "/api/v1/me/access-events", sessions["erika"].first);
    CHECK(history.at("items").size() > 200);

    sqlite.signal(SIGTERM);
    CHECK(sqlite.wait() == 0);
    postgresql.signal(SIGTERM);
    CHECK(postgresql.wait() == 0);
    // The URL's password (tests/support/pg_cluster.py sets one) is printed nowhere.
    const auto user_end = url.find(':', url.find("://") + 3);
    const std::string password = url.substr(user_end + 1, url.find('@') - user_end - 1);
    REQUIRE_FALSE(password.empty());
    CHECK((pg_printed + postgresql.all_stdout()).find(password) == std::string::npos);
    CHECK(postgresql.stderr_text().find(password) == std::string::npos);

    // A database that holds the demo already is left as it is, as a SQLite file is: no second
    // seeding, the same history.
    Process again({"serve", "--demo", "--demo-date", demo_date, "--db", url, "--demo-dir",
                   demo_dir.string(), "--web-root", web_root, "--port", "0", "--no-request-log",
                   "--no-demo-witness"});
    bool seeded_again = false;
    httplib::Client again_client("127.0.0.1", listening_port(again, &seeded_again));
    CHECK_FALSE(seeded_again);
    CHECK(all_pages(again_client, "/api/v1/me/access-events", session_of(again_client, "erika")) ==
          history);
    again.signal(SIGTERM);
    CHECK(again.wait() == 0);
}

#include <array>
#include <einblick/server/pg/durability.hpp>
#include <string_view>

namespace einblick::server::pg {

namespace {

struct Requirement {
    std::string_view setting;
    std::array<std::string_view, 2> durable_values; // an empty entry is unused
    std::string_view risk;                          // what goes wrong otherwise
};

// remote_apply waits for more than on does; local and remote_write may acknowledge a commit a
// synchronous standby has not yet flushed, so with a standby they promise less than on.
constexpr std::array requirements = {
    Requirement{"synchronous_commit",
                {"on", "remote_apply"},
                "commits are acknowledged before their WAL is flushed, so a crash loses writes "
                "Einblick has already confirmed"},
    Requirement{"fsync",
                {"on", ""},
                "the server never forces its writes to disk, so a crash or power loss can lose "
                "or corrupt committed data"},
    Requirement{
        "full_page_writes", {"on", ""}, "a page torn by a crash cannot be repaired from the WAL"},
};

bool is_durable(const Requirement& requirement, std::string_view value) {
    for (std::string_view durable : requirement.durable_values) {
        if (!durable.empty() && value == durable) {
            return true;
        }
    }
    return false;
}

std::string problem(const Requirement& requirement, std::string_view value) {
    std::string text = std::string(requirement.setting) + " is '" + std::string(value) +
                       "' but must be '" + std::string(requirement.durable_values[0]) + "'";
    if (!requirement.durable_values[1].empty()) {
        text += " (or '" + std::string(requirement.durable_values[1]) + "')";
    }
    return text + ": " + std::string(requirement.risk) + ". Set it in postgresql.conf and " +
           "remove any ALTER SYSTEM, ALTER ROLE or ALTER DATABASE setting or connection " +
           "option that overrides it.";
}

} // namespace

std::vector<std::string> durability_problems(Connection& connection) {
    std::vector<std::string> problems;
    for (const Requirement& requirement : requirements) {
        // current_setting gives this session's value: what this connection's commits obey.
        const Result result =
            connection.execute("SELECT current_setting($1)", {std::string(requirement.setting)});
        const std::string value = result.text(0, 0);
        if (!is_durable(requirement, value)) {
            problems.push_back(problem(requirement, value));
        }
    }
    return problems;
}

void require_durable_settings(Connection& connection) {
    const std::vector<std::string> problems = durability_problems(connection);
    if (problems.empty()) {
        return;
    }
    std::string message = "PostgreSQL's settings would lose acknowledged writes in a crash:";
    for (const std::string& problem : problems) {
        message += "\n  - " + problem;
    }
    throw Error(message);
}

} // namespace einblick::server::pg

#include <einblick/server/pg/error.hpp>
#include <utility>

namespace einblick::server::pg {

Error::Error(const std::string& message, std::string sqlstate)
    : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}

} // namespace einblick::server::pg

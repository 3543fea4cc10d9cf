#include <einblick/server/pg/error.hpp>
#include <string_view>
#include <utility>

namespace einblick::server::pg {

Error::Error(const std::string& message, std::string sqlstate)
    : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}

bool Error::is_unavailable() const noexcept {
    const std::string_view code = sqlstate_;
    const std::string_view error_class = code.substr(0, 2);
    return is_connection_failure() || error_class == "53" || error_class == "58" ||
           code == "57P01" || code == "57P02" || code == "57P03" || code == "25006";
}

} // namespace einblick::server::pg

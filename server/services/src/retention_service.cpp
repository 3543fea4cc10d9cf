#include "einblick/server/retention_service.hpp"

#include <stdexcept>

namespace einblick::server {

RetentionService::RetentionService(AccessLogRepository& log, const Clock& clock, int retention_days)
    : log_(log), clock_(clock), retention_days_(retention_days) {
    if (retention_days < 1) {
        throw std::invalid_argument("the retention period must be at least one day");
    }
}

std::int64_t RetentionService::run_once() {
    const UnixMillis now = clock_.now();
    const UnixMillis cutoff = now - static_cast<UnixMillis>(retention_days_) * 86'400'000;
    return log_.delete_recorded_before(
        cutoff,
        {now, ActorRole::System, std::nullopt, "retention.deleted", "retention_run", {}, "{}"});
}

} // namespace einblick::server

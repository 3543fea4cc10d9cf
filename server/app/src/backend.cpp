#include "einblick/server/backend.hpp"

#include "einblick/server/crypto.hpp"

namespace einblick::server {
namespace {

NoteSigner checkpoint_signer(const BackendOptions& options) {
    return NoteSigner(options.log_origin, options.checkpoint_key.empty()
                                              ? random_bytes(Ed25519Keys::seed_size)
                                              : options.checkpoint_key);
}

} // namespace

Backend::Backend(const BackendOptions& options, const Clock& clock_)
    : clock(clock_), database(options.database_path),
      pseudonymizer(options.pseudonym_key, options.pseudonym_sector),
      auth(login_provider, accounts, sessions, agencies, clock_, options.sessions,
           options.throttle),
      retention(log, clock_, options.retention_days),
      checkpoints(log, checkpoint_store, checkpoint_signer(options), clock_) {}

ServiceContext Backend::services() {
    return {database,          auth,    access, purpose_service, consent_service,
            objection_service, exports, audit,  statistics,      supervision};
}

DemoRepositories Backend::demo_repositories() {
    return {agencies, accounts, purposes, log, consents, objections, auth, pseudonymizer, clock};
}

} // namespace einblick::server

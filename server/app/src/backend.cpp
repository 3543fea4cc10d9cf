#include "einblick/server/backend.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/sqlite_storage.hpp"

#include <iostream>
#include <stdexcept>

namespace einblick::server {
namespace {

NoteSigner checkpoint_signer(const BackendOptions& options) {
    return NoteSigner(options.log_origin, options.checkpoint_key.empty()
                                              ? random_bytes(Ed25519Keys::seed_size)
                                              : options.checkpoint_key);
}

// Throws std::invalid_argument naming the first malformed key.
std::vector<NoteVerifier> witness_verifiers(const BackendOptions& options) {
    std::vector<NoteVerifier> witnesses;
    for (const std::string& text : options.witness_keys) {
        auto verifier = NoteVerifier::parse(text);
        if (!verifier) {
            throw std::invalid_argument("not a witness verifier key (name+id+base64): " + text);
        }
        witnesses.push_back(std::move(*verifier));
    }
    return witnesses;
}

LogIntegrityOptions integrity_options(const BackendOptions& options,
                                      const CheckpointService& checkpoints) {
    LogIntegrityOptions integrity;
    integrity.window = options.log_check_window;
    if (options.sign_checkpoints) {
        integrity.key = NoteVerifier::parse(checkpoints.verifier_key());
    }
    return integrity;
}

LogIntegrityService::AlarmSink alarm_sink(const BackendOptions& options) {
    if (options.log_alarm) {
        return options.log_alarm;
    }
    return [](const std::string& line) { std::cerr << "einblick: " << line << std::endl; };
}

} // namespace

Backend::Backend(const BackendOptions& options, const Clock& clock_)
    : Backend(open_storage(options.database_path, options.pg_pool_size, options.read_database),
              options, clock_) {}

Backend::Backend(std::unique_ptr<StorageBackend> storage_, const BackendOptions& options,
                 const Clock& clock_)
    : owned_storage_(std::move(storage_)), clock(clock_), storage(owned_storage_->storage()),
      pseudonymizer(options.pseudonym_key, options.pseudonym_sector),
      auth(login_provider, storage.accounts, storage.sessions, agencies, clock_, options.sessions,
           options.throttle),
      access(storage.log, purposes, storage.consents, objections, pseudonymizer, clock_,
             options.backdating_window_days),
      checkpoints(storage.log, storage.checkpoints, checkpoint_signer(options), clock_,
                  witness_verifiers(options)),
      log_proofs(storage.log, checkpoints, options.sign_checkpoints),
      retention(storage.log, clock_, options.retention_days),
      log_integrity(storage.log_window, storage.log, checkpoints, storage.audit_log, clock_,
                    integrity_options(options, checkpoints), alarm_sink(options)) {}

ServiceContext Backend::services() {
    return {storage.health, auth,  access,     purpose_service, consent_service, objection_service,
            exports,        audit, statistics, supervision,     log_proofs,      log_integrity};
}

DemoRepositories Backend::demo_repositories() {
    return {agencies, storage.accounts, purposes, storage.log, storage.consents, objections,
            auth,     pseudonymizer,    clock};
}

SqliteStorage* Backend::sqlite() {
    return dynamic_cast<SqliteStorage*>(owned_storage_.get());
}

} // namespace einblick::server

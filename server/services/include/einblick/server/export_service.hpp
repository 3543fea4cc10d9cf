#pragma once
// The citizen's copy of everything about them (GDPR Art. 15, 20): access log, consents with
// their history, objections; as JSON (complete, with the API's codes) or as CSV for German
// spreadsheets (German words, Berlin time, ";"), which spreadsheets cannot execute. The JSON
// carries the inclusion proof of every log entry against one signed checkpoint, with the key
// that signed it, so that the citizen (or anyone they give it to) can verify it offline.

#include "einblick/server/access_service.hpp"
#include "einblick/server/consent_service.hpp"
#include "einblick/server/log_proof_service.hpp"
#include "einblick/server/objection_service.hpp"

#include <string>

namespace einblick::server {

struct ExportSubject {
    std::string username;
    std::string display_name;
    std::string pseudonym;
};

class ExportService {
public:
    ExportService(AccessService& access, ConsentService& consents, ObjectionService& objections,
                  LogProofService& log_proofs, const Clock& clock);

    std::string as_json(const ExportSubject& subject);
    std::string as_csv(const ExportSubject& subject);

    // Quotes a CSV field (RFC 4180) and defuses formulas: a cell that a spreadsheet would
    // evaluate (starting with = + - @ tab or carriage return) gets a leading apostrophe.
    static std::string csv_field(const std::string& value);

    // "2026-11-30T14:05:00+01:00": Europe/Berlin wall-clock time with its offset, to the
    // second, as people read it in the export (the JSON keeps UTC).
    static std::string berlin_time(UnixMillis instant);

private:
    std::vector<api::AccessEvent> all_events(const std::string& pseudonym);

    AccessService& access_;
    ConsentService& consents_;
    ObjectionService& objections_;
    LogProofService& log_proofs_;
    const Clock& clock_;
};

} // namespace einblick::server

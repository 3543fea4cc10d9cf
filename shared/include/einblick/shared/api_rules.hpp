#pragma once
// The rules of the HTTP API (/api/v1) that server, client and docs/openapi.yaml share: text and
// list limits, ranges, page sizes, and the enumerations with their wire texts. Each number and
// each wire text is written here and nowhere else. The server validates with these constants,
// the client's form checks and hints use the same constants, messages that state a limit are
// formatted from them (catalogues hold "{}" for the number), tests/client/rules_agreement_test
// checks that client and server accept and refuse at the same values, and
// tests/api/api_rules.mjs compares every one with what docs/openapi.yaml documents.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace einblick::api {

namespace limits {
// Text limits count characters (Unicode code points, utf8_length), as JSON Schema's maxLength;
// every limited text must also be non-blank.

// Objections (Art. 21): the citizen's reason, the DPO's decision and extension reasons.
inline constexpr std::size_t objection_reason_max = 4000;
// A pending objection's deadline can be extended once, by this many months (Art. 12(3)).
inline constexpr int objection_extension_months_min = 1;
inline constexpr int objection_extension_months_max = 2;

// Purposes (the registry of processing activities, Art. 30).
inline constexpr std::size_t purpose_name_max = 200;
inline constexpr std::size_t purpose_description_max = 2000;
inline constexpr std::size_t purpose_legal_basis_max = 500;
inline constexpr std::size_t purpose_recipients_max = 20; // entries
inline constexpr std::size_t purpose_recipient_max = 200; // characters of each entry
inline constexpr int purpose_retention_days_min = 1;
inline constexpr int purpose_retention_days_max = 3650;
// A DPO's reason for approving or rejecting a version, and the reason for retiring a purpose.
inline constexpr std::size_t purpose_decision_reason_max = 2000;

// Access checks and access events (agencies).
inline constexpr std::size_t access_data_categories_max = 20;
inline constexpr std::size_t access_text_max = 200; // official, correlation_id
inline constexpr std::size_t access_batch_max = 1000;
inline constexpr std::size_t idempotency_key_max = 200; // the Idempotency-Key header
// How far an access event's occurred_at may lie ahead of the server's clock.
inline constexpr int access_future_minutes_max = 5;
// How far an access event's occurred_at may lie behind the server's clock, unless the server
// is started with another window (`serve --backdating-window-days`): older is refused (400,
// rule `too_old`), because retention counts from the time of recording.
inline constexpr int backdating_window_days_default = 7;
inline constexpr int backdating_window_days_max = 365;
// An entry recorded more than this after its occurred_at is "reported late" (nachträglich
// gemeldet) and marked so for the citizen; less is ordinary transmission delay (an agency's
// nightly batch, a weekend).
inline constexpr int access_late_after_hours = 24;

// Pages.
inline constexpr int history_page_size_default = 50; // GET /api/v1/me/access-events
inline constexpr int history_page_size_max = 200;
inline constexpr int audit_page_size_default = 100; // GET /api/v1/audit
inline constexpr int audit_page_size_max = 500;
// Entries whose inclusion proofs one request asks for (GET /api/v1/me/access-proofs): a whole
// history page at most.
inline constexpr std::size_t log_proof_ids_max = history_page_size_max;

// Consents: the expiry lies at most this many years ahead, counted as years of 366 days (leap
// days included: that many calendar years never exceed it). Server and client check the days.
inline constexpr int consent_duration_years_max = 5;
inline constexpr int consent_duration_days_max = consent_duration_years_max * 366;

// Agency API keys.
inline constexpr std::size_t api_key_label_max = 100;

// The citizen's monthly statistics: this many months, the current one last.
inline constexpr int monthly_statistics_months = 24;
} // namespace limits

// [SECTION] Enumerations. Each has a WireTexts specialisation below: its texts in the order of
// its values; to_text and from_text are the only way between the two. The server also stores
// these texts in its database, and kind and outcome enter the access log's hash chain: add
// values, never rename one (that would take a migration and break old rows' hashes).

enum class Role { Citizen, Dpo, Agency }; // who is signed in (SessionInfo.role)
// Who did something, in the audit trail: a signed-in role, or the server itself.
enum class ActorRole { Citizen, Dpo, Agency, System };

enum class ObjectionStatus { Pending, Upheld, Rejected };
// A DPO's decision on an objection; on the wire the status it leads to ("outcome").
enum class ObjectionDecision { Uphold, Reject };
enum class PurposeStatus { Proposed, Approved, Rejected, Superseded, Retired };
enum class PurposeDecision { Approve, Reject };
enum class ConsentState { Given, Withdrawn, Expired };

enum class AccessKind { Check, Access }; // an access check, or an access itself
enum class AccessOutcome { Allowed, Denied };
enum class AccessDecision { Allow, Deny }; // the answer to an access check
// Why a check allowed or denied (labels for people: vocabulary access_decision_reasons()).
enum class AccessReason {
    Allowed,
    PurposeUnknown,
    PurposeNotApproved,
    PurposeOtherAgency,
    RegisterNotCovered,
    CategoryNotCovered,
    ConsentMissing,
    ObjectionUpheld,
    RestrictedPendingObjection,
    InternalError,
};

enum class ExportFormat { Json, Csv };

// The DPO's queue filter: an ObjectionStatus, or this for every objection.
inline constexpr std::string_view objection_status_all = "all";

template <typename E> struct WireTexts;

template <> struct WireTexts<Role> {
    static constexpr std::array<std::string_view, 3> texts{"citizen", "dpo", "agency"};
};
template <> struct WireTexts<ActorRole> {
    static constexpr std::array<std::string_view, 4> texts{"citizen", "dpo", "agency", "system"};
};
template <> struct WireTexts<ObjectionStatus> {
    static constexpr std::array<std::string_view, 3> texts{"pending", "upheld", "rejected"};
};
template <> struct WireTexts<ObjectionDecision> {
    static constexpr std::array<std::string_view, 2> texts{"upheld", "rejected"};
};
template <> struct WireTexts<PurposeStatus> {
    static constexpr std::array<std::string_view, 5> texts{"proposed", "approved", "rejected",
                                                           "superseded", "retired"};
};
template <> struct WireTexts<PurposeDecision> {
    static constexpr std::array<std::string_view, 2> texts{"approve", "reject"};
};
template <> struct WireTexts<ConsentState> {
    static constexpr std::array<std::string_view, 3> texts{"given", "withdrawn", "expired"};
};
template <> struct WireTexts<AccessKind> {
    static constexpr std::array<std::string_view, 2> texts{"check", "access"};
};
template <> struct WireTexts<AccessOutcome> {
    static constexpr std::array<std::string_view, 2> texts{"allowed", "denied"};
};
template <> struct WireTexts<AccessDecision> {
    static constexpr std::array<std::string_view, 2> texts{"allow", "deny"};
};
template <> struct WireTexts<AccessReason> {
    static constexpr std::array<std::string_view, 10> texts{"allowed",
                                                            "purpose_unknown",
                                                            "purpose_not_approved",
                                                            "purpose_other_agency",
                                                            "register_not_covered",
                                                            "category_not_covered",
                                                            "consent_missing",
                                                            "objection_upheld",
                                                            "restricted_pending_objection",
                                                            "internal_error"};
};
template <> struct WireTexts<ExportFormat> {
    static constexpr std::array<std::string_view, 2> texts{"json", "csv"};
};

template <typename E>
concept WireEnum = requires {
    WireTexts<E>::texts;
};

// The wire text of a value: to_text(ObjectionStatus::Pending) == "pending".
template <WireEnum E> constexpr std::string_view to_text(E value) {
    return WireTexts<E>::texts[static_cast<std::size_t>(value)];
}

// The value of a wire text, nullopt for any other text: from_text<ConsentState>("given").
template <WireEnum E> constexpr std::optional<E> from_text(std::string_view text) {
    for (std::size_t i = 0; i < WireTexts<E>::texts.size(); ++i) {
        if (WireTexts<E>::texts[i] == text) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

// Every wire text of an enumeration, in the order of its values (for enum lists and messages).
template <WireEnum E> constexpr std::span<const std::string_view> wire_texts() {
    return WireTexts<E>::texts;
}

} // namespace einblick::api

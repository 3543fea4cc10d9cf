#pragma once
// A Transport that records requests and answers only when the test says so, like a network
// whose replies arrive between frames.

#include "einblick/client/transport.hpp"
#include "einblick/shared/api_rules.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client::testing {

class FakeTransport final : public Transport {
public:
    struct Pending {
        HttpRequest request;
        Completion done;
    };

    void send(HttpRequest request, Completion done) override {
        pending_.push_back({std::move(request), std::move(done)});
    }

    std::size_t pending() const { return pending_.size(); }
    const HttpRequest& request(std::size_t index = 0) const { return pending_.at(index).request; }

    // Answers the oldest open request.
    void respond(int status, std::string body, std::string content_type = "application/json") {
        if (pending_.empty()) {
            throw std::logic_error("no request to answer");
        }
        Pending next = std::move(pending_.front());
        pending_.erase(pending_.begin());
        next.done(HttpResponse{status, std::move(content_type), std::move(body)});
    }

    void fail_network() { respond(0, "", ""); }

    // The index of the oldest open request whose path starts with `prefix` (and whose method
    // matches, if given); throws when there is none.
    std::size_t find(const std::string& prefix, const std::string& method = "") const {
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            const HttpRequest& r = pending_[i].request;
            if (r.path.compare(0, prefix.size(), prefix) == 0 &&
                (method.empty() || r.method == method)) {
                return i;
            }
        }
        throw std::logic_error("no open request for " + method + " " + prefix);
    }
    bool has(const std::string& prefix, const std::string& method = "") const {
        for (const Pending& p : pending_) {
            if (p.request.path.compare(0, prefix.size(), prefix) == 0 &&
                (method.empty() || p.request.method == method)) {
                return true;
            }
        }
        return false;
    }
    const HttpRequest& request_to(const std::string& prefix, const std::string& method = "") const {
        return pending_.at(find(prefix, method)).request;
    }

    // Answers the oldest open request to a path starting with `prefix`.
    void respond_to(const std::string& prefix, int status, std::string body,
                    std::string content_type = "application/json") {
        respond_at(find(prefix), status, std::move(body), std::move(content_type));
    }
    void respond_to(const std::string& method, const std::string& prefix, int status,
                    std::string body) {
        respond_at(find(prefix, method), status, std::move(body), "application/json");
    }

    // Answers every open request with a network failure.
    void fail_all() {
        while (!pending_.empty()) {
            fail_network();
        }
    }

    void respond_at(std::size_t index, int status, std::string body, std::string content_type) {
        Pending next = std::move(pending_.at(index));
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(index));
        next.done(HttpResponse{status, std::move(content_type), std::move(body)});
    }

private:
    std::vector<Pending> pending_;
};

// Canned bodies in the shapes the server sends. The JSON is written out literally, wire texts
// included ("status":"approved", "role"): these bodies pin the wire format the client reads.
// Where a status is a parameter, callers name the enumeration's value and the body carries
// its to_text, whose texts tests/shared/api_rules_test.cpp pins.
inline std::string session_json(const std::string& role = "citizen") {
    return R"({"username":"erika","display_name":"Erika Mustermann","role":")" + role + R"("})";
}

inline std::string problem_json(int status, const std::string& title, const std::string& detail) {
    return R"({"type":"about:blank","title":")" + title + R"(","status":)" +
           std::to_string(status) + R"(,"detail":")" + detail + R"("})";
}

inline std::string event_json(const std::string& id, const std::string& occurred_at) {
    return R"({"id":")" + id + R"(","occurred_at":")" + occurred_at +
           R"(","agency":{"code":"BA","name":"Bundesagentur für Arbeit"},)"
           R"("purpose":"Prüfung des Anspruchs auf Arbeitslosengeld",)"
           R"("legal_basis":"§ 67a SGB X","data_categories":["address","income"]})";
}

inline std::string items_json(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ",") + item;
    }
    return R"({"items":[)" + out + "]}";
}

inline std::string consent_json(int id, einblick::api::ConsentState state,
                                const std::string& expires_at,
                                const std::string& purpose = "Elterngeld: Einkommensnachweis") {
    return R"({"id":)" + std::to_string(id) + R"(,"purpose":{"id":9,"version":1,"name":")" +
           purpose +
           R"("},"agency":{"code":"elterngeld","name":"Elterngeldstelle Leipzig"},"state":")" +
           std::string(to_text(state)) +
           R"(","granted_at":"2026-01-10T09:00:00.000Z","expires_at":")" + expires_at + R"("})";
}

inline std::string
objection_json(int id,
               einblick::api::ObjectionStatus status = einblick::api::ObjectionStatus::Pending,
               int revision = 1, const std::string& due_at = "2026-12-28T22:59:59.999Z",
               bool overdue = false) {
    std::string out =
        R"({"id":)" + std::to_string(id) + R"(,"reference":"W-2026-0000)" +
        std::to_string(10 + id) +
        R"(","purpose":{"id":6,"name":"Zulassung"},"agency":{"code":"kfz","name":"Kfz-Zulassungsbehörde Leipzig"},)"
        R"("event_id":42,"reason":"Ich verstehe den Abruf nicht.","restriction_requested":true,"status":")" +
        std::string(to_text(status)) +
        R"(","received_at":"2026-11-28T10:00:00.000Z","original_due_at":")" + due_at +
        R"(","due_at":")" + due_at + R"(","overdue":)" + (overdue ? "true" : "false") +
        R"(,"revision":)" + std::to_string(revision) +
        R"(,"remedies":"Beschwerde bei der Aufsichtsbehörde (Art. 77 DSGVO).")";
    if (status != einblick::api::ObjectionStatus::Pending) {
        out += R"(,"decided_at":"2026-12-01T10:00:00.000Z","decision_reason":"Begründet.")";
    }
    return out + "}";
}

inline std::string version_json(int version, einblick::api::PurposeStatus status,
                                const std::string& gdpr_basis,
                                const std::string& name = "Zulassung eines Fahrzeugs") {
    return R"({"id":)" + std::to_string(100 + version) + R"(,"version":)" +
           std::to_string(version) + R"(,"status":")" + std::string(to_text(status)) +
           R"(","name":")" + name +
           R"(","description":"Prüfung der Zulassung.","legal_basis":"§ 6 FZV","gdpr_basis":")" +
           gdpr_basis +
           R"(","data_categories":["address"],"source_registers":["melderegister"],"recipients":[],)"
           R"("retention_days":365,"proposed_at":"2026-01-01T00:00:00.000Z"})";
}

// A purpose with an approved version 1 and optionally a proposed version 2.
inline std::string purpose_json(int id, const std::string& gdpr_basis = "A6-1-e",
                                bool proposal = false) {
    const std::string v1 = version_json(1, einblick::api::PurposeStatus::Approved, gdpr_basis);
    std::string versions = v1;
    if (proposal) {
        versions += "," + version_json(2, einblick::api::PurposeStatus::Proposed, gdpr_basis,
                                       "Zulassung (neu)");
    }
    return R"({"id":)" + std::to_string(id) +
           R"(,"agency":{"code":"kfz","name":"Kfz-Zulassungsbehörde Leipzig"},"status":"approved","in_force":)" +
           v1 + R"(,"versions":[)" + versions + "]}";
}

inline std::string validation_json(const std::vector<std::pair<std::string, std::string>>& errors) {
    std::string list;
    for (const auto& [field, detail] : errors) {
        list += (list.empty() ? "" : ",") + std::string(R"({"field":")") + field +
                R"(","rule":"required","detail":")" + detail + R"("})";
    }
    return R"({"type":"urn:einblick:problem:validation","title":"Ungültige Anfrage","status":400,)"
           R"("detail":"Die Anfrage enthält ungültige Angaben.","errors":[)" +
           list + "]}";
}

inline std::string page_json(const std::vector<std::string>& events,
                             const std::string& cursor = "") {
    std::string items;
    for (const auto& event : events) {
        items += (items.empty() ? "" : ",") + event;
    }
    std::string out = R"({"items":[)" + items + "]";
    if (!cursor.empty()) {
        out += R"(,"next_cursor":")" + cursor + R"(")";
    }
    return out + "}";
}

} // namespace einblick::client::testing

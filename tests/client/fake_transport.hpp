#pragma once
// A Transport that records requests and answers only when the test says so, like a network
// whose replies arrive between frames.

#include "einblick/client/transport.hpp"

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

private:
    std::vector<Pending> pending_;
};

// Canned bodies in the shapes the server sends.
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

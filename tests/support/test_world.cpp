#include "test_world.hpp"

#include <algorithm>
#include <vector>

namespace einblick::testing {

const std::string TestWorld::password = "pw-test-world";

TestWorld::TestWorld() {
    x = t.add_agency("kfz-x", "Kfz-Zulassungsbehörde X");
    y = t.add_agency("polizei-y", "Polizeidirektion Y");
    key_x = t.add_api_key(x);
    key_y = t.add_api_key(y);
    const auto audit = Actor::system().audit(t.clock.now(), "api_key.created", "api_key");
    spare_key_x = t.backend->auth.create_api_key(x.id, "Ersatz", audit).record.id;
    key_y_id = t.backend->auth.create_api_key(y.id, "Y", audit).record.id;

    id_a = valid_citizen_id("4567890123");
    id_b = valid_citizen_id("5678901234");
    citizen_a = t.add_citizen("citizen-a", password, id_a);
    citizen_b = t.add_citizen("citizen-b", password, id_b);
    t.add_dpo("dpo-x", password, x.id);
    t.add_dpo("dpo-y", password, y.id);
    t.add_dpo("dpo-all", password);
    t.add_agency_staff("staff-x", password, x.id);

    px = t.approved_purpose(x, sample_purpose("Zulassung X"));
    py = t.approved_purpose(y, sample_purpose("Halterabfrage Y"));
    py2 = t.approved_purpose(y, sample_purpose("Abgleich Y"));
    pcx = t.approved_purpose(x, sample_purpose("Anschrift statt Nachweis X", "A6-1-a"));
    pcy = t.approved_purpose(y, sample_purpose("Einwilligung Y", "A6-1-a"));
    qx =
        t.backend->purpose_service.propose(Actor::agency_key(x.id), sample_purpose("Entwurf X")).id;
    add_rights();
    log_size = t.backend->checkpoints.sign_current().size;

    vars_ = {{"$LS", std::to_string(log_size)},
             {"$IDA", id_a},
             {"$PW", password},
             {"$PX", std::to_string(px)},
             {"$PY2", std::to_string(py2)},
             {"$PY", std::to_string(py)},
             {"$PCX", std::to_string(pcx)},
             {"$PCY", std::to_string(pcy)},
             {"$QX", std::to_string(qx)},
             {"$EA", event_a},
             {"$EB", event_b},
             {"$CA", std::to_string(consent_a)},
             {"$OA", std::to_string(objection_a)},
             {"$OB", std::to_string(objection_b)},
             {"$KX", std::to_string(spare_key_x)},
             {"$KY", std::to_string(key_y_id)}};
}

void TestWorld::add_rights() {
    event_a = record_event(id_a);
    event_b = record_event(id_b);
    consent_a = t.backend->consent_service
                    .grant(Actor::citizen(citizen_a), t.pseudonym(id_a), pcx, test_now + 180 * day)
                    .id;
    ObjectionRequest against_event;
    against_event.event_id = std::stoll(event_a);
    against_event.reason = "Warum wurde meine Anschrift abgerufen?";
    objection_a = t.backend->objection_service
                      .file(Actor::citizen(citizen_a), t.pseudonym(id_a), against_event)
                      .id;
    ObjectionRequest against_purpose;
    against_purpose.purpose_id = py;
    against_purpose.reason = "Ich widerspreche der Halterabfrage.";
    objection_b = t.backend->objection_service
                      .file(Actor::citizen(citizen_b), t.pseudonym(id_b), against_purpose)
                      .id;
}

std::string TestWorld::record_event(const std::string& citizen_id) {
    AccessRequest request;
    request.citizen_id = citizen_id;
    request.purpose_id = px;
    request.register_code = "melderegister";
    request.data_categories = {"address"};
    return t.backend->access.record(x, request, {}).event.id;
}

std::string TestWorld::expand(std::string text) const {
    std::vector<std::pair<std::string, std::string>> ordered(vars_.begin(), vars_.end());
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [name, value] : ordered) {
        for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
            text.replace(at, name.size(), value);
            at += value.size();
        }
    }
    return text;
}

httplib::Headers TestWorld::credentials(Caller caller) {
    auto session = [&](const char* username) {
        const LoginResult login = t.backend->auth.login(username, password, "127.0.0.1");
        return httplib::Headers{{"Cookie", "einblick_session=" + login.session_token}};
    };
    switch (caller) {
    case Anon:
        return {};
    case CitA:
        return session("citizen-a");
    case CitB:
        return session("citizen-b");
    case DpoX:
        return session("dpo-x");
    case DpoY:
        return session("dpo-y");
    case DpoAll:
        return session("dpo-all");
    case KeyX:
        return {{"Authorization", "Bearer " + key_x}};
    case KeyY:
        return {{"Authorization", "Bearer " + key_y}};
    case StaffX:
        return session("staff-x");
    case caller_count:
        break;
    }
    return {};
}

httplib::Result send(httplib::Client& client, const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::string& body) {
    if (method == "GET") {
        return client.Get(path.c_str(), headers);
    }
    if (method == "DELETE") {
        return client.Delete(path.c_str(), headers);
    }
    return client.Post(path.c_str(), headers, body, "application/json");
}

} // namespace einblick::testing

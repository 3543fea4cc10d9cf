#include "einblick/server/demo_data.hpp"

#include "demo_catalog.hpp"
#include "einblick/server/access_service.hpp"
#include "einblick/server/consent_service.hpp"
#include "einblick/server/objection_service.hpp"
#include "einblick/server/purpose_service.hpp"
#include "einblick/shared/citizen_id.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <random>

namespace einblick::server {
namespace {

constexpr UnixMillis day_ms = 86'400'000;
constexpr UnixMillis hour_ms = 3'600'000;

std::string make_citizen_id(std::string_view first_ten) {
    return std::string(first_ten) + std::to_string(*citizen_id_check_digit(first_ten));
}

std::string random_citizen_id(std::mt19937& rng) {
    std::uniform_int_distribution<int> first(1, 9);
    std::uniform_int_distribution<int> digit(0, 9);
    std::string ten(1, static_cast<char>('0' + first(rng)));
    while (ten.size() < 10) {
        ten.push_back(static_cast<char>('0' + digit(rng)));
    }
    return make_citizen_id(ten);
}

std::string demo_api_key(const std::string& agency_code) {
    return "ebk_demo_" + agency_code;
}

api::PurposeContent content_of(const demo::PurposeEntry& p) {
    return {p.name,       p.description, p.legal_basis, p.gdpr_basis,
            p.categories, p.registers,   p.recipients,  p.retention_days};
}

// Everything the demo does, in time order: accesses are gathered and stored in batches
// between the state changes (consents, objections) that the access checks depend on.
class Timeline {
public:
    Timeline(const DemoRepositories& repos, UnixMillis now)
        : now_(now), clock_(now), purposes_(repos.purposes, clock_),
          access_(repos.log, repos.purposes, repos.consents, repos.objections, repos.pseudonymizer,
                  clock_),
          consents_(repos.consents, repos.purposes, repos.pseudonymizer, clock_),
          objections_(repos.objections, repos.purposes, access_, clock_),
          pseudonymizer_(repos.pseudonymizer) {}

    UnixMillis at(int days_ago, int hour_utc = 9, int minute = 0) const {
        const UnixMillis midnight = now_ - now_ % day_ms;
        const UnixMillis t = midnight - days_ago * day_ms + hour_utc * hour_ms + minute * 60'000;
        return std::min(t, now_ - 60'000);
    }

    // An access that happened at `when`, reported by its agency at `reported` (a few days later
    // for a late report, within the backdating window) or else the same day (flush).
    void access(UnixMillis when, const AgencyRecord& agency, AccessRequest request,
                std::optional<UnixMillis> reported = std::nullopt) {
        request.occurred_at = when;
        const UnixMillis recorded = std::max(when, reported.value_or(when));
        actions_.push_back({recorded, [this, recorded, agency, request] {
                                pending_.push_back({recorded, agency, request});
                            }});
    }
    void action(UnixMillis when, std::function<void()> act) {
        actions_.push_back({when, [this, when, act = std::move(act)] {
                                flush(when);
                                clock_.set(when);
                                act();
                            }});
    }
    void run() {
        std::stable_sort(actions_.begin(), actions_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [when, act] : actions_) {
            latest_ = std::max(latest_, when);
            act();
        }
        flush(latest_);
        clock_.set(now_);
    }

    PurposeService& purposes() { return purposes_; }
    AccessService& accesses() { return access_; }
    ConsentService& consents() { return consents_; }
    ObjectionService& objections() { return objections_; }
    ManualClock& clock() { return clock_; }
    std::string pseudonym(const std::string& id) const { return pseudonymizer_.pseudonym(id); }

private:
    // Records the pending accesses, in order of their recording time, as agencies do: each
    // agency's accesses of one day (UTC) in batches at its end (or at `until`, the next state
    // change), so none is recorded a day or more after it happened unless it was reported late
    // on purpose. Recording times grow with the sequence, as in production. (A batch per
    // agency and day, not per access: the seeding's durable commits are what take its time.)
    void flush(UnixMillis until) {
        std::size_t first = 0;
        while (first < pending_.size()) {
            const UnixMillis start = pending_[first].recorded;
            const UnixMillis end = std::min(until, start - start % day_ms + day_ms - 1);
            std::map<RowId, std::pair<AgencyRecord, std::vector<AccessRequest>>> by_agency;
            std::size_t last = first;
            for (; last < pending_.size() && pending_[last].recorded <= end; ++last) {
                auto& batch = by_agency[pending_[last].agency.id];
                batch.first = pending_[last].agency;
                batch.second.push_back(pending_[last].request);
            }
            clock_.set(std::max(end, start));
            for (auto& [id, batch] : by_agency) {
                for (std::size_t at = 0; at < batch.second.size();
                     at += api::limits::access_batch_max) {
                    const std::size_t stop =
                        std::min(batch.second.size(), at + api::limits::access_batch_max);
                    access_.record_batch(batch.first,
                                         std::span(batch.second.data() + at, stop - at), {});
                }
            }
            first = last;
        }
        pending_.clear();
    }

    struct Pending {
        UnixMillis recorded;
        AgencyRecord agency;
        AccessRequest request;
    };

    UnixMillis now_;
    UnixMillis latest_ = 0;
    ManualClock clock_;
    PurposeService purposes_;
    AccessService access_;
    ConsentService consents_;
    ObjectionService objections_;
    const Pseudonymizer& pseudonymizer_;
    std::vector<std::pair<UnixMillis, std::function<void()>>> actions_;
    std::vector<Pending> pending_; // in order of recording
};

struct World {
    std::map<std::string, AgencyRecord> agencies;
    std::map<std::string, RowId> purposes; // key -> id
    RowId dsb = 0;
};

RowId propose_and_decide(Timeline& t, const World& w, const demo::PurposeEntry& entry,
                         UnixMillis proposed, std::optional<UnixMillis> decided, bool approve,
                         const std::string& reason) {
    const AgencyRecord& agency = w.agencies.at(entry.agency);
    t.clock().set(proposed);
    const RowId id = t.purposes().propose(Actor::agency_key(agency.id), content_of(entry)).id;
    if (decided) {
        t.clock().set(*decided);
        t.purposes().decide(Actor::dpo(w.dsb, std::nullopt), id, 1,
                            approve ? PurposeDecision::Approve : PurposeDecision::Reject, reason);
    }
    return id;
}

void register_purposes(Timeline& t, World& w) {
    const std::string ok = "Rechtsgrundlage und Umfang geprüft; erforderlich und verhältnismäßig.";
    for (const auto& entry : demo::purposes()) {
        w.purposes[entry.key] = propose_and_decide(t, w, entry, t.at(760), t.at(758), true, ok);
    }
    // A purpose in every other state.
    const RowId retired =
        propose_and_decide(t, w, demo::retired_purpose(), t.at(760), t.at(758), true, ok);
    t.clock().set(t.at(400));
    t.purposes().retire(
        Actor::agency_key(w.agencies.at("kfz-zulassung-leipzig").id), retired,
        "Ersetzt durch die Online-Zulassung; Papieranträge werden nicht mehr erfasst.");
    propose_and_decide(t, w, demo::rejected_purpose(), t.at(300), t.at(290), false,
                       "Ein anlassloser Abgleich aller Meldedaten ist nicht erforderlich und "
                       "unverhältnismäßig (Art. 5 Abs. 1 lit. c DSGVO).");
    propose_and_decide(t, w, demo::proposed_purpose(), t.at(10), std::nullopt, false, "");
    // A change: version 2 replaces version 1, which stays visible as superseded.
    const RowId elstam = w.purposes.at("elstam");
    t.clock().set(t.at(200));
    t.purposes().revise(Actor::agency_key(w.agencies.at("bzst").id), elstam,
                        content_of(demo::revised_purpose_v2()));
    t.clock().set(t.at(195));
    t.purposes().decide(Actor::dpo(w.dsb, std::nullopt), elstam, 2, PurposeDecision::Approve,
                        "Erweiterung um Beschäftigungsdaten ist durch § 39e EStG gedeckt.");
}

AccessRequest request_for(const World& w, const std::string& citizen_id,
                          const demo::AccessTemplate& what, std::mt19937& rng) {
    std::uniform_int_distribution<int> staff(100, 999);
    AccessRequest r;
    r.citizen_id = citizen_id;
    r.purpose_id = w.purposes.at(what.purpose);
    r.register_code = what.register_code;
    r.data_categories = what.categories;
    r.official = "SB-" + std::to_string(staff(rng));
    r.correlation_id = "AZ-" + std::to_string(staff(rng)) + "-" + std::to_string(staff(rng));
    return r;
}

const AgencyRecord& agency_of(const World& w, const std::string& purpose_key) {
    for (const auto& p : demo::purposes()) {
        if (p.key == purpose_key) {
            return w.agencies.at(p.agency);
        }
    }
    return w.agencies.begin()->second;
}

void plan_accesses(Timeline& t, const World& w, const std::string& citizen, int routine_count,
                   bool life_events, std::mt19937& rng) {
    std::uniform_int_distribution<int> minute(0, 59);
    std::uniform_int_distribution<int> office_hour(6, 15);
    std::uniform_int_distribution<int> day(1, 725);
    if (life_events) {
        for (const auto& e : demo::family_life_events()) {
            const std::optional<UnixMillis> reported =
                e.reported_days_later > 0
                    ? std::optional(t.at(e.days_ago - e.reported_days_later, 10))
                    : std::nullopt;
            t.access(t.at(e.days_ago, e.hour_utc, minute(rng)), agency_of(w, e.what.purpose),
                     request_for(w, citizen, e.what, rng), reported);
        }
    }
    const auto routine = demo::routine_accesses();
    std::uniform_int_distribution<std::size_t> which(0, routine.size() - 1);
    for (int i = 0; i < routine_count; ++i) {
        const auto& what = routine[which(rng)];
        t.access(t.at(day(rng), office_hour(rng), minute(rng)), agency_of(w, what.purpose),
                 request_for(w, citizen, what, rng));
    }
}

// Consents, objections and a few denied checks for the family.
void plan_family_rights(Timeline& t, const World& w, const std::string& erika_id, RowId erika,
                        RowId max, const std::string& max_id, std::mt19937& rng) {
    const std::string erika_p = t.pseudonym(erika_id);
    const std::string max_p = t.pseudonym(max_id);
    const Actor dsb = Actor::dpo(w.dsb, std::nullopt);
    t.action(t.at(373, 8), [&t, &w, erika, erika_p] {
        t.consents().grant(Actor::citizen(erika), erika_p,
                           w.purposes.at("anschrift-wiederverwendung"),
                           t.clock().now() + 730 * day_ms);
    });
    t.action(t.at(166, 10), [&t, &w, erika, erika_p] {
        t.consents().grant(Actor::citizen(erika), erika_p, w.purposes.at("elterngeld"),
                           t.clock().now() + 365 * day_ms);
    });
    t.action(t.at(100, 17), [&t, erika, erika_p] {
        const auto list = t.consents().list(erika_p);
        const auto given = std::find_if(list.begin(), list.end(), [](const auto& c) {
            return c.state == ConsentState::Given &&
                   c.purpose_name.find("Elterngeld") != std::string::npos;
        });
        t.consents().withdraw(Actor::citizen(erika), erika_p, given->id);
    });
    // Objections: decided (rejected), overdue, pending with restriction; Max's upheld one.
    t.action(t.at(200, 19), [&t, &w, erika, erika_p] {
        t.objections().file(
            Actor::citizen(erika), erika_p,
            {std::nullopt, w.purposes.at("rundfunkbeitrag"),
             "Ich wohne mit meinem Mann zusammen; wir zahlen den Beitrag bereits einmal.", false});
    });
    t.action(t.at(180, 9), [&t, dsb, erika_p] {
        const auto mine = t.objections().list_mine(erika_p).front();
        t.objections().decide(dsb, mine.id, mine.revision, ObjectionDecision::Reject,
                              "Der Abgleich dient der Feststellung der Beitragspflicht je Wohnung "
                              "(§ 11 RBStV); eine doppelte Zahlung entsteht dadurch nicht.");
    });
    t.action(t.at(45, 20), [&t, &w, erika, erika_p] {
        t.objections().file(Actor::citizen(erika), erika_p,
                            {std::nullopt, w.purposes.at("mikrozensus"),
                             "Wir wurden bereits vor drei Jahren befragt und möchten nicht erneut "
                             "ausgewählt werden.",
                             false});
    });
    t.action(t.at(29, 18), [&t, &w, erika, erika_p] {
        HistoryQuery q;
        q.limit = 1;
        q.filter.purpose_id = w.purposes.at("melderegister-abgleich");
        const auto event = t.accesses().history(erika_p, q).items.at(0);
        t.objections().file(
            Actor::citizen(erika), erika_p,
            {std::stoll(event.id), std::nullopt,
             "Mir ist kein Anlass bekannt, warum die Polizei nachts meine Meldedaten "
             "abgerufen hat. Bitte schränken Sie die Verarbeitung bis zur Klärung ein.",
             true});
    });
    t.action(t.at(120, 12), [&t, &w, max, max_p] {
        t.objections().file(
            Actor::citizen(max), max_p,
            {std::nullopt, w.purposes.at("bevoelkerungsstatistik"),
             "Ich bin Berufsgeheimnisträger; meine Anschrift ist melderechtlich gesperrt.", false});
    });
    t.action(t.at(100, 9), [&t, dsb, max_p] {
        const auto mine = t.objections().list_mine(max_p).front();
        t.objections().decide(
            dsb, mine.id, mine.revision, ObjectionDecision::Uphold,
            "Wegen der Auskunftssperre überwiegen Ihre schutzwürdigen Interessen; "
            "Ihre Daten werden für diese Statistik nicht mehr verwendet.");
    });
    // Checks that were denied, so that "abgelehnt" shows in the history.
    const auto check = [&t, &w, &rng](UnixMillis when, const std::string& who,
                                      demo::AccessTemplate what) {
        AccessRequest request = request_for(w, who, what, rng);
        const AgencyRecord agency = agency_of(w, what.purpose);
        t.action(when, [&t, agency, request] { t.accesses().check(agency, request, false, {}); });
    };
    check(t.at(60, 10), erika_id, {"elterngeld", "steuerdaten", {"income"}});
    check(t.at(20, 11), erika_id,
          {"halterabfrage", "fahrzeugregister", {"vehicle", "criminal_record"}});
    check(t.at(12, 23), erika_id, {"melderegister-abgleich", "melderegister", {"address"}});
    check(t.at(50, 9), max_id, {"bevoelkerungsstatistik", "statistikregister", {"address"}});
    check(t.at(3, 14), erika_id, {"anschrift-wiederverwendung", "melderegister", {"address"}});
}

// Other citizens' objections fill the DPO queue: some overdue, one extended, some decided.
void plan_other_objections(Timeline& t, const World& w, const std::vector<std::string>& ids) {
    const std::vector<std::string> keys{
        "mikrozensus",   "rundfunkbeitrag",        "bevoelkerungsstatistik",
        "halterabfrage", "melderegister-abgleich", "kontenklaerung"};
    for (std::size_t i = 0; i < 14 && i < ids.size(); ++i) {
        const int filed = 70 - static_cast<int>(i) * 5;
        const std::string pseudonym = t.pseudonym(ids[i]);
        const RowId purpose = w.purposes.at(keys[i % keys.size()]);
        t.action(t.at(filed, 10), [&t, pseudonym, purpose] {
            // These citizens have no login here; their objections arrived by letter.
            t.objections().file(
                Actor::anonymous(), pseudonym,
                {std::nullopt, purpose,
                 "Ich widerspreche der Verarbeitung aus Gründen, die sich aus meiner "
                 "besonderen Situation ergeben.",
                 false});
        });
        if (i == 2) {
            t.action(t.at(filed - 25, 10), [&t, &w, pseudonym] {
                const auto o = t.objections().list_mine(pseudonym).front();
                t.objections().extend(Actor::dpo(w.dsb, std::nullopt), o.id, o.revision, 2,
                                      "Die Stellungnahme der abrufenden Stelle steht noch aus.");
            });
        }
        if (i % 4 == 3) {
            t.action(t.at(filed - 10, 14), [&t, &w, pseudonym] {
                const auto o = t.objections().list_mine(pseudonym).front();
                t.objections().decide(
                    Actor::dpo(w.dsb, std::nullopt), o.id, o.revision, ObjectionDecision::Reject,
                    "Zwingende schutzwürdige Gründe für die Verarbeitung liegen vor.");
            });
        }
    }
}

// Something for the DPO's "unusual access volume" view: this week the police query the vehicle
// register about ten times as often as in a usual week.
void plan_unusual_burst(Timeline& t, const World& w, const std::vector<std::string>& ids,
                        std::mt19937& rng) {
    std::uniform_int_distribution<std::size_t> who(0, ids.size() - 1);
    std::uniform_int_distribution<int> day(0, 5);
    std::uniform_int_distribution<int> hour(0, 23);
    std::uniform_int_distribution<int> minute(0, 59);
    const demo::AccessTemplate what{"halterabfrage", "fahrzeugregister", {"vehicle", "identity"}};
    for (int i = 0; i < 90; ++i) {
        t.access(t.at(day(rng), hour(rng), minute(rng)), agency_of(w, what.purpose),
                 request_for(w, ids[who(rng)], what, rng));
    }
}

} // namespace

std::vector<DemoLogin> demo_logins() {
    return {
        {"citizen", demo_citizen_username, demo_citizen_password},
        {"citizen", "max", demo_citizen_password},
        {"dpo (all agencies)", "dsb", demo_citizen_password},
        {"dpo (Kfz-Zulassungsbehörde)", "dsb-kfz", demo_citizen_password},
        {"agency staff (Kfz-Zulassungsbehörde)", "kfz", demo_citizen_password},
        {"agency API key (Kfz-Zulassungsbehörde)", "Bearer", demo_api_key("kfz-zulassung-leipzig")},
    };
}

bool seed_demo_data(const DemoRepositories& repos, const DemoOptions& options) {
    if (repos.agencies.find_by_code(demo::agencies().front().code)) {
        return false;
    }
    const UnixMillis now = repos.clock.now();
    World w;
    for (const auto& agency : demo::agencies()) {
        const RowId id = repos.agencies.create(agency.code, agency.name);
        w.agencies[agency.code] = {id, agency.code, agency.name};
        repos.auth.install_api_key(id, demo_api_key(agency.code), "Demo-Schlüssel");
    }
    const std::string erika_id = make_citizen_id("4567890123");
    const std::string max_id = make_citizen_id("5678901234");
    const std::string hash = hash_password(demo_citizen_password, options.password_hashing);
    const RowId kfz = w.agencies.at("kfz-zulassung-leipzig").id;
    const RowId erika = repos.accounts.create({demo_citizen_username,
                                               hash,
                                               "Erika Mustermann",
                                               AccountRole::Citizen,
                                               repos.pseudonymizer.pseudonym(erika_id),
                                               {}},
                                              now);
    const RowId max = repos.accounts.create({"max",
                                             hash,
                                             "Max Mustermann",
                                             AccountRole::Citizen,
                                             repos.pseudonymizer.pseudonym(max_id),
                                             {}},
                                            now);
    w.dsb = repos.accounts.create(
        {"dsb", hash, "Dana Schulze (Datenschutzbeauftragte)", AccountRole::Dpo, {}, {}}, now);
    repos.accounts.create(
        {"dsb-kfz", hash, "Karl Vogt (DSB Kfz-Zulassung)", AccountRole::Dpo, {}, kfz}, now);
    repos.accounts.create({"kfz", hash, "Sachgebiet Zulassung", AccountRole::Agency, {}, kfz}, now);

    Timeline t(repos, now);
    register_purposes(t, w);
    std::mt19937 rng(20261128); // fixed seed: the same demo on every machine
    plan_accesses(t, w, erika_id, 270, true, rng);
    plan_accesses(t, w, max_id, 60, false, rng);
    std::vector<std::string> others;
    std::uniform_int_distribution<int> events(1, 5);
    for (int c = 0; c < options.other_citizens; ++c) {
        others.push_back(random_citizen_id(rng));
        plan_accesses(t, w, others.back(), events(rng), false, rng);
    }
    plan_family_rights(t, w, erika_id, erika, max, max_id, rng);
    plan_other_objections(t, w, others);
    if (!others.empty()) {
        plan_unusual_burst(t, w, others, rng);
    }
    t.run();
    return true;
}

} // namespace einblick::server

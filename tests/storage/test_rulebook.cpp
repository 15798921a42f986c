// Storage keeps no rule of its own: it stores what the core's rulebook
// allows, lists what the core says is due, and keeps each review's policy.
#include <doctest/doctest.h>


#include <filesystem>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;
namespace fs = std::filesystem;

namespace {

fw::Date d(const char* s) { return *fw::Date::parse(s); }

// A failing (below 74) 2016 first review of another team, final on 2026-04-17.
fw::Review failing_2016(const char* team, bool conditions_met) {
    fw::Review r = st::example();
    r.policy_id = "nc-2016";
    r.program.team = team;
    r.review.type = fw::ReviewType::initial;
    r.contests.clear();
    r.amendments.clear();
    r.action_plan.clear();
    int drop = 30;  // 97 -> 67
    for (auto& rt : r.ratings)
        while (drop > 0 && *rt.score > 1) {
            rt.score = *rt.score - 1;
            --drop;
        }
    if (conditions_met)
        r.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"integration_evidenced", true, {}},
                                          {"career_profile_percent", {}, 90.0}};
    return r;
}

// A copy of the installed data folder, to edit a policy file in.
struct DataCopy {
    st::TempDir dir;
    std::string data = dir.file("share");
    DataCopy() { fs::copy(FIDELITY_BUILD_DATA_DIR, data, fs::copy_options::recursive); }
    std::string policy(const char* id) const { return data + "/scales/policies/" + id + ".toml"; }
};

}  // namespace

TEST_CASE("rulebook: import refuses what the reader refuses, naming the place") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    fw::Review r = st::example();
    r.contests[0].decision = fw::Decision::pending;
    r.contests[0].decided_score.reset();
    r.contests[0].decided_on.reset();
    try {
        db.import_review(r, st::catalog(), "pending.json");
        FAIL("stored");
    } catch (const fw::InputError& e) {
        CHECK(e.lines().front() ==
              "pending.json: /contests/0/decision: the final report (2026-04-17) needs every contest decided, upheld or "
              "denied; this one is pending");
    }
    CHECK(db.reviews().empty());
    CHECK(db.programs().empty());
}

TEST_CASE("rulebook: the due list holds the 2016 follow-up deadline and the 2020 condition") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    auto met = db.import_review(failing_2016("Kannapolis IPS Team", true), cat);
    auto unconfirmed = db.import_review(failing_2016("Salisbury IPS Team", false), cat);
    fw::Review r2020 = failing_2016("Albemarle IPS Team", false);
    r2020.policy_id = "nc-2020";
    auto approved = db.import_review(r2020, cat);

    fw::storage::ReviewFilter f;
    f.due_from = d("2026-10-01");
    f.due_within_days = 13;  // up to 2026-10-14, the follow-up's last day
    auto rows = db.reviews(f);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == met);
    REQUIRE(rows[0].due);
    CHECK(rows[0].due->kind == fw::DueKind::follow_up);
    CHECK(rows[0].due->by.iso() == "2026-10-14");
    f.due_within_days = 12;
    CHECK(db.reviews(f).empty());
    f.due_within_days = 16;  // 2026-10-17: the 2020 team's six months
    rows = db.reviews(f);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].id == approved);
    CHECK(rows[1].next_review_condition == "if approved");
    CHECK(rows[1].due->condition == "if approved");
    // Not eligible until the conditions are recorded: nothing is due.
    CHECK(db.review_row(unconfirmed).due == std::nullopt);
    db.update_review(unconfirmed, [](fw::Review& r) {
        r.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"integration_evidenced", true, {}},
                                          {"career_profile_percent", {}, 80.0}};
    }, cat);
    CHECK(db.review_row(unconfirmed).due->by.iso() == "2026-10-14");
}

TEST_CASE("rulebook: the review an implementation-plan meeting calls for is due (2016)") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    auto id = db.add_program({"Rowan Agency", "Rowan IPS Team", "Partners", "Rowan", d("2016-02-01")});
    CHECK_THROWS_AS(db.set_implementation_plan(id, fw::ImplementationPlan{d("2016-08-15"), "nc-2020"}, cat),
                    fw::InputError);  // the 2020 edition has no such rule
    db.set_implementation_plan(id, fw::ImplementationPlan{d("2016-08-15"), "nc-2016"}, cat);
    auto p = db.program(id);
    REQUIRE(p.implementation_plan_due);
    CHECK(p.implementation_plan_due->by.iso() == "2016-11-15");
    fw::storage::ProgramFilter f;
    f.due_from = d("2016-11-01");
    f.due_within_days = 14;
    CHECK(db.programs(f).size() == 1);
    f.due_within_days = 13;
    CHECK(db.programs(f).empty());
    // The audit names it; a review after the meeting ends it.
    auto log = db.program_audit(id);
    CHECK(log.back().what == "implementation plan");
    CHECK(log.back().new_value == "meeting 2016-08-15 (nc-2016)");
    fw::Review r = st::scoring_example();
    r.policy_id = "nc-2016";
    r.program.agency = "Rowan Agency";
    r.program.team = "Rowan IPS Team";
    r.review.visit_start = d("2016-11-10");
    r.review.visit_end = d("2016-11-11");
    auto rid = db.create_review(id, r, cat);
    CHECK_FALSE(db.program(id).implementation_plan_due);
    f.due_within_days = 100;
    CHECK(db.programs(f).empty());
    // The review carries the program's meeting.
    CHECK(db.load_review(rid).program.implementation_plan->meeting.iso() == "2016-08-15");
}

TEST_CASE("rulebook: an issued final report keeps the policy it was issued under") {
    DataCopy copy;
    st::TempDir dir;
    std::string path = st::db_location(dir);
    std::int64_t final_id = 0, open_id = 0;
    {
        fw::Catalog cat(copy.data);
        auto db = Database::open(path, "Tester");
        final_id = db.import_review(st::example(), cat);
        fw::Review open = st::scoring_example();
        open.program.team = "Other Team";
        open_id = db.import_review(open, cat);
        CHECK(db.policy_notice(final_id, cat).empty());
    }
    // The administrator edits the policy: Fair is now 9 to 15 months.
    std::string text = st::read_bytes(copy.policy("nc-2020"));
    const std::string from = "next_review = { earliest_months = 6, latest_months = 12 }";
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "next_review = { earliest_months = 9, latest_months = 15 }");
    st::write_bytes(copy.policy("nc-2020"), text);

    fw::Catalog cat(copy.data);
    auto db = Database::open(path, "Tester");
    const fw::Policy& kept = db.policy_of(final_id, cat);
    CHECK(kept.fingerprint != cat.policy("nc-2020").fingerprint);
    auto s = fw::summarize(db.load_review(final_id), db.scale_of(final_id, cat), kept);
    CHECK(s.next_review->earliest.iso() == "2026-10-17");  // six months, as issued
    CHECK(db.policy_notice(final_id, cat).find("keeps the rules it was issued under") != std::string::npos);
    // An amendment after the final report is checked and summarized with the same rules.
    db.update_review(final_id, [](fw::Review& r, const fw::Scale& sc, const fw::Policy&) {
        std::string e = "Roster recounted.";
        fw::set_item_text(r, sc, "staffing.1", &e, nullptr, fw::Edit{"Ana", d("2026-05-01"), "Recount"});
    }, cat);
    CHECK(db.review_row(final_id).next_review_earliest->iso() == "2026-10-17");
    // A review still being scored follows the file as it is now, and says so.
    CHECK(db.policy_of(open_id, cat).fingerprint == cat.policy("nc-2020").fingerprint);
    CHECK(db.policy_notice(open_id, cat).find("now follows the new file") != std::string::npos);
    db.update_review(open_id, [](fw::Review& r) { r.rating("staffing.1")->evidence = "x"; }, cat);
    CHECK(db.policy_notice(open_id, cat).empty());
}

TEST_CASE("rulebook: a program's corrections reach the reviews the rulebook lets follow it") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    auto final_id = db.import_review(st::example(), cat);
    fw::Review open = st::scoring_example();
    open.review.visit_start = d("2026-09-01");
    open.review.visit_end = d("2026-09-02");
    auto open_id = db.import_review(open, cat);
    auto program = db.review_row(final_id).program_id;
    REQUIRE(db.review_row(open_id).program_id == program);
    db.update_program(program, {"Piedmont Behavioral Health", "Concord IPS", "Cardinal Innovations", "Cabarrus", {}});
    CHECK(db.load_review(final_id).program.team == "Concord IPS Team");  // the final report keeps its name
    CHECK(db.load_review(open_id).program.team == "Concord IPS");
}

TEST_CASE("rulebook: warnings among the program's reviews (a second initial review)") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    fw::Review first = st::example();
    first.review.type = fw::ReviewType::initial;
    auto a = db.import_review(first, cat);
    CHECK(db.warnings_of(a, cat).empty());
    fw::Review second = st::scoring_example();
    second.review.type = fw::ReviewType::initial;
    second.review.visit_start = d("2026-10-20");
    second.review.visit_end = d("2026-10-21");
    auto b = db.import_review(second, cat);
    auto w = db.warnings_of(b, cat);
    REQUIRE(w.size() == 1);
    CHECK(w[0].code == "second-initial-review");
    CHECK(w[0].message.find("visit of 2026-03-02") != std::string::npos);
}


#include <doctest/doctest.h>

#include "core/lifecycle.hpp"
#include "support.hpp"

using namespace fw;
using test::day;

namespace {

const Scale& ips() { return test::ips().scale("ips-se-25"); }
const Policy& nc2020() { return test::ips().policy("nc-2020"); }

Edit by_ana(std::string reason = "") { return Edit{"Ana Ruiz", day("2026-03-25"), std::move(reason)}; }

Contest contest(const std::string& item, const char* on = "2026-03-27", std::string doc = "Sign-in sheets") {
    Contest c;
    c.item = item;
    c.submitted = day(on);
    c.documentation = std::move(doc);
    c.requested_score = 4;
    return c;
}

Review drafted() {
    Review r = test::review_with_total(ips(), 90);
    issue_draft(r, ips(), day("2026-03-20"));
    return r;
}

}  // namespace

TEST_CASE("scoring: consensus and independent scores change freely") {
    Review r = test::review_with_total(ips(), 90);
    r.rating("staffing.1")->score.reset();
    CHECK(set_consensus_score(r, ips(), "staffing.1", 4, by_ana()));
    CHECK(r.consensus("staffing.1") == 4);
    CHECK_FALSE(set_consensus_score(r, ips(), "staffing.1", 4, by_ana()));  // no change
    CHECK(set_reviewer_score(r, ips(), "staffing.1", "Ben Okafor", 3));
    CHECK(r.rating("staffing.1")->score_by("Ben Okafor") == 3);
    CHECK(r.amendments.empty());
    CHECK_THROWS_AS(set_consensus_score(r, ips(), "staffing.1", 6, by_ana()), RuleError);
    CHECK_THROWS_AS(set_consensus_score(r, ips(), "staffing.1", 0, by_ana()), RuleError);
    CHECK_THROWS_AS(set_consensus_score(r, ips(), "staffing.9", 3, by_ana()), RuleError);
    CHECK_THROWS_AS(set_reviewer_score(r, ips(), "staffing.1", "Somebody Else", 3), RuleError);
}

TEST_CASE("issuing the draft needs every item scored") {
    Review r = test::review_with_total(ips(), 90);
    r.rating("services.14")->score.reset();
    CHECK(why_not_issue_draft(r, ips()).find("1 unscored, starting with services.14") != std::string::npos);
    CHECK_THROWS_AS(issue_draft(r, ips(), day("2026-03-20")), RuleError);
    r.rating("services.14")->score = 3;
    CHECK_THROWS_AS(issue_draft(r, ips(), day("2026-03-01")), RuleError);  // before the visit ended
    issue_draft(r, ips(), day("2026-03-20"));
    CHECK(stage_of(r) == Stage::draft_issued);
    CHECK_THROWS_AS(issue_draft(r, ips(), day("2026-03-21")), RuleError);  // once
}

TEST_CASE("after the draft: score changes are amendments with a reason") {
    Review r = drafted();
    CHECK_THROWS_WITH_AS(set_consensus_score(r, ips(), "staffing.1", 2, by_ana()),
                         doctest::Contains("needs a reason"), RuleError);
    CHECK(r.amendments.empty());
    int before = *r.consensus("staffing.1");
    CHECK(set_consensus_score(r, ips(), "staffing.1", 2, by_ana("Roster recount")));
    REQUIRE(r.amendments.size() == 1);
    CHECK(r.amendments[0].from == before);
    CHECK(r.amendments[0].to == 2);
    CHECK(r.amendments[0].reason == "Roster recount");
    CHECK(r.amendments[0].by == "Ana Ruiz");
    CHECK_THROWS_AS(set_consensus_score(r, ips(), "staffing.1", std::nullopt, by_ana("x")), RuleError);
    CHECK_THROWS_AS(set_reviewer_score(r, ips(), "staffing.1", "Ben Okafor", 3), RuleError);
    // Evidence can still be corrected before the final report.
    std::string ev = "More evidence";
    CHECK(set_item_text(r, ips(), "staffing.1", &ev, nullptr, by_ana()));
}

TEST_CASE("contests: J309 allows three, each item once, scored items only, after the draft") {
    Review r = test::review_with_total(ips(), 90);
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), contest("staffing.1")),
                         doctest::Contains("draft report"), RuleError);
    issue_draft(r, ips(), day("2026-03-20"));
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), contest("staffing.1", "2026-03-19")),
                         doctest::Contains("before the draft report"), RuleError);
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), contest("staffing.1", "2026-03-27", " ")),
                         doctest::Contains("supporting documentation"), RuleError);
    submit_contest(r, ips(), nc2020(), contest("staffing.1", "2026-03-20"));  // the draft's own day is fine
    CHECK(stage_of(r) == Stage::contest_period);
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), contest("staffing.1")), doctest::Contains("already contested"),
                         RuleError);
    submit_contest(r, ips(), nc2020(), contest("staffing.2"));
    submit_contest(r, ips(), nc2020(), contest("staffing.3"));
    CHECK(r.contests.size() == 3);
    // The fourth contest.
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), contest("services.1")), doctest::Contains("at most 3"),
                         RuleError);
    CHECK(r.contests.size() == 3);
    CHECK_FALSE(why_not_submit_contest(r, ips(), nc2020(), "").empty());
    // Withdrawing a pending contest frees its place.
    withdraw_contest(r, "staffing.3");
    CHECK(why_not_submit_contest(r, ips(), nc2020(), "services.1").empty());
}

TEST_CASE("contests: an unscored item cannot be contested") {
    Review r = drafted();
    r.rating("services.14")->score.reset();  // as if a file had lost it
    CHECK(why_not_submit_contest(r, ips(), nc2020(), "services.14").find("no consensus score") != std::string::npos);
    CHECK(why_not_submit_contest(r, ips(), nc2020(), "services.99").find("not an item") != std::string::npos);
}

TEST_CASE("decisions and the final report") {
    Review r = drafted();
    submit_contest(r, ips(), nc2020(), contest("staffing.1"));
    CHECK_THROWS_WITH_AS(issue_final(r, day("2026-04-17")), doctest::Contains("1 contest is still pending"), RuleError);
    CHECK_THROWS_WITH_AS(decide_contest(r, nc2020(), "staffing.1", Decision::upheld, std::nullopt, day("2026-04-10"), "ok"),
                         doctest::Contains("needs the decided score"), RuleError);
    CHECK_THROWS_WITH_AS(decide_contest(r, nc2020(), "staffing.1", Decision::upheld, 4, day("2026-03-26"), "ok"),
                         doctest::Contains("before the contest was submitted"), RuleError);
    CHECK_THROWS_WITH_AS(decide_contest(r, nc2020(), "staffing.1", Decision::denied, std::nullopt, day("2026-04-10"), ""),
                         doctest::Contains("rationale"), RuleError);
    CHECK_THROWS_AS(decide_contest(r, nc2020(), "staffing.2", Decision::denied, std::nullopt, day("2026-04-10"), "x"), RuleError);
    // A contested item's score changes through the decision, not by hand.
    CHECK_THROWS_WITH_AS(set_consensus_score(r, ips(), "staffing.1", 1, by_ana("why")), doctest::Contains("contested"),
                         RuleError);
    decide_contest(r, nc2020(), "staffing.1", Decision::upheld, 4, day("2026-04-10"), "Sheets show it");
    CHECK(final_score(r, "staffing.1") == 4);
    CHECK_THROWS_WITH_AS(withdraw_contest(r, "staffing.1"), doctest::Contains("decided"), RuleError);
    CHECK_THROWS_WITH_AS(issue_final(r, day("2026-04-09")), doctest::Contains("before the decision"), RuleError);
    CHECK_THROWS_WITH_AS(issue_final(r, day("2026-03-19")), doctest::Contains("before the draft report"), RuleError);
    issue_final(r, day("2026-04-17"));
    CHECK(stage_of(r) == Stage::final);
    // An amendment cannot silently fail to change an upheld contest's score.
    CHECK_THROWS_WITH_AS(set_consensus_score(r, ips(), "staffing.1", 1, by_ana("Recount")),
                         doctest::Contains("set by its upheld contest"), RuleError);
    CHECK_THROWS_AS(issue_final(r, day("2026-04-18")), RuleError);
    CHECK_THROWS_AS(submit_contest(r, ips(), nc2020(), contest("staffing.2")), RuleError);
    CHECK_THROWS_AS(decide_contest(r, nc2020(), "staffing.1", Decision::denied, std::nullopt, day("2026-04-20"), "x"), RuleError);
}

TEST_CASE("the final report is locked: changes are amendments on record") {
    Review r = drafted();
    issue_final(r, day("2026-04-17"));  // no contests: straight from draft to final
    CHECK_THROWS_WITH_AS(set_consensus_score(r, ips(), "services.1", 1, by_ana()), doctest::Contains("final report"),
                         RuleError);
    std::string ev = "Changed";
    CHECK_THROWS_AS(set_item_text(r, ips(), "services.1", &ev, nullptr, by_ana()), RuleError);
    CHECK(r.amendments.empty());
    CHECK(set_consensus_score(r, ips(), "services.1", 1, by_ana("Data entry error found by the LME-MCO")));
    CHECK(set_item_text(r, ips(), "services.1", &ev, nullptr, by_ana("Typo in the evidence")));
    CHECK(r.amendments.size() == 2);
    CHECK(r.rating("services.1")->evidence == "Changed");
}

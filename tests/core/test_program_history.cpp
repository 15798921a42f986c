// What is due after a review, the warnings among a program's reviews, and
// the trend's "earlier reviews", each at its boundary.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/program_history.hpp"
#include "support.hpp"

using namespace fw;
using test::day;

namespace {

const Scale& ips() { return test::ips().scale("ips-se-25"); }
const Policy& policy(const char* id) { return test::ips().policy(id); }

Review review(int total, const char* policy_id, const char* visit, ReviewType type = ReviewType::initial) {
    Review r = test::review_with_total(ips(), total, policy_id);
    r.review.type = type;
    r.review.visit_start = day(visit);
    r.review.visit_end.reset();
    return r;
}

ReviewContext editions() {
    ReviewContext ctx;
    ctx.editions = test::ips().editions();
    return ctx;
}

std::vector<std::string> codes(const Review& r, const ReviewContext& ctx) {
    std::vector<std::string> out;
    for (const auto& w : warnings(r, test::ips().policy(r.policy_id), ctx)) out.push_back(w.code);
    return out;
}

OtherReview other(std::int64_t id, ReviewType type, const char* visit, bool failing = false, bool eligible = false,
                  const char* by = nullptr) {
    OtherReview o;
    o.id = id;
    o.type = type;
    o.visit_start = day(visit);
    o.reevaluation_applies = failing;
    o.follow_up_eligible = eligible;
    if (by) o.follow_up_by = day(by);
    return o;
}

}  // namespace

TEST_CASE("due after a review: the next-review window, or the 2016 follow-up deadline") {
    Review r = review(98, "nc-2020", "2026-03-02");
    r.review.draft_report_date = day("2026-03-20");
    r.review.final_report_date = day("2026-04-17");
    auto due = due_after(summarize(r, ips(), policy("nc-2020")));
    REQUIRE(due);
    CHECK(due->kind == DueKind::next_review);
    CHECK(due->earliest->iso() == "2026-10-17");
    CHECK(due->by.iso() == "2027-04-17");

    // nc-2020 below 74: six months, if approved.
    Review low = review(70, "nc-2020", "2026-03-02");
    low.review.draft_report_date = day("2026-03-20");
    low.review.final_report_date = day("2026-04-17");
    due = due_after(summarize(low, ips(), policy("nc-2020")));
    REQUIRE(due);
    CHECK(due->by.iso() == "2026-10-17");
    CHECK(due->condition == "if approved");

    // nc-2016 below 74: the follow-up deadline, once eligible.
    low.policy_id = "nc-2016";
    CHECK_FALSE(due_after(summarize(low, ips(), policy("nc-2016"))));  // conditions not recorded
    low.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"integration_evidenced", true, {}},
                                        {"career_profile_percent", {}, 80.0}};
    due = due_after(summarize(low, ips(), policy("nc-2016")));
    REQUIRE(due);
    CHECK(due->kind == DueKind::follow_up);
    CHECK(due->by.iso() == "2026-10-14");
    CHECK_FALSE(due->earliest);

    // No final report: nothing due yet.
    r.review.final_report_date.reset();
    CHECK_FALSE(due_after(summarize(r, ips(), policy("nc-2020"))));
}

TEST_CASE("the review an implementation-plan meeting calls for (2016)") {
    ImplementationPlan plan{day("2026-01-31"), "nc-2016"};
    auto due = implementation_plan_due(plan, policy("nc-2016"));
    REQUIRE(due);
    CHECK(due->kind == DueKind::implementation_plan_review);
    CHECK(due->by.iso() == "2026-04-30");  // three months, month-end clamped
    CHECK_FALSE(implementation_plan_due(plan, policy("nc-2020")));  // the 2020 edition has no such rule
    CHECK(awaits_review(plan, std::nullopt));
    CHECK(awaits_review(plan, day("2026-01-30")));
    CHECK_FALSE(awaits_review(plan, day("2026-01-31")));
}

TEST_CASE("warning: a 2016 first review before six months of continuous operation") {
    Review r = review(90, "nc-2016", "2017-07-09");
    r.program.start_date = day("2017-01-10");
    auto w = warnings(r, policy("nc-2016"), editions());
    REQUIRE(w.size() == 1);
    CHECK(w[0].code == "first-review-early");
    CHECK(w[0].message.find("not before 2017-07-10; this visit began on 2017-07-09") != std::string::npos);
    r.review.visit_start = day("2017-07-10");
    CHECK(codes(r, editions()).empty());
    r.review.visit_start = day("2017-07-09");
    r.review.type = ReviewType::subsequent;  // only the first review
    CHECK(codes(r, editions()).empty());
    r.review.type = ReviewType::initial;
    r.program.start_date.reset();  // unknown start: nothing to say
    CHECK(codes(r, editions()).empty());
    r.policy_id = "nc-2020";  // the 2020 edition dropped the rule
    r.review.visit_start = day("2020-07-09");
    r.program.start_date = day("2020-06-10");
    CHECK(codes(r, editions()).empty());
}

TEST_CASE("warning: a policy edition not in force at the visit") {
    CHECK(codes(review(90, "nc-2016", "2016-01-01"), editions()).empty());
    CHECK(codes(review(90, "nc-2016", "2015-12-31"), editions()) == std::vector<std::string>{"policy-not-in-force"});
    CHECK(codes(review(90, "nc-2016", "2019-12-31"), editions()).empty());
    auto replaced = warnings(review(90, "nc-2016", "2020-01-01"), policy("nc-2016"), editions());
    REQUIRE(replaced.size() == 1);
    CHECK(replaced[0].message.find("was replaced by NC IPS Service Definition (2020) (nc-2020) from 2020-01-01") !=
          std::string::npos);
    CHECK(codes(review(90, "nc-2020", "2020-01-01"), editions()).empty());
    CHECK(codes(review(90, "nc-2020", "2019-12-31"), editions()) == std::vector<std::string>{"policy-not-in-force"});
    // Without the installed editions, only the policy's own start counts.
    CHECK(codes(review(90, "nc-2016", "2026-03-02"), ReviewContext{}).empty());
}

TEST_CASE("warnings: follow-up evaluations after a failing first review (2016)") {
    Review f = review(80, "nc-2016", "2017-09-01", ReviewType::follow_up);
    ReviewContext ctx = editions();
    // A file alone: the database knows the program's other reviews.
    CHECK(codes(f, ctx).empty());
    ctx.others = {other(1, ReviewType::initial, "2017-02-01", true, true, "2017-09-01")};
    CHECK(codes(f, ctx).empty());  // on its last day
    f.review.visit_start = day("2017-09-02");
    CHECK(codes(f, ctx) == std::vector<std::string>{"follow-up-late"});
    f.review.visit_start = day("2017-08-01");
    ctx.others = {other(1, ReviewType::initial, "2017-02-01", true, false)};
    CHECK(codes(f, ctx) == std::vector<std::string>{"follow-up-not-eligible"});
    ctx.others = {other(1, ReviewType::initial, "2017-02-01", false)};
    CHECK(codes(f, ctx) == std::vector<std::string>{"follow-up-without-failing-review"});
    // At most one follow-up per failing review.
    ctx.others = {other(1, ReviewType::initial, "2017-02-01", true, true, "2017-09-01"),
                  other(2, ReviewType::follow_up, "2017-05-01")};
    CHECK(codes(f, ctx) == std::vector<std::string>{"second-follow-up"});
}

TEST_CASE("warning: a second initial review of the same program") {
    Review r = review(90, "nc-2020", "2026-03-02");
    ReviewContext ctx = editions();
    ctx.others = {other(1, ReviewType::subsequent, "2025-03-02")};
    CHECK(codes(r, ctx).empty());
    ctx.others.push_back(other(2, ReviewType::initial, "2024-03-02"));
    CHECK(codes(r, ctx) == std::vector<std::string>{"second-initial-review"});
    r.review.type = ReviewType::subsequent;
    CHECK(codes(r, ctx).empty());
}

TEST_CASE("warning: the review an implementation-plan meeting called for came late") {
    Review r = review(90, "nc-2016", "2017-06-01");
    r.program.implementation_plan = ImplementationPlan{day("2017-02-28"), "nc-2016"};  // due 2017-05-28
    CHECK(codes(r, editions()) == std::vector<std::string>{"implementation-plan-review-late"});
    r.review.visit_start = day("2017-05-28");
    CHECK(codes(r, editions()).empty());
}

TEST_CASE("the trend: earlier reviews of the program with a final report before this visit") {
    Review now = review(98, "nc-2020", "2026-03-02");
    Review before = review(90, "nc-2020", "2025-01-10");
    before.review.draft_report_date = day("2025-01-20");
    before.review.final_report_date = day("2026-03-01");
    auto s = summarize(before, ips(), policy("nc-2020"));
    CHECK(why_not_on_trend(before, s, now).empty());
    before.review.final_report_date = day("2026-03-02");
    CHECK(why_not_on_trend(before, s, now).find("is not before this review's visit") != std::string::npos);
    before.review.final_report_date.reset();
    CHECK(why_not_on_trend(before, s, now) == "it has no final report");
    before.review.final_report_date = day("2025-02-10");
    before.scale_id = "other";
    CHECK(why_not_on_trend(before, s, now).find("totals on different scales do not compare") != std::string::npos);
    before.scale_id = now.scale_id;
    before.rating("staffing.1")->score.reset();
    CHECK(why_not_on_trend(before, summarize(before, ips(), policy("nc-2020")), now) == "it is not completely scored");

    Program a{"Agency", " Team ", "", "", {}, {}, {}};
    Program b{"AGENCY", "team", "", "", {}, {}, {}};
    CHECK(same_program(a, b));
    b.team = "Team 2";
    CHECK_FALSE(same_program(a, b));
}

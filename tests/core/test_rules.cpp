#include <doctest/doctest.h>

#include "core/rules.hpp"
#include "support.hpp"

using namespace fw;
using test::day;

namespace {

const Scale& ips() { return test::ips().scale("ips-se-25"); }

Summary sum_of(const Review& r) { return summarize(r, ips(), test::ips().policy(r.policy_id)); }

Review final_review(int total, const char* policy, const char* final_date, ReviewType type = ReviewType::initial) {
    Review r = test::review_with_total(ips(), total, policy);
    r.review.type = type;
    r.review.draft_report_date = day("2026-03-20");
    r.review.final_report_date = day(final_date);
    return r;
}

std::string window(const Summary& s) {
    if (!s.next_review) return "none";
    return s.next_review->earliest.iso() + ".." + s.next_review->latest.iso();
}

}  // namespace

TEST_CASE("totals and tiers at every boundary") {
    struct Case {
        int total;
        const char* tier;
    } cases[] = {{25, "none"}, {60, "none"}, {73, "none"}, {74, "fair"}, {99, "fair"},
                 {100, "good"}, {114, "good"}, {115, "exemplary"}, {125, "exemplary"}};
    for (const char* policy : {"nc-2016", "nc-2020"}) {
        for (auto c : cases) {
            Review r = test::review_with_total(ips(), c.total, policy);
            Summary s = sum_of(r);
            CHECK(s.complete);
            CHECK(s.total == c.total);
            CHECK(s.draft_total == c.total);
            REQUIRE(s.tier);
            CHECK_MESSAGE(s.tier->id == c.tier, policy << " " << c.total);
        }
    }
}

TEST_CASE("section subtotals") {
    Review r = test::review_with_total(ips(), 98);
    Summary s = sum_of(r);
    REQUIRE(s.sections.size() == 3);
    int sum = 0;
    for (const auto& st : s.sections) sum += *st.total;
    CHECK(sum == 98);
    CHECK(s.sections[0].max == 15);
    CHECK(s.sections[1].max == 40);
    CHECK(s.sections[2].max == 70);
}

TEST_CASE("an incomplete review has no total, tier or window") {
    Review r = final_review(98, "nc-2020", "2026-04-17");
    r.ratings.erase(r.ratings.begin() + 4);  // organization.2
    Summary s = sum_of(r);
    CHECK_FALSE(s.complete);
    CHECK_FALSE(s.total);
    CHECK_FALSE(s.draft_total);
    CHECK(s.tier == nullptr);
    CHECK_FALSE(s.next_review);
    CHECK(s.unscored == std::vector<std::string>{"organization.2"});
    CHECK(s.scored == 24);
    CHECK(s.sections[0].total.has_value());
    CHECK_FALSE(s.sections[1].total.has_value());
    CHECK(s.sections[1].scored == 7);
    // A rating entry without a consensus score is unscored too.
    Review r2 = final_review(98, "nc-2020", "2026-04-17");
    r2.rating("services.14")->score.reset();
    CHECK(sum_of(r2).unscored == std::vector<std::string>{"services.14"});
}

TEST_CASE("next review window, 2020 edition") {
    CHECK(window(sum_of(final_review(98, "nc-2020", "2026-04-17"))) == "2026-10-17..2027-04-17");
    CHECK(window(sum_of(final_review(73, "nc-2020", "2026-04-17"))) == "2026-10-17..2026-10-17");
    CHECK(sum_of(final_review(73, "nc-2020", "2026-04-17")).next_review->condition == "if approved");
    CHECK(window(sum_of(final_review(74, "nc-2020", "2026-08-31"))) == "2027-02-28..2027-08-31");
    CHECK(window(sum_of(final_review(100, "nc-2020", "2026-08-31"))) == "2027-08-31..2028-02-29");  // leap
    CHECK(window(sum_of(final_review(114, "nc-2020", "2027-08-31"))) == "2028-08-31..2029-02-28");
    CHECK(window(sum_of(final_review(115, "nc-2020", "2026-05-31"))) == "2027-11-30..2027-11-30");
    CHECK(window(sum_of(final_review(125, "nc-2020", "2026-12-31"))) == "2028-06-30..2028-06-30");
    CHECK_FALSE(sum_of(final_review(125, "nc-2020", "2026-12-31")).reevaluation);
}

TEST_CASE("next review window, 2016 edition") {
    CHECK(window(sum_of(final_review(74, "nc-2016", "2026-08-31"))) == "2027-02-28..2027-02-28");
    CHECK(window(sum_of(final_review(99, "nc-2016", "2027-08-31"))) == "2028-02-29..2028-02-29");
    CHECK(window(sum_of(final_review(100, "nc-2016", "2024-02-29"))) == "2025-02-28..2025-02-28");
    CHECK(window(sum_of(final_review(115, "nc-2016", "2026-01-31"))) == "2027-01-31..2027-01-31");
    CHECK(window(sum_of(final_review(73, "nc-2016", "2026-01-31"))) == "none");
}

TEST_CASE("no final report date, no window") {
    Review r = test::review_with_total(ips(), 98);
    CHECK_FALSE(sum_of(r).next_review);
    CHECK(sum_of(r).tier->id == "fair");
}

namespace {
std::vector<CriterionRecord> all_met() {
    return {{"staffing_met", true, {}}, {"integration_evidenced", true, {}}, {"career_profile_percent", {}, 80.0}};
}
}  // namespace

TEST_CASE("2016 follow-up: score 60-73 on the initial review, every condition met, within 180 days") {
    auto re = [](int total, ReviewType type, const char* final_date = "2026-04-17") {
        Review r = final_review(total, "nc-2016", final_date, type);
        r.review.reevaluation_criteria = all_met();
        return sum_of(r).reevaluation;
    };
    CHECK_FALSE(re(59, ReviewType::initial)->eligible);
    CHECK(re(60, ReviewType::initial)->eligible);
    CHECK(re(73, ReviewType::initial)->eligible);
    CHECK_FALSE(re(74, ReviewType::initial).has_value());  // fair: the rule does not apply
    CHECK_FALSE(re(60, ReviewType::subsequent)->eligible);
    CHECK_FALSE(re(73, ReviewType::follow_up)->eligible);  // one follow-up at most
    CHECK(re(73, ReviewType::initial)->by->iso() == "2026-10-14");
    CHECK(re(73, ReviewType::initial, "2024-01-01")->by->iso() == "2024-06-29");  // leap year
    CHECK_FALSE(re(59, ReviewType::initial)->by);
    CHECK(re(59, ReviewType::initial)->reasons.front().find("not from 60 to 73") != std::string::npos);

    // Without a final report date: eligible, but no date yet.
    Review r = final_review(65, "nc-2016", "2026-04-17");
    r.review.reevaluation_criteria = all_met();
    r.review.final_report_date.reset();
    CHECK(sum_of(r).reevaluation->eligible);
    CHECK_FALSE(sum_of(r).reevaluation->by);
}

TEST_CASE("2016 follow-up: not eligible until every condition is recorded as met") {
    Review r = final_review(65, "nc-2016", "2026-04-17");
    // Nothing recorded: not eligible, no deadline, the three conditions named.
    auto s = sum_of(r);
    CHECK_FALSE(s.reevaluation->eligible);
    CHECK_FALSE(s.reevaluation->by);
    CHECK(s.reevaluation->reasons.empty());
    CHECK(s.reevaluation->unconfirmed ==
          std::vector<std::string>{"staffing_met", "integration_evidenced", "career_profile_percent"});
    // Two of three recorded: still not eligible, one unconfirmed.
    r.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"integration_evidenced", true, {}}};
    s = sum_of(r);
    CHECK_FALSE(s.reevaluation->eligible);
    CHECK(s.reevaluation->unconfirmed == std::vector<std::string>{"career_profile_percent"});
    // A condition recorded as null is not recorded.
    r.review.reevaluation_criteria.push_back({"career_profile_percent", {}, {}});
    CHECK(sum_of(r).reevaluation->unconfirmed == std::vector<std::string>{"career_profile_percent"});
    // All met, the share at its boundary.
    r.review.reevaluation_criteria = all_met();
    s = sum_of(r);
    CHECK(s.reevaluation->eligible);
    CHECK(s.reevaluation->unconfirmed.empty());
    CHECK(s.reevaluation->by->iso() == "2026-10-14");
    r.review.reevaluation_criteria[2].value = 79.9;
    CHECK_FALSE(sum_of(r).reevaluation->eligible);
    CHECK(sum_of(r).reevaluation->reasons.front().find("80%") != std::string::npos);
    r.review.reevaluation_criteria[2].value = 100;
    CHECK(sum_of(r).reevaluation->eligible);
    // Staffing recorded as not met: not eligible, even with the rest met.
    r.review.reevaluation_criteria[0].met = false;
    CHECK_FALSE(sum_of(r).reevaluation->eligible);
    CHECK_FALSE(sum_of(r).reevaluation->by);
    r.review.reevaluation_criteria[0].met = true;
    r.review.reevaluation_criteria[1].met = false;
    CHECK_FALSE(sum_of(r).reevaluation->eligible);
}

TEST_CASE("action plans") {
    auto ap = [](int total, const char* policy, ReviewType type) {
        return sum_of(final_review(total, policy, "2026-04-17", type)).action_plan;
    };
    CHECK(ap(80, "nc-2016", ReviewType::subsequent).need == ActionPlanNeed::required);
    CHECK(ap(105, "nc-2016", ReviewType::subsequent).need == ActionPlanNeed::optional);
    // After the first report: within 30 days, whatever the tier.
    auto first = ap(105, "nc-2016", ReviewType::initial);
    CHECK(first.need == ActionPlanNeed::required);
    CHECK(first.due->iso() == "2026-05-17");
    CHECK(first.recipients ==
          std::vector<std::string>{"the LME-MCO", "the DMH/DD/SAS Adult Mental Health Team", "DMA (NC Medicaid)"});
    CHECK(first.why == "an action plan is due within 30 days of the first fidelity report, shared with the LME-MCO, "
                       "the DMH/DD/SAS Adult Mental Health Team and DMA (NC Medicaid)");
    CHECK(ap(80, "nc-2020", ReviewType::initial).need == ActionPlanNeed::optional);
}

TEST_CASE("draft and final scores: upheld contests change the final score only") {
    Review r = final_review(73, "nc-2020", "2026-04-17");
    // Find an item below 5 to contest upward.
    std::string item;
    for (const auto& rt : r.ratings)
        if (*rt.score < 5) item = rt.item;
    int before = *r.consensus(item);
    Contest c;
    c.item = item;
    c.submitted = day("2026-03-27");
    c.documentation = "Logs";
    c.decision = Decision::upheld;
    c.decided_score = before + 1;
    r.contests.push_back(c);
    Summary s = sum_of(r);
    CHECK(s.total == 74);
    CHECK(s.draft_total == 73);
    CHECK(s.tier->id == "fair");  // the contest moved the team over the line
    CHECK(final_score(r, item) == before + 1);
    CHECK(s.contests.count == 1);
    CHECK(s.contests.pending == 0);

    r.contests[0].decision = Decision::denied;
    CHECK(sum_of(r).total == 73);
    r.contests[0].decision = Decision::pending;
    CHECK(sum_of(r).total == 73);
    CHECK(sum_of(r).contests.pending == 1);
    CHECK(sum_of(r).contests.limit == 3);
}

TEST_CASE("stages follow the dates and contests") {
    Review r = test::review_with_total(ips(), 90);
    CHECK(stage_of(r) == Stage::scoring);
    r.review.draft_report_date = day("2026-03-20");
    CHECK(stage_of(r) == Stage::draft_issued);
    r.contests.push_back(Contest{"staffing.1", day("2026-03-25"), "doc", {}, Decision::pending, {}, {}, "", {}, Json::object()});
    CHECK(stage_of(r) == Stage::contest_period);
    r.review.final_report_date = day("2026-04-17");
    CHECK(stage_of(r) == Stage::final);
}

TEST_CASE("disagreements, strengths and priorities") {
    Review r = test::review_with_total(ips(), 98);
    r.rating("staffing.1")->by = {{"Ana Ruiz", 5}, {"Ben Okafor", 3}};
    r.rating("staffing.2")->by = {{"Ana Ruiz", 4}, {"Ben Okafor", 4}};
    r.rating("services.3")->by = {{"Ana Ruiz", 2}};
    auto d = disagreements(r, ips());
    REQUIRE(d.size() == 1);
    CHECK(d[0].item == "staffing.1");
    CHECK(d[0].spread == 2);

    Review s = test::review_with_total(ips(), 25);
    s.rating("services.1")->score = 5;
    s.rating("staffing.2")->score = 3;
    s.rating("organization.1")->score = 2;
    CHECK(strengths(s, ips()) == std::vector<std::string>{"services.1"});
    auto p = priorities(s, ips());
    CHECK(p.size() == 24);
    CHECK(p.front() == "staffing.1");  // score 1, scale order among equals
    CHECK(p[p.size() - 2] == "organization.1");
    CHECK(p.back() == "staffing.2");
}

TEST_CASE("the second scale scores with its own policy") {
    Review r = test::review_with_total(test::mini().scale("mini-5"), 15, "mini-policy");
    r.review.draft_report_date = day("2026-03-20");
    r.review.final_report_date = day("2026-08-31");
    Summary s = summarize(r, test::mini().scale("mini-5"), test::mini().policy("mini-policy"));
    CHECK(s.total == 15);
    CHECK(s.max == 25);
    CHECK(s.tier->id == "high");
    CHECK(window(s) == "2026-11-30..2027-05-31");
    CHECK(s.contests.limit == 2);
}

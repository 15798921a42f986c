// The rulebook: every invariant at its boundary, read from a file as a user
// would give it, and every transition as an edit would try it.
#include <doctest/doctest.h>

#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/rulebook.hpp"
#include "support.hpp"

using namespace fw;
using test::day;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";
const Scale& ips() { return test::ips().scale("ips-se-25"); }
const Policy& nc2020() { return test::ips().policy("nc-2020"); }
const Policy& nc2016() { return test::ips().policy("nc-2016"); }

Json sample() { return Json::parse(test::slurp(kSample)); }

// All the problems the reader finds in `j`, one "pointer: message" per line.
std::string problems_of(const Json& j) {
    try {
        read_review_text(j.dump(), "r.json", test::ips());
    } catch (const InputError& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.place.pointer + ": " + p.message + "\n";
        return all;
    }
    return {};
}

void refused(const Json& j, const std::string& pointer, const std::string& words) {
    std::string all = problems_of(j);
    bool found = false;
    size_t at = 0;
    while ((at = all.find(pointer + ": ", at)) != std::string::npos) {
        size_t end = all.find('\n', at);
        if (all.substr(at, end - at).find(words) != std::string::npos) found = true;
        at = end;
    }
    CHECK_MESSAGE(found, "expected " << pointer << ": " << words << "\ngot:\n" << all);
}

void accepted(const Json& j) { CHECK_MESSAGE(problems_of(j).empty(), problems_of(j)); }

Json contest(const char* item, const char* submitted, const char* decision = "pending") {
    Json c = {{"item", item}, {"submitted", submitted}, {"documentation", "Sign-in sheets"}, {"decision", decision}};
    if (std::string(decision) != "pending") {
        c["decided_on"] = "2026-04-10";
        c["rationale"] = "The sheets show it.";
    }
    if (std::string(decision) == "upheld") c["decided_score"] = 4;
    return c;
}

// A review as it stands after the draft report of 2026-03-20.
Review drafted() {
    Review r = test::review_with_total(ips(), 90);
    issue_draft(r, ips(), day("2026-03-20"), day("2026-03-20"));
    return r;
}

Date today() { return day("2026-06-30"); }

// The draft, with a contest of staffing.1 recorded on 2026-03-27.
Review contested() {
    Review r = drafted();
    Contest c;
    c.item = "staffing.1";
    c.submitted = day("2026-03-27");
    c.documentation = "Roster";
    submit_contest(r, ips(), nc2020(), c, today());
    return r;
}

std::string why_change(const Review& before, const std::function<void(Review&)>& edit,
                       const Policy& policy = nc2020()) {
    Review after = before;
    edit(after);
    try {
        check_change(before, after, ips(), policy, today());
    } catch (const RuleError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

// ------------------------------------------------------------ invariants

TEST_CASE("a final report needs every item scored") {
    Json j = sample();
    j["ratings"].erase(j["ratings"].begin() + 3);  // organization.1
    refused(j, "/review/final_report_date", "a final report needs every item scored; 1 item is not (organization.1)");
    j["review"].erase("final_report_date");
    j["contests"] = Json::array();
    refused(j, "/review/draft_report_date", "a draft report needs every item scored; 1 item is not (organization.1)");
    j["review"].erase("draft_report_date");
    accepted(j);  // still being scored
}

TEST_CASE("a final report needs every contest decided, with its date and rationale") {
    Json j = sample();
    j["contests"][0] = contest("organization.3", "2026-03-27");
    refused(j, "/contests/0/decision", "needs every contest decided, upheld or denied; this one is pending");
    j["review"].erase("final_report_date");
    accepted(j);  // pending is fine before the final report

    j = sample();
    j["contests"][0].erase("decided_on");
    refused(j, "/contests/0/decided_on", "a decided contest needs the date of the decision");
    j = sample();
    j["contests"][0]["rationale"] = "  ";
    refused(j, "/contests/0/rationale", "a decided contest needs the rationale");
}

TEST_CASE("no contest after the final report, contests between draft and final") {
    Json j = sample();  // draft 2026-03-20, final 2026-04-17
    j["contests"][0]["submitted"] = "2026-04-18";
    refused(j, "/contests/0/submitted", "is after the final report (2026-04-17)");
    j["contests"][0]["submitted"] = "2026-04-17";
    j["contests"][0]["decided_on"] = "2026-04-17";
    accepted(j);  // the same day as the final report
    j["contests"][0]["submitted"] = "2026-03-19";
    refused(j, "/contests/0/submitted", "is before the draft report (2026-03-20)");
    j["contests"][0]["submitted"] = "2026-03-20";
    accepted(j);
}

TEST_CASE("each contest has its documentation") {
    Json j = sample();
    j["contests"][0]["documentation"] = " \n";
    refused(j, "/contests/0/documentation", "a contest needs its supporting documentation");
    j["contests"][0]["attachments"] = Json::array({{{"name", "sheets.pdf"}, {"data_base64", "JVBERg=="}}});
    accepted(j);  // an attachment is documentation
    j["contests"][0].erase("documentation");
    accepted(j);
}

TEST_CASE("decided scores: an upheld contest has one, a denied or pending one none") {
    Json j = sample();
    j["contests"][0].erase("decided_score");
    refused(j, "/contests/0/decided_score", "an upheld contest needs the decided score");
    j = sample();
    j["contests"][0]["decision"] = "denied";
    refused(j, "/contests/0/decided_score", "a denied contest keeps the consensus score");
    j["contests"][0].erase("decided_score");
    accepted(j);
    j = sample();
    j["review"].erase("final_report_date");
    j["contests"][0]["decision"] = "pending";
    refused(j, "/contests/0/decided_score", "a pending contest has no decided score");
    refused(j, "/contests/0/decided_on", "a pending contest has no decision date");
    j["contests"][0].erase("decided_score");
    j["contests"][0].erase("decided_on");
    accepted(j);
}

TEST_CASE("dates in order: the program's start, the visit, the draft, the final") {
    Json j = sample();  // visit 2026-03-02..03, draft 03-20, final 04-17
    j["review"]["visit_end"] = "2026-03-01";
    refused(j, "/review/visit_end", "is before the visit's start");
    j = sample();
    j["review"]["draft_report_date"] = "2026-03-02";
    refused(j, "/review/draft_report_date", "is before the visit ended (2026-03-03)");
    j["review"]["draft_report_date"] = "2026-03-03";
    j["contests"][0]["submitted"] = "2026-03-27";
    accepted(j);
    j = sample();
    j["review"]["final_report_date"] = "2026-03-19";
    refused(j, "/review/final_report_date", "is before the draft report");
    j = sample();
    j["review"].erase("draft_report_date");
    refused(j, "/review/final_report_date", "needs a draft report first");
    j = sample();
    j["program"]["start_date"] = "2026-03-03";
    refused(j, "/program/start_date", "is after the visit started (2026-03-02)");
    j["program"]["start_date"] = "2026-03-02";
    accepted(j);
}

TEST_CASE("the policy's contest window and decision days, when it sets them") {
    Policy p = nc2020();
    p.contests.window_days = 10;
    p.contests.decision_days = 14;
    Review r = read_review_file(kSample, test::ips());  // draft 03-20, contest 03-27, decided 04-10
    CHECK(check_review(r, ips(), p).empty());
    CHECK(contest_deadline(r, p)->iso() == "2026-03-30");
    CHECK(decision_deadline(r.contests[0], p)->iso() == "2026-04-10");
    r.contests[0].submitted = day("2026-03-30");
    r.contests[0].decided_on = day("2026-04-13");
    CHECK(check_review(r, ips(), p).empty());  // both on their last day
    r.contests[0].submitted = day("2026-03-31");
    auto problems = check_review(r, ips(), p);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].place.pointer == "/contests/0/submitted");
    CHECK(problems[0].message.find("after the contest window closed on 2026-03-30 (10 days after the draft report") !=
          std::string::npos);
    r.contests[0].submitted = day("2026-03-27");
    r.contests[0].decided_on = day("2026-04-11");
    problems = check_review(r, ips(), p);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].place.pointer == "/contests/0/decided_on");
    CHECK(problems[0].message.find("after the decision was due on 2026-04-10") != std::string::npos);
    // Without the settings, no deadline.
    CHECK_FALSE(contest_deadline(r, nc2020()));
    CHECK(check_review(r, ips(), nc2020()).empty());
}

TEST_CASE("amendments come after a report is issued") {
    Json j = sample();
    j["amendments"] = Json::array({{{"on", "2026-03-19"}, {"item", "staffing.1"}, {"from", 4}, {"to", 5},
                                    {"reason", "Roster recounted"}}});
    refused(j, "/amendments/0/on", "is before the draft report");
    j["amendments"][0]["on"] = "2026-03-20";
    accepted(j);
    j["review"].erase("final_report_date");
    j["review"].erase("draft_report_date");
    j["contests"] = Json::array();
    refused(j, "/amendments/0", "this review has no draft report date");
}

TEST_CASE("the policy applies to the scale") {
    Review r = read_review_file(kSample, test::ips());
    Policy p = nc2020();
    p.scales = {"other"};
    auto problems = check_review(r, ips(), p);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].message == "policy nc-2020 does not apply to scale ips-se-25");
}

// ------------------------------------------------------------ transitions

TEST_CASE("what each stage allows") {
    Review r = test::review_with_total(ips(), 90);
    EditRights e = edit_rights(r);
    CHECK(e.review_facts);
    CHECK(e.independent_work);
    CHECK(e.consensus_score);
    CHECK_FALSE(e.score_by_amendment);
    CHECK(e.worksheet);
    CHECK(e.item_text);
    CHECK(e.program_details);
    CHECK(e.delete_review);
    issue_draft(r, ips(), day("2026-03-20"), today());
    e = edit_rights(r);
    CHECK_FALSE(e.review_facts);
    CHECK_FALSE(e.independent_work);
    CHECK_FALSE(e.consensus_score);
    CHECK(e.score_by_amendment);
    CHECK(e.worksheet);
    CHECK(e.item_text);
    CHECK_FALSE(e.text_by_amendment);
    CHECK(e.program_details);
    CHECK_FALSE(e.delete_review);
    issue_final(r, day("2026-04-17"), today());
    e = edit_rights(r);
    CHECK_FALSE(e.worksheet);
    CHECK_FALSE(e.item_text);
    CHECK(e.text_by_amendment);
    CHECK_FALSE(e.program_details);
}

TEST_CASE("while scoring everything may change") {
    Review r = test::review_with_total(ips(), 90);
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->score.reset(); }).empty());
    CHECK(why_change(r, [](Review& x) { x.review.visit_start = day("2026-03-01"); }).empty());
    CHECK(why_change(r, [](Review& x) { x.policy_id = "nc-2016"; }, nc2016()).empty());
    CHECK(why_change(r, [](Review& x) { x.review.reviewers.push_back("Cy Diaz"); }).empty());
    // ... but not the scale, and not into something the file could not hold.
    CHECK(why_change(r, [](Review& x) { x.scale_id = "other"; }).find("keeps the scale") != std::string::npos);
}

TEST_CASE("after the draft: the review's facts, the independent work and the scores are those of the report") {
    Review r = drafted();
    CHECK(why_change(r, [](Review& x) { x.review.visit_start = day("2026-03-01"); }).find("type, visit dates and reviewers") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.review.reviewers.push_back("Cy"); }).find("reviewers") != std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.review.type = ReviewType::subsequent; }).find("type") != std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.policy_id = "nc-2016"; }, nc2016()).find("the policy cannot change") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->set_score_by("Ana Ruiz", 3); })
              .find("independent scores and notes are closed") != std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->work_for("Ana Ruiz").notes = "more"; })
              .find("independent scores and notes are closed") != std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->score = 2; }).find("is an amendment and needs a reason") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->score.reset(); }).find("cannot be cleared") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.review.draft_report_date.reset(); }).find("cannot be taken back") !=
          std::string::npos);
    // An amendment that matches the change is allowed; one for another
    // change, or without a reason, is not.
    int before = *r.consensus("staffing.1");
    CHECK(why_change(r, [&](Review& x) {
              x.rating("staffing.1")->score = 2;
              x.amendments.push_back({day("2026-04-01"), "staffing.1", before, 2, "Roster recounted", "Ana", {}});
          }).empty());
    CHECK(why_change(r, [&](Review& x) {
              x.rating("staffing.1")->score = 2;
              x.amendments.push_back({day("2026-04-01"), "staffing.1", before, 3, "Roster recounted", "Ana", {}});
          }).find("is an amendment") != std::string::npos);
    CHECK(why_change(r, [&](Review& x) {
              x.rating("staffing.1")->score = 2;
              x.amendments.push_back({day("2026-04-01"), "staffing.1", before, 2, " ", "Ana", {}});
          }).find("needs a reason") != std::string::npos);
    // Text, worksheets and the action plan are still free before the final report.
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->evidence = "new"; }).empty());
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->sources = {"DOC"}; }).empty());
}

TEST_CASE("a contested item's score changes through the contest, before the final report") {
    Review r = contested();
    int before = *r.consensus("staffing.1");
    CHECK(why_change(r, [&](Review& x) {
              x.rating("staffing.1")->score = 2;
              x.amendments.push_back({day("2026-04-01"), "staffing.1", before, 2, "Recounted", "Ana", {}});
          }).find("is contested: its score changes through the contest decision") != std::string::npos);
    // What the team submitted stays as submitted; a pending contest may be withdrawn.
    CHECK(why_change(r, [](Review& x) { x.contests[0].documentation = "other"; }).find("on record as the team submitted") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.contests.clear(); }).empty());
    decide_contest(r, nc2020(), "staffing.1", Decision::denied, std::nullopt, day("2026-04-10"), "No", today());
    CHECK(why_change(r, [](Review& x) { x.contests.clear(); }).find("has been decided and cannot be withdrawn") !=
          std::string::npos);
}

TEST_CASE("after the final report: text by amendment, worksheets and contests on record") {
    Review r = drafted();
    issue_final(r, day("2026-04-17"), today());
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->evidence = "rewritten"; }).find("is an amendment") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) {
              x.rating("staffing.1")->evidence = "rewritten";
              x.amendments.push_back({day("2026-05-01"), "staffing.1", x.consensus("staffing.1"), x.consensus("staffing.1"),
                                      "Typo", "Ana", {}});
          }).empty());
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->checklist = {}; }).empty());  // no checklist: unchanged
    CHECK(why_change(r, [](Review& x) { x.rating("staffing.1")->sources = {"DOC"}; }).find("are those of the report") !=
          std::string::npos);
    CHECK(why_change(r, [](Review& x) { x.review.final_report_date.reset(); }).find("cannot be taken back") !=
          std::string::npos);
    // Free after the final report: the team's action plan and the follow-up conditions.
    CHECK(why_change(r, [](Review& x) { x.action_plan.push_back({"staffing.1", "g", "s", "w", {}, "m", {}, {}}); }).empty());
}

TEST_CASE("a wrong draft or final date is corrected until the next step") {
    Review r = drafted();
    CHECK(why_not_correct_draft_date(r).empty());
    correct_draft_date(r, day("2026-03-18"), today());
    CHECK(r.review.draft_report_date->iso() == "2026-03-18");
    CHECK(why_change(drafted(), [](Review& x) { x.review.draft_report_date = day("2026-03-18"); }).empty());
    CHECK_THROWS_WITH_AS(correct_draft_date(r, day("2026-03-02"), today()), doctest::Contains("before the visit ended"),
                         RuleError);
    CHECK_THROWS_WITH_AS(correct_draft_date(r, day("2026-07-01"), today()), doctest::Contains("is in the future"),
                         RuleError);
    // The next step: a contest against the draft.
    Contest c;
    c.item = "staffing.1";
    c.submitted = day("2026-03-27");
    c.documentation = "Roster";
    submit_contest(r, ips(), nc2020(), c, today());  // on the corrected draft
    CHECK(why_not_correct_draft_date(r) == "a contest has been recorded against the draft report");
    CHECK(why_change(r, [](Review& x) { x.review.draft_report_date = day("2026-03-19"); }).find("cannot change") !=
          std::string::npos);

    Review f = drafted();
    issue_final(f, day("2026-04-17"), today());
    CHECK(why_not_correct_final_date(f).empty());
    correct_final_date(f, day("2026-04-16"), today());
    CHECK(f.review.final_report_date->iso() == "2026-04-16");
    CHECK_THROWS_AS(correct_final_date(f, day("2026-03-19"), today()), RuleError);  // before the draft
    Edit e{"Ana", day("2026-05-02"), "Typo"};
    std::string text = "fixed";
    set_item_text(f, ips(), "staffing.1", &text, nullptr, e);
    CHECK(why_not_correct_final_date(f) == "an amendment has been recorded after the final report");
}

TEST_CASE("dates an edit enters are not in the future") {
    Review r = test::review_with_total(ips(), 90);
    CHECK_THROWS_WITH_AS(issue_draft(r, ips(), day("2026-07-01"), today()),
                         "the draft report date 2026-07-01 is in the future (today is 2026-06-30)", RuleError);
    issue_draft(r, ips(), day("2026-06-30"), today());  // today itself
    Contest c;
    c.item = "staffing.1";
    c.submitted = day("2026-07-01");
    c.documentation = "Roster";
    CHECK_THROWS_WITH_AS(submit_contest(r, ips(), nc2020(), c, today()), doctest::Contains("in the future"), RuleError);
    c.submitted = day("2026-06-30");
    submit_contest(r, ips(), nc2020(), c, today());
    CHECK_THROWS_WITH_AS(
        decide_contest(r, nc2020(), "staffing.1", Decision::denied, std::nullopt, day("2026-07-01"), "No", today()),
        doctest::Contains("in the future"), RuleError);
    decide_contest(r, nc2020(), "staffing.1", Decision::denied, std::nullopt, day("2026-06-30"), "No", today());
    CHECK_THROWS_WITH_AS(issue_final(r, day("2026-07-01"), today()), doctest::Contains("in the future"), RuleError);
    // The same rule for an edit that goes around the lifecycle.
    CHECK(why_change(r, [](Review& x) { x.review.final_report_date = day("2026-07-01"); }).find("is in the future") !=
          std::string::npos);
}

TEST_CASE("accept the agreed scores: where every reviewer gave the same score") {
    Review r = test::review_with_total(ips(), 90);
    for (auto& rt : r.ratings) rt.score.reset();
    r.rating("staffing.1")->set_score_by("Ana Ruiz", 4);
    r.rating("staffing.1")->set_score_by("Ben Okafor", 4);
    r.rating("staffing.2")->set_score_by("Ana Ruiz", 4);
    r.rating("staffing.2")->set_score_by("Ben Okafor", 3);
    r.rating("staffing.3")->set_score_by("Ana Ruiz", 2);  // only one reviewer
    r.rating("organization.1")->set_score_by("Ana Ruiz", 5);
    r.rating("organization.1")->set_score_by("Ben Okafor", 5);
    r.rating("organization.1")->score = 3;  // a consensus already agreed stays
    auto done = accept_agreed_scores(r, ips());
    CHECK(done == std::vector<std::string>{"staffing.1"});
    CHECK(r.consensus("staffing.1") == 4);
    CHECK_FALSE(r.consensus("staffing.2"));
    CHECK_FALSE(r.consensus("staffing.3"));
    CHECK(r.consensus("organization.1") == 3);
    CHECK(accept_agreed_scores(r, ips()).empty());
    Review d = drafted();
    CHECK_THROWS_AS(accept_agreed_scores(d, ips()), RuleError);
}

TEST_CASE("a review is deleted only while it is being scored") {
    CHECK(why_not_delete(test::review_with_total(ips(), 90)).empty());
    CHECK(why_not_delete(drafted()).find("stays on record") != std::string::npos);
}

TEST_CASE("an upheld contest's item cannot be amended around after the final report") {
    Review r = contested();
    decide_contest(r, nc2020(), "staffing.1", Decision::upheld, 5, day("2026-04-10"), "Shown", today());
    issue_final(r, day("2026-04-17"), today());
    CHECK(why_not_amend_score(r, "staffing.1").find("was set by its upheld contest (5)") != std::string::npos);
    CHECK(why_not_amend_score(r, "staffing.2").empty());
}

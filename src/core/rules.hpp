#pragma once
// The scoring rules in one place: final scores, subtotals, totals, tier,
// next-review window, the 2016 re-evaluation rule, the action-plan rule and
// the review's stage. The command line, the reports and the window all call
// these; none of them computes a score or a date of its own.
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "scale.hpp"

namespace fw {

// scoring -> draft_issued -> contest_period -> final, derived from the dates
// and contests the review holds.
enum class Stage { scoring, draft_issued, contest_period, final };
std::string to_string(Stage);
std::string stage_label(Stage);  // "Draft issued"
Stage stage_of(const Review&);

// The score that counts after contests: the decided score of an upheld
// contest, else the consensus score.
std::optional<int> final_score(const Review&, std::string_view item);

struct SectionTotal {
    std::string id;
    std::string name;
    int items = 0;
    int scored = 0;
    int sum = 0;                  // of the scored items (final scores)
    std::optional<int> total;     // only when every item is scored
    int max = 0;
};

struct NextReviewWindow {
    Date earliest;
    Date latest;
    std::string condition;  // "if approved"
};

struct Reevaluation {
    bool eligible = false;
    std::optional<Date> by;
    std::vector<std::string> reasons;      // why not eligible
    std::vector<std::string> unconfirmed;  // criteria not recorded yet (ids)
};

struct ActionPlanDue {
    ActionPlanNeed need = ActionPlanNeed::none;
    std::optional<Date> due;
    std::string why;
    std::vector<std::string> recipients;  // who the team shares it with (2016: LME-MCO, AMH team, DMA)
};

struct ContestCount {
    int count = 0;
    int limit = 0;
    int pending = 0;
    // The policy's J309 deadlines, when it sets them: the last day to submit
    // a contest (draft report date + window_days).
    std::optional<Date> submit_by;
};

// The last day to submit a contest of this review, when the policy sets a
// contest window and the draft report is out.
std::optional<Date> contest_deadline(const Review&, const Policy&);
// The last day to decide this contest, when the policy sets decision days.
std::optional<Date> decision_deadline(const Contest&, const Policy&);

struct Summary {
    Stage stage = Stage::scoring;
    int item_count = 0;
    int scored = 0;
    bool complete = false;
    std::optional<int> total;        // final scores
    std::optional<int> draft_total;  // consensus scores
    int max = 0;
    std::vector<SectionTotal> sections;
    std::vector<std::string> unscored;  // item ids, scale order
    const Tier* tier = nullptr;          // into the policy
    std::optional<NextReviewWindow> next_review;
    std::optional<Reevaluation> reevaluation;
    ActionPlanDue action_plan;
    ContestCount contests;
    std::string policy_id;
};

Summary summarize(const Review&, const Scale&, const Policy&);

// The next-review window for a tier and final report date (none when the
// tier has no window in this policy).
std::optional<NextReviewWindow> next_review_window(const Policy&, const Tier&, Date final_report);

// Items where the reviewers' independent scores differ, scale order.
struct Disagreement {
    std::string item;
    std::vector<std::pair<std::string, int>> scores;
    int spread = 0;  // highest minus lowest
};
std::vector<Disagreement> disagreements(const Review&, const Scale&);

// Strengths (final score 5) and the lowest items first, for the report's summary.
std::vector<std::string> strengths(const Review&, const Scale&);
std::vector<std::string> priorities(const Review&, const Scale&, int below = 4);
// How many of them the report's summary names as priority recommendations
// and the proposed action plan takes up: the lowest few, so that a failing
// team gets a plan it can act on (the rest stay in the findings by item).
inline constexpr size_t kPriorityLimit = 5;

}  // namespace fw

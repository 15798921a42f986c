#pragma once
// A review among the other reviews of its program: what is due next, which
// earlier reviews belong on its trend, and the warnings the policy raises
// without forbidding (a first review too early, an edition not in force, a
// follow-up after its deadline, a second initial review, ...).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "rules.hpp"
#include "scale.hpp"

namespace fw {

// --- What is due after a review ---------------------------------------------

enum class DueKind {
    next_review,                // the next fidelity review (its window's latest date)
    follow_up,                  // 2016: the follow-up evaluation of a failing first review
    implementation_plan_review  // 2016: the review an implementation-plan meeting calls for
};
std::string to_string(DueKind);   // "next-review", "follow-up", "implementation-plan-review"
std::string due_label(DueKind);   // "Next review", "Follow-up evaluation", ...

struct Due {
    DueKind kind = DueKind::next_review;
    std::optional<Date> earliest;  // the window's first day, when it has one
    Date by;                       // due on or before this day
    std::string condition;         // "if approved"
};

// What a review calls for next, from its summary: the next review window,
// or for a failing 2016 first review the follow-up deadline when eligible.
std::optional<Due> due_after(const Summary& summary);
// The review an implementation-plan meeting calls for (nullopt when the
// policy has no such rule).
std::optional<Due> implementation_plan_due(const ImplementationPlan& plan, const Policy& policy);
// That review is still to come while no review of the program was visited
// on or after the meeting (`latest_visit`: the program's latest visit).
bool awaits_review(const ImplementationPlan& plan, std::optional<Date> latest_visit);

// --- The program's other reviews ---------------------------------------------

// Another review of the same program, as far as the rules need it.
struct OtherReview {
    std::int64_t id = 0;
    ReviewType type = ReviewType::initial;
    Date visit_start;
    std::optional<Date> final_report_date;
    bool reevaluation_applies = false;  // its tier falls under the re-evaluation rule (a failing review)
    bool follow_up_eligible = false;
    std::optional<Date> follow_up_by;
};
OtherReview other_review(std::int64_t id, const Review& review, const Summary& summary);

struct ReviewContext {
    std::vector<OtherReview> others;          // the program's other reviews (from the database); may be empty
    std::vector<const Policy*> editions;      // every installed policy, to tell whether an edition is in force
};

// --- Warnings ------------------------------------------------------------------

struct Warning {
    std::string code;     // "first-review-early", "policy-not-in-force", ...
    std::string message;  // a sentence for the reviewer
};

std::vector<Warning> warnings(const Review& review, const Policy& policy, const ReviewContext& context);

// --- The trend -------------------------------------------------------------------

// Whether `earlier` belongs on the trend of `current` (empty when it does):
// the same scale, a final report before `current`'s visit, completely scored
// and within a tier. Whether both are reviews of one program is the caller's
// knowledge (the database's program, or same_program for two files).
std::string why_not_on_trend(const Review& earlier, const Summary& earlier_summary, const Review& current);
// Two review files name the same program (agency and team, any case, outer
// spaces ignored; the database keeps programs unique the same way).
bool same_program(const Program& a, const Program& b);

}  // namespace fw

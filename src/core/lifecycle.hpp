#pragma once
// The review's lifecycle: the actions a reviewer takes, each a change the
// rulebook (rulebook.hpp) allows. A refused action throws RuleError with a
// sentence the user can act on.
//
//   scoring --issue_draft--> draft_issued --submit_contest--> contest_period
//      draft_issued / contest_period --issue_final--> final
//
// Scores change freely while scoring. Once the draft report is out, the
// consensus score of an item changes only through a contest decision or an
// amendment with a recorded reason; after the final report every change to a
// score, evidence or recommendation is an amendment. Dates an action enters
// may not be in the future (`today`).
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "rulebook.hpp"
#include "rules.hpp"
#include "scale.hpp"

namespace fw {

struct Edit {
    std::string by;   // the reviewer using the workstation
    Date on;          // the day of the edit (today)
    std::string amendment_reason;  // needed once the draft report is out
};

// The consensus score (nullopt clears it). Returns true if anything changed.
bool set_consensus_score(Review&, const Scale&, const std::string& item, std::optional<int> score, const Edit&);
// A reviewer's independent score: only while scoring.
bool set_reviewer_score(Review&, const Scale&, const std::string& item, const std::string& reviewer,
                        std::optional<int> score);
// Evidence and recommendation text: free until final, then an amendment.
bool set_item_text(Review&, const Scale&, const std::string& item, const std::string* evidence,
                   const std::string* recommendation, const Edit&);
// Sets the consensus score of every unscored item on which all the review's
// reviewers (two or more) gave the same independent score. Only while
// scoring. Returns the items it scored, scale order.
std::vector<std::string> accept_agreed_scores(Review&, const Scale&);

void issue_draft(Review&, const Scale&, Date on, Date today = Date::today());
void submit_contest(Review&, const Scale&, const Policy&, Contest contest, Date today = Date::today());
void withdraw_contest(Review&, const std::string& item);
void decide_contest(Review&, const Policy&, const std::string& item, Decision decision, std::optional<int> decided_score,
                    Date on, const std::string& rationale, Date today = Date::today());
void issue_final(Review&, Date on, Date today = Date::today());
// A draft or final report date entered wrongly, corrected before the next step.
void correct_draft_date(Review&, Date on, Date today = Date::today());
void correct_final_date(Review&, Date on, Date today = Date::today());

// The days an action may be dated: from `earliest` to `latest` (today, or
// the policy's deadline when it comes first). The date dialogs offer these;
// the actions refuse anything else with the reason.
struct DateRange {
    Date earliest;
    Date latest;
    bool empty() const { return latest < earliest; }
};
DateRange draft_date_range(const Review&, Date today = Date::today());
DateRange contest_date_range(const Review&, const Policy&, Date today = Date::today());
DateRange decision_date_range(const Contest&, const Policy&, Date today = Date::today());
DateRange final_date_range(const Review&, Date today = Date::today());

// Why an action is not possible now (empty when it is), for greying out
// buttons and menu entries.
std::string why_not_issue_draft(const Review&, const Scale&);
std::string why_not_submit_contest(const Review&, const Scale&, const Policy&, const std::string& item);
std::string why_not_decide_contest(const Review&, const std::string& item);
std::string why_not_issue_final(const Review&);

// The second reviewer's independent work (scores, notes, sources,
// checklists, calculator rows) from `other`, a file of the same review,
// added for every reviewer who is not in the review yet. Only while scoring.
struct MergeOutcome {
    std::vector<std::string> added;            // reviewers whose work was added
    std::vector<std::string> already_present;  // reviewers of the other file already in the review: left alone
};
MergeOutcome merge_independent_work(Review&, const Scale&, const Review& other);

}  // namespace fw

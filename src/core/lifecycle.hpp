#pragma once
// The review's lifecycle: what may change at each stage. Every edit the
// window or the database makes to a review goes through these functions;
// a refused action throws RuleError with a sentence the user can act on.
//
//   scoring --issue_draft--> draft_issued --submit_contest--> contest_period
//      draft_issued / contest_period --issue_final--> final
//
// Scores change freely while scoring. Once the draft report is out, the
// consensus score of an item changes only through a contest decision or an
// amendment with a recorded reason; after the final report every change to a
// score, evidence or recommendation is an amendment.
#include <optional>
#include <string>

#include "error.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "rules.hpp"
#include "scale.hpp"

namespace fw {

struct Edit {
    std::string by;   // the reviewer using the workstation
    Date on;          // the day of the edit
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

void issue_draft(Review&, const Scale&, Date on);
void submit_contest(Review&, const Scale&, const Policy&, Contest contest);
void withdraw_contest(Review&, const std::string& item);
void decide_contest(Review&, const std::string& item, Decision decision, std::optional<int> decided_score, Date on,
                    const std::string& rationale);
void issue_final(Review&, Date on);

// Why an action is not possible now (empty when it is), for greying out
// buttons and menu entries.
std::string why_not_issue_draft(const Review&, const Scale&);
std::string why_not_submit_contest(const Review&, const Scale&, const Policy&, const std::string& item);
std::string why_not_issue_final(const Review&);

}  // namespace fw

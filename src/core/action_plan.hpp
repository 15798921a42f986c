#pragma once
// The fidelity action plan's rows: the team's own, or, before the team has
// written any, rows proposed from the items that scored low. The report, the
// workbook and the window show the same proposal because they all ask here.
#include <vector>

#include "policy.hpp"
#include "review.hpp"
#include "scale.hpp"

namespace fw {

// One row per item whose final score is below `below` (4 by default; 5 for a
// team aiming at Exemplary), lowest first as priorities() orders them, at
// most kPriorityLimit rows. The
// goal is to reach `below`, the steps start from the reviewers'
// recommendation, the measure is that score's anchor, and "by when" is the
// start of the next-review window when there is one. Empty for an incomplete
// review.
std::vector<ActionPlanRow> propose_action_plan(const Review&, const Scale&, const Policy&, int below = 4);

struct ActionPlanRows {
    std::vector<ActionPlanRow> rows;
    bool proposed = false;  // true when the review has no rows of its own
};
// The review's own rows when it has any, else the proposal.
ActionPlanRows action_plan_rows(const Review&, const Scale&, const Policy&);

}  // namespace fw

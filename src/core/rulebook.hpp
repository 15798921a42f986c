#pragma once
// The rulebook: every rule about what a review may hold and when it may
// change, in one place. The review-file reader, the database (each edit, the
// merge of a second reviewer's file, import) and the window all ask these
// functions; storage and the window keep no rule of their own. They may ask
// early (to grey out a control), but through the same functions.
//
// Two questions:
// - Is this review valid as a whole? check_review: the invariants, each
//   problem named by the JSON pointer of the review-file field.
// - May this change be made now? check_change: the invariants of the result
//   plus what the stage of the review before the change allows.
#include <string>
#include <vector>

#include "date.hpp"
#include "error.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "scale.hpp"

namespace fw {

class Catalog;

// --- What a review may hold ------------------------------------------------

// Known items, each rated once; reviewers named in the review; contests
// (J309 limit, documentation, decisions with their dates and rationale, the
// policy's contest window and decision days); a final report only with every
// item scored and every contest decided; dates in order; the 2016
// re-evaluation conditions by their ids and types; amendments only after the
// draft report.
std::vector<Problem> check_review(const Review& review, const Scale& scale, const Policy& policy);

// The items the review names (ratings, contests, amendments, action plan) that
// its scale does not have. Part of check_review; the reader asks it alone of a
// file whose structure is already wrong, so that one pass lists both.
std::vector<Problem> check_items_known(const Review& review, const Scale& scale);

// The program's own facts that need the catalog: the policy an
// implementation-plan meeting was recorded under has that rule.
std::vector<Problem> check_program(const Program& program, Catalog& catalog);

// Why a recorded value does not suit its re-evaluation condition (a yes-no
// condition needs true or false; a percentage is from 0 to 100); empty when
// it does, or when nothing is recorded.
std::string why_not_criterion_value(const ReevaluationCriterion& criterion, const CriterionRecord& record);

// --- When it may change ----------------------------------------------------

// Throws RuleError, with a sentence the user can act on, when `after` breaks
// an invariant or is not a change that the stage of `before` allows. A date
// an edit enters may not be later than `today`.
void check_change(const Review& before, const Review& after, const Scale& scale, const Policy& policy, Date today);

// What the review's stage allows now, for greying out controls. These are
// the rules check_change applies, asked ahead of an edit.
struct EditRights {
    bool review_facts = false;        // type, visit dates, reviewers, policy: until the draft report
    bool independent_work = false;    // each reviewer's scores, notes, sources, worksheets: until the draft
    bool consensus_score = false;     // set or cleared freely: until the draft
    bool score_by_amendment = false;  // changed with an amendment and its reason: after the draft
    bool worksheet = false;           // consensus sources, checklist, calculator: until the final report
    bool item_text = false;           // evidence and recommendation freely: until the final report
    bool text_by_amendment = false;   // evidence and recommendation with an amendment: after the final
    bool program_details = false;     // the program's corrections reach this review: until the final
    bool delete_review = false;       // a review may be deleted while it is still being scored
    // The review follows the installed policy file as it is now; an issued
    // final report keeps the policy it was issued under instead.
    bool follows_policy_file = false;
};
EditRights edit_rights(const Review& review);

// Why the consensus score of `item` cannot be amended now (empty when it can).
std::string why_not_amend_score(const Review& review, const std::string& item);
// Why the draft or final report date cannot be corrected now (empty when it
// can): a wrong date may be corrected until the next step is taken.
std::string why_not_correct_draft_date(const Review& review);
std::string why_not_correct_final_date(const Review& review);
// Why the review cannot be deleted (empty when it can).
std::string why_not_delete(const Review& review);

// Whether a date entered today may be `d` (not in the future); the reason
// when not, naming `what`.
std::string why_not_date(Date d, Date today, const std::string& what);

}  // namespace fw

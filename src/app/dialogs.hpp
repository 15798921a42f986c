#pragma once
// The dialogs of the workstation. Each collects values and checks what it
// can see; the frame then applies them through the session or the database,
// where the core's rules have the last word.
#include <wx/dialog.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/review.hpp"
#include "core/lifecycle.hpp"
#include "storage/database.hpp"

class wxChoice;
class wxTextCtrl;
class wxDatePickerCtrl;
class wxCheckBox;
class wxListBox;
class wxComboBox;
class wxRadioBox;

namespace fw::app {

class Session;

// New program / edit program.
std::optional<storage::ProgramDetails> ask_program(wxWindow* parent, const storage::ProgramDetails& start,
                                                   const std::vector<std::string>& known_lme_mcos, bool editing);

// The 2016 implementation-plan meeting of a program. The outer nullopt is
// "cancelled"; the inner one "no meeting recorded".
std::optional<std::optional<ImplementationPlan>> ask_implementation_plan(wxWindow* parent, const std::string& program,
                                                                         const std::optional<ImplementationPlan>& current,
                                                                         Catalog& catalog);

struct ReviewSetup {
    std::int64_t program_id = 0;
    ReviewType type = ReviewType::initial;
    Date visit_start;
    Date visit_end;
    std::vector<std::string> reviewers;
    std::string scale_id = "ips-se-25";
    std::string policy_id = "nc-2020";
};
// `known_reviewers`: names from earlier reviews, offered in the reviewer boxes.
std::optional<ReviewSetup> ask_new_review(wxWindow* parent, const std::vector<storage::ProgramRow>& programs,
                                          std::int64_t selected_program, Catalog& catalog, const std::string& me,
                                          const std::vector<std::string>& known_reviewers);
// The review's own facts (type, visit dates, reviewers, policy), corrected
// until the draft report.
std::optional<ReviewSetup> ask_review_facts(wxWindow* parent, const Review& review, Catalog& catalog,
                                            const std::vector<std::string>& known_reviewers);
// The name of the person using the workstation (first start, File > Your name).
std::optional<std::string> ask_reviewer_name(wxWindow* parent, const std::string& suggestion);

// A date for an action (issuing or correcting a report): the latest day of
// `range` at first; a day outside it, or in the future, is refused with the
// reason. `what` names the date in messages ("draft report date").
std::optional<Date> ask_date(wxWindow* parent, const wxString& title, const wxString& message, DateRange range,
                             const std::string& what);

// Tests: what a dialog would say in a message box goes to `sink` instead.
void set_message_sink(std::string* sink);
std::string* message_sink();

// A question with two or three answers (`answers`: yes, no and, when given,
// cancel labels); returns wxID_YES, wxID_NO or wxID_CANCEL.
int ask(wxWindow* parent, const wxString& question, const wxString& title, const std::vector<wxString>& answers);
// Tests: answers questions instead of the user (the hook sees the question).
void set_answer_hook(std::function<int(const wxString&)> hook);

std::optional<Contest> ask_contest(wxWindow* parent, const Session& session);

struct ContestDecision {
    std::string item;
    Decision decision = Decision::upheld;
    std::optional<int> score;
    Date on;
    std::string rationale;
};
std::optional<ContestDecision> ask_decision(wxWindow* parent, const Session& session);

// Edits the action-plan rows; returns the new rows when confirmed.
std::optional<std::vector<ActionPlanRow>> edit_action_plan(wxWindow* parent, const Session& session);

// The 2016 follow-up evaluation's conditions as the reviewers found them;
// nullopt when cancelled.
std::optional<std::vector<CriterionRecord>> edit_reevaluation_criteria(wxWindow* parent, const Session& session);

void show_audit(wxWindow* parent, const std::vector<storage::AuditEntry>& entries, const wxString& title);

// A consensus score changed after the draft report: the new score and why.
struct ScoreAmendment {
    int score = 0;
    std::string reason;
};
std::optional<ScoreAmendment> ask_score_amendment(wxWindow* parent, const wxString& item, bool final_issued,
                                                  std::optional<int> current, std::optional<int> proposed);

// Evidence and recommendation changed after the final report, with why.
struct TextAmendment {
    wxString evidence;
    wxString recommendation;
    std::string reason;
};
std::optional<TextAmendment> ask_text_amendment(wxWindow* parent, const wxString& item, const wxString& evidence,
                                                const wxString& recommendation);


}  // namespace fw::app

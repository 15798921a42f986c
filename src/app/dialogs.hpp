#pragma once
// The dialogs of the workstation. Each collects values and checks what it
// can see; the frame then applies them through the session or the database,
// where the core's rules have the last word.
#include <wx/dialog.h>

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
std::optional<ReviewSetup> ask_new_review(wxWindow* parent, const std::vector<storage::ProgramRow>& programs,
                                          std::int64_t selected_program, Catalog& catalog,
                                          const std::string& me);

// A date for issuing a report: today by default, never before `earliest`.
std::optional<Date> ask_date(wxWindow* parent, const wxString& title, const wxString& message, DateRange range);

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

#pragma once
// The always-visible summary: items scored, section subtotals, total, tier,
// next-review window, contests used, and the buttons for the next stage.
// Every figure comes from fw::summarize.
#include <wx/button.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <vector>

namespace fw::app {

class Session;

enum SummaryButtonId {
    ID_ISSUE_DRAFT = wxID_HIGHEST + 100,
    ID_RECORD_CONTEST,
    ID_DECIDE_CONTEST,
    ID_ISSUE_FINAL,
    ID_ACTION_PLAN,
};

class SummaryPane : public wxPanel {
public:
    explicit SummaryPane(wxWindow* parent);
    // nullptr: no review open.
    void Display(const Session* session);

    // Text of every line, for tests and screen readers' sake of checking.
    wxString Text() const;

private:
    wxStaticText* AddLine(wxSizer* sizer, const wxString& label);
    wxStaticText* title_;
    wxStaticText* stage_;
    wxStaticText* scored_;
    std::vector<wxStaticText*> sections_;
    std::vector<wxStaticText*> section_labels_;
    wxStaticText* total_;
    wxStaticText* draft_total_;
    wxStaticText* tier_;
    wxStaticText* next_review_;
    wxStaticText* reevaluation_;
    wxStaticText* action_plan_;
    wxStaticText* contests_;
    wxStaticText* disagreements_;
    wxStaticText* notices_;  // the policy's warnings and a changed policy file
    wxButton* issue_draft_;
    wxButton* record_contest_;
    wxButton* decide_contest_;
    wxButton* issue_final_;
    wxButton* action_plan_button_;
    wxFlexGridSizer* grid_;
};

}  // namespace fw::app

#pragma once
// The always-visible summary: items scored (by each reviewer and agreed), section subtotals, total, tier,
// next-review window, contests used, and the buttons for the next stage.
// Every figure comes from fw::summarize.
#include <wx/button.h>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <vector>

namespace fw::app {

class Commands;
class Session;

// It scrolls on a short screen, so its last button stays reachable.
class SummaryPane : public wxScrolledWindow {
public:
    // The buttons run the window's commands by name (and grey out with them).
    SummaryPane(wxWindow* parent, Commands& commands);
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
    wxStaticText* progress_;  // each reviewer's count and the consensus
    wxFlexGridSizer* grid_;
};

}  // namespace fw::app

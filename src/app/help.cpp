// Help: the user guide (HTML made from docs/user-guide.md at build time) at
// the section for what is on screen, and the keyboard map made from the
// commands' own shortcuts, so it cannot drift from what the keys do.
#include <wx/button.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/utils.h>

#include "app/dialog_form.hpp"
#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/wx_util.hpp"

namespace fw::app {

std::string MainFrame::HelpSection() const {
    // Anchors are the guide's headings, as the build gives them ids.
    wxWindow* focus = wxWindow::FindFocus();
    if (focus && (focus == list_ || list_->IsDescendant(focus))) return "programs-and-reviews";
    if (!session_) return "first-start";
    switch (session_->stage()) {
    case Stage::scoring: return "scoring-an-item";
    case Stage::draft_issued: return "the-draft-report";
    case Stage::contest_period: return "contests-bulletin-j309";
    case Stage::final: return "the-final-report";
    }
    return "for-reviewers";
}

void MainFrame::ShowHelp() {
    wxString url = wxFileName::FileNameToURL(wxFileName(U(settings_.user_guide))) + "#" + U(HelpSection());
    if (quiet_) {
        // Tests: where F1 would go.
        *quiet_ = S(url);
        return;
    }
    if (!wxFileName::FileExists(U(settings_.user_guide)) || !wxLaunchDefaultBrowser(url))
        Tell(wxString::Format(_("The user guide could not be opened in a web browser. It is the file %s."),
                              U(settings_.user_guide)));
}

void MainFrame::ShowKeyboardMap() {
    Dialog d(this, _("Keyboard map"), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* grid = new wxFlexGridSizer(2, FromDIP(wxSize(16, 4)));
    auto row = [&](const wxString& keys, const wxString& what) {
        auto* k = new wxStaticText(&d, wxID_ANY, keys);
        k->SetFont(k->GetFont().Bold());
        grid->Add(k);
        grid->Add(new wxStaticText(&d, wxID_ANY, what));
    };
    // The page's own keys, outside text boxes.
    row(_("1 to 5"), _("Score the item (on its anchors, or anywhere on the page outside a text box)"));
    row(_("0"), _("Clear the score"));
    row(_("Page Down / Page Up"), _("Next / previous item (in a text box they page through the text)"));
    row(_("Tab / Shift+Tab"), _("Move between the anchors, worksheet, data sources and text boxes"));
    row(_("Alt + underlined letter"), _("The field or button with that letter"));
    row(_("Escape"), _("In the search box: clear it"));
    for (const Command* c : commands_.with_shortcuts()) {
        wxString keys;
        for (const auto& s : c->shortcuts) keys += (keys.empty() ? "" : " / ") + s;
        row(keys, wxStripMenuCodes(c->label));
    }
    auto* box = new wxBoxSizer(wxVERTICAL);
    box->Add(grid, 1, wxEXPAND | wxALL, FromDIP(12));
    box->Add(d.CreateStdDialogButtonSizer(wxOK), 0, wxEXPAND | wxALL, FromDIP(12));
    d.SetSizerAndFit(box);
    d.CentreOnParent();
    d.ShowModal();
}

}  // namespace fw::app

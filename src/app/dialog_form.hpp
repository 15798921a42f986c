#pragma once
// What the dialogs share: the Dialog every one of them is (a dialog to
// screen readers too), label-then-field rows, the OK/Cancel row, and how a
// dialog says what is wrong.
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <string>

#include "app/a11y.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

class Dialog : public wxDialog {
public:
    Dialog(wxWindow* parent, const wxString& title, long style = wxDEFAULT_DIALOG_STYLE)
        : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, style) {
        mark_as_dialog(this);
    }
};

// Label + field rows, each label just before its field.
class Form {
public:
    explicit Form(wxWindow* parent) : parent_(parent), grid_(new wxFlexGridSizer(2, parent->FromDIP(wxSize(10, 8)))) {
        grid_->AddGrowableCol(1);
    }
    // The label is made first, then its field: GTK and screen readers pair a
    // label with the field that follows it, and label_field() makes sure.
    template <class Make>
    auto add(const wxString& label, Make make, int flags = wxEXPAND) {
        auto* text = new wxStaticText(parent_, wxID_ANY, label);
        auto* ctrl = make();
        grid_->Add(text, 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
        grid_->Add(ctrl, 1, flags);
        label_field(text, ctrl);
        return ctrl;
    }
    void add_growable_row() { grid_->AddGrowableRow(grid_->GetEffectiveRowsCount() - 1); }
    wxFlexGridSizer* sizer() { return grid_; }

private:
    wxWindow* parent_;
    wxFlexGridSizer* grid_;
};

// The note above, the content, OK and Cancel; sized and centred.
void finish(wxDialog& d, wxSizer* content, const wxString& note = {});
// Tells the user what to correct (a message box, or the sink in tests).
void error(wxWindow* parent, const wxString& message);
bool blank(const wxString& s);
// Puts the focus on `field` (inside it, for a date picker) once the dialog shows.
void focus_when_shown(wxDialog& d, wxWindow* field);
// Why `chosen` cannot be the `what` ("draft report date"): a day in the future
// (the core's reason), or outside the days the action allows; empty when it can.
wxString why_not_day(Date chosen, DateRange range, const std::string& what);

}  // namespace fw::app

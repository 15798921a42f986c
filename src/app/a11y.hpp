#pragma once
// What a screen reader hears. Debian's wxGTK is built without
// wxUSE_ACCESSIBILITY, so names and roles come from the GTK widgets
// themselves: a label tied to its field (GTK's mnemonic widget, which also
// makes Alt+letter go there), an accessible name on fields that have no
// visible label, the role "dialog" on our dialogs. Elsewhere wx does it.
#include <wx/string.h>

class wxDialog;
class wxStaticText;
class wxWindow;

namespace fw::app {

// Ties `label` to `field`: its mnemonic focuses the field and its text
// (without '&' and the closing colon) becomes the field's accessible name.
void label_field(wxStaticText* label, wxWindow* field);
// An accessible name for a field without a visible label of its own.
void set_accessible_name(wxWindow* field, const wxString& name);
// A wxDialog is a plain toplevel window to GTK; screen readers should hear "dialog".
void mark_as_dialog(wxDialog* dialog);
// The widget inside a composite control (the date picker's text box) that
// takes the focus.
wxWindow* focus_target(wxWindow* field);

}  // namespace fw::app

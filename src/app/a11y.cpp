#include "a11y.hpp"

#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/window.h>

#include <string>

#ifdef __WXGTK__
#include <gtk/gtk.h>
#endif

namespace fw::app {

namespace {

wxString spoken(const wxString& label) {
    wxString s = wxStripMenuCodes(label, wxStrip_Mnemonics);
    s.Trim();
    if (s.EndsWith(":")) s.RemoveLast();
    return s;
}

#ifdef __WXGTK__
// The GTK widgets of a control that take focus or text: a multi-line text
// box is a text view inside a scrolled window, a combo box with an entry has
// the entry inside.
void for_each_input(GtkWidget* w, void (*fn)(GtkWidget*, gpointer), gpointer data) {
    if (!w) return;
    if (GTK_IS_SCROLLED_WINDOW(w) || (GTK_IS_CONTAINER(w) && !GTK_IS_COMBO_BOX(w) && !GTK_IS_BUTTON(w) &&
                                      !GTK_IS_SPIN_BUTTON(w))) {
        GList* children = gtk_container_get_children(GTK_CONTAINER(w));
        for (GList* c = children; c; c = c->next) for_each_input(GTK_WIDGET(c->data), fn, data);
        g_list_free(children);
        if (GTK_IS_SCROLLED_WINDOW(w)) return;
    }
    fn(w, data);
    if (GTK_IS_COMBO_BOX(w) && gtk_combo_box_get_has_entry(GTK_COMBO_BOX(w))) fn(gtk_bin_get_child(GTK_BIN(w)), data);
}

void name_widget(GtkWidget* w, gpointer name) {
    if (GTK_IS_LABEL(w) || GTK_IS_FIXED(w) || GTK_IS_BOX(w)) return;
    if (AtkObject* a = gtk_widget_get_accessible(w)) atk_object_set_name(a, static_cast<const char*>(name));
}
#endif

}  // namespace

wxWindow* focus_target(wxWindow* field) {
    if (!field) return field;
    // A generic date picker: its text box, not the panel around it.
    if (!dynamic_cast<wxTextCtrl*>(field)) {
        for (wxWindow* child : field->GetChildren()) {
            if (dynamic_cast<wxTextCtrl*>(child)) return child;
            if (wxWindow* inner = focus_target(child); inner != child) return inner;
        }
    }
    return field;
}

void set_accessible_name(wxWindow* field, const wxString& name) {
#ifdef __WXGTK__
    // A std::string that lives through the calls (a wxString's utf8_str() of
    // a temporary points into the temporary).
    std::string text = spoken(name).utf8_string();
    for_each_input(static_cast<GtkWidget*>(field->GetHandle()), name_widget, text.data());
    wxWindow* inner = focus_target(field);
    if (inner != field) for_each_input(static_cast<GtkWidget*>(inner->GetHandle()), name_widget, text.data());
#else
    field->SetName(spoken(name));
#endif
}

void label_field(wxStaticText* label, wxWindow* field) {
    set_accessible_name(field, label->GetLabel());
#ifdef __WXGTK__
    wxWindow* target = focus_target(field);
    GtkWidget* w = static_cast<GtkWidget*>(target->GetHandle());
    if (GTK_IS_SCROLLED_WINDOW(w)) w = gtk_bin_get_child(GTK_BIN(w));
    auto* l = static_cast<GtkWidget*>(label->GetHandle());
    if (GTK_IS_LABEL(l) && w) gtk_label_set_mnemonic_widget(GTK_LABEL(l), w);
#endif
}

void mark_as_dialog(wxDialog* dialog) {
#ifdef __WXGTK__
    if (AtkObject* a = gtk_widget_get_accessible(static_cast<GtkWidget*>(dialog->GetHandle())))
        atk_object_set_role(a, ATK_ROLE_DIALOG);
#else
    (void)dialog;
#endif
}

}  // namespace fw::app

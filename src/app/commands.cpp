#include "commands.hpp"

#include <wx/accel.h>
#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/menu.h>
#include <wx/toolbar.h>
#include <wx/window.h>

#include <stdexcept>

namespace fw::app {

namespace {
// Ids above the wx range and the summary pane's old ones.
constexpr int kFirstId = wxID_HIGHEST + 1000;

wxString tooltip(const Command& c) {
    wxString t = c.help.empty() ? wxStripMenuCodes(c.label) : c.help;
    if (!c.shortcuts.empty()) t += " (" + c.shortcuts.front() + ")";
    return t;
}
}  // namespace

void Commands::add(Command c) {
    if (by_name_.count(c.name)) throw std::logic_error("command registered twice: " + c.name);
    ids_[c.name] = kFirstId + next_id_++;
    by_name_[c.name] = list_.size();
    list_.push_back(std::move(c));
}

const Command* Commands::find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &list_[it->second];
}

int Commands::id(const std::string& name) const {
    auto it = ids_.find(name);
    if (it == ids_.end()) throw std::logic_error("no command " + name);
    return it->second;
}

bool Commands::enabled(const std::string& name) const {
    const Command* c = find(name);
    return c && (!c->enabled || c->enabled());
}

bool Commands::run(const std::string& name) {
    const Command* c = find(name);
    if (!c || !enabled(name)) return false;
    // A copy: running may register nothing, but may reach update() and the list.
    auto fn = c->run;
    fn();
    return true;
}

void Commands::append(wxMenu* menu, const std::string& name) {
    const Command* c = find(name);
    if (!c) throw std::logic_error("no command " + name);
    wxString label = c->label;
    if (!c->shortcuts.empty()) label += "\t" + c->shortcuts.front();
    if (c->checked) menu->AppendCheckItem(id(name), label, c->help);
    else menu->Append(id(name), label, c->help);
}

void Commands::add_tool(wxToolBar* bar, const std::string& name, const wxString& short_label, const wxString& art_id) {
    const Command* c = find(name);
    bar->AddTool(id(name), short_label, wxArtProvider::GetBitmapBundle(art_id, wxART_TOOLBAR), tooltip(*c));
}

void Commands::bind(wxButton* button, const std::string& name) {
    const Command* c = find(name);
    if (!c) throw std::logic_error("no command " + name);
    button->SetToolTip(tooltip(*c));
    button->Bind(wxEVT_BUTTON, [this, name](wxCommandEvent&) { run(name); });
    buttons_.emplace_back(button, name);
}

void Commands::connect(wxWindow* frame) {
    for (const auto& c : list_) {
        std::string name = c.name;
        frame->Bind(wxEVT_MENU, [this, name](wxCommandEvent&) { run(name); }, id(name));
    }
}

void Commands::update(wxMenuBar* bar, wxToolBar* tools) {
    for (const auto& c : list_) {
        int i = id(c.name);
        bool on = !c.enabled || c.enabled();
        if (bar && bar->FindItem(i)) {
            bar->Enable(i, on);
            if (c.checked) bar->Check(i, c.checked());
            if (c.dynamic_label) {
                wxString label = c.dynamic_label();
                if (!c.shortcuts.empty()) label += "\t" + c.shortcuts.front();
                if (shown_labels_[i] != label) bar->SetLabel(i, label);
                shown_labels_[i] = label;
            }
        }
        if (tools && tools->FindById(i)) tools->EnableTool(i, on);
    }
    for (auto& [button, name] : buttons_) button->Enable(enabled(name));
}

bool Commands::handle_key(const wxKeyEvent& e) {
    for (const auto& c : list_)
        for (const auto& s : c.shortcuts) {
            wxAcceleratorEntry a;
            if (!a.FromString("\t" + s)) continue;
            int key = e.GetKeyCode();
            if (key >= 'a' && key <= 'z') key -= 'a' - 'A';
            int code = a.GetKeyCode();
            if (code >= 'a' && code <= 'z') code -= 'a' - 'A';
            bool page_down = code == WXK_PAGEDOWN && key == WXK_NUMPAD_PAGEDOWN;
            bool page_up = code == WXK_PAGEUP && key == WXK_NUMPAD_PAGEUP;
            if ((key == code || page_down || page_up) && e.GetModifiers() == a.GetFlags()) {
                if (!enabled(c.name)) return false;
                run(c.name);
                return true;
            }
        }
    return false;
}

std::vector<const Command*> Commands::with_shortcuts() const {
    std::vector<const Command*> out;
    for (const auto& c : list_)
        if (!c.shortcuts.empty()) out.push_back(&c);
    return out;
}

}  // namespace fw::app

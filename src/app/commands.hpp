#pragma once
// Every action of the window as a named command (Aegisub's command registry
// is the model): its label, its shortcuts, whether it can run now and what it
// does. Menus, the toolbar, the summary's and the welcome page's buttons, the
// keyboard and the tests all find a command by its name, so an action is
// wired, greyed out and described in one place.
#include <wx/string.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

class wxButton;
class wxKeyEvent;
class wxMenu;
class wxMenuBar;
class wxToolBar;
class wxWindow;

namespace fw::app {

struct Command {
    std::string name;                 // "review.undo"
    wxString label;                   // "&Undo", as a menu shows it
    std::vector<wxString> shortcuts;  // "Ctrl+Z", "Shift+Ctrl+Z": the first is shown in menus
    wxString help;                    // one sentence: tooltips and the status bar
    // Whether it can run now. Rules come from the core (fw::why_not_*,
    // fw::edit_rights); this only asks. Empty: always.
    std::function<bool()> enabled;
    std::function<void()> run;
    // A check item's state (Show only disagreements); empty for plain commands.
    std::function<bool()> checked;
    // The label now ("&Undo Score staffing.1"); empty: `label`.
    std::function<wxString()> dynamic_label;
};

class Commands {
public:
    // Registers a command; its wx id is given here.
    void add(Command c);
    const Command* find(const std::string& name) const;
    int id(const std::string& name) const;
    // Runs the command when it can run now; false when it cannot.
    bool run(const std::string& name);
    bool enabled(const std::string& name) const;

    // The menu entry of a command, with its first shortcut.
    void append(wxMenu* menu, const std::string& name);
    void add_tool(wxToolBar* bar, const std::string& name, const wxString& short_label, const wxString& art_id);
    // A button that runs the command and is greyed out with it.
    void bind(wxButton* button, const std::string& name);
    // Binds the menu and toolbar events of every command to `handler`'s window.
    void connect(wxWindow* frame);
    // Enables, checks and relabels every menu entry, tool and button.
    void update(wxMenuBar* bar, wxToolBar* tools);
    // A shortcut typed anywhere in the window: runs its command (true) when
    // it has one and can run now.
    bool handle_key(const wxKeyEvent& e);
    // Every command that has a shortcut, in registration order: the keyboard map.
    std::vector<const Command*> with_shortcuts() const;

private:
    std::vector<Command> list_;
    std::map<std::string, size_t> by_name_;
    std::vector<std::pair<wxButton*, std::string>> buttons_;
    int next_id_ = 0;
    std::map<std::string, int> ids_;
    std::map<int, wxString> shown_labels_;
};

}  // namespace fw::app

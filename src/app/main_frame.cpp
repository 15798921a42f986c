#include "main_frame.hpp"

#include <wx/button.h>
#include <wx/config.h>
#include <wx/filehistory.h>
#include <wx/intl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/persist/toplevel.h>
#include <wx/scrolwin.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/combobox.h>
#include <wx/spinctrl.h>
#include <wx/srchctrl.h>
#include <wx/toolbar.h>
#include <wx/arrstr.h>
#include <wx/settings.h>
#include <wx/dataview.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "app/program_list.hpp"
#include "app/recovery.hpp"
#include "app/review_page.hpp"
#include "app/summary_pane.hpp"
#include "app/wx_util.hpp"
#include "core/error.hpp"
#include "core/text_file.hpp"

namespace fw::app {

MainFrame::MainFrame(AppSettings settings)
    : wxFrame(nullptr, wxID_ANY, _("Fidelity Workstation"), wxDefaultPosition, wxSize(1366, 768)),
      settings_(std::move(settings)),
      catalog_(std::make_unique<Catalog>(settings_.data_dir)),
      saved_clock_(this),
      changes_clock_(this),
      integrity_clock_(this) {
    SetName("main");
    RegisterCommands();
    BuildMenus();
    BuildLayout();
    CreateStatusBar(3);
    int widths[] = {-3, -1, -2};
    GetStatusBar()->SetStatusWidths(3, widths);
    // Every control stays reachable on a 1024x600 screen.
    SetMinSize(FromDIP(wxSize(800, 560)));
    wxPersistentRegisterAndRestore(this, "main");
    Bind(wxEVT_CHAR_HOOK, &MainFrame::OnCharHook, this);
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::OnClose, this);
    // "Saved 14:03" stays true as minutes pass.
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { ShowSaved(); }, saved_clock_.GetId());
    saved_clock_.Start(30000);
    // Others' changes (another reviewer on the server, another window on the
    // file) show as they happen: asking costs one cheap round trip.
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { ShowChangesElsewhere(); }, changes_clock_.GetId());
    changes_clock_.Start(2000);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { ShowIntegrity(); }, integrity_clock_.GetId());
    RefreshAll();
}

MainFrame::~MainFrame() {
    if (recent_) {
        recent_->Save(*wxConfig::Get());
        delete recent_;
    }
}

void MainFrame::SetQuiet(std::string* sink) {
    quiet_ = sink;
    set_message_sink(sink);
}

wxWindow* MainFrame::BuildWelcome(wxWindow* parent) {
    // What a newcomer sees before any review is open.
    auto* welcome = new wxPanel(parent);
    auto* wbox = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(welcome, wxID_ANY, _("Welcome to the Fidelity Workstation"));
    title->SetFont(title->GetFont().Bold().Scaled(1.5f));
    wbox->Add(title, 0, wxALL, FromDIP(20));
    auto* intro = new wxStaticText(welcome, wxID_ANY,
        _("Score an IPS Supported Employment fidelity review item by item, with both reviewers' scores side by side, "
          "issue the draft report, record up to three contests, issue the final report and draft the action plan. "
          "Every change is saved the moment you make it."));
    intro->Wrap(FromDIP(560));
    wbox->Add(intro, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(20));
    struct {
        const char* command;
        wxString label;
    } buttons[] = {{"file.open_example", _("Open the e&xample review")},
                   {"file.new_program", _("A&dd a program")},
                   {"file.new_review", _("Start a &new review")},
                   {"file.import", _("&Import a review file")}};
    for (const auto& b : buttons) {
        auto* button = new wxButton(welcome, wxID_ANY, b.label);
        commands_.bind(button, b.command);
        wbox->Add(button, 0, wxLEFT | wxBOTTOM, FromDIP(20));
    }
    welcome->SetSizer(wbox);
    return welcome;
}

void MainFrame::BuildLayout() {
    auto* split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, GetClientSize(), wxSP_LIVE_UPDATE | wxSP_3DSASH);
    list_ = new ProgramList(split);
    list_->OnFilterChanged([this] { ReloadList(); });
    list_->OnReviewChosen([this](std::int64_t id, bool activated) {
        if (!session_ || session_->id() != id) OpenReview(id);
        else if (activated) page_->FocusScores();
        // Selected with the arrow keys: the focus stays in the list.
        if (!activated) list_->View()->SetFocus();
    });

    auto* right = new wxPanel(split);
    auto* rbox = new wxBoxSizer(wxHORIZONTAL);
    book_ = new wxSimplebook(right);
    book_->AddPage(BuildWelcome(book_), "welcome");
    page_ = new ReviewPage(book_, [this](const std::string& label, const storage::Database::Change& c, const std::string& key,
                                         const Session::Place& place) { return Apply(label, c, key, place); });
    page_->SetActor(settings_.actor);
    page_->OnItemChanged([this](const std::string&) { RememberSession(); });
    page_->OnTypingPending([](const Session::Place& place, const std::string& field) { record_typing(place, field); });
    book_->AddPage(page_, "review");
    rbox->Add(book_, 1, wxEXPAND);
    summary_ = new SummaryPane(right, commands_);
    summary_->SetMinSize(wxSize(FromDIP(250), -1));
    rbox->Add(summary_, 0, wxEXPAND | wxLEFT, FromDIP(4));
    right->SetSizer(rbox);
    split->SplitVertically(list_, right, FromDIP(250));
    split->SetMinimumPaneSize(FromDIP(160));
}

bool MainFrame::OpenDatabase(const std::string& path, bool create) {
    try {
        storage::OpenOptions options;
        options.create = create;
        // The window shows while SQLite reads every page; nothing is
        // written before that check finds the file sound (ShowIntegrity).
        // It starts at the clock's first tick, after the window has painted
        // (reading 240 MiB would compete with the first paint), or at the
        // first write.
        options.check_in_background = true;
        options.check_when_started = true;
        auto db = std::make_unique<storage::Database>(storage::Database::open(path, settings_.actor, options));
        CloseReview();
        db_ = std::move(db);
        if (path != settings_.example_db) {
            recent_->AddFileToHistory(U(path));
            recent_->Save(*wxConfig::Get());
        }
        // Another database than the one the reviewer was in: nothing to reopen there.
        if (S(wxConfig::Get()->Read("/Session/Database", "")) != db_->path()) record_place(db_->path(), 0, {});
        list_->SetLmeMcos(KnownLmeMcos());
        ReloadList();
        RefreshAll();
        integrity_clock_.Start(250);
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("Cannot open the database"));
        // What was open before stays open; with nothing open the welcome
        // page's buttons are greyed out (they need a database).
        RefreshAll();
        return false;
    }
}

std::vector<std::string> MainFrame::KnownLmeMcos() const {
    // The state's LME-MCOs (a data file an administrator keeps up to date),
    // and any other name the programs carry.
    std::set<std::string> names;
    try {
        wxString text = U(read_text_file(settings_.data_dir + "/scales/lme-mcos.txt"));
        for (wxString line : wxSplit(text, '\n')) {
            line.Trim().Trim(false);
            if (!line.empty() && !line.StartsWith("#")) names.insert(S(line));
        }
    } catch (const std::exception&) {
        // No list installed: the names in the database are offered.
    }
    if (db_)
        for (auto& name : db_->lme_mco_names()) names.insert(std::move(name));
    return {names.begin(), names.end()};
}

std::vector<std::string> MainFrame::KnownReviewers() const {
    std::set<std::string> names;
    if (!settings_.actor.empty()) names.insert(settings_.actor);
    if (db_)
        for (const auto& n : db_->reviewer_names()) names.insert(n);
    return {names.begin(), names.end()};
}

void MainFrame::ReloadList(std::int64_t select_review) {
    list_->Fill(db_.get(), *catalog_, select_review ? select_review : session_ ? session_->id() : 0);
}

void MainFrame::SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days) {
    list_->SetFilter(text, lme_mco, due_within_days);
}

void MainFrame::OpenReview(std::int64_t review_id, const std::string& item) {
    page_->FlushText();
    try {
        session_ = std::make_unique<Session>(*db_, *catalog_, review_id);
    } catch (const std::exception& e) {
        session_.reset();
        Tell(U(e.what()), _("Cannot open the review"));
    }
    book_->SetSelection(session_ ? 1 : 0);
    if (session_) list_->Select(review_id);
    // The page is shown (and sized) before the item is laid out in it.
    Layout();
    page_->Open(session_.get(), item);
    RememberSession();
    RefreshAll();
    if (session_) page_->FocusScores();
}

void MainFrame::CloseReview() {
    page_->FlushText();
    session_.reset();
    page_->Open(nullptr);
    book_->SetSelection(0);
    RefreshAll();
}

bool MainFrame::Apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key,
                      const Session::Place& place) {
    if (!session_) return false;
    try {
        if (session_->apply(label, change, merge_key, place)) {
            // For the restart after a crash: typing is recorded with its text.
            std::string field = merge_key.substr(0, merge_key.find(':'));
            const Rating* rt = session_->review().rating(place.item);
            std::string text;
            if (rt && field == "evidence") text = rt->evidence;
            else if (rt && field == "recommendation") text = rt->recommendation;
            else if (rt && field == "notes")
                for (const auto& [who, w] : rt->independent)
                    if (who == place.rater) text = w.notes;
            bool typed = field == "evidence" || field == "recommendation" || field == "notes";
            record_edit(label, place, session_->revision(), typed ? field : std::string(), text);
        }
    } catch (const RuleError& e) {
        Tell(U(e.what()), _("Not possible"));
        page_->Refresh(session_.get());
        return false;
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("Not saved"));
        page_->Refresh(session_.get());
        return false;
    }
    summary_->Display(session_.get());
    FitSummary();
    page_->Refresh(session_.get());
    ShowSaved();
    UpdateCommands();
    RememberSession();
    // The list line of this review shows its total and stage.
    list_->UpdateReview(db_->review_row(session_->id()), *catalog_);
    return true;
}

void MainFrame::Undo() {
    page_->FlushText();
    if (!session_ || !session_->can_undo()) return;
    try {
        Session::Step done = session_->undo();
        // Back to where the change was made, so the next key acts there.
        page_->ShowPlace(done.place);
        SetStatusText(wxString::Format(_("Undone: %s"), U(done.label)), 0);
    } catch (const std::exception& e) {
        Tell(wxString::Format(_("Cannot undo: %s"), U(e.what())));
        page_->Refresh(session_.get());
    }
    RefreshAll();
    ShowSaved();
    list_->UpdateReview(db_->review_row(session_->id()), *catalog_);
}

void MainFrame::Redo() {
    page_->FlushText();
    if (!session_ || !session_->can_redo()) return;
    try {
        Session::Step done = session_->redo();
        page_->ShowPlace(done.place);
        SetStatusText(wxString::Format(_("Redone: %s"), U(done.label)), 0);
    } catch (const std::exception& e) {
        Tell(wxString::Format(_("Cannot redo: %s"), U(e.what())));
        page_->Refresh(session_.get());
    }
    RefreshAll();
    ShowSaved();
    list_->UpdateReview(db_->review_row(session_->id()), *catalog_);
}

void MainFrame::FitSummary() {
    // As wide as its longest line (within reason: the page needs the room),
    // scrolling down on a short screen.
    int width = std::clamp(summary_->GetSizer()->GetMinSize().x + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, this),
                           FromDIP(250), FromDIP(310));
    if (summary_->GetMinSize().x != width) {
        summary_->SetMinSize(wxSize(width, -1));
        summary_->GetParent()->Layout();
    }
    summary_->FitInside();
}

void MainFrame::ShowIntegrity() {
    if (db_) db_->start_integrity_check();
    std::string damage;
    auto state = db_ ? db_->integrity(&damage) : storage::Database::Integrity::sound;
    if (state == storage::Database::Integrity::checking) return;
    integrity_clock_.Stop();
    if (state != storage::Database::Integrity::damaged) return;
    // Nothing was written to it (every write waited for the check).
    std::string path = db_->path();
    CloseReview();
    db_.reset();
    ReloadList();
    RefreshAll();
    Tell(U(path + " " + damage), _("The database is damaged"));
}

void MainFrame::ShowChangesElsewhere() {
    if (!db_) return;
    try {
        if (!db_->changed_elsewhere()) return;
        if (session_ && db_->review_row(session_->id()).revision != session_->revision()) {
            page_->FlushText();
            session_->reload();
            page_->Open(session_.get(), page_->CurrentItem());
        }
    } catch (const storage::NotFound&) {
        // Deleted elsewhere while it was open here.
        CloseReview();
        SetStatusText(_("The open review was deleted elsewhere."), 0);
    } catch (const std::exception& e) {
        SetStatusText(U(e.what()), 1);
        return;
    }
    ReloadList();
    RefreshAll();
}

void MainFrame::RefreshAll() {
    summary_->Display(session_.get());
    FitSummary();
    UpdateTitle();
    UpdateCommands();
    SetStatusText(db_ ? U(db_->path()) : wxString(_("No database open")), 2);
}

void MainFrame::UpdateTitle() {
    wxString t = _("Fidelity Workstation");
    if (session_)
        t = U(session_->review().program.team) + " " + show(session_->review().review.visit_start) +
            wxString::FromUTF8(" \xE2\x80\x94 ") + t;
    SetTitle(t);
}

void MainFrame::UpdateCommands() { commands_.update(GetMenuBar(), GetToolBar()); }

void MainFrame::ShowSaved() {
    if (!session_ || session_->saved_at().time_since_epoch().count() == 0) {
        SetStatusText(db_ ? _("All changes are saved as you make them") : _("No database open"), 1);
        return;
    }
    std::time_t t = std::chrono::system_clock::to_time_t(session_->saved_at());
    SetStatusText(wxString::Format(_("Saved %s"), wxDateTime(t).Format("%H:%M")), 1);
}

wxString MainFrame::StatusText(int field) const { return GetStatusBar()->GetStatusText(field); }

void MainFrame::Tell(const wxString& message, const wxString& title) {
    if (quiet_) {
        *quiet_ = S(message);
        return;
    }
    wxMessageBox(message, title.empty() ? wxString(_("Fidelity Workstation")) : title, wxOK | wxICON_WARNING, this);
}

void MainFrame::RememberSession() {
    // Where the reviewer is, for "reopen where you were" after a crash.
    if (db_) record_place(db_->path(), session_ ? session_->id() : 0, page_->CurrentItem());
}

void MainFrame::SetActor(const std::string& actor) {
    settings_.actor = actor;
    page_->SetActor(actor);
    wxConfig::Get()->Write("/Reviewer/Name", U(actor));
    wxConfig::Get()->Flush();
    // The database names the actor in its audit rows: open it again as the
    // new name, at the same place.
    if (!db_) return;
    std::int64_t review = session_ ? session_->id() : 0;
    std::string item = page_->CurrentItem();
    if (OpenDatabase(db_->path(), false) && review) OpenReview(review, item);
}

void MainFrame::OnCharHook(wxKeyEvent& e) {
    wxWindow* focus = wxWindow::FindFocus();
    int key = e.GetKeyCode();
    // Escape in the search box clears it.
    if (key == WXK_ESCAPE && !e.HasAnyModifiers() && list_->SearchHasFocus() && list_->ClearSearch()) return;
    // Shortcuts with a modifier or a function key act from anywhere.
    if ((e.HasAnyModifiers() || (key >= WXK_F1 && key <= WXK_F12)) && commands_.handle_key(e)) return;
    // Keys 0-5 score and Page Up/Down move between items, unless the
    // reviewer is typing: in a text box digits are text and Page Down pages.
    bool typing = dynamic_cast<wxTextCtrl*>(focus) || dynamic_cast<wxSearchCtrl*>(focus) ||
                  dynamic_cast<wxSpinCtrl*>(focus) || dynamic_cast<wxComboBox*>(focus) ||
                  (focus && focus->GetParent() && dynamic_cast<wxSearchCtrl*>(focus->GetParent()));
    bool in_page = book_->GetSelection() == 1 && focus && (focus == page_ || page_->IsDescendant(focus));
    if (!e.HasAnyModifiers() && in_page && !typing && page_->HandleKey(key)) return;
    e.Skip();
}

void MainFrame::OnClose(wxCloseEvent& e) {
    page_->FlushText();
    // Edits are already stored; a clean exit only says so.
    record_clean(true);
    e.Skip();
}

}  // namespace fw::app

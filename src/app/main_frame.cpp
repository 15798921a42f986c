#include "main_frame.hpp"

#include <wx/artprov.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/config.h>
#include <wx/filedlg.h>
#include <wx/filehistory.h>
#include <wx/textdlg.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/dirdlg.h>
#include <wx/persist/toplevel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/splitter.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/button.h>
#include <wx/toolbar.h>
#include <wx/treectrl.h>
#include <wx/utils.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "app/review_page.hpp"
#include "app/summary_pane.hpp"
#include "app/wx_util.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/text_file.hpp"
#include "reports/reports.hpp"

namespace fw::app {

namespace {

enum {
    ID_NEW_PROGRAM = wxID_HIGHEST + 1,
    ID_EDIT_PROGRAM,
    ID_IMPLEMENTATION_PLAN,
    ID_NEW_REVIEW,
    ID_OPEN_DB,
    ID_CONNECT_DB,
    ID_IMPORT,
    ID_MERGE,
    ID_EXPORT_PDF,
    ID_EXPORT_HTML,
    ID_EXPORT_XLSX,
    ID_EXPORT_PLAN,
    ID_EXPORT_FILE,
    ID_BATCH_EXPORT,
    ID_OPEN_EXAMPLE,
    ID_FIND,
    ID_NEXT_ITEM,
    ID_PREV_ITEM,
    ID_DISAGREEMENTS,
    ID_AUDIT,
    ID_REEVALUATION,
    ID_GUIDE,
};

struct TreeData : wxTreeItemData {
    TreeData(bool is_program, std::int64_t id) : program(is_program), id(id) {}
    bool program;
    std::int64_t id;
};

wxString review_label(const storage::ReviewRow& r, Catalog& catalog) {
    wxString s = show(r.visit_start) + "  " + U(stage_label(r.stage));
    if (r.total) s += wxString::Format("  %d", *r.total);
    if (!r.tier.empty()) {
        std::string name = r.tier;
        try {
            if (const Tier* t = catalog.policy(r.policy_id).find_tier(r.tier)) name = t->name;
        } catch (const std::exception&) {
            // An unknown policy edition: the tier's id says enough.
        }
        s += "  " + U(name);
    }
    return s;
}

}  // namespace

MainFrame::MainFrame(AppSettings settings)
    : wxFrame(nullptr, wxID_ANY, _("Fidelity Workstation"), wxDefaultPosition, wxSize(1366, 768)),
      settings_(std::move(settings)),
      catalog_(std::make_unique<Catalog>(settings_.data_dir)),
      saved_clock_(this),
      changes_clock_(this) {
    SetName("main");
    BuildMenus();
    BuildLayout();
    CreateStatusBar(3);
    int widths[] = {-3, -1, -2};
    GetStatusBar()->SetStatusWidths(3, widths);
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
    RefreshAll();
}

MainFrame::~MainFrame() {
    if (recent_) {
        recent_->Save(*wxConfig::Get());
        delete recent_;
    }
}

void MainFrame::BuildMenus() {
    auto* file = new wxMenu;
    file->Append(ID_NEW_PROGRAM, _("New &program...\tCtrl+Shift+N"));
    file->Append(ID_NEW_REVIEW, _("&New review...\tCtrl+N"));
    file->Append(ID_EDIT_PROGRAM, _("Program &details..."));
    file->Append(ID_IMPLEMENTATION_PLAN, _("&Implementation-plan meeting (2016)..."));
    file->AppendSeparator();
    file->Append(ID_OPEN_DB, _("&Open database...\tCtrl+O"));
    file->Append(ID_CONNECT_DB, _("&Connect to a shared database..."));
    recent_menu_ = new wxMenu;
    file->AppendSubMenu(recent_menu_, _("&Recent databases"));
    file->Append(ID_OPEN_EXAMPLE, _("Open the e&xample review"));
    file->AppendSeparator();
    file->Append(ID_IMPORT, _("&Import a review file...\tCtrl+I"));
    file->Append(ID_MERGE, _("&Merge the other reviewer's file..."));
    file->AppendSeparator();
    file->Append(ID_EXPORT_PDF, _("&Export the report as PDF...\tCtrl+E"));
    file->Append(ID_EXPORT_HTML, _("Export the report as accessible &HTML..."));
    file->Append(ID_EXPORT_XLSX, _("Export the score &workbook (Excel)...\tCtrl+Shift+E"));
    file->Append(ID_EXPORT_PLAN, _("Export the &action plan..."));
    file->Append(ID_EXPORT_FILE, _("Export the review &file (JSON)..."));
    file->Append(ID_BATCH_EXPORT, _("&Batch export reports..."));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));

    auto* edit = new wxMenu;
    edit->Append(wxID_UNDO, _("&Undo\tCtrl+Z"));
    edit->Append(wxID_REDO, _("&Redo\tCtrl+Y"));
    edit->AppendSeparator();
    edit->Append(ID_FIND, _("&Find a program...\tCtrl+F"));

    auto* review = new wxMenu;
    review->Append(ID_NEXT_ITEM, _("&Next item\tCtrl+PgDn"));
    review->Append(ID_PREV_ITEM, _("&Previous item\tCtrl+PgUp"));
    review->AppendCheckItem(ID_DISAGREEMENTS, _("Show only &disagreements\tCtrl+D"));
    review->AppendSeparator();
    review->Append(ID_ISSUE_DRAFT, _("Issue the d&raft report..."));
    review->Append(ID_RECORD_CONTEST, _("Record a &contest..."));
    review->Append(ID_DECIDE_CONTEST, _("D&ecide a contest..."));
    review->Append(ID_ISSUE_FINAL, _("Issue the &final report..."));
    review->Append(ID_ACTION_PLAN, _("Action p&lan...\tCtrl+L"));
    review->Append(ID_REEVALUATION, _("Follow-up evaluation c&onditions (2016)..."));
    review->AppendSeparator();
    review->Append(ID_AUDIT, _("&Audit trail..."));

    auto* help = new wxMenu;
    help->Append(ID_GUIDE, _("&User guide\tF1"));
    help->Append(wxID_ABOUT, _("&About"));

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(edit, _("&Edit"));
    bar->Append(review, _("&Review"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    recent_ = new wxFileHistory(9);
    recent_->UseMenu(recent_menu_);
    recent_->Load(*wxConfig::Get());
    Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
        wxString path = recent_->GetHistoryFile(size_t(e.GetId() - wxID_FILE1));
        OpenDatabase(S(path), false);
    }, wxID_FILE1, wxID_FILE9);

    // The toolbar: theme icons from wxArtProvider come as bitmap bundles, so
    // they stay sharp at any scale.
    auto* tb = CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_NOICONS * 0);
    auto art = [](const wxArtID& id) { return wxArtProvider::GetBitmapBundle(id, wxART_TOOLBAR); };
    tb->AddTool(ID_NEW_REVIEW, _("New review"), art(wxART_NEW), _("Start a new review (Ctrl+N)"));
    tb->AddTool(ID_IMPORT, _("Import"), art(wxART_FILE_OPEN), _("Import a review file (Ctrl+I)"));
    tb->AddSeparator();
    tb->AddTool(wxID_UNDO, _("Undo"), art(wxART_UNDO), _("Undo (Ctrl+Z)"));
    tb->AddTool(wxID_REDO, _("Redo"), art(wxART_REDO), _("Redo (Ctrl+Y)"));
    tb->AddSeparator();
    tb->AddTool(ID_EXPORT_PDF, _("PDF report"), art(wxART_PRINT), _("Export the report as PDF (Ctrl+E)"));
    tb->AddTool(ID_EXPORT_XLSX, _("Workbook"), art(wxART_REPORT_VIEW), _("Export the score workbook"));
    tb->AddSeparator();
    tb->AddTool(ID_GUIDE, _("Help"), art(wxART_HELP), _("User guide (F1)"));
    tb->Realize();

    auto on = [this](int id, auto fn) { Bind(wxEVT_MENU, [fn](wxCommandEvent&) { fn(); }, id); };
    on(wxID_EXIT, [this] { Close(); });
    on(ID_NEW_PROGRAM, [this] {
        if (!db_) return;
        std::set<std::string> lmes;
        for (const auto& p : db_->programs()) if (!p.details.lme_mco.empty()) lmes.insert(p.details.lme_mco);
        if (auto d = ask_program(this, {}, {lmes.begin(), lmes.end()}, false)) AddProgram(*d);
    });
    on(ID_EDIT_PROGRAM, [this] {
        if (!db_ || !tree_->GetSelection().IsOk()) return;
        auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(tree_->GetSelection()));
        if (!data) return;
        std::int64_t pid = data->program ? data->id : db_->review_row(data->id).program_id;
        auto row = db_->program(pid);
        if (auto d = ask_program(this, row.details, {}, true)) {
            try {
                db_->update_program(pid, *d);
                if (session_) session_->reload();
                RefreshAll();
            } catch (const std::exception& e) {
                Tell(U(e.what()));
            }
        }
    });
    on(ID_IMPLEMENTATION_PLAN, [this] {
        if (!db_ || !tree_->GetSelection().IsOk()) return;
        auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(tree_->GetSelection()));
        if (!data) return;
        std::int64_t pid = data->program ? data->id : db_->review_row(data->id).program_id;
        auto row = db_->program(pid);
        if (auto plan = ask_implementation_plan(this, row.details.team, row.implementation_plan, *catalog_)) {
            try {
                db_->set_implementation_plan(pid, *plan, *catalog_);
                if (session_) session_->reload();
                RefreshTree();
                RefreshAll();
            } catch (const std::exception& e) {
                Tell(U(e.what()));
            }
        }
    });
    on(ID_NEW_REVIEW, [this] {
        if (!db_) return;
        std::int64_t selected = 0;
        if (tree_->GetSelection().IsOk())
            if (auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(tree_->GetSelection())))
                selected = data->program ? data->id : db_->review_row(data->id).program_id;
        if (auto s = ask_new_review(this, db_->programs(), selected, *catalog_, settings_.actor)) AddReview(*s);
    });
    on(ID_OPEN_DB, [this] {
        wxFileDialog d(this, _("Open a workstation database"), wxEmptyString, wxEmptyString,
                       _("Workstation databases (*.db)|*.db|All files (*)|*"), wxFD_OPEN);
        if (d.ShowModal() == wxID_OK) OpenDatabase(S(d.GetPath()), false);
    });
    on(ID_CONNECT_DB, [this] {
        wxTextEntryDialog d(this,
                            _("The shared database's address, as IT gave it: postgresql://ROLE@HOST/DATABASE\n"
                              "(the password comes from ~/.pgpass or PGPASSWORD, never from here)"),
                            _("Connect to a shared database"), "postgresql://");
        if (d.ShowModal() == wxID_OK) OpenDatabase(S(d.GetValue().Strip(wxString::both)), false);
    });
    on(ID_OPEN_EXAMPLE, [this] { OpenExample(); });
    on(ID_IMPORT, [this] {
        wxFileDialog d(this, _("Import a review file"), wxEmptyString, wxEmptyString,
                       _("Review files (*.json)|*.json|All files (*)|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (d.ShowModal() == wxID_OK) ImportReviewFile(S(d.GetPath()));
    });
    on(ID_MERGE, [this] {
        if (!session_) return;
        wxFileDialog d(this, _("Merge the other reviewer's review file"), wxEmptyString, wxEmptyString,
                       _("Review files (*.json)|*.json|All files (*)|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (d.ShowModal() != wxID_OK) return;
        try {
            Review other = read_review_file(S(d.GetPath()), *catalog_);
            auto result = db_->merge_independent(session_->id(), other, *catalog_, S(d.GetPath()));
            session_->reload();
            RefreshAll();
            wxString msg;
            for (const auto& n : result.added) msg += wxString::Format(_("Added the scores of %s.\n"), U(n));
            for (const auto& n : result.already_present) msg += wxString::Format(_("%s's scores were already here: left as they were.\n"), U(n));
            msg += wxString::Format(_("%zu items where the reviewers disagree."), result.disagreements.size());
            Tell(msg, _("Merged"));
            if (!result.disagreements.empty()) page_->SetDisagreementsOnly(true);
        } catch (const std::exception& e) {
            Tell(U(e.what()));
        }
    });
    on(ID_EXPORT_PDF, [this] {
        if (auto p = AskSavePath(_("Export the report as PDF"), ".pdf", _("PDF files (*.pdf)|*.pdf"))) ExportPdf(*p);
    });
    on(ID_EXPORT_HTML, [this] {
        if (auto p = AskSavePath(_("Export the report as HTML"), ".html", _("HTML files (*.html)|*.html"))) ExportHtml(*p);
    });
    on(ID_EXPORT_XLSX, [this] {
        if (auto p = AskSavePath(_("Export the score workbook"), ".xlsx", _("Excel workbooks (*.xlsx)|*.xlsx"))) ExportXlsx(*p);
    });
    on(ID_EXPORT_PLAN, [this] {
        if (auto p = AskSavePath(_("Export the action plan"), "-action-plan.pdf",
                                 _("PDF files (*.pdf)|*.pdf|Excel workbooks (*.xlsx)|*.xlsx")))
            ExportActionPlan(*p);
    });
    on(ID_EXPORT_FILE, [this] {
        if (auto p = AskSavePath(_("Export the review file"), ".json", _("Review files (*.json)|*.json"))) ExportReviewFile(*p);
    });
    on(ID_BATCH_EXPORT, [this] { BatchExport(); });
    on(wxID_UNDO, [this] { Undo(); });
    on(wxID_REDO, [this] { Redo(); });
    on(ID_FIND, [this] { search_->SetFocus(); search_->SelectAll(); });
    on(ID_NEXT_ITEM, [this] { page_->Next(); });
    on(ID_PREV_ITEM, [this] { page_->Previous(); });
    on(ID_DISAGREEMENTS, [this] { page_->SetDisagreementsOnly(GetMenuBar()->IsChecked(ID_DISAGREEMENTS)); });
    auto issue_draft = [this] {
        if (!session_) return;
        std::string why = why_not_issue_draft(session_->review(), session_->scale());
        if (!why.empty()) return Tell(U(why));
        if (auto d = ask_date(this, _("Issue the draft report"),
                              _("The draft report goes to the team. Afterwards scores change only through contests or recorded amendments."),
                              draft_date_range(session_->review())))
            IssueDraft(*d);
    };
    auto record_contest = [this] {
        if (!session_) return;
        if (auto c = ask_contest(this, *session_)) RecordContest(*c);
    };
    auto decide = [this] {
        if (!session_) return;
        if (auto d = ask_decision(this, *session_)) DecideContest(*d);
    };
    auto issue_final = [this] {
        if (!session_) return;
        std::string why = why_not_issue_final(session_->review());
        if (!why.empty()) return Tell(U(why));
        if (auto d = ask_date(this, _("Issue the final report"),
                              _("The final report locks the scores: any later change is an amendment with a reason, shown in the audit trail."),
                              final_date_range(session_->review())))
            IssueFinal(*d);
    };
    auto plan = [this] {
        if (!session_) return;
        if (auto rows = edit_action_plan(this, *session_)) SetActionPlan(*rows);
    };
    on(ID_ISSUE_DRAFT, issue_draft);
    on(ID_RECORD_CONTEST, record_contest);
    on(ID_DECIDE_CONTEST, decide);
    on(ID_ISSUE_FINAL, issue_final);
    on(ID_ACTION_PLAN, plan);
    // The summary pane's buttons carry the same ids.
    Bind(wxEVT_BUTTON, [=](wxCommandEvent&) { issue_draft(); }, ID_ISSUE_DRAFT);
    Bind(wxEVT_BUTTON, [=](wxCommandEvent&) { record_contest(); }, ID_RECORD_CONTEST);
    Bind(wxEVT_BUTTON, [=](wxCommandEvent&) { decide(); }, ID_DECIDE_CONTEST);
    Bind(wxEVT_BUTTON, [=](wxCommandEvent&) { issue_final(); }, ID_ISSUE_FINAL);
    Bind(wxEVT_BUTTON, [=](wxCommandEvent&) { plan(); }, ID_ACTION_PLAN);
    on(ID_REEVALUATION, [this] {
        if (!session_) return;
        if (auto c = edit_reevaluation_criteria(this, *session_))
            Apply("Follow-up evaluation conditions", [c](Review& r, const Scale&, const Policy&) {
                r.review.reevaluation_criteria = *c;
            });
    });
    on(ID_AUDIT, [this] {
        if (!session_) return;
        show_audit(this, db_->audit(session_->id()), _("Audit trail of this review"));
    });
    on(ID_GUIDE, [this] {
        if (settings_.user_guide.empty() || !wxFileName::FileExists(U(settings_.user_guide)) ||
            !wxLaunchDefaultApplication(U(settings_.user_guide)))
            Tell(wxString::Format(_("The user guide is in %s."), U(settings_.user_guide)));
    });
    on(wxID_ABOUT, [this] {
        wxMessageBox(wxString::Format(_("Fidelity Workstation %s\n\nIPS fidelity reviews for North Carolina: scoring, "
                                        "contests (J309), final reports and action plans.\n\nDatabase: %s\nReviewer: %s"),
                                      FIDELITY_VERSION, db_ ? U(db_->path()) : wxString("-"), U(settings_.actor)),
                     _("About"), wxOK | wxICON_INFORMATION, this);
    });
}

void MainFrame::BuildLayout() {
    auto* split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3DSASH);
    auto* side = new wxPanel(split);
    auto* sbox = new wxBoxSizer(wxVERTICAL);
    sbox->Add(new wxStaticText(side, wxID_ANY, _("Find a pro&gram:")), 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
    search_ = new wxSearchCtrl(side, wxID_ANY);
    search_->SetDescriptiveText(_("Agency, team, county"));
    sbox->Add(search_, 0, wxEXPAND | wxALL, FromDIP(6));
    sbox->Add(new wxStaticText(side, wxID_ANY, _("LME-M&CO:")), 0, wxLEFT | wxRIGHT, FromDIP(8));
    lme_filter_ = new wxChoice(side, wxID_ANY);
    sbox->Add(lme_filter_, 0, wxEXPAND | wxALL, FromDIP(6));
    due_filter_ = new wxCheckBox(side, wxID_ANY, _("Next review due &within:"));
    sbox->Add(due_filter_, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
    auto* due = new wxBoxSizer(wxHORIZONTAL);
    due_days_ = new wxSpinCtrl(side, wxID_ANY, "90", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 3650, 90);
    due->Add(due_days_, 0, wxRIGHT, FromDIP(6));
    due->Add(new wxStaticText(side, wxID_ANY, _("days")), 0, wxALIGN_CENTER_VERTICAL);
    sbox->Add(due, 0, wxALL, FromDIP(6));
    sbox->Add(new wxStaticText(side, wxID_ANY, _("&Programs and reviews:")), 0, wxLEFT | wxRIGHT, FromDIP(8));
    tree_ = new wxTreeCtrl(side, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                           wxTR_HAS_BUTTONS | wxTR_HIDE_ROOT | wxTR_LINES_AT_ROOT | wxTR_SINGLE);
    sbox->Add(tree_, 1, wxEXPAND | wxALL, FromDIP(6));
    side->SetSizer(sbox);

    auto* right = new wxPanel(split);
    auto* rbox = new wxBoxSizer(wxHORIZONTAL);
    book_ = new wxSimplebook(right);
    // Welcome page: what a newcomer sees before any review is open.
    auto* welcome = new wxPanel(book_);
    auto* wbox = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(welcome, wxID_ANY, _("Welcome to the Fidelity Workstation"));
    title->SetFont(title->GetFont().Bold().Scaled(1.5f));
    wbox->Add(title, 0, wxALL, FromDIP(20));
    auto* intro = new wxStaticText(welcome, wxID_ANY,
        _("Score an IPS Supported Employment fidelity review item by item, with both reviewers' scores side by side, "
          "issue the draft report, record up to three contests, issue the final report and draft the action plan. "
          "Every change is saved the moment you make it."));
    intro->Wrap(FromDIP(620));
    wbox->Add(intro, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(20));
    auto* example = new wxButton(welcome, ID_OPEN_EXAMPLE, _("Open the e&xample review"));
    auto* newprog = new wxButton(welcome, ID_NEW_PROGRAM, _("A&dd a program"));
    auto* newrev = new wxButton(welcome, ID_NEW_REVIEW, _("Start a &new review"));
    auto* import = new wxButton(welcome, ID_IMPORT, _("&Import a review file"));
    for (auto* b : {example, newprog, newrev, import}) {
        wbox->Add(b, 0, wxLEFT | wxBOTTOM, FromDIP(20));
        b->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
            wxCommandEvent menu(wxEVT_MENU, e.GetId());
            ProcessWindowEvent(menu);
        });
    }
    welcome->SetSizer(wbox);
    book_->AddPage(welcome, "welcome");
    page_ = new ReviewPage(
        book_, [this](const std::string& label, const storage::Database::Change& c, const std::string& key) { return Apply(label, c, key); });
    page_->SetActor(settings_.actor);
    page_->OnItemChanged([this](const std::string&) { RememberSession(); });
    book_->AddPage(page_, "review");
    rbox->Add(book_, 1, wxEXPAND);
    summary_ = new SummaryPane(right);
    summary_->SetMinSize(wxSize(FromDIP(300), -1));
    rbox->Add(summary_, 0, wxEXPAND | wxLEFT, FromDIP(4));
    right->SetSizer(rbox);
    split->SplitVertically(side, right, FromDIP(290));
    split->SetMinimumPaneSize(FromDIP(180));

    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { RefreshTree(); });
    lme_filter_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { RefreshTree(); });
    due_filter_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { RefreshTree(); });
    due_days_->Bind(wxEVT_SPINCTRL, [this](wxCommandEvent&) {
        if (due_filter_->GetValue()) RefreshTree();
    });
    tree_->Bind(wxEVT_TREE_ITEM_ACTIVATED, &MainFrame::OnTreeActivated, this);
    tree_->Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent& e) {
        auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(e.GetItem()));
        if (data && !data->program && (!session_ || session_->id() != data->id)) OpenReview(data->id);
    });
    tree_->Bind(wxEVT_TREE_ITEM_EXPANDING, &MainFrame::OnTreeExpanding, this);
}

bool MainFrame::OpenDatabase(const std::string& path, bool create) {
    try {
        storage::OpenOptions options;
        options.create = create;
        auto db = std::make_unique<storage::Database>(storage::Database::open(path, settings_.actor, options));
        CloseReview();
        db_ = std::move(db);
        recent_->AddFileToHistory(U(path));
        recent_->Save(*wxConfig::Get());
        wxConfig::Get()->Write("/Session/Database", U(path));
        wxConfig::Get()->Flush();
        // Known LME-MCOs for the filter.
        std::set<std::string> lmes;
        for (const auto& p : db_->programs())
            if (!p.details.lme_mco.empty()) lmes.insert(p.details.lme_mco);
        lme_filter_->Clear();
        lme_filter_->Append(_("All LME-MCOs"));
        for (const auto& l : lmes) lme_filter_->Append(U(l));
        lme_filter_->SetSelection(0);
        RefreshTree();
        RefreshAll();
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("Cannot open the database"));
        return false;
    }
}

std::int64_t MainFrame::AddProgram(const storage::ProgramDetails& details) {
    try {
        std::int64_t id = db_->add_program(details);
        if (!details.lme_mco.empty() && lme_filter_->FindString(U(details.lme_mco)) == wxNOT_FOUND)
            lme_filter_->Append(U(details.lme_mco));
        RefreshTree();
        ShowSaved();
        return id;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return 0;
    }
}

std::int64_t MainFrame::AddReview(const ReviewSetup& setup) {
    try {
        Review r;
        r.scale_id = setup.scale_id;
        r.policy_id = setup.policy_id;
        r.policy_given = true;
        auto prog = db_->program(setup.program_id);
        r.program.agency = prog.details.agency;
        r.program.team = prog.details.team;
        r.review.type = setup.type;
        r.review.visit_start = setup.visit_start;
        r.review.visit_end = setup.visit_end;
        r.review.reviewers = setup.reviewers;
        std::int64_t id = db_->create_review(setup.program_id, r, *catalog_);
        RefreshTree(id);
        OpenReview(id);
        return id;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return 0;
    }
}

void MainFrame::OpenReview(std::int64_t review_id, const std::string& item) {
    page_->FlushText();
    try {
        session_ = std::make_unique<Session>(*db_, *catalog_, review_id);
    } catch (const std::exception& e) {
        session_.reset();
        Tell(U(e.what()), _("Cannot open the review"));
    }
    page_->Open(session_.get(), item);
    book_->SetSelection(session_ ? 1 : 0);
    RememberSession();
    RefreshAll();
}

void MainFrame::CloseReview() {
    page_->FlushText();
    session_.reset();
    page_->Open(nullptr);
    book_->SetSelection(0);
    RefreshAll();
}

bool MainFrame::Apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key) {
    if (!session_) return false;
    try {
        session_->apply(label, change, merge_key);
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
    page_->Refresh(session_.get());
    ShowSaved();
    UpdateMenus();
    RememberSession();
    // The list line of this review shows its total and stage.
    if (tree_->GetSelection().IsOk()) {
        auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(tree_->GetSelection()));
        if (data && !data->program && data->id == session_->id())
            tree_->SetItemText(tree_->GetSelection(), review_label(db_->review_row(data->id), *catalog_));
    }
    return true;
}

bool MainFrame::IssueDraft(Date on) {
    page_->FlushText();
    bool ok = Apply("Issue the draft report", [on](Review& r, const Scale& s, const Policy&) { issue_draft(r, s, on); });
    if (ok) page_->Open(session_.get(), page_->CurrentItem());
    return ok;
}

bool MainFrame::RecordContest(const Contest& contest) {
    page_->FlushText();
    return Apply("Contest of " + contest.item,
                 [contest](Review& r, const Scale& s, const Policy& p) { submit_contest(r, s, p, contest); });
}

bool MainFrame::DecideContest(const ContestDecision& d) {
    page_->FlushText();
    return Apply("Decision on " + d.item, [d](Review& r, const Scale&, const Policy& p) {
        decide_contest(r, p, d.item, d.decision, d.score, d.on, d.rationale);
    });
}

bool MainFrame::IssueFinal(Date on) {
    page_->FlushText();
    bool ok = Apply("Issue the final report", [on](Review& r, const Scale&, const Policy&) { issue_final(r, on); });
    if (ok) page_->Open(session_.get(), page_->CurrentItem());
    return ok;
}

bool MainFrame::SetActionPlan(const std::vector<ActionPlanRow>& rows) {
    page_->FlushText();
    return Apply("Action plan", [rows](Review& r, const Scale&, const Policy&) { r.action_plan = rows; });
}

std::int64_t MainFrame::ImportReviewFile(const std::string& path) {
    if (!db_) return 0;
    try {
        Review r = read_review_file(path, *catalog_);
        std::int64_t id = db_->import_review(r, *catalog_, path);
        RefreshTree(id);
        OpenReview(id);
        return id;
    } catch (const InputError& e) {
        wxString all;
        for (const auto& l : e.lines()) all += U(l) + "\n";
        Tell(all, _("The file cannot be imported"));
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("The file cannot be imported"));
    }
    return 0;
}

bool MainFrame::OpenExample() {
    if (!db_) return false;
    // Open the copy imported earlier, if there is one, rather than a second.
    try {
        Review example = read_review_file(settings_.example_review, *catalog_);
        if (auto pid = db_->find_program(example.program.agency, example.program.team)) {
            storage::ReviewFilter f;
            f.program_id = *pid;
            for (const auto& row : db_->reviews(f))
                if (row.visit_start == example.review.visit_start) {
                    RefreshTree(row.id);
                    OpenReview(row.id);
                    return true;
                }
        }
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("The example review cannot be opened"));
        return false;
    }
    return ImportReviewFile(settings_.example_review) != 0;
}

std::string MainFrame::SuggestedName(const std::string& extension) const {
    if (!session_) return "review" + extension;
    const Review& r = session_->review();
    std::string base = r.program.team + " " + r.review.visit_start.iso();
    for (char& c : base)
        if (c == '/' || c == '\\' || c == ':' || c == ' ') c = '-';
    return base + extension;
}

std::optional<std::string> MainFrame::AskSavePath(const wxString& title, const std::string& extension,
                                                  const wxString& wildcard) {
    if (!session_) return std::nullopt;
    wxFileDialog d(this, title, wxConfig::Get()->Read("/Export/Folder", wxGetHomeDir()), U(SuggestedName(extension)),
                   wildcard, wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (d.ShowModal() != wxID_OK) return std::nullopt;
    wxConfig::Get()->Write("/Export/Folder", d.GetDirectory());
    return S(d.GetPath());
}

void MainFrame::OfferOpenFolder(const std::string& path) {
    if (quiet_) return;
    wxFileName fn(U(path));
    wxMessageDialog d(this, wxString::Format(_("Saved %s."), fn.GetFullName()), _("Exported"),
                      wxYES_NO | wxICON_INFORMATION);
    d.SetYesNoLabels(_("&Open the folder"), _("&Close"));
    if (d.ShowModal() == wxID_YES) wxLaunchDefaultApplication(fn.GetPath());
}

namespace {
std::vector<reports::HistoryPoint> history_of(storage::Database& db, Catalog& catalog, const Session& s) {
    // The program's other reviews that the core's trend rule lets on the trend.
    std::vector<reports::HistoryPoint> out;
    storage::ReviewFilter f;
    f.program_id = db.review_row(s.id()).program_id;
    for (const auto& row : db.reviews(f)) {
        if (row.id == s.id()) continue;
        try {
            Review earlier = db.load_review(row.id);
            out.push_back(reports::history_point(earlier, db.scale_of(row.id, catalog), db.policy_of(row.id, catalog),
                                                 s.review()));
        } catch (const RuleError&) {
            // Not an earlier finished review: not on the trend.
        }
    }
    return out;
}
}  // namespace

bool MainFrame::Export(const std::string& path, const wxString& failed, const std::function<void()>& write) {
    page_->FlushText();
    if (!session_) return false;
    try {
        write();
        OfferOpenFolder(path);
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()), failed);
        return false;
    }
}

namespace {
// The stage the review is at, the installed templates and, for the trend
// chart, the program's earlier final reviews.
reports::ReportOptions report_options(const Session& s, const std::string& data_dir,
                                      std::vector<reports::HistoryPoint> history = {}) {
    reports::ReportOptions o;
    o.stage = reports::default_stage(s.review());
    o.data_dir = data_dir;
    o.history = std::move(history);
    return o;
}
}  // namespace

bool MainFrame::ExportPdf(const std::string& path) {
    return Export(path, _("The report was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir, history_of(*db_, *catalog_, *session_));
        reports::render_pdf(session_->review(), session_->scale(), session_->policy(), o, path);
    });
}

// The same report as one accessible HTML file, the alternative agencies post.
bool MainFrame::ExportHtml(const std::string& path) {
    return Export(path, _("The HTML report was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir, history_of(*db_, *catalog_, *session_));
        reports::render_html(session_->review(), session_->scale(), session_->policy(), o, path);
    });
}

bool MainFrame::ExportXlsx(const std::string& path) {
    return Export(path, _("The workbook was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir, history_of(*db_, *catalog_, *session_));
        reports::render_xlsx(session_->review(), session_->scale(), session_->policy(), o, path);
    });
}

bool MainFrame::ExportActionPlan(const std::string& path) {
    return Export(path, _("The action plan was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir);
        bool xlsx = path.size() > 5 && path.compare(path.size() - 5, 5, ".xlsx") == 0;
        (xlsx ? reports::render_action_plan_xlsx : reports::render_action_plan_pdf)(
            session_->review(), session_->scale(), session_->policy(), o, path);
    });
}

bool MainFrame::ExportReviewFile(const std::string& path) {
    return Export(path, _("The review file was not exported"),
                  [&] { write_file_atomically(path, write_review(session_->review())); });
}

void MainFrame::BatchExport() {
    if (!db_) return;
    // The reviews the list shows now (its filters apply), final ones only.
    storage::ReviewFilter f;
    f.text = S(search_->GetValue());
    if (lme_filter_->GetSelection() > 0) f.lme_mco = S(lme_filter_->GetStringSelection());
    if (due_filter_->GetValue()) f.due_within_days = due_days_->GetValue();
    std::vector<storage::ReviewRow> rows;
    for (const auto& r : db_->reviews(f))
        if (r.stage == Stage::final) rows.push_back(r);
    if (rows.empty()) return Tell(_("No final review matches the list's filters."));
    wxDirDialog dd(this, wxString::Format(_("Export %zu final reports (PDF) into"), rows.size()),
                   wxConfig::Get()->Read("/Export/Folder", wxGetHomeDir()));
    if (dd.ShowModal() != wxID_OK) return;
    std::string dir = S(dd.GetPath());
    wxProgressDialog progress(_("Batch export"), _("Preparing..."), int(rows.size()), this,
                              wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME | wxPD_REMAINING_TIME);
    int done = 0, failed = 0;
    wxString failures;
    for (const auto& row : rows) {
        // The id keeps two same-named teams visited the same day apart.
        std::string name = row.team + " " + row.agency + " " + row.visit_start.iso() + " " + std::to_string(row.id) + ".pdf";
        for (char& c : name)
            if (c == '/' || c == '\\' || c == ':' || c == ' ') c = '-';
        if (!progress.Update(done, wxString::Format(_("%s (%d of %zu)"), U(name), done + 1, rows.size()))) break;
        try {
            Review r = db_->load_review(row.id);
            reports::ReportOptions o;
            o.stage = reports::ReportOptions::Stage::final;
            o.data_dir = settings_.data_dir;
            reports::render_pdf(r, db_->scale_of(row.id, *catalog_), db_->policy_of(row.id, *catalog_), o, dir + "/" + name);
        } catch (const std::exception& e) {
            ++failed;
            failures += U(name) + ": " + U(e.what()) + "\n";
        }
        ++done;
    }
    progress.Update(int(rows.size()));
    if (failed) Tell(wxString::Format(_("%d of %d reports could not be made:\n%s"), failed, done, failures));
    wxMessageDialog d(this, wxString::Format(_("%d reports exported."), done - failed), _("Batch export"), wxYES_NO);
    d.SetYesNoLabels(_("&Open the folder"), _("&Close"));
    if (!quiet_ && d.ShowModal() == wxID_YES) wxLaunchDefaultApplication(U(dir));
}

void MainFrame::Undo() {
    page_->FlushText();
    if (!session_ || !session_->can_undo()) return;
    try {
        session_->undo();
    } catch (const std::exception& e) {
        Tell(wxString::Format(_("Cannot undo: %s"), U(e.what())));
    }
    page_->Open(session_.get(), page_->CurrentItem());
    RefreshAll();
    ShowSaved();
}

void MainFrame::Redo() {
    page_->FlushText();
    if (!session_ || !session_->can_redo()) return;
    try {
        session_->redo();
    } catch (const std::exception& e) {
        Tell(wxString::Format(_("Cannot redo: %s"), U(e.what())));
    }
    page_->Open(session_.get(), page_->CurrentItem());
    RefreshAll();
    ShowSaved();
}

void MainFrame::SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days) {
    search_->ChangeValue(text);
    int i = lme_mco.empty() ? 0 : lme_filter_->FindString(lme_mco);
    lme_filter_->SetSelection(i == wxNOT_FOUND ? 0 : i);
    due_filter_->SetValue(due_within_days.has_value());
    if (due_within_days) due_days_->SetValue(*due_within_days);
    RefreshTree();
}

void MainFrame::RefreshTree(std::int64_t select_review) {
    tree_->Freeze();
    tree_->DeleteAllItems();
    wxTreeItemId root = tree_->AddRoot("root");
    if (db_) {
        std::string text = S(search_->GetValue());
        std::string lme = lme_filter_->GetSelection() > 0 ? S(lme_filter_->GetStringSelection()) : std::string();
        if (due_filter_->GetValue()) {
            // Only the programs whose next review is due in the window.
            storage::ReviewFilter f;
            f.text = text;
            f.lme_mco = lme;
            f.due_within_days = due_days_->GetValue();
            std::map<std::int64_t, std::vector<storage::ReviewRow>> by_program;
            std::map<std::int64_t, Due> due_of;  // what the core says is due, per program
            for (const auto& r : db_->reviews(f)) {
                by_program[r.program_id].push_back(r);
                if (r.due) due_of.emplace(r.program_id, *r.due);
            }
            storage::ProgramFilter pf;
            pf.text = text;
            pf.lme_mco = lme;
            pf.due_within_days = f.due_within_days;
            for (const auto& p : db_->programs(pf)) {
                by_program[p.id];
                due_of.emplace(p.id, *p.implementation_plan_due);
            }
            for (const auto& [pid, rows] : by_program) {
                auto p = db_->program(pid);
                const Due& due = due_of.at(pid);
                wxString what = due.kind == DueKind::next_review ? wxString::Format(_("due %s"), show(due.by))
                                                                 : U(due_label(due.kind)) + " " + wxString::Format(_("due %s"), show(due.by));
                if (!due.condition.empty()) what += ", " + U(due.condition);
                auto node = tree_->AppendItem(root, U(p.details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(p.details.agency) +
                                                        "  (" + what + ")",
                                              -1, -1, new TreeData(true, pid));
                for (const auto& r : rows) {
                    auto child = tree_->AppendItem(node, review_label(r, *catalog_), -1, -1, new TreeData(false, r.id));
                    if (r.id == select_review) tree_->SelectItem(child);
                }
                tree_->Expand(node);
            }
        } else {
            storage::ProgramFilter f;
            f.text = text;
            f.lme_mco = lme;
            for (const auto& p : db_->programs(f)) {
                auto node = tree_->AppendItem(root, U(p.details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(p.details.agency),
                                              -1, -1, new TreeData(true, p.id));
                // Reviews are read when the program is opened: the list stays
                // quick with thousands of reviews.
                if (p.review_count > 0) tree_->SetItemHasChildren(node, true);
                if (select_review) {
                    try {
                        if (db_->review_row(select_review).program_id == p.id) {
                            tree_->Expand(node);
                            wxTreeItemIdValue cookie;
                            for (auto c = tree_->GetFirstChild(node, cookie); c.IsOk(); c = tree_->GetNextChild(node, cookie))
                                if (auto* d = dynamic_cast<TreeData*>(tree_->GetItemData(c)); d && d->id == select_review)
                                    tree_->SelectItem(c);
                        }
                    } catch (const std::exception&) {
                    }
                }
            }
        }
    }
    tree_->Thaw();
}

void MainFrame::OnTreeExpanding(wxTreeEvent& e) {
    wxTreeItemId node = e.GetItem();
    auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(node));
    if (!data || !data->program || tree_->GetChildrenCount(node, false) > 0 || !db_) return;
    storage::ReviewFilter f;
    f.program_id = data->id;
    for (const auto& r : db_->reviews(f)) tree_->AppendItem(node, review_label(r, *catalog_), -1, -1, new TreeData(false, r.id));
}

void MainFrame::OnTreeActivated(wxTreeEvent& e) {
    auto* data = dynamic_cast<TreeData*>(tree_->GetItemData(e.GetItem()));
    if (!data) return;
    if (data->program) tree_->Toggle(e.GetItem());
    else OpenReview(data->id);
}

void MainFrame::ShowChangesElsewhere() {
    if (!db_) return;
    try {
        if (!db_->changed_elsewhere()) return;
        if (session_ && db_->load(session_->id()).revision != session_->revision()) {
            page_->FlushText();
            session_->reload();
            page_->Open(session_.get(), page_->CurrentItem());
        }
    } catch (const std::exception& e) {
        SetStatusText(U(e.what()), 1);
        return;
    }
    RefreshTree(session_ ? session_->id() : 0);
    RefreshAll();
}

void MainFrame::RefreshAll() {
    summary_->Display(session_.get());
    UpdateTitle();
    UpdateMenus();
    if (db_) SetStatusText(U(db_->path()), 2);
}

void MainFrame::UpdateTitle() {
    wxString t = _("Fidelity Workstation");
    if (session_) t = U(session_->review().program.team) + " " + show(session_->review().review.visit_start) + wxString::FromUTF8(" \xE2\x80\x94 ") + t;
    SetTitle(t);
}

void MainFrame::UpdateMenus() {
    wxMenuBar* bar = GetMenuBar();
    bool open = session_ != nullptr;
    for (int id : {ID_EXPORT_PDF, ID_EXPORT_HTML, ID_EXPORT_XLSX, ID_EXPORT_PLAN, ID_EXPORT_FILE, ID_NEXT_ITEM, ID_PREV_ITEM,
                   ID_DISAGREEMENTS, ID_AUDIT, ID_MERGE})
        bar->Enable(id, open);
    bar->Enable(ID_NEW_PROGRAM, db_ != nullptr);
    bar->Enable(ID_NEW_REVIEW, db_ != nullptr);
    bar->Enable(ID_IMPORT, db_ != nullptr);
    bar->Enable(wxID_UNDO, open && session_->can_undo());
    bar->Enable(wxID_REDO, open && session_->can_redo());
    bar->SetLabel(wxID_UNDO, open && session_->can_undo() ? wxString::Format(_("&Undo %s\tCtrl+Z"), U(session_->undo_label()))
                                                         : wxString(_("&Undo\tCtrl+Z")));
    bar->SetLabel(wxID_REDO, open && session_->can_redo() ? wxString::Format(_("&Redo %s\tCtrl+Y"), U(session_->redo_label()))
                                                         : wxString(_("&Redo\tCtrl+Y")));
    if (GetToolBar()) {
        GetToolBar()->EnableTool(wxID_UNDO, open && session_->can_undo());
        GetToolBar()->EnableTool(wxID_REDO, open && session_->can_redo());
        GetToolBar()->EnableTool(ID_EXPORT_PDF, open);
        GetToolBar()->EnableTool(ID_EXPORT_XLSX, open);
    }
    if (open) {
        const Review& r = session_->review();
        bar->Enable(ID_ISSUE_DRAFT, why_not_issue_draft(r, session_->scale()).empty());
        bar->Enable(ID_RECORD_CONTEST, why_not_submit_contest(r, session_->scale(), session_->policy(), "").empty());
        bar->Enable(ID_DECIDE_CONTEST, why_not_decide_contest(r, "").empty());
        bar->Enable(ID_ISSUE_FINAL, why_not_issue_final(r).empty());
        bar->Enable(ID_ACTION_PLAN, session_->summary().complete);
        bar->Enable(ID_REEVALUATION, session_->policy().reevaluation.has_value());
    } else {
        for (int id : std::initializer_list<int>{ID_ISSUE_DRAFT, ID_RECORD_CONTEST, ID_DECIDE_CONTEST, ID_ISSUE_FINAL,
                                                 ID_ACTION_PLAN, ID_REEVALUATION})
            bar->Enable(id, false);
    }
}

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
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/Review", session_ ? long(session_->id()) : 0L);
    c->Write("/Session/Item", U(page_->CurrentItem()));
    c->Flush();
}

void MainFrame::OnCharHook(wxKeyEvent& e) {
    // Keys 1-5 choose a score and Page Up/Down move between items, unless the
    // reviewer is typing text.
    wxWindow* focus = wxWindow::FindFocus();
    bool typing = dynamic_cast<wxTextCtrl*>(focus) || dynamic_cast<wxSearchCtrl*>(focus) ||
                  dynamic_cast<wxSpinCtrl*>(focus) || dynamic_cast<wxComboBox*>(focus) ||
                  (focus && focus->GetParent() && dynamic_cast<wxSearchCtrl*>(focus->GetParent()));
    bool in_page = book_->GetSelection() == 1 && focus && (focus == page_ || page_->IsDescendant(focus));
    int key = e.GetKeyCode();
    bool page_key = key == WXK_PAGEDOWN || key == WXK_PAGEUP || key == WXK_NUMPAD_PAGEDOWN || key == WXK_NUMPAD_PAGEUP;
    if (!e.HasAnyModifiers() && book_->GetSelection() == 1 && ((in_page && !typing) || (page_key && in_page))) {
        if (page_->HandleKey(key)) return;
    }
    e.Skip();
}

void MainFrame::OnClose(wxCloseEvent& e) {
    page_->FlushText();
    // Edits are already stored; a clean exit only says so.
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/Clean", true);
    c->Flush();
    e.Skip();
}

}  // namespace fw::app

// The window's commands, and the menus and toolbar made from them. Whether a
// command can run is asked of the core (fw::why_not_*, fw::edit_rights) or of
// what is open; what it does is a MainFrame method, or a dialog and then one.
#include <wx/artprov.h>
#include <wx/config.h>
#include <wx/filedlg.h>
#include <wx/filehistory.h>
#include <wx/intl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/textdlg.h>
#include <wx/toolbar.h>

#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

void MainFrame::RegisterCommands() {
    RegisterFileCommands();
    RegisterReviewCommands();
    commands_.add({"edit.undo", _("&Undo"), {"Ctrl+Z"}, _("Take back the last change"),
                   [this] { return session_ && session_->can_undo(); }, [this] { Undo(); }, {},
                   [this] {
                       return session_ && session_->can_undo() ? wxString::Format(_("&Undo %s"), U(session_->undo_label()))
                                                               : wxString(_("&Undo"));
                   }});
    commands_.add({"edit.redo", _("&Redo"), {"Ctrl+Y", "Shift+Ctrl+Z"}, _("Make the change again"),
                   [this] { return session_ && session_->can_redo(); }, [this] { Redo(); }, {},
                   [this] {
                       return session_ && session_->can_redo() ? wxString::Format(_("&Redo %s"), U(session_->redo_label()))
                                                               : wxString(_("&Redo"));
                   }});
    commands_.add({"edit.find", _("&Find a program..."), {"Ctrl+F"}, _("Search the programs by agency, team or county"),
                   {}, [this] { list_->FocusSearch(); }});
    commands_.add({"help.guide", _("&User guide"), {"F1"}, _("The user guide, at the part about this screen"), {},
                   [this] { ShowHelp(); }});
    commands_.add({"help.keys", _("&Keyboard map"), {}, _("Every key the workstation knows"), {},
                   [this] { ShowKeyboardMap(); }});
    commands_.add({"help.about", _("&About"), {}, {}, {}, [this] {
                       wxMessageBox(wxString::Format(_("Fidelity Workstation %s\n\nIPS fidelity reviews for North Carolina: "
                                                       "scoring, contests (J309), final reports and action plans.\n\n"
                                                       "Database: %s\nReviewer: %s"),
                                                     FIDELITY_VERSION, db_ ? U(db_->path()) : wxString("-"),
                                                     U(settings_.actor)),
                                    _("About"), wxOK | wxICON_INFORMATION, this);
                   }});
    commands_.connect(this);
}

void MainFrame::RegisterFileCommands() {
    auto have_db = [this] { return db_ != nullptr; };
    auto open = [this] { return session_ != nullptr; };
    // The program the command is about: the selected one, else the open review's.
    auto program = [this]() -> std::int64_t {
        if (std::int64_t p = list_->SelectedProgram()) return p;
        return session_ ? db_->review_row(session_->id()).program_id : 0;
    };
    commands_.add({"file.new_program", _("New &program..."), {"Ctrl+Shift+N"}, _("Add an IPS team of an agency"), have_db,
                   [this] {
                       if (auto d = ask_program(this, {}, KnownLmeMcos(), false)) AddProgram(*d);
                   }});
    commands_.add({"file.new_review", _("&New review..."), {"Ctrl+N"}, _("Start a review of a program"), have_db,
                   [this, program] {
                       if (auto s = ask_new_review(this, db_->programs(), program(), *catalog_, settings_.actor,
                                                   KnownReviewers()))
                           AddReview(*s);
                   }});
    commands_.add({"file.edit_program", _("Program &details..."), {}, _("Correct the program's agency, team, LME-MCO, county or start"),
                   [have_db, program] { return have_db() && program() != 0; },
                   [this, program] {
                       std::int64_t pid = program();
                       if (auto d = ask_program(this, db_->program(pid).details, KnownLmeMcos(), true)) UpdateProgram(pid, *d);
                   }});
    commands_.add({"file.edit_review", _("Re&view details..."), {}, _("Correct the review's type, visit dates, reviewers or policy (until the draft report)"),
                   [this] { return session_ && session_->rights().review_facts; },
                   [this] {
                       if (auto f = ask_review_facts(this, session_->review(), *catalog_, KnownReviewers())) UpdateReviewFacts(*f);
                   }});
    commands_.add({"file.delete_review", _("De&lete this review..."), {}, _("Delete a review that is still being scored"),
                   [this] { return session_ && why_not_delete(session_->review()).empty(); },
                   [this] { DeleteReview(); }});
    commands_.add({"file.implementation_plan", _("&Implementation-plan meeting (2016)..."), {}, {},
                   [have_db, program] { return have_db() && program() != 0; },
                   [this, program] {
                       std::int64_t pid = program();
                       auto row = db_->program(pid);
                       if (auto plan = ask_implementation_plan(this, row.details.team, row.implementation_plan, *catalog_)) {
                           try {
                               db_->set_implementation_plan(pid, *plan, *catalog_);
                               if (session_) session_->reload();
                               ReloadList();
                               RefreshAll();
                           } catch (const std::exception& e) {
                               Tell(U(e.what()));
                           }
                       }
                   }});
    commands_.add({"file.open_db", _("&Open database..."), {"Ctrl+O"}, {}, {}, [this] {
                       wxFileDialog d(this, _("Open a workstation database"), wxEmptyString, wxEmptyString,
                                      _("Workstation databases (*.db)|*.db|All files (*)|*"), wxFD_OPEN);
                       if (d.ShowModal() == wxID_OK) OpenDatabase(S(d.GetPath()), false);
                   }});
    commands_.add({"file.connect_db", _("&Connect to a shared database..."), {},
                   _("Open a PostgreSQL database that several reviewers share"), {}, [this] {
                       wxTextEntryDialog d(this,
                                           _("The shared database's address, as IT gave it: postgresql://ROLE@HOST/DATABASE\n"
                                             "(the password comes from ~/.pgpass or PGPASSWORD, never from here)"),
                                           _("Connect to a shared database"), "postgresql://");
                       if (d.ShowModal() == wxID_OK) OpenDatabase(S(d.GetValue().Strip(wxString::both)), false);
                   }});
    commands_.add({"file.open_example", _("Open the e&xample review"), {}, _("A finished review, kept in a sample database of its own"),
                   {}, [this] { OpenExample(); }});
    commands_.add({"file.import", _("&Import a review file..."), {"Ctrl+I"}, {}, have_db, [this] {
                       wxFileDialog d(this, _("Import a review file"), wxEmptyString, wxEmptyString,
                                      _("Review files (*.json)|*.json|All files (*)|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
                       if (d.ShowModal() == wxID_OK) ImportReviewFile(S(d.GetPath()));
                   }});
    commands_.add({"file.merge", _("&Merge the other reviewer's file..."), {}, {},
                   [this] { return session_ && session_->rights().independent_work; }, [this] {
                       wxFileDialog d(this, _("Merge the other reviewer's review file"), wxEmptyString, wxEmptyString,
                                      _("Review files (*.json)|*.json|All files (*)|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
                       if (d.ShowModal() == wxID_OK) MergeReviewFile(S(d.GetPath()));
                   }});
    commands_.add({"file.your_name", _("Your &name..."), {}, _("The name the audit trail records for your changes"), {},
                   [this] { AskActor(); }});
    commands_.add({"file.quit", _("&Quit"), {"Ctrl+Q"}, {}, {}, [this] { Close(); }});

    commands_.add({"export.pdf", _("The &report as PDF..."), {"Ctrl+Shift+E"}, _("The draft or final report, as the stage is"), open, [this] {
                       if (auto p = AskSavePath(_("Export the report as PDF"), ".pdf", _("PDF files (*.pdf)|*.pdf"))) ExportPdf(*p);
                   }});
    commands_.add({"export.html", _("The report as accessible &HTML..."), {}, _("The same report as one accessible web page"), open, [this] {
                       if (auto p = AskSavePath(_("Export the report as HTML"), ".html", _("HTML files (*.html)|*.html")))
                           ExportHtml(*p);
                   }});
    commands_.add({"export.xlsx", _("The score &workbook (Excel)..."), {}, {}, open, [this] {
                       if (auto p = AskSavePath(_("Export the score workbook"), ".xlsx", _("Excel workbooks (*.xlsx)|*.xlsx")))
                           ExportXlsx(*p);
                   }});
    commands_.add({"export.plan", _("The &action plan..."), {}, {}, open, [this] {
                       if (auto p = AskSavePath(_("Export the action plan"), "-action-plan.pdf",
                                                _("PDF files (*.pdf)|*.pdf|Excel workbooks (*.xlsx)|*.xlsx")))
                           ExportActionPlan(*p);
                   }});
    commands_.add({"export.file", _("The review &file (JSON)..."), {}, _("For the other reviewer, or another workstation"), open, [this] {
                       if (auto p = AskSavePath(_("Export the review file"), ".json", _("Review files (*.json)|*.json")))
                           ExportReviewFile(*p);
                   }});
    commands_.add({"export.batch", _("&Batch export final reports..."), {}, _("The final PDF of every final review the list shows"),
                   have_db, [this] { BatchExport(); }});
}

void MainFrame::RegisterReviewCommands() {
    auto open = [this] { return session_ != nullptr; };
    auto on_page = [this] { return session_ != nullptr; };
    commands_.add({"review.next", _("&Next item"), {"Ctrl+PgDn"}, {}, on_page, [this] { page_->Next(); }});
    commands_.add({"review.previous", _("&Previous item"), {"Ctrl+PgUp"}, {}, on_page, [this] { page_->Previous(); }});
    commands_.add({"review.evidence", _("Write the &evidence"), {"Ctrl+E"}, _("To the evidence (or the reviewer's notes) of this item"),
                   on_page, [this] { page_->FocusEvidence(); }});
    commands_.add({"review.recommendation", _("Write the recommen&dation"), {"Ctrl+R"}, {}, on_page,
                   [this] { page_->FocusRecommendation(); }});
    commands_.add({"review.scores", _("Back to the &scores"), {"Ctrl+Shift+S"}, _("The anchors of this item: keys 1-5 score, 0 clears"),
                   on_page, [this] { page_->FocusScores(); }});
    commands_.add({"review.disagreements", _("Show only d&isagreements"), {"Ctrl+D"}, {}, on_page,
                   [this] { page_->SetDisagreementsOnly(!page_->DisagreementsOnly()); }, [this] { return page_->DisagreementsOnly(); }});
    commands_.add({"review.accept_agreed", _("Accept the a&greed scores"), {"Ctrl+Shift+A"},
                   _("The consensus of every unscored item where the reviewers gave the same score"),
                   [this] {
                       if (!session_ || !session_->rights().consensus_score) return false;
                       Review copy = session_->review();
                       return !accept_agreed_scores(copy, session_->scale()).empty();
                   },
                   [this] { AcceptAgreedScores(); }});
    commands_.add({"review.issue_draft", _("Issue the d&raft report..."), {}, {},
                   [this] { return session_ && why_not_issue_draft(session_->review(), session_->scale()).empty(); },
                   [this] {
                       // Items without evidence: the report would print them bare.
                       wxString bare;
                       int count = 0;
                       for (const auto& it : session_->scale().items) {
                           const Rating* rt = session_->review().rating(it.id);
                           if (!rt || wxString(U(rt->evidence)).Strip(wxString::both).empty()) {
                               bare += "\n" + item_label(session_->scale(), it.id);
                               ++count;
                           }
                       }
                       if (count && ask(this, wxString::Format(_("%d items have no evidence, and the draft report would "
                                                                 "print them without any:%s\n\nIssue the draft all the same?"),
                                                               count, bare),
                                        _("Issue the draft report"), {_("&Issue it"), _("&Not yet")}) != wxID_YES)
                           return;
                       if (auto d = ask_date(this, _("Issue the draft report"),
                                             _("The draft report goes to the team. Afterwards scores change only through "
                                               "contests or recorded amendments."),
                                             draft_date_range(session_->review()), "draft report date"))
                           IssueDraft(*d);
                   }});
    commands_.add({"review.correct_draft_date", _("Correct the draft report's da&te..."), {}, _("Until a contest or an amendment follows it"),
                   [this] { return session_ && why_not_correct_draft_date(session_->review()).empty(); },
                   [this] {
                       if (auto d = ask_date(this, _("Correct the draft report's date"),
                                             wxString::Format(_("The draft report is dated %s. The correction is kept in the "
                                                                "audit trail."),
                                                              show(session_->review().review.draft_report_date)),
                                             draft_date_range(session_->review()), "draft report date"))
                           CorrectDraftDate(*d);
                   }});
    commands_.add({"review.record_contest", _("Record a &contest..."), {}, {},
                   [this] { return session_ && why_not_submit_contest(session_->review(), session_->scale(), session_->policy(), "").empty(); },
                   [this] {
                       if (auto c = ask_contest(this, *session_)) RecordContest(*c);
                   }});
    commands_.add({"review.decide_contest", _("D&ecide a contest..."), {}, {},
                   [this] { return session_ && why_not_decide_contest(session_->review(), "").empty(); },
                   [this] {
                       if (auto d = ask_decision(this, *session_)) DecideContest(*d);
                   }});
    commands_.add({"review.issue_final", _("Issue the &final report..."), {}, {},
                   [this] { return session_ && why_not_issue_final(session_->review()).empty(); },
                   [this] {
                       if (auto d = ask_date(this, _("Issue the final report"),
                                             _("The final report locks the scores: any later change is an amendment with a "
                                               "reason, shown in the audit trail."),
                                             final_date_range(session_->review()), "final report date"))
                           IssueFinal(*d);
                   }});
    commands_.add({"review.correct_final_date", _("Correct the final report's dat&e..."), {}, _("Until an amendment follows it"),
                   [this] { return session_ && why_not_correct_final_date(session_->review()).empty(); },
                   [this] {
                       if (auto d = ask_date(this, _("Correct the final report's date"),
                                             wxString::Format(_("The final report is dated %s. The correction is kept in the "
                                                                "audit trail."),
                                                              show(session_->review().review.final_report_date)),
                                             final_date_range(session_->review()), "final report date"))
                           CorrectFinalDate(*d);
                   }});
    commands_.add({"review.action_plan", _("Action p&lan..."), {"Ctrl+L"}, {},
                   [this] { return session_ && session_->summary().complete; },
                   [this] {
                       if (auto rows = edit_action_plan(this, *session_)) SetActionPlan(*rows);
                   }});
    commands_.add({"review.reevaluation", _("Follow-up evaluation c&onditions (2016)..."), {}, {},
                   [this] { return session_ && session_->policy().reevaluation.has_value(); },
                   [this] {
                       if (auto c = edit_reevaluation_criteria(this, *session_))
                           Apply("Follow-up evaluation conditions",
                                 [c](Review& r, const Scale&, const Policy&) { r.review.reevaluation_criteria = *c; });
                   }});
    commands_.add({"review.audit", _("&Audit trail..."), {}, {}, open, [this] {
                       show_audit(this, db_->audit(session_->id()), _("Audit trail of this review"));
                   }});
}

void MainFrame::BuildMenus() {
    auto* file = new wxMenu;
    for (const char* name : {"file.new_program", "file.new_review", "file.edit_program", "file.edit_review",
                             "file.delete_review", "file.implementation_plan"})
        commands_.append(file, name);
    file->AppendSeparator();
    commands_.append(file, "file.open_db");
    commands_.append(file, "file.connect_db");
    recent_menu_ = new wxMenu;
    file->AppendSubMenu(recent_menu_, _("&Recent databases"));
    commands_.append(file, "file.open_example");
    file->AppendSeparator();
    commands_.append(file, "file.import");
    commands_.append(file, "file.merge");
    file->AppendSeparator();
    commands_.append(file, "file.your_name");
    commands_.append(file, "file.quit");

    auto* edit = new wxMenu;
    commands_.append(edit, "edit.undo");
    commands_.append(edit, "edit.redo");
    edit->AppendSeparator();
    commands_.append(edit, "edit.find");

    auto* review = new wxMenu;
    for (const char* name : {"review.next", "review.previous", "review.scores", "review.evidence",
                             "review.recommendation", "review.disagreements"})
        commands_.append(review, name);
    review->AppendSeparator();
    commands_.append(review, "review.accept_agreed");
    review->AppendSeparator();
    for (const char* name : {"review.issue_draft", "review.correct_draft_date", "review.record_contest",
                             "review.decide_contest", "review.issue_final", "review.correct_final_date",
                             "review.action_plan", "review.reevaluation"})
        commands_.append(review, name);
    review->AppendSeparator();
    commands_.append(review, "review.audit");

    auto* exports = new wxMenu;
    for (const char* name : {"export.pdf", "export.html", "export.xlsx", "export.plan", "export.file"})
        commands_.append(exports, name);
    exports->AppendSeparator();
    commands_.append(exports, "export.batch");

    auto* help = new wxMenu;
    commands_.append(help, "help.guide");
    commands_.append(help, "help.keys");
    commands_.append(help, "help.about");

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(edit, _("&Edit"));
    bar->Append(review, _("&Review"));
    bar->Append(exports, _("E&xport"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    recent_ = new wxFileHistory(9);
    recent_->UseMenu(recent_menu_);
    recent_->Load(*wxConfig::Get());
    Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
        wxString path = recent_->GetHistoryFile(size_t(e.GetId() - wxID_FILE1));
        OpenDatabase(S(path), false);
    }, wxID_FILE1, wxID_FILE9);

    // Text beside the icons keeps the toolbar one short row; theme icons come
    // as bitmap bundles, sharp at any scale.
    auto* tb = CreateToolBar(wxTB_HORIZONTAL | wxTB_HORZ_TEXT);
    commands_.add_tool(tb, "file.new_review", _("New review"), wxART_NEW);
    commands_.add_tool(tb, "file.import", _("Import"), wxART_FILE_OPEN);
    tb->AddSeparator();
    commands_.add_tool(tb, "edit.undo", _("Undo"), wxART_UNDO);
    commands_.add_tool(tb, "edit.redo", _("Redo"), wxART_REDO);
    tb->AddSeparator();
    commands_.add_tool(tb, "export.pdf", _("PDF report"), wxART_PRINT);
    commands_.add_tool(tb, "export.xlsx", _("Workbook"), wxART_REPORT_VIEW);
    tb->AddSeparator();
    commands_.add_tool(tb, "help.guide", _("Help"), wxART_HELP);
    tb->Realize();
}

}  // namespace fw::app

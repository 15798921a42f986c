// What the window does to programs and reviews: add and correct them, the
// stages of a review, corrections of its dates, the agreed scores, deletion,
// import, merge and the example. Each takes its values (dialogs collect them
// in frame_commands.cpp), so tests call these directly.
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/intl.h>

#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/wx_util.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"

namespace fw::app {

std::int64_t MainFrame::AddProgram(const storage::ProgramDetails& details) {
    if (!db_) return 0;
    try {
        std::int64_t id = db_->add_program(details);
        list_->SetLmeMcos(KnownLmeMcos());
        ReloadList();
        ShowSaved();
        return id;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return 0;
    }
}

bool MainFrame::UpdateProgram(std::int64_t program_id, const storage::ProgramDetails& details) {
    try {
        db_->update_program(program_id, details);
        if (session_) {
            session_->reload();
            page_->Refresh(session_.get());
        }
        list_->SetLmeMcos(KnownLmeMcos());
        ReloadList();
        RefreshAll();
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return false;
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
        ReloadList(id);
        OpenReview(id);
        return id;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return 0;
    }
}

bool MainFrame::UpdateReviewFacts(const ReviewSetup& facts) {
    page_->FlushText();
    bool ok = Apply("Review details", [facts](Review& r, const Scale&, const Policy&) {
        r.review.type = facts.type;
        r.review.visit_start = facts.visit_start;
        r.review.visit_end = facts.visit_end;
        r.review.reviewers = facts.reviewers;
        r.policy_id = facts.policy_id;
    });
    if (ok) {
        // Reviewers may be new or renamed: the page offers them again.
        page_->Open(session_.get(), page_->CurrentItem());
        ReloadList();
        RefreshAll();
    }
    return ok;
}

bool MainFrame::DeleteReview(bool confirmed) {
    if (!session_) return false;
    page_->FlushText();
    const Review& r = session_->review();
    if (std::string why = why_not_delete(r); !why.empty()) {
        Tell(U(why));
        return false;
    }
    if (!confirmed &&
        ask(this,
            wxString::Format(_("Delete the review of %s visited %s, with all its scores and notes? This cannot be undone; "
                               "the audit trail keeps a line saying who deleted it."),
                             U(r.program.team), show(r.review.visit_start)),
            _("Delete this review"), {_("&Delete it"), _("&Keep it")}) != wxID_YES)
        return false;
    try {
        std::int64_t id = session_->id();
        CloseReview();
        db_->delete_review(id);
        ReloadList();
        RefreshAll();
        SetStatusText(_("The review was deleted."), 0);
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()), _("Not deleted"));
        return false;
    }
}

namespace {
// Stages change what the page offers (locked anchors, amendments).
void show_again(ReviewPage* page, const Session* s) {
    page->Refresh(s);
    page->ShowPlace({page->CurrentItem(), page->ModeReviewer()});
}
}  // namespace

bool MainFrame::IssueDraft(Date on) {
    page_->FlushText();
    bool ok = Apply("Issue the draft report", [on](Review& r, const Scale& s, const Policy&) { issue_draft(r, s, on); });
    if (ok) show_again(page_, session_.get());
    return ok;
}

bool MainFrame::CorrectDraftDate(Date on) {
    page_->FlushText();
    return Apply("Correction of the draft report's date", [on](Review& r, const Scale&, const Policy&) { correct_draft_date(r, on); });
}

bool MainFrame::RecordContest(const Contest& contest) {
    page_->FlushText();
    return Apply("Contest of " + S(item_label(session_->scale(), contest.item, false)),
                 [contest](Review& r, const Scale& s, const Policy& p) { submit_contest(r, s, p, contest); },
                 {}, {contest.item, {}});
}

bool MainFrame::DecideContest(const ContestDecision& d) {
    page_->FlushText();
    return Apply("Decision on " + S(item_label(session_->scale(), d.item, false)),
                 [d](Review& r, const Scale&, const Policy& p) {
                     decide_contest(r, p, d.item, d.decision, d.score, d.on, d.rationale);
                 },
                 {}, {d.item, {}});
}

bool MainFrame::IssueFinal(Date on) {
    page_->FlushText();
    bool ok = Apply("Issue the final report", [on](Review& r, const Scale&, const Policy&) { issue_final(r, on); });
    if (ok) show_again(page_, session_.get());
    return ok;
}

bool MainFrame::CorrectFinalDate(Date on) {
    page_->FlushText();
    return Apply("Correction of the final report's date", [on](Review& r, const Scale&, const Policy&) { correct_final_date(r, on); });
}

bool MainFrame::SetActionPlan(const std::vector<ActionPlanRow>& rows) {
    page_->FlushText();
    return Apply("Action plan", [rows](Review& r, const Scale&, const Policy&) { r.action_plan = rows; });
}

int MainFrame::AcceptAgreedScores() {
    if (!session_) return 0;
    page_->FlushText();
    std::vector<std::string> scored;
    bool ok = Apply("Accept the agreed scores",
                    [&scored](Review& r, const Scale& s, const Policy&) { scored = accept_agreed_scores(r, s); },
                    {}, {page_->CurrentItem(), {}});
    if (!ok) return 0;
    SetStatusText(scored.empty() ? wxString(_("No unscored item where the reviewers agree."))
                                 : wxString::Format(_("Consensus set where the reviewers agree: %zu items."), scored.size()),
                  0);
    // Where the reviewers differ, a consensus is still to agree: go there.
    page_->ShowPlace({page_->FirstUnscored(), {}});
    return int(scored.size());
}

std::int64_t MainFrame::ImportReviewFile(const std::string& path) {
    if (!db_) return 0;
    try {
        Review r = read_review_file(path, *catalog_);
        std::int64_t id = db_->import_review(r, *catalog_, path);
        list_->SetLmeMcos(KnownLmeMcos());
        ReloadList(id);
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

bool MainFrame::MergeReviewFile(const std::string& path) {
    if (!session_) return false;
    page_->FlushText();
    try {
        Review other = read_review_file(path, *catalog_);
        auto result = db_->merge_independent(session_->id(), other, *catalog_, path);
        session_->reload();
        // The page shows the merged scores at once, and the other reviewer.
        page_->Open(session_.get(), page_->CurrentItem());
        RefreshAll();
        wxString msg;
        for (const auto& n : result.added) msg += wxString::Format(_("Added the scores of %s.\n"), U(n));
        for (const auto& n : result.already_present)
            msg += wxString::Format(_("%s's scores were already here: left as they were.\n"), U(n));
        msg += wxString::Format(_("%zu items where the reviewers disagree."), result.disagreements.size());
        Tell(msg, _("Merged"));
        if (!result.disagreements.empty()) page_->SetDisagreementsOnly(true);
        return true;
    } catch (const std::exception& e) {
        Tell(U(e.what()));
        return false;
    }
}

bool MainFrame::OpenExample() {
    // The example lives in a sample database of its own: the user's lists,
    // filters and batch exports never see the fictional review.
    if (settings_.example_db.empty()) return false;
    if (!db_ || db_->path() != settings_.example_db) {
        if (db_) wxConfig::Get()->Write("/Example/Previous", U(db_->path()));
        if (!OpenDatabase(settings_.example_db, true)) return false;
    }
    SetStatusText(_("The example database: File > Recent databases takes you back to yours."), 0);
    try {
        Review example = read_review_file(settings_.example_review, *catalog_);
        if (auto pid = db_->find_program(example.program.agency, example.program.team)) {
            storage::ReviewFilter f;
            f.program_id = *pid;
            for (const auto& row : db_->reviews(f))
                if (row.visit_start == example.review.visit_start) {
                    ReloadList(row.id);
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

void MainFrame::AskActor() {
    if (auto name = ask_reviewer_name(this, settings_.actor)) SetActor(*name);
}

}  // namespace fw::app

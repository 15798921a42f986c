// Files written from the open review (reports, workbook, action plan, the
// review file) and the batch export of final reports.
#include <wx/config.h>
#include <wx/dirdlg.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/utils.h>

#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/wx_util.hpp"
#include "core/error.hpp"
#include "core/review_file.hpp"
#include "core/output_file.hpp"
#include "core/text_file.hpp"
#include "reports/reports.hpp"

namespace fw::app {

std::string MainFrame::SuggestedName(const std::string& extension) const {
    if (!session_) return "review" + extension;
    const Review& r = session_->review();
    std::string base = r.program.team + " " + r.review.visit_start.iso();
    // A draft and a final report of one review get different names, so the
    // final does not overwrite the draft the team has.
    if (extension == ".pdf" || extension == ".xlsx" || extension == ".html")
        base += reports::default_stage(r) == reports::ReportOptions::Stage::final ? " final" : " draft";
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
        reports::render_pdf(session_->review(), session_->scale(), session_->policy(), o, path,
                            storage::files_of_database(db_->path()));
    });
}

// The same report as one accessible HTML file, the alternative agencies post.
bool MainFrame::ExportHtml(const std::string& path) {
    return Export(path, _("The HTML report was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir, history_of(*db_, *catalog_, *session_));
        reports::render_html(session_->review(), session_->scale(), session_->policy(), o, path,
                            storage::files_of_database(db_->path()));
    });
}

bool MainFrame::ExportXlsx(const std::string& path) {
    return Export(path, _("The workbook was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir, history_of(*db_, *catalog_, *session_));
        reports::render_xlsx(session_->review(), session_->scale(), session_->policy(), o, path,
                            storage::files_of_database(db_->path()));
    });
}

bool MainFrame::ExportActionPlan(const std::string& path) {
    return Export(path, _("The action plan was not exported"), [&] {
        auto o = report_options(*session_, settings_.data_dir);
        bool xlsx = path.size() > 5 && path.compare(path.size() - 5, 5, ".xlsx") == 0;
        (xlsx ? reports::render_action_plan_xlsx : reports::render_action_plan_pdf)(
            session_->review(), session_->scale(), session_->policy(), o, path,
                            storage::files_of_database(db_->path()));
    });
}

bool MainFrame::ExportReviewFile(const std::string& path) {
    return Export(path, _("The review file was not exported"),
                  [&] { write_output(path, write_review(session_->review()), storage::files_of_database(db_->path())); });
}

void MainFrame::BatchExport() {
    if (!db_) return;
    // The reviews the list shows now (its filters apply), final ones only.
    storage::ReviewFilter f = list_->ReviewFilterNow();
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
            reports::render_pdf(r, db_->scale_of(row.id, *catalog_), db_->policy_of(row.id, *catalog_), o, dir + "/" + name,
                                storage::files_of_database(db_->path()));
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

}  // namespace fw::app

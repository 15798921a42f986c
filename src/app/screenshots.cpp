#include "screenshots.hpp"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/intl.h>
#include <wx/dialog.h>
#include <wx/msgdlg.h>
#include <wx/timer.h>
#include <wx/toplevel.h>
#include <wx/treectrl.h>

#include <gtk/gtk.h>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <functional>

#include "app/main_frame.hpp"
#include "app/review_page.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"

namespace fw::app {
namespace {

void settle() {
    for (int i = 0; i < 20; ++i) {
        wxTheApp->Yield(true);
        wxMilliSleep(15);
    }
}

// Draws the window's widgets into an image with GTK itself: a copy of the
// screen can lag behind under a virtual display with no compositor.
bool capture(wxWindow* w, const std::string& path) {
    settle();
    auto* widget = static_cast<GtkWidget*>(w->GetHandle());
    int width = gtk_widget_get_allocated_width(widget), height = gtk_widget_get_allocated_height(widget);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t* cr = cairo_create(surface);
    gtk_widget_draw(widget, cr);
    cairo_destroy(cr);
    bool ok = cairo_surface_write_to_png(surface, path.c_str()) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return ok;
}

// Shows a modal dialog through `open` and photographs it before closing it.
void capture_dialog(const std::string& path, const std::function<void()>& open) {
    auto* timer = new wxTimer;
    timer->Bind(wxEVT_TIMER, [timer, path](wxTimerEvent&) {
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal()) {
                capture(d, path);
                d->EndModal(wxID_CANCEL);
                break;
            }
        timer->Stop();
        wxTheApp->CallAfter([timer] { delete timer; });
    });
    timer->StartOnce(600);
    open();
}

}  // namespace

void take_screenshots(MainFrame* f, const std::string& folder) {
    std::filesystem::create_directories(folder);
    auto at = [&](const char* name) { return folder + "/" + name; };
    f->SetSize(1366, 768);
    f->Move(0, 0);
    std::string sink;
    f->SetQuiet(&sink);
    capture(f, at("welcome.png"));

    if (!f->OpenExample() || !f->CurrentSession()) {
        std::fprintf(stderr, "screenshots: the example review cannot be opened: %s\n", sink.c_str());
        f->Close(true);
        return;
    }
    f->Page()->GoTo("staffing.1");
    capture(f, at("review-item.png"));
    f->Page()->GoTo("organization.2");
    capture(f, at("review-checklist.png"));
    f->Page()->SetDisagreementsOnly(true);
    f->Page()->GoTo("organization.6");
    capture(f, at("review-disagreement.png"));
    f->Page()->SetDisagreementsOnly(false);
    f->Page()->SetMode(2);
    f->Page()->GoTo("services.13");
    capture(f, at("review-reviewer-calculator.png"));
    f->Page()->SetMode(0);

    capture_dialog(at("dialog-action-plan.png"), [&] {
        edit_action_plan(f, *f->CurrentSession());
    });
    // More programs, so that the list has something to filter.
    const Review example = f->CurrentSession()->review();
    struct Other {
        const char* team;
        const char* agency;
        const char* lme;
        const char* final_date;
        int shift;  // added to every score
    } others[] = {{"Hickory IPS", "Catawba Valley Services", "Vaya Health", "2026-01-09", 0},
                  {"Greenville Works", "Pitt Area Supports", "Trillium Health Resources", "2025-12-12", 1},
                  {"Durham IPS Team", "Bull City Care", "Alliance Health", "2026-06-19", -1}};
    for (const auto& o : others) {
        Review r = example;
        r.program.team = o.team;
        r.program.agency = o.agency;
        r.program.lme_mco = o.lme;
        r.review.final_report_date = *Date::parse(o.final_date);
        r.review.draft_report_date = r.review.final_report_date->plus_days(-28);
        r.review.visit_start = r.review.draft_report_date->plus_days(-18);
        r.review.visit_end = r.review.visit_start.plus_days(1);
        for (auto& c : r.contests) {
            c.submitted = r.review.draft_report_date->plus_days(5);
            c.decided_on = r.review.draft_report_date->plus_days(20);
        }
        for (auto& rt : r.ratings)
            if (rt.score) rt.score = std::clamp(*rt.score + o.shift, 1, 5);
        for (auto& a : r.action_plan) a.by_when.reset();
        f->Db()->import_review(r, f->GetCatalog(), "screenshots");
    }

    // A review in its contest period: a contest recorded, a score amended.
    Review draft = example;
    draft.review.final_report_date.reset();
    draft.contests.clear();
    draft.review.visit_start = *Date::parse("2026-09-14");
    draft.review.visit_end = *Date::parse("2026-09-15");
    draft.review.draft_report_date = *Date::parse("2026-10-02");
    draft.review.type = ReviewType::subsequent;
    std::int64_t id = f->Db()->import_review(draft, f->GetCatalog(), "screenshots");
    f->ReloadList(id);
    f->OpenReview(id, "services.6");
    f->Apply("Score services.9", [](Review& r, const Scale& s, const Policy&) {
        set_consensus_score(r, s, "services.9", 3, Edit{"Ana Ruiz", Date::today(), "Recount of the job list: 6 of 26 jobs were with one employer"});
    });
    Contest c;
    c.item = "organization.3";
    c.submitted = *Date::parse("2026-10-09");
    c.documentation = "Sign-in sheets of monthly meetings with the VR counselor, July to September.";
    c.requested_score = 4;
    f->RecordContest(c);
    capture_dialog(at("dialog-contest.png"), [&] { ask_contest(f, *f->CurrentSession()); });
    capture(f, at("review-draft-issued.png"));
    capture_dialog(at("dialog-audit.png"), [&] {
        show_audit(f, f->Db()->audit(f->CurrentSession()->id()), "Audit trail of this review");
    });

    // The list filtered to teams whose next review is due within 120 days.
    f->SetFilter("", "", 120);
    capture(f, at("list-due-within.png"));
    f->SetFilter("", "", std::nullopt);

    // A small laptop screen: the item page scrolls, the summary scrolls to
    // its last button.
    f->SetSize(1024, 600);
    f->OpenReview(id, "staffing.1");
    capture(f, at("small-screen-item.png"));
    if (auto* plan = dynamic_cast<wxButton*>(wxWindow::FindWindowByLabel(_("Action p&lan..."), f))) {
        plan->SetFocus();
        capture(f, at("small-screen-summary.png"));
    }
    f->SetSize(1366, 768);
    capture_dialog(at("dialog-keyboard-map.png"), [&] { f->GetCommands().run("help.keys"); });
    f->Close(true);
}

}  // namespace fw::app

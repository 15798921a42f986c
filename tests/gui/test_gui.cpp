// The window driven as a reviewer drives it, under Xvfb: a program, a
// review, 25 items scored by keyboard, the draft, a contest, the final
// report, a PDF; then the database and the files are checked.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <wx/app.h>
#include <wx/config.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>
#include <wx/timer.h>
#include <wx/uiaction.h>

#include "gui_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/summary_pane.hpp"
#include "app/wx_util.hpp"
#include "core/action_plan.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"

namespace fs = std::filesystem;
using namespace fw;
using namespace fw::app;
using namespace gui;

fs::path gui::g_tmp;


TEST_CASE("a whole review, from a new program to the final report") {
    std::string told;
    auto* frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->SetSize(1366, 768);
    frame->Show();
    pump();
    const std::string db_path = (g_tmp / "workstation.db").string();
    REQUIRE(frame->OpenDatabase(db_path));

    // A program and a review.
    storage::ProgramDetails p;
    p.agency = "Blue Ridge Health";
    p.team = "Asheville IPS";
    p.lme_mco = "Vaya Health";
    p.county = "Buncombe";
    std::int64_t pid = frame->AddProgram(p);
    REQUIRE(pid > 0);
    ReviewSetup setup;
    setup.program_id = pid;
    setup.type = ReviewType::initial;
    setup.visit_start = day("2026-05-04");
    setup.visit_end = day("2026-05-05");
    setup.reviewers = {"Ana Ruiz", "Ben Okafor"};
    setup.policy_id = "nc-2020";
    std::int64_t rid = frame->AddReview(setup);
    REQUIRE(rid > 0);
    REQUIRE(frame->CurrentSession());
    CHECK(frame->Page()->CurrentItem() == "staffing.1");

    // Score all 25 items by keyboard: a digit chooses, Page Down moves on.
    const char keys[] = "4445334243443344343344434";  // 25 scores, total 90
    wxUIActionSimulator sim;
    frame->Raise();
    frame->Page()->GoTo("staffing.1");  // puts the focus on the scores
    pump();
    for (int i = 0; i < 25; ++i) {
        sim.Char(keys[i]);
        pump(3);
        sim.Char(WXK_PAGEDOWN);
        pump(3);
    }
    pump(20);
    const Review& r = frame->CurrentSession()->review();
    int sum = 0, scored = 0;
    for (const auto& item : frame->CurrentSession()->scale().items)
        if (auto s = r.consensus(item.id)) {
            sum += *s;
            ++scored;
        }
    CHECK(scored == 25);
    CHECK(sum == 90);
    CHECK(frame->Page()->CurrentItem() == "services.14");
    CHECK(frame->Summary()->Text().Contains("90 / 125"));
    CHECK(frame->Summary()->Text().Contains("Fair Fidelity"));
    CHECK(frame->StatusText(1).StartsWith("Saved "));

    // Ben's independent score for one item, then undo and redo it.
    frame->Page()->SetMode(2);
    frame->Page()->GoTo("services.7");
    frame->Page()->ChooseScore(2);
    CHECK(frame->CurrentSession()->review().rating("services.7")->score_by("Ben Okafor") == 2);
    frame->Undo();
    CHECK_FALSE(frame->CurrentSession()->review().rating("services.7")->score_by("Ben Okafor").has_value());
    frame->Redo();
    CHECK(frame->CurrentSession()->review().rating("services.7")->score_by("Ben Okafor") == 2);
    frame->Page()->SetMode(0);

    // Evidence typed into the page is stored after a short pause (or at once
    // when the reviewer moves on).
    frame->Page()->GoTo("services.4");
    auto* evidence = dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("evidence", frame));
    REQUIRE(evidence);
    evidence->WriteText("Average 41 days to first employer contact");
    for (int i = 0; i < 40 && frame->CurrentSession()->review().rating("services.4")->evidence.empty(); ++i) pump(2);
    CHECK(frame->CurrentSession()->review().rating("services.4")->evidence == "Average 41 days to first employer contact");
    evidence->WriteText(" (10 charts).");
    frame->Page()->Next();  // moving on stores what was typed at once
    CHECK(frame->CurrentSession()->review().rating("services.4")->evidence ==
          "Average 41 days to first employer contact (10 charts).");

    // Draft, contests (the fourth refused), decision, final.
    REQUIRE(frame->IssueDraft(day("2026-05-22")));
    CHECK(frame->CurrentSession()->stage() == Stage::draft_issued);
    // The anchors now only show the score: arrow keys cannot amend it.
    frame->Page()->GoTo("staffing.1");
    auto* anchor = wxWindow::FindWindowByName("score-3", frame);
    REQUIRE(anchor);
    CHECK_FALSE(anchor->IsEnabled());
    auto contest = [](const char* item) {
        Contest c;
        c.item = item;
        c.submitted = day("2026-05-29");
        c.documentation = "Meeting sign-in sheets";
        c.requested_score = 4;
        return c;
    };
    CHECK(frame->RecordContest(contest("organization.3")));
    CHECK(frame->RecordContest(contest("services.1")));
    CHECK(frame->RecordContest(contest("services.2")));
    told.clear();
    CHECK_FALSE(frame->RecordContest(contest("services.3")));
    CHECK(told.find("at most 3") != std::string::npos);
    CHECK(frame->CurrentSession()->review().contests.size() == 3);
    CHECK_FALSE(frame->IssueFinal(day("2026-06-20")));  // contests pending
    CHECK(frame->DecideContest({"organization.3", Decision::upheld, 4, day("2026-06-10"), "Sheets show monthly meetings."}));
    CHECK(frame->DecideContest({"services.1", Decision::denied, std::nullopt, day("2026-06-10"), "No new evidence."}));
    CHECK(frame->DecideContest({"services.2", Decision::upheld, 4, day("2026-06-10"), "Worksheet in every chart."}));
    REQUIRE(frame->IssueFinal(day("2026-06-19")));
    CHECK(frame->Summary()->Text().Contains("92 / 125"));  // two upheld contests, +1 each

    // Locked: a score change without a reason is refused.
    told.clear();
    CHECK_FALSE(frame->Apply("score", [](Review& rv, const Scale& s, const Policy&) {
        set_consensus_score(rv, s, "staffing.1", 1, Edit{"Ana Ruiz", Date::today(), ""});
    }));
    CHECK(told.find("amendment") != std::string::npos);

    // The action plan, proposed from the low items.
    {
        Session* ss = frame->CurrentSession();
        REQUIRE(frame->SetActionPlan(propose_action_plan(ss->review(), ss->scale(), ss->policy())));
    }

    // Export the PDF and the review file.
    std::string pdf = (g_tmp / "report.pdf").string();
    std::string json = (g_tmp / "review.json").string();
    REQUIRE(frame->ExportPdf(pdf));
    REQUIRE(frame->ExportReviewFile(json));
    std::ifstream in(pdf, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    CHECK(head == "%PDF-");

    // What the database holds, read back through a second connection.
    auto db = storage::Database::open(db_path, "checker");
    Review stored = db.load_review(rid);
    CHECK(stage_of(stored) == Stage::final);
    CHECK(stored.contests.size() == 3);
    CHECK(stored.rating("services.4")->evidence.find("41 days") != std::string::npos);
    CHECK(stored.rating("services.7")->score_by("Ben Okafor") == 2);
    CHECK_FALSE(stored.action_plan.empty());
    auto audit = db.audit(rid);
    int score_rows = 0, stage_rows = 0;
    for (const auto& a : audit) {
        if (a.what.rfind("score", 0) == 0) ++score_rows;
        if (a.what.rfind("stage", 0) == 0) ++stage_rows;
        CHECK(a.actor == "Ana Ruiz");
    }
    CHECK(score_rows >= 25);
    CHECK(stage_rows >= 2);
    Summary s = summarize(stored, db.scale_of(rid, frame->GetCatalog()), frame->GetCatalog().policy("nc-2020"));
    CHECK(s.total == 92);
    CHECK(s.draft_total == 90);
    CHECK(write_review(read_review_file(json, frame->GetCatalog())) == write_review(stored));

    // The list shows the program and its review; the due filter finds it.
    frame->SetFilter("asheville", "", std::nullopt);
    CHECK(shown(frame) == 2);  // the program and its review
    frame->SetFilter("", "", 400);
    CHECK(shown(frame) == 2);  // the program and its review
    frame->SetFilter("", "", 30);
    CHECK(shown(frame) == 0);
    frame->Close(true);
    pump();
}

TEST_CASE("the example review opens from the welcome screen") {
    std::string told;
    auto* frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->Show();
    const std::string mine = (g_tmp / "example.db").string();
    REQUIRE(frame->OpenDatabase(mine));
    REQUIRE(frame->OpenExample());
    CHECK(frame->Summary()->Text().Contains("98 / 125"));
    // Opening it again does not import a second copy.
    REQUIRE(frame->OpenExample());
    CHECK(frame->Db()->reviews().size() == 1);
    // The example lives in its own sample database, never in the user's.
    CHECK(frame->Db()->path() == settings().example_db);
    CHECK(storage::Database::open(mine, "checker").reviews().empty());
    frame->Close(true);
    pump();

    // Opened again: the list shows what the database holds.
    frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->Show();
    REQUIRE(frame->OpenDatabase(settings().example_db, false));
    CHECK(shown(frame) == 1);  // the program: its reviews are read when it is opened
    // A path that does not exist is refused, not made into an empty database.
    told.clear();
    CHECK_FALSE(frame->OpenDatabase((g_tmp / "typo.db").string(), false));
    CHECK_FALSE(fs::exists(g_tmp / "typo.db"));
    CHECK(told.find("typo.db") != std::string::npos);
    REQUIRE(frame->OpenExample());

    // A 2016 initial review below 74: the follow-up conditions decide.
    {
        Review low = frame->CurrentSession()->review();
        low.policy_id = "nc-2016";
        low.review.type = ReviewType::initial;
        low.review.visit_start = day("2025-06-01");
        low.review.visit_end = day("2025-06-02");
        low.review.draft_report_date = day("2025-06-20");
        low.review.final_report_date = day("2025-07-18");
        low.contests.clear();
        int drop = 32;  // 97 -> 65
        for (auto& rt : low.ratings)
            while (drop > 0 && *rt.score > 1) {
                rt.score = *rt.score - 1;
                --drop;
            }
        low.action_plan.clear();
        std::int64_t id = frame->Db()->import_review(low, frame->GetCatalog(), "test");
        frame->OpenReview(id);
        // Nothing recorded yet: not eligible until the conditions are.
        CHECK(frame->Summary()->Text().Contains("not yet: 3 condition(s) to record"));
        REQUIRE(frame->Apply("conditions", [](Review& r, const Scale&, const Policy&) {
            r.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"integration_evidenced", true, {}},
                                              {"career_profile_percent", {}, 85.0}};
        }));
        CHECK(frame->Summary()->Text().Contains("eligible, by"));
        REQUIRE(frame->Apply("conditions", [](Review& r, const Scale&, const Policy&) {
            r.review.reevaluation_criteria = {{"staffing_met", true, {}}, {"career_profile_percent", {}, 72.0}};
        }));
        CHECK(frame->Summary()->Text().Contains("not eligible"));
        CHECK(frame->Db()->load_review(id).review.reevaluation_criteria.size() == 2);
        // A visit in 2025 under the 2016 edition: the summary says it was replaced.
        CHECK(frame->Summary()->Text().Contains("was replaced by"));
        frame->OpenExample();
    }
    frame->Page()->SetDisagreementsOnly(true);
    CHECK(frame->Page()->CurrentItem() == "staffing.1");
    frame->Page()->Next();
    CHECK(frame->Page()->CurrentItem() == "organization.6");
    frame->Close(true);
    pump();
}

TEST_CASE("two windows on one database: the other's changes show, and an edit of the same score is refused naming them") {
    std::string told;
    auto* frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->Show();
    const std::string path = (g_tmp / "shared.db").string();
    REQUIRE(frame->OpenDatabase(path));
    Catalog& catalog = frame->GetCatalog();
    Review scoring = read_review_file(settings().example_review, catalog);
    scoring.review.draft_report_date.reset();
    scoring.review.final_report_date.reset();
    scoring.contests.clear();
    scoring.amendments.clear();
    scoring.action_plan.clear();
    const std::int64_t id = frame->Db()->import_review(scoring, catalog, "test");
    frame->ReloadList(id);
    frame->OpenReview(id);
    REQUIRE(frame->CurrentSession());
    auto score = [](const char* item, int value) {
        return [item, value](Review& r, const Scale& s, const Policy&) { set_consensus_score(r, s, item, value, {}); };
    };
    // Another reviewer's window, or another process: a second connection.
    auto ben = storage::Database::open(path, "Ben Okafor");
    ben.update_review(id, storage::Database::Change(score("services.1", 1)), catalog);
    // The window still shows the review as it was: its edit of another item
    // goes on top of Ben's ...
    told.clear();
    CHECK(frame->Apply("score", score("staffing.2", 2)));
    CHECK(frame->CurrentSession()->review().consensus("services.1") == 1);
    CHECK(frame->CurrentSession()->review().consensus("staffing.2") == 2);
    // ... and its edit of what Ben changed since is refused, naming him; the
    // window then shows Ben's score.
    ben.update_review(id, storage::Database::Change(score("staffing.3", 1)), catalog);
    CHECK_FALSE(frame->Apply("score", score("staffing.3", 2)));
    CHECK(told.find("staffing.3 was changed by Ben Okafor at ") != std::string::npos);
    CHECK(frame->CurrentSession()->review().consensus("staffing.3") == 1);
    CHECK(frame->Db()->load_review(id).consensus("staffing.3") == 1);

    // What is stored elsewhere shows without any action in the window (it
    // asks every two seconds): wait for it, a bounded number of times.
    const int before = shown(frame);
    Review other = scoring;
    other.program.team = "Salisbury IPS Team";
    ben.import_review(other, catalog, "test");
    for (int i = 0; i < 300 && shown(frame) == before; ++i) pump(5);
    CHECK(shown(frame) > before);
    frame->Close(true);
    pump();
}

TEST_CASE("calculator figures typed with either decimal mark, and thousands") {
    // The test runs in the C locale: '.' is the decimal mark.
    CHECK(parse_number("18.5") == 18.5);
    CHECK(parse_number(" 37 ") == 37);
    CHECK(parse_number("2,5") == 2.5);
    CHECK(parse_number("1,200") == 1200);
    CHECK(parse_number("1,200.5") == 1200.5);
    CHECK_FALSE(parse_number("1.2.3").has_value());
    CHECK_FALSE(parse_number("abc").has_value());
    CHECK_FALSE(parse_number("").has_value());
}

int main(int argc, char** argv) {
    char tmpl[] = "/tmp/fidelity-gui-XXXXXX";
    g_tmp = mkdtemp(tmpl);
    // Settings and the default database go to the temporary folder.
    setenv("HOME", g_tmp.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (g_tmp / "config").c_str(), 1);
    setenv("XDG_DATA_HOME", (g_tmp / "data").c_str(), 1);
    wxApp::SetInstance(new wxApp);
    int wx_argc = 1;
    char* wx_argv[] = {argv[0], nullptr};
    if (!wxEntryStart(wx_argc, wx_argv)) {
        std::fprintf(stderr, "test_gui: no display; run under xvfb-run\n");
        return 1;
    }
    wxTheApp->CallOnInit();
    int result = 1;
    // The tests run inside the event loop, as the window's code expects.
    wxTheApp->CallAfter([&] {
        doctest::Context ctx(argc, argv);
        result = ctx.run();
        wxTheApp->ExitMainLoop();
    });
    wxTheApp->OnRun();
    wxTheApp->OnExit();
    wxEntryCleanup();
    fs::remove_all(g_tmp);
    return result;
}

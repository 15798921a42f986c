// The window as a keyboard user meets it, under Xvfb with a window manager
// (openbox) so that the focus is real: where the focus lands after opening a
// review, what each key does, where undo goes, the date dialogs, the agreed
// scores, corrections and deletion.
#include <doctest/doctest.h>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/datectrl.h>
#include <wx/radiobut.h>
#include <wx/srchctrl.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <fstream>
#include <sstream>

#include "app/dialogs.hpp"
#include "app/program_list.hpp"
#include "app/review_page.hpp"
#include "app/summary_pane.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "gui_support.hpp"

using namespace fw;
using namespace fw::app;
using namespace gui;

namespace {

// A frame on a fresh database with one program and a review of it, open.
struct Fixture {
    std::string told;
    MainFrame* frame = nullptr;
    std::int64_t program = 0, review = 0;
    wxUIActionSimulator sim;

    explicit Fixture(const std::string& name) {
        frame = new MainFrame(settings());
        frame->SetQuiet(&told);
        frame->SetSize(1366, 768);
        frame->Show();
        frame->Raise();
        pump();
        REQUIRE(frame->OpenDatabase((g_tmp / (name + ".db")).string()));
        storage::ProgramDetails p{"Blue Ridge Health", "Asheville IPS", "Vaya Health", "Buncombe", {}};
        program = frame->AddProgram(p);
        ReviewSetup setup;
        setup.program_id = program;
        setup.visit_start = day("2026-05-04");
        setup.visit_end = day("2026-05-05");
        setup.reviewers = {"Ana Ruiz", "Ben Okafor"};
        review = frame->AddReview(setup);
        REQUIRE(review > 0);
        pump(20);
    }
    ~Fixture() {
        set_answer_hook({});
        frame->Close(true);
        pump();
    }
    const Review& r() { return frame->CurrentSession()->review(); }
    std::optional<int> consensus(const char* item) { return r().consensus(item); }
    std::optional<int> by(const char* item, const char* who) {
        const Rating* rt = r().rating(item);
        return rt ? rt->score_by(who) : std::nullopt;
    }
    void key(int code, int modifiers = wxMOD_NONE) {
        sim.Char(code, modifiers);
        pump(6);
    }
    wxWindow* focus() { return wxWindow::FindFocus(); }
    // Every item scored by both reviewers alike, the consensus too.
    void score_all(int score = 3) {
        frame->Apply("all", [score](Review& rv, const Scale& s, const Policy&) {
            for (const auto& it : s.items) {
                set_reviewer_score(rv, s, it.id, "Ana Ruiz", score);
                set_reviewer_score(rv, s, it.id, "Ben Okafor", score);
                set_consensus_score(rv, s, it.id, score, Edit{"Ana Ruiz", Date::today(), ""});
            }
        });
    }
};

bool is_score(wxWindow* w, const std::string& name) {
    return w && dynamic_cast<wxRadioButton*>(w) && w->GetName() == name;
}

}  // namespace

TEST_CASE("opening a review puts the focus on the scores of its first unscored item") {
    Fixture f("focus");
    CHECK(f.frame->Page()->CurrentItem() == "staffing.1");
    CHECK(is_score(f.focus(), "score-0"));
    // Two items scored: opened again, the page starts at the third, on its scores.
    f.frame->Apply("two", [](Review& r, const Scale& s, const Policy&) {
        set_consensus_score(r, s, "staffing.1", 4, Edit{"Ana Ruiz", Date::today(), ""});
        set_consensus_score(r, s, "staffing.2", 3, Edit{"Ana Ruiz", Date::today(), ""});
    });
    f.frame->CloseReview();
    f.frame->OpenReview(f.review);
    pump(10);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.3");
    CHECK(is_score(f.focus(), "score-0"));
    // "Reopen" after a crash opens at the item the reviewer was at.
    f.frame->CloseReview();
    f.frame->OpenReview(f.review, "services.2");
    pump(10);
    CHECK(f.frame->Page()->CurrentItem() == "services.2");
    CHECK(is_score(f.focus(), "score-0"));
    // The first key scores there.
    f.key('4');
    CHECK(f.consensus("services.2") == 4);
}

TEST_CASE("undo and redo go back to the item and rater of the change, and the next key acts there") {
    Fixture f("undo");
    f.frame->Page()->SetMode(2);  // Ben Okafor
    f.frame->Page()->GoTo("services.7");
    pump();
    f.key('2');
    REQUIRE(f.by("services.7", "Ben Okafor") == 2);
    f.frame->Page()->SetMode(0);
    f.frame->Page()->GoTo("staffing.2");
    pump();
    f.key('4');
    REQUIRE(f.consensus("staffing.2") == 4);
    f.frame->Page()->GoTo("organization.1");
    pump();

    f.key('Z', wxMOD_CONTROL);
    CHECK_FALSE(f.consensus("staffing.2").has_value());
    CHECK(f.frame->Page()->CurrentItem() == "staffing.2");
    CHECK(f.frame->Page()->Mode() == 0);
    CHECK(f.frame->StatusText(0) == "Undone: Score of Staffing 2");

    f.key('Z', wxMOD_CONTROL);
    CHECK_FALSE(f.by("services.7", "Ben Okafor").has_value());
    CHECK(f.frame->Page()->CurrentItem() == "services.7");
    CHECK(f.frame->Page()->Mode() == 2);
    CHECK(f.frame->StatusText(0) == "Undone: Ben Okafor's score of Services 7");

    // Shift+Ctrl+Z redoes, at the same place.
    f.key('Z', wxMOD_CONTROL | wxMOD_SHIFT);
    CHECK(f.by("services.7", "Ben Okafor") == 2);
    CHECK(f.frame->StatusText(0) == "Redone: Ben Okafor's score of Services 7");
    f.key('Y', wxMOD_CONTROL);
    CHECK(f.consensus("staffing.2") == 4);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.2");
    f.key('Z', wxMOD_CONTROL);
    f.key('Z', wxMOD_CONTROL);
    // The next digit scores Ben's services.7, where the undo went.
    f.key('5');
    CHECK(f.by("services.7", "Ben Okafor") == 5);
    CHECK_FALSE(f.consensus("services.7").has_value());
}

TEST_CASE("the keyboard map: scores, text boxes, items, search, help") {
    Fixture f("keys");
    f.key('3');
    CHECK(f.consensus("staffing.1") == 3);
    f.key('0');
    CHECK_FALSE(f.consensus("staffing.1").has_value());
    f.key('5');
    CHECK(f.consensus("staffing.1") == 5);

    // Ctrl+E: the evidence; digits are text there, Page Down pages the text.
    f.key('E', wxMOD_CONTROL);
    REQUIRE(f.focus());
    CHECK(f.focus()->GetName() == "evidence");
    f.key('1');
    f.key('2');
    f.key(WXK_PAGEDOWN);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.1");
    CHECK(f.consensus("staffing.1") == 5);
    // Ctrl+PgDn moves on from anywhere, and stores what was typed.
    f.key(WXK_PAGEDOWN, wxMOD_CONTROL);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.2");
    CHECK(f.r().rating("staffing.1")->evidence == "12");
    CHECK(is_score(f.focus(), "score-0"));
    f.key(WXK_PAGEUP, wxMOD_CONTROL);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.1");
    // Page Down outside a text box moves too.
    f.key(WXK_PAGEDOWN);
    CHECK(f.frame->Page()->CurrentItem() == "staffing.2");

    // Ctrl+R: the recommendation; Tab from there reaches the data sources.
    f.key('R', wxMOD_CONTROL);
    REQUIRE(f.focus());
    CHECK(f.focus()->GetName() == "recommendation");
    f.key(WXK_TAB);
    REQUIRE(f.focus());
    CHECK(f.focus()->GetName() == "source-MIS");
    f.key(' ');
    pump(5);
    const Rating* rt = f.r().rating("staffing.2");
    REQUIRE(rt);
    CHECK(rt->sources == std::vector<std::string>{"MIS"});

    // Ctrl+F: the search box; Escape clears it.
    f.key('F', wxMOD_CONTROL);
    CHECK(f.frame->List()->SearchHasFocus());
    f.key('z');
    f.key('z');
    pump(5);
    CHECK(shown(f.frame) == 0);
    f.key(WXK_ESCAPE);
    pump(5);
    CHECK(shown(f.frame) == 2);

    // F1: the guide, at the part about scoring (the HTML has that anchor).
    f.frame->Page()->FocusScores();
    pump();
    f.told.clear();
    f.key(WXK_F1);
    CHECK(f.told.find("user-guide.html#scoring-an-item") != std::string::npos);
    std::ifstream html(settings().user_guide);
    std::stringstream text;
    text << html.rdbuf();
    CHECK(text.str().find("id=\"scoring-an-item\"") != std::string::npos);
    CHECK(text.str().find("id=\"keyboard-map\"") != std::string::npos);
}

TEST_CASE("typing that never pauses is stored within a second") {
    Fixture f("typing");
    f.key('E', wxMOD_CONTROL);
    REQUIRE(f.focus());
    REQUIRE(f.focus()->GetName() == "evidence");
    // A key every 100 ms (never the 300 ms pause): stored while typing goes on.
    bool stored_while_typing = false;
    for (int i = 0; i < 18; ++i) {
        f.sim.Char('a' + i % 26);
        wxTheApp->Yield(true);
        wxMilliSleep(100);
        wxTheApp->Yield(true);
        const Rating* rt = f.r().rating("staffing.1");
        if (i >= 8 && rt && !rt->evidence.empty()) stored_while_typing = true;
    }
    CHECK(stored_while_typing);
    // Leaving the box stores the rest at once.
    f.key(WXK_TAB);
    CHECK(f.r().rating("staffing.1")->evidence.size() == 18);
}

TEST_CASE("date dialogs: the focus on the date, future days refused with the reason, corrections audited") {
    Fixture f("dates");
    f.score_all(3);
    int asked = 0;
    set_answer_hook([&](const wxString& q) {
        ++asked;
        CHECK(q.Contains("25 items have no evidence"));
        return wxID_YES;
    });
    bool focus_in_date = false;
    const Date tomorrow = Date::today().plus_days(1), good = day("2026-05-20");
    {
        DialogDriver drive({
            [&](wxDialog* d) {
                auto* picker = find_child<wxDatePickerCtrl>(d);
                REQUIRE(picker);
                wxWindow* fw = wxWindow::FindFocus();
                focus_in_date = fw && (fw == picker || picker->IsDescendant(fw));
                picker->SetValue(to_wx(tomorrow));
                d->EndModal(wxID_OK);
            },
            [&](wxDialog* d) {
                find_child<wxDatePickerCtrl>(d)->SetValue(to_wx(good));
                d->EndModal(wxID_OK);
            },
        });
        CHECK(f.frame->GetCommands().run("review.issue_draft"));
        CHECK(drive.left() == 0);
    }
    CHECK(asked == 1);
    CHECK(focus_in_date);
    CHECK(f.told.find("is in the future") != std::string::npos);
    CHECK(f.r().review.draft_report_date == good);

    // A wrong draft date is corrected until the next step, with an audit row.
    const Date earlier = day("2026-05-08");
    {
        DialogDriver drive({[&](wxDialog* d) {
            find_child<wxDatePickerCtrl>(d)->SetValue(to_wx(earlier));
            d->EndModal(wxID_OK);
        }});
        CHECK(f.frame->GetCommands().run("review.correct_draft_date"));
    }
    CHECK(f.r().review.draft_report_date == earlier);
    bool audited = false;
    for (const auto& a : f.frame->Db()->audit(f.review))
        if (a.what == "draft report date" && a.old_value == good.iso() && a.new_value == earlier.iso()) audited = true;
    CHECK(audited);
    // After a contest the draft date stands: the command is greyed out.
    Contest c;
    c.item = "organization.3";
    c.submitted = day("2026-05-12");
    c.documentation = "Sign-in sheets";
    REQUIRE(f.frame->RecordContest(c));
    CHECK_FALSE(f.frame->GetCommands().enabled("review.correct_draft_date"));
}

TEST_CASE("accept the agreed scores: one undoable, audited step, progress per reviewer") {
    Fixture f("agreed");
    f.frame->Apply("independent", [](Review& r, const Scale& s, const Policy&) {
        int i = 0;
        for (const auto& it : s.items) {
            set_reviewer_score(r, s, it.id, "Ana Ruiz", 3);
            if (++i % 5) set_reviewer_score(r, s, it.id, "Ben Okafor", i % 2 ? 3 : 4);
        }
    });
    Review copy = f.r();
    const auto expected = accept_agreed_scores(copy, f.frame->CurrentSession()->scale());
    REQUIRE_FALSE(expected.empty());
    CHECK(f.frame->Summary()->Text().Contains("Ana Ruiz: 25"));
    CHECK(f.frame->Summary()->Text().Contains("Ben Okafor: 20"));
    REQUIRE(f.frame->GetCommands().enabled("review.accept_agreed"));
    CHECK(f.frame->GetCommands().run("review.accept_agreed"));
    int scored = 0;
    for (const auto& it : f.frame->CurrentSession()->scale().items)
        if (f.r().consensus(it.id)) ++scored;
    CHECK(scored == int(expected.size()));
    CHECK(f.frame->Summary()->Text().Contains(wxString::Format("%d of 25 items", scored)));
    // The page goes to the first item still to agree.
    CHECK_FALSE(f.consensus(f.frame->Page()->CurrentItem().c_str()).has_value());
    int audit_rows = 0;
    for (const auto& a : f.frame->Db()->audit(f.review))
        if (a.what.rfind("score ", 0) == 0 && a.what.find(" by ") == std::string::npos) ++audit_rows;
    CHECK(audit_rows == scored);
    // One step back takes all of them back.
    f.frame->Undo();
    for (const auto& it : f.frame->CurrentSession()->scale().items) CHECK_FALSE(f.r().consensus(it.id).has_value());
    CHECK(f.frame->StatusText(0) == "Undone: Accept the agreed scores");
    CHECK_FALSE(f.frame->GetCommands().enabled("review.accept_agreed") == false);
}

TEST_CASE("corrections and deletion: programs, the review's facts until the draft, deleting with confirmation") {
    Fixture f("corrections");
    // The program's details.
    storage::ProgramDetails fixed{"Blue Ridge Health", "Asheville IPS Team", "Vaya Health", "Buncombe", day("2024-01-08")};
    REQUIRE(f.frame->UpdateProgram(f.program, fixed));
    CHECK(f.frame->Db()->program(f.program).details.team == "Asheville IPS Team");
    CHECK(f.r().program.team == "Asheville IPS Team");
    CHECK(f.frame->List()->Lines().front().StartsWith("Asheville IPS Team"));
    // The review's own facts.
    REQUIRE(f.frame->GetCommands().enabled("file.edit_review"));
    ReviewSetup facts;
    facts.type = ReviewType::subsequent;
    facts.visit_start = day("2026-05-05");
    facts.visit_end = day("2026-05-06");
    facts.reviewers = {"Ana Ruiz", "Benjamin Okafor"};
    facts.policy_id = "nc-2016";
    REQUIRE(f.frame->UpdateReviewFacts(facts));
    CHECK(f.r().review.reviewers[1] == "Benjamin Okafor");
    CHECK(f.r().review.visit_start == day("2026-05-05"));
    CHECK(f.r().policy_id == "nc-2016");
    // Names from earlier reviews are offered for the next one.
    CHECK(f.frame->Db()->reviewer_names() == std::vector<std::string>{"Ana Ruiz", "Benjamin Okafor"});

    // Deleting asks first; "keep it" keeps it.
    wxString question;
    set_answer_hook([&](const wxString& q) {
        question = q;
        return wxID_NO;
    });
    CHECK_FALSE(f.frame->DeleteReview());
    CHECK(question.Contains("Delete the review of Asheville IPS Team"));
    CHECK(f.frame->CurrentSession());
    set_answer_hook([](const wxString&) { return wxID_YES; });
    REQUIRE(f.frame->GetCommands().run("file.delete_review"));
    CHECK_FALSE(f.frame->CurrentSession());
    CHECK(f.frame->Db()->reviews().empty());
    CHECK(f.frame->Db()->audit(f.review).back().what == "review deleted");

    // An issued review keeps its facts and cannot be deleted.
    ReviewSetup again;
    again.program_id = f.program;
    again.visit_start = day("2026-06-01");
    again.visit_end = day("2026-06-02");
    again.reviewers = {"Ana Ruiz", "Ben Okafor"};
    f.review = f.frame->AddReview(again);
    f.score_all(4);
    set_answer_hook([](const wxString&) { return wxID_YES; });
    REQUIRE(f.frame->IssueDraft(day("2026-06-10")));
    CHECK_FALSE(f.frame->GetCommands().enabled("file.edit_review"));
    CHECK_FALSE(f.frame->GetCommands().enabled("file.delete_review"));
    f.told.clear();
    CHECK_FALSE(f.frame->DeleteReview(true));
    CHECK(f.told == why_not_delete(f.r()));
    CHECK(f.frame->Db()->reviews().size() == 1);
}

TEST_CASE("after a failed open with nothing open, the welcome buttons that need a database are greyed out") {
    std::string told;
    auto* frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->Show();
    pump();
    CHECK_FALSE(frame->OpenDatabase((g_tmp / "no-such.db").string(), false));
    CHECK_FALSE(frame->GetCommands().enabled("file.new_review"));
    CHECK_FALSE(frame->GetCommands().enabled("file.import"));
    CHECK(frame->GetCommands().enabled("file.open_example"));
    bool greyed = true;
    for (wxWindow* w : wxWindow::FindWindowByLabel("Start a &new review", frame) ? std::vector<wxWindow*>{wxWindow::FindWindowByLabel("Start a &new review", frame)} : std::vector<wxWindow*>{})
        greyed = !w->IsEnabled();
    CHECK(greyed);
    frame->Close(true);
    pump();
}

TEST_CASE("a long list: a screenful first, the rest once the window has painted, a review far down still selected") {
    std::string path = (g_tmp / "long-list.db").string();
    std::int64_t last_review = 0;
    {
        auto db = fw::storage::Database::open(path, "Tester");
        fw::Catalog catalog(settings().data_dir);
        fw::Review base = fw::read_review_file(FIDELITY_SOURCE_DIR "/docs/examples/concord-2026-final.json", catalog);
        for (int i = 0; i < 250; ++i) {
            char team[32];
            std::snprintf(team, sizeof team, "Team %03d", i);
            fw::Review r = base;
            r.program.team = team;
            std::int64_t id = db.import_review(r, catalog);
            if (i == 249) last_review = id;
        }
    }
    std::string told;
    // A window shown and the database opened before anything is painted, as at start.
    auto start = [&] {
        auto* f = new MainFrame(settings());
        f->SetQuiet(&told);
        f->SetSize(1366, 768);
        f->Show();
        REQUIRE(f->OpenDatabase(path, false));
        CHECK(f->List()->ShownPrograms() < 250);
        return f;
    };
    // The review of the last program, chosen: the list has it, selected, and keeps it.
    auto choose_last = [&](MainFrame* f) {
        f->OpenReview(last_review);
        CHECK(f->List()->ShownPrograms() == 250);
        CHECK(f->List()->SelectedReview() == last_review);
        pump(20);
        CHECK(f->List()->SelectedReview() == last_review);
    };
    MainFrame* frame = start();
    for (int i = 0; i < 100 && frame->List()->ShownPrograms() < 250; ++i) pump(2);
    CHECK(frame->List()->ShownPrograms() == 250);
    CHECK(frame->List()->Lines().size() == 250);

    // Opened again once the window is up: everything at once.
    REQUIRE(frame->OpenDatabase(path, false));
    CHECK(frame->List()->ShownPrograms() == 250);
    choose_last(frame);
    frame->Close(true);
    pump();

    // At start, a review reopened before the first paint (after a crash): the rest comes with it.
    frame = start();
    choose_last(frame);
    frame->Close(true);
    pump();
}

TEST_CASE("a damaged database opens at once, then is closed with a message when the background check finds the damage") {
    std::string path = (g_tmp / "damaged.db").string();
    {
        auto db = fw::storage::Database::open(path, "Tester");
        fw::Catalog catalog(settings().data_dir);
        db.import_review(fw::read_review_file(FIDELITY_SOURCE_DIR "/docs/examples/concord-2026-final.json", catalog),
                         catalog);
    }
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream all;
        all << in.rdbuf();
        bytes = all.str();
    }
    // The last table page: the header and schema stay readable, so the file
    // passes the checks made before the window shows it.
    size_t page_size = (size_t(uint8_t(bytes[16])) << 8) | uint8_t(bytes[17]);
    size_t page = 0;
    for (size_t p = page_size; p + page_size <= bytes.size(); p += page_size)
        if (bytes[p] == 0x0d) page = p;
    REQUIRE(page != 0);
    bytes[page] = 0x07;
    bytes[page + 3] = bytes[page + 4] = char(0xff);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

    std::string told;
    auto* frame = new MainFrame(settings());
    frame->SetQuiet(&told);
    frame->Show();
    pump();
    CHECK(frame->OpenDatabase(path, false));
    for (int i = 0; i < 100 && told.empty(); ++i) {
        wxMilliSleep(30);
        pump(2);
    }
    CHECK_MESSAGE(told.find("damaged") != std::string::npos, told);
    CHECK_FALSE(frame->GetCommands().enabled("file.new_review"));  // closed: nothing to write to
    frame->Close(true);
    pump();
}

TEST_CASE("Escape in the action plan after changes asks before dropping them") {
    Fixture f("plan");
    f.score_all(2);
    REQUIRE(f.frame->GetCommands().enabled("review.action_plan"));
    for (int answer : {wxID_NO, wxID_YES}) {
        int asked = 0;
        set_answer_hook([&](const wxString& q) {
            ++asked;
            CHECK(q.Contains("Keep the changes"));
            return answer;
        });
        DialogDriver drive({[&](wxDialog* d) {
            // "Propose from items below 4", then Escape.
            for (wxWindow* w : d->GetChildren())
                if (auto* b = dynamic_cast<wxButton*>(w); b && b->GetLabel().Contains("Propose")) {
                    wxCommandEvent click(wxEVT_BUTTON, b->GetId());
                    click.SetEventObject(b);
                    b->ProcessWindowEvent(click);
                }
            f.sim.Char(WXK_ESCAPE);
        }});
        f.frame->GetCommands().run("review.action_plan");
        CHECK(asked == 1);
        CHECK(f.r().action_plan.empty() == (answer == wxID_NO));
    }
}

TEST_CASE("after a merge the page shows the other reviewer's scores at once") {
    Fixture f("merge");
    Review ben = f.r();
    ben.review.reviewers = {"Ben Okafor"};
    for (const auto& it : f.frame->CurrentSession()->scale().items) {
        Rating& rt = ben.rating_for(it.id);
        rt.by = {{"Ben Okafor", 2}};
    }
    // Ana's own file has only her name; the merge adds Ben's work.
    f.frame->UpdateReviewFacts([&] {
        ReviewSetup s;
        s.visit_start = f.r().review.visit_start;
        s.visit_end = *f.r().review.visit_end;
        s.reviewers = {"Ana Ruiz"};
        s.policy_id = f.r().policy_id;
        return s;
    }());
    const std::string file = (g_tmp / "ben.json").string();
    std::ofstream(file) << write_review(ben);
    REQUIRE(f.frame->MergeReviewFile(file));
    CHECK(f.by(f.frame->Page()->CurrentItem().c_str(), "Ben Okafor") == 2);
    auto* line = wxWindow::FindWindowByLabel("Ana Ruiz: \xE2\x80\x94     Ben Okafor: 2     Consensus: \xE2\x80\x94", f.frame);
    CHECK(line != nullptr);
}

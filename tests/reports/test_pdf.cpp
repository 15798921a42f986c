// The PDF reports read back as a reader would: pdftotext, pdffonts.
#include <doctest/doctest.h>

#include <thread>

#include "core/error.hpp"
#include "reports/basis.hpp"
#include "support.hpp"

using namespace fw::reports;
using Stage = ReportOptions::Stage;

namespace {

std::string make(const fw::Review& r, const ReportOptions& o, const rt::TempDir& dir, const std::string& name) {
    std::string path = dir.at(name);
    render_pdf(r, rt::scale(), rt::policy(r.policy_id), o, path);
    return path;
}

std::string words(int n) {
    // Unicode words of varied length, numbered so a lost or repeated one shows.
    const char* w[] = {"Zoë", "Ñúñez", "“quoted”", "en–dash", "em—dash", "café", "naïve", "résumé", "Øresund", "façade",
                       "job‑coaching", "Δelta", "employment", "specialist", "Łódź"};
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += w[i % 15];
        s += std::to_string(i);
        s += i % 97 == 96 ? "\n\n" : " ";
    }
    return s;
}

}  // namespace

TEST_CASE("final report: every item, score, total, tier and date is in the text") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string text = rt::pdf_text(make(r, rt::options(), dir, "final.pdf"));
    fw::Summary s = fw::summarize(r, rt::scale(), rt::policy());
    CHECK(text.find("Final Fidelity Review Report") != std::string::npos);
    CHECK(text.find("FINAL REPORT") != std::string::npos);
    CHECK(text.find(std::to_string(*s.total) + " of " + std::to_string(s.max)) != std::string::npos);
    CHECK(text.find("Draft report: " + std::to_string(*s.draft_total)) != std::string::npos);
    CHECK(text.find(s.tier->name) != std::string::npos);
    for (const auto& st : s.sections)
        CHECK(text.find(st.name + " subtotal (of " + std::to_string(st.max) + ")") != std::string::npos);
    CHECK(text.find(long_date(*r.review.final_report_date)) != std::string::npos);
    CHECK(text.find(long_date(*r.review.draft_report_date)) != std::string::npos);
    CHECK(text.find(date_span(r.review.visit_start, r.review.visit_end)) != std::string::npos);
    CHECK(text.find(long_date(s.next_review->earliest)) != std::string::npos);
    CHECK(text.find(long_date(s.next_review->latest)) != std::string::npos);
    for (const auto& item : rt::scale().items) {
        CAPTURE(item.id);
        CHECK(text.find(item.name) != std::string::npos);
        int fin = *fw::final_score(r, item.id), con = *r.consensus(item.id);
        std::string badge = "Score " + std::to_string(fin) + (fin != con ? " (draft " + std::to_string(con) + ")" : "");
        CHECK(text.find(std::to_string(item.number) + ". " + item.name) != std::string::npos);
        CHECK(text.find(badge) != std::string::npos);
        if (!r.rating(item.id)->evidence.empty())
            CHECK(rt::without_space(text).find(rt::without_space(r.rating(item.id)->evidence)) != std::string::npos);
    }
    // The contested item with its request, decision and rationale.
    CHECK(text.find("Contested items") != std::string::npos);
    CHECK(rt::has(text, r.contests[0].documentation));
    CHECK(rt::has(text, r.contests[0].rationale));
    CHECK(text.find("Upheld") != std::string::npos);
    CHECK(text.find(review_fingerprint(r)) != std::string::npos);
    // Strengths come before the priorities, and priorities lowest first.
    CHECK(text.find("Strengths") < text.find("Priority recommendations"));
}

TEST_CASE("report pages: numbered i of N, fonts embedded as subsets, nothing else") {
    rt::TempDir dir;
    std::string pdf = make(rt::example(), rt::options(), dir, "final.pdf");
    std::string text = rt::pdf_text(pdf);
    auto info = test::run({"/usr/bin/pdfinfo", pdf});
    size_t p = info.out.find("Pages:");
    REQUIRE(p != std::string::npos);
    int pages = std::stoi(info.out.substr(p + 6));
    CHECK(pages >= 5);
    for (int i = 1; i <= pages; ++i)
        CHECK(text.find("Page " + std::to_string(i) + " of " + std::to_string(pages)) != std::string::npos);
    auto fonts = test::run({"/usr/bin/pdffonts", pdf});
    REQUIRE(fonts.status == 0);
    std::istringstream lines(fonts.out);
    std::string line;
    int count = 0;
    std::getline(lines, line);
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        ++count;
        CAPTURE(line);
        CHECK(line.find("DejaVu") != std::string::npos);
        CHECK(line.find("+") == 6);                                       // subset prefix
        CHECK(line.find("Identity-H") != std::string::npos);
        CHECK(line.find(" yes yes yes ") != std::string::npos);  // embedded, subset, ToUnicode map
    }
    CHECK(count >= 2);
}

TEST_CASE("Unicode names, quotes and dashes come out exactly") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    r.program.team = "Zoë Ñúñez Team";
    r.program.agency = "Agencia “Esperanza” – Región Norte";
    r.review.reviewers = {"Zoë Ñúñez", "Łukasz Wróbel"};
    r.rating("staffing.2")->evidence = "“Quoted” evidence — with an em dash, an en dash (3–4) and ‘single’ quotes; ≥ 96 %.";
    std::string text = rt::pdf_text(make(r, rt::options(), dir, "u.pdf"));
    CHECK(text.find("Zoë Ñúñez Team") != std::string::npos);
    CHECK(text.find("Agencia “Esperanza” – Región Norte") != std::string::npos);
    CHECK(text.find("Zoë Ñúñez and Łukasz Wróbel") != std::string::npos);
    CHECK(rt::without_space(text).find(rt::without_space(r.rating("staffing.2")->evidence)) != std::string::npos);
}

TEST_CASE("a 3,000-word Unicode evidence note flows over several pages with nothing lost") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string note = words(3000);
    r.rating("services.6")->evidence = note;
    r.rating("services.6")->recommendation = "After the long note: " + words(40);
    std::string short_pdf = make(rt::example(), rt::options(), dir, "short.pdf");
    std::string pdf = make(r, rt::options(), dir, "long.pdf");
    std::string text = rt::pdf_text(pdf);
    // Take the running header and footer lines out; what is left must hold the whole note.
    std::istringstream in(text);
    std::string line, body;
    while (std::getline(in, line)) {
        for (char& c : line)
            if (c == '\f') c = ' ';
        if (line.find("Fidelity review · ") != std::string::npos || line.find("Final report · April") != std::string::npos ||
            line.find("IPS Supported Employment Fidelity Scale · ") != std::string::npos ||
            line.rfind("Page ", 0) == 0)
            continue;
        body += line + "\n";
    }
    CHECK(rt::without_space(body).find(rt::without_space(note)) != std::string::npos);
    CHECK(text.find("After the long note") != std::string::npos);
    std::string short_text = rt::pdf_text(short_pdf);
    int short_pages = int(std::count(short_text.begin(), short_text.end(), '\f'));
    int long_pages = int(std::count(text.begin(), text.end(), '\f'));
    CHECK(long_pages >= short_pages + 4);
}

TEST_CASE("draft report: consensus scores, draft total, no contests, clearly DRAFT") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string text = rt::pdf_text(make(r, rt::options(Stage::draft), dir, "draft.pdf"));
    fw::Summary s = fw::summarize(r, rt::scale(), rt::policy());
    CHECK(text.find("Draft Fidelity Review Report") != std::string::npos);
    CHECK(text.find("DRAFT · " + long_date(*r.review.draft_report_date)) != std::string::npos);
    CHECK(text.find(std::to_string(*s.draft_total) + " of 125") != std::string::npos);
    CHECK(text.find("Contested items") == std::string::npos);
    CHECK(rt::has(text, "6 to 12 months after the final report"));
    CHECK(text.find(long_date(*r.review.final_report_date)) == std::string::npos);
    CHECK(rt::has(text, "may contest up to 3 items"));
}

TEST_CASE("history: the trend chart shows earlier totals and the tier lines") {
    rt::TempDir dir;
    auto o = rt::options();
    o.history = {{rt::day("2025-04-11"), 91, "fair"}, {rt::day("2024-03-29"), 72, "none"}};
    std::string text = rt::pdf_text(make(rt::example(), o, dir, "h.pdf"));
    CHECK(text.find("Total score across reviews") != std::string::npos);
    for (const char* t : {"Mar 2024", "Apr 2025", "Apr 2026", "Fair Fidelity 74", "Good Fidelity 100", "Exemplary Fidelity 115"})
        CHECK_MESSAGE(text.find(t) != std::string::npos, t);
}

TEST_CASE("verify: a report matches its review and names what changed") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string pdf = make(r, rt::options(), dir, "final.pdf");
    VerifyResult same = verify_pdf(pdf, r, rt::scale());
    CHECK(same.has_fingerprint);
    CHECK(same.matches);
    CHECK(same.pdf_fingerprint == review_fingerprint(r));

    fw::Review text = r;
    text.rating("staffing.3")->evidence += " One more sentence.";
    VerifyResult t = verify_pdf(pdf, text, rt::scale());
    CHECK_FALSE(t.matches);
    REQUIRE(t.differences.size() == 1);
    CHECK(t.differences[0].find("staffing.3 (Vocational generalists)") != std::string::npos);

    fw::Review score = r;
    score.rating("services.6")->score = 4;
    VerifyResult sc = verify_pdf(pdf, score, rt::scale());
    CHECK_FALSE(sc.matches);
    REQUIRE_FALSE(sc.differences.empty());
    CHECK(sc.differences[0].find("score of services.6") != std::string::npos);
    CHECK(sc.differences[0].find("3 in the report and 4 in the review file") != std::string::npos);

    fw::Review date = r;
    date.review.final_report_date = rt::day("2026-04-18");
    VerifyResult dt = verify_pdf(pdf, date, rt::scale());
    CHECK_FALSE(dt.matches);
    CHECK(dt.differences.at(0) == "review.final_report_date differs");

    std::string plan = dir.at("plan.pdf");
    render_action_plan_pdf(r, rt::scale(), rt::policy(), rt::options(), plan);
    CHECK_FALSE(verify_pdf(plan, r, rt::scale()).has_fingerprint);
    CHECK_THROWS_AS(verify_pdf(rt::kExample, r, rt::scale()), fw::InputError);  // not a PDF
}

TEST_CASE("writes are atomic: a failed report leaves no file, and the old one stands") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    CHECK_THROWS(render_pdf(r, rt::scale(), rt::policy(), rt::options(), dir.at("missing/out.pdf")));
    CHECK(dir.count() == 0);

    std::string out = dir.file("out.pdf", "old contents");
    fw::Review incomplete = r;
    incomplete.rating("services.3")->score.reset();
    CHECK_THROWS_AS(render_pdf(incomplete, rt::scale(), rt::policy(), rt::options(), out), fw::RuleError);
    CHECK_THROWS_AS(render_xlsx(incomplete, rt::scale(), rt::policy(), rt::options(), out), fw::RuleError);
    CHECK(rt::slurp(out) == "old contents");
    CHECK(dir.count() == 1);  // no temporary file left behind
}

TEST_CASE("why_no_report: final report without its date, unscored items") {
    fw::Review r = rt::example();
    CHECK(why_no_report(r, rt::scale(), rt::policy(), Stage::final).empty());
    fw::Review draft = r;
    draft.review.final_report_date.reset();
    CHECK(default_stage(draft) == Stage::draft);
    CHECK(why_no_report(draft, rt::scale(), rt::policy(), Stage::final).find("no final report date") != std::string::npos);
    CHECK(why_no_report(draft, rt::scale(), rt::policy(), Stage::draft).empty());
    fw::Review incomplete = r;
    incomplete.rating("services.3")->score.reset();
    CHECK(why_no_report(incomplete, rt::scale(), rt::policy(), Stage::final).find("services.3") != std::string::npos);
}

TEST_CASE("action plan PDF: the team's rows, or proposed ones from the low items") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string own = dir.at("own.pdf");
    render_action_plan_pdf(r, rt::scale(), rt::policy(), rt::options(), own);
    std::string t = rt::pdf_text(own);
    CHECK(t.find("Fidelity Action Plan") != std::string::npos);
    for (const auto& row : r.action_plan) {
        CHECK(rt::has(t, row.goal));
        CHECK(rt::has(t, row.steps));
        CHECK(rt::has(t, row.measure));
    }
    CHECK(rt::has(t, "July 31, 2026"));
    CHECK(rt::has(t, "In progress"));

    r.action_plan.clear();
    std::string proposed = dir.at("proposed.pdf");
    render_action_plan_pdf(r, rt::scale(), rt::policy(), rt::options(), proposed);
    std::string p = rt::without_space(rt::pdf_text(proposed));
    size_t last = 0;
    auto low = fw::priorities(r, rt::scale());
    REQUIRE(low.size() > fw::kPriorityLimit);
    for (size_t i = 0; i < fw::kPriorityLimit; ++i) {  // the lowest few: a plan a team can act on
        size_t at = p.find(rt::without_space(rt::scale().find(low[i])->name));
        CHECK(at != std::string::npos);
        CHECK(at >= last);  // lowest first, in the core's order
        last = at;
    }
}

TEST_CASE("the same review gives the same bytes, also when reports are made on two threads at once") {
    fw::Review r = rt::example();
    auto o = rt::options();
    const std::string pdf = make_pdf(r, rt::scale(), rt::policy(), o);
    const std::string xlsx = make_xlsx(r, rt::scale(), rt::policy(), o);
    std::vector<std::string> pdfs(6), xlsxs(6);
    auto work = [&](size_t from) {
        for (size_t i = from; i < pdfs.size(); i += 2) {
            pdfs[i] = make_pdf(r, rt::scale(), rt::policy(), o);
            xlsxs[i] = make_xlsx(r, rt::scale(), rt::policy(), o);
        }
    };
    std::thread a(work, 0), b(work, 1);
    a.join();
    b.join();
    for (size_t i = 0; i < pdfs.size(); ++i) {
        CHECK(pdfs[i] == pdf);
        CHECK(xlsxs[i] == xlsx);
    }
}

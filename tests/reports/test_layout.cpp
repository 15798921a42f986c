// Layout without rasterizing: wrapping, tables across pages, templates, and
// the whole report checked op by op against the page frame.
#include <doctest/doctest.h>

#include "core/action_plan.hpp"
#include "core/as_drafted.hpp"
#include "core/error.hpp"
#include "reports/basis.hpp"
#include "reports/documents.hpp"
#include "reports/layout.hpp"
#include "reports/pdf_backend.hpp"
#include "reports/templates.hpp"
#include "support.hpp"

using namespace fw::reports;

namespace {

// Every code point 0.5 em wide: simple numbers for exact checks.
struct FixedMeasure : Measure {
    double width(std::string_view t, Font, double size) const override {
        double n = 0;
        for (size_t i = 0; i < t.size();) {
            next_code_point(t, i);
            ++n;
        }
        return n * size * 0.5;
    }
    double ascent(Font, double size) const override { return 0.8 * size; }
    double descent(Font, double size) const override { return 0.2 * size; }
};

std::string line_text(const Line& l) {
    std::string s;
    for (const auto& p : l.pieces) s += p.text;
    return s;
}

std::string page_text(const Page& p) {
    std::string s;
    for (const auto& op : p.ops)
        if (op.kind == Op::Kind::text) s += op.text + "\n";
    return s;
}

}  // namespace

TEST_CASE("wrap: lines fit, long words break, nothing is lost") {
    FixedMeasure m;
    Style st{Font::regular, 10, 14};
    std::string word(60, 'x');  // 300 pt, wider than the line
    std::string text = "Zoë Ñúñez said “yes” – twice — " + word + " end\nnew line\n\nafter a gap";
    auto lines = wrap(m, runs(text), st, 100);
    std::string joined;
    for (const auto& l : lines) {
        CHECK(l.width <= 100 + 1e-6);
        CHECK(m.width(line_text(l), Font::regular, 10) == doctest::Approx(l.width));
        joined += line_text(l);
    }
    CHECK(rt::without_space(joined) == rt::without_space(text));
    // The hard breaks survive: "new line" starts a line, and the gap is an empty line.
    bool found_gap = false;
    for (size_t i = 0; i + 1 < lines.size(); ++i)
        if (line_text(lines[i]) == "new line" && lines[i + 1].pieces.empty()) found_gap = true;
    CHECK(found_gap);
}

TEST_CASE("wrap: bold runs keep their font, combining marks stay with their letter") {
    FixedMeasure m;
    Style st{Font::regular, 10, 14};
    auto lines = wrap(m, parse_inline("**Evidence.** plain"), st, 400);
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].pieces.size() >= 2);
    CHECK(lines[0].pieces[0].font == Font::bold);
    CHECK(lines[0].pieces[0].text == "Evidence.");
    CHECK(lines[0].pieces.back().font == Font::regular);
    // e + combining acute, repeated: a forced break never separates the mark.
    std::string s;
    for (int i = 0; i < 40; ++i) s += "e\u0301";
    for (const auto& l : wrap(m, runs(s), st, 50)) {
        std::string t = line_text(l);
        CHECK(t.substr(0, 1) == "e");
    }
}

TEST_CASE("clean_text: control characters are shown as \\uXXXX (NUL too), every character beyond them stays") {
    CHECK(clean_text("a\tb\r\nc\x01") == "a b\nc\\u0001");
    CHECK(clean_text(std::string("cut\0here", 8)) == "cut\\u0000here");
    CHECK(clean_text("del \x7F, c1 \xC2\x85") == "del \\u007F, c1 \\u0085");
    CHECK(clean_text("smile \xF0\x9F\x98\x80") == "smile \xF0\x9F\x98\x80");
    CHECK(clean_text("bad \xC3") == "bad \xEF\xBF\xBD");
    CHECK(clean_text("Zoë “x” – —") == "Zoë “x” – —");
}

TEST_CASE("table: the header row repeats on every page and tall rows continue") {
    FixedMeasure m;
    Flow f(m, PageFrame{});
    Table t;
    t.columns = {{"Item", 100}, {"Text", 0}, {"Score", 40, Align::center}};
    std::string tall;
    for (int i = 0; i < 900; ++i) tall += "word" + std::to_string(i) + " ";
    for (int i = 0; i < 40; ++i)
        t.rows.push_back({TableRow::Kind::body, {runs("row " + std::to_string(i)), runs(i == 20 ? tall : "short"), runs("3")}});
    f.table(t);
    auto& pages = f.pages();
    REQUIRE(pages.size() >= 3);
    std::string all, tall_column;
    for (const auto& p : pages) {
        std::string txt = page_text(p);
        CHECK(txt.find("Item\n") != std::string::npos);  // header on each page
        all += txt;
        // The middle column runs from x = 172 to 500 on this page frame.
        for (const auto& op : p.ops)
            if (op.kind == Op::Kind::text && op.x > 172 && op.x < 500 && op.text != "Text" && op.text != "short")
                tall_column += op.text + " ";
        for (const auto& op : p.ops) {
            CHECK(op.y <= p.height - 72 + 1e-6);  // nothing below the bottom margin
            if (op.kind == Op::Kind::text) CHECK(op.x + m.width(op.text, op.font, op.size) <= p.width - 72 + 1e-6);
        }
    }
    CHECK(rt::without_space(tall_column) == rt::without_space(tall));
    for (int i = 0; i < 40; ++i) CHECK(all.find("row " + std::to_string(i) + "\n") != std::string::npos);
}

TEST_CASE("templates: placeholders, sections, markup, and a broken template names its file") {
    rt::TempDir dir;
    std::filesystem::create_directories(dir.path / "templates" / "report");
    dir.file("templates/report/t.mustache",
             "# Title {{team}}\n{{#initial}}first{{/initial}}{{^initial}}again{{/initial}} & <b>\n\n- **{{code}}** x\n");
    std::string out = render_template(dir.path.string(), "t", fw::Json{{"team", "Zoë’s team"}, {"initial", false}, {"code", "DOC"}});
    auto blocks = parse_blocks(out);
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].kind == Block::Kind::heading);
    CHECK(blocks[0].text == "Title Zoë’s team");
    CHECK(blocks[1].text == "again & <b>");  // plain text, no HTML escaping
    CHECK(blocks[2].kind == Block::Kind::bullet);
    dir.file("templates/report/bad.mustache", "{{#open}} never closed");
    CHECK_THROWS_AS(render_template(dir.path.string(), "bad", fw::Json::object()), fw::InputError);
    CHECK_THROWS_AS(render_template(dir.path.string(), "missing", fw::Json::object()), fw::InputError);
}

TEST_CASE("report layout: every text run stays inside the margins, pages are numbered i of N") {
    fw::Review r = rt::example();
    std::string long_note;
    for (int i = 0; i < 600; ++i) long_note += "Ñúñez “quoted” text—with dashes – and a verylongunbrokenidentifier" + std::to_string(i) + " ";
    r.rating("services.6")->evidence = long_note;
    auto o = rt::options();
    Basis b(r, rt::scale(), rt::policy(), o);
    PdfBackend pdf;  // the real font metrics
    Drawing d = layout_report(b, pdf);
    const size_t n = d.pages.size();
    REQUIRE(n >= 10);
    for (size_t i = 0; i < n; ++i) {
        const Page& p = d.pages[i];
        bool numbered = false;
        for (const auto& op : p.ops) {
            if (op.kind != Op::Kind::text) continue;
            numbered = numbered || op.text == "Page " + std::to_string(i + 1) + " of " + std::to_string(n);
            CHECK(op.x >= 72 - 1e-6);
            CHECK(op.x + pdf.width(op.text, op.font, op.size) <= p.width - 72 + 0.01);
            CHECK(op.y > 0);
            CHECK(op.y < p.height - 30);
        }
        CHECK(numbered);
    }
}

TEST_CASE("core additions: proposed action plan rows and the review as drafted") {
    fw::Review r = rt::example();
    r.action_plan.clear();
    auto plan = fw::action_plan_rows(r, rt::scale(), rt::policy());
    CHECK(plan.proposed);
    auto low = fw::priorities(r, rt::scale());
    REQUIRE(low.size() > fw::kPriorityLimit);  // the example has more low items than the plan takes
    REQUIRE(plan.rows.size() == fw::kPriorityLimit);
    for (size_t i = 0; i < plan.rows.size(); ++i) {
        CHECK(plan.rows[i].item == low[i]);
        CHECK(plan.rows[i].by_when == fw::summarize(r, rt::scale(), rt::policy()).next_review->earliest);
        CHECK(plan.rows[i].measure.rfind("Score 4: ", 0) == 0);
        CHECK(plan.rows[i].steps == r.rating(low[i])->recommendation);
    }
    fw::Review own = rt::example();
    CHECK_FALSE(fw::action_plan_rows(own, rt::scale(), rt::policy()).proposed);

    // An amendment after the draft changes today's score, not the draft's.
    fw::Review a = rt::example();
    a.amendments.push_back({rt::day("2026-04-20"), "services.5", 3, 4, "recount of contacts", "Ana Ruiz", fw::Json::object()});
    a.rating("services.5")->score = 4;
    fw::Review d = fw::as_drafted(a);
    CHECK(d.rating("services.5")->score == 3);
    CHECK(d.contests.empty());
    CHECK_FALSE(d.review.final_report_date.has_value());
    CHECK(*fw::summarize(d, rt::scale(), rt::policy()).total == 97);
}

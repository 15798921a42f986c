// The PDFs read back as assistive technology and PDF/UA checkers read them
// (pikepdf: catalog, XMP, structure tree, marked content; poppler: the
// tagged text in reading order, every word's box), and text in any script
// copied back out. qpdf checks every file.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "reports/basis.hpp"
#include "reports/layout.hpp"
#include "reports/pdf_backend.hpp"
#include "reports/text_shaping.hpp"
#include "support.hpp"

using namespace fw::reports;
using nlohmann::json;
using Stage = ReportOptions::Stage;

namespace {

const std::string kUnicode = std::string(FIDELITY_SOURCE_DIR) + "/tests/data/reviews/unicode-final.json";

json structure(const std::string& pdf) {
    auto r = test::run({"/usr/bin/python3", std::string(FIDELITY_SOURCE_DIR) + "/tests/reports/pdf_structure.py", pdf});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out);
}

void qpdf_ok(const std::string& pdf) {
    auto r = test::run({"/usr/bin/qpdf", "--check", pdf});
    const std::string said = r.out + r.err;
    CHECK_MESSAGE(r.status == 0, said);
}

// What every tagged report has: PDF 1.7, language, title, PDF/UA id, tagged pages, no untagged text.
void check_tagged(const json& s, const std::string& title) {
    CHECK(s["version"] == "1.7");
    CHECK(s["lang"] == "en-US");
    CHECK(s["marked"] == true);
    CHECK(s["display_doc_title"] == true);
    CHECK(s["xmp_title"] == title);
    CHECK(s["info_title"] == title);
    CHECK(s["pdfua_part"] == "1");
    for (const auto& p : s["pages"]) {
        CHECK(p["tabs"] == "S");
        CHECK(p["struct_parents"] >= 0);
    }
    CHECK(s["untagged_text"] == 0);
    CHECK(s["mcids_missing_from_tree"] == 0);
    CHECK(s["bad_mcid"].empty());
    CHECK(s["order"][0][1] == "Document");
    for (const auto& f : s["figures"]) CHECK(f.get<std::string>().size() > 40);
    for (const auto& th : s["th_scopes"]) CHECK((th == "Row" || th == "Column"));
}

// The top-level elements of `pdfinfo -struct-text`, with their text, in order.
std::vector<std::pair<std::string, std::string>> reading_order(const std::string& pdf) {
    auto r = test::run({"/usr/bin/pdfinfo", "-struct-text", pdf});
    REQUIRE(r.status == 0);
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
            out.push_back({line.substr(2, line.find_first_of(" :", 2) - 2), ""});
        } else if (!out.empty()) {
            auto q = line.find('"');
            if (q != std::string::npos) out.back().second += line.substr(q + 1, line.rfind('"') - q - 1) + " ";
        }
    }
    return out;
}

struct Word {
    double x0, y0, x1, y1;
    std::string text;
    int page;
};

// Every word with its box (pdftotext -bbox), and each page's size.
std::vector<Word> word_boxes(const std::string& pdf, std::vector<std::pair<double, double>>& sizes) {
    auto r = test::run({"/usr/bin/pdftotext", "-bbox", pdf, "-"});
    REQUIRE(r.status == 0);
    std::vector<Word> out;
    static const std::regex page(R"re(<page width="([0-9.]+)" height="([0-9.]+)">)re");
    static const std::regex word(R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>)re");
    std::istringstream in(r.out);
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_search(line, m, page)) sizes.push_back({std::stod(m[1]), std::stod(m[2])});
        else if (std::regex_search(line, m, word))
            out.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), m[5], int(sizes.size()) - 1});
    }
    return out;
}

void words_inside_margins(const std::string& pdf) {
    std::vector<std::pair<double, double>> sizes;
    auto words = word_boxes(pdf, sizes);
    REQUIRE(words.size() > 200);
    for (const auto& w : words) {
        CAPTURE(w.text);
        CAPTURE(w.page);
        const auto [pw, ph] = sizes[size_t(w.page)];
        CHECK(w.x0 >= 72 - 0.5);
        CHECK(w.x1 <= pw - 72 + 0.5);
        CHECK(w.y0 >= 20);
        CHECK(w.y1 <= ph - 20);
    }
}

}  // namespace

TEST_CASE("final report: tagged PDF/UA structure, reading order of page 1, figures, table headers, bookmarks") {
    rt::TempDir dir;
    std::string pdf = dir.at("final.pdf");
    render_pdf(rt::example(), rt::scale(), rt::policy(), rt::options(), pdf);
    qpdf_ok(pdf);
    json s = structure(pdf);
    check_tagged(s, "Final fidelity review report: Concord IPS Team");
    for (const char* t : {"H1", "H2", "H3", "H4", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH", "TD",
                          "Figure", "Caption"})
        CHECK_MESSAGE(s["types"].contains(t), t);
    CHECK(s["types"]["H1"] == 1);
    REQUIRE(s["figures"].size() == 1);
    CHECK(s["figures"][0].get<std::string>().find("Caseload size 5") != std::string::npos);
    CHECK(s["figures"][0].get<std::string>().find("Collaboration with VR counselors 4 (draft 3)") != std::string::npos);
    // The bookmarks follow the headings, down to each item.
    std::vector<std::string> titles;
    for (const auto& o : s["outline"]) titles.push_back(o[1]);
    for (const char* t : {"Summary", "Contested items", "Findings by item", "Staffing", "1. Caseload size", "Score sheet"})
        CHECK_MESSAGE(std::find(titles.begin(), titles.end(), t) != titles.end(), t);

    // Page 1 as a screen reader reads it: letterhead, title, stage, team, memo, key facts, then Purpose.
    auto order = reading_order(pdf);
    REQUIRE(order.size() > 8);
    CHECK(order[0].first == "P");
    CHECK(order[0].second.find("North Carolina Department of Health and Human Services") != std::string::npos);
    CHECK(order[1] == std::make_pair(std::string("H1"), std::string("Final Fidelity Review Report ")));
    CHECK(order[2].second == "FINAL REPORT ");
    CHECK(order[3].second.find("Concord IPS Team") != std::string::npos);
    CHECK(order[4].first == "Table");
    CHECK(rt::has(order[4].second, "April 17, 2026"));
    CHECK(rt::has(order[4].second, "Cardinal Innovations (LME-MCO)"));
    CHECK(order[5].first == "Table");
    for (const char* t : {"TOTAL SCORE", "98 of 125", "FIDELITY TIER", "Fair Fidelity", "NEXT FIDELITY REVIEW", "Oct 17, 2026"})
        CHECK_MESSAGE(rt::has(order[5].second, t), std::string(t));
    size_t purpose = 0;
    while (purpose < order.size() && order[purpose].second != "Purpose ") ++purpose;
    CHECK(purpose > 5);
    CHECK(order[purpose].first == "H2");
    // The running header and footer are artifacts: not in the structure.
    for (const auto& [tag, text] : order) CHECK(text.find("Page 2 of") == std::string::npos);

    words_inside_margins(pdf);
}

TEST_CASE("draft report and action plan: tagged, watermarked draft addressed to the team") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string draft = dir.at("draft.pdf"), plan = dir.at("plan.pdf");
    render_pdf(r, rt::scale(), rt::policy(), rt::options(Stage::draft), draft);
    render_action_plan_pdf(r, rt::scale(), rt::policy(), rt::options(), plan);
    for (const auto& p : {draft, plan}) qpdf_ok(p);
    check_tagged(structure(draft), "Draft fidelity review report: Concord IPS Team");
    json ps = structure(plan);
    check_tagged(ps, "Fidelity action plan: Concord IPS Team");
    CHECK(ps["types"].contains("Table"));
    CHECK(ps["types"].contains("TH"));

    auto order = reading_order(draft);
    REQUIRE(order.size() > 5);
    CHECK(order[4].first == "Table");
    CHECK(rt::has(order[4].second, "Concord IPS Team, Piedmont Behavioral Health"));
    CHECK(order[4].second.find("(LME-MCO)") == std::string::npos);  // the draft goes to the team alone
    // "DRAFT" across every page, as an artifact.
    json ds = structure(draft);
    CHECK(ds["watermarks"] == json(std::vector<int>(ds["pages"].size(), 1)));
    CHECK(ps["watermarks"] == json(std::vector<int>(ps["pages"].size(), 0)));
    words_inside_margins(draft);
    words_inside_margins(plan);
}

TEST_CASE("draft report: the contest deadline when the policy sets one, and says so when it does not") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string text = rt::pdf_text([&] {
        std::string p = dir.at("d.pdf");
        render_pdf(r, rt::scale(), rt::policy(), rt::options(Stage::draft), p);
        return p;
    }());
    CHECK(rt::has(text, "The policy sets no deadline for contests"));
    fw::Policy p = rt::policy();
    p.contests.window_days = 14;
    std::string with = dir.at("w.pdf");
    render_pdf(r, rt::scale(), p, rt::options(Stage::draft), with);
    std::string t = rt::pdf_text(with);
    auto by = fw::contest_deadline(r, p);
    REQUIRE(by);
    CHECK(t.find("CONTESTS DUE BY") != std::string::npos);
    CHECK(t.find(short_date(*by)) != std::string::npos);
    CHECK(rt::has(t, "by " + long_date(*by)));
}

TEST_CASE("text in any script: Latin, Vietnamese, Chinese, Japanese, Arabic, Hebrew, Hindi and emoji extract back") {
    rt::TempDir dir;
    fw::Review r = fw::read_review_file(kUnicode, rt::catalog());
    std::string pdf = dir.at("u.pdf");
    render_pdf(r, rt::scale(), rt::policy(), rt::options(), pdf);
    qpdf_ok(pdf);
    check_tagged(structure(pdf), "Final fidelity review report: Équipe IPS Lê Thị Hồng");
    std::string text = rt::pdf_text(pdf);
    // pdftotext marks right-to-left lines with embedding controls (U+202B ... U+202C).
    for (const char* mark : {"\u202A", "\u202B", "\u202C", "\u200E", "\u200F"})
        for (size_t at; (at = text.find(mark)) != std::string::npos;) text.erase(at, 3);
    for (const char* phrase : {
             "Zoë Ñúñez, Łódź, Øresund, façade, naïve résumé",
             "Chuyên viên việc làm dành phần lớn thời gian cho dịch vụ việc làm",
             "就业专家负责所有阶段的服务，包括接案、评估、求职和后续支持。",
             "就労支援員はメンタルヘルスチームに所属し、週一回の会議に参加しています。",
             // poppler reverses the two letters of a lam-alef ligature glyph in right-to-left
             // text, so the Arabic phrase stops before the one word that has it.
             "يحضر أخصائي التوظيف اجتماع الفريق",
             // poppler puts a line's right-to-left runs back in logical order one by one
             // around a number, so the Hebrew is checked run by run.
             "יועץ השיקום נפגש עם", "הצוות פעם בחודש", "פגישות ברבעון",
             "रोज़गार विशेषज्ञ हर सप्ताह समूह पर्यवेक्षण में भाग लेते हैं",
             "👍", "🎉", "𝄞", "Équipe IPS Lê Thị Hồng", "Zoë Ñúñez-Ødegård and Nguyễn Văn Đức"})
        CHECK_MESSAGE(rt::has(text, phrase), std::string(phrase));
    CHECK(text.find("\xEF\xBF\xBD") == std::string::npos);  // no U+FFFD
    auto fonts = test::run({"/usr/bin/pdffonts", pdf});
    for (const char* f : {"DejaVuSans", "NotoSansCJK", "NotoSansDevanagari"})
        CHECK_MESSAGE(fonts.out.find(f) != std::string::npos, f);
    std::istringstream lines(fonts.out);
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);
    while (std::getline(lines, line))
        if (!line.empty()) CHECK_MESSAGE(line.find(" yes yes yes ") != std::string::npos, line);  // embedded, subset, ToUnicode
    words_inside_margins(pdf);
}

TEST_CASE("shaping: a character no font has is shown as its code, and measured as drawn") {
    Shaper shaper;
    auto runs = shaper.shape("a\U0010FFFDb", Font::regular);
    bool replaced = false;
    for (const auto& r : runs) replaced = replaced || (r.replaced && r.text == "\U0010FFFD");
    CHECK(replaced);
    double w = 0;
    for (const auto& r : runs) w += r.width;
    CHECK(w == doctest::Approx(shaper.width("a\U0010FFFDb", Font::regular)));
    CHECK(shaper.width("a[U+10FFFD]b", Font::regular) == doctest::Approx(w));
    // Right-to-left runs come back in visual order, each glyph from a font that has it.
    auto he = shaper.shape("abc שלום", Font::regular);
    REQUIRE(he.size() == 2);
    CHECK_FALSE(he[0].rtl);
    CHECK(he[1].rtl);
    for (const auto& r : he)
        for (const auto& g : r.glyphs) CHECK(g.gid != 0);
}

TEST_CASE("wrap: Chinese and Japanese break between characters, never before closing punctuation") {
    PdfBackend m;
    Style st{Font::regular, 10, 14};
    std::string text = "Evidence: 就労支援員はメンタルヘルスチームに所属し、週一回の会議に参加しています。就業专家负责所有阶段的服务。";
    auto lines = wrap(m, runs(text), st, 150);
    REQUIRE(lines.size() >= 3);
    std::string joined;
    for (const auto& l : lines) {
        CHECK(l.width <= 150 + 1e-6);
        std::string t;
        for (const auto& p : l.pieces) t += p.text;
        CHECK(t.rfind("、", 0) != 0);
        CHECK(t.rfind("。", 0) != 0);
        joined += t;
    }
    CHECK(rt::without_space(joined) == rt::without_space(text));
    // The first line is filled, not left with "Evidence:" alone.
    CHECK(lines[0].width > 120);
}

TEST_CASE("2016, a failing first review: page 1 gives the follow-up evaluation deadline, called that") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    r.policy_id = "nc-2016";
    r.review.type = fw::ReviewType::initial;
    r.contests.clear();
    for (size_t i = 0; i < r.ratings.size(); ++i) r.ratings[i].score = i < 5 ? 2 : 3;  // 70: Not certified, 60-73
    r.review.reevaluation_criteria = {{"staffing_met", true, std::nullopt},
                                      {"integration_evidenced", true, std::nullopt},
                                      {"career_profile_percent", std::nullopt, 85.0}};
    fw::Summary s = fw::summarize(r, rt::scale(), rt::policy("nc-2016"));
    REQUIRE(s.reevaluation);
    REQUIRE(s.reevaluation->by);
    std::string pdf = dir.at("f.pdf");
    render_pdf(r, rt::scale(), rt::policy("nc-2016"), rt::options(), pdf);
    auto order = reading_order(pdf);
    REQUIRE(order.size() > 5);
    // poppler joins a cell's wrapped lines without a space: compare without spaces.
    CHECK(rt::has(order[5].second, "FOLLOW-UP EVALUATION DEADLINE"));
    CHECK(rt::has(order[5].second, short_date(*s.reevaluation->by)));
    CHECK(order[5].second.find("not set by the policy") == std::string::npos);
}

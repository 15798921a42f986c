#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "support.hpp"

using namespace fw;

TEST_CASE("the IPS scale: 25 items in three sections, every anchor") {
    const Scale& s = test::ips().scale("ips-se-25");
    CHECK(s.items.size() == 25);
    REQUIRE(s.sections.size() == 3);
    CHECK(s.sections[0].id == "staffing");
    CHECK(s.sections[0].items.size() == 3);
    CHECK(s.sections[1].id == "organization");
    CHECK(s.sections[1].items.size() == 8);
    CHECK(s.sections[2].id == "services");
    CHECK(s.sections[2].items.size() == 14);
    CHECK(s.min_total() == 25);
    CHECK(s.max_total() == 125);
    CHECK(s.fingerprint.size() == 64);
    // Data-source codes in the file's order, as reports list them.
    std::vector<std::string> codes;
    for (const auto& [code, meaning] : s.sources) codes.push_back(code);
    CHECK(codes == std::vector<std::string>{"MIS", "DOC", "INT", "OBS", "ISP"});
    for (const auto& item : s.items) {
        for (const auto& a : item.anchors) CHECK_MESSAGE(!a.empty(), item.id);
        CHECK_MESSAGE(!item.definition.empty(), item.id);
        CHECK_MESSAGE(!item.sources.empty(), item.id);
    }
    // The domain brief's count items and numeric items, exactly.
    std::vector<std::string> checklists, calculators;
    for (const auto& item : s.items) {
        if (item.checklist) checklists.push_back(item.id);
        if (item.calculator) calculators.push_back(item.id);
    }
    CHECK(checklists == std::vector<std::string>{"organization.2", "organization.5", "organization.7", "organization.8",
                                                 "services.2", "services.14"});
    CHECK(calculators == std::vector<std::string>{"staffing.1", "staffing.2", "organization.1", "services.4",
                                                  "services.5", "services.6", "services.8", "services.9",
                                                  "services.10", "services.13"});
}

namespace {
std::optional<int> calc(const char* item, std::vector<CalculatorRow> rows) {
    const Item* it = test::ips().scale("ips-se-25").find(item);
    REQUIRE(it);
    return suggest_from_calculator(*it, rows).score;
}
std::optional<int> count(const char* item, int met) {
    const Item* it = test::ips().scale("ips-se-25").find(item);
    REQUIRE(it);
    REQUIRE(it->checklist);
    std::vector<std::string> ids;
    for (int i = 0; i < met; ++i) ids.push_back(it->checklist->elements[size_t(i)].id);
    return suggest_from_checklist(*it, ids).score;
}
}  // namespace

TEST_CASE("calculators: caseload size boundaries (people per FTE)") {
    CHECK(calc("staffing.1", {{{"clients", 37}, {"fte", 2.0}}}) == 5);  // 18.5
    CHECK(calc("staffing.1", {{{"clients", 40}, {"fte", 2.0}}}) == 5);  // 20
    CHECK(calc("staffing.1", {{{"clients", 41}, {"fte", 2.0}}}) == 4);  // 20.5
    CHECK(calc("staffing.1", {{{"clients", 25}, {"fte", 1.0}}}) == 4);
    CHECK(calc("staffing.1", {{{"clients", 26}, {"fte", 1.0}}}) == 3);
    CHECK(calc("staffing.1", {{{"clients", 30}, {"fte", 1.0}}}) == 3);
    CHECK(calc("staffing.1", {{{"clients", 31}, {"fte", 1.0}}}) == 2);
    CHECK(calc("staffing.1", {{{"clients", 40}, {"fte", 1.0}}}) == 2);
    CHECK(calc("staffing.1", {{{"clients", 41}, {"fte", 1.0}}}) == 1);
    CHECK_FALSE(calc("staffing.1", {{{"clients", 41}, {"fte", 0}}}).has_value());  // no division by zero
    CHECK_FALSE(calc("staffing.1", {{{"clients", 41}}}).has_value());              // missing figure
    CHECK_FALSE(calc("staffing.1", {}).has_value());
}

TEST_CASE("calculators: percentages at each threshold") {
    auto pct = [](const char* item, const char* a, const char* b, double part) {
        return calc(item, {{{a, part}, {b, 1000}}});
    };
    // staffing.2: <60 1, 60-74 2, 75-89 3, 90-95 4, >=96 5
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 599) == 1);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 600) == 2);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 749) == 2);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 750) == 3);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 899) == 3);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 900) == 4);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 959) == 4);
    CHECK(pct("staffing.2", "employment_hours", "scheduled_hours", 960) == 5);
    // organization.1 starts at 2: score 1 is judgment.
    CHECK(pct("organization.1", "from_teams", "caseload", 0) == 2);
    CHECK(pct("organization.1", "from_teams", "caseload", 499) == 2);
    CHECK(pct("organization.1", "from_teams", "caseload", 500) == 3);
    CHECK(pct("organization.1", "from_teams", "caseload", 750) == 4);
    CHECK(pct("organization.1", "from_teams", "caseload", 900) == 5);
    // services.8: <50 1, 50-59 2, 60-69 3, 70-84 4, 85+ 5
    CHECK(pct("services.8", "different_types", "jobs", 499) == 1);
    CHECK(pct("services.8", "different_types", "jobs", 500) == 2);
    CHECK(pct("services.8", "different_types", "jobs", 600) == 3);
    CHECK(pct("services.8", "different_types", "jobs", 700) == 4);
    CHECK(pct("services.8", "different_types", "jobs", 849) == 4);
    CHECK(pct("services.8", "different_types", "jobs", 850) == 5);
    // services.5: <25 1 ... 90+ 5
    CHECK(pct("services.5", "preference_contacts", "contacts", 249) == 1);
    CHECK(pct("services.5", "preference_contacts", "contacts", 250) == 2);
    CHECK(pct("services.5", "preference_contacts", "contacts", 900) == 5);
}

TEST_CASE("calculators: competitive jobs needs at least 10 current jobs") {
    CHECK(calc("services.10", {{{"competitive_jobs", 9}, {"jobs", 9}}}) == 1);    // 100%, but 9 jobs
    CHECK(calc("services.10", {{{"competitive_jobs", 10}, {"jobs", 10}}}) == 5);
    CHECK(calc("services.10", {{{"competitive_jobs", 64}, {"jobs", 100}}}) == 1);
    CHECK(calc("services.10", {{{"competitive_jobs", 65}, {"jobs", 100}}}) == 2);
    CHECK(calc("services.10", {{{"competitive_jobs", 94}, {"jobs", 100}}}) == 4);
    CHECK(calc("services.10", {{{"competitive_jobs", 95}, {"jobs", 100}}}) == 5);
    CHECK_FALSE(calc("services.10", {{{"competitive_jobs", 12}, {"jobs", 10}}}).has_value());  // part above the whole
}

TEST_CASE("calculators: rapid job search in days (lower is better)") {
    CHECK(calc("services.4", {{{"days", 30}}}) == 5);
    CHECK(calc("services.4", {{{"days", 31}}}) == 4);
    CHECK(calc("services.4", {{{"days", 60}}}) == 4);
    CHECK(calc("services.4", {{{"days", 61}}}) == 3);
    CHECK(calc("services.4", {{{"days", 150}}}) == 3);
    CHECK(calc("services.4", {{{"days", 151}}}) == 2);
    CHECK(calc("services.4", {{{"days", 270}}}) == 2);
    CHECK(calc("services.4", {{{"days", 271}}}) == 1);
}

TEST_CASE("calculators: per-specialist items average the scores, halves round up") {
    auto c6 = [](std::vector<double> per_week) {
        std::vector<CalculatorRow> rows;
        for (double v : per_week) rows.push_back({{"contacts_per_week", v}});
        return calc("services.6", rows);
    };
    CHECK(c6({6}) == 5);
    CHECK(c6({1.9}) == 1);
    CHECK(c6({2}) == 2);
    CHECK(c6({3}) == 2);
    CHECK(c6({4}) == 3);
    CHECK(c6({5}) == 4);
    CHECK(c6({6, 5}) == 5);     // (5+4)/2 = 4.5 -> 5
    CHECK(c6({4, 2}) == 3);     // (3+2)/2 = 2.5 -> 3
    CHECK(c6({4, 4, 2}) == 3);  // 8/3 = 2.67 -> 3
    CHECK(c6({4, 2, 2}) == 2);  // 7/3 = 2.33 -> 2
    // services.13: exactly 30% is score 1, just over is 2.
    CHECK(calc("services.13", {{{"community_hours", 30}, {"scheduled_hours", 100}}}) == 1);
    CHECK(calc("services.13", {{{"community_hours", 30.5}, {"scheduled_hours", 100}}}) == 2);
    CHECK(calc("services.13", {{{"community_hours", 65}, {"scheduled_hours", 100}}}) == 5);
    CHECK_FALSE(calc("services.13", {{{"community_hours", 30}, {"scheduled_hours", 100}}, {{"community_hours", 30}}}).has_value());
}

TEST_CASE("checklists: elements met suggest the score") {
    CHECK(count("organization.2", 0) == 1);
    CHECK(count("organization.2", 1) == 1);
    CHECK(count("organization.2", 2) == 2);
    CHECK(count("organization.2", 4) == 4);
    CHECK(count("organization.2", 5) == 5);
    CHECK(count("services.2", 0) == 1);
    CHECK(count("services.2", 1) == 2);
    CHECK(count("services.2", 3) == 4);
    CHECK(count("services.2", 4) == 5);
    CHECK(count("services.14", 2) == 1);
    CHECK(count("services.14", 3) == 2);
    CHECK(count("services.14", 5) == 4);
    CHECK(count("services.14", 6) == 5);
    const Item* it = test::ips().scale("ips-se-25").find("services.2");
    // Unknown ids and repeats do not count.
    CHECK(suggest_from_checklist(*it, {"nonsense", it->checklist->elements[0].id, it->checklist->elements[0].id}).score == 2);
    CHECK(suggest_from_checklist(*it, {}).explanation == "0 of 4 elements met -> 1");
}

TEST_CASE("the sample review's worksheets agree with its consensus scores") {
    // The example in docs/ is what newcomers see first: its calculators and
    // checklists must suggest the scores the reviewers gave.
    auto text = test::slurp(std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json");
    auto j = nlohmann::json::parse(text);
    const Scale& s = test::ips().scale("ips-se-25");
    int checked = 0;
    for (const auto& r : j["ratings"]) {
        const Item* it = s.find(r["item"].get<std::string>());
        REQUIRE(it);
        if (r.contains("checklist")) {
            CHECK_MESSAGE(suggest_from_checklist(*it, r["checklist"].get<std::vector<std::string>>()).score == r["score"].get<int>(), it->id);
            ++checked;
        }
        if (r.contains("calculator")) {
            std::vector<CalculatorRow> rows;
            for (const auto& row : r["calculator"]) rows.push_back(row.get<CalculatorRow>());
            CHECK_MESSAGE(suggest_from_calculator(*it, rows).score == r["score"].get<int>(), it->id);
            ++checked;
        }
    }
    CHECK(checked == 16);
}

TEST_CASE("a second scale loads from data alone") {
    const Scale& s = test::mini().scale("mini-5");
    CHECK(s.items.size() == 5);
    CHECK(s.sections.size() == 2);
    CHECK(s.find("practice.2")->calculator->per_staff);
    CHECK(s.max_total() == 25);
}

// ------------------------------------------------------------ validation

namespace {

const std::string& mini_text() {
    static std::string t = test::slurp(std::string(FIDELITY_TEST_DATA) + "/scales/mini-5.toml");
    return t;
}

int line_of(const std::string& text, const std::string& needle) {
    auto pos = text.find(needle);
    REQUIRE_MESSAGE(pos != std::string::npos, needle);
    return 1 + int(std::count(text.begin(), text.begin() + long(pos), '\n'));
}

std::string replaced(const std::string& from, const std::string& to) {
    std::string t = mini_text();
    auto pos = t.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    t.replace(pos, from.size(), to);
    return t;
}

// Parses `text` expecting failure; returns the first problem's formatted line.
std::string error_of(const std::string& text, const std::string& file = "scales/mini-5.toml") {
    try {
        parse_scale(text, file);
    } catch (const InputError& e) {
        return e.lines().front();
    }
    FAIL("the scale was accepted");
    return {};
}

void expect_error(const std::string& text, const std::string& mark, const std::string& words) {
    std::string msg = error_of(text);
    int line = line_of(text, mark);
    std::string where = "scales/mini-5.toml:" + std::to_string(line) + ":";
    CHECK_MESSAGE(msg.rfind(where, 0) == 0, msg << "  (expected at line " << line << ")");
    CHECK_MESSAGE(msg.find(words) != std::string::npos, msg << "  (expected: " << words << ")");
}

}  // namespace

TEST_CASE("scale validation: every error names the file, the line and the problem") {
    SUBCASE("TOML syntax") {
        auto t = replaced("name = \"Team size\"", "name = \"Team size");
        expect_error(t, "name = \"Team size", "not valid TOML");
    }
    SUBCASE("an anchor missing") {
        auto t = replaced("3 = \"Half.\"\n", "");
        expect_error(t, "[sections.items.anchors]\n1 = \"None.\"", "anchor for score 3 is missing");
    }
    SUBCASE("an empty anchor") {
        auto t = replaced("3 = \"Half.\"", "3 = \"  \"");
        expect_error(t, "3 = \"  \"", "anchor for score 3 must be non-empty");
    }
    SUBCASE("an anchor for score 6") {
        auto t = replaced("5 = \"All.\"", "5 = \"All.\"\n6 = \"More.\"");
        expect_error(t, "6 = \"More.\"", "'6' is not a score");
    }
    SUBCASE("items out of order") {
        auto t = replaced("id = \"people.2\"", "id = \"people.3\"");
        expect_error(t, "id = \"people.3\"", "id must be 'people.2'");
    }
    SUBCASE("thresholds out of order") {
        auto t = replaced("4 = \"<= 15\"", "4 = \"<= 9\"");
        expect_error(t, "4 = \"<= 9\"", "out of order");
    }
    SUBCASE("equal thresholds") {
        auto t = replaced("3 = \">= 40\"", "3 = \">= 50\"");
        expect_error(t, "3 = \">= 50\"", "out of order");
    }
    SUBCASE("> and >= at the same limit: the higher score must be stricter") {
        auto t = replaced("3 = \">= 40\"\n2 = \"> 30\"", "3 = \">= 30\"\n2 = \"> 30\"");
        expect_error(t, "2 = \"> 30\"", "out of order");
    }
    SUBCASE("rules pointing both ways") {
        auto t = replaced("3 = \"<= 20\"", "3 = \">= 20\"");
        expect_error(t, "3 = \">= 20\"", "opposite directions");
    }
    SUBCASE("otherwise not last") {
        auto t = replaced("2 = \"<= 30\"", "2 = \"otherwise\"");
        expect_error(t, "2 = \"otherwise\"", "only the lowest score listed may be \"otherwise\"");
    }
    SUBCASE("no otherwise") {
        auto t = replaced("2 = \"<= 30\"\n1 = \"otherwise\"", "2 = \"<= 30\"\n1 = \"<= 50\"");
        expect_error(t, "1 = \"<= 50\"", "must be \"otherwise\"");
    }
    SUBCASE("a gap in the scores") {
        auto t = replaced("4 = \"<= 15\"\n", "");
        expect_error(t, "[sections.items.calculator.scores]", "score 4 has no rule");
    }
    SUBCASE("a rule that is not a rule") {
        auto t = replaced("4 = \"<= 15\"", "4 = \"about 15\"");
        expect_error(t, "4 = \"about 15\"", "is not \">= N\"");
    }
    SUBCASE("a misspelt key") {
        auto t = replaced("definition = \"Staff trained in the model.\"", "defintion = \"Staff trained in the model.\"");
        expect_error(t, "defintion", "unknown key 'defintion'");
    }
    SUBCASE("an unknown data source") {
        auto t = replaced("sources = [\"DOC\", \"INT\"]", "sources = [\"DOC\", \"XYZ\"]");
        expect_error(t, "sources = [\"DOC\", \"XYZ\"]", "data source 'XYZ' is not in the [sources] table");
    }
    SUBCASE("item_count disagrees") {
        auto t = replaced("item_count = 5", "item_count = 6");
        expect_error(t, "item_count = 6", "item_count says 6 items, but the file defines 5");
    }
    SUBCASE("a checklist and a calculator") {
        auto t = replaced("[sections.items.checklist]", "[sections.items.calculator]\nkind = \"value\"\n\n[sections.items.checklist]");
        expect_error(t, "[sections.items.calculator]\nkind = \"value\"", "both a checklist and a calculator");
    }
    SUBCASE("a calculator kind that does not exist") {
        auto t = replaced("kind = \"ratio\"", "kind = \"median\"");
        expect_error(t, "kind = \"median\"", "kind 'median' is not ratio, percent or value");
    }
    SUBCASE("a ratio with one input") {
        auto t = replaced("  { id = \"staff\", label = \"Staff\", unit = \"FTE\" },\n", "");
        expect_error(t, "inputs = [\n  { id = \"people\"", "needs 2 inputs, not 1");
    }
    SUBCASE("a checklist rule nobody can meet") {
        auto t = replaced("5 = \">= 5\"", "5 = \">= 6\"");
        expect_error(t, "[sections.items.checklist.scores]", "cannot be met with 5 elements");
    }
    SUBCASE("duplicate checklist element") {
        auto t = replaced("{ id = \"letters\"", "{ id = \"calls\"");
        expect_error(t, "{ id = \"calls\", text = \"Letters\"", "element id 'calls' is used twice");
    }
    SUBCASE("wrong format and version") {
        expect_error(replaced("format = \"ips-fidelity-scale\"", "format = \"ips-fidelity-policy\""), "format = ", "format must be \"ips-fidelity-scale\"");
        expect_error(replaced("version = 1", "version = 2"), "version = 2", "version 2 is not supported");
    }
    SUBCASE("an id that does not match the file name") {
        auto t = replaced("id = \"mini-5\"", "id = \"mini-6\"");
        expect_error(t, "id = \"mini-6\"", "does not match the file name");
    }
    SUBCASE("an empty definition") {
        auto t = replaced("definition = \"Outreach strategies in use.\"", "definition = \"\"");
        expect_error(t, "definition = \"\"", "'definition' is empty");
    }
    SUBCASE("a duplicate section") {
        auto t = replaced("id = \"practice\"\nname = \"Practice\"", "id = \"people\"\nname = \"Practice\"");
        expect_error(t, "[[sections]]\nid = \"people\"\nname = \"Practice\"", "section id is used twice");
    }
    SUBCASE("a wrong type") {
        auto t = replaced("item_count = 5", "item_count = \"five\"");
        expect_error(t, "item_count = \"five\"", "'item_count' must be a whole number, not text");
    }
    SUBCASE("minimum names an input that is not there") {
        auto t = replaced("result = \"people per staff member\"", "result = \"people per staff member\"\nminimum = { input = \"jobs\", at_least = 10 }");
        expect_error(t, "minimum = {", "names input 'jobs'");
    }
    SUBCASE("several problems are all listed") {
        auto t = replaced("3 = \"Half.\"\n", "");
        t.replace(t.find("defin"), 5, "dfine");
        try {
            parse_scale(t, "scales/mini-5.toml");
            FAIL("accepted");
        } catch (const InputError& e) {
            CHECK(e.problems().size() >= 2);
        }
    }
}

TEST_CASE("scale validation: a file that is not a scale at all") {
    CHECK(error_of("").find("'format' is missing") != std::string::npos);
    CHECK(error_of("[[[").find("scales/mini-5.toml:1:") == 0);
    CHECK(error_of(std::string("\xff\xfe", 2)).find("not valid TOML") != std::string::npos);
    CHECK_THROWS_AS(load_scale("/nonexistent/scale.toml"), InputError);
}

TEST_CASE("calculators score the figure they show: 95.96% is 96%") {
    const Item& it = *test::ips().scale("ips-se-25").find("staffing.2");  // 5 = ">= 96"
    auto pct = [&](double employment, double scheduled) {
        return suggest_from_calculator(it, {{{"employment_hours", employment}, {"scheduled_hours", scheduled}}});
    };
    auto s = pct(95.96, 100);
    CHECK(s.score == 5);
    CHECK(s.value == doctest::Approx(96.0));
    CHECK(s.explanation == "96% of specialist time on employment services -> 5");
    s = pct(95.94, 100);
    CHECK(s.score == 4);
    CHECK(s.explanation == "95.9% of specialist time on employment services -> 4");
    CHECK(pct(95.95, 100).score == 5);  // shown as 96.0 (half up)
    // A ratio too: 20.04 people per specialist is shown as 20 and scored as 20.
    const Item& caseload = *test::ips().scale("ips-se-25").find("staffing.1");  // 5 = "<= 20"
    auto c = suggest_from_calculator(caseload, {{{"clients", 50.1}, {"fte", 2.5}}});
    CHECK(c.score == 5);
    CHECK(c.explanation.rfind("20 people per full-time employment specialist", 0) == 0);
}

TEST_CASE("ips-se-25 wording keeps the published scale's meaning where a paraphrase drifted") {
    const Scale& s = test::ips().scale("ips-se-25");
    auto anchor = [&](const char* item, int score) { return s.find(item)->anchors[size_t(score - 1)]; };
    auto element = [&](const char* item, const char* id) {
        for (const auto& e : s.find(item)->checklist->elements)
            if (e.id == id) return e.text;
        return std::string();
    };
    CHECK(anchor("organization.4", 3).find("share a supervisor") != std::string::npos);
    CHECK(element("organization.5", "ten-or-fewer-specialists").find("in proportion") != std::string::npos);
    CHECK(element("organization.5", "monthly-field-mentoring").find("new or having difficulty") != std::string::npos);
    CHECK(anchor("organization.6", 4).find("help with another job") != std::string::npos);
    CHECK(anchor("organization.6", 5).find("help with another job") != std::string::npos);
    CHECK(anchor("organization.6", 3).find("another job") == std::string::npos);
    CHECK(element("organization.8", "steering-committee").find("every six months once the program has high fidelity") !=
          std::string::npos);
    CHECK(anchor("services.6", 4).find("reviews weekly") != std::string::npos);
    CHECK(anchor("services.6", 5).find("fewer than 3 people looking for work") != std::string::npos);
}

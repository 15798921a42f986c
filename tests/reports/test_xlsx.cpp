// The workbook read back by openpyxl with data_only=True: a reader that does
// not recalculate sees exactly the core's numbers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace fw::reports;
using nlohmann::json;

namespace {

// Everything the tests look at, from one openpyxl run.
const char* kDump = R"PY(
path = sys.argv[1]
cached = openpyxl.load_workbook(path, data_only=True)
raw = openpyxl.load_workbook(path)
out = {"sheets": cached.sheetnames}
def cell(v):
    return v.isoformat()[:10] if hasattr(v, "isoformat") else v
for name in cached.sheetnames:
    c, r = cached[name], raw[name]
    out[name] = {
        "values": [[cell(v) for v in row] for row in c.iter_rows(values_only=True)],
        "formulas": [[v if isinstance(v, str) and v.startswith("=") else None for v in row] for row in r.iter_rows(values_only=True)],
        "validations": [[d.type, d.formula1, d.formula2, str(d.sqref)] for d in r.data_validations.dataValidation],
        "conditional": sorted(str(k.sqref) for k in r.conditional_formatting),
        "freeze": r.freeze_panes,
        "print_rows": r.print_title_rows,
        "fit_width": r.sheet_properties.pageSetUpPr.fitToPage if r.sheet_properties.pageSetUpPr else None,
        "landscape": r.page_setup.orientation,
        "charts": len(r._charts),
    }
print(json.dumps(out, default=str))
)PY";

json dump(const std::string& xlsx) { return json::parse(rt::openpyxl(xlsx, kDump)); }

// The row whose third column (the item name column) reads `label`.
const json* row_named(const json& values, const std::string& label, int col = 2) {
    for (const auto& row : values)
        if (row.size() > size_t(col) && row[size_t(col)].is_string() && row[size_t(col)] == label) return &row;
    return nullptr;
}

}  // namespace

TEST_CASE("score workbook: totals, subtotals and tier as the core computes them, with live formulas") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string xlsx = dir.at("scores.xlsx");
    render_xlsx(r, rt::scale(), rt::policy(), rt::options(), xlsx);
    json d = dump(xlsx);
    CHECK(d["sheets"] == json::array({"Score sheet", "Contested items", "Action plan", "Tiers"}));
    const json& sheet = d["Score sheet"];
    const json& v = sheet["values"];
    fw::Summary s = fw::summarize(r, rt::scale(), rt::policy());

    for (const auto& st : s.sections) {
        const json* row = row_named(v, st.name + " subtotal (of " + std::to_string(st.max) + ")");
        REQUIRE_MESSAGE(row, st.name);
        CHECK((*row)[4] == *st.total);
    }
    const json* total = row_named(v, "Total (of 125)");
    REQUIRE(total);
    CHECK((*total)[3] == *s.draft_total);
    CHECK((*total)[4] == *s.total);
    const json* tier = row_named(v, "Fidelity tier");
    REQUIRE(tier);
    CHECK((*tier)[4] == s.tier->name);

    // Each item: its draft and final score, evidence and recommendation.
    for (const auto& item : rt::scale().items) {
        const json* row = row_named(v, item.name);
        REQUIRE_MESSAGE(row, item.id);
        CHECK((*row)[3] == *r.consensus(item.id));
        CHECK((*row)[4] == *fw::final_score(r, item.id));
        CHECK((*row)[5] == r.rating(item.id)->evidence);
    }

    // The numbers are formulas, not pasted values.
    size_t total_row = size_t(total - &v[0]);
    CHECK(sheet["formulas"][total_row][4].get<std::string>().rfind("=SUM(", 0) == 0);
    CHECK(sheet["formulas"][total_row + 1][4].get<std::string>().rfind("=LOOKUP(", 0) == 0);

    // Score cells validated 1-5, low scores highlighted, frozen header, print setup.
    int score_ranges = 0;
    for (const auto& val : sheet["validations"])
        if (val[0] == "whole" && val[1] == "1" && val[2] == "5") ++score_ranges;
    CHECK(score_ranges == 3);
    CHECK(sheet["conditional"].size() == 3);
    CHECK(sheet["freeze"] == "A6");
    CHECK(sheet["print_rows"] == "$5:$5");
    CHECK(sheet["fit_width"] == true);
    CHECK(sheet["landscape"] == "landscape");

    // Contested items and the editable action plan.
    const json& contests = d["Contested items"]["values"];
    const json* c = row_named(contests, "Collaboration with VR counselors", 1);
    REQUIRE(c);
    CHECK((*c)[2] == "2026-03-27");
    CHECK((*c)[5] == "Upheld");
    CHECK((*c)[9] == 3);
    CHECK((*c)[10] == 4);
    const json& plan = d["Action plan"];
    CHECK(row_named(plan["values"], "Disclosure", 1));
    bool status_list = false, dates = false;
    for (const auto& val : plan["validations"]) {
        status_list = status_list || (val[0] == "list" && val[1] == "\"planned,in-progress,done,dropped\"");
        dates = dates || val[0] == "date";
    }
    CHECK(status_list);
    CHECK(dates);
}

TEST_CASE("score workbook: the tier formula reads the policy's tiers, and a draft has one score column") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string xlsx = dir.at("draft.xlsx");
    render_xlsx(r, rt::scale(), rt::policy(), rt::options(ReportOptions::Stage::draft), xlsx);
    json d = dump(xlsx);
    CHECK(d["sheets"] == json::array({"Score sheet", "Action plan", "Tiers"}));
    const json& v = d["Score sheet"]["values"];
    CHECK(v[4][3] == "Score");
    const json* total = row_named(v, "Total (of 125)");
    REQUIRE(total);
    CHECK((*total)[3] == *fw::summarize(r, rt::scale(), rt::policy()).draft_total);
    const json& tiers = d["Tiers"]["values"];
    for (size_t i = 0; i < rt::policy().tiers.size(); ++i) {
        CHECK(tiers[i + 1][0] == rt::policy().tiers[i].min_total);
        CHECK(tiers[i + 1][2] == rt::policy().tiers[i].name);
    }
}

TEST_CASE("workbook: trends with a chart when there is history, and long text fits Excel's cell limit") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    std::string huge;
    while (huge.size() < 40000) huge += "Ñúñez “evidence” — ";
    r.rating("services.1")->evidence = huge;
    auto o = rt::options();
    o.history = {{rt::day("2025-04-11"), 91, "fair"}};
    std::string xlsx = dir.at("trend.xlsx");
    render_xlsx(r, rt::scale(), rt::policy(), o, xlsx);
    json d = dump(xlsx);
    const json& t = d["Trends"];
    CHECK(t["charts"] == 1);
    CHECK(t["values"][1][2] == 91);
    CHECK(t["values"][1][3] == "Fair Fidelity");
    CHECK(t["values"][2][2] == 98);
    CHECK(t["values"][2][1] == "2026-04-17");
    const json* row = row_named(d["Score sheet"]["values"], "Work incentives planning");
    REQUIRE(row);
    std::string cell = (*row)[5];
    CHECK(cell.rfind(huge.substr(0, 1000), 0) == 0);
    CHECK(cell.find("[continued in the PDF report]") != std::string::npos);
}

TEST_CASE("action plan workbook: proposed rows from the items below 4, lowest first") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    r.action_plan.clear();
    std::string xlsx = dir.at("plan.xlsx");
    render_action_plan_xlsx(r, rt::scale(), rt::policy(), rt::options(), xlsx);
    json d = dump(xlsx);
    CHECK(d["sheets"] == json::array({"Action plan"}));
    const json& v = d["Action plan"]["values"];
    auto low = fw::priorities(r, rt::scale());
    REQUIRE(v.size() >= 6 + low.size());
    for (size_t i = 0; i < low.size(); ++i) {
        const json& row = v[6 + i];
        CHECK(row[1] == rt::scale().find(low[i])->name);
        CHECK(row[2] == *fw::final_score(r, low[i]));
        CHECK(row[8] == "planned");
    }
}

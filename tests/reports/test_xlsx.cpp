// The workbook read back by openpyxl with data_only=True: a reader that does
// not recalculate sees exactly the core's numbers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace fw::reports;
using nlohmann::json;

using namespace std::string_literals;  // "...\0..."s: the literal's own length, NULs included

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
        "protected": bool(r.protection.sheet),
        "header": r.oddHeader.left.text or "",
        "unlocked": [[(not c.protection.locked) if c.has_style else False for c in row] for row in r.iter_rows()],
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
        CHECK((*row)[6] == *st.total);
    }
    const json* total = row_named(v, "Total (of 125)");
    REQUIRE(total);
    CHECK((*total)[5] == *s.draft_total);
    CHECK((*total)[6] == *s.total);
    const json* tier = row_named(v, "Fidelity tier");
    REQUIRE(tier);
    CHECK((*tier)[6] == s.tier->name);
    const json* next = row_named(v, "Next fidelity review");
    REQUIRE(next);
    CHECK((*next)[6] == "between October 17, 2026 and April 17, 2027");
    CHECK(v[4][3] == "Ana Ruiz");
    CHECK(v[4][4] == "Ben Okafor");
    CHECK(v[1][0].get<std::string>().find("Cabarrus County") != std::string::npos);
    CHECK(v[1][0].get<std::string>().find("Ana Ruiz and Ben Okafor") != std::string::npos);

    // Each item: its draft and final score, evidence and recommendation.
    for (const auto& item : rt::scale().items) {
        const json* row = row_named(v, item.name);
        REQUIRE_MESSAGE(row, item.id);
        const fw::Rating* rating = r.rating(item.id);
        CHECK((*row)[3] == *rating->score_by("Ana Ruiz"));
        CHECK((*row)[4] == *rating->score_by("Ben Okafor"));
        CHECK((*row)[5] == *r.consensus(item.id));
        CHECK((*row)[6] == *fw::final_score(r, item.id));
        std::string sources;
        for (const auto& c : rating->sources) sources += (sources.empty() ? "" : ", ") + c;
        CHECK((*row)[7] == (sources.empty() ? "none recorded" : sources));
        CHECK((*row)[8] == rating->evidence);
    }

    // The numbers are formulas, not pasted values.
    size_t total_row = size_t(total - &v[0]);
    CHECK(sheet["formulas"][total_row][6].get<std::string>().find("SUM(") != std::string::npos);
    CHECK(sheet["formulas"][total_row + 1][6].get<std::string>().find("LOOKUP(") != std::string::npos);
    CHECK(sheet["formulas"][total_row + 2][6].get<std::string>().find("Tiers!$F$2") != std::string::npos);

    // Score cells validated 1-5, low scores highlighted, frozen header, print setup.
    int score_ranges = 0;
    for (const auto& val : sheet["validations"])
        if (val[0] == "whole" && val[1] == "1" && val[2] == "5") ++score_ranges;
    CHECK(score_ranges == 3);
    CHECK(sheet["conditional"].size() == 3);
    CHECK(sheet["freeze"] == "A6");
    CHECK(sheet["print_rows"] == "$5:$5");
    for (const auto& name : d["sheets"]) {
        CAPTURE(name.get<std::string>());
        CHECK(d[name.get<std::string>()]["protected"] == true);
        CHECK(d[name.get<std::string>()]["fit_width"] == true);
        CHECK(d[name.get<std::string>()]["header"] != "");
    }
    // Only the input cells are unlocked: scores, evidence and recommendations.
    const json* first = row_named(v, "Caseload size");
    REQUIRE(first);
    size_t first_row = size_t(first - &v[0]);
    CHECK(sheet["unlocked"][first_row][6] == true);
    CHECK(sheet["unlocked"][first_row][8] == true);
    CHECK(sheet["unlocked"][first_row][2] == false);
    CHECK(sheet["unlocked"][total_row][6] == false);
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
    CHECK(v[4][5] == "Consensus score");
    const json* total = row_named(v, "Total (of 125)");
    REQUIRE(total);
    CHECK((*total)[5] == *fw::summarize(r, rt::scale(), rt::policy()).draft_total);
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
    // Long evidence goes on over the rows below, each no taller than Excel draws (409 points).
    const json& v = d["Score sheet"]["values"];
    const json* row = row_named(v, "Work incentives planning");
    REQUIRE(row);
    std::string all;
    for (size_t i = size_t(row - &v[0]); i < v.size(); ++i) {
        if (i > size_t(row - &v[0]) && v[i][2] != "Work incentives planning (continued)") break;
        all += v[i][8].get<std::string>();
    }
    CHECK(rt::without_space(all) == rt::without_space(huge));
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
    low.resize(std::min(low.size(), fw::kPriorityLimit));  // the proposal takes the lowest few
    REQUIRE(v.size() >= 6 + low.size());
    for (size_t i = 0; i < low.size(); ++i) {
        const json& row = v[6 + i];
        CHECK(row[1] == rt::scale().find(low[i])->name);
        CHECK(row[2] == *fw::final_score(r, low[i]));
        CHECK(row[8] == "planned");
    }
}

namespace {

// LibreOffice opens the workbook, recalculates every formula (a profile set
// to always recalculate on load: its default trusts the cached values) and
// saves it again; the script compares the two.
const char* kRecalc = R"PY(
import os, subprocess, tempfile
path, mode = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
src = path
if mode == "clear":
    # A reviewer clears one score in the Score sheet.
    wb = openpyxl.load_workbook(path)
    ws = wb["Score sheet"]
    for row in ws.iter_rows():
        if row[2].value == "Disclosure":
            row[6].value = None
    src = os.path.join(work, "cleared.xlsx")
    wb.save(src)
user = os.path.join(work, "profile", "user")
os.makedirs(user)
with open(os.path.join(user, "registrymodifications.xcu"), "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
            '<value>0</value></prop></item></oor:items>')
out = os.path.join(work, "out")
subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(work, "profile"), "--headless",
                "--convert-to", "xlsx", "--outdir", out, src], check=True, capture_output=True, timeout=240)
recalc = openpyxl.load_workbook(os.path.join(out, os.path.basename(src)), data_only=True)
cached = openpyxl.load_workbook(src, data_only=True)
raw = openpyxl.load_workbook(src)
result = {"formulas": 0, "differ": [], "values": {}}
for name in raw.sheetnames:
    for r_row, c_row, l_row in zip(raw[name].iter_rows(), cached[name].iter_rows(), recalc[name].iter_rows()):
        for r, c, l in zip(r_row, c_row, l_row):
            if isinstance(r.value, str) and r.value.startswith("="):
                result["formulas"] += 1
                if c.value != l.value:
                    result["differ"].append([name, r.coordinate, str(c.value), str(l.value)])
ws = recalc["Score sheet"]
for row in ws.iter_rows(values_only=True):
    if row[2] in ("Total (of 125)", "Fidelity tier", "Next fidelity review", "Services subtotal (of 70)"):
        result["values"][row[2]] = row[6]
print(json.dumps(result))
)PY";

}  // namespace

TEST_CASE("workbook: LibreOffice's recalculation equals the cached values, a cleared score makes it incomplete") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    r.rating("staffing.1")->evidence = "Control characters \x01 and a NUL\0 do not cut a cell: the rest stays."s;
    std::string xlsx = dir.at("scores.xlsx");
    render_xlsx(r, rt::scale(), rt::policy(), rt::options(), xlsx);

    auto run = test::run({"/usr/bin/python3", "-c", std::string("import sys, json, openpyxl\n") + kRecalc, xlsx, "same"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    json same = json::parse(run.out);
    CHECK(same["formulas"] >= 10);
    CHECK_MESSAGE(same["differ"].empty(), same["differ"].dump());
    CHECK(same["values"]["Total (of 125)"] == 98);

    auto cleared = test::run({"/usr/bin/python3", "-c", std::string("import sys, json, openpyxl\n") + kRecalc, xlsx, "clear"});
    REQUIRE_MESSAGE(cleared.status == 0, cleared.err);
    json c = json::parse(cleared.out);
    CHECK(c["values"]["Services subtotal (of 70)"] == "incomplete");
    CHECK(c["values"]["Total (of 125)"] == "incomplete");
    CHECK(c["values"]["Fidelity tier"] == "incomplete");
    CHECK(c["values"]["Next fidelity review"] == "incomplete");

    json d = dump(xlsx);
    const json* row = row_named(d["Score sheet"]["values"], "Caseload size");
    REQUIRE(row);
    CHECK((*row)[8] == "Control characters \\u0001 and a NUL\\u0000 do not cut a cell: the rest stays.");
}

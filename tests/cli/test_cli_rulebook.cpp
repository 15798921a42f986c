// The rulebook as a user meets it on the command line: files the workstation
// could never produce are refused with their place; warnings are printed and
// leave the file valid; deadlines and conditions appear in score and list.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using test::bin;
using test::run;
using Dir = test::TempDir;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

json sample() {
    std::ifstream in(kSample);
    return json::parse(in);
}

// Lowers the consensus scores in file order until the total is `total`.
json with_total(json j, int total) {
    int drop = 97 - total;
    for (auto& rt : j["ratings"])
        while (drop > 0 && rt["score"].get<int>() > 1) {
            rt["score"] = rt["score"].get<int>() - 1;
            --drop;
        }
    return j;
}

}  // namespace

TEST_CASE("rulebook cli: files the workstation could never produce are refused with their place") {
    Dir t;
    struct Case {
        const char* what;
        std::function<void(json&)> change;
        std::string expect;
    } cases[] = {
        {"a final report with a contest still pending",
         [](json& j) {
             j["contests"][0]["decision"] = "pending";
             j["contests"][0].erase("decided_score");
             j["contests"][0].erase("decided_on");
         },
         ": /contests/0/decision: the final report (2026-04-17) needs every contest decided"},
        {"a contest submitted after the final report", [](json& j) { j["contests"][0]["submitted"] = "2026-04-20"; },
         ": /contests/0/submitted: 2026-04-20 is after the final report (2026-04-17)"},
        {"a final report with an unscored item", [](json& j) { j["ratings"].erase(j["ratings"].begin() + 5); },
         ": /review/final_report_date: a final report needs every item scored; 1 item is not (organization.3)"},
        {"a contest without documentation", [](json& j) { j["contests"][0]["documentation"] = ""; },
         ": /contests/0/documentation: a contest needs its supporting documentation"},
        {"a denied contest with a decided score", [](json& j) { j["contests"][0]["decision"] = "denied"; },
         ": /contests/0/decided_score: a denied contest keeps the consensus score"},
        {"a decision without its rationale", [](json& j) { j["contests"][0].erase("rationale"); },
         ": /contests/0/rationale: a decided contest needs the rationale"},
    };
    for (const auto& c : cases) {
        json j = sample();
        c.change(j);
        std::string f = t.file("bad.json", j.dump());
        for (const char* cmd : {"validate", "score", "report"}) {
            std::vector<std::string> args = {bin("fidelity"), cmd, f};
            if (std::string(cmd) == "report") args.insert(args.end(), {"--pdf", t.name("out.pdf")});
            auto r = run(args);
            CHECK_MESSAGE(r.status == 2, c.what << " (" << cmd << ")");
            CHECK_MESSAGE(r.err.find(f + c.expect) != std::string::npos, c.what << ": " << r.err);
            CHECK_FALSE(fs::exists(t.name("out.pdf")));
        }
    }
}

TEST_CASE("rulebook cli: warnings are printed and the file stays valid") {
    Dir t;
    json j = sample();
    j["policy"] = "nc-2016";  // a 2026 visit under the 2016 edition
    std::string f = t.file("old.json", j.dump());
    auto v = run({bin("fidelity"), "validate", f});
    CHECK(v.status == 0);
    CHECK(v.out.rfind("ok\n", 0) == 0);
    CHECK(v.out.find(f + ": warning: NC IPS-SE Service Definition (2016) (nc-2016) was replaced by") != std::string::npos);
    CHECK(v.out.find("(policy-not-in-force)") != std::string::npos);
    auto s = run({bin("fidelity"), "score", f, "--json"});
    REQUIRE(s.status == 0);
    json out = json::parse(s.out);
    REQUIRE(out["warnings"].size() == 1);
    CHECK(out["warnings"][0]["code"] == "policy-not-in-force");
    // The 2016 first review before six months of operation.
    j["review"]["type"] = "initial";
    j["program"]["start_date"] = "2025-09-03";  // six months end 2026-03-03, the visit began 2026-03-02
    out = json::parse(run({bin("fidelity"), "score", t.file("early.json", j.dump()), "--json"}).out);
    std::vector<std::string> codes;
    for (const auto& w : out["warnings"]) codes.push_back(w["code"]);
    CHECK(codes == std::vector<std::string>{"first-review-early", "policy-not-in-force"});
    // Clean: no warnings at all.
    auto clean = run({bin("fidelity"), "validate", kSample});
    CHECK(clean.out == "ok\n");
}

TEST_CASE("rulebook cli: 2020 below 74 keeps its condition in score and list") {
    Dir t;
    json j = with_total(sample(), 67);
    j["contests"] = json::array();
    std::string f = t.file("low.json", j.dump());
    auto s = run({bin("fidelity"), "score", f, "--json"});
    REQUIRE(s.status == 0);
    CHECK(json::parse(s.out)["next_review"] ==
          json::parse(R"({"earliest": "2026-10-17", "latest": "2026-10-17", "condition": "if approved"})"));
    CHECK(run({bin("fidelity"), "score", f}).out.find("Next review due on 2026-10-17 (if approved)") != std::string::npos);
    std::string db = t.name("w.db");
    REQUIRE(run({bin("fidelity"), "import", f, "--db", db}).status == 0);
    auto l = run({bin("fidelity"), "list", "--db", db, "--json"});
    REQUIRE(l.status == 0);
    CHECK(json::parse(l.out)[0]["next_review"]["condition"] == "if approved");
}

TEST_CASE("rulebook cli: list --due-within shows the 2016 follow-up deadline and implementation-plan reviews") {
    Dir t;
    json j = with_total(sample(), 67);
    j["policy"] = "nc-2016";
    j["review"]["type"] = "initial";
    j["contests"] = json::array();
    j["review"]["reevaluation_criteria"] = {{"staffing_met", true}, {"integration_evidenced", true},
                                            {"career_profile_percent", 80}};
    std::string db = t.name("w.db");
    auto imp = run({bin("fidelity"), "import", t.file("f.json", j.dump()), "--db", db});
    REQUIRE(imp.status == 0);
    // A program waiting for the review its implementation-plan meeting called for.
    json p = sample();
    p["policy"] = "nc-2016";
    p["program"]["team"] = "Rowan IPS Team";
    p["program"]["implementation_plan"] = {{"meeting", "2026-07-20"}, {"policy", "nc-2016"}};
    p["review"] = {{"type", "initial"}, {"visit_start", "2026-03-02"}, {"reviewers", {"Ana Ruiz"}}};
    p["ratings"] = json::array();
    p["contests"] = json::array();
    p.erase("action_plan");
    p.erase("amendments");
    REQUIRE(run({bin("fidelity"), "import", t.file("p.json", p.dump()), "--db", db}).status == 0);

    auto due = [&](const char* days) {
        auto l = run({bin("fidelity"), "list", "--db", db, "--json", "--due-within", days, "--on", "2026-09-20"});
        REQUIRE(l.status == 0);
        return json::parse(l.out);
    };
    CHECK(due("23").empty());  // up to 2026-10-13
    json rows = due("24");     // the follow-up's last day, 2026-10-14
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["team"] == "Concord IPS Team");
    CHECK(rows[0]["due"] == json::parse(R"({"kind": "follow-up", "by": "2026-10-14"})"));
    rows = due("30");  // and the review three months after the meeting, 2026-10-20
    REQUIRE(rows.size() == 2);
    CHECK(rows[1]["id"].is_null());
    CHECK(rows[1]["team"] == "Rowan IPS Team");
    CHECK(rows[1]["due"] == json::parse(R"({"kind": "implementation-plan-review", "by": "2026-10-20"})"));
    auto text = run({bin("fidelity"), "list", "--db", db, "--due-within", "30", "--on", "2026-09-20"});
    CHECK(text.out.find("by 2026-10-14 (follow-up)") != std::string::npos);
    CHECK(text.out.find("by 2026-10-20 (implementation-plan-review)") != std::string::npos);
}

TEST_CASE("rulebook cli: contest deadlines when the policy sets them") {
    Dir t;
    fs::path data = t.path / "share";
    fs::copy(FIDELITY_BUILD_DATA_DIR, data, fs::copy_options::recursive);
    fs::path policy = data / "scales" / "policies" / "nc-2020.toml";
    std::string text;
    {
        std::ifstream in(policy);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    text.replace(text.find("[contests]\n"), 11, "[contests]\nwindow_days = 10\ndecision_days = 14\n");
    std::ofstream(policy) << text;
    auto s = run({bin("fidelity"), "--data-dir", data.string(), "score", kSample, "--json"});
    REQUIRE(s.status == 0);
    CHECK(json::parse(s.out)["contests"] ==
          json::parse(R"({"count": 1, "limit": 3, "pending": 0, "submit_by": "2026-03-30",
                          "decide_by": {"organization.3": "2026-04-10"}})"));
    json late = sample();
    late["contests"][0]["submitted"] = "2026-03-31";
    auto r = run({bin("fidelity"), "--data-dir", data.string(), "validate", t.file("late.json", late.dump())});
    CHECK(r.status == 2);
    CHECK(r.err.find("/contests/0/submitted: 2026-03-31 is after the contest window closed on 2026-03-30") !=
          std::string::npos);
}

TEST_CASE("rulebook cli: import prints the review's warnings on stderr") {
    Dir t;
    std::string db = t.name("w.db");
    json a = sample();
    a["review"]["type"] = "initial";
    REQUIRE(run({bin("fidelity"), "import", t.file("a.json", a.dump()), "--db", db}).status == 0);
    json b = a;
    b["review"]["visit_start"] = "2026-09-01";
    b["review"]["visit_end"] = "2026-09-02";
    b["review"].erase("draft_report_date");
    b["review"].erase("final_report_date");
    b["contests"] = json::array();
    b.erase("action_plan");
    auto r = run({bin("fidelity"), "import", t.file("b.json", b.dump()), "--db", db});
    CHECK(r.status == 0);
    CHECK(r.out == "2\n");
    CHECK(r.err.find("warning: this program already has an initial review (visit of 2026-03-02)") != std::string::npos);
}

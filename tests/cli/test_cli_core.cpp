// The `fidelity` program as users run it: score, validate, exit codes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using test::bin;
using test::run;
using test::TempDir;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

json sample() { return json::parse(slurp(kSample)); }

}  // namespace

TEST_CASE("score --json prints the spec's object") {
    auto r = run({bin("fidelity"), "score", kSample, "--json"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    json expected = json::parse(R"({"complete": true, "total": 98, "draft_total": 97, "max": 125,
        "sections": {"staffing": 13, "organization": 33, "services": 52},
        "unscored": [], "tier": "fair", "policy": "nc-2020",
        "next_review": {"earliest": "2026-10-17", "latest": "2027-04-17"},
        "contests": {"count": 1, "limit": 3, "pending": 0}, "warnings": []})");
    CHECK(json::parse(r.out) == expected);
    // Key order as in the spec, one line.
    CHECK(r.out.rfind("{\"complete\":true,\"total\":98,\"draft_total\":97,\"max\":125,\"sections\"", 0) == 0);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
}

TEST_CASE("score prints a readable summary") {
    auto r = run({bin("fidelity"), "score", kSample});
    CHECK(r.status == 0);
    CHECK(r.out.find("Total:   98 / 125 (draft 97)") != std::string::npos);
    CHECK(r.out.find("Tier:    Fair Fidelity") != std::string::npos);
    CHECK(r.out.find("Next review due between 2026-10-17 and 2027-04-17") != std::string::npos);
    CHECK(r.out.find("Contests: 1 of 3 (0 pending)") != std::string::npos);
}

TEST_CASE("score --json: an incomplete review has nulls and lists what is missing") {
    TempDir t;
    json j = sample();
    j["ratings"].erase(j["ratings"].begin() + 24);
    j["ratings"].erase(j["ratings"].begin() + 0);
    j["contests"] = json::array();
    // Still being scored: a review with a final report is scored in full.
    j["review"].erase("final_report_date");
    j["review"].erase("draft_report_date");
    auto r = run({bin("fidelity"), "score", t.file("inc.json", j.dump()), "--json"});
    CHECK(r.status == 0);
    json out = json::parse(r.out);
    CHECK(out["complete"] == false);
    CHECK(out["total"].is_null());
    CHECK(out["draft_total"].is_null());
    CHECK(out["tier"].is_null());
    CHECK(out["next_review"].is_null());
    CHECK(out["unscored"] == json::array({"staffing.1", "services.14"}));
    CHECK(out["sections"]["staffing"].is_null());
    CHECK(out["sections"]["organization"] == 32);
}

TEST_CASE("score --json: nc-2016 below 74 carries the re-evaluation") {
    TempDir t;
    json j = sample();
    j["policy"] = "nc-2016";
    j["review"]["type"] = "initial";
    j["contests"] = json::array();
    // 97 - 30 = 67: lower thirty 4s and 5s by one.
    int drop = 30;
    for (auto& rt : j["ratings"])
        while (drop > 0 && rt["score"].get<int>() > 1) {
            rt["score"] = rt["score"].get<int>() - 1;
            --drop;
        }
    auto r = run({bin("fidelity"), "score", t.file("low.json", j.dump()), "--json"});
    REQUIRE(r.status == 0);
    json out = json::parse(r.out);
    CHECK(out["total"] == 67);
    CHECK(out["tier"] == "none");
    CHECK(out["next_review"].is_null());
    // No condition recorded yet: not eligible, and the missing ones named.
    CHECK(out["reevaluation"] == json::parse(R"({"eligible": false, "by": null,
        "unconfirmed": ["staffing_met", "integration_evidenced", "career_profile_percent"]})"));
    j["review"]["reevaluation_criteria"] = {{"staffing_met", true}, {"integration_evidenced", true},
                                            {"career_profile_percent", 80}};
    out = json::parse(run({bin("fidelity"), "score", t.file("met.json", j.dump()), "--json"}).out);
    CHECK(out["reevaluation"] == json::parse(R"({"eligible": true, "by": "2026-10-14", "unconfirmed": []})"));
    // Recorded as not met: not eligible, nothing left to record.
    j["review"]["reevaluation_criteria"]["staffing_met"] = false;
    out = json::parse(run({bin("fidelity"), "score", t.file("unmet.json", j.dump()), "--json"}).out);
    CHECK(out["reevaluation"] == json::parse(R"({"eligible": false, "by": null, "unconfirmed": []})"));
    j["review"]["reevaluation_criteria"]["staffing_met"] = true;
    j["review"]["type"] = "subsequent";
    out = json::parse(run({bin("fidelity"), "score", t.file("low2.json", j.dump()), "--json"}).out);
    CHECK(out["reevaluation"] == json::parse(R"({"eligible": false, "by": null, "unconfirmed": []})"));
}

TEST_CASE("score and validate: re-evaluation conditions by their ids and types") {
    TempDir t;
    json j = sample();
    j["policy"] = "nc-2016";
    auto refused = [&](const json& criteria, const std::string& where, const std::string& words) {
        json k = j;
        k["review"]["reevaluation_criteria"] = criteria;
        std::string f = t.file("c.json", k.dump());
        for (const char* cmd : {"validate", "score"}) {
            auto r = run({bin("fidelity"), cmd, f});
            CHECK_MESSAGE(r.status == 2, cmd << " " << criteria.dump());
            CHECK_MESSAGE(r.err.find(f + ": " + where + ": ") != std::string::npos, r.err);
            CHECK_MESSAGE(r.err.find(words) != std::string::npos, r.err);
        }
    };
    refused({{"staffing_mett", false}}, "/review/reevaluation_criteria/staffing_mett",
            "the conditions are staffing_met, integration_evidenced, career_profile_percent");
    refused({{"staffing_met", -1}}, "/review/reevaluation_criteria/staffing_met", "must be true or false");
    refused({{"integration_evidenced", 0.0001}}, "/review/reevaluation_criteria/integration_evidenced",
            "must be true or false");
    refused({{"career_profile_percent", 150}}, "/review/reevaluation_criteria/career_profile_percent",
            "from 0 to 100, not 150");
    refused({{"career_profile_percent", -0.5}}, "/review/reevaluation_criteria/career_profile_percent", "from 0 to 100");
    refused({{"career_profile_percent", true}}, "/review/reevaluation_criteria/career_profile_percent",
            "must be a percentage");
    refused({{"staffing_met", "yes"}}, "/review/reevaluation_criteria/staffing_met", "must be true, false or a number");
    // nc-2020 has no re-evaluation rule: nothing to record.
    json k = sample();
    k["review"]["reevaluation_criteria"] = {{"staffing_met", true}};
    auto r = run({bin("fidelity"), "validate", t.file("2020.json", k.dump())});
    CHECK(r.status == 2);
    CHECK(r.err.find("/review/reevaluation_criteria: policy nc-2020 has no re-evaluation conditions") != std::string::npos);
    // The boundaries that are allowed.
    json ok = j;
    ok["review"]["reevaluation_criteria"] = {{"career_profile_percent", 0}, {"staffing_met", false},
                                             {"integration_evidenced", nullptr}};
    CHECK(run({bin("fidelity"), "validate", t.file("ok.json", ok.dump())}).status == 0);
    ok["review"]["reevaluation_criteria"] = {{"career_profile_percent", 100}};
    CHECK(run({bin("fidelity"), "validate", t.file("ok2.json", ok.dump())}).status == 0);
}

TEST_CASE("validate: review, scale and policy files") {
    auto ok = run({bin("fidelity"), "validate", kSample});
    CHECK(ok.status == 0);
    CHECK(ok.out == "ok\n");
    std::string data = std::string(FIDELITY_SOURCE_DIR) + "/scales/";
    for (std::string f : {"ips-se-25.toml", "policies/nc-2016.toml", "policies/nc-2020.toml"}) {
        auto r = run({bin("fidelity"), "validate", data + f});
        CHECK_MESSAGE(r.status == 0, f << ": " << r.err);
    }
    TempDir t;
    std::string broken = slurp(data + "ips-se-25.toml");
    auto pos = broken.find("4 = \"<= 25\"");
    REQUIRE(pos != std::string::npos);
    broken.replace(pos, 11, "4 = \"<= 19\"");
    int line = 1 + int(std::count(broken.begin(), broken.begin() + long(pos), '\n'));
    auto r = run({bin("fidelity"), "validate", t.file("ips-se-25.toml", broken)});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK_MESSAGE(r.err.find("ips-se-25.toml:" + std::to_string(line) + ":") != std::string::npos, r.err);
    CHECK(r.err.find("out of order") != std::string::npos);
}

TEST_CASE("validate lists every problem, score names the first") {
    TempDir t;
    json j = sample();
    j["ratings"][1]["score"] = 9;
    j["ratings"][2]["item"] = "staffing.7";
    std::string f = t.file("two.json", j.dump());
    auto v = run({bin("fidelity"), "validate", f});
    CHECK(v.status == 2);
    CHECK(v.err.find(f + ": /ratings/1/score: must be a whole number from 1 to 5, not 9\n") != std::string::npos);
    CHECK(v.err.find(f + ": /ratings/2/item:") != std::string::npos);
    auto s = run({bin("fidelity"), "score", f, "--json"});
    CHECK(s.status == 2);
    CHECK(s.out.empty());
    CHECK(s.err.rfind(f + ": /ratings/1/score:", 0) == 0);
}

TEST_CASE("exit status 2 for wrong input, with the file and the place") {
    TempDir t;
    struct Case {
        std::string name, text, expect;
    } cases[] = {
        {"empty.json", "", ":1:1: not valid JSON"},
        {"garbage.json", "{\"format\": ", ":1:12: not valid JSON"},
        {"array.json", "[1,2]", ": /: a review file is a JSON object"},
        {"fourth.json", "", ": /contests/3: contest 4 is one too many"},
    };
    json four = sample();
    for (const char* item : {"services.1", "services.2", "services.3"})
        four["contests"].push_back(json{{"item", item}, {"submitted", "2026-03-27"}, {"documentation", "d"}, {"decision", "denied"},
                                        {"decided_on", "2026-04-10"}, {"rationale", "r"}});
    cases[3].text = four.dump();
    for (const auto& c : cases) {
        std::string f = t.file(c.name, c.text);
        auto r = run({bin("fidelity"), "score", f, "--json"});
        CHECK_MESSAGE(r.status == 2, c.name);
        CHECK(r.out.empty());
        CHECK_MESSAGE(r.err.rfind(f + c.expect, 0) == 0, c.name << ": " << r.err);
    }
    auto missing = run({bin("fidelity"), "score", "/nonexistent/review.json"});
    CHECK(missing.status == 2);
    CHECK(missing.err.rfind("/nonexistent/review.json: cannot open", 0) == 0);
    auto dir = run({bin("fidelity"), "score", "/tmp"});
    CHECK(dir.status == 2);
    CHECK(dir.err.find("is a folder") != std::string::npos);
}

TEST_CASE("usage errors are exit 2, help is exit 0") {
    CHECK(run({bin("fidelity")}).status == 2);
    CHECK(run({bin("fidelity"), "frobnicate"}).status == 2);
    CHECK(run({bin("fidelity"), "score"}).status == 2);
    auto help = run({bin("fidelity"), "--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("score") != std::string::npos);
    CHECK(help.out.find("validate") != std::string::npos);
}

TEST_CASE("a second scale works from data alone (--data-dir)") {
    auto r = run({bin("fidelity"), "--data-dir", FIDELITY_TEST_DATA, "score",
                  std::string(FIDELITY_TEST_DATA) + "/reviews/mini-review.json", "--json"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    json out = json::parse(r.out);
    CHECK(out["total"] == 17);  // practice.2: 2 -> 4 by the upheld contest
    CHECK(out["draft_total"] == 15);
    CHECK(out["max"] == 25);
    CHECK(out["tier"] == "high");
    CHECK(out["sections"] == json{{"people", 7}, {"practice", 10}});
    CHECK(out["next_review"] == json{{"earliest", "2026-11-30"}, {"latest", "2027-05-31"}});
    CHECK(out["contests"]["limit"] == 2);
    // The IPS scale is not in that data folder.
    auto other = run({bin("fidelity"), "--data-dir", FIDELITY_TEST_DATA, "score", kSample});
    CHECK(other.status == 2);
    CHECK(other.err.find("/scale: unknown scale \"ips-se-25\"") != std::string::npos);
}

#include <doctest/doctest.h>

#include <functional>

#include "core/error.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "support.hpp"

using namespace fw;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

Json sample() { return Json::parse(test::slurp(kSample)); }

// Reads `text`, expecting the first problem at `pointer` with `words` in it.
void expect_problem(const std::string& text, const std::string& pointer, const std::string& words) {
    try {
        read_review_text(text, "review.json", test::ips());
        FAIL("accepted: " << pointer);
    } catch (const InputError& e) {
        bool found = false;
        std::string all;
        for (const auto& p : e.problems()) {
            all += format_problem("review.json", p) + "\n";
            if (p.place.kind == Place::Kind::pointer && p.place.pointer == pointer &&
                p.message.find(words) != std::string::npos)
                found = true;
        }
        CHECK_MESSAGE(found, "expected " << pointer << ": " << words << "\ngot:\n" << all);
        CHECK(e.lines().front().rfind("review.json: ", 0) == 0);
    }
}

void expect_problem(const std::function<void(Json&)>& change, const std::string& pointer, const std::string& words) {
    Json j = sample();
    change(j);
    expect_problem(j.dump(), pointer, words);
}

}  // namespace

TEST_CASE("the sample review reads and scores as the spec's example") {
    Review r = read_review_file(kSample, test::ips());
    CHECK(r.ratings.size() == 25);
    CHECK(r.contests.size() == 1);
    Summary s = summarize(r, test::ips().scale("ips-se-25"), test::ips().policy("nc-2020"));
    CHECK(s.total == 98);
    CHECK(s.draft_total == 97);
    CHECK(s.sections[0].total == 13);
    CHECK(s.sections[1].total == 33);
    CHECK(s.sections[2].total == 52);
    CHECK(s.tier->id == "fair");
    CHECK(s.next_review->earliest.iso() == "2026-10-17");
    CHECK(s.next_review->latest.iso() == "2027-04-17");
}

TEST_CASE("wrong values are named by their JSON pointer") {
    expect_problem([](Json& j) { j["format"] = "ips-review"; }, "/format", "must be \"ips-fidelity-review\"");
    expect_problem([](Json& j) { j["version"] = 2; }, "/version", "version 2 is not supported");
    expect_problem([](Json& j) { j["version"] = "1"; }, "/version", "must be the number 1");
    expect_problem([](Json& j) { j.erase("scale"); }, "", "'scale' is missing");
    expect_problem([](Json& j) { j["scale"] = "ips-se-99"; }, "/scale", "unknown scale \"ips-se-99\"");
    expect_problem([](Json& j) { j["scale"] = "../../etc/passwd"; }, "/scale", "is not a scale id");
    expect_problem([](Json& j) { j["policy"] = "nc-2019"; }, "/policy", "unknown policy \"nc-2019\"");
    expect_problem([](Json& j) { j.erase("program"); }, "", "'program' is missing");
    expect_problem([](Json& j) { j["program"]["agency"] = ""; }, "/program/agency", "must not be empty");
    expect_problem([](Json& j) { j["program"]["team"] = 7; }, "/program/team", "must be text, not a number");
    expect_problem([](Json& j) { j["review"]["type"] = "annual"; }, "/review/type", "is not initial, subsequent or follow-up");
    expect_problem([](Json& j) { j["review"]["visit_start"] = "2026-02-30"; }, "/review/visit_start", "is not a date");
    expect_problem([](Json& j) { j["review"]["visit_start"] = "03/02/2026"; }, "/review/visit_start", "is not a date");
    expect_problem([](Json& j) { j["review"]["visit_end"] = "2026-03-01"; }, "/review/visit_end", "before the visit's start");
    expect_problem([](Json& j) { j["review"]["draft_report_date"] = "2026-03-02"; }, "/review/draft_report_date",
                   "before the visit ended");
    expect_problem([](Json& j) { j["review"]["final_report_date"] = "2026-03-19"; }, "/review/final_report_date",
                   "before the draft report");
    expect_problem([](Json& j) { j["review"].erase("draft_report_date"); }, "/review/final_report_date",
                   "needs a draft report first");
    expect_problem([](Json& j) { j["review"]["reviewers"] = {"Ana Ruiz", "Ana Ruiz"}; }, "/review/reviewers/1", "listed twice");
    expect_problem([](Json& j) { j["ratings"] = Json::object(); }, "/ratings", "must be a list");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = 6; }, "/ratings/3/score", "from 1 to 5, not 6");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = 0; }, "/ratings/3/score", "from 1 to 5, not 0");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = -1; }, "/ratings/3/score", "from 1 to 5, not -1");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = 4.5; }, "/ratings/3/score", "not 4.5");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = 4.0; }, "/ratings/3/score", "whole number");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = "4"; }, "/ratings/3/score", "not text");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = 18446744073709551615ull; }, "/ratings/3/score", "from 1 to 5");
    expect_problem([](Json& j) { j["ratings"][3]["score"] = true; }, "/ratings/3/score", "not true/false");
    expect_problem([](Json& j) { j["ratings"][3]["item"] = "staffing.4"; }, "/ratings/3/item",
                   "\"staffing.4\" is not an item of the scale ips-se-25");
    expect_problem([](Json& j) { j["ratings"][3]["item"] = "staffing.1"; }, "/ratings/3/item",
                   "staffing.1 is rated twice (first at /ratings/0)");
    expect_problem([](Json& j) { j["ratings"][0]["by"]["Ana Ruiz"] = 9; }, "/ratings/0/by/Ana Ruiz", "not 9");
    expect_problem([](Json& j) { j["ratings"][0]["by"]["Cy Young"] = 3; }, "/ratings/0/by/Cy Young",
                   "not one of the review's reviewers");
    expect_problem([](Json& j) { j["ratings"][0]["sources"] = {"MIS", "TEA"}; }, "/ratings/0/sources/1",
                   "not a data source");
    expect_problem([](Json& j) { j["ratings"][4]["checklist"] = {"weekly-team-meeting", "tea-break"}; },
                   "/ratings/4/checklist/1", "not an element of organization.2");
    expect_problem([](Json& j) { j["ratings"][0]["checklist"] = {"x"}; }, "/ratings/0/checklist", "has no element checklist");
    expect_problem([](Json& j) { j["ratings"][0]["calculator"][0]["clients"] = 37.5; }, "/ratings/0/calculator/0/clients",
                   "must be a whole number");
    expect_problem([](Json& j) { j["ratings"][0]["calculator"][0]["fte"] = -2; }, "/ratings/0/calculator/0/fte",
                   "zero or more");
    expect_problem([](Json& j) { j["ratings"][0]["calculator"][0]["bananas"] = 2; }, "/ratings/0/calculator/0/bananas",
                   "not an input");
    expect_problem([](Json& j) { j["ratings"][0]["calculator"].push_back(Json{{"clients", 3}}); }, "/ratings/0/calculator",
                   "takes one row");
    expect_problem([](Json& j) { j["ratings"][0]["independent"] = Json{{"Ana Ruiz", 5}}; }, "/ratings/0/independent/Ana Ruiz",
                   "must be an object");
}

TEST_CASE("contest rules in the file: J309 limit, scored items, dates, decisions") {
    auto add = [](Json& j, const char* item, const char* submitted = "2026-03-27") {
        j["contests"].push_back(Json{{"item", item}, {"submitted", submitted}, {"documentation", "d"}, {"decision", "denied"},
                                     {"decided_on", "2026-04-10"}, {"rationale", "r"}});
    };
    // Three is the limit; the fourth contest is refused.
    Json three = sample();
    add(three, "services.1");
    add(three, "services.2");
    CHECK_NOTHROW(read_review_text(three.dump(), "review.json", test::ips()));
    expect_problem([&](Json& j) { j = three; add(j, "services.3"); }, "/contests/3", "one too many: a team may contest at most 3");
    expect_problem([&](Json& j) { add(j, "organization.3"); }, "/contests/1/item", "contested twice (first at /contests/0)");
    expect_problem([&](Json& j) {
        j["ratings"].erase(24);
        add(j, "services.14");
    }, "/contests/1/item", "has no consensus score");
    expect_problem([&](Json& j) { add(j, "services.1", "2026-03-19"); }, "/contests/1/submitted", "before the draft report");
    expect_problem([&](Json& j) {
        j["review"].erase("final_report_date");
        j["review"].erase("draft_report_date");
    }, "/contests/0/submitted", "needs the draft report first");
    expect_problem([](Json& j) { j["contests"][0].erase("decided_score"); }, "/contests/0/decided_score",
                   "upheld contest needs the decided score");
    expect_problem([](Json& j) { j["contests"][0]["decision"] = "accepted"; }, "/contests/0/decision",
                   "is not pending, upheld or denied");
    expect_problem([](Json& j) { j["contests"][0]["decided_score"] = 7; }, "/contests/0/decided_score", "not 7");
    expect_problem([](Json& j) { j["contests"][0]["decided_on"] = "2026-03-26"; }, "/contests/0/decided_on",
                   "before the contest was submitted");
    expect_problem([](Json& j) { j["contests"][0]["decided_on"] = "2026-04-18"; }, "/contests/0/decided_on",
                   "after the final report");
    expect_problem([](Json& j) { j["contests"][0]["item"] = "services.15"; }, "/contests/0/item", "not an item");
    expect_problem([](Json& j) { j["contests"][0].erase("submitted"); }, "/contests/0", "'submitted' is missing");
}

TEST_CASE("malformed JSON: line and column, nothing else") {
    auto first = [](const std::string& text) {
        try {
            read_review_text(text, "r.json", test::ips());
        } catch (const InputError& e) {
            return e.lines().front();
        }
        return std::string("accepted");
    };
    CHECK(first("").rfind("r.json:1:1: not valid JSON", 0) == 0);
    CHECK(first("{\n  \"format\": \"ips-fidelity-review\",\n  \"version\": 1,,\n}").rfind("r.json:3:16: not valid JSON", 0) == 0);
    CHECK(first("[]").find("r.json: /: a review file is a JSON object") == 0);
    CHECK(first("{\"format\": \"ips-fidelity-review\", \"format\": \"x\"}").find("/format: the key 'format' appears twice") !=
          std::string::npos);
    CHECK(first(std::string("{\"format\": \"\xff\"}")).find("not valid JSON") != std::string::npos);
    // Found by fuzzing: a number too large for a double.
    CHECK(first("322222e2222211111").find("r.json: /: not valid JSON: a number out of range") == 0);
    CHECK(first("{\"format\": \"ips-fidelity-review\", \"version\": 1e999999}").find("r.json: /version: not valid JSON: a number out of range") == 0);
    std::string deep(5000, '[');
    CHECK(first(deep).find("nested deeper than") != std::string::npos);
    std::string deep_obj;
    for (int i = 0; i < 100; ++i) deep_obj += "{\"a\":";
    CHECK(first(deep_obj).find("r.json: /a/a/a") == 0);
    CHECK_THROWS_AS(read_review_file("/nonexistent.json", test::ips()), InputError);
    CHECK_THROWS_AS(read_review_file("/", test::ips()), InputError);
}

TEST_CASE("round trip: unknown keys survive at every level") {
    Json j = sample();
    j["x-top"] = {{"a", 1}};
    j["program"]["x-program"] = "p";
    j["review"]["x-review"] = Json::array({1, 2});
    j["ratings"][0]["x-rating"] = nullptr;
    j["ratings"][0]["independent"] = Json{{"Ana Ruiz", Json{{"notes", "n"}, {"x-work", true}}}};
    j["contests"][0]["x-contest"] = 3.25;
    j["action_plan"][0]["x-row"] = "r";
    j["policy"] = "nc-2016";  // the edition with re-evaluation conditions
    j["review"]["reevaluation_criteria"] = Json{{"staffing_met", true}, {"career_profile_percent", 85.5}};
    Review r = read_review_text(j.dump(), "in.json", test::ips());
    std::string once = write_review(r);
    Json out = Json::parse(once);
    CHECK(out["x-top"] == j["x-top"]);
    CHECK(out["program"]["x-program"] == "p");
    CHECK(out["review"]["x-review"] == j["review"]["x-review"]);
    CHECK(out["ratings"][0].contains("x-rating"));
    CHECK(out["ratings"][0]["independent"]["Ana Ruiz"]["x-work"] == true);
    CHECK(out["contests"][0]["x-contest"] == 3.25);
    CHECK(out["action_plan"][0]["x-row"] == "r");
    CHECK(out["review"]["reevaluation_criteria"]["career_profile_percent"] == 85.5);
    // Every value of the input is in the output, unchanged.
    // (JSON objects are unordered: compare without key order.)
    nlohmann::json in_plain = nlohmann::json::parse(j.dump()), out_plain = nlohmann::json::parse(once);
    for (auto& [k, v] : in_plain.items()) CHECK_MESSAGE(out_plain[k] == v, k);
    // Writing again gives the same bytes.
    CHECK(write_review(read_review_text(once, "again.json", test::ips())) == once);
}

TEST_CASE("round trip: attachments, amendments, a review with no policy named") {
    Json j = sample();
    j.erase("policy");
    std::string bytes("PDF\0\x01\xff binary", 14);
    Review r = read_review_text(j.dump(), "in.json", test::ips());
    CHECK(r.policy_id == "nc-2020");
    r.contests[0].attachments.push_back({"sheets.pdf", "application/pdf", bytes});
    r.amendments.push_back({test::day("2026-04-20"), "services.1", 4, 3, "Recount", "Ana Ruiz", Json::object()});
    std::string text = write_review(r);
    CHECK(Json::parse(text).contains("policy") == false);
    Review back = read_review_text(text, "out.json", test::ips());
    REQUIRE(back.contests[0].attachments.size() == 1);
    CHECK(back.contests[0].attachments[0].data == bytes);
    CHECK(back.amendments.size() == 1);
    CHECK(back.amendments[0].reason == "Recount");
    CHECK(write_review(back) == text);
}

TEST_CASE("a rating without a consensus score (one reviewer's file) reads") {
    Json j = sample();
    j["review"].erase("final_report_date");
    j["review"].erase("draft_report_date");
    j["contests"] = Json::array();
    for (auto& rt : j["ratings"]) {
        rt.erase("score");
        rt["by"] = Json{{"Ben Okafor", 3}};
    }
    Review r = read_review_text(j.dump(), "ben.json", test::ips());
    Summary s = summarize(r, test::ips().scale("ips-se-25"), test::ips().policy("nc-2020"));
    CHECK_FALSE(s.complete);
    CHECK(s.unscored.size() == 25);
}

// Export -> import -> export loses nothing: the example, and a file with
// unknown keys at every level the review file allows them.
#include <doctest/doctest.h>

#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {

// Key order aside, the same JSON.
void same_json(const std::string& a, const std::string& b) {
    CHECK(nlohmann::json::parse(a) == nlohmann::json::parse(b));
}

std::string with_unknown_keys() {
    auto j = nlohmann::ordered_json::parse(st::read_bytes(st::example_path()));
    nlohmann::ordered_json odd = {{"nested", {{"list", {1, 2.5, "three", nullptr, true}}, {"deep", {{"x", {{"y", -0.1}}}}}}},
                                  {"big", 9007199254740993ULL},
                                  {"neg", -42},
                                  {"tiny", 1e-300},
                                  {"text", "caf\u00e9 \u2713 \"quoted\" \\ /"}};
    j["x_top"] = odd;
    j["zz_last"] = "kept after the known keys";
    j["program"]["x_program"] = odd;
    j["program"]["start_date"] = "2019-07-01";
    j["review"]["x_review"] = odd;
    j["policy"] = "nc-2016";  // the edition with re-evaluation conditions
    j["review"]["reevaluation_criteria"] = {
        {"career_profile_percent", 85.5}, {"staffing_met", true}, {"integration_evidenced", nullptr}};
    for (auto& rt : j["ratings"]) {
        rt["x_rating"] = {{"item_note", rt["item"]}, {"n", 3}};
        rt["independent"] = {{"Ana Ruiz", {{"notes", "Ana's notes\nline 2"}, {"sources", {"INT"}}, {"x_work", odd}}},
                             {"Ben Okafor", {{"notes", "Ben's"}, {"x_work", {1, 2}}}}};
    }
    j["ratings"][0]["calculator"] = {{{"clients", 37}, {"fte", 0.1 + 0.2}}};
    j["ratings"][1]["evidence"] = std::string("with a NUL \0 inside", 19);
    j["contests"][0]["x_contest"] = odd;
    j["contests"][0]["attachments"] = {
        {{"name", "sign-in.pdf"}, {"media_type", "application/pdf"}, {"data_base64", "JVBERi0xLjQKAAEC/w=="}},
        {{"name", "empty.txt"}, {"media_type", "text/plain"}, {"data_base64", ""}}};
    j["amendments"] = {{{"on", "2026-04-20"},
                        {"item", "services.2"},
                        {"from", 3},
                        {"to", 3},
                        {"reason", "typo in the evidence"},
                        {"by", "Ana Ruiz"},
                        {"x_amendment", odd}}};
    j["action_plan"][0]["x_action"] = odd;
    return j.dump(2);
}

}  // namespace

TEST_CASE("round trip: the example review loses nothing") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    fw::Review r = st::example();
    auto id = db.import_review(r, st::catalog(), st::example_path());
    std::string exported = fw::write_review(db.load_review(id));
    CHECK(exported == fw::write_review(r));
    same_json(exported, st::read_bytes(st::example_path()));

    // And again: what was exported imports to the same thing.
    fw::Review again = fw::read_review_text(exported, "exported", st::catalog());
    auto id2 = db.import_review(again, st::catalog());
    CHECK(id2 != id);
    CHECK(fw::write_review(db.load_review(id2)) == exported);
}

TEST_CASE("round trip: unknown keys at every level, odd numbers and text, attachments") {
    st::TempDir dir;
    std::string text = with_unknown_keys();
    fw::Review r = fw::read_review_text(text, "odd.json", st::catalog());
    REQUIRE(r.extra.contains("x_top"));
    REQUIRE(r.ratings[1].evidence.size() > 10);
    std::string exported;
    {
        auto db = Database::open(st::db_location(dir), "Tester");
        auto id = db.import_review(r, st::catalog(), "odd.json");
        exported = fw::write_review(db.load_review(id));
    }
    // Reopened: nothing lived only in memory.
    auto db = Database::open(st::db_location(dir), "Tester");
    CHECK(fw::write_review(db.load_review(1)) == exported);
    CHECK(exported == fw::write_review(r));
    same_json(exported, text);
    fw::Review back = db.load_review(1);
    CHECK(back.ratings[1].evidence == r.ratings[1].evidence);  // the NUL survived
    CHECK(back.ratings[0].calculator[0].at("fte") == 0.1 + 0.2);
    REQUIRE(back.contests[0].attachments.size() == 2);
    CHECK(back.contests[0].attachments[0].data == std::string("%PDF-1.4\n\0\1\2\xff", 13));
    CHECK(back.contests[0].attachments[1].data.empty());
}

TEST_CASE("round trip: a review edited through update_review exports what was saved") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto id = db.import_review(st::scoring_example(), st::catalog());
    fw::Review saved = db.update_review(
        id,
        [](fw::Review& r) {
            r.ratings.erase(r.ratings.begin() + 3);           // unscore an item
            std::swap(r.ratings[0], r.ratings[5]);            // reorder
            r.ratings[2].by.clear();                          // drop reviewer scores
            r.ratings[4].work_for("Ana Ruiz").notes = "new";  // add reviewer work
            r.review.reviewers.push_back("Cy Dee");
            r.extra["x"] = {1, 2, 3};
        },
        st::catalog());
    CHECK(fw::write_review(db.load_review(id)) == fw::write_review(saved));
    CHECK(db.load_review(id).ratings[0].item == "organization.4");
}

// Two reviewers scored on separate machines: B's file merged into A's review.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {

// The scoring example as one reviewer's machine holds it: only their scores
// and notes.
fw::Review only(const std::string& reviewer) {
    fw::Review r = st::scoring_example();
    for (auto& rt : r.ratings) {
        std::erase_if(rt.by, [&](const auto& p) { return p.first != reviewer; });
        rt.independent.clear();
        rt.work_for(reviewer).notes = reviewer + "'s notes on " + rt.item;
    }
    return r;
}

}  // namespace

TEST_CASE("merge: B's independent scores and notes sit beside A's, the disagreements are listed") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Ana Ruiz");
    auto& cat = st::catalog();
    auto id = db.import_review(only("Ana Ruiz"), cat);
    CHECK(db.disagreements(id, cat).empty());
    size_t audit_before = db.audit(id).size();

    auto res = db.merge_independent(id, only("Ben Okafor"), cat, "ben.json");
    CHECK(res.added == std::vector<std::string>{"Ben Okafor"});
    CHECK(res.already_present.empty());

    fw::Review both = st::scoring_example();  // the example holds both sets
    auto expected = fw::disagreements(both, cat.scale("ips-se-25"));
    REQUIRE_FALSE(expected.empty());
    REQUIRE(res.disagreements.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        CHECK(res.disagreements[i].item == expected[i].item);
        CHECK(res.disagreements[i].spread == expected[i].spread);
    }
    CHECK(db.disagreements(id, cat).size() == expected.size());

    fw::Review saved = db.load_review(id);
    CHECK(fw::write_review(saved) == fw::write_review(res.review));
    for (const auto& rt : saved.ratings) {
        CHECK(rt.by.size() == 2);
        REQUIRE(rt.independent.size() == 2);
        CHECK(rt.independent[0].first == "Ana Ruiz");
        CHECK(rt.independent[1].second.notes == "Ben Okafor's notes on " + rt.item);
    }
    auto log = db.audit(id);
    size_t by_rows = 0, merge_rows = 0;
    for (size_t i = audit_before; i < log.size(); ++i) {
        by_rows += log[i].what.find(" by Ben Okafor") != std::string::npos;
        if (log[i].what == "merged independent work of Ben Okafor") {
            ++merge_rows;
            CHECK(log[i].reason == "ben.json");
        }
    }
    CHECK(by_rows == saved.ratings.size());
    CHECK(merge_rows == 1);

    // The same file again: Ben is already there; nothing changes.
    size_t audit_after = log.size();
    auto again = db.merge_independent(id, only("Ben Okafor"), cat);
    CHECK(again.added.empty());
    CHECK(again.already_present == std::vector<std::string>{"Ben Okafor"});
    CHECK(db.audit(id).size() == audit_after);
    CHECK(again.disagreements.size() == expected.size());
}

TEST_CASE("merge: a reviewer not yet listed is added to the review's reviewers") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    fw::Review a = only("Ana Ruiz");
    a.review.reviewers = {"Ana Ruiz"};
    auto id = db.import_review(a, cat);
    auto res = db.merge_independent(id, only("Ben Okafor"), cat);
    CHECK(res.added == std::vector<std::string>{"Ben Okafor"});
    CHECK(db.load_review(id).review.reviewers == std::vector<std::string>{"Ana Ruiz", "Ben Okafor"});
}

TEST_CASE("merge: refused for another review or once the draft is out, nothing written") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    auto id = db.import_review(only("Ana Ruiz"), cat);
    std::string before = fw::write_review(db.load_review(id));
    fw::Review other = only("Ben Okafor");
    other.program.team = "Another Team";
    CHECK_THROWS_AS(db.merge_independent(id, other, cat), fw::RuleError);
    other = only("Ben Okafor");
    other.review.visit_start = *fw::Date::parse("2025-03-02");
    CHECK_THROWS_AS(db.merge_independent(id, other, cat), fw::RuleError);
    CHECK(fw::write_review(db.load_review(id)) == before);

    db.update_review(id, [](fw::Review& r, const fw::Scale& s, const fw::Policy&) { fw::issue_draft(r, s, *fw::Date::parse("2026-03-20")); }, cat);
    CHECK_THROWS_AS(db.merge_independent(id, only("Ben Okafor"), cat), fw::RuleError);
}

// Deleting a review: only while it is still being scored (the rulebook's
// why_not_delete), in one transaction, with its audit rows kept and one more.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

TEST_CASE("delete: a review being scored goes, its audit stays, an issued one is refused") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Ana Ruiz");
    std::int64_t scoring = db.import_review(st::scoring_example(), st::catalog(), "test");
    fw::Review issued = st::scoring_example();
    issued.program.team = "Other Team";
    issued.review.draft_report_date = issued.review.visit_end;
    std::int64_t drafted = db.import_review(issued, st::catalog(), "test");
    db.update_review(scoring, [](fw::Review& r) { r.ratings[0].evidence = "Roster of 37."; }, st::catalog());
    std::int64_t program = db.review_row(scoring).program_id;

    // A review out as a draft is a record: the rulebook's reason, nothing changed.
    try {
        db.delete_review(drafted);
        FAIL("an issued review was deleted");
    } catch (const fw::RuleError& e) {
        CHECK(std::string(e.what()) == fw::why_not_delete(db.load_review(drafted)));
    }
    CHECK(db.reviews().size() == 2);

    const size_t audit_before = db.audit(scoring).size();
    db.delete_review(scoring);
    CHECK_THROWS_AS(db.load_review(scoring), fw::storage::NotFound);
    CHECK(db.reviews().size() == 1);
    CHECK(db.program(program).review_count == 0);
    // The trail of the deleted review stays, with who deleted it and what it was.
    auto audit = db.audit(scoring);
    REQUIRE(audit.size() == audit_before + 1);
    CHECK(audit.back().what == "review deleted");
    CHECK(audit.back().actor == "Ana Ruiz");
    CHECK(audit.back().old_value.value_or("").find("Concord IPS Team") != std::string::npos);
    CHECK(db.check_integrity().empty());
    CHECK_THROWS_AS(db.delete_review(scoring), fw::storage::NotFound);
}

TEST_CASE("delete: the newest review's number is never given again, so its trail never joins another's") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Ana Ruiz");
    std::int64_t first = db.import_review(st::scoring_example(), st::catalog(), "test");
    fw::Review other = st::scoring_example();
    other.program.team = "Other Team";
    std::int64_t newest = db.import_review(other, st::catalog(), "test");
    REQUIRE(newest > first);
    db.delete_review(newest);
    const auto trail = db.audit(newest);

    // A file would number the next row one past the highest left (the deleted one's number).
    std::int64_t next = db.import_review(other, st::catalog(), "again");
    CHECK(next > newest);
    CHECK(db.audit(newest).size() == trail.size());
    for (const auto& row : db.audit(next)) CHECK(row.what != "review deleted");
    CHECK_THROWS_AS(db.load_review(newest), fw::storage::NotFound);

    // Reopened, the file still knows: the number stays taken.
    db = Database::open(st::db_location(dir), "Ana Ruiz");
    db.delete_review(next);
    CHECK(db.import_review(other, st::catalog(), "third") > next);
    CHECK(db.check_integrity().empty());
}

TEST_CASE("reviewer names: every name in the reviews, once, sorted") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    fw::Review a = st::scoring_example();
    a.review.reviewers = {"Ben Okafor", "Ana Ruiz"};
    fw::Review b = st::scoring_example();
    b.program.team = "Other Team";
    b.review.reviewers = {"Ana Ruiz", "Carla Diaz"};
    for (auto& rt : b.ratings) rt.by.clear();
    for (auto& rt : b.ratings) rt.independent.clear();
    db.import_review(a, st::catalog(), "a");
    db.import_review(b, st::catalog(), "b");
    CHECK(db.reviewer_names() == std::vector<std::string>{"Ana Ruiz", "Ben Okafor", "Carla Diaz"});
}

TEST_CASE("LME-MCO names: every name the programs carry, once, sorted, none empty") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    CHECK(db.lme_mco_names().empty());
    db.add_program({"Agency A", "Team A", "Vaya Health", "Buncombe", std::nullopt});
    db.add_program({"Agency B", "Team B", "Alliance Health", "Wake", std::nullopt});
    db.add_program({"Agency C", "Team C", "Vaya Health", "Haywood", std::nullopt});
    db.add_program({"Agency D", "Team D", "", "Surry", std::nullopt});
    CHECK(db.lme_mco_names() == std::vector<std::string>{"Alliance Health", "Vaya Health"});
}

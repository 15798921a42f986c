// Programs, their history, and the review list's filters (--due-within).
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {

fw::Date d(const char* s) { return *fw::Date::parse(s); }

// The example (nc-2020, total 98, fair: next review 6 to 12 months after the
// final report) for another team, finalized on `final_date`.
fw::Review final_on(const std::string& team, const char* final_date, const std::string& lme = "Cardinal Innovations") {
    fw::Review r = st::example();
    r.program.team = team;
    r.program.lme_mco = lme;
    r.review.final_report_date = d(final_date);
    return r;
}

std::vector<std::int64_t> ids(const std::vector<fw::storage::ReviewRow>& rows) {
    std::vector<std::int64_t> out;
    for (const auto& r : rows) out.push_back(r.id);
    return out;
}

}  // namespace

TEST_CASE("programs: added, found in any case, never twice") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto id = db.add_program({"Piedmont Behavioral Health", "Concord IPS Team", "Cardinal Innovations", "Cabarrus", d("2015-01-05")});
    CHECK(db.find_program("piedmont behavioral health", " CONCORD IPS TEAM ") == id);
    CHECK_THROWS_AS(db.add_program({"PIEDMONT BEHAVIORAL HEALTH", "concord ips team", "", "", {}}), fw::RuleError);
    CHECK_THROWS_AS(db.add_program({"", "Team", "", "", {}}), fw::RuleError);
    auto other = db.add_program({"Monarch", "Salisbury IPS", "Partners", "Rowan", {}});
    auto p = db.program(id);
    CHECK(p.details.county == "Cabarrus");
    CHECK(p.details.start_date == d("2015-01-05"));
    CHECK(p.review_count == 0);
    CHECK(db.programs().size() == 2);
    CHECK(db.programs({"salis", "", {}, {}}).size() == 1);
    CHECK(db.programs({"", "partners", {}, {}}).front().id == other);
    CHECK(db.programs({"%", "", {}, {}}).empty());  // LIKE characters are taken literally
    CHECK_THROWS_AS(db.program(999), fw::storage::NotFound);

    // Importing a review of a known program uses it (any case).
    fw::Review r = st::example();
    r.program.agency = "PIEDMONT behavioral health";
    auto rid = db.import_review(r, st::catalog());
    CHECK(db.review_row(rid).program_id == id);
    CHECK(db.program(id).review_count == 1);
    CHECK(db.program(id).latest_review_id == rid);
    // The review keeps its own spelling: the round trip is exact.
    CHECK(db.load_review(rid).program.agency == "PIEDMONT behavioral health");
}

TEST_CASE("programs: edits reach open reviews, not final ones, and are audited") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto final_id = db.import_review(st::example(), st::catalog());
    fw::Review open = st::scoring_example();
    open.review.visit_start = d("2027-03-01");
    open.review.visit_end = d("2027-03-02");
    auto open_id = db.import_review(open, st::catalog());
    auto pid = db.review_row(final_id).program_id;
    REQUIRE(db.review_row(open_id).program_id == pid);

    db.update_program(pid, {"Piedmont Behavioral Health", "Concord IPS", "Partners Health Management", "Cabarrus", {}});
    CHECK(db.load_review(open_id).program.team == "Concord IPS");
    CHECK(db.load_review(open_id).program.lme_mco == "Partners Health Management");
    CHECK(db.load_review(final_id).program.team == "Concord IPS Team");  // as issued
    CHECK(db.program(pid).details.team == "Concord IPS");
    auto plog = db.program_audit(pid);
    REQUIRE_FALSE(plog.empty());
    CHECK(plog.back().what == "program");
    CHECK(plog.back().old_value->find("Concord IPS Team") == 0);
    CHECK(plog.back().new_value->find("Concord IPS (") == 0);

    // create_review takes the program's details.
    fw::Review fresh = st::scoring_example();
    fresh.program.team = "ignored";
    fresh.review.visit_start = d("2028-03-01");
    fresh.review.visit_end = d("2028-03-01");
    auto fresh_id = db.create_review(pid, fresh, st::catalog());
    CHECK(db.load_review(fresh_id).program.team == "Concord IPS");
    CHECK_THROWS_AS(db.create_review(999, fresh, st::catalog()), fw::storage::NotFound);

    auto other = db.add_program({"Monarch", "Salisbury IPS", "", "", {}});
    CHECK_THROWS_AS(db.update_program(other, {"Piedmont Behavioral Health", "concord ips", "", "", {}}), fw::RuleError);

    // The history: latest visit first.
    fw::storage::ReviewFilter f;
    f.program_id = pid;
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{fresh_id, open_id, final_id});
}

TEST_CASE("reviews: search and LME-MCO filters") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto a = db.import_review(final_on("Concord IPS Team", "2026-04-17"), st::catalog());
    auto b = db.import_review(final_on("Kannapolis IPS", "2026-04-17", "Partners"), st::catalog());
    fw::storage::ReviewFilter f;
    f.text = "kannap";
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{b});
    f = {};
    f.text = "cardinal";
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{a});
    f = {};
    f.lme_mco = "PARTNERS";
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{b});
    f = {};
    f.limit = 1;
    CHECK(db.reviews(f).size() == 1);
}

TEST_CASE("reviews: due within N days of a date, boundaries included") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    // Latest dates of the windows: final + 12 months.
    auto due_0501 = db.import_review(final_on("A", "2026-05-01"), cat);  // due 2027-05-01
    auto due_0502 = db.import_review(final_on("B", "2026-05-02"), cat);  // due 2027-05-02
    auto due_0417 = db.import_review(final_on("C", "2026-04-17"), cat);  // due 2027-04-17
    db.import_review(st::scoring_example(), cat);                          // no window yet
    // D had its next review already: the older review no longer counts, and
    // the newer one has no window yet.
    db.import_review(final_on("D", "2026-04-20"), cat);
    fw::Review later = st::scoring_example();
    later.program.team = "D";
    later.review.visit_start = d("2027-03-01");
    later.review.visit_end = d("2027-03-01");
    db.import_review(later, cat);

    REQUIRE(db.review_row(due_0501).next_review_latest == d("2027-05-01"));
    fw::storage::ReviewFilter f;
    f.due_from = d("2027-04-01");
    f.due_within_days = 30;  // up to 2027-05-01
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{due_0417, due_0501});  // soonest first
    f.due_within_days = 31;
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{due_0417, due_0501, due_0502});
    f.due_within_days = 15;  // up to 2027-04-16: nothing
    CHECK(db.reviews(f).empty());
    f.due_within_days = 16;
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{due_0417});
    f.due_from = d("2027-06-01");  // all three overdue
    f.due_within_days = 0;
    CHECK(ids(db.reviews(f)) == std::vector<std::int64_t>{due_0417, due_0501, due_0502});
}

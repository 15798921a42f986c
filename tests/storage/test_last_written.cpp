// An edit starts from the review as this connection last wrote it when the
// review's revision says nobody wrote it since (Impl::last_written): what it
// stores, returns and audits must be what reading every table again gives.
#include <doctest/doctest.h>

#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {
Database::Change consensus(const std::string& item, int score) {
    return [=](fw::Review& r, const fw::Scale& scale, const fw::Policy&) { fw::set_consensus_score(r, scale, item, score, {}); };
}
// What a connection that never edited the review reads.
std::string fresh(const st::TempDir& dir, std::int64_t id) {
    return fw::write_review(Database::open(st::db_location(dir), "Reader").load_review(id));
}
}  // namespace

TEST_CASE("last written: edit after edit stores, returns and audits what a fresh read gives") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    const int before = *ana.load_review(id).consensus("staffing.1");
    int score = before;
    for (int i = 0; i < 4; ++i) {
        score = score % 5 + 1;
        fw::Review saved = ana.update_review(id, consensus("staffing.1", score), st::catalog());
        CHECK(fw::write_review(saved) == fresh(dir, id));
    }
    // Each audit row's old value is the score before it, not the one the review was loaded with.
    std::vector<std::string> olds;
    for (const auto& e : ana.audit(id))
        if (e.what == "score staffing.1") olds.push_back(e.old_value.value_or("-"));
    REQUIRE(olds.size() == 4);
    int s = before;
    for (const auto& old : olds) {
        CHECK(old == std::to_string(s));
        s = s % 5 + 1;
    }
    // The stored total follows each edit.
    auto row = ana.review_row(id);
    CHECK(row.revision == 5);
    fw::Review now = ana.load_review(id);
    fw::Summary expected = fw::summarize(now, st::catalog().scale(now.scale_id), st::catalog().policy(now.policy_id));
    CHECK(row.draft_total == expected.draft_total);
    CHECK(row.total == expected.total);
}

TEST_CASE("last written: another connection's edit in between is never overwritten") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto ben = Database::open(st::db_location(dir), "Ben Okafor");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    ana.update_review(id, consensus("staffing.1", 1), st::catalog());
    ben.update_review(id, [](fw::Review& r) { r.ratings[1].evidence = "Ben's note"; }, st::catalog());
    fw::Review saved = ana.update_review(id, consensus("staffing.1", 2), st::catalog());
    CHECK(saved.ratings[1].evidence == "Ben's note");
    CHECK(fw::write_review(saved) == fresh(dir, id));

    // The program edited (a write to the review's row that counts a revision) in between.
    auto program = ana.review_row(id).program_id;
    auto details = ben.program(program).details;
    details.team = "Concord Supported Employment";
    ben.update_program(program, details);
    saved = ana.update_review(id, consensus("staffing.1", 3), st::catalog());
    CHECK(saved.program.team == "Concord Supported Employment");
    CHECK(fw::write_review(saved) == fresh(dir, id));
}

TEST_CASE("last written: a refused edit or one another connection deleted leaves nothing stale") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    ana.update_review(id, consensus("staffing.1", 4), st::catalog());
    CHECK_THROWS(ana.update_review(id, consensus("staffing.1", 9), st::catalog()));
    fw::Review saved = ana.update_review(id, [](fw::Review& r) { r.ratings[0].evidence = "after the refusal"; },
                                         st::catalog());
    CHECK(fw::write_review(saved) == fresh(dir, id));

    Database::open(st::db_location(dir), "Ben Okafor").delete_review(id);
    CHECK_THROWS_AS(ana.update_review(id, consensus("staffing.1", 2), st::catalog()), fw::storage::NotFound);
}

TEST_CASE("last written: an edit inside a transaction that rolls back leaves nothing to reuse") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto ben = Database::open(st::db_location(dir), "Ben Okafor");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    ana.update_review(id, consensus("staffing.1", 1), st::catalog());
    CHECK_THROWS(ana.in_one_transaction([&] {
        ana.update_review(id, [](fw::Review& r) { r.ratings[1].evidence = "rolled back"; }, st::catalog());
        throw std::runtime_error("the caller gives up");
    }));
    // Ben's edit takes the review to the revision the rolled-back edit had counted.
    ben.update_review(id, [](fw::Review& r) { r.ratings[1].evidence = "Ben's note"; }, st::catalog());
    fw::Review saved = ana.update_review(id, consensus("staffing.1", 2), st::catalog());
    CHECK(saved.ratings[1].evidence == "Ben's note");
    CHECK(fw::write_review(saved) == fresh(dir, id));

    // Committed inside a caller's transaction: the next edit still sees what is stored.
    ana.in_one_transaction([&] { ana.update_review(id, consensus("staffing.1", 3), st::catalog()); });
    ben.update_review(id, [](fw::Review& r) { r.ratings[2].evidence = "Ben again"; }, st::catalog());
    saved = ana.update_review(id, consensus("staffing.1", 4), st::catalog());
    CHECK(saved.ratings[2].evidence == "Ben again");
    CHECK(fw::write_review(saved) == fresh(dir, id));
}

// fidelity copy: programs, reviews and audit rows into another database of
// the same backend (the other direction, file to server and back, is in
// test_server.cpp); a program in both is refused, naming it.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {

// The database copied from: Concord's final review and Kannapolis's, still
// being scored, each of its own program.
struct Source {
    Database db;
    std::int64_t final_id = 0, open_id = 0;
};

Source two_programs(const st::TempDir& dir) {
    Source s{Database::open(st::db_location(dir, "from.db"), "Ana Ruiz")};
    s.final_id = s.db.import_review(st::example(), st::catalog(), "concord.json");
    fw::Review other = st::scoring_example();
    other.program.team = "Kannapolis IPS Team";
    s.open_id = s.db.import_review(other, st::catalog());
    return s;
}

}  // namespace

TEST_CASE("copy: every program, review and audit row arrives as it was and a program in both is refused") {
    st::TempDir dir;
    Source source = two_programs(dir);
    Database& from = source.db;
    const std::int64_t final_id = source.final_id, open_id = source.open_id;
    from.update_review(
        open_id,
        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) { fw::set_consensus_score(r, s, "staffing.1", 2, {}); },
        st::catalog());

    auto to = Database::open(st::db_location(dir, "to.db"), "Ben Okafor");
    auto n = from.copy_into(to);
    CHECK(n.programs == 2);
    CHECK(n.reviews == 2);
    CHECK(n.audit_rows == int(from.audit(final_id).size() + from.audit(open_id).size() + 2));  // + the programs' rows

    auto rows = to.reviews();
    REQUIRE(rows.size() == 2);
    for (const auto& row : rows) {
        std::int64_t source = row.team == "Kannapolis IPS Team" ? open_id : final_id;
        CHECK(fw::write_review(to.load_review(row.id)) == fw::write_review(from.load_review(source)));
        auto a = from.review_row(source);
        CHECK(row.total == a.total);
        CHECK(row.stage == a.stage);
        auto due = [](const fw::storage::ReviewRow& x) { return x.due ? x.due->by.iso() : std::string("none"); };
        CHECK(due(row) == due(a));
        CHECK(to.load(row.id).revision == from.load(source).revision);
        auto log_from = from.audit(source), log_to = to.audit(row.id);
        REQUIRE(log_to.size() == log_from.size());
        for (size_t i = 0; i < log_to.size(); ++i) {
            CHECK(log_to[i].what == log_from[i].what);
            CHECK(log_to[i].actor == log_from[i].actor);
            CHECK(log_to[i].at == log_from[i].at);
            CHECK(log_to[i].revision == log_from[i].revision);
        }
    }

    // Again: both programs are there now.
    std::string before = fw::write_review(to.load_review(rows[0].id));
    try {
        from.copy_into(to);
        FAIL("copied a program that is in both");
    } catch (const fw::RuleError& e) {
        std::string m = e.what();
        CHECK(m.find("2 programs are in both databases; nothing was copied") == 0);
        CHECK(m.find("Concord IPS Team (Piedmont Behavioral Health)") != std::string::npos);
        CHECK(m.find("Kannapolis IPS Team") != std::string::npos);
    }
    CHECK(to.reviews().size() == 2);
    CHECK(fw::write_review(to.load_review(rows[0].id)) == before);
}

TEST_CASE("copy: the audit rows of a deleted review arrive with its program, naming no review") {
    st::TempDir dir;
    Source source = two_programs(dir);
    Database& from = source.db;
    const std::int64_t kept = source.final_id, gone = source.open_id;
    std::int64_t program = from.review_row(gone).program_id;
    from.delete_review(gone);
    const size_t trail = from.audit(gone).size();
    REQUIRE(trail >= 2);

    auto to = Database::open(st::db_location(dir, "to.db"), "Ben Okafor");
    auto n = from.copy_into(to);
    CHECK(n.programs == 2);
    CHECK(n.reviews == 1);
    REQUIRE(to.reviews().size() == 1);
    std::int64_t copy = to.reviews().front().id;
    CHECK(to.audit(copy).size() == from.audit(kept).size());
    std::int64_t to_program = 0;
    for (const auto& p : to.programs())
        if (p.details.team == "Kannapolis IPS Team") to_program = p.id;
    REQUIRE(to_program != 0);
    auto log = to.program_audit(to_program);
    REQUIRE(log.size() == from.program_audit(program).size());
    CHECK(log.back().what == "review deleted");
    CHECK_FALSE(log.back().review_id.has_value());
}

TEST_CASE("copy: into a database whose newest review was deleted, no copied review takes its number") {
    st::TempDir dir;
    Source source = two_programs(dir);
    auto to = Database::open(st::db_location(dir, "to.db"), "Ben Okafor");
    fw::Review local = st::scoring_example();
    local.program.team = "Salisbury IPS Team";
    std::int64_t gone = to.import_review(local, st::catalog());
    to.delete_review(gone);
    const auto trail = to.audit(gone);

    source.db.copy_into(to);
    for (const auto& row : to.reviews()) {
        CHECK(row.id > gone);
        for (const auto& e : to.audit(row.id)) CHECK(e.what != "review deleted");
    }
    CHECK(to.audit(gone).size() == trail.size());
}

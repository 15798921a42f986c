// What only a server has: addresses (no password on a command line), what
// to check when it is down or refuses, roles the server enforces (proved
// with psql, as an LME-MCO's IT would connect), migrations by an
// administrator only, and copying between a file and a server.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;
using fw::storage::DatabaseError;
using K = DatabaseError::Kind;

namespace {

DatabaseError open_error(const std::string& address) {
    try {
        Database::open(address, "Tester");
    } catch (const DatabaseError& e) {
        return e;
    }
    FAIL("opened " << address);
    return DatabaseError(K::io, "", "");
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// psql as `role`, the way an LME-MCO's staff would connect: one value a line.
st::Run psql(const std::string& db, const std::string& role, const std::string& sql) {
    return st::run({"/usr/bin/psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                    st::server_address(db, role), "-c", sql});
}

std::string one(const std::string& db, const std::string& role, const std::string& sql) {
    auto r = psql(db, role, sql);
    INFO(sql << ": " << r.err);
    REQUIRE(r.status == 0);
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

st::Run fidelity(std::vector<std::string> args) {
    args.insert(args.begin(), {st::fidelity_bin(), "--data-dir", FIDELITY_BUILD_DATA_DIR});
    return st::run(args);
}

}  // namespace

TEST_CASE("server: a password in the address is refused before connecting and the command line exits 2") {
    std::string with_password = "postgresql://ana:secret@localhost/fidelity";
    auto e = open_error(with_password);
    CHECK(e.kind() == K::address);
    CHECK(has(e.what(), "~/.pgpass"));
    CHECK(!has(e.what(), "secret"));
    auto r = fidelity({"list", "--db", with_password});
    CHECK(r.status == 2);
    CHECK(has(r.err, "contains a password"));
    CHECK(!has(r.err, "secret"));
    CHECK(open_error("postgresql://ana@/fidelity?host=/tmp&password=secret").kind() == K::address);
}

TEST_CASE("server: down or refusing, the message says what to check and the command line exits 2") {
    st::TempDir dir;
    std::string down = "postgresql://postgres@/fidelity?host=" + dir.path + "&port=1";
    auto e = open_error(down);
    CHECK(e.kind() == K::unreachable);
    CHECK(has(e.what(), "Check that it is running"));
    CHECK(has(e.what(), "port 1"));
    auto r = fidelity({"list", "--db", down});
    CHECK(r.status == 2);
    CHECK(has(r.err, "cannot reach the server"));

    auto no_db = open_error(st::server_address("no_such_database"));
    CHECK(no_db.kind() == K::refused);
    CHECK(has(no_db.what(), "Check the database name and the role"));
    CHECK(has(no_db.what(), "pg_hba.conf"));
    auto no_role = open_error(st::server_address("postgres", "nobody_here"));
    CHECK(no_role.kind() == K::refused);
}

TEST_CASE("server: roles are the server's: an LME-MCO reads its programs' finals and nothing else, even with psql") {
    st::TempDir dir;
    std::string address = st::db_location(dir);
    std::string db = st::database_of(address);
    std::int64_t final_id = 0, draft_id = 0, other_final = 0;
    {
        auto admin = Database::open(address, "Setup");
        final_id = admin.import_review(st::example(), st::catalog());  // Cardinal Innovations, final
        fw::Review draft = st::scoring_example();                     // same program, not final
        draft.review.visit_start = *fw::Date::parse("2026-09-01");
        draft.review.visit_end = draft.review.visit_start;
        draft.ratings[0].work_for("Ana Ruiz").notes = "chart review: private";
        draft_id = admin.import_review(draft, st::catalog());
        fw::Review other = st::example();  // another LME-MCO's program, final
        other.program.team = "Salisbury IPS Team";
        other.program.lme_mco = "Partners Health Management";
        other_final = admin.import_review(other, st::catalog());
    }
    for (const char* role : {"lme_cardinal", "lme_partners", "reviewer_one"})
        st::server_sql("postgres", std::string("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '") +
                                       role + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
    auto g1 = fidelity({"grant", "lme_cardinal", "--role", "lme-mco", "--lme-mco", "Cardinal Innovations", "--db", address});
    INFO(g1.err);
    REQUIRE(g1.status == 0);
    REQUIRE(fidelity({"grant", "lme_partners", "--role", "lme-mco", "--lme-mco", "Partners Health Management", "--db",
                      address}).status == 0);
    REQUIRE(fidelity({"grant", "reviewer_one", "--role", "reviewer", "--db", address}).status == 0);

    // What lme_cardinal can read with psql: one program, its final review
    // and what the final report needs; no draft, no other program, no audit
    // row, no reviewer's own notes or scores.
    const std::string r = "lme_cardinal";
    CHECK(one(db, r, "SELECT string_agg(id::text, ',') FROM fidelity.reviews") == std::to_string(final_id));
    CHECK(one(db, r, "SELECT count(*) FROM fidelity.reviews WHERE stage <> 'final'") == "0");
    CHECK(one(db, r, "SELECT string_agg(team, ',') FROM fidelity.programs") == "Concord IPS Team");
    CHECK(one(db, r, "SELECT count(DISTINCT review_id) || ' ' || count(*) FROM fidelity.ratings") == "1 25");
    CHECK(one(db, r, "SELECT count(*) FROM fidelity.ratings WHERE review_id <> " + std::to_string(final_id)) == "0");
    CHECK(one(db, r, "SELECT count(*) FROM fidelity.contests") == "1");
    for (const char* hidden : {"audit", "reviewer_work", "reviewer_scores", "attachments"})
        CHECK(one(db, r, std::string("SELECT count(*) FROM fidelity.") + hidden) == "0");
    CHECK(psql(db, r, "SELECT count(*) FROM fidelity.lme_mco_roles").status != 0);  // not even readable
    // ... and it writes nothing.
    CHECK(psql(db, r, "UPDATE fidelity.reviews SET total = 1").status != 0);
    CHECK(psql(db, r, "DELETE FROM fidelity.ratings").status != 0);
    CHECK(psql(db, r, "INSERT INTO fidelity.audit (at, actor, what, reason) VALUES ('', '', '', '')").status != 0);
    CHECK(one(db, "postgres", "SELECT count(*) FROM fidelity.ratings") == "75");

    // The other LME-MCO sees its own final only.
    CHECK(one(db, "lme_partners", "SELECT string_agg(id::text, ',') FROM fidelity.reviews") == std::to_string(other_final));

    // Through the program: the due list and an export of the final; the
    // draft is not there for it.
    auto list = fidelity({"list", "--json", "--db", st::server_address(db, r)});
    INFO(list.err);
    REQUIRE(list.status == 0);
    auto rows = nlohmann::json::parse(list.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"] == final_id);
    auto exported = fidelity({"export", std::to_string(final_id), "--db", st::server_address(db, r)});
    CHECK(exported.status == 0);
    auto draft = fidelity({"export", std::to_string(draft_id), "--db", st::server_address(db, r)});
    CHECK(draft.status == 2);
    auto write = fidelity({"import", st::example_path(), "--db", st::server_address(db, r)});
    CHECK(write.status == 2);
    CHECK(has(write.err, "may not"));

    // A reviewer writes; the audit row names its role, whatever it sends.
    auto imported = fidelity({"import", st::example_path(), "--as", "Someone Else", "--db",
                              st::server_address(db, "reviewer_one")});
    INFO(imported.err);
    CHECK(imported.status == 0);
    CHECK(one(db, "postgres", "SELECT actor || ' / ' || db_role FROM fidelity.audit ORDER BY id DESC LIMIT 1") ==
          "Someone Else / reviewer_one");
    CHECK(one(db, "reviewer_one",
              "INSERT INTO fidelity.audit (at, actor, what, reason, db_role) VALUES ('x', 'forger', 'test', '', "
              "'postgres') RETURNING db_role") == "reviewer_one");
    CHECK(psql(db, "reviewer_one", "DELETE FROM fidelity.audit").status != 0);
    // A reviewer deletes a review still being scored; its audit rows stay,
    // and the LME-MCO could not have.
    CHECK(psql(db, r, "DELETE FROM fidelity.reviews WHERE id = " + std::to_string(draft_id)).status != 0);
    CHECK(one(db, "postgres", "SELECT count(*) FROM fidelity.reviews WHERE id = " + std::to_string(draft_id)) == "1");
    Database::open(st::server_address(db, "reviewer_one"), "Ana Ruiz").delete_review(draft_id);
    CHECK(one(db, "postgres", "SELECT count(*) FROM fidelity.reviews WHERE id = " + std::to_string(draft_id)) == "0");
    CHECK(one(db, "postgres",
              "SELECT actor || ' / ' || db_role FROM fidelity.audit WHERE what = 'review deleted' AND review_id = " +
                  std::to_string(draft_id)) == "Ana Ruiz / reviewer_one");

    // Revoked: nothing readable at all.
    REQUIRE(fidelity({"revoke", "lme_cardinal", "--db", address}).status == 0);
    CHECK(psql(db, r, "SELECT count(*) FROM fidelity.reviews").status != 0);
    CHECK(one(db, "postgres",
              "SELECT string_agg(new_value, ',' ORDER BY id) FROM fidelity.audit WHERE what = 'access of role "
              "lme_cardinal'") == "lme-mco of Cardinal Innovations,none");
}

TEST_CASE("server: only an administrator's role sets up or upgrades the schema") {
    st::TempDir dir;
    std::string address = st::db_location(dir);
    std::string db = st::database_of(address);
    st::server_sql("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plain_login') THEN "
                               "CREATE ROLE plain_login LOGIN; END IF; END $$");
    try {
        Database::open(st::server_address(db, "plain_login"), "Tester");
        FAIL("a role without rights set the schema up");
    } catch (const DatabaseError& e) {
        CHECK(e.kind() == K::upgrade_failed);
        CHECK(has(e.what(), "only an administrator's role can do"));
    }
    CHECK(one(db, "postgres", "SELECT to_regclass('fidelity.reviews') IS NULL") == "t");
    auto admin = Database::open(address, "Setup");  // the server's superuser
    CHECK(admin.schema_version() == fw::storage::kSchemaVersion);
    std::string versions;
    for (int v = 1; v <= fw::storage::kSchemaVersion; ++v) versions += (v > 1 ? "," : "") + std::to_string(v);
    CHECK(one(db, "postgres", "SELECT string_agg(version::text, ',' ORDER BY version) FROM fidelity.migrations") ==
          versions);
    CHECK(one(db, "postgres", "SELECT tableowner FROM pg_tables WHERE tablename = 'reviews'") == "fidelity_admin");

    // A later version: a reviewer is told, an administrator's role (no
    // superuser, no CREATEROLE) upgrades it.
    st::server_sql("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'admin_login') THEN "
                               "CREATE ROLE admin_login LOGIN; END IF; END $$");
    admin.grant("admin_login", fw::storage::Access::admin);
    admin.grant("plain_login", fw::storage::Access::reviewer);
    const int now = fw::storage::kSchemaVersion, next = now + 1;
    auto steps = fw::storage::postgresql_migrations();
    steps.push_back({next, "ALTER TABLE programs ADD COLUMN website ctext"});
    fw::storage::OpenOptions later;
    later.migrations = &steps;
    try {
        Database::open(st::server_address(db, "plain_login"), "Tester", later);
        FAIL("a reviewer upgraded the schema");
    } catch (const DatabaseError& e) {
        CHECK(e.kind() == K::upgrade_failed);
        CHECK(has(e.what(), "needs an upgrade (database version " + std::to_string(now)));
    }
    auto upgraded = Database::open(st::server_address(db, "admin_login"), "IT", later);
    CHECK(upgraded.schema_version() == next);
    CHECK(one(db, "postgres", "SELECT applied_by FROM fidelity.migrations WHERE version = " + std::to_string(next)) ==
          "admin_login");
    CHECK(Database::open(st::server_address(db, "plain_login"), "Tester", later).schema_version() == next);
}

TEST_CASE("server: copy a file to the server and back: the same export, audit rows named by the server") {
    st::TempDir dir;
    auto file = Database::open(dir.file("laptop.db"), "Ana Ruiz");
    auto id = file.import_review(st::example(), st::catalog(), "concord.json");
    auto server = Database::open(st::db_location(dir), "Ben Okafor");
    CHECK(file.copy_into(server).reviews == 1);
    auto back = Database::open(dir.file("back.db"), "Ben Okafor");
    CHECK(server.copy_into(back).reviews == 1);
    std::string original = fw::write_review(file.load_review(id));
    CHECK(fw::write_review(server.load_review(server.reviews()[0].id)) == original);
    CHECK(fw::write_review(back.load_review(back.reviews()[0].id)) == original);
    auto log = server.audit(server.reviews()[0].id);
    REQUIRE(!log.empty());
    CHECK(log[0].actor == "Ana Ruiz");
    CHECK(log[0].role == "postgres");  // who copied it there, as the server says
    CHECK(file.audit(id)[0].role.empty());
}

// Opening: new files, refusing damaged / foreign / newer files without
// touching them, upgrades with a backup, several connections and processes.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/review_file.hpp"
#include "edit_script.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;
using fw::storage::DatabaseError;
using K = DatabaseError::Kind;

namespace {

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

K refused(const std::string& path) {
    try {
        Database::open(path, "Tester");
    } catch (const DatabaseError& e) {
        CHECK(std::string(e.what()).find(path) == 0);  // names the file
        MESSAGE(std::string(e.what()));
        return e.kind();
    }
    FAIL("opened");
    return K::io;
}

// A closed database holding the example (several pages).
std::string make_db(const st::TempDir& dir, const std::string& name = "w.db") {
    auto db = Database::open(dir.file(name), "Tester");
    db.import_review(st::example(), st::catalog());
    db.import_review(st::scoring_example(), st::catalog());
    return dir.file(name);
}

// The offset of a table b-tree page of an SQLite file (not page 1, not an
// overflow page, whose contents no check can judge): the first such page, or
// the last (`last`), which leaves the header and schema readable.
size_t page_size_of(const std::string& bytes) {
    size_t size = (size_t(uint8_t(bytes[16])) << 8) | uint8_t(bytes[17]);
    return size == 1 ? 65536 : size;
}

size_t table_page(const std::string& bytes, bool last = false) {
    size_t page_size = page_size_of(bytes);
    size_t page = 0;
    for (size_t p = page_size; p + page_size <= bytes.size() && (last || !page); p += page_size)
        if (bytes[p] == 0x0d) page = p;
    return page;
}

// Breaks the last table page's header (the header and schema stay readable,
// so the checks made before open returns pass); the file's bytes after.
std::string damage_last_table_page(const std::string& path) {
    std::string bytes = st::read_bytes(path);
    size_t page = table_page(bytes, true);
    REQUIRE(page != 0);
    bytes[page] = 0x07;
    bytes[page + 3] = bytes[page + 4] = char(0xff);
    st::write_bytes(path, bytes);
    return bytes;
}

}  // namespace

TEST_CASE("open: a new file is private, marked and versioned, in WAL mode with foreign keys") {
    st::TempDir dir;
    std::string path = dir.file("new.db");
    auto db = Database::open(path, "Tester");
    CHECK(db.schema_version() == fw::storage::kSchemaVersion);
    CHECK(mode_of(path) == 0600);
    db.import_review(st::example(), st::catalog());
    for (const char* side : {"-wal", "-shm"})
        if (std::filesystem::exists(path + side)) CHECK(mode_of(path + side) == 0600);
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA application_id").getInt() == fw::storage::kApplicationId);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == fw::storage::kSchemaVersion);
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.check_integrity().empty());
}

TEST_CASE("open: a new file stays private whatever the umask") {
    st::TempDir dir;
    mode_t old = ::umask(0);
    { auto db = Database::open(dir.file("u.db"), "Tester"); }
    ::umask(old);
    CHECK(mode_of(dir.file("u.db")) == 0600);
}

TEST_CASE("open: an empty file is refused and left as it was, an empty SQLite file is set up") {
    st::TempDir dir;
    // It used to be turned into a database: --db naming the wrong file.
    st::write_bytes(dir.file("zero.db"), "");
    CHECK(refused(dir.file("zero.db")) == K::not_a_database);
    CHECK(st::read_bytes(dir.file("zero.db")).empty());
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
    {
        SQLite::Database raw(dir.file("blank.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA page_size = 8192; VACUUM;");
    }
    auto db = Database::open(dir.file("blank.db"), "Tester");
    CHECK(db.schema_version() == fw::storage::kSchemaVersion);
    CHECK(db.reviews().empty());
    // No backup for a file that held nothing.
    for (const auto& e : std::filesystem::directory_iterator(dir.path))
        CHECK(e.path().filename().string().find("backup") == std::string::npos);
}

TEST_CASE("open: a missing file is created only when asked") {
    st::TempDir dir;
    fw::storage::OpenOptions o;
    o.create = false;
    CHECK_THROWS_AS(Database::open(dir.file("none.db"), "Tester", o), DatabaseError);
    CHECK_FALSE(std::filesystem::exists(dir.file("none.db")));
    CHECK_THROWS_AS(Database::open(dir.path, "Tester"), DatabaseError);  // a folder
}

TEST_CASE("open: a newer database is refused and left untouched") {
    st::TempDir dir;
    std::string path = make_db(dir);
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = " + std::to_string(fw::storage::kSchemaVersion + 1));
    }
    std::string before = st::read_bytes(path);
    CHECK(refused(path) == K::newer);
    CHECK(st::read_bytes(path) == before);
}

TEST_CASE("open: other files are refused and left untouched") {
    st::TempDir dir;
    SUBCASE("a review file given by mistake") {
        std::string path = dir.file("review.json");
        st::write_bytes(path, st::read_bytes(st::example_path()));
        std::string before = st::read_bytes(path);
        CHECK(refused(path) == K::not_a_database);
        CHECK(st::read_bytes(path) == before);
    }
    SUBCASE("an SQLite database of another program") {
        std::string path = dir.file("other.db");
        {
            SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            raw.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        }
        std::string before = st::read_bytes(path);
        CHECK(refused(path) == K::foreign);
        CHECK(st::read_bytes(path) == before);
    }
}

TEST_CASE("open: a damaged database is refused and not written to") {
    st::TempDir dir;
    std::string path = make_db(dir);
    std::string bytes = st::read_bytes(path);
    size_t page = table_page(bytes);
    size_t page_size = page_size_of(bytes);
    REQUIRE(page != 0);
    SUBCASE("a wrong page header") {
        bytes[page] = 0x07;  // no such page type
        bytes[page + 3] = bytes[page + 4] = char(0xff);  // and a cell count no page holds
    }
    SUBCASE("cut short") {
        bytes.resize(bytes.size() / 2);
    }
    SUBCASE("a page of zeros") {
        std::fill(bytes.begin() + long(page), bytes.begin() + long(page + page_size), '\0');
    }
    st::write_bytes(path, bytes);
    K k = refused(path);
    CHECK((k == K::damaged || k == K::not_a_database));
    CHECK(st::read_bytes(path) == bytes);
}

TEST_CASE("open: the integrity check beside the window: a damaged file opens for reading, every write is refused") {
    st::TempDir dir;
    std::string path = make_db(dir);
    std::string bytes = damage_last_table_page(path);

    fw::storage::OpenOptions o;
    o.check_in_background = true;
    auto db = Database::open(path, "Tester", o);
    std::string problem;
    auto state = db.integrity(&problem);
    for (int i = 0; i < 500 && state == Database::Integrity::checking; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        state = db.integrity(&problem);
    }
    CHECK(state == Database::Integrity::damaged);
    CHECK(problem.find("damaged") != std::string::npos);
    try {
        db.update_program(db.programs().front().id, db.programs().front().details);
        FAIL("written");
    } catch (const DatabaseError& e) {
        CHECK(e.kind() == K::damaged);
    } catch (const std::exception& e) {
        // Reading the damaged page may fail first; still nothing written.
        MESSAGE(e.what());
    }
    CHECK_THROWS_AS(db.import_review(st::example(), st::catalog()), DatabaseError);
    CHECK(st::read_bytes(path) == bytes);
}

TEST_CASE("open: the integrity check beside the window: a sound file is found sound, and edits wait for nothing more") {
    st::TempDir dir;
    std::string path = make_db(dir);
    fw::storage::OpenOptions o;
    o.check_in_background = true;
    auto db = Database::open(path, "Tester", o);
    // A write right away waits for the check, then goes through.
    auto id = db.import_review(st::scoring_example(), st::catalog());
    CHECK(db.integrity() == Database::Integrity::sound);
    CHECK(db.load_review(id).program.team == st::scoring_example().program.team);
    // Closing while a check runs stops it (a second database, closed at once).
    { auto again = Database::open(path, "Tester", o); }
}

TEST_CASE("open: a check held back until started starts at the first write, and finds damage before it") {
    st::TempDir dir;
    std::string path = make_db(dir);
    fw::storage::OpenOptions o;
    o.check_in_background = true;
    o.check_when_started = true;
    SUBCASE("held back, then started") {
        auto db = Database::open(path, "Tester", o);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        CHECK(db.integrity() == Database::Integrity::checking);  // not started: not found sound
        db.start_integrity_check();
        db.start_integrity_check();  // once is enough
        auto state = db.integrity();
        for (int i = 0; i < 500 && state == Database::Integrity::checking; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            state = db.integrity();
        }
        CHECK(state == Database::Integrity::sound);
    }
    SUBCASE("never started: the first write runs it, and is refused on a damaged file") {
        std::string bytes = damage_last_table_page(path);
        auto db = Database::open(path, "Tester", o);
        CHECK_THROWS_AS(db.import_review(st::example(), st::catalog()), DatabaseError);
        CHECK(db.integrity() == Database::Integrity::damaged);
        CHECK(st::read_bytes(path) == bytes);
    }
    SUBCASE("closed before it ever started") {
        auto db = Database::open(path, "Tester", o);
    }
}

TEST_CASE("open: an older schema is backed up (backup API) and upgraded in one transaction") {
    st::TempDir dir;
    std::string path = make_db(dir);
    std::string exported;
    {
        auto db = Database::open(path, "Tester");
        exported = fw::write_review(db.load_review(1));
    }
    auto steps = fw::storage::migrations();
    const int now = fw::storage::kSchemaVersion, next = now + 1;
    const std::string backup_prefix = "w.db.v" + std::to_string(now) + "-backup-";
    SUBCASE("an upgrade that works") {
        steps.push_back({next, "ALTER TABLE programs ADD COLUMN note TEXT NOT NULL DEFAULT '';"
                               "CREATE TABLE later (x);"});
        fw::storage::OpenOptions o;
        o.migrations = &steps;
        auto db = Database::open(path, "Tester", o);
        CHECK(db.schema_version() == next);
        CHECK(fw::write_review(db.load_review(1)) == exported);
        std::vector<std::string> backups;
        for (const auto& e : std::filesystem::directory_iterator(dir.path))
            if (e.path().filename().string().find(backup_prefix) == 0) backups.push_back(e.path().string());
        REQUIRE(backups.size() == 1);
        CHECK(mode_of(backups[0]) == 0600);
        SQLite::Database copy(backups[0], SQLite::OPEN_READONLY);
        CHECK(copy.execAndGet("PRAGMA user_version").getInt() == now);
        CHECK(copy.execAndGet("SELECT count(*) FROM reviews").getInt() == 2);
        CHECK_FALSE(copy.tableExists("later"));
        // The backup is itself a workstation database of the version before.
        CHECK(fw::write_review(Database::open(backups[0], "Tester").load_review(1)) == exported);
    }
    SUBCASE("an upgrade that fails leaves the file as it was") {
        steps.push_back({next, "CREATE TABLE later (x); CREATE TABLE programs (x);"});  // the second fails
        fw::storage::OpenOptions o;
        o.migrations = &steps;
        try {
            Database::open(path, "Tester", o);
            FAIL("opened");
        } catch (const DatabaseError& e) {
            CHECK(e.kind() == K::upgrade_failed);
            CHECK(std::string(e.what()).find("backup") != std::string::npos);
        }
        auto db = Database::open(path, "Tester");  // the released schema still reads it
        CHECK(db.schema_version() == now);
        CHECK(fw::write_review(db.load_review(1)) == exported);
        SQLite::Database raw(path, SQLite::OPEN_READONLY);
        CHECK_FALSE(raw.tableExists("later"));
    }
}

TEST_CASE("open: two connections to one file see each other's edits") {
    st::TempDir dir;
    std::string path = dir.file("w.db");
    auto a = Database::open(path, "Ana Ruiz");
    auto b = Database::open(path, "Ben Okafor");
    auto id = a.import_review(st::scoring_example(), st::catalog());
    for (int i = 0; i < 20; ++i) {
        Database& db = i % 2 ? a : b;
        db.update_review(
            id, [&](fw::Review& r, const fw::Scale& s, const fw::Policy&) { st::apply_edit(r, s, st::edits_in(r) + 1); },
            st::catalog());
    }
    CHECK(st::edits_in(a.load_review(id)) == 20);
    CHECK(st::edits_in(b.load_review(id)) == 20);
    std::set<std::string> actors;
    for (const auto& e : a.audit(id)) actors.insert(e.actor);
    CHECK(actors.count("Ana Ruiz"));
    CHECK(actors.count("Ben Okafor"));
}

TEST_CASE("open: a writer that holds the database too long gives a clear busy error, nothing half-written") {
    st::TempDir dir;
    std::string path = dir.file("w.db");
    fw::storage::OpenOptions o;
    o.busy_timeout_ms = 200;
    auto db = Database::open(path, "Tester", o);
    auto id = db.import_review(st::scoring_example(), st::catalog());
    std::string before = fw::write_review(db.load_review(id));
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    auto t0 = std::chrono::steady_clock::now();
    try {
        db.update_review(id, [](fw::Review& r) { r.extra["x"] = 1; }, st::catalog());
        FAIL("no busy error");
    } catch (const DatabaseError& e) {
        CHECK(e.kind() == K::busy);
        MESSAGE(std::string(e.what()));
    }
    CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(150));
    CHECK(fw::write_review(db.load_review(id)) == before);  // readers are not blocked
    other.exec("COMMIT");
    db.update_review(id, [](fw::Review& r) { r.extra["x"] = 1; }, st::catalog());
    CHECK(db.load_review(id).extra.contains("x"));
}

TEST_CASE("open: another process editing the same review at the same time: no edit lost or applied twice") {
    st::TempDir dir;
    std::string path = dir.file("w.db");
    std::int64_t id = 0;
    const int last = 300;
    {
        auto db = Database::open(path, "Tester");
        id = db.import_review(st::scoring_example(), st::catalog());
    }
    std::set<int> mine;
    std::thread child_thread;
    st::Run child;
    child_thread = std::thread([&] {
        child = st::run({STORAGE_CRASH_CHILD, path, FIDELITY_BUILD_DATA_DIR, std::to_string(id), std::to_string(last)});
    });
    auto db = Database::open(path, "parent");
    for (;;) {
        int n = 0;
        db.update_review(
            id,
            [&](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
                n = st::edits_in(r) + 1;
                if (n <= last) st::apply_edit(r, s, n);
            },
            st::catalog());
        if (n > last) break;
        mine.insert(n);
        // SQLite's busy handler polls: a writer that never pauses could
        // starve the other one. People pause; so does this loop.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    child_thread.join();
    REQUIRE(child.status == 0);
    std::set<int> theirs;
    std::istringstream in(child.out);
    for (int n; in >> n;) {
        CHECK(theirs.insert(n).second);
        CHECK_FALSE(mine.count(n));
    }
    MESSAGE("parent made " << mine.size() << " edits, child " << theirs.size());
    CHECK(mine.size() + theirs.size() == size_t(last));
    CHECK(mine.size() > 0);
    CHECK(theirs.size() > 0);
    CHECK(st::edits_in(db.load_review(id)) == last);
    CHECK(db.check_integrity().empty());
}

TEST_CASE("open: a new database whose content is still only in its WAL (a crash before any checkpoint) opens whole") {
    st::TempDir dir;
    std::string path = dir.file("w.db");
    auto db = Database::open(path, "Tester");
    auto id = db.import_review(st::example(), st::catalog());
    // What a crash would leave on disk now: the files as they are, no checkpoint.
    std::string main_bytes = st::read_bytes(path), wal = st::read_bytes(path + "-wal");
    REQUIRE(wal.size() > 0);
    std::string copy = dir.file("crashed.db");
    st::write_bytes(copy, main_bytes);
    st::write_bytes(copy + "-wal", wal);
    auto reopened = Database::open(copy, "Tester");
    CHECK(fw::write_review(reopened.load_review(id)) == fw::write_review(st::example()));
    CHECK(reopened.check_integrity().empty());
    MESSAGE("main file " << main_bytes.size() << " bytes, WAL " << wal.size() << " bytes");
}

TEST_CASE("rulebook: a version 1 database is upgraded and its lists computed again by today's rules") {
    st::TempDir dir;
    std::string path = dir.file("v1.db");
    std::filesystem::copy_file(std::string(FIDELITY_TEST_DATA) + "/databases/v1-three-finals.db", path);
    auto db = Database::open(path, "Tester");
    CHECK(db.schema_version() == fw::storage::kSchemaVersion);
    CHECK(db.refresh_summaries(st::catalog()) == 3);
    CHECK(db.refresh_summaries(st::catalog()) == 0);  // once
    auto rows = db.reviews();
    REQUIRE(rows.size() == 3);
    for (const auto& r : rows) {
        if (r.team == "Kannapolis IPS Team") {  // 2016, every condition met
            REQUIRE(r.due);
            CHECK(r.due->kind == fw::DueKind::follow_up);
            CHECK(r.due->by.iso() == "2026-10-14");
        } else if (r.team == "Salisbury IPS Team") {  // 2020 below 74
            CHECK(r.next_review_condition == "if approved");
        } else {
            CHECK(r.due->by.iso() == "2027-04-17");
        }
    }
    // The policy each final was issued under is now stored with it.
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT count(*) FROM reviews WHERE policy_fingerprint IS NULL").getInt() == 0);
    CHECK(raw.execAndGet("SELECT count(*) FROM policies").getInt() == 2);
}

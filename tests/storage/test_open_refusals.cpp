// Issue 10: a database that will be refused leaves no trace (no -wal, -shm
// or -journal beside it, not a byte changed), whatever kind of wrong file it
// is; a read-only folder still allows reading; a new database never appears
// half-made.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <random>
#include <set>

#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;
using fw::storage::DatabaseError;
using K = DatabaseError::Kind;
namespace fs = std::filesystem;

namespace {

std::set<std::string> names_in(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = char(gen() & 0xff);
    return s;
}

// A closed database of ours holding the example; `wal`: left in WAL mode
// (as the workstation leaves it), else switched back to a rollback journal.
std::string ours(const st::TempDir& dir, bool wal = true) {
    std::string path = dir.file("made.db");
    fs::remove(path);
    {
        auto db = Database::open(path, "Tester");
        db.import_review(st::example(), st::catalog());
        db.import_review(st::scoring_example(), st::catalog());
    }
    if (!wal) {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA journal_mode = DELETE");
    }
    std::string bytes = st::read_bytes(path);
    fs::remove(path);
    return bytes;
}

std::string sqlite_of_another_program(const st::TempDir& dir, const std::string& setup) {
    std::string path = dir.file("other.db");
    fs::remove(path);
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(setup);
    }
    std::string bytes = st::read_bytes(path);
    fs::remove(path);
    return bytes;
}

std::size_t page_size_of(const std::string& db) {
    std::size_t p = (std::size_t(std::uint8_t(db[16])) << 8) | std::uint8_t(db[17]);
    return p == 1 ? 65536 : p;
}

std::string with_page(std::string db, std::size_t page, const std::function<void(char*, std::size_t)>& change) {
    std::size_t size = page_size_of(db);
    REQUIRE((page + 1) * size <= db.size());
    change(db.data() + page * size, size);
    return db;
}

}  // namespace

TEST_CASE("open refusals: 40 kinds of wrong file, each refused with no trace") {
    st::TempDir make;
    const std::string wal = ours(make), rollback = ours(make, false);
    const std::size_t ps = page_size_of(wal);
    REQUIRE(wal.size() / ps >= 6);
    std::string sqlite_magic("SQLite format 3\0", 16);
    std::vector<std::pair<std::string, std::string>> cases = {
        {"one byte", "x"},
        {"16 random bytes", random_bytes(16, 1)},
        {"99 random bytes", random_bytes(99, 2)},
        {"100 random bytes", random_bytes(100, 3)},
        {"4 KiB random", random_bytes(4096, 4)},
        {"64 KiB random", random_bytes(65536, 5)},
        {"a review file", st::read_bytes(st::example_path())},
        {"text naming SQLite", "SQLite format 3 is what this is not\n"},
        {"a PDF", "%PDF-1.7\n" + random_bytes(2000, 6)},
        {"the magic only", sqlite_magic},
        {"the magic and zeros", sqlite_magic + std::string(84, '\0')},
        {"the magic and a zero page", sqlite_magic + std::string(4096 - 16, '\0')},
        {"the magic and random pages", sqlite_magic + random_bytes(8192 - 16, 7)},
        {"another program's database", sqlite_of_another_program(make, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")},
        {"another program's, WAL", sqlite_of_another_program(make, "PRAGMA journal_mode=WAL; CREATE TABLE t(x);")},
        {"another program's id, empty", sqlite_of_another_program(make, "PRAGMA application_id = 42; VACUUM;")},
        {"no id, but tables", sqlite_of_another_program(make, "CREATE TABLE reviews(id INTEGER PRIMARY KEY);")},
        {"no id, tables, WAL", sqlite_of_another_program(make, "PRAGMA journal_mode=WAL; CREATE TABLE programs(x);")},
        {"our id, a newer version (header)",
         [&] {
             std::string d = wal;
             d[63] = char(fw::storage::kSchemaVersion + 1);
             return d;
         }()},
        {"our id, version 1000",
         [&] {
             std::string d = rollback;
             d[62] = 0x03, d[63] = char(0xe8);
             return d;
         }()},
        {"page size 3",
         [&] {
             std::string d = wal;
             d[16] = 0, d[17] = 3;
             return d;
         }()},
        {"cut to one page", wal.substr(0, ps)},
        {"cut to a page and a byte", wal.substr(0, ps + 1)},
        {"cut in half", wal.substr(0, wal.size() / 2)},
        {"cut in half, rollback", rollback.substr(0, rollback.size() / 2)},
        {"header whole, the rest random", wal.substr(0, 100) + random_bytes(wal.size() - 100, 8)},
        {"page 1 b-tree type wrong",
         [&] {
             std::string d = wal;
             d[100] = 0x07;
             return d;
         }()},
        {"page 1 cell count huge",
         [&] {
             std::string d = wal;
             d[103] = d[104] = char(0xff);
             return d;
         }()},
    };
    for (std::size_t page = 1; page < 6; ++page) {
        cases.push_back({"page " + std::to_string(page + 1) + " zeros",
                         with_page(wal, page, [](char* p, std::size_t n) { std::fill(p, p + n, '\0'); })});
        cases.push_back(
            {"page " + std::to_string(page + 1) + " random", with_page(wal, page, [page](char* p, std::size_t n) {
                 std::string r = random_bytes(n, unsigned(100 + page));
                 std::copy(r.begin(), r.end(), p);
             })});
    }
    cases.push_back(
        {"rollback, page 2 zeros", with_page(rollback, 1, [](char* p, std::size_t n) { std::fill(p, p + n, '\0'); })});
    cases.push_back({"rollback, page 3 type wrong", with_page(rollback, 2, [](char* p, std::size_t) { p[0] = 0x07; })});
    REQUIRE(cases.size() >= 40);

    int refused = 0;
    for (const auto& [what, bytes] : cases) {
        CAPTURE(what);
        st::TempDir dir;
        std::string path = dir.file("w.db");
        st::write_bytes(path, bytes);
        auto before = names_in(dir.path);
        try {
            Database::open(path, "Tester");
            FAIL("opened");
        } catch (const DatabaseError& e) {
            ++refused;
            CHECK((e.kind() == K::not_a_database || e.kind() == K::foreign || e.kind() == K::damaged ||
                   e.kind() == K::newer));
            CHECK(std::string(e.what()).rfind(path, 0) == 0);
        }
        CHECK(names_in(dir.path) == before);  // no -wal, -shm or -journal left beside it
        CHECK(st::read_bytes(path) == bytes);
    }
    CHECK(refused == int(cases.size()));
}

TEST_CASE("open refusals: on the command line, a wrong --db is exit 2 with nothing left beside it") {
    st::TempDir dir;
    st::write_bytes(dir.file("empty.db"), "");
    st::write_bytes(dir.file("review.db"), st::read_bytes(st::example_path()));
    for (const char* name : {"empty.db", "review.db"})
        for (const char* command : {"import", "list"}) {
            CAPTURE(name);
            CAPTURE(command);
            std::vector<std::string> argv = {st::fidelity_bin(), command};
            if (std::string(command) == "import") argv.push_back(st::example_path());
            argv.insert(argv.end(), {"--db", dir.file(name)});
            auto r = st::run(argv);
            CHECK(r.status == 2);
            CHECK(r.err.rfind(dir.file(name), 0) == 0);
        }
    CHECK(st::read_bytes(dir.file("empty.db")).empty());
    CHECK(names_in(dir.path).size() == 2);
    // A folder is the same kind of mistake: exit 2, as for report.
    auto r = st::run({st::fidelity_bin(), "list", "--db", dir.path});
    CHECK(r.status == 2);
    CHECK(r.err.find("is a folder") != std::string::npos);
}

TEST_CASE("open refusals: a database in a folder that cannot be written is still read") {
    st::TempDir dir;
    std::string sub = dir.file("ro");
    fs::create_directory(sub);
    std::string db = sub + "/w.db";
    {
        auto d = Database::open(db, "Tester");
        d.import_review(st::example(), st::catalog());
    }
    REQUIRE(names_in(sub) == std::set<std::string>{"w.db"});
    // Root writes anywhere: run the program as nobody then.
    std::vector<std::string> as;
    if (geteuid() == 0) {
        REQUIRE(fs::exists("/usr/bin/setpriv"));
        as = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        ::chmod(dir.path.c_str(), 0755);
        ::chmod(db.c_str(), 0644);
    }
    ::chmod(sub.c_str(), 0555);
    auto with = [&](std::vector<std::string> argv) {
        argv.insert(argv.begin(), st::fidelity_bin());
        argv.insert(argv.begin(), as.begin(), as.end());
        return st::run(argv);
    };
    auto list = with({"list", "--db", db, "--json"});
    CHECK_MESSAGE(list.status == 0, list.err);
    CHECK(list.out.find("\"id\":1") != std::string::npos);
    auto exported = with({"export", "1", "--db", db});
    CHECK_MESSAGE(exported.status == 0, exported.err);
    CHECK(exported.out.find("\"ips-fidelity-review\"") != std::string::npos);
    CHECK(with({"diff", "1", "--db", db}).status == 0);
    auto import = with({"import", st::example_path(), "--db", db});
    CHECK(import.status == 1);
    CHECK_MESSAGE(import.err.find("cannot write to the database") != std::string::npos, import.err);
    CHECK(import.err.find("permissions") == std::string::npos);
    ::chmod(sub.c_str(), 0755);
    CHECK(names_in(sub) == std::set<std::string>{"w.db"});
}

TEST_CASE("open refusals: a disk that fills while a database is made: exit 1, a true message, no file left") {
    st::TempDir dir;
    std::string db = dir.file("new.db");
    // Smaller than an empty database with its schema.
    auto r = st::run(
        {"/usr/bin/prlimit", "--fsize=8192", st::fidelity_bin(), "import", st::example_path(), "--db", db});
    CHECK(r.status == 1);
    CHECK(r.err.find("could not be upgraded") == std::string::npos);
    CHECK_MESSAGE(r.err.find("the new database could not be made") != std::string::npos, r.err);
    CHECK(names_in(dir.path).empty());
}

// The command line: import, export, list, diff and their exit status (run as
// the built bin/fidelity).
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using st::run;

namespace {

std::string F() { return st::fidelity_bin(); }

nlohmann::json json_of(const std::string& text) { return nlohmann::json::parse(text); }

// One line holding a number.
std::int64_t id_line(const std::string& out) {
    REQUIRE(!out.empty());
    REQUIRE(out.back() == '\n');
    REQUIRE(out.find('\n') == out.size() - 1);
    REQUIRE(out.find_first_not_of("0123456789\n") == std::string::npos);
    return std::stoll(out);
}

}  // namespace

TEST_CASE("cli: import prints the id, export writes the file back, list and score agree") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    auto r = run({F(), "import", st::example_path(), "--db", db, "--as", "Ana Ruiz"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    auto id = id_line(r.out);
    CHECK(id == 1);

    std::string out = dir.file("out.json");
    r = run({F(), "export", std::to_string(id), "--db", db, "-o", out});
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());
    CHECK(st::read_bytes(out) == fw::write_review(st::example()));
    CHECK(json_of(st::read_bytes(out)) == json_of(st::read_bytes(st::example_path())));
    r = run({F(), "export", std::to_string(id), "--db", db});  // to stdout
    CHECK(r.out == st::read_bytes(out));

    r = run({F(), "list", "--db", db, "--json"});
    REQUIRE(r.status == 0);
    auto list = json_of(r.out);
    REQUIRE(list.is_array());
    REQUIRE(list.size() == 1);
    auto score = json_of(run({F(), "score", st::example_path(), "--json"}).out);
    const auto& row = list[0];
    std::vector<std::string> keys;
    for (auto it = row.begin(); it != row.end(); ++it) keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    // The spec's keys, and the extensions: the program's id and LME-MCO, what is due next.
    CHECK(keys == std::vector<std::string>{"agency", "due", "id", "lme_mco", "next_review", "program_id", "stage", "team",
                                           "tier", "total", "visit_start"});
    CHECK(row["id"] == id);
    CHECK(row["agency"] == "Piedmont Behavioral Health");
    CHECK(row["team"] == "Concord IPS Team");
    CHECK(row["visit_start"] == "2026-03-02");
    CHECK(row["stage"] == "final");
    CHECK(row["total"] == score["total"]);
    CHECK(row["tier"] == score["tier"]);
    CHECK(row["next_review"] == score["next_review"]);
    CHECK(row["due"] == json_of(R"({"kind": "next-review", "earliest": "2026-10-17", "by": "2027-04-17"})"));

    r = run({F(), "list", "--db", db});
    CHECK(r.status == 0);
    CHECK(r.out.find("Concord IPS Team") != std::string::npos);
}

TEST_CASE("cli: a review with large attachments exports and imports back whole") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    fw::Review r = st::example();
    std::string big(15u << 20, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = char((i * 2654435761u) >> 13);
    r.contests[0].attachments.push_back({"scan.tif", "image/tiff", big});
    {
        auto d = fw::storage::Database::open(db, "Tester");
        d.import_review(r, st::catalog());
    }
    std::string out = dir.file("big.json");
    REQUIRE(run({F(), "export", "1", "--db", db, "-o", out}).status == 0);
    CHECK(std::filesystem::file_size(out) > (16u << 20));  // beyond read_review_file's limit
    auto imported = run({F(), "import", out, "--db", db});
    REQUIRE(imported.status == 0);
    auto d = fw::storage::Database::open(db, "Tester");
    CHECK(d.load_review(id_line(imported.out)).contests[0].attachments[0].data == big);
}

TEST_CASE("cli: an incomplete review lists with null total, tier and next review") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    fw::Review r = st::scoring_example();
    r.ratings.pop_back();
    st::write_bytes(dir.file("part.json"), fw::write_review(r));
    REQUIRE(run({F(), "import", dir.file("part.json"), "--db", db}).status == 0);
    auto list = json_of(run({F(), "list", "--db", db, "--json"}).out);
    CHECK(list[0]["stage"] == "scoring");
    CHECK(list[0]["total"].is_null());
    CHECK(list[0]["tier"].is_null());
    CHECK(list[0]["next_review"].is_null());
}

TEST_CASE("cli: list --due-within counts from --on, boundaries included") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    for (const char* final_date : {"2026-05-01", "2026-05-02"}) {
        fw::Review r = st::example();
        r.program.team = std::string("Team ") + final_date;
        r.review.final_report_date = fw::Date::parse(final_date);
        std::string file = dir.file(std::string(final_date) + ".json");
        st::write_bytes(file, fw::write_review(r));
        REQUIRE(run({F(), "import", file, "--db", db}).status == 0);
    }
    auto due = [&](const char* days) {
        auto r = run({F(), "list", "--db", db, "--json", "--due-within", days, "--on", "2027-04-01"});
        REQUIRE(r.status == 0);
        return json_of(r.out).size();
    };
    CHECK(due("29") == 0);
    CHECK(due("30") == 1);  // 2027-05-01
    CHECK(due("31") == 2);
    CHECK(run({F(), "list", "--db", db, "--due-within", "-1"}).status == 2);
    CHECK(run({F(), "list", "--db", db, "--due-within", "5", "--on", "2027-02-30"}).status == 2);
}

TEST_CASE("cli: two reviewers' files merged with import --into, diff lists the disagreements") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    auto strip = [](const std::string& keep) {
        fw::Review r = st::scoring_example();
        for (auto& rt : r.ratings) std::erase_if(rt.by, [&](const auto& p) { return p.first != keep; });
        return r;
    };
    st::write_bytes(dir.file("ana.json"), fw::write_review(strip("Ana Ruiz")));
    st::write_bytes(dir.file("ben.json"), fw::write_review(strip("Ben Okafor")));
    auto id = id_line(run({F(), "import", dir.file("ana.json"), "--db", db, "--as", "Ana Ruiz"}).out);
    auto r = run({F(), "diff", std::to_string(id), "--db", db});
    CHECK(r.status == 0);
    CHECK(r.out == "No disagreements.\n");

    r = run({F(), "import", dir.file("ben.json"), "--db", db, "--into", std::to_string(id), "--as", "Ana Ruiz"});
    REQUIRE(r.status == 0);
    CHECK(r.err.find("Ben Okafor") != std::string::npos);
    CHECK(r.out.find("staffing.1: Ana Ruiz 5, Ben Okafor 4 (apart by 1)\n") == 0);
    auto d = run({F(), "diff", std::to_string(id), "--db", db});
    CHECK(d.status == 0);
    CHECK(d.out == r.out);
    auto j = json_of(run({F(), "diff", std::to_string(id), "--db", db, "--json"}).out);
    CHECK(j[0]["item"] == "staffing.1");
    CHECK(j[0]["scores"]["Ben Okafor"] == 4);
    CHECK(j[0]["spread"] == 1);
    // Still one review; the merge did not import a second one.
    CHECK(json_of(run({F(), "list", "--db", db, "--json"}).out).size() == 1);
    // Another review's file cannot be merged in.
    fw::Review other = strip("Ben Okafor");
    other.program.team = "Kannapolis IPS";
    st::write_bytes(dir.file("other.json"), fw::write_review(other));
    r = run({F(), "import", dir.file("other.json"), "--db", db, "--into", std::to_string(id)});
    CHECK(r.status == 2);
    CHECK(r.err.find("another review") != std::string::npos);
    CHECK(run({F(), "import", dir.file("ben.json"), "--db", db, "--into", "99"}).status == 2);
}

TEST_CASE("cli: wrong input exits 2 naming the file, nothing is written") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    st::write_bytes(dir.file("bad.json"), "{\"format\": \"ips-fidelity-review\", \"version\": 1,\n  \"scale\": 7}");
    auto r = run({F(), "import", dir.file("bad.json"), "--db", db});
    CHECK(r.status == 2);
    CHECK(r.err.find(dir.file("bad.json")) == 0);
    CHECK_FALSE(std::filesystem::exists(db));  // the file is read before the database is opened

    REQUIRE(run({F(), "import", st::example_path(), "--db", db}).status == 0);
    r = run({F(), "export", "42", "--db", db, "-o", dir.file("x.json")});
    CHECK(r.status == 2);
    CHECK(r.err.find("42") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("x.json")));
    CHECK(run({F(), "export", "abc", "--db", db}).status == 2);
    CHECK(run({F(), "diff", "42", "--db", db}).status == 2);

    r = run({F(), "list", "--db", dir.file("missing.db")});
    CHECK(r.status == 2);
    CHECK(r.err.find("missing.db") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
    r = run({F(), "import", st::example_path(), "--db", dir.file("no/such/folder/w.db")});
    CHECK(r.status == 2);
    CHECK(r.err.find("no/such/folder/w.db") != std::string::npos);
}

TEST_CASE("cli: a damaged, foreign or newer database exits 2 with a clear message and stays as it was") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    REQUIRE(run({F(), "import", st::example_path(), "--db", db}).status == 0);
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 99");
    }
    std::string before = st::read_bytes(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {F(), "list", "--db", db},
             {F(), "import", st::example_path(), "--db", db},
             {F(), "export", "1", "--db", db}}) {
        auto r = run(args);
        CHECK(r.status == 2);
        CHECK(r.err.find(db + ": was written by a newer version") == 0);
    }
    CHECK(st::read_bytes(db) == before);

    std::string damaged = dir.file("damaged.db");
    std::string bytes = before;
    bytes.resize(bytes.size() / 2);
    st::write_bytes(damaged, bytes);
    auto r = run({F(), "list", "--db", damaged});
    CHECK(r.status == 2);
    CHECK(r.err.find("damaged") != std::string::npos);
    CHECK(st::read_bytes(damaged) == bytes);

    r = run({F(), "list", "--db", st::example_path()});
    CHECK(r.status == 2);
    CHECK(r.err.find("not a Fidelity Workstation database") != std::string::npos);
}

TEST_CASE("cli: --db defaults to the XDG data folder, created private") {
    st::TempDir dir;
    std::string xdg = dir.file("xdg");
    ::setenv("XDG_DATA_HOME", xdg.c_str(), 1);
    auto r = run({F(), "import", st::example_path()});
    ::unsetenv("XDG_DATA_HOME");
    REQUIRE(r.status == 0);
    std::string db = xdg + "/fidelity-workstation/workstation.db";
    REQUIRE(std::filesystem::exists(db));
    struct stat st {};
    ::stat((xdg + "/fidelity-workstation").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0700);
    ::stat(db.c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
    // score, which needs no database, creates nothing.
    st::TempDir other;
    ::setenv("XDG_DATA_HOME", other.file("xdg").c_str(), 1);
    CHECK(run({F(), "score", st::example_path()}).status == 0);
    ::unsetenv("XDG_DATA_HOME");
    CHECK_FALSE(std::filesystem::exists(other.file("xdg")));
}

TEST_CASE("cli: copy moves a laptop's reviews into another database and refuses a program in both") {
    st::TempDir dir;
    std::string from = dir.file("laptop.db"), to = dir.file("portfolio.db");
    auto id = id_line(run({F(), "import", st::example_path(), "--db", from}).out);
    auto r = run({F(), "copy", "--from", from, "--to", to});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out == "copied 1 program, 1 review and 2 audit rows into " + to + "\n");
    auto a = run({F(), "export", std::to_string(id), "--db", from});
    auto b = run({F(), "export", "1", "--db", to});
    CHECK(a.out == b.out);
    auto again = run({F(), "copy", "--from", from, "--to", to});
    CHECK(again.status == 2);
    CHECK(again.err.find("1 program is in both databases; nothing was copied") != std::string::npos);
    CHECK(again.err.find("Concord IPS Team (Piedmont Behavioral Health)") != std::string::npos);
}

TEST_CASE("cli: grant and revoke want a server, and --role lme-mco an LME-MCO") {
    st::TempDir dir;
    std::string db = dir.file("w.db");
    auto on_file = run({F(), "grant", "ana", "--role", "reviewer", "--db", db});
    CHECK(on_file.status == 2);
    CHECK(on_file.err.find("roles belong to a shared PostgreSQL database") != std::string::npos);
    CHECK(!std::filesystem::exists(db));
    CHECK(run({F(), "revoke", "ana", "--db", db}).status == 2);
    auto no_name = run({F(), "grant", "cardinal", "--role", "lme-mco", "--db", "postgresql://it@/fidelity"});
    CHECK(no_name.status == 2);
    CHECK(no_name.err.find("--lme-mco NAME") != std::string::npos);
    CHECK(run({F(), "grant", "ana", "--role", "owner", "--db", "postgresql://it@/fidelity"}).status == 2);
}

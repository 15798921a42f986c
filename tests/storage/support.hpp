#pragma once
// Shared by the storage tests: the catalog of the build tree, temporary
// folders, the example review, and running programs.
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/review.hpp"

namespace st {

fw::Catalog& catalog();
std::string example_path();  // docs/examples/concord-2026-final.json
fw::Review example();
// The example taken back to the scoring stage: no report dates, contests,
// amendments or action plan; every item still scored.
fw::Review scoring_example();

// A fresh folder, removed with everything in it at the end of the test.
struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path + "/" + name; }
    std::string path;
};

std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);

// Where a test's database lives: a file in `dir` (SQLite), or, when the
// suite runs against a server (FIDELITY_TEST_PG names the state file of
// pg-cluster.sh), a new database on it, the same one for the same dir and
// name. Tests that run on both backends open their databases through it.
std::string db_location(const TempDir& dir, const std::string& name = "w.db");
bool on_server();
// The server (tests with a server only): an address for `role` on
// database `db` (the superuser postgres by default).
std::string server_address(const std::string& db, const std::string& role = "postgres");
// Runs SQL on database `db` as the superuser.
void server_sql(const std::string& db, const std::string& sql);
// The database name of an address made by db_location.
std::string database_of(const std::string& address);

struct Run {
    int status = -1;  // exit status, or -1 when killed
    std::string out;
    std::string err;
};
// Runs a program (argv[0] is its path) without a shell and waits for it.
Run run(const std::vector<std::string>& argv);
std::string fidelity_bin();

}  // namespace st

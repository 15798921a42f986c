// Issue 10, as users meet it on the command line: what outputs refuse, that
// several outputs are written all or none, and that a failed write to
// standard output is an error for every command.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/process.hpp"

namespace fs = std::filesystem;
using test::bin;
using test::run;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";
const std::string kScale = std::string(FIDELITY_SOURCE_DIR) + "/scales/ips-se-25.toml";

struct Dir {
    fs::path path;
    Dir() {
        char tmpl[] = "/tmp/fidelity-outputs-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~Dir() { fs::remove_all(path); }
    std::string at(const std::string& name) const { return (path / name).string(); }
    std::string put(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return at(name);
    }
    size_t entries() const {
        size_t n = 0;
        for ([[maybe_unused]] auto& e : fs::directory_iterator(path)) ++n;
        return n;
    }
};

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string imported_db(const Dir& d) {
    std::string db = d.at("w.db");
    auto r = run({bin("fidelity"), "import", kSample, "--db", db, "--as", "Ana Ruiz"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return db;
}

}  // namespace

TEST_CASE("outputs: export refuses to replace the database it reads, by any name") {
    Dir d;
    std::string db = imported_db(d);
    std::string before = slurp(db);
    REQUIRE(link(db.c_str(), d.at("hard.db").c_str()) == 0);
    REQUIRE(symlink(db.c_str(), d.at("soft.db").c_str()) == 0);
    for (const std::string& target : {db, d.at("hard.db"), d.at("soft.db"), db + "-wal"}) {
        CAPTURE(target);
        auto r = run({bin("fidelity"), "export", "1", "--db", db, "-o", target});
        CHECK(r.status == 2);
        CHECK(has(r.err, "database in use"));
        CHECK(slurp(db) == before);
    }
    CHECK(run({bin("fidelity"), "list", "--db", db}).status == 0);
}

TEST_CASE("outputs: report refuses to replace its own input") {
    Dir d;
    std::string review = d.put("r.json", slurp(kSample));
    REQUIRE(symlink(review.c_str(), d.at("link.xlsx").c_str()) == 0);
    for (const std::string& target : {review, d.at("link.xlsx")}) {
        auto r = run({bin("fidelity"), "report", review, "--xlsx", target});
        CHECK(r.status == 2);
        CHECK(has(r.err, "review file this command reads"));
        CHECK(slurp(review) == slurp(kSample));
    }
    CHECK(d.entries() == 2);
}

TEST_CASE("outputs: not a regular file is refused and left as it was") {
    Dir d;
    REQUIRE(mkfifo(d.at("pipe.pdf").c_str(), 0600) == 0);
    auto r = run({bin("fidelity"), "report", kSample, "--pdf", d.at("pipe.pdf")});
    CHECK(r.status == 2);
    CHECK(has(r.err, "not a regular file"));
    CHECK(fs::is_fifo(d.at("pipe.pdf")));
    fs::create_directory(d.path / "dir.json");
    auto e = run({bin("fidelity"), "export", "1", "--db", imported_db(d), "-o", d.at("dir.json")});
    CHECK(e.status == 2);
    CHECK(fs::is_directory(d.at("dir.json")));
}

TEST_CASE("outputs: a symlink to a file is followed and stays a symlink") {
    Dir d;
    std::string real = d.put("real.pdf", "old");
    REQUIRE(symlink("real.pdf", d.at("link.pdf").c_str()) == 0);
    auto r = run({bin("fidelity"), "report", kSample, "--pdf", d.at("link.pdf")});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(fs::is_symlink(d.at("link.pdf")));
    CHECK(slurp(real).rfind("%PDF", 0) == 0);
    CHECK(d.entries() == 2);
}

TEST_CASE("outputs: names up to the file system's limit") {
    Dir d;
    long max = pathconf(d.path.c_str(), _PC_NAME_MAX);
    std::string name = d.at(std::string(size_t(max - 4), 'r') + ".pdf");
    auto r = run({bin("fidelity"), "report", kSample, "--pdf", name});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(slurp(name).rfind("%PDF", 0) == 0);
    CHECK(d.entries() == 1);
}

TEST_CASE("outputs: report with two outputs writes both or neither") {
    Dir d;
    // Their sizes first, to set a file-size limit (ulimit -f) between them.
    Dir sizes;
    REQUIRE(run({bin("fidelity"), "report", kSample, "--xlsx", sizes.at("r.xlsx"), "--action-plan", sizes.at("p.pdf")})
                .status == 0);
    auto small = fs::file_size(sizes.at("r.xlsx")), large = fs::file_size(sizes.at("p.pdf"));
    REQUIRE(small < large);
    std::string plan = d.put("plan.pdf", "old plan"), xlsx = d.put("r.xlsx", "old xlsx");
    // The action plan is larger than the process may write, the workbook is
    // not: the workbook, made first, must not have been replaced.
    auto r = run({"/usr/bin/prlimit", "--fsize=" + std::to_string((small + large) / 2), bin("fidelity"), "report",
                  kSample, "--xlsx", xlsx, "--action-plan", plan});
    CHECK(r.status == 1);
    CHECK(has(r.err, "plan.pdf"));
    CHECK(has(r.err, "File too large"));
    CHECK(slurp(plan) == "old plan");
    CHECK(slurp(xlsx) == "old xlsx");
    CHECK(d.entries() == 2);
    auto ok = run({bin("fidelity"), "report", kSample, "--action-plan", plan, "--xlsx", xlsx});
    CHECK_MESSAGE(ok.status == 0, ok.err);
    CHECK(slurp(plan).rfind("%PDF", 0) == 0);
    CHECK(slurp(xlsx).rfind("PK", 0) == 0);
    CHECK(d.entries() == 2);
}

TEST_CASE("outputs: a missing folder is exit 2 for export as for report") {
    Dir d;
    std::string db = imported_db(d);
    auto e = run({bin("fidelity"), "export", "1", "--db", db, "-o", d.at("missing/back.json")});
    CHECK(e.status == 2);
    CHECK(has(e.err, "does not exist"));
    auto r = run({bin("fidelity"), "report", kSample, "--pdf", d.at("missing/r.pdf")});
    CHECK(r.status == 2);
    CHECK(has(r.err, "does not exist"));
}

TEST_CASE("outputs: '-o -' and '--pdf -' write to standard output") {
    Dir d;
    std::string db = imported_db(d);
    auto e = run({bin("fidelity"), "export", "1", "--db", db, "-o", "-"});
    CHECK(e.status == 0);
    CHECK(e.out == run({bin("fidelity"), "export", "1", "--db", db}).out);
    CHECK(has(e.out, "\"ips-fidelity-review\""));
    auto r = run({bin("fidelity"), "report", kSample, "--pdf", "-"});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("%PDF", 0) == 0);
}

TEST_CASE("validate: a scale is told from a policy by its format key, not by its text") {
    Dir d;
    // A comment that names the policy format made the scale be read as a policy.
    std::string scale = d.put("ips-se-25.toml",
                              "# Policies (format \"ips-fidelity-policy\") name this scale.\n" + slurp(kScale));
    auto r = run({bin("fidelity"), "validate", scale});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out == "ok\n");
}

TEST_CASE("control characters: escaped as \\uXXXX in text output, kept exactly in the review file") {
    Dir d;
    std::string text = slurp(kSample);
    // A NUL, an escape sequence and a bell in the team's name; a NUL in evidence.
    const std::string team = "Concord IPS Team", odd = "Concord\\u0000 IPS\\u001b[31m Team\\u0007";
    text.replace(text.find(team), team.size(), odd);
    const std::string ev = "\"evidence\": \"";
    text.insert(text.find(ev) + ev.size(), "cut\\u0000here\\n");
    std::string review = d.put("odd.json", text);
    std::string db = d.at("w.db");

    auto s = run({bin("fidelity"), "score", review});
    CHECK_MESSAGE(s.status == 0, s.err);
    CHECK(has(s.out, "Concord\\u0000 IPS\\u001B[31m Team\\u0007 (Piedmont"));
    CHECK(s.out.find('\0') == std::string::npos);
    CHECK(s.out.find('\x1b') == std::string::npos);
    CHECK(s.out.find('\a') == std::string::npos);
    REQUIRE(run({bin("fidelity"), "import", review, "--db", db}).status == 0);
    auto l = run({bin("fidelity"), "list", "--db", db});
    CHECK(has(l.out, "Concord\\u0000 IPS\\u001B[31m Team\\u0007"));
    CHECK(l.out.find('\0') == std::string::npos);
    CHECK(l.out.find('\x1b') == std::string::npos);
    auto lj = run({bin("fidelity"), "list", "--db", db, "--json"});
    CHECK(has(lj.out, "Concord\\u0000 IPS\\u001b[31m Team\\u0007"));

    // The review file keeps the text exactly (JSON's own escapes).
    auto e = run({bin("fidelity"), "export", "1", "--db", db});
    REQUIRE(e.status == 0);
    CHECK(has(e.out, "Concord\\u0000 IPS\\u001b[31m Team\\u0007"));
    CHECK(has(e.out, "cut\\u0000here\\n"));
    CHECK(e.out.find('\0') == std::string::npos);

    // A value quoted in a message is escaped too.
    std::string bad = text;
    bad.replace(bad.find("\"subsequent\""), 12, "\"sub\\u001b[2J\"");
    auto v = run({bin("fidelity"), "validate", d.put("bad.json", bad)});
    CHECK(v.status == 2);
    CHECK(has(v.err, "\"sub\\u001B[2J\" is not initial"));
    CHECK(v.err.find('\x1b') == std::string::npos);
}

TEST_CASE("standard output: a failed write is exit 1 with a message, for every command") {
    Dir d;
    std::string db = imported_db(d);
    std::vector<std::vector<std::string>> commands = {
        {"score", kSample},
        {"score", kSample, "--json"},
        {"validate", kSample},
        {"validate", kScale},
        {"list", "--db", db},
        {"list", "--db", db, "--json"},
        {"diff", "1", "--db", db},
        {"export", "1", "--db", db},
        {"export", "1", "--db", db, "-o", "-"},
        {"report", kSample, "--pdf", d.at("r.pdf")},
        {"report", kSample, "--xlsx", "-"},
        {"--help"},
        {"--version"},
    };
    for (auto argv : commands) {
        argv.insert(argv.begin(), bin("fidelity"));
        CAPTURE(argv[1]);
        CAPTURE(argv.back());
        auto r = run(argv, "", "/dev/full");
        CHECK(r.status == 1);
        CHECK(has(r.err, "standard output"));
        // CLI11 flushes its help itself, so only the commands know why.
        if (argv[1][0] != '-') CHECK(has(r.err, "No space left on device"));
    }
    auto v = run({bin("fidelity"), "verify", d.at("r.pdf"), kSample}, "", "/dev/full");
    CHECK(v.status == 1);

    // The review is stored even so: the message says which id it got.
    auto i = run({bin("fidelity"), "import", kSample, "--db", db}, "", "/dev/full");
    CHECK(i.status == 1);
    CHECK(has(i.err, "review 2 was stored, but writing its id to standard output failed: No space left on device"));
    CHECK(has(run({bin("fidelity"), "list", "--db", db, "--json"}).out, "\"id\":2"));
}

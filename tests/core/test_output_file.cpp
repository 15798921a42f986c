// The one output writer (core/output_file.hpp): what it refuses, what it
// replaces, and that a failure leaves everything as it was. On Linux, and on
// Windows under Wine (where the temporary folder is under the user
// "José Núñez"); what only one of them has is tested on that one.
#include <doctest/doctest.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#endif

#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"

namespace fs = std::filesystem;
namespace pf = fw::platform;

namespace {

struct Dir {
    fs::path path;
    Dir() {
        path = fs::temp_directory_path() / ("fidelity-out-" + std::to_string(std::random_device{}()));
        fs::create_directory(path);
    }
    ~Dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    // UTF-8, as the writer takes names.
    std::string at(const std::string& name) const { return pf::to_utf8(path / pf::to_path(name)); }
    std::string put(const std::string& name, const std::string& text) const {
        std::ofstream(path / pf::to_path(name), std::ios::binary) << text;
        return at(name);
    }
    // Every name in the folder: a temporary file left behind shows here.
    size_t entries() const {
        size_t n = 0;
        for ([[maybe_unused]] auto& e : fs::directory_iterator(path)) ++n;
        return n;
    }
};

std::string slurp(const std::string& p) { return fw::read_text_file(p); }

}  // namespace

TEST_CASE("output writer: a whole file, written and replaced, in a folder that exists") {
    Dir d;
    std::string path = d.at("out.json");
    fw::write_output(path, "first", {});
    CHECK(slurp(path) == "first");
    fw::write_output(path, "second", {});
    CHECK(slurp(path) == "second");
    CHECK_THROWS_AS(fw::write_output(d.at("missing/x.json"), "x", {}), fw::InputError);
    CHECK(d.entries() == 1);
}

#ifndef _WIN32
TEST_CASE("output writer: the user's umask for a new file, the old mode for a replaced one") {
    Dir d;
    std::string path = d.at("out.json");
    mode_t old = umask(077);
    fw::write_output(path, "private", {});
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    umask(022);
    fw::write_output(d.at("new.json"), "shared", {});
    REQUIRE(stat(d.at("new.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    fw::write_output(path, "again", {});
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    umask(old);
    CHECK(slurp(path) == "again");
    CHECK_THROWS_AS(fw::write_output(d.at("missing/x.json"), "x", {}), fw::InputError);
    CHECK(d.entries() == 2);
}
#endif

TEST_CASE("output writer: refuses the files to keep, by identity (hard link, symlink, other spelling)") {
    Dir d;
    std::string db = d.put("work.db", "database");
    fw::KeepFiles keep;
    keep.add(db, "the database in use");
    fs::create_hard_link(d.path / "work.db", d.path / "hard.db");
    fs::create_directory(d.path / "sub");
    std::vector<std::string> names = {db, d.at("hard.db"), d.at("./sub/../work.db")};
#ifndef _WIN32
    // Windows lets only administrators (or developer mode) make symbolic links.
    REQUIRE(symlink(db.c_str(), d.at("soft.db").c_str()) == 0);
    names.push_back(d.at("soft.db"));
#endif
    for (const std::string& name : names) {
        CAPTURE(name);
        try {
            fw::write_output(name, "review", keep);
            FAIL("not refused");
        } catch (const fw::InputError& e) {
            CHECK(std::string(e.what()).find("the database in use") != std::string::npos);
        }
        CHECK(slurp(db) == "database");
    }
#ifndef _WIN32
    CHECK(fs::is_symlink(d.at("soft.db")));
#endif
}

TEST_CASE("output writer: refuses what is not a regular file, and a read-only file") {
    Dir d;
    fs::create_directory(d.path / "folder");
    CHECK_THROWS_AS(fw::write_output(d.at("folder"), "x", {}), fw::InputError);
    CHECK_THROWS_AS(fw::write_output(d.at("folder/"), "x", {}), fw::InputError);
    CHECK(fs::is_directory(d.path / "folder"));
    std::string ro = d.put("ro.pdf", "old");
    fs::permissions(d.path / "ro.pdf", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    CHECK_THROWS_AS(fw::write_output(ro, "new", {}), fw::InputError);
    CHECK(slurp(ro) == "old");
    // Windows will not remove a read-only file either.
    fs::permissions(d.path / "ro.pdf", fs::perms::owner_write, fs::perm_options::add);
#ifdef _WIN32
    // Windows' devices: NUL here, and in any folder.
    CHECK_THROWS_AS(fw::write_output("NUL", "x", {}), fw::InputError);
    CHECK_THROWS_AS(fw::write_output(d.at("folder\\NUL"), "x", {}), fw::InputError);
    CHECK_THROWS_AS(fw::write_output(d.at("folder\\"), "x", {}), fw::InputError);
    CHECK(d.entries() == 2);
#else
    REQUIRE(mkfifo(d.at("fifo").c_str(), 0600) == 0);
    CHECK_THROWS_AS(fw::write_output(d.at("fifo"), "x", {}), fw::InputError);
    CHECK(fs::is_fifo(d.at("fifo")));
    if (geteuid() == 0) {
        // As root a device node in the way would have become a regular file.
        REQUIRE(mknod(d.at("full").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0);
        CHECK_THROWS_AS(fw::write_output(d.at("full"), "x", {}), fw::InputError);
        struct stat st {};
        REQUIRE(lstat(d.at("full").c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
    }
#endif
}

#ifndef _WIN32
TEST_CASE("output writer: a symlink to a file is followed, the file replaced and the symlink kept") {
    Dir d;
    fs::create_directory(d.path / "real");
    std::string target = d.put("real/report.pdf", "old");
    REQUIRE(symlink("real/report.pdf", d.at("link.pdf").c_str()) == 0);
    REQUIRE(symlink("link.pdf", d.at("link2.pdf").c_str()) == 0);
    fw::write_output(d.at("link2.pdf"), "new", {});
    CHECK(fs::is_symlink(d.at("link.pdf")));
    CHECK(fs::is_symlink(d.at("link2.pdf")));
    CHECK(slurp(target) == "new");
    CHECK(d.entries() == 3);
    REQUIRE(symlink("loop-b", d.at("loop-a").c_str()) == 0);
    REQUIRE(symlink("loop-a", d.at("loop-b").c_str()) == 0);
    CHECK_THROWS_AS(fw::write_output(d.at("loop-a"), "x", {}), fw::InputError);
}

TEST_CASE("output writer: names up to the file system's limit") {
    Dir d;
    long max = pathconf(d.path.c_str(), _PC_NAME_MAX);
    REQUIRE(max > 10);
    for (long len : {max - 11, max - 5, max}) {
        std::string name = std::string(size_t(len - 4), 'n') + ".pdf";
        CAPTURE(len);
        fw::write_output(d.at(name), "bytes", {});
        CHECK(slurp(d.at(name)) == "bytes");
        fw::write_output(d.at(name), "again", {});
        CHECK(slurp(d.at(name)) == "again");
    }
    // A name of multi-byte characters is cut between characters.
    std::string wide;
    while (wide.size() + 2 <= size_t(max) - 4) wide += "\xc3\xa9";
    fw::write_output(d.at(wide + ".pdf"), "accents", {});
    CHECK(slurp(d.at(wide + ".pdf")) == "accents");
    CHECK(d.entries() == 4);
}
#endif

TEST_CASE("output writer: several outputs are written all or none") {
    Dir d;
    std::string a = d.put("a.pdf", "old a"), b = d.put("b.xlsx", "old b");
    // The second output is refused: the first is not written either.
    fs::create_directory(d.path / "c.xlsx");
    CHECK_THROWS_AS(fw::write_outputs({{a, "new a"}, {d.at("c.xlsx"), "new c"}}, {}), fw::InputError);
    CHECK(slurp(a) == "old a");
    CHECK_THROWS_AS(fw::write_outputs({{a, "new a"}, {d.at("./a.pdf"), "again"}}, {}), fw::InputError);
    CHECK(slurp(a) == "old a");

#ifdef _WIN32
    // The second output is open in another program that does not share it
    // (as Excel holds a workbook): refused before anything is written.
    HANDLE held = CreateFileW(pf::to_path(b).c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr);
    REQUIRE(held != INVALID_HANDLE_VALUE);
    try {
        fw::write_outputs({{a, "new a"}, {b, "new b"}}, {});
        FAIL("not refused");
    } catch (const fw::InputError& e) {
        CHECK(std::string(e.what()).find("open in another program") != std::string::npos);
    }
    CloseHandle(held);
#else
    // The second output cannot be written (larger than the process may
    // write): the first stays as it was, and no temporary file is left.
    auto previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
    rlimit small = old;
    small.rlim_cur = 1000;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    CHECK_THROWS_AS(fw::write_outputs({{a, "new a"}, {b, std::string(5000, 'b')}}, {}), std::runtime_error);
    REQUIRE(setrlimit(RLIMIT_FSIZE, &old) == 0);
    std::signal(SIGXFSZ, previous);
#endif
    CHECK(slurp(a) == "old a");
    CHECK(slurp(b) == "old b");
    CHECK(d.entries() == 3);

    fw::write_outputs({{a, "new a"}, {b, "new b"}, {d.at("new.pdf"), "new"}}, {});
    CHECK(slurp(a) == "new a");
    CHECK(slurp(b) == "new b");
    CHECK(slurp(d.at("new.pdf")) == "new");
    CHECK(d.entries() == 4);
}

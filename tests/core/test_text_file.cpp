#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "core/text_file.hpp"

namespace fs = std::filesystem;

TEST_CASE("atomic writes: whole file, the user's umask, nothing left on failure") {
    char tmpl[] = "/tmp/fidelity-text-XXXXXX";
    fs::path dir = mkdtemp(tmpl);
    std::string path = (dir / "out.json").string();
    mode_t old = umask(077);
    fw::write_file_atomically(path, "private");
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    umask(022);
    fw::write_file_atomically(path, "shared");
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    umask(old);
    CHECK(fw::read_text_file(path) == "shared");
    CHECK_THROWS(fw::write_file_atomically((dir / "missing" / "x.json").string(), "x"));
    size_t entries = 0;
    for (auto& e : fs::directory_iterator(dir)) entries += e.is_regular_file();
    CHECK(entries == 1);  // no temporary file left behind
    CHECK_THROWS_AS(fw::read_text_file(path, 3), fw::InputError);  // larger than allowed
    fs::remove_all(dir);
}

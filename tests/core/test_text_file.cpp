#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/text_file.hpp"

namespace fs = std::filesystem;

TEST_CASE("reading refuses a file larger than allowed") {
    char tmpl[] = "/tmp/fidelity-text-XXXXXX";
    fs::path dir = mkdtemp(tmpl);
    std::string path = (dir / "in.json").string();
    std::ofstream(path) << "four";
    CHECK(fw::read_text_file(path) == "four");
    CHECK_THROWS_AS(fw::read_text_file(path, 3), fw::InputError);
    CHECK_THROWS_AS(fw::read_text_file(dir.string()), fw::InputError);
    fs::remove_all(dir);
}

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"

namespace fs = std::filesystem;

TEST_CASE("reading refuses a file larger than allowed") {
    fs::path dir = fs::temp_directory_path() / ("fidelity-text-" + std::to_string(std::random_device{}()));
    fs::create_directory(dir);
    std::ofstream(dir / "in.json") << "four";
    std::string path = fw::platform::to_utf8(dir / "in.json");
    CHECK(fw::read_text_file(path) == "four");
    CHECK_THROWS_AS(fw::read_text_file(path, 3), fw::InputError);
    CHECK_THROWS_AS(fw::read_text_file(fw::platform::to_utf8(dir)), fw::InputError);
    fs::remove_all(dir);
}

// Issue 10: every whole number of a scale or policy file is read as TOML's
// 64-bit integer and checked against what it can mean before it becomes an
// int; a value beyond that is a problem at its line and column.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "core/scale.hpp"
#include "support.hpp"

using namespace fw;

namespace {

const std::string kPolicy = std::string(FIDELITY_SOURCE_DIR) + "/scales/policies/nc-2016.toml";
const std::string kScale = std::string(FIDELITY_SOURCE_DIR) + "/scales/ips-se-25.toml";

// The file with `from` (at its `nth` place) replaced by `to`; the first
// problem and the line `to` is on.
std::string first_problem(const std::string& path, const std::string& from, const std::string& to, int& line,
                          int nth = 1) {
    std::string t = test::slurp(path);
    std::size_t pos = std::string::npos;
    for (int i = 0; i < nth; ++i) pos = t.find(from, pos == std::string::npos ? 0 : pos + 1);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    t.replace(pos, from.size(), to);
    line = 1 + int(std::count(t.begin(), t.begin() + long(pos), '\n'));
    try {
        if (path == kScale) parse_scale(t, "ips-se-25.toml");
        else parse_policy(t, "nc-2016.toml");
    } catch (const InputError& e) {
        return e.lines().front();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("policy numbers: beyond an int or beyond their meaning, refused at their place") {
    int line = 0;
    // 4294967421 was cut to 125 and validated as ok.
    std::string m = first_problem(kPolicy, "max_total = 125", "max_total = 4294967421", line);
    CHECK(m.rfind("nc-2016.toml:" + std::to_string(line) + ":13: tier exemplary: 'max_total' must be from 0 to", 0) ==
          0);
    CHECK(m.find("not 4294967421") != std::string::npos);
    // 2147483647 overflowed when the next tier's min_total was worked out.
    m = first_problem(kPolicy, "max_total = 99", "max_total = 2147483647", line);
    CHECK(m.rfind("nc-2016.toml:" + std::to_string(line) + ":13: tier fair: 'max_total' must be from 0 to", 0) == 0);
    m = first_problem(kPolicy, "min_total = 25", "min_total = -9223372036854775808", line);
    CHECK(m.rfind("nc-2016.toml:" + std::to_string(line) + ":", 0) == 0);
    CHECK(m.find("'min_total' must be from 0 to") != std::string::npos);
    m = first_problem(kPolicy, "limit = 3", "limit = 4294967299", line);
    CHECK(m.rfind("nc-2016.toml:" + std::to_string(line) + ":9: contests: 'limit' must be from 0 to 25", 0) == 0);
    m = first_problem(kPolicy, "within_days = 180", "within_days = 4294967476", line);
    CHECK(m.find("'within_days' must be from 1 to 3660") != std::string::npos);
    m = first_problem(kPolicy, "at_least = 80", "at_least = inf", line);
    CHECK(m.rfind("nc-2016.toml:" + std::to_string(line) + ":", 0) == 0);
    CHECK(m.find("'at_least' must be a finite number") != std::string::npos);
    m = first_problem(kPolicy, "version = 1", "version = 9223372036854775807", line);
    CHECK(m.find("version 9223372036854775807 is not supported") != std::string::npos);
}

TEST_CASE("scale numbers: item_count beyond its meaning is refused at its place") {
    int line = 0;
    std::string m = first_problem(kScale, "item_count = 25", "item_count = 4294967321", line);
    CHECK(m.rfind("ips-se-25.toml:" + std::to_string(line) + ":14: 'item_count' must be from 1 to", 0) == 0);
    m = first_problem(kScale, "at_least = 10", "at_least = nan", line);
    CHECK(m.find("'at_least' must be a finite number") != std::string::npos);
}

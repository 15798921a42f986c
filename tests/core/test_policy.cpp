#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "support.hpp"

using namespace fw;

TEST_CASE("policies: both NC editions load, with the same tiers") {
    for (const char* id : {"nc-2016", "nc-2020"}) {
        const Policy& p = test::ips().policy(id);
        CHECK(p.applies_to("ips-se-25"));
        CHECK(p.contests.limit == 3);
        REQUIRE(p.tiers.size() == 4);
        CHECK(p.tier_for(25)->id == "none");
        CHECK(p.tier_for(73)->id == "none");
        CHECK(p.tier_for(74)->id == "fair");
        CHECK(p.tier_for(99)->id == "fair");
        CHECK(p.tier_for(100)->id == "good");
        CHECK(p.tier_for(114)->id == "good");
        CHECK(p.tier_for(115)->id == "exemplary");
        CHECK(p.tier_for(125)->id == "exemplary");
        CHECK(p.tier_for(24) == nullptr);
        CHECK(p.tier_for(126) == nullptr);
    }
    const Policy& p16 = test::ips().policy("nc-2016");
    CHECK_FALSE(p16.find_tier("none")->next_review.has_value());
    CHECK(p16.find_tier("fair")->next_review->earliest_months == 6);
    CHECK(p16.find_tier("fair")->next_review->latest_months == 6);
    CHECK(p16.find_tier("good")->next_review->latest_months == 12);
    CHECK(p16.find_tier("exemplary")->next_review->latest_months == 12);
    CHECK(p16.find_tier("fair")->action_plan == ActionPlanNeed::required);
    REQUIRE(p16.reevaluation.has_value());
    CHECK(p16.reevaluation->min_total == 60);
    CHECK(p16.reevaluation->max_total == 73);
    CHECK(p16.reevaluation->within_days == 180);
    CHECK(p16.reevaluation->criteria.size() == 3);
    CHECK(p16.action_plan_after_first_review_days == 30);

    const Policy& p20 = test::ips().policy("nc-2020");
    CHECK(p20.find_tier("none")->next_review->earliest_months == 6);
    CHECK(p20.find_tier("none")->next_review->condition == "if approved");
    CHECK(p20.find_tier("fair")->next_review->latest_months == 12);
    CHECK(p20.find_tier("good")->next_review->earliest_months == 12);
    CHECK(p20.find_tier("good")->next_review->latest_months == 18);
    CHECK(p20.find_tier("exemplary")->next_review->earliest_months == 18);
    CHECK_FALSE(p20.reevaluation.has_value());
}

TEST_CASE("policies: unknown ids are named") {
    CHECK_THROWS_AS(test::ips().policy("nc-1999"), NotInCatalog);
    CHECK_THROWS_AS(test::ips().policy("../etc/passwd"), NotInCatalog);
    CHECK_THROWS_AS(test::ips().scale("no-such-scale"), NotInCatalog);
}

namespace {

const std::string& nc2020_text() {
    static std::string t = test::slurp(std::string(FIDELITY_SOURCE_DIR) + "/scales/policies/nc-2020.toml");
    return t;
}

std::string policy_error(const std::string& from, const std::string& to, int* line = nullptr) {
    std::string t = nc2020_text();
    auto pos = t.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    t.replace(pos, from.size(), to);
    if (line) *line = 1 + int(std::count(t.begin(), t.begin() + long(pos), '\n'));
    try {
        parse_policy(t, "scales/policies/nc-2020.toml");
    } catch (const InputError& e) {
        return e.lines().front();
    }
    FAIL("accepted");
    return {};
}

}  // namespace

TEST_CASE("policy validation names the line") {
    int line = 0;
    std::string m = policy_error("min_total = 74", "min_total = 75", &line);
    CHECK(m.rfind("scales/policies/nc-2020.toml:", 0) == 0);
    CHECK(m.find("min_total must be 74") != std::string::npos);

    m = policy_error("min_total = 100", "min_total = 99");
    CHECK(m.find("min_total must be 100") != std::string::npos);

    m = policy_error("next_review = { earliest_months = 12, latest_months = 18 }",
                     "next_review = { earliest_months = 18, latest_months = 12 }", &line);
    CHECK(m.find(":" + std::to_string(line) + ":") != std::string::npos);
    CHECK(m.find("earliest not after latest") != std::string::npos);

    m = policy_error("limit = 3", "limit = \"three\"", &line);
    CHECK(m.find("nc-2020.toml:" + std::to_string(line) + ":") == 0 + m.find("nc-2020.toml:"));
    CHECK(m.find("'limit' must be a whole number") != std::string::npos);

    m = policy_error("action_plan = \"optional\"", "action_plan = \"maybe\"");
    CHECK(m.find("action_plan must be \"required\" or \"optional\"") != std::string::npos);

    m = policy_error("[contests]", "[contest]");
    CHECK(m.find("unknown key 'contest'") != std::string::npos);

    m = policy_error("id = \"nc-2020\"", "id = \"nc-2021\"");
    CHECK(m.find("does not match the file name") != std::string::npos);
}

TEST_CASE("a policy whose tiers do not cover the scale is refused") {
    Policy p = test::ips().policy("nc-2020");
    p.tiers.front().min_total = 30;
    CHECK_THROWS_AS(check_policy_covers(p, test::ips().scale("ips-se-25")), InputError);
    CHECK_NOTHROW(check_policy_covers(test::ips().policy("nc-2016"), test::ips().scale("ips-se-25")));
}

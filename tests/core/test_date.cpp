#include <doctest/doctest.h>

#include "core/date.hpp"

using fw::Date;

static Date d(const char* s) {
    auto v = Date::parse(s);
    REQUIRE_MESSAGE(v.has_value(), s);
    return *v;
}

TEST_CASE("dates: strict ISO parsing") {
    CHECK(Date::parse("2026-03-02").has_value());
    CHECK(d("2024-02-29").iso() == "2024-02-29");
    CHECK_FALSE(Date::parse("2026-02-29").has_value());  // not a leap year
    CHECK_FALSE(Date::parse("2100-02-29").has_value());  // century, not leap
    CHECK(Date::parse("2000-02-29").has_value());        // 400-year rule
    CHECK_FALSE(Date::parse("2026-04-31").has_value());
    CHECK_FALSE(Date::parse("2026-13-01").has_value());
    CHECK_FALSE(Date::parse("2026-00-10").has_value());
    CHECK_FALSE(Date::parse("2026-01-00").has_value());
    CHECK_FALSE(Date::parse("2026-1-05").has_value());
    CHECK_FALSE(Date::parse("2026-01-05T00:00").has_value());
    CHECK_FALSE(Date::parse(" 2026-01-05").has_value());
    CHECK_FALSE(Date::parse("26-01-05").has_value());
    CHECK_FALSE(Date::parse("").has_value());
    CHECK_FALSE(Date::parse("1899-12-31").has_value());
    CHECK_FALSE(Date::parse("3000-01-01").has_value());
    CHECK_FALSE(Date::parse("2026/01/05").has_value());
    CHECK_FALSE(Date::parse("+026-01-05").has_value());
}

TEST_CASE("dates: adding months keeps the day or takes the month's last day") {
    CHECK(d("2026-04-17").plus_months(6).iso() == "2026-10-17");
    CHECK(d("2026-04-17").plus_months(12).iso() == "2027-04-17");
    CHECK(d("2026-08-31").plus_months(6).iso() == "2027-02-28");   // the spec's example
    CHECK(d("2027-08-31").plus_months(6).iso() == "2028-02-29");   // into a leap February
    CHECK(d("2024-02-29").plus_months(12).iso() == "2025-02-28");  // leap day, one year on
    CHECK(d("2024-02-29").plus_months(48).iso() == "2028-02-29");
    CHECK(d("2026-01-31").plus_months(1).iso() == "2026-02-28");
    CHECK(d("2026-03-31").plus_months(6).iso() == "2026-09-30");
    CHECK(d("2026-05-31").plus_months(18).iso() == "2027-11-30");
    CHECK(d("2026-12-31").plus_months(1).iso() == "2027-01-31");   // year carry
    CHECK(d("2026-07-15").plus_months(18).iso() == "2028-01-15");
    CHECK(d("2026-01-30").plus_months(-1).iso() == "2025-12-30");
    CHECK(d("2026-06-30").plus_months(6).iso() == "2026-12-30");   // 30 stays 30
}

TEST_CASE("dates: days") {
    CHECK(d("2026-04-17").plus_days(180).iso() == "2026-10-14");
    CHECK(d("2024-01-01").plus_days(180).iso() == "2024-06-29");   // leap year counts Feb 29
    CHECK(d("2023-01-01").plus_days(180).iso() == "2023-06-30");
    CHECK(d("2026-12-31").plus_days(1).iso() == "2027-01-01");
    CHECK(d("2026-03-20").days_since(d("2026-03-02")) == 18);
    CHECK(d("2026-03-02").days_since(d("2026-03-20")) == -18);
    CHECK(d("2026-03-02") < d("2026-03-03"));
    CHECK(d("2026-03-02") == d("2026-03-02"));
}

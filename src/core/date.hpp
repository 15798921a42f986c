#pragma once
// Calendar dates (no time of day, no time zone): visit dates, report dates,
// due dates. Stored and exchanged as ISO YYYY-MM-DD.
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace fw {

class Date {
public:
    Date() = default;  // 1970-01-01, only as a placeholder
    // Throws std::invalid_argument for a day that does not exist.
    Date(int year, unsigned month, unsigned day);

    // Strict ISO 8601 calendar date: exactly "YYYY-MM-DD", a real day, year 1900-2999.
    static std::optional<Date> parse(std::string_view text);
    static Date today();  // the local calendar date

    std::string iso() const;
    int year() const;
    unsigned month() const;
    unsigned day() const;

    // Calendar-month arithmetic: keeps the day of the month, or takes the
    // month's last day where that day does not exist (08-31 + 6 -> 02-28/29).
    Date plus_months(int months) const;
    Date plus_days(int days) const;
    // Whole days from `earlier` to this date (negative when this is earlier).
    int days_since(Date earlier) const;

    auto operator<=>(const Date&) const = default;
    bool operator==(const Date&) const = default;

private:
    explicit Date(std::chrono::sys_days d) : days_(d) {}
    std::chrono::sys_days days_{};
};

}  // namespace fw

#include "date.hpp"

#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "platform/platform.hpp"

namespace fw {
namespace chr = std::chrono;

Date::Date(int year, unsigned month, unsigned day) {
    chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok()) throw std::invalid_argument("no such day");
    days_ = chr::sys_days{ymd};
}

std::optional<Date> Date::parse(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    auto digits = [&](size_t from, size_t n, int& out) {
        out = 0;
        for (size_t i = from; i < from + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            out = out * 10 + (t[i] - '0');
        }
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
    if (y < 1900 || y > 2999) return std::nullopt;
    chr::year_month_day ymd{chr::year{y}, chr::month{unsigned(m)}, chr::day{unsigned(d)}};
    if (!ymd.ok()) return std::nullopt;
    return Date(chr::sys_days{ymd});
}

Date Date::today() {
    std::time_t now = std::time(nullptr);
    std::tm local = platform::local_time(now);
    return Date(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
}

std::string Date::iso() const {
    chr::year_month_day ymd{days_};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

int Date::year() const { return int(chr::year_month_day{days_}.year()); }
unsigned Date::month() const { return unsigned(chr::year_month_day{days_}.month()); }
unsigned Date::day() const { return unsigned(chr::year_month_day{days_}.day()); }

Date Date::plus_months(int months) const {
    chr::year_month_day ymd{days_};
    // year_month arithmetic carries the year; then clamp the day to the month.
    chr::year_month ym = chr::year_month{ymd.year(), ymd.month()} + chr::months{months};
    chr::day last = chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}}.day();
    chr::day d = ymd.day() > last ? last : ymd.day();
    return Date(chr::sys_days{chr::year_month_day{ym.year(), ym.month(), d}});
}

Date Date::plus_days(int days) const { return Date(days_ + chr::days{days}); }

int Date::days_since(Date earlier) const { return int((days_ - earlier.days_).count()); }

}  // namespace fw

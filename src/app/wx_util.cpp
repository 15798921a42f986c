#include "wx_util.hpp"

#include <wx/numformatter.h>

#include <charconv>
#include <cmath>

namespace fw::app {

std::optional<double> parse_number(const wxString& text) {
    std::string s = S(text);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    if (s.empty()) return std::nullopt;
    for (char& c : s)
        if (c == ',') c = '.';
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

wxString show_number(double v, int max_decimals) {
    return wxNumberFormatter::ToString(v, max_decimals, wxNumberFormatter::Style_NoTrailingZeroes);
}

}  // namespace fw::app

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
    // The locale's decimal mark is decimal. The other mark (',' or '.')
    // groups thousands when three digits follow it ("1,200"), and is taken
    // as decimal otherwise ("2,5" typed on a '.' keyboard).
    const char d = char(wxNumberFormatter::GetDecimalSeparator());
    const bool has_dec = s.find(d) != std::string::npos;
    auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    std::string t;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == d) {
            t += '.';
        } else if (c == ',' || c == '.') {
            bool grouping = i > 0 && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4);
            if (grouping) continue;
            t += has_dec ? c : '.';  // a second decimal mark fails to parse below
        } else {
            t += c;
        }
    }
    s = t;
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

wxString item_label(const Scale& scale, const std::string& item, bool with_name) {
    const Item* it = scale.find(item);
    if (!it) return U(item);
    const Section* section = scale.find_section(it->section);
    wxString out = (section ? U(section->name) : U(it->section)) + wxString::Format(" %d", it->number);
    if (with_name) out += wxString::FromUTF8(" \xE2\x80\x94 ") + U(it->name);
    return out;
}

wxString show_time(const std::string& utc_iso) {
    wxDateTime t;
    wxString::const_iterator end;
    wxString text = U(utc_iso);
    if (!t.ParseFormat(text, "%Y-%m-%dT%H:%M:%S", &end)) return text;
    t.MakeFromTimezone(wxDateTime::UTC);
    return t.FormatDate() + " " + t.Format("%H:%M");
}

wxString show_number(double v, int max_decimals) {
    return wxNumberFormatter::ToString(v, max_decimals, wxNumberFormatter::Style_NoTrailingZeroes);
}

}  // namespace fw::app

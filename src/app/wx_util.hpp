#pragma once
// Small bridges between the core's types and wx: UTF-8 strings, ISO dates
// shown in the user's locale, numbers typed with either decimal mark.
#include <wx/datetime.h>
#include <wx/string.h>

#include <optional>
#include <string>

#include "core/date.hpp"
#include "core/scale.hpp"

namespace fw::app {

inline wxString U(const std::string& s) { return wxString::FromUTF8(s.data(), s.size()); }
inline std::string S(const wxString& s) { return s.utf8_string(); }

inline wxDateTime to_wx(Date d) { return wxDateTime(wxDateTime::wxDateTime_t(d.day()), wxDateTime::Month(d.month() - 1), d.year()); }
inline Date from_wx(const wxDateTime& d) { return Date(d.GetYear(), unsigned(d.GetMonth()) + 1, d.GetDay()); }

// A date as the user's locale writes it (stored as ISO all the same).
inline wxString show(Date d) { return to_wx(d).FormatDate(); }
inline wxString show(const std::optional<Date>& d, const wxString& none = wxString::FromUTF8("\xE2\x80\x94")) {
    return d ? show(*d) : none;
}

// A moment stored as UTC ISO 8601 ("2026-03-02T14:05:33.120Z"), in local
// time with the locale's date ("03/02/2026 09:05").
wxString show_time(const std::string& utc_iso);

// An item as people name it: "Staffing 1 — Caseload size" (its id when
// the scale does not know it). `with_name` false: "Staffing 1".
wxString item_label(const Scale& scale, const std::string& item, bool with_name = true);

// "37", "2.5" or "2,5" -> number; nullopt for anything else.
std::optional<double> parse_number(const wxString& text);
// A figure in the user's locale ("18.5" or "18,5").
wxString show_number(double v, int max_decimals = 2);

}  // namespace fw::app

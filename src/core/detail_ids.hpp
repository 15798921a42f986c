#pragma once
#include <string_view>

namespace fw::detail {
// An id that can safely become a file name: no path separators, no dots.
inline bool is_safe_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}
}  // namespace fw::detail

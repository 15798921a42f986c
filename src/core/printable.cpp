#include "printable.hpp"

#include <cstdio>

namespace fw {

namespace {

void escape(std::string& out, unsigned code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04X", code);
    out += buf;
}

// Length of the UTF-8 sequence starting at `s[i]`, 0 if it is not one.
std::size_t sequence(std::string_view s, std::size_t i, unsigned& code) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    code = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < least[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string printable(std::string_view text, bool multiline) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        unsigned code = 0;
        std::size_t n = sequence(text, i, code);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        bool kept_in_lines = code == '\n' || code == '\t' ||
                             (code == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
        if (code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0x9F)) {
            if (multiline && kept_in_lines) out += char(code);
            else escape(out, code);
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace fw

#include "canvas.hpp"

#include "core/printable.hpp"

namespace fw::reports {

namespace {
// A line or rectangle: x, y and (x2, y2) = the end point or the size.
Op shape(Op::Kind kind, double x, double y, double x2, double y2) {
    Op op;
    op.kind = kind;
    op.x = x;
    op.y = y;
    op.x2 = x2;
    op.y2 = y2;
    return op;
}
}  // namespace

const char* tag_name(Tag t) {
    static const char* const names[] = {"Document", "Sect", "H1", "H2", "H3",   "H4",    "P",     "L",      "LI",     "Lbl",
                                        "LBody",    "Table", "THead", "TBody", "TR", "TH", "TD", "Figure", "Caption"};
    return names[int(t)];
}

void Page::text(double x, double y, std::string t, Font font, double size, Color color, Direction dir) {
    Op op = shape(Op::Kind::text, x, y, 0, 0);
    op.node = node;
    op.artifact = artifact;
    op.dir = dir;
    op.text = std::move(t);
    op.font = font;
    op.size = size;
    op.color = color;
    ops.push_back(std::move(op));
}

void Page::tag_shape(Op& op) const {
    op.node = shapes_in_node ? node : -1;
    op.artifact = artifact;
}

void Page::line(double x1, double y1, double x2, double y2, double width, Color color, bool dashed) {
    Op op = shape(Op::Kind::line, x1, y1, x2, y2);
    op.line_width = width;
    op.stroke = color;
    op.dashed = dashed;
    tag_shape(op);
    ops.push_back(std::move(op));
}

void Page::rect(double x, double y, double w, double h, Color fill) {
    Op op = shape(Op::Kind::rect, x, y, w, h);
    op.color = fill;
    tag_shape(op);
    ops.push_back(std::move(op));
}

void Page::frame(double x, double y, double w, double h, double width, Color stroke) {
    Op op = shape(Op::Kind::rect, x, y, w, h);
    op.fill = false;
    op.outline = true;
    op.stroke = stroke;
    op.line_width = width;
    tag_shape(op);
    ops.push_back(std::move(op));
}

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point; invalid or overlong sequences give U+FFFD and
// consume one byte, so the caller always advances.
char32_t decode(std::string_view s, size_t& i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (len == 0 || i + size_t(len) > s.size()) {
        ++i;
        return kReplacement;
    }
    char32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
        unsigned char cc = byte(i + size_t(k));
        if ((cc & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += size_t(len);
    return cp;
}

void encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

}  // namespace

char32_t next_code_point(std::string_view s, size_t& i) { return decode(s, i); }

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        char32_t cp = decode(s, i);
        if (cp == '\r') {
            if (i < s.size() && s[i] == '\n') continue;  // CR LF -> LF
            cp = '\n';
        }
        if (cp == '\t') cp = ' ';
        if (cp == '\n') {
            out += '\n';
            continue;
        }
        if (cp == 0xFEFF) continue;  // a byte-order mark is not text
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            // The one rule for control characters (core/printable): shown,
            // as \uXXXX, in every output; a NUL cuts nothing.
            std::string one;
            encode(cp, one);
            out += printable(one);
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            out += '\n';
            continue;
        }
        encode(cp, out);
    }
    return out;
}

}  // namespace fw::reports

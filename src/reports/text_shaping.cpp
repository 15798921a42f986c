#include "text_shaping.hpp"

#include <fribidi.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#ifdef FIDELITY_HAVE_FONTCONFIG
#include <fontconfig/fontconfig.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace fw::reports {

namespace fs = std::filesystem;

struct FontFace {
    std::string path;
    unsigned index = 0;
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;  // scale = units per em; immutable once made, so shared by threads
    FaceMetrics metrics;
    bool bold = false;
    // The main fonts draw most text without HarfBuzz: the glyph and advance
    // of each code point below kFast, 0 when the font has none.
    std::vector<std::pair<unsigned, int>> fast;

    FontFace() = default;
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;
    // Faces live until the process's statics go; freed then, so that a
    // leak checker sees nothing left (HarfBuzz accepts null here).
    ~FontFace() {
        hb_font_destroy(font);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }

    bool has(char32_t cp) const {
        hb_codepoint_t g = 0;
        return hb_font_get_nominal_glyph(font, cp, &g) && g != 0;
    }
};

namespace {

constexpr char32_t kFast = 0x2400;

// Faces live as long as the process: every report shares them.
std::mutex g_mutex;
std::map<std::pair<std::string, unsigned>, std::unique_ptr<FontFace>> g_faces;
std::unordered_map<std::uint64_t, const FontFace*> g_fallback;  // (bold, code point) -> face or null
std::map<std::string, std::vector<const FontFace*>> g_folder_fonts;
std::vector<const FontFace*> g_found[2];  // fallback faces in use, per weight: asked first

int16_t be16(const char* p) { return int16_t((uint8_t(p[0]) << 8) | uint8_t(p[1])); }

const FontFace* load_face_locked(const std::string& path, unsigned index) {
    auto key = std::make_pair(path, index);
    if (auto it = g_faces.find(key); it != g_faces.end()) return it->second.get();
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!blob) {
        g_faces[key] = nullptr;
        return nullptr;
    }
    auto f = std::make_unique<FontFace>();
    f->path = path;
    f->index = index;
    f->blob = blob;
    f->face = hb_face_create(blob, index);
    if (hb_face_get_glyph_count(f->face) == 0) {  // f frees its face and blob
        g_faces[key] = nullptr;
        return nullptr;
    }
    f->font = hb_font_create(f->face);
    hb_font_make_immutable(f->font);
    FaceMetrics& m = f->metrics;
    m.units_per_em = hb_face_get_upem(f->face);
    hb_font_extents_t ext{};
    hb_font_get_h_extents(f->font, &ext);
    m.ascent = ext.ascender;
    m.descent = ext.descender;
    hb_position_t cap = 0;
    m.cap_height = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) ? cap : m.ascent * 0.7;
    hb_blob_t* head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len = 0;
    const char* d = hb_blob_get_data(head, &len);
    if (len >= 44)
        for (int i = 0; i < 4; ++i) m.bbox[i] = be16(d + 36 + 2 * i);
    hb_blob_destroy(head);
    hb_blob_t* cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
    m.cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    char name[128];
    unsigned name_len = sizeof name;
    if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_len, name) > 0)
        m.postscript_name.assign(name, name_len);
    if (m.postscript_name.empty()) m.postscript_name = fs::path(path).stem().string();
    for (char& c : m.postscript_name)
        if (c <= ' ' || c > '~' || std::string_view("()<>[]{}/%#").find(c) != std::string_view::npos) c = '-';
    f->bold = hb_style_get_value(f->font, HB_STYLE_TAG_WEIGHT) >= 600;
    const FontFace* out = f.get();
    g_faces[key] = std::move(f);
    return out;
}

void fill_fast_table(FontFace& f) {
    f.fast.assign(kFast, {0, 0});
    for (char32_t cp = 0x20; cp < kFast; ++cp) {
        hb_codepoint_t g = 0;
        if (hb_font_get_nominal_glyph(f.font, cp, &g)) f.fast[cp] = {g, hb_font_get_glyph_h_advance(f.font, g)};
    }
}

bool is_font_file(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".ttf" || ext == ".otf" || ext == ".ttc" || ext == ".otc";
}

// The fonts of the fonts folders (a Windows install ships its own), in name order.
const std::vector<const FontFace*>& folder_fonts_locked(const std::vector<std::string>& dirs) {
    std::string key;
    for (const auto& d : dirs) key += d + "\n";
    if (auto it = g_folder_fonts.find(key); it != g_folder_fonts.end()) return it->second;
    std::vector<const FontFace*> out;
    for (const auto& d : dirs) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(d, ec))
            if (e.is_regular_file(ec) && is_font_file(e.path())) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& p : files) {
            hb_blob_t* blob = hb_blob_create_from_file_or_fail(p.string().c_str());
            unsigned faces = blob ? hb_face_count(blob) : 0;
            if (blob) hb_blob_destroy(blob);
            for (unsigned i = 0; i < std::max(faces, 1u); ++i)
                if (const FontFace* f = load_face_locked(p.string(), i)) out.push_back(f);
        }
    }
    return g_folder_fonts[key] = std::move(out);
}

#ifdef FIDELITY_HAVE_FONTCONFIG
const FontFace* fontconfig_face_locked(char32_t cp, bool bold) {
    static bool ok = FcInit();
    if (!ok) return nullptr;
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>("DejaVu Sans"));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcCharSet* cs = FcCharSetCreate();
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcCharSetDestroy(cs);
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet* set = FcFontSort(nullptr, pat, FcFalse, nullptr, &res);
    FcPatternDestroy(pat);
    const FontFace* found = nullptr;
    for (int i = 0; set && i < set->nfont && !found; ++i) {
        FcPattern* p = set->fonts[i];
        FcCharSet* c = nullptr;
        FcBool color = FcFalse, outline = FcTrue;
        FcPatternGetBool(p, FC_COLOR, 0, &color);
        FcPatternGetBool(p, FC_OUTLINE, 0, &outline);
        if (color || !outline) continue;  // bitmap emoji cannot be embedded as outlines
        if (FcPatternGetCharSet(p, FC_CHARSET, 0, &c) != FcResultMatch || !FcCharSetHasChar(c, cp)) continue;
        FcChar8* file = nullptr;
        int index = 0;
        if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch) continue;
        FcPatternGetInteger(p, FC_INDEX, 0, &index);
        if (!is_font_file(reinterpret_cast<const char*>(file))) continue;
        const FontFace* f = load_face_locked(reinterpret_cast<const char*>(file), unsigned(index));
        if (f && f->has(cp)) found = f;
    }
    if (set) FcFontSetDestroy(set);
    return found;
}
#endif

// A face that has `cp`: the fonts folders first (the same weight, then any),
// then fontconfig. Null when no font has it.
const FontFace* fallback_for(char32_t cp, bool bold, const std::vector<std::string>& dirs) {
    std::lock_guard lock(g_mutex);
    std::uint64_t key = (std::uint64_t(bold) << 32) | cp;
    if (auto it = g_fallback.find(key); it != g_fallback.end()) return it->second;
    const FontFace* found = nullptr;
    // A face already in use that has the character keeps a text in one font
    // and spares a fontconfig query per character (Chinese has thousands).
    for (const FontFace* f : g_found[bold])
        if (f->has(cp)) {
            g_fallback[key] = f;
            return f;
        }
    std::vector<std::string> own;
    for (const auto& d : dirs)
        if (d != "/usr/share/fonts/truetype/dejavu") own.push_back(d);
    const auto& folder = folder_fonts_locked(own);
    for (int pass = 0; pass < 2 && !found; ++pass)
        for (const FontFace* f : folder)
            if ((pass == 1 || f->bold == bold) && f->has(cp)) {
                found = f;
                break;
            }
#ifdef FIDELITY_HAVE_FONTCONFIG
    if (!found) found = fontconfig_face_locked(cp, bold);
#endif
    if (found) g_found[bold].push_back(found);
    g_fallback[key] = found;
    return found;
}

struct CodePoint {
    char32_t cp;
    size_t at, len;  // bytes in the text
};

std::vector<CodePoint> decode_all(std::string_view s) {
    std::vector<CodePoint> out;
    for (size_t i = 0; i < s.size();) {
        size_t at = i;
        char32_t cp = next_code_point(s, i);
        out.push_back({cp, at, i - at});
    }
    return out;
}

bool fast_ok(const FontFace& f, char32_t cp) {
    if (cp >= kFast || f.fast[cp].first == 0) return false;
    if (cp >= 0x0300 && cp < 0x2000) return false;  // combining marks, scripts that shape
    return !(cp >= 0x200B && cp <= 0x200F) && !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069);
}

bool joins_previous(char32_t cp) {
    auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK || cp == 0x200C || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

std::string hex_name(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "[U+%04X]", unsigned(cp));
    return buf;
}

}  // namespace

const FaceMetrics& metrics_of(const FontFace& f) { return f.metrics; }

int glyph_advance(const FontFace& f, unsigned gid) { return hb_font_get_glyph_h_advance(f.font, gid); }

std::vector<std::string> font_dirs(const std::string& data_dir) {
    std::vector<std::string> out;
    if (const char* env = std::getenv("FIDELITY_FONT_DIR"); env && *env) out.push_back(env);
    if (!data_dir.empty()) {
        std::error_code ec;
        fs::path p = fs::path(data_dir) / "fonts";
        if (fs::is_directory(p, ec)) out.push_back(p.string());
    }
    out.push_back("/usr/share/fonts/truetype/dejavu");
    return out;
}

Shaper::Shaper(const std::string& data_dir) : dirs_(font_dirs(data_dir)) {
    const char* files[2] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    std::lock_guard lock(g_mutex);
    for (int i = 0; i < 2; ++i) {
        main_[i] = nullptr;
        for (const auto& d : dirs_) {
            fs::path p = fs::path(d) / files[i];
            std::error_code ec;
            if (!fs::is_regular_file(p, ec)) continue;
            if (const FontFace* f = load_face_locked(p.string(), 0)) {
                if (f->fast.empty()) fill_fast_table(const_cast<FontFace&>(*f));
                main_[i] = f;
                break;
            }
        }
        if (!main_[i]) {
            std::string where;
            for (const auto& d : dirs_) where += (where.empty() ? "" : ", ") + d;
            throw std::runtime_error(std::string("font file ") + files[i] + " not found in " + where +
                                     " (install fonts-dejavu-core, or set FIDELITY_FONT_DIR)");
        }
    }
}

double Shaper::ascent(Font font) const {
    const auto& m = main_[int(font)]->metrics;
    return m.ascent / m.units_per_em;
}
double Shaper::descent(Font font) const {
    const auto& m = main_[int(font)]->metrics;
    return -m.descent / m.units_per_em;
}

double Shaper::width(std::string_view text, Font font) const {
    const FontFace& f = *main_[int(font)];
    int units = 0;
    bool fast = true;
    for (size_t i = 0; i < text.size() && fast;) {
        char32_t cp = next_code_point(text, i);
        if (fast_ok(f, cp)) units += f.fast[cp].second;
        else fast = false;
    }
    if (fast) return double(units) / f.metrics.units_per_em;
    auto key = std::make_pair(std::string(text), int(font));
    if (auto it = widths_.find(key); it != widths_.end()) return it->second;
    double w = 0;
    for (const auto& r : shape(text, font)) w += r.width;
    widths_.emplace(std::move(key), w);
    return w;
}

bool starts_right_to_left(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        char32_t cp = next_code_point(text, i);
        FriBidiCharType t = fribidi_get_bidi_type(FriBidiChar(cp));
        if (t == FRIBIDI_TYPE_LTR) return false;
        if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) return true;
    }
    return false;
}

std::vector<ShapedRun> Shaper::shape(std::string_view text, Font font, Direction dir) const {
    const FontFace* main = main_[int(font)];
    const bool bold = font == Font::bold;
    std::vector<CodePoint> cps = decode_all(text);
    std::vector<ShapedRun> out;
    if (cps.empty()) return out;

    bool fast = true;
    for (const auto& c : cps) fast = fast && fast_ok(*main, c.cp);
    if (fast) {
        ShapedRun r;
        r.face = main;
        r.text = std::string(text);
        int units = 0;
        for (const auto& c : cps) {
            auto [g, adv] = main->fast[c.cp];
            r.glyphs.push_back({g, unsigned(c.at), adv, 0, 0});
            units += adv;
        }
        r.width = double(units) / main->metrics.units_per_em;
        out.push_back(std::move(r));
        return out;
    }

    // Embedding levels (FriBidi), then a face and a script per code point.
    const size_t n = cps.size();
    std::vector<FriBidiChar> u(n);
    for (size_t i = 0; i < n; ++i) u[i] = FriBidiChar(cps[i].cp);
    std::vector<FriBidiCharType> types(n);
    std::vector<FriBidiBracketType> brackets(n);
    std::vector<FriBidiLevel> levels(n);
    fribidi_get_bidi_types(u.data(), FriBidiStrIndex(n), types.data());
    fribidi_get_bracket_types(u.data(), FriBidiStrIndex(n), types.data(), brackets.data());
    FriBidiParType base = dir == Direction::rtl ? FRIBIDI_PAR_RTL : dir == Direction::ltr ? FRIBIDI_PAR_LTR : FRIBIDI_PAR_ON;
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), FriBidiStrIndex(n), &base, levels.data()))
        std::fill(levels.begin(), levels.end(), 0);

    hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
    std::vector<const FontFace*> faces(n);
    std::vector<hb_script_t> scripts(n);
    for (size_t i = 0; i < n; ++i) {
        char32_t cp = cps[i].cp;
        hb_script_t sc = hb_unicode_script(uf, cp);
        bool common = sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN;
        scripts[i] = common && i > 0 ? scripts[i - 1] : sc;
        const FontFace* prev = i > 0 ? faces[i - 1] : nullptr;
        if (prev && joins_previous(cp) && (prev->has(cp) || cp == 0x200D || cp >= 0xFE00)) faces[i] = prev;
        else if (prev && prev != main && common && prev->has(cp)) faces[i] = prev;
        else if (main->has(cp)) faces[i] = main;
        else faces[i] = fallback_for(cp, bold, dirs_);
    }
    // Leading common characters (digits, punctuation) take the script that follows them.
    size_t first_real = 0;
    while (first_real < n && (scripts[first_real] == HB_SCRIPT_COMMON || scripts[first_real] == HB_SCRIPT_INHERITED ||
                              scripts[first_real] == HB_SCRIPT_UNKNOWN))
        ++first_real;
    for (size_t i = 0; i < first_real && first_real < n; ++i) scripts[i] = scripts[first_real];

    // Runs of one level, face and script, in logical order.
    struct Span {
        size_t from, to;  // code points
        int level;
    };
    std::vector<Span> spans;
    for (size_t i = 0; i < n; ++i) {
        if (!spans.empty() && spans.back().level == levels[i] && faces[spans.back().from] == faces[i] &&
            scripts[spans.back().from] == scripts[i] && faces[i])
            spans.back().to = i + 1;
        else
            spans.push_back({i, i + 1, levels[i]});
    }
    // Visual order (rule L2): reverse every sequence at each level from the highest to the lowest odd one.
    int hi = 0, lo_odd = 255;
    for (const auto& s : spans) {
        hi = std::max(hi, s.level);
        if (s.level % 2) lo_odd = std::min(lo_odd, s.level);
    }
    for (int lv = hi; lv >= lo_odd && lv > 0; --lv) {
        for (size_t i = 0; i < spans.size();) {
            if (spans[i].level < lv) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < spans.size() && spans[j].level >= lv) ++j;
            std::reverse(spans.begin() + long(i), spans.begin() + long(j));
            i = j;
        }
    }

    hb_buffer_t* buf = hb_buffer_create();
    for (const auto& s : spans) {
        ShapedRun r;
        r.rtl = s.level % 2 == 1;
        size_t b0 = cps[s.from].at, b1 = cps[s.to - 1].at + cps[s.to - 1].len;
        r.text = std::string(text.substr(b0, b1 - b0));
        const FontFace* face = faces[s.from];
        if (!face) {
            // No font has it: say which character, visibly, and keep the character for copying.
            std::string shown;
            for (size_t i = s.from; i < s.to; ++i) shown += hex_name(cps[i].cp);
            r.face = main;
            r.replaced = true;
            int units = 0;
            for (size_t i = 0; i < shown.size(); ++i) {
                auto [g, adv] = main->fast[static_cast<unsigned char>(shown[i])];
                r.glyphs.push_back({g, 0, adv, 0, 0});
                units += adv;
            }
            r.width = double(units) / main->metrics.units_per_em;
            out.push_back(std::move(r));
            continue;
        }
        r.face = face;
        hb_buffer_clear_contents(buf);
        hb_buffer_add_utf8(buf, text.data(), int(text.size()), unsigned(b0), int(b1 - b0));
        hb_buffer_set_direction(buf, r.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_set_script(buf, scripts[s.from]);
        hb_buffer_set_language(buf, hb_language_from_string("en", -1));
        hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        hb_shape(face->font, buf, nullptr, 0);
        unsigned count = 0;
        hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
        hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
        int units = 0;
        for (unsigned k = 0; k < count; ++k) {
            r.glyphs.push_back({info[k].codepoint, unsigned(info[k].cluster - b0), pos[k].x_advance, pos[k].x_offset,
                                pos[k].y_offset});
            units += pos[k].x_advance;
        }
        r.width = double(units) / face->metrics.units_per_em;
        out.push_back(std::move(r));
    }
    hb_buffer_destroy(buf);
    return out;
}

namespace {
std::mutex g_subset_mutex;
std::map<std::pair<const FontFace*, std::vector<unsigned>>, std::shared_ptr<const Subset>> g_subsets;
}  // namespace

std::shared_ptr<const Subset> subset_face(const FontFace& f, const std::vector<unsigned>& gids_in) {
    std::vector<unsigned> gids = gids_in;
    gids.push_back(0);
    std::sort(gids.begin(), gids.end());
    gids.erase(std::unique(gids.begin(), gids.end()), gids.end());
    auto key = std::make_pair(&f, gids);
    {
        std::lock_guard lock(g_subset_mutex);
        if (auto it = g_subsets.find(key); it != g_subsets.end()) return it->second;
    }
    hb_subset_input_t* in = hb_subset_input_create_or_fail();
    if (!in) throw std::runtime_error("cannot subset the font " + f.path);
    hb_set_t* glyphs = hb_subset_input_glyph_set(in);
    for (unsigned g : gids) hb_set_add(glyphs, g);
    hb_set_clear(hb_subset_input_unicode_set(in));
    // A PDF draws glyph ids: shaping tables and hints are dead weight there.
    hb_set_t* drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (hb_tag_t t : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                       HB_TAG('k', 'e', 'r', 'n'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
                       HB_TAG('M', 'A', 'T', 'H'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('v', 'h', 'e', 'a'),
                       HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('f', 'p', 'g', 'm'),
                       HB_TAG('p', 'r', 'e', 'p'), HB_TAG('c', 'v', 't', ' '), HB_TAG('h', 'd', 'm', 'x'),
                       HB_TAG('L', 'T', 'S', 'H'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('F', 'F', 'T', 'M'),
                       HB_TAG('m', 'o', 'r', 'x'), HB_TAG('G', 'S', 'U', 'B')})
        hb_set_add(drop, t);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_subset_plan_t* plan = hb_subset_plan_create_or_fail(f.face, in);
    hb_subset_input_destroy(in);
    if (!plan) throw std::runtime_error("cannot subset the font " + f.path);
    auto out = std::make_shared<Subset>();
    const hb_map_t* map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (unsigned g : gids) {
        hb_codepoint_t ng = hb_map_get(map, g);
        if (ng != HB_MAP_VALUE_INVALID) out->new_gid[g] = ng;
    }
    hb_face_t* sub = hb_subset_plan_execute_or_fail(plan);
    hb_subset_plan_destroy(plan);
    if (!sub) throw std::runtime_error("cannot subset the font " + f.path);
    hb_blob_t* blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char* data = hb_blob_get_data(blob, &len);
    out->bytes.assign(data, len);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    std::lock_guard lock(g_subset_mutex);
    if (g_subsets.size() > 64) g_subsets.clear();  // a batch reuses the latest ones
    g_subsets.emplace(std::move(key), out);
    return out;
}

}  // namespace fw::reports

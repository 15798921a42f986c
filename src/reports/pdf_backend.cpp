#include "pdf_backend.hpp"

#include <podofo/podofo.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "core/catalog.hpp"
#include "core/error.hpp"
#include "platform/platform.hpp"

namespace fw::reports {
using namespace PoDoFo;

namespace {

// PoDoFo prints its own error log to stderr; the callers report errors.
void quiet_podofo() {
    static std::once_flag once;
    std::call_once(once, [] {
        PdfError::EnableLogging(false);
        PdfError::EnableDebug(false);
    });
}

std::string describe(const PdfError& e) {
    const char* name = PdfError::ErrorName(e.GetError());
    std::string s = name ? name : "PoDoFo error";
    if (!e.GetCallstack().empty()) {
        const std::string& info = e.GetCallstack().front().GetInformation();
        if (!info.empty()) s += ": " + info;
    }
    return s;
}

PdfString utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

struct FontFile {
    const char* name;
    const char* file;
};
constexpr std::array<FontFile, 2> kFonts{{
    {"DejaVu Sans", "DejaVuSans.ttf"},
    {"DejaVu Sans Bold", "DejaVuSans-Bold.ttf"},
}};

}  // namespace

std::string font_dir() {
    if (const char* env = std::getenv("FIDELITY_FONT_DIR"); env && *env) return env;
    // The Windows installer ships the fonts with the data; Debian has them
    // in fonts-dejavu-core.
    namespace fs = std::filesystem;
    fs::path shipped = platform::to_path(Catalog::default_data_dir()) / "fonts";
    std::error_code ec;
    if (fs::is_regular_file(shipped / kFonts[0].file, ec)) return platform::to_utf8(shipped);
    return "/usr/share/fonts/truetype/dejavu";
}

struct PdfBackend::Impl {
    PdfMemDocument doc;
    std::array<PdfFont*, kFonts.size()> fonts{};
    std::array<double, kFonts.size()> ascent{}, descent{};  // at size 1
    // Advance widths at size 1, per code point: wrapping measures every word.
    mutable std::array<std::unordered_map<char32_t, double>, kFonts.size()> widths;
    bool written = false;

    double char_width(int f, char32_t cp) const {
        auto& cache = widths[size_t(f)];
        if (auto it = cache.find(cp); it != cache.end()) return it->second;
        PdfFont* font = fonts[size_t(f)];
        font->SetFontSize(1.0f);
        double w = font->GetFontMetrics()->UnicodeCharWidth(static_cast<unsigned short>(cp));
        cache.emplace(cp, w);
        return w;
    }
};

PdfBackend::PdfBackend() : impl_(std::make_unique<Impl>()) {
    quiet_podofo();
    namespace fs = std::filesystem;
    try {
        for (size_t i = 0; i < kFonts.size(); ++i) {
            std::string p = platform::to_utf8(platform::to_path(font_dir()) / kFonts[i].file);
            std::error_code ec;
            if (!fs::is_regular_file(platform::to_path(p), ec))
                throw std::runtime_error("font file " + p +
                                         " not found (install fonts-dejavu-core, or set FIDELITY_FONT_DIR)");
            // PoDoFo hands the name to FreeType, which opens it with fopen.
            PdfFont* f = impl_->doc.CreateFontSubset(kFonts[i].name, i == 1, false, false,
                                                     PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                                                     platform::path_for_narrow_api(p).c_str());
            if (!f) throw std::runtime_error("cannot load the font " + p);
            impl_->fonts[i] = f;
            f->SetFontSize(1.0f);
            impl_->ascent[i] = f->GetFontMetrics()->GetAscent();
            impl_->descent[i] = -f->GetFontMetrics()->GetDescent();
        }
    } catch (const PdfError& e) {
        throw std::runtime_error("cannot prepare the PDF fonts: " + describe(e));
    }
}

PdfBackend::~PdfBackend() = default;

double PdfBackend::width(std::string_view text, Font font, double size) const {
    double w = 0;
    for (size_t i = 0; i < text.size();) w += impl_->char_width(int(font), next_code_point(text, i));
    return w * size;
}

double PdfBackend::ascent(Font font, double size) const { return impl_->ascent[size_t(font)] * size; }
double PdfBackend::descent(Font font, double size) const { return impl_->descent[size_t(font)] * size; }

std::string PdfBackend::write(const Drawing& d) {
    if (impl_->written) throw std::logic_error("PdfBackend::write called twice");
    impl_->written = true;
    try {
        PdfMemDocument& doc = impl_->doc;
        for (const Page& pg : d.pages) {
            PdfPage* page = doc.CreatePage(PdfRect(0, 0, pg.width, pg.height));
            PdfPainter p;
            p.SetPage(page);
            const double h = pg.height;
            // The painter writes every state change; skip the ones that change nothing.
            const Op* last_stroke = nullptr;
            const Color* last_fill = nullptr;
            auto set_fill = [&](const Color& c) {
                if (last_fill && *last_fill == c) return;
                p.SetColor(c.r, c.g, c.b);
                last_fill = &c;
            };
            auto set_stroke = [&](const Op& op) {
                if (last_stroke && last_stroke->stroke == op.stroke && last_stroke->line_width == op.line_width &&
                    last_stroke->dashed == op.dashed)
                    return;
                p.SetStrokingColor(op.stroke.r, op.stroke.g, op.stroke.b);
                p.SetStrokeWidth(op.line_width);
                p.SetStrokeStyle(op.dashed ? ePdfStrokeStyle_Custom : ePdfStrokeStyle_Solid, op.dashed ? "[3 2] 0" : nullptr);
                last_stroke = &op;
            };
            for (const Op& op : pg.ops) {
                switch (op.kind) {
                case Op::Kind::text: {
                    PdfFont* f = impl_->fonts[size_t(op.font)];
                    f->SetFontSize(float(op.size));  // shared state: set before every draw
                    p.SetFont(f);
                    set_fill(op.color);
                    p.DrawText(op.x, h - op.y, utf8(op.text));
                    break;
                }
                case Op::Kind::line:
                    set_stroke(op);
                    p.DrawLine(op.x, h - op.y, op.x2, h - op.y2);
                    break;
                case Op::Kind::rect:
                    if (op.fill) set_fill(op.color);
                    if (op.outline) set_stroke(op);
                    p.Rectangle(op.x, h - op.y - op.y2, op.x2, op.y2);
                    if (op.fill && op.outline) p.FillAndStroke();
                    else if (op.fill) p.Fill();
                    else p.Stroke();
                    break;
                }
            }
            p.FinishPage();
        }

        if (!d.bookmarks.empty()) {
            PdfOutlines* outlines = doc.GetOutlines();
            PdfOutlineItem* root = outlines->CreateRoot(utf8(d.info.title));
            PdfOutlineItem* last_top = nullptr;
            PdfOutlineItem* last_child = nullptr;
            for (const Bookmark& b : d.bookmarks) {
                if (b.page < 0 || b.page >= doc.GetPageCount()) continue;
                // Ask the document again: page objects from CreatePage do not live long in 0.9.8.
                PdfDestination dest(doc.GetPage(b.page), 0, d.pages[size_t(b.page)].height - b.y + 4, 0);
                if (b.level == 0 || !last_top) {
                    last_top = last_top ? last_top->CreateNext(utf8(b.title), dest) : root->CreateChild(utf8(b.title), dest);
                    last_child = nullptr;
                } else {
                    last_child = last_child ? last_child->CreateNext(utf8(b.title), dest)
                                            : last_top->CreateChild(utf8(b.title), dest);
                }
            }
        }

        PdfInfo* info = doc.GetInfo();
        info->SetTitle(utf8(d.info.title));
        info->SetAuthor(utf8(d.info.author));
        info->SetSubject(utf8(d.info.subject));
        info->SetKeywords(utf8(d.info.keywords));
        info->SetCreator(utf8(d.info.creator));
        if (d.info.created_iso.size() == 10) {
            // The report's own date, so the same review gives the same file.
            std::string iso = d.info.created_iso;
            info->GetObject()->GetDictionary().AddKey(
                PdfName("CreationDate"),
                PdfString("D:" + iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "000000Z"));
        }
        for (const auto& [key, value] : d.info.custom) info->SetCustomKey(PdfName(key), PdfString(value));

        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        return std::string(buffer.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw std::runtime_error("cannot write the PDF: " + describe(e));
    }
}

std::map<std::string, std::string> read_pdf_info(const std::string& path) {
    quiet_podofo();
    std::map<std::string, std::string> out;
    try {
        PdfMemDocument doc;
        doc.Load(platform::path_for_narrow_api(path).c_str());  // PoDoFo opens it with fopen
        const PdfObject* obj = doc.GetInfo()->GetObject();
        if (!obj || !obj->IsDictionary()) return out;
        for (const auto& [name, value] : obj->GetDictionary().GetKeys()) {
            if (value && value->IsString()) out[name.GetName()] = value->GetString().GetStringUtf8();
        }
    } catch (const PdfError& e) {
        throw InputError(path, Problem{{}, "cannot be read as a PDF (" + describe(e) + ")"});
    }
    return out;
}

}  // namespace fw::reports

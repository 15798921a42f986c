#pragma once
// The only place that knows PoDoFo (0.9.8): turns a Drawing into a tagged
// PDF 1.7 (PDF/UA-1 structure: structure tree, marked content, artifacts,
// language, title, XMP metadata, bookmarks) with its fonts embedded as
// CID fonts subset by HarfBuzz, and reads a PDF's Info dictionary back.
// PoDoFo 0.9.8 has no tagging or CID font API: the dictionaries are written
// here through its object layer.
#include <map>
#include <memory>
#include <string>

#include "canvas.hpp"
#include "text_shaping.hpp"

namespace fw::reports {

class PdfBackend final : public Measure {
public:
    // Loads the fonts (text_shaping.hpp: the fonts folders, then fontconfig).
    // Throws std::runtime_error naming a missing font file.
    explicit PdfBackend(const std::string& data_dir = {});

    double width(std::string_view text, Font font, double size) const override;
    double ascent(Font font, double size) const override;
    double descent(Font font, double size) const override;

    // The whole PDF file.
    std::string write(const Drawing& drawing) const;

private:
    Shaper shaper_;
};

// The Info dictionary of a PDF file as text (keys without the slash).
// Throws InputError naming the file when it cannot be read as a PDF.
std::map<std::string, std::string> read_pdf_info(const std::string& path);

}  // namespace fw::reports

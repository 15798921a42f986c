#pragma once
// The only place that knows PoDoFo (0.9.8): embeds the DejaVu fonts as
// subsets with identity encoding, measures text with their metrics, turns a
// Drawing into PDF bytes, and reads a PDF's Info dictionary back.
#include <map>
#include <memory>
#include <string>

#include "canvas.hpp"

namespace fw::reports {

// Where the DejaVu TrueType files are: $FIDELITY_FONT_DIR, else
// /usr/share/fonts/truetype/dejavu (Debian's fonts-dejavu-core).
std::string font_dir();

class PdfBackend final : public Measure {
public:
    // Loads the fonts (regular, bold). Throws std::runtime_error
    // naming a missing font file.
    PdfBackend();
    ~PdfBackend() override;
    PdfBackend(const PdfBackend&) = delete;
    PdfBackend& operator=(const PdfBackend&) = delete;

    double width(std::string_view text, Font font, double size) const override;
    double ascent(Font font, double size) const override;
    double descent(Font font, double size) const override;

    // The whole PDF file. Call once per backend.
    std::string write(const Drawing& drawing);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The Info dictionary of a PDF file as text (keys without the slash).
// Throws InputError naming the file when it cannot be read as a PDF.
std::map<std::string, std::string> read_pdf_info(const std::string& path);

}  // namespace fw::reports
